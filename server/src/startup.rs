//! Builds the server from its configuration and runs it until stopped.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use anyhow::Context;
use app::error::AppError;
use app::ports::Accounts;
use app::session::SessionCookie;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{FromRef, Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::assets::{self, Assets};
use crate::config::Config;
use crate::live::{Instances, LiveHub, LiveSettings};
use crate::metrics::Metrics;
use crate::notifications::channels::{HttpProvider, InApp, LocalInbox, Provider};
use crate::notifications::dispatcher::Dispatcher;
use crate::notifications::push::{Vapid, WebPush};
use crate::notifications::Channel;
use crate::page_cache::{self, PageCache};
use crate::rate_limit::{self, RateLimits};
use crate::services::{AfterCommit, Bells, KeptVisitors, Parts, ServiceSettings, Services};
use crate::web_security;
use storage::writer::{Writer, WriterTask};
use storage::{Engine, LimitStorage};
use storage_postgres::PgEngine;
use storage_sqlite::SqliteEngine;
use tokio_util::sync::CancellationToken;
use tower::ServiceBuilder;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;

#[derive(Clone, FromRef)]
struct AppState {
    leptos_options: LeptosOptions,
    services: Arc<Services>,
    session_cookie: SessionCookie,
}

/// A started server.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    services: Arc<Services>,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<()>,
    closing: CancellationToken,
    workers: Vec<JoinHandle<()>>,
    writer: WriterTask,
}

impl Running {
    /// Stops taking connections, ends live streams, waits for requests in
    /// flight, stops the workers and lets the writer commit what it holds.
    pub async fn stop(self) {
        self.services.live().close();
        let _ = self.shutdown.send(());
        let _ = self.task.await;
        self.closing.cancel();
        for worker in self.workers {
            let _ = worker.await;
        }
        self.writer.stop().await;
    }
}

/// The engine `BAEDAL_DATABASE_URL` names, opened and migrated.
async fn open_engine(url: &str) -> anyhow::Result<Arc<dyn Engine>> {
    if SqliteEngine::accepts(url) {
        let engine = SqliteEngine::connect(url)
            .await
            .context("opening the SQLite database")?;
        return Ok(engine.into_engine());
    }
    if PgEngine::accepts(url) {
        let engine = PgEngine::connect(url)
            .await
            .context("opening the PostgreSQL database")?;
        return Ok(engine.into_engine());
    }
    anyhow::bail!(
        "BAEDAL_DATABASE_URL names no engine Baedal has (it takes sqlite:… or postgres://…): {url}"
    )
}

/// Empties the read models and projects the whole event log again; returns
/// how many events it projected.
pub async fn rebuild_read_models(config: &Config) -> anyhow::Result<u64> {
    let engine = open_engine(&config.database_url).await?;
    storage::scripts::rebuild_read_models(engine.as_ref())
        .await
        .context("rebuilding the read models")
}

/// Creates the crowd of `make bench-fanout` in the database and writes
/// their sessions to `out`.
pub async fn create_bench_people(
    config: &Config,
    crowd: crate::bench_data::Crowd,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let engine = open_engine(&config.database_url).await?;
    crate::bench_data::create(engine.as_ref(), crowd, out).await
}

