//! The fake payment provider (`server fake-payments`) as a separate process
//! on a free port, with its control and ledger endpoints.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

pub struct FakePayments {
    pub url: String,
    child: Child,
    client: reqwest::Client,
}

impl FakePayments {
    /// Starts the fake and waits until it listens.
    pub async fn start() -> FakePayments {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("fake-payments")
            .env("FAKE_PAYMENTS_ADDR", "127.0.0.1:0")
            .env("FAKE_PAYMENTS_KEY", "test-key")
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the fake payment provider starts");
        let stdout = child.stdout.take().expect("its output");
        let (found, listening) = tokio::sync::oneshot::channel();
        // Reads the address it prints, then keeps draining its output.
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("listening on ") {
                    if let Some(found) = found.take() {
                        let _ = found.send(url.trim().to_owned());
                    }
                }
            }
        });
        let url = tokio::time::timeout(Duration::from_secs(30), listening)
            .await
            .expect("the fake payment provider listens in time")
            .expect("the fake payment provider prints its address");
        FakePayments {
            url,
            child,
            client: reqwest::Client::new(),
        }
    }

    /// The settings that point Baedal at this provider.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("BAEDAL_PAYMENT_URL", self.url.clone()),
            ("BAEDAL_PAYMENT_KEY", "test-key".to_owned()),
        ]
    }

    /// Changes its failure rate, latency or declines.
    pub async fn control(&self, change: Value) {
        let response = self
            .client
            .post(format!("{}/control", self.url))
            .json(&change)
            .send()
            .await
            .expect("the fake answers");
        assert!(
            response.status().is_success(),
            "control: {}",
            response.status()
        );
    }

    pub async fn ledger(&self) -> Value {
        self.client
            .get(format!("{}/ledger", self.url))
            .send()
            .await
            .expect("the fake answers")
            .json()
            .await
            .expect("a ledger")
    }

    /// What it holds for an order: authorized, captured, voided, refunded.
    pub async fn held(&self, order: i64) -> Value {
        self.ledger().await["orders"][order.to_string()].clone()
    }

    /// How many calls it received with this key.
    pub async fn calls(&self, key: &str) -> u64 {
        self.ledger().await["calls"][key].as_u64().unwrap_or(0)
    }
}

impl Drop for FakePayments {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
