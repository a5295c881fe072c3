//! Accounts and sessions (ASVS V2, V3): sign-up with a password policy,
//! accounts an operator creates, sessions renewed at sign-in and ended by
//! idle and absolute timeouts or everywhere at once, the session cookie, the
//! audit log, the page's Content-Security-Policy, bounded bodies and no state
//! change over GET.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{nonce_of, spawn_app, spawn_app_with, Session, TestApp};

const GOOD_PASSWORD: &str = "blue-kimchi-bicycle-42";

async fn me(session: &Session) -> Value {
    session.ok("current_account", json!({})).await
}

async fn database(app: &TestApp) -> sqlx::AnyPool {
    app.database().pool().await
}

/// Milliseconds since the epoch, as the server counts time.
fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970");
    i64::try_from(since.as_millis()).expect("milliseconds fit")
}

/// The latest audit entries as the operator reads them, oldest first.
async fn audit(app: &TestApp) -> Vec<Value> {
    let operator = app.sign_in("admin@baedal.demo").await;
    let mut entries: Vec<Value> = operator.ok("audit_log", json!({})).await;
    entries.reverse();
    entries
}

fn has_entry(entries: &[Value], action: &str, actor: Option<&str>, subject: &str) -> bool {
    entries.iter().any(|entry| {
        entry["action"] == action
            && entry["actor"] == json!(actor)
            && entry["subject"]
                .as_str()
                .unwrap_or_default()
                .contains(subject)
    })
}