/// Opens the database, seeds demo data when asked, binds and starts serving.
pub async fn start(config: Config, mut leptos_options: LeptosOptions) -> anyhow::Result<Running> {
    let assets = Assets::of_build(&mut leptos_options);
    let db = open_engine(&config.database_url).await?;
    if config.demo {
        crate::seed::ensure_demo_data(db.as_ref())
            .await
            .context("seeding demo data")?;
    }
    let projected = storage::scripts::catch_up_legacy_projection(db.as_ref())
        .await
        .context("bringing the read models up to date")?;
    if projected > 0 {
        tracing::info!(projected, "read models caught up with the event log");
    }
    let vapid = Vapid::load_or_create(db.as_ref())
        .await
        .context("loading the VAPID key")?;
    let metrics = Arc::new(Metrics::default());
    // Other instances may share the database: live changes then come from
    // its log and rate limits are kept in it.
    let instances = db
        .subscribe()
        .await
        .context("listening to the other instances")?
        .map(|messages| Instances {
            bus: db.clone(),
            messages,
        });
    let shared_limits = instances
        .is_some()
        .then(|| db.clone() as Arc<dyn LimitStorage>);
    let live = LiveHub::start(
        LiveSettings {
            rider_radius_m: config.rider_radius_m,
            stream_queue: config.live.stream_queue,
            recent_changes: config.live.recent_changes,
            keep_alive: std::time::Duration::from_secs(15),
            opens_per_second: config.live.opens_per_second,
        },
        db.clone(),
        metrics.clone(),
        instances,
        Arc::new(KeptVisitors::default()),
    );
    let bells = Bells::default();
    let after_commit = Arc::new(AfterCommit {
        live: live.clone(),
        bells: bells.clone(),
        metrics: metrics.clone(),
    });
    let (writer, writer_task) = Writer::start(db.clone(), config.writer, after_commit);
    let outbox_writer = writer.clone();
    let settings = ServiceSettings {
        demo: config.demo,
        session: config.session,
        rider_radius_m: config.rider_radius_m,
        rider_speed_kmh: config.rider_speed_kmh,
        push_public_key: vapid.public_key.clone(),
        push_allow_http: config.push_allow_http,
        grades: config.grades,
        auto_complete_after: config.auto_complete_after,
        list_late: config.list_late,
    };
    let limits = Arc::new(RateLimits::new(config.rates, shared_limits));
    let services = Arc::new(
        Services::new(Parts {
            storage: db.clone(),
            writer,
            live: live.clone(),
            payments: config.payments.clone(),
            metrics: metrics.clone(),
            bells: bells.clone(),
            limits: limits.clone(),
            settings,
        })
        .context("building the payment provider")?,
    );
    let closing = CancellationToken::new();
    let dispatcher = Dispatcher {
        providers: providers(&config, &db, &outbox_writer, &live, vapid)?,
        outbox: db,
        writer: outbox_writer,
        policy: config.dispatch.clone(),
        metrics,
        wake: bells.outbox,
        closing: closing.clone(),
    };
    let mut workers = dispatcher.start();
    workers.extend(services.start_workers(&closing));
    workers.push(live.check_sessions(config.session.stream_check(), {
        let accounts = services.accounts.clone();
        move |token| {
            let accounts = accounts.clone();
            Box::pin(async move { accounts.session_still_valid(&token).await })
        }
    }));
    workers.push(tokio::spawn(forget_idle_clients(
        limits.clone(),
        closing.clone(),
    )));
    let session_cookie = SessionCookie {
        secure: config.https,
    };
    let ports = services.ports(session_cookie);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        services: services.clone(),
        session_cookie,
    };
    let kept_pages = Arc::new(PageCache::new(
        services.catalogue_cache().clone(),
        ports.clone(),
        services.metrics().clone(),
        config.kept_pages_bytes,
    ));
    let page_context = move || {
        provide_context(ports.clone());
        // The session is looked up once per request, however many server
        // functions a page calls.
        provide_context(app::api::support::RequestCaller::default());
        web_security::provide_page_policy();
    };
    let service_worker = assets.service_worker();
    let routes = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/sw.js",
            get(move || assets::service_worker(service_worker.clone())),
        )
        .route(
            "/rider/manifest.webmanifest",
            get(|| manifest(include_str!("../static/rider.webmanifest"))),
        )
        .route(
            "/store/manifest.webmanifest",
            get(|| manifest(include_str!("../static/store.webmanifest"))),
        )
        .route(
            "/icons/store-192.png",
            get(|| png(include_bytes!("../static/store-192.png"))),
        )
        .route(
            "/icons/store-512.png",
            get(|| png(include_bytes!("../static/store-512.png"))),
        )
        .route(
            "/icons/rider-192.png",
            get(|| png(include_bytes!("../static/rider-192.png"))),
        )
        .route(
            "/icons/rider-512.png",
            get(|| png(include_bytes!("../static/rider-512.png"))),
        )
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .route("/api/live", get(live_stream))
        .leptos_routes_with_context(&state, page_routes(), page_context.clone(), move || {
            shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(page_context, shell))
        .with_state(state);
    // The middleware, outermost first, wraps the routes once. (`Router::layer`
    // wraps each route apart, and each layer then clones the whole stack
    // below it, boxed, for every request.)
    let middleware = ServiceBuilder::new()
        // A `HEAD` is answered as a `GET` whose body the server drops on the
        // way out, so it carries the headers a `GET` gets, compression's too.
        .map_request(|mut request: Request| {
            if request.method() == Method::HEAD {
                *request.method_mut() = Method::GET;
            }
            request
        })
        // Pages and answers compressed as they go; the files of /pkg/ were
        // compressed at build time, and live streams are never compressed.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(axum::middleware::from_fn(assets::cache_headers))
        .layer(axum::middleware::from_fn(web_security::security_headers))
        .layer(axum::middleware::from_fn(web_security::record_client))
        .layer(RequestBodyLimitLayer::new(web_security::LARGEST_BODY))
        // The limit wraps the body; the layers inside it take axum's.
        .map_request(|request: Request<_>| request.map(Body::new))
        .layer(axum::middleware::from_fn(web_security::same_origin_only))
        .layer(axum::middleware::from_fn_with_state(
            (limits, session_cookie),
            rate_limit::limit,
        ))
        .layer(axum::middleware::from_fn(server_fn_error_status))
        .layer(axum::middleware::from_fn_with_state(
            kept_pages,
            page_cache::serve_kept_pages,
        ));
    let router = Router::new().fallback_service(middleware.service(routes));

    let listener = listen(config.addr).with_context(|| format!("binding {}", config.addr))?;
    let addr = listener.local_addr()?;
    let (shutdown, stopped) = oneshot::channel::<()>();
    let gateways = Arc::from(config.gateways.clone());
    let task = tokio::spawn(crate::serve::serve(listener, router, gateways, async {
        let _ = stopped.await;
    }));
    Ok(Running {
        addr,
        services,
        shutdown,
        task,
        closing,
        workers,
        writer: writer_task,
    })
}

