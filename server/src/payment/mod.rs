//! The payment port, the built-in simulated provider, and the circuit breaker
//! in front of the provider.

pub mod breaker;

use async_trait::async_trait;
use domain::{Money, OrderId};

/// Why a payment call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("the provider declined")]
    Declined,
    #[error("the provider could not be reached")]
    Unavailable,
}

/// A payment provider. Every call carries an idempotency key derived from the
/// order, so a retried call never charges twice.
#[async_trait]
pub trait PaymentProvider: Send + Sync {
    /// Reserves `amount` for `order`.
    async fn authorize(&self, order: OrderId, amount: Money) -> Result<(), PaymentError>;
}

/// The embedded default: authorises every payment at once.
#[derive(Debug, Default, Clone)]
pub struct SimulatedProvider;

#[async_trait]
impl PaymentProvider for SimulatedProvider {
    async fn authorize(&self, _order: OrderId, _amount: Money) -> Result<(), PaymentError> {
        Ok(())
    }
}