#[tokio::test]
async fn customers_sign_up_and_are_signed_in_at_once() {
    let app = spawn_app().await;
    let session = app
        .sign_up("Minji.Kim@Example.com", GOOD_PASSWORD)
        .await
        .expect("a good sign-up");
    let account = me(&session).await;
    assert_eq!(account["email"], "minji.kim@example.com");
    assert_eq!(account["role"], "customer");
    assert_eq!(account["home"]["address"], "서울 마포구 어울마당로 1");

    // The new customer can order at once, and sign in again later.
    let order = session.place_order(1).await;
    assert_eq!(session.status_of(order).await, "paid");
    let again = app
        .sign_in_with("minji.kim@example.com", GOOD_PASSWORD)
        .await;
    assert_eq!(me(&again).await["email"], "minji.kim@example.com");

    // An email has one account, whatever its case.
    let taken = app
        .sign_up("MINJI.KIM@example.com", "another-good-passphrase-7")
        .await
        .unwrap_err();
    assert_eq!(taken.status, 400);
    assert_eq!(
        serde_json::to_value(&taken.error).unwrap(),
        json!({ "error": "invalid_input", "field": "email_taken" })
    );

    let entries = audit(&app).await;
    assert!(
        has_entry(
            &entries,
            "sign_up",
            Some("minji.kim@example.com"),
            "minji.kim@example.com"
        ),
        "{entries:#?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn sign_up_refuses_weak_passwords_and_bad_fields() {
    let app = spawn_app().await;
    let cases = [
        ("new@example.com", "kimchi-42", "password_too_short"),
        ("new@example.com", "password1234", "password_common"),
        ("new@example.com", "qwertyuiop1234", "password_common"),
        ("new@example.com", "111111111111", "password_common"),
        (
            "newcustomer@example.com",
            "newcustomer2026",
            "password_common",
        ),
        ("not-an-email", GOOD_PASSWORD, "email"),
        ("<script>@example.com", GOOD_PASSWORD, "email"),
    ];
    for (email, password, field) in cases {
        let failure = app.sign_up(email, password).await.unwrap_err();
        assert_eq!(failure.status, 400, "{email} / {password}");
        assert_eq!(
            serde_json::to_value(&failure.error).unwrap(),
            json!({ "error": "invalid_input", "field": field }),
            "{email} / {password}"
        );
    }
    // Fields the form does not have cannot make a customer anything else,
    // and an unknown area is refused.
    let visitor = app.visitor();
    let promoted = visitor
        .client
        .post(format!("{}/api/sign_up", app.base))
        .form(&[
            ("email", "sneaky@example.com"),
            ("name", "Sneaky"),
            ("password", GOOD_PASSWORD),
            ("area", "hongdae"),
            ("address", "1 Somewhere"),
            ("role", "operator"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(promoted.status(), 200, "an unknown field is ignored");
    assert_eq!(me(&visitor).await["role"], "customer");
    let nowhere = app.visitor();
    let response = nowhere
        .client
        .post(format!("{}/api/sign_up", app.base))
        .form(&[
            ("email", "far@example.com"),
            ("name", "Far"),
            ("password", GOOD_PASSWORD),
            ("area", "atlantis"),
            ("address", "1 Deep Street"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "error": "invalid_input", "field": "area" })
    );
    app.stop().await;
}

#[tokio::test]
async fn operators_create_riders_and_store_owners_with_their_first_store() {
    let app = spawn_app().await;
    let operator = app.sign_in("admin@baedal.demo").await;
    let account = |email: &str| {
        json!({
            "email": email,
            "name": "새 식구",
            "password": GOOD_PASSWORD,
            "area": "seongsu",
            "address": "서울 성동구 성수이로 7",
        })
    };
    let _rider: i64 = operator
        .ok(
            "create_account",
            json!({ "role": "rider", "account": account("rider9@example.com"), "store": null }),
        )
        .await;
    let kept_list = app.visitor().text_of("/").await;
    assert!(!kept_list.contains("성수 떡볶이"));
    let _owner: i64 = operator
        .ok(
            "create_account",
            json!({
                "role": "store_owner",
                "account": account("owner9@example.com"),
                "store": { "name": "성수 떡볶이", "category": "분식" },
            }),
        )
        .await;
    assert!(
        app.visitor().text_of("/").await.contains("성수 떡볶이"),
        "the store list kept before shows the new store at once"
    );

    let rider = app.sign_in_with("rider9@example.com", GOOD_PASSWORD).await;
    assert_eq!(me(&rider).await["role"], "rider");
    let _board: Value = rider.ok("rider_board", json!({})).await;

    let owner = app.sign_in_with("owner9@example.com", GOOD_PASSWORD).await;
    let owner_account = me(&owner).await;
    assert_eq!(owner_account["role"], "store_owner");
    let stores = owner_account["stores"].as_array().unwrap().clone();
    assert_eq!(stores.len(), 1);
    let listed: Value = app
        .visitor()
        .ok("list_stores", json!({ "query": {} }))
        .await;
    let store = listed["stores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == stores[0])
        .expect("the new store is listed");
    assert_eq!(store["name"], "성수 떡볶이");
    assert_eq!(store["neighbourhood"], "성수");

    // No other role, an owner needs a store, and an email has one account.
    for (body, field) in [
        (
            json!({ "role": "operator", "account": account("op2@example.com"), "store": null }),
            "role",
        ),
        (
            json!({ "role": "customer", "account": account("c2@example.com"), "store": null }),
            "role",
        ),
        (
            json!({ "role": "store_owner", "account": account("o3@example.com"), "store": null }),
            "store",
        ),
        (
            json!({ "role": "rider", "account": account("rider9@example.com"), "store": null }),
            "email_taken",
        ),
    ] {
        let failure = operator
            .call::<Value>("create_account", body)
            .await
            .unwrap_err();
        assert_eq!(failure.status, 400);
        assert_eq!(
            serde_json::to_value(&failure.error).unwrap(),
            json!({ "error": "invalid_input", "field": field })
        );
    }

    let entries = audit(&app).await;
    assert!(has_entry(
        &entries,
        "account_created",
        Some("admin@baedal.demo"),
        "rider rider9@example.com"
    ));
    assert!(has_entry(
        &entries,
        "account_created",
        Some("admin@baedal.demo"),
        "store_owner owner9@example.com"
    ));
    app.stop().await;
}

/// The raw session token the server set, from a `Set-Cookie` header.
fn session_token(response: &reqwest::Response) -> String {
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| {
            value.starts_with("baedal_session=") || value.starts_with("__Host-baedal_session=")
        })
        .expect("a session cookie")
        .to_owned();
    cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned()
}

async fn sign_in_raw(app: &TestApp, cookie: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(format!("{}/api/sign_in", app.base))
        .form(&[
            ("email", "customer1@baedal.demo"),
            ("password", server::seed::DEMO_PASSWORD),
        ]);
    if let Some(token) = cookie {
        request = request.header("cookie", format!("baedal_session={token}"));
    }
    request.send().await.unwrap()
}

/// Who the server takes a request carrying `cookie=token` for.
async fn account_with_cookie(app: &TestApp, cookie: &str, token: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{}/api/current_account", app.base))
        .header("cookie", format!("{cookie}={token}"))
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn account_with_token(app: &TestApp, token: &str) -> Value {
    account_with_cookie(app, "baedal_session", token).await
}

#[tokio::test]
async fn sign_in_renews_the_session_and_sign_out_everywhere_ends_them_all() {
    let app = spawn_app().await;
    let first = session_token(&sign_in_raw(&app, None).await);
    assert_eq!(first.len(), 64, "256 bits, hex");
    assert_eq!(
        account_with_token(&app, &first).await["email"],
        "customer1@baedal.demo"
    );

    // Signing in again from a browser that has a session gives a new one and
    // ends the old one, so a session fixed before sign-in is worth nothing.
    let second = session_token(&sign_in_raw(&app, Some(&first)).await);
    assert_ne!(first, second);
    assert_eq!(account_with_token(&app, &first).await, Value::Null);
    assert_eq!(
        account_with_token(&app, &second).await["email"],
        "customer1@baedal.demo"
    );

    let phone = app.sign_in("customer1@baedal.demo").await;
    let laptop = app.sign_in("customer1@baedal.demo").await;
    let other_customer = app.sign_in("customer2@baedal.demo").await;
    let ended: u64 = laptop.ok("sign_out_everywhere", json!({})).await;
    assert_eq!(ended, 3);
    for session in [&phone, &laptop] {
        assert_eq!(me(session).await, Value::Null);
        let failure = session
            .call::<Value>("my_orders", json!({}))
            .await
            .unwrap_err();
        assert_eq!(failure.status, 401);
    }
    assert_eq!(account_with_token(&app, &second).await, Value::Null);
    assert_eq!(
        me(&other_customer).await["email"],
        "customer2@baedal.demo",
        "only that account's sessions end"
    );

    let entries = audit(&app).await;
    assert!(has_entry(
        &entries,
        "sign_out_everywhere",
        Some("customer1@baedal.demo"),
        "3 sessions"
    ));
    assert!(
        has_entry(&entries, "sign_out", Some("customer1@baedal.demo"), ""),
        "the replaced session"
    );
    app.stop().await;
}

#[tokio::test]
async fn sessions_end_when_idle_and_at_their_absolute_limit() {
    let app = spawn_app_with(&[
        ("BAEDAL_SESSION_IDLE_MINUTES", "30".into()),
        ("BAEDAL_SESSION_HOURS", "12".into()),
    ])
    .await;
    let db = database(&app).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let minutes_ago = |minutes: i64| {
        let query = format!(
            "UPDATE sessions SET last_seen_at = last_seen_at - {} WHERE account_id = 1",
            minutes * 60_000
        );
        let db = db.clone();
        async move { sqlx::query(&query).execute(&db).await.unwrap() }
    };

    // Used 29 minutes ago: still valid, and this use moves the idle clock on.
    minutes_ago(29).await;
    assert_eq!(me(&customer).await["email"], "customer1@baedal.demo");
    // Uses are written together every two seconds.
    let mut touched = None;
    for _ in 0..50 {
        let last_seen: i64 =
            sqlx::query_scalar("SELECT last_seen_at FROM sessions WHERE account_id = 1")
                .fetch_one(&db)
                .await
                .unwrap();
        let now = now_ms();
        touched = Some((last_seen, now));
        if now - last_seen < 10_000 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (last_seen, now) = touched.unwrap();
    assert!(now - last_seen < 10_000, "touched: {last_seen} vs {now}");

    // The times are changed in the database below, for sessions this
    // server has not read yet: a session it has read is kept in memory,
    // where its times are checked against the clock at each use
    // (`kept_visitors`' own tests).

    // Unused for 31 minutes: ended.
    let customer = app.sign_in("customer1@baedal.demo").await;
    minutes_ago(31).await;
    assert_eq!(me(&customer).await, Value::Null);

    // Past the absolute limit: ended too.
    let customer = app.sign_in("customer1@baedal.demo").await;
    sqlx::query("UPDATE sessions SET expires_at = $1 WHERE account_id = 1")
        .bind(now_ms() - 1)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(me(&customer).await, Value::Null);
    app.stop().await;
}

#[tokio::test]
async fn an_open_live_stream_ends_with_its_session() {
    let app = spawn_app_with(&[("BAEDAL_SESSION_CHECK_SECS", "1".into())]).await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let mut stream = customer.live().await;
    assert!(
        !stream.ends_within(Duration::from_millis(1500)).await,
        "open while signed in"
    );
    let _: Value = customer.ok("sign_out", json!({})).await;
    assert!(
        stream.ends_within(Duration::from_secs(5)).await,
        "closed once signed out"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_host_prefixed_over_tls() {
    let plain = spawn_app().await;
    let response = sign_in_raw(&plain, None).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("baedal_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(
        !cookie.contains("Secure") && !cookie.contains("Domain"),
        "{cookie}"
    );
    plain.stop().await;

    let tls = spawn_app_with(&[("BAEDAL_HTTPS", "1".into())]).await;
    let response = sign_in_raw(&tls, None).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-baedal_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    // Only the prefixed cookie is a session there.
    let token = session_token(&response);
    let answer = account_with_cookie(&tls, "baedal_session", &token).await;
    assert_eq!(answer, Value::Null);
    let answer = account_with_cookie(&tls, "__Host-baedal_session", &token).await;
    assert_eq!(answer["email"], "customer1@baedal.demo");
    tls.stop().await;
}

async fn attempt_sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.visitor()
        .client
        .post(format!("{}/api/sign_in", app.base))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_ins_failed_or_not_are_audited_with_the_client_address() {
    let app = spawn_app().await;
    let wrong = attempt_sign_in(&app, "customer2@baedal.demo", "not-the-password").await;
    assert_eq!(wrong.status(), 401);
    let unknown = attempt_sign_in(&app, "nobody@example.com", "whatever-it-is").await;
    assert_eq!(unknown.status(), 401);
    let customer = app.sign_in("customer3@baedal.demo").await;
    let signed_out = customer
        .client
        .post(format!("{}/api/sign_out", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 200);
    assert_eq!(
        signed_out.headers()["clear-site-data"],
        r#""cache", "storage""#,
        "the browser forgets the pages it kept for the account"
    );

    let entries = audit(&app).await;
    assert!(has_entry(
        &entries,
        "sign_in_failed",
        Some("customer2@baedal.demo"),
        "customer2@baedal.demo"
    ));
    assert!(has_entry(
        &entries,
        "sign_in_failed",
        None,
        "nobody@example.com"
    ));
    assert!(has_entry(
        &entries,
        "sign_in",
        Some("customer3@baedal.demo"),
        "customer3@baedal.demo"
    ));
    assert!(has_entry(
        &entries,
        "sign_out",
        Some("customer3@baedal.demo"),
        ""
    ));
    assert!(
        entries.iter().all(|entry| entry["client"] == "127.0.0.1"),
        "{entries:#?}"
    );

    // The log is the operator's alone.
    let failure = customer
        .call::<Value>("audit_log", json!({}))
        .await
        .unwrap_err();
    assert_eq!(failure.status, 401);
    let owner = app.sign_in("owner1@baedal.demo").await;
    assert_eq!(
        owner
            .call::<Value>("audit_log", json!({}))
            .await
            .unwrap_err()
            .status,
        403
    );
    app.stop().await;
}

#[tokio::test]
async fn pages_allow_only_scripts_with_their_own_nonce() {
    let app = spawn_app().await;
    let page = |path: &'static str| {
        let base = app.base.clone();
        async move {
            let response = reqwest::get(format!("{base}{path}")).await.unwrap();
            let policy = response.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            (policy, response.text().await.unwrap())
        }
    };
    let (first_policy, html) = page("/").await;
    let (second_policy, _) = page("/stores/1").await;
    let (first, second) = (nonce_of(&first_policy), nonce_of(&second_policy));
    assert_ne!(first, second, "a fresh nonce per response");
    assert!(first.len() >= 22, "at least 128 bits: {first}");
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'nonce-",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(
            first_policy.contains(directive),
            "{first_policy} lacks {directive}"
        );
    }
    assert!(!first_policy.contains("unsafe-inline"), "{first_policy}");
    let scripts: Vec<&str> = html.split("<script").skip(1).collect();
    assert!(!scripts.is_empty(), "the page hydrates with a script");
    for script in scripts {
        assert!(
            script.starts_with(&format!(" type=\"module\" nonce=\"{first}\""))
                || script.contains(&format!("nonce=\"{first}\"")),
            "every inline script carries the nonce: <script{}",
            &script[..script.len().min(80)]
        );
    }
    // An unknown page is rendered with a policy too.
    let (missing_policy, _) = page("/no/such/page").await;
    assert!(missing_policy.contains("'nonce-"), "{missing_policy}");
    app.stop().await;
}

#[tokio::test]
async fn request_bodies_are_bounded_and_get_changes_nothing() {
    let app = spawn_app().await;
    let customer = app.sign_in("customer1@baedal.demo").await;
    let order = customer.place_order(1).await;

    let huge = format!(
        r#"{{"store": 1, "lines": [], "key": "{}"}}"#,
        "k".repeat(1 << 20)
    );
    let response = customer
        .client
        .post(format!("{}/api/place_order", app.base))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);

    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    for path in &paths {
        let response = customer
            .client
            .get(format!("{}{path}?order={order}&command=cancel", app.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "GET {path}: {status}");
    }
    assert_eq!(
        customer.status_of(order).await,
        "paid",
        "GET changed nothing"
    );
    assert_eq!(
        me(&customer).await["email"],
        "customer1@baedal.demo",
        "still signed in"
    );
    app.stop().await;
}
