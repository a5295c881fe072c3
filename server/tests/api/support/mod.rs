//! Starts the real server on port 0 with a fresh database and demo data,
//! and talks to it over HTTP like a browser would. The database is a SQLite
//! file, or with `BAEDAL_TEST_ENGINE=postgres` a PostgreSQL database of its
//! own (see `storage_postgres::testing`).
#![allow(dead_code)]

pub mod payments;
pub mod process;
pub mod provider;
pub mod push_service;

use std::time::Duration;

use app::error::AppError;
use futures::StreamExt;
use leptos::config::LeptosOptions;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use server::config::Config;
use server::seed::DEMO_PASSWORD;

pub struct TestApp {
    pub base: String,
    running: Option<server::Running>,
    database: Database,
    settings: Vec<(&'static str, String)>,
}

/// A test's own database, empty until a server starts on it.
pub struct Database {
    url: String,
    /// The SQLite file's folder, removed with it.
    _folder: Option<tempfile::TempDir>,
}

impl Database {
    pub async fn fresh() -> Database {
        if on_postgres() {
            return Database {
                url: storage_postgres::testing::fresh_database("server").await,
                _folder: None,
            };
        }
        let folder = tempfile::tempdir().expect("a temporary folder");
        Database {
            url: format!("sqlite://{}", folder.path().join("baedal.db").display()),
            _folder: Some(folder),
        }
    }

    /// A fresh PostgreSQL database, whatever engine the suite runs on.
    pub async fn fresh_postgres() -> Database {
        Database {
            url: storage_postgres::testing::fresh_database("instances").await,
            _folder: None,
        }
    }

