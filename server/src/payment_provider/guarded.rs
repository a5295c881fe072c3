//! The provider behind the circuit breaker, with a time limit on every call
//! and each outcome counted.

use std::sync::Arc;
use std::time::Duration;

use domain::{Money, OrderId};

use super::breaker::{Breaker, BreakerState};
use super::{perform, Call, PaymentError, PaymentProvider};
use crate::metrics::Metrics;

/// Why a guarded call did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CallFailure {
    /// The breaker is open: the provider was not called.
    #[error("the circuit breaker is open")]
    Open { retry_in: Duration },
    #[error(transparent)]
    Provider(#[from] PaymentError),
}

impl CallFailure {
    /// The label of this outcome in metrics and in `last_error`.
    pub fn as_str(self) -> &'static str {
        match self {
            CallFailure::Open { .. } => "breaker_open",
            CallFailure::Provider(error) => error.as_str(),
        }
    }

    /// Whether the provider may have acted on the call although Baedal did
    /// not hear that it did.
    pub fn may_have_acted(self) -> bool {
        matches!(
            self,
            CallFailure::Provider(PaymentError::TimedOut | PaymentError::Unavailable)
        )
    }
}

pub struct GuardedProvider {
    provider: Arc<dyn PaymentProvider>,
    breaker: Breaker,
    timeout: Duration,
    metrics: Arc<Metrics>,
}

impl GuardedProvider {
    pub fn new(
        provider: Arc<dyn PaymentProvider>,
        breaker: Breaker,
        timeout: Duration,
        metrics: Arc<Metrics>,
    ) -> Self {
        let guarded = Self {
            provider,
            breaker,
            timeout,
            metrics,
        };
        guarded.publish_state();
        guarded
    }

    /// Makes `call` unless the breaker is open. A decline counts as an
    /// answer: the provider is working.
    pub async fn call(
        &self,
        call: Call,
        order: OrderId,
        amount: Money,
        key: &str,
    ) -> Result<(), CallFailure> {
        let permit = match self.breaker.acquire() {
            Ok(permit) => permit,
            Err(refused) => {
                self.metrics.payment_call(call.as_str(), "refused");
                self.publish_state();
                return Err(CallFailure::Open {
                    retry_in: refused.retry_in,
                });
            }
        };
        let outcome = tokio::time::timeout(
            self.timeout,
            perform(self.provider.as_ref(), call, order, amount, key),
        )
        .await
        .unwrap_or(Err(PaymentError::TimedOut));
        permit.finish(matches!(
            outcome,
            Err(PaymentError::Unavailable | PaymentError::TimedOut)
        ));
        let label = match outcome {
            Ok(()) => "ok",
            Err(error) => error.as_str(),
        };
        self.metrics.payment_call(call.as_str(), label);
        self.publish_state();
        outcome.map_err(CallFailure::Provider)
    }

    pub fn breaker_state(&self) -> BreakerState {
        self.breaker.state()
    }

    /// Shows the breaker's state in the metrics.
    pub fn publish_state(&self) {
        self.metrics.payment_breaker(self.breaker.state().as_str());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use async_trait::async_trait;

    use super::*;
    use crate::payment_provider::breaker::{BreakerSettings, TestClock};

    /// Always unavailable; counts the calls that reach it.
    #[derive(Default)]
    struct Down(AtomicUsize);

    impl Down {
        fn fail(&self) -> Result<(), PaymentError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Err(PaymentError::Unavailable)
        }
    }

    #[async_trait]
    impl PaymentProvider for Down {
        async fn authorize(&self, _: OrderId, _: Money, _: &str) -> Result<(), PaymentError> {
            self.fail()
        }
        async fn capture(&self, _: OrderId, _: Money, _: &str) -> Result<(), PaymentError> {
            self.fail()
        }
        async fn void(&self, _: OrderId, _: Money, _: &str) -> Result<(), PaymentError> {
            self.fail()
        }
        async fn refund(&self, _: OrderId, _: Money, _: &str) -> Result<(), PaymentError> {
            self.fail()
        }
    }

    #[tokio::test]
    async fn a_call_refused_while_open_never_reaches_the_provider() {
        let clock = Arc::new(TestClock::default());
        let settings = BreakerSettings {
            min_calls: 3,
            ..BreakerSettings::default()
        };
        let down = Arc::new(Down::default());
        let metrics = Arc::new(Metrics::default());
        let guarded = GuardedProvider::new(
            down.clone(),
            Breaker::new(settings, clock.clone()),
            Duration::from_secs(1),
            metrics.clone(),
        );
        let (order, amount) = (OrderId::parse(7).unwrap(), Money::won(9_000).unwrap());
        for _ in 0..3 {
            let outcome = guarded.call(Call::Authorize, order, amount, "k").await;
            assert_eq!(
                outcome,
                Err(CallFailure::Provider(PaymentError::Unavailable))
            );
        }
        assert_eq!(guarded.breaker_state(), BreakerState::Open);
        for call in [Call::Authorize, Call::Capture, Call::Void, Call::Refund] {
            let outcome = guarded.call(call, order, amount, "k").await;
            assert!(
                matches!(outcome, Err(CallFailure::Open { .. })),
                "{outcome:?}"
            );
        }
        assert_eq!(
            down.0.load(Ordering::SeqCst),
            3,
            "nothing reached the provider"
        );
        let text = metrics.render();
        assert!(
            text.contains(r#"baedal_payment_breaker_state{state="open"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"baedal_payment_calls_total{action="void",outcome="refused"} 1"#),
            "{text}"
        );

        clock.advance(Duration::from_secs(10));
        let _ = guarded.call(Call::Authorize, order, amount, "k").await;
        assert_eq!(down.0.load(Ordering::SeqCst), 4, "a trial once half-open");
        assert_eq!(guarded.breaker_state(), BreakerState::Open);
    }
}
