//! The embedded default provider, for development and tests: it answers
//! after a configurable latency, fails a configurable share of new calls, and
//! answers a repeated key as it did the first time it succeeded.

use std::collections::HashSet;
use std::sync::Mutex;

use async_trait::async_trait;
use domain::{Money, OrderId};
use rand::Rng;

use super::{PaymentError, PaymentProvider, SimulatedSettings};

#[derive(Debug, Default)]
pub struct SimulatedProvider {
    settings: SimulatedSettings,
    /// Keys of the calls that succeeded.
    done: Mutex<HashSet<String>>,
}

impl SimulatedProvider {
    pub fn new(settings: SimulatedSettings) -> Self {
        Self {
            settings,
            done: Mutex::default(),
        }
    }

    async fn call(&self, key: &str) -> Result<(), PaymentError> {
        if !self.settings.latency.is_zero() {
            tokio::time::sleep(self.settings.latency).await;
        }
        let mut done = self.done.lock().map_err(|_| PaymentError::Unavailable)?;
        if done.contains(key) {
            return Ok(());
        }
        if self.settings.failure_rate > 0.0
            && rand::thread_rng().gen_bool(self.settings.failure_rate.clamp(0.0, 1.0))
        {
            return Err(PaymentError::Unavailable);
        }
        done.insert(key.to_owned());
        Ok(())
    }
}

#[async_trait]
impl PaymentProvider for SimulatedProvider {
    async fn authorize(&self, _: OrderId, _: Money, key: &str) -> Result<(), PaymentError> {
        self.call(key).await
    }

    async fn capture(&self, _: OrderId, _: Money, key: &str) -> Result<(), PaymentError> {
        self.call(key).await
    }

    async fn void(&self, _: OrderId, _: Money, key: &str) -> Result<(), PaymentError> {
        self.call(key).await
    }

    async fn refund(&self, _: OrderId, _: Money, key: &str) -> Result<(), PaymentError> {
        self.call(key).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_key_that_succeeded_succeeds_again_even_when_failing() {
        let order = OrderId::parse(1).unwrap();
        let amount = Money::won(1000).unwrap();
        let provider = SimulatedProvider::default();
        provider.authorize(order, amount, "k").await.unwrap();
        let failing = SimulatedProvider {
            settings: SimulatedSettings {
                failure_rate: 1.0,
                ..SimulatedSettings::default()
            },
            done: Mutex::new(provider.done.lock().unwrap().clone()),
        };
        assert_eq!(failing.authorize(order, amount, "k").await, Ok(()));
        assert_eq!(
            failing.authorize(order, amount, "other").await,
            Err(PaymentError::Unavailable)
        );
    }
}