    /// The same database, for another server instance.
    pub fn shared(&self) -> Database {
        assert!(
            self._folder.is_none(),
            "a SQLite file is one server's alone"
        );
        Database {
            url: self.url.clone(),
            _folder: None,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A pool for reading or changing the database behind the server's back.
    pub async fn pool(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.url)
            .await
            .expect("the test database opens")
    }
}

/// Whether the suite runs on PostgreSQL (`BAEDAL_TEST_ENGINE=postgres`).
pub fn on_postgres() -> bool {
    std::env::var("BAEDAL_TEST_ENGINE").is_ok_and(|engine| engine == "postgres")
}

pub async fn spawn_app() -> TestApp {
    start_with(Database::fresh().await, &[]).await
}

/// `count` server instances on one fresh PostgreSQL database, as a gateway
/// would have them; the first one seeds the demo data.
pub async fn spawn_instances(count: usize) -> Vec<TestApp> {
    let database = Database::fresh_postgres().await;
    let mut instances = Vec::with_capacity(count);
    for _ in 0..count {
        instances.push(start_with(database.shared(), &[]).await);
    }
    instances
}

/// Starts a server with these settings on top of the test defaults.
pub async fn spawn_app_with(settings: &[(&'static str, String)]) -> TestApp {
    start_with(Database::fresh().await, settings).await
}

async fn start_with(database: Database, settings: &[(&'static str, String)]) -> TestApp {
    let mut values: std::collections::HashMap<String, String> = [
        ("BAEDAL_DATABASE_URL", database.url.clone()),
        ("BAEDAL_ADDR", "127.0.0.1:0".to_owned()),
        ("BAEDAL_DEMO", "1".to_owned()),
        ("BAEDAL_SESSION_HOURS", "1".to_owned()),
        // Tests sign in and order far faster than people; rate_limits.rs sets its own.
        ("BAEDAL_SIGN_IN_PER_MINUTE", "10000".to_owned()),
        ("BAEDAL_ORDERS_PER_MINUTE", "10000".to_owned()),
        ("BAEDAL_SIGN_UPS_PER_HOUR", "10000".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    values.extend(settings.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    let config = Config::from_lookup("127.0.0.1:0".parse().expect("an address"), |name| {
        values.get(name).cloned()
    })
    .expect("a valid configuration");
    let leptos = LeptosOptions::builder().output_name("baedal").build();
    let running = server::start(config, leptos)
        .await
        .expect("the server starts");
    TestApp {
        base: format!("http://{}", running.addr),
        running: Some(running),
        database,
        settings: settings.to_vec(),
    }
}

impl TestApp {
    pub fn visitor(&self) -> Session {
        Session {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("an HTTP client"),
            base: self.base.clone(),
        }
    }

    /// Signs up a new customer in Hongdae, a neighbour of `customer1` and of
    /// store 1, with a password of their own.
    pub async fn sign_up_neighbour(&self, email: &str) -> Session {
        self.sign_up(email, "quiet-radish-lantern-77")
            .await
            .unwrap_or_else(|failure| panic!("signing up {email}: {failure:?}"))
    }

    /// Signs up a new customer in Hongdae with `password`.
    pub async fn sign_up(&self, email: &str, password: &str) -> Result<Session, Failure> {
        let session = self.visitor();
        let response = session
            .client
            .post(format!("{}/api/sign_up", self.base))
            .form(&[
                ("email", email),
                ("name", "새 손님"),
                ("password", password),
                ("area", "hongdae"),
                ("address", "서울 마포구 어울마당로 1"),
            ])
            .send()
            .await
            .expect("sign-up answers");
        let status = response.status().as_u16();
        if status == 200 {
            return Ok(session);
        }
        let body = response.text().await.expect("a body");
        let error = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("sign-up failed with {body}: {e}"));
        Err(Failure { status, error })
    }

    pub async fn sign_in(&self, email: &str) -> Session {
        self.sign_in_with(email, DEMO_PASSWORD).await
    }

    pub async fn sign_in_with(&self, email: &str, password: &str) -> Session {
        Session::signed_in(&self.base, email, password).await
    }

    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
    }

    /// Stops the server and starts a new one on the same database.
    pub async fn restart(self) -> TestApp {
        self.stop_keeping_data().await.start().await
    }

    /// Stops the server but keeps its database for a later start.
    pub async fn stop_keeping_data(mut self) -> StoppedApp {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        StoppedApp {
            database: self.database,
            settings: self.settings,
        }
    }

    pub fn database(&self) -> &Database {
        &self.database
    }
}

/// A stopped server's database, ready to start again.
pub struct StoppedApp {
    database: Database,
    settings: Vec<(&'static str, String)>,
}

impl StoppedApp {
    pub fn database(&self) -> &Database {
        &self.database
    }

    pub async fn start(self) -> TestApp {
        start_with(self.database, &self.settings).await
    }
}

#[derive(Debug)]
pub struct Session {
    pub client: reqwest::Client,
    pub base: String,
}

/// A failed call: the HTTP status and the typed error the body carries.
#[derive(Debug)]
pub struct Failure {
    pub status: u16,
    pub error: AppError,
}

impl Session {
    /// A browser at `base` signed in as `email`.
    pub async fn signed_in(base: &str, email: &str, password: &str) -> Session {
        let session = Session {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("an HTTP client"),
            base: base.to_owned(),
        };
        let response = session
            .client
            .post(format!("{base}/api/sign_in"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("sign-in answers");
        assert!(
            response.status().is_success(),
            "signing in {email}: {}",
            response.status()
        );
        session
    }

    /// The body of `GET path`, whatever its status.
    pub async fn text_of(&self, path: &str) -> String {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("the server answers")
            .text()
            .await
            .expect("a body")
    }

    /// Calls a server function with a JSON body.
    pub async fn call<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        args: Value,
    ) -> Result<T, Failure> {
        let response = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .json(&args)
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        let body = response.text().await.expect("a body");
        if (200..300).contains(&status) {
            Ok(serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("{endpoint} answered {body}: {e}")))
        } else {
            let error = serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("{endpoint} failed with {body}: {e}"));
            Err(Failure { status, error })
        }
    }

    pub async fn ok<T: DeserializeOwned>(&self, endpoint: &str, args: Value) -> T {
        match self.call(endpoint, args).await {
            Ok(value) => value,
            Err(failure) => panic!("{endpoint} failed: {failure:?}"),
        }
    }

    pub async fn command(
        &self,
        order: i64,
        command: Value,
    ) -> Result<app::model::OrderView, Failure> {
        self.call(
            "order_command",
            json!({ "order": order, "command": command }),
        )
        .await
    }

    /// Puts this rider on duty at a position.
    pub async fn on_duty_at(&self, lat: f64, lon: f64) {
        let () = self
            .ok(
                "set_duty",
                json!({ "on_duty": true, "position": [lat, lon], "area": null }),
            )
            .await;
    }

    pub async fn status_of(&self, order: i64) -> String {
        let view: Value = self.ok("get_order", json!({ "order": order })).await;
        view["order"]["status"]
            .as_str()
            .expect("a status")
            .to_owned()
    }

    /// Places an order of the first two dishes of a store's menu.
    pub async fn place_order(&self, store: i64) -> i64 {
        let menu: Value = self.ok("store_menu", json!({ "store": store })).await;
        let key = format!("test-{}", rand_key());
        self.ok("place_order", order_body(store, usual_lines(&menu), &key))
            .await
    }

    /// Places the usual order from `store`, delivered to an address the
    /// customer saves beside the store (their office, say): stores deliver
    /// only within their radius, and the demo customers live in one
    /// neighbourhood each.
    pub async fn place_order_beside(&self, store: i64) -> i64 {
        let menu: Value = self.ok("store_menu", json!({ "store": store })).await;
        let place = &menu["store"]["place"];
        let office: Value = self
            .ok(
                "save_address",
                json!({ "label": "회사", "address": place["address"], "position": place["location"], "area": null }),
            )
            .await;
        let mut body = order_body(store, usual_lines(&menu), &format!("test-{}", rand_key()));
        body["request"]["address"] = office["id"].clone();
        self.ok("place_order", body).await
    }

    /// The same browser talking to another server instance.
    pub fn on(&self, app: &TestApp) -> Session {
        Session {
            client: self.client.clone(),
            base: app.base.clone(),
        }
    }

    /// Opens the live stream and returns its `change` events as they come.
    pub async fn live(&self) -> LiveStream {
        self.live_after(None).await
    }

    /// Opens the live stream as a reconnecting client does, with the id of
    /// the last event it saw.
    pub async fn live_after(&self, last_event_id: Option<i64>) -> LiveStream {
        let mut request = self.client.get(format!("{}/api/live", self.base));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = request.send().await.expect("the stream answers");
        assert_eq!(response.status(), 200, "opening the live stream");
        LiveStream {
            bytes: Box::pin(response.bytes_stream()),
            buffer: String::new(),
        }
    }
}

/// Walks a paid order to Delivered: the owner accepts, cooks and finishes,
/// the rider claims, picks up and delivers.
pub async fn deliver(owner: &Session, rider: &Session, order: i64) {
    for command in [
        json!({ "type": "accept", "prep_minutes": 10 }),
        json!({ "type": "start_cooking" }),
        json!({ "type": "finish_cooking" }),
    ] {
        owner.command(order, command).await.unwrap();
    }
    for command in [
        json!({ "type": "claim" }),
        json!({ "type": "pick_up" }),
        json!({ "type": "deliver" }),
    ] {
        rider.command(order, command).await.unwrap();
    }
}

/// The arguments of `place_order` for a cart, to the account's own address,
/// without a coupon.
/// Two of the menu's first dish and one of its second.
fn usual_lines(menu: &Value) -> Value {
    let items = menu["items"].as_array().expect("a menu");
    json!([
        { "item": items[0]["id"], "quantity": 2 },
        { "item": items[1]["id"], "quantity": 1 },
    ])
}

/// The nonce a page's `Content-Security-Policy` allows scripts with.
pub fn nonce_of(policy: &str) -> String {
    policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("a nonce in {policy}"))
        .to_owned()
}

pub fn order_body(store: i64, lines: Value, key: &str) -> Value {
    json!({
        "request": { "store": store, "lines": lines, "address": null, "coupon": null },
        "key": key,
    })
}

pub fn rand_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{nanos:x}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

type ByteStream =
    std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

pub struct LiveStream {
    bytes: ByteStream,
    buffer: String,
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct Sse {
    pub event: String,
    pub id: Option<String>,
    pub data: String,
}

impl LiveStream {
    /// The next event, or `None` if none arrives within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Sse> {
        tokio::time::timeout(wait, self.next()).await.ok().flatten()
    }

    /// Whether the server ends the stream within `wait`.
    pub async fn ends_within(&mut self, wait: Duration) -> bool {
        tokio::time::timeout(wait, async { while self.next().await.is_some() {} })
            .await
            .is_ok()
    }

    /// The next `change` event, skipping `hello`s and keep-alives.
    pub async fn next_change(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let event = self.next_within(left).await?;
            if event.event == "change" {
                return serde_json::from_str(&event.data).ok();
            }
        }
    }

    async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = Sse {
                    event: "message".into(),
                    id: None,
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        event.event = value.trim().to_owned();
                        any = true;
                    } else if let Some(value) = line.strip_prefix("data:") {
                        event.data.push_str(value.trim_start());
                        any = true;
                    } else if let Some(value) = line.strip_prefix("id:") {
                        event.id = Some(value.trim().to_owned());
                    }
                }
                if any {
                    return Some(event);
                }
                continue;
            }
            let chunk = self.bytes.next().await?.ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