/// The app's routes, found once per process. While Leptos walks the app to
/// find them, every resource that starts loading anywhere in the process
/// waits forever (a process-wide switch in `leptos_server`), so a second
/// server started in the same process must not walk it again while the
/// first one renders pages.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Listens on `addr` with room for thousands of connections waiting to be
/// accepted, as when every live stream comes back after a restart.
fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    // The kernel caps it at net.core.somaxconn.
    socket.listen(8192)
}

/// Forgets rate-limit keys that have been idle, every ten minutes.
async fn forget_idle_clients(limits: Arc<RateLimits>, closing: CancellationToken) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = every.tick() => limits.forget_idle().await,
            () = closing.cancelled() => return,
        }
    }
}

/// One delivery adapter per channel: in-app always; KakaoTalk and SMS through
/// their providers' HTTP APIs when configured, else the local inbox.
fn providers(
    config: &Config,
    db: &Arc<dyn Engine>,
    writer: &Writer,
    live: &LiveHub,
    vapid: Vapid,
) -> anyhow::Result<Vec<(Channel, Arc<dyn Provider>)>> {
    let external = |provider: &Option<crate::notifications::channels::HttpProviderConfig>| -> anyhow::Result<Arc<dyn Provider>> {
        Ok(match provider {
            Some(settings) => Arc::new(
                HttpProvider::new(settings.clone(), config.dispatch.send_timeout).context("building an HTTP client")?,
            ),
            None => Arc::new(LocalInbox { writer: writer.clone() }),
        })
    };
    let in_app: Arc<dyn Provider> = Arc::new(InApp {
        writer: writer.clone(),
        live: live.clone(),
    });
    let push: Arc<dyn Provider> = Arc::new(
        WebPush::new(
            db.clone(),
            vapid,
            config.push_contact.clone(),
            config.dispatch.send_timeout,
        )
        .context("building the push client")?,
    );
    Ok(vec![
        (Channel::InApp, in_app),
        (Channel::Push, push),
        (Channel::Kakao, external(&config.kakao)?),
        (Channel::Sms, external(&config.sms)?),
    ])
}

/// A web app manifest, which makes the rider or the store app installable.
async fn manifest(text: &'static str) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/manifest+json",
        )],
        text,
    )
        .into_response()
}

async fn png(bytes: &'static [u8]) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/png"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        bytes,
    )
        .into_response()
}

async fn metrics_text(State(services): State<Arc<Services>>) -> Response {
    let body = services.render_metrics().await;
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        body,
    )
        .into_response()
}

async fn readyz(State(services): State<Arc<Services>>) -> Response {
    if services.ready().await {
        "ready".into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

/// The caller's live stream, authorised by their session cookie. A client
/// that reconnects with `Last-Event-ID` first gets every change it missed.
/// The stream ends when the session does: the hub checks now and then.
async fn live_stream(
    State(services): State<Arc<Services>>,
    State(cookie): State<SessionCookie>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = cookie.from_headers(&headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    services.live().turn_to_open().await;
    let account = match services.accounts.session(&token).await {
        Ok(Some(account)) => account,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let last_seen = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<i64>().ok());
    let open = services.metrics().stream_opened();
    match services.live().open(account, token, last_seen, open).await {
        Ok(stream) => stream.into_response(),
        Err(error) => {
            tracing::error!(%error, "reading missed changes for a live stream failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Server functions answer every error with 500; this gives each typed error
/// its own status (400, 401, 403, 404, 409), including the errors raised
/// before a function runs, such as a body that does not parse.
async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
        if let AppError::TooManyRequests { retry_after_secs }
        | AppError::Busy { retry_after_secs } = error
        {
            parts
                .headers
                .insert(axum::http::header::RETRY_AFTER, retry_after_secs.into());
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
