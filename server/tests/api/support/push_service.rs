//! A stand-in for a browser's push service (RFC 8030): a separate HTTP server
//! that keeps what it receives, and a browser's subscription keys to decrypt it.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use ct_codecs::{Base64UrlSafeNoPadding, Encoder};

/// One push message as the push service received it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub subscription: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

#[derive(Clone)]
struct Shared {
    received: Arc<Mutex<Vec<Delivery>>>,
    answer: Arc<AtomicU16>,
}

pub struct PushService {
    pub url: String,
    shared: Shared,
}

impl PushService {
    pub async fn start() -> PushService {
        let shared = Shared {
            received: Arc::default(),
            answer: Arc::new(AtomicU16::new(201)),
        };
        let router = Router::new()
            .route("/push/{subscription}", post(receive))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        tokio::spawn(async move { axum::serve(listener, router).await.ok() });
        PushService { url, shared }
    }

    /// The HTTP status the service answers with from now on.
    pub fn answer_with(&self, status: u16) {
        self.shared.answer.store(status, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Delivery> {
        self.shared.received.lock().expect("not poisoned").clone()
    }

    /// Waits until `count` messages arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Delivery> {
        for _ in 0..100 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the push service got {} messages, not {count}",
            self.received().len()
        );
    }
}

async fn receive(
    State(shared): State<Shared>,
    Path(subscription): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    shared
        .received
        .lock()
        .expect("not poisoned")
        .push(Delivery {
            subscription,
            headers,
            body: body.to_vec(),
        });
    StatusCode::from_u16(shared.answer.load(Ordering::SeqCst)).expect("a status")
}

/// A browser's side of a subscription: its key pair and auth secret.
pub struct BrowserKeys {
    components: ece::EcKeyComponents,
    auth: [u8; 16],
}

impl BrowserKeys {
    pub fn generate() -> BrowserKeys {
        let (pair, auth) = ece::generate_keypair_and_auth_secret().expect("keys");
        BrowserKeys {
            components: pair.raw_components().expect("raw keys"),
            auth,
        }
    }

    /// The `p256dh` and `auth` of `PushSubscription.toJSON()`.
    pub fn subscription_keys(&self) -> (String, String) {
        let encode =
            |bytes: &[u8]| Base64UrlSafeNoPadding::encode_to_string(bytes).expect("base64url");
        (encode(self.components.public_key()), encode(&self.auth))
    }

    /// Decrypts an `aes128gcm` body as the browser does (RFC 8291).
    pub fn decrypt(&self, body: &[u8]) -> Vec<u8> {
        ece::decrypt(&self.components, &self.auth, body).expect("a payload encrypted for us")
    }
}
