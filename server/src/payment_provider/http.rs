//! A real provider's HTTP API: `POST {url}/v1/payments/{call}` with the order
//! and amount as JSON, the key as `Idempotency-Key` and the API key as a
//! bearer token. 2xx is done, 402 is declined, anything else is unavailable.

use std::time::Duration;

use async_trait::async_trait;
use domain::{Money, OrderId};
use reqwest::StatusCode;
use serde_json::json;

use super::{Call, HttpSettings, PaymentError, PaymentProvider};

#[derive(Debug, Clone)]
pub struct HttpPaymentProvider {
    client: reqwest::Client,
    settings: HttpSettings,
}

impl HttpPaymentProvider {
    pub fn new(settings: HttpSettings, timeout: Duration) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self { client, settings })
    }

    async fn call(
        &self,
        call: Call,
        order: OrderId,
        amount: Money,
        key: &str,
    ) -> Result<(), PaymentError> {
        let url = format!(
            "{}/v1/payments/{}",
            self.settings.url.trim_end_matches('/'),
            call.as_str()
        );
        let response = self
            .client
            .post(url)
            .bearer_auth(&self.settings.key)
            .header("Idempotency-Key", key)
            .json(&json!({ "order": order.get(), "amount": amount.get() }))
            .send()
            .await
            .map_err(|error| {
                if error.is_timeout() {
                    PaymentError::TimedOut
                } else {
                    tracing::warn!(%error, call = call.as_str(), "payment provider unreachable");
                    PaymentError::Unavailable
                }
            })?;
        match response.status() {
            status if status.is_success() => Ok(()),
            StatusCode::PAYMENT_REQUIRED => Err(PaymentError::Declined),
            status => {
                tracing::warn!(%status, call = call.as_str(), "payment provider refused the call");
                Err(PaymentError::Unavailable)
            }
        }
    }
}

#[async_trait]
impl PaymentProvider for HttpPaymentProvider {
    async fn authorize(
        &self,
        order: OrderId,
        amount: Money,
        key: &str,
    ) -> Result<(), PaymentError> {
        self.call(Call::Authorize, order, amount, key).await
    }

    async fn capture(&self, order: OrderId, amount: Money, key: &str) -> Result<(), PaymentError> {
        self.call(Call::Capture, order, amount, key).await
    }

    async fn void(&self, order: OrderId, amount: Money, key: &str) -> Result<(), PaymentError> {
        self.call(Call::Void, order, amount, key).await
    }

    async fn refund(&self, order: OrderId, amount: Money, key: &str) -> Result<(), PaymentError> {
        self.call(Call::Refund, order, amount, key).await
    }
}
