//! The payment port, its adapters (the embedded simulated provider and a real
//! provider's HTTP API), and the circuit breaker every call goes through.

pub mod breaker;
mod guarded;
mod http;
mod settings;
mod simulated;

use async_trait::async_trait;
use domain::{Money, OrderId};
pub use storage::payment_records::Call;

pub use breaker::{Breaker, BreakerSettings, BreakerState, Clock, SystemClock};
pub use guarded::{CallFailure, GuardedProvider};
pub use http::HttpPaymentProvider;
pub use settings::{HttpSettings, PaymentSettings, SimulatedSettings};
pub use simulated::SimulatedProvider;

/// Why a payment call did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("the provider declined")]
    Declined,
    #[error("the provider could not be reached")]
    Unavailable,
    #[error("the provider did not answer in time")]
    TimedOut,
}

impl PaymentError {
    /// The label of this outcome in metrics and in `last_error`.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentError::Declined => "declined",
            PaymentError::Unavailable => "unavailable",
            PaymentError::TimedOut => "timed_out",
        }
    }
}

/// A payment provider. Each call carries an idempotency key: a repeated key
/// has no further effect at the provider.
#[async_trait]
pub trait PaymentProvider: Send + Sync {
    /// Reserves `amount` for `order`.
    async fn authorize(
        &self,
        order: OrderId,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<(), PaymentError>;

    /// Takes the reserved amount.
    async fn capture(
        &self,
        order: OrderId,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<(), PaymentError>;

    /// Releases a reservation that was not captured.
    async fn void(
        &self,
        order: OrderId,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<(), PaymentError>;

    /// Gives back a captured amount.
    async fn refund(
        &self,
        order: OrderId,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<(), PaymentError>;
}

/// Makes `call` on `provider`.
pub async fn perform(
    provider: &dyn PaymentProvider,
    call: Call,
    order: OrderId,
    amount: Money,
    key: &str,
) -> Result<(), PaymentError> {
    match call {
        Call::Authorize => provider.authorize(order, amount, key).await,
        Call::Capture => provider.capture(order, amount, key).await,
        Call::Void => provider.void(order, amount, key).await,
        Call::Refund => provider.refund(order, amount, key).await,
    }
}
