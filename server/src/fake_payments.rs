//! A stand-in payment provider for tests and the end-to-end suite, run as
//! `server fake-payments` (`FAKE_PAYMENTS_ADDR`, default 127.0.0.1:3200).
//!
//! It speaks the API `HttpPaymentProvider` calls and keeps a ledger:
//! - `POST /v1/payments/{authorize|capture|void|refund}` with
//!   `{"order": id, "amount": won}` and an `Idempotency-Key`. A key that
//!   succeeded once answers the same again and moves no more money.
//! - `POST /control` with `{"failure_rate": 0.0..1.0, "latency_ms": n,
//!   "decline": bool}` (each optional): the share of new calls that answer
//!   503, how long every answer waits (after the money moved, so a caller
//!   that gives up early still leaves the charge), and whether
//!   authorisations are declined (402).
//! - `GET /ledger`: per order the amounts authorised, captured, voided and
//!   refunded; per key the calls received; and all calls received.
//!
//! `FAKE_PAYMENTS_KEY`, when set, is the bearer token every call must carry.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Control {
    failure_rate: f64,
    latency_ms: u64,
    decline: bool,
}

#[derive(Debug, Default, Deserialize)]
struct ControlChange {
    failure_rate: Option<f64>,
    latency_ms: Option<u64>,
    decline: Option<bool>,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
struct Held {
    authorized: i64,
    captured: i64,
    voided: i64,
    refunded: i64,
}

#[derive(Debug, Default, Serialize)]
struct Ledger {
    orders: BTreeMap<i64, Held>,
    calls: BTreeMap<String, u64>,
    total_calls: u64,
    #[serde(skip)]
    answers: HashMap<String, Value>,
}

#[derive(Default)]
struct Fake {
    control: Mutex<Control>,
    ledger: Mutex<Ledger>,
    key: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PaymentBody {
    order: i64,
    amount: i64,
}

/// Serves the fake provider at `FAKE_PAYMENTS_ADDR` until the process ends.
/// Prints `listening on http://{addr}` once it accepts connections.
pub async fn run() -> anyhow::Result<()> {
    let addr: SocketAddr = std::env::var("FAKE_PAYMENTS_ADDR")
        .unwrap_or_else(|_| "127.0.0.1:3200".into())
        .parse()?;
    let fake = Arc::new(Fake {
        key: std::env::var("FAKE_PAYMENTS_KEY")
            .ok()
            .filter(|k| !k.is_empty()),
        ..Fake::default()
    });
    let router = Router::new()
        .route("/v1/payments/{call}", post(pay))
        .route("/control", post(control))
        .route("/ledger", get(ledger))
        .with_state(fake);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn control(State(fake): State<Arc<Fake>>, Json(change): Json<ControlChange>) -> Response {
    let mut control = lock(&fake.control);
    if let Some(rate) = change.failure_rate {
        if !(0.0..=1.0).contains(&rate) {
            return (StatusCode::BAD_REQUEST, "failure_rate is between 0 and 1").into_response();
        }
        control.failure_rate = rate;
    }
    if let Some(latency) = change.latency_ms {
        control.latency_ms = latency;
    }
    if let Some(decline) = change.decline {
        control.decline = decline;
    }
    Json(*control).into_response()
}

async fn ledger(State(fake): State<Arc<Fake>>) -> Json<Value> {
    Json(json!(*lock(&fake.ledger)))
}

async fn pay(
    State(fake): State<Arc<Fake>>,
    Path(call): Path<String>,
    headers: HeaderMap,
    Json(body): Json<PaymentBody>,
) -> Response {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if fake.key.is_some() && bearer != fake.key.as_deref() {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "unauthorized" })),
        )
            .into_response();
    }
    let Some(key) = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "idempotency_key" })),
        )
            .into_response();
    };
    let control = *lock(&fake.control);
    let (status, answer) = {
        let mut ledger = lock(&fake.ledger);
        *ledger.calls.entry(key.clone()).or_default() += 1;
        ledger.total_calls += 1;
        if let Some(answer) = ledger.answers.get(&key) {
            (StatusCode::OK, answer.clone())
        } else if rand::thread_rng().gen::<f64>() < control.failure_rate {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "error": "unavailable" }),
            )
        } else if control.decline && call == "authorize" {
            (StatusCode::PAYMENT_REQUIRED, json!({ "error": "declined" }))
        } else {
            let outcome = apply(
                ledger.orders.entry(body.order).or_default(),
                &call,
                body.amount,
            );
            if outcome.0.is_success() {
                ledger.answers.insert(key, outcome.1.clone());
            }
            outcome
        }
    };
    if control.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(control.latency_ms)).await;
    }
    (status, Json(answer)).into_response()
}

/// Moves the money of one call.
fn apply(held: &mut Held, call: &str, amount: i64) -> (StatusCode, Value) {
    let refused = |why: &str| (StatusCode::CONFLICT, json!({ "error": why }));
    match call {
        "authorize" => {
            held.authorized += amount;
            (StatusCode::OK, json!({ "authorized": amount }))
        }
        "capture" => {
            let open = held.authorized - held.captured - held.voided;
            if open < amount {
                return refused("nothing_to_capture");
            }
            held.captured += amount;
            (StatusCode::OK, json!({ "captured": amount }))
        }
        "void" => {
            // Voiding what is not held releases nothing and is not an error:
            // nothing stays held either way.
            let open = (held.authorized - held.captured - held.voided).max(0);
            held.voided += open;
            (StatusCode::OK, json!({ "voided": open }))
        }
        "refund" => {
            if held.captured - held.refunded < amount {
                return refused("nothing_to_refund");
            }
            held.refunded += amount;
            (StatusCode::OK, json!({ "refunded": amount }))
        }
        _ => (StatusCode::NOT_FOUND, json!({ "error": "unknown_call" })),
    }
}
