//! A stand-in for a KakaoTalk or SMS provider: a separate HTTP server that
//! records what it receives and can be told to fail or to hang.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    Accept = 0,
    Fail = 1,
    Hang = 2,
}

#[derive(Clone, Default)]
struct Shared {
    received: Arc<Mutex<Vec<Value>>>,
    mode: Arc<AtomicU8>,
}

pub struct FakeProvider {
    pub url: String,
    shared: Shared,
}

impl FakeProvider {
    pub async fn start(mode: Mode) -> FakeProvider {
        let shared = Shared::default();
        shared.mode.store(mode as u8, Ordering::SeqCst);
        let router = Router::new()
            .route("/messages", post(receive))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        tokio::spawn(async move { axum::serve(listener, router).await.ok() });
        FakeProvider { url, shared }
    }

    pub fn set_mode(&self, mode: Mode) {
        self.shared.mode.store(mode as u8, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Value> {
        self.shared.received.lock().expect("not poisoned").clone()
    }

    /// Waits until a message satisfying `matches` arrived.
    pub async fn wait_for(&self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..100 {
            if let Some(found) = self.received().into_iter().find(|m| matches(m)) {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the provider never received {what}; it got {:#?}",
            self.received()
        );
    }
}

async fn receive(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Json(mut body): Json<Value>,
) -> StatusCode {
    match shared.mode.load(Ordering::SeqCst) {
        1 => StatusCode::INTERNAL_SERVER_ERROR,
        2 => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK
        }
        _ => {
            let auth = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            body["authorization"] = Value::String(auth.to_owned());
            shared.received.lock().expect("not poisoned").push(body);
            StatusCode::OK
        }
    }
}
