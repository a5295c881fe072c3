//! Payments as storage keeps them: the calls made to the provider, their
//! idempotency keys, the payment worker's queue, and stored states.

use app::model::PaymentState;
use domain::{Money, OrderId, PaymentAction};

use crate::error::{corrupt, StorageError};

/// A call to the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Call {
    Authorize,
    Capture,
    Void,
    Refund,
}

impl Call {
    /// The name in URLs, idempotency keys, metrics and the queue.
    pub fn as_str(self) -> &'static str {
        match self {
            Call::Authorize => "authorize",
            Call::Capture => "capture",
            Call::Void => "void",
            Call::Refund => "refund",
        }
    }
}

impl From<PaymentAction> for Call {
    fn from(action: PaymentAction) -> Self {
        match action {
            PaymentAction::Capture => Call::Capture,
            PaymentAction::Void => Call::Void,
            PaymentAction::Refund => Call::Refund,
        }
    }
}

/// The idempotency key of a call about an order. Every attempt of the same
/// call carries the same key, so the provider charges at most once.
pub fn call_key(order: OrderId, call: Call) -> String {
    format!("order-{order}-{}", call.as_str())
}

/// The key of a void for an authorisation that arrived after its order was
/// cancelled: not the cancellation's own void, which may have been sent
/// before this authorisation reached the provider.
pub fn late_void_key(order: OrderId) -> String {
    format!("{}-late", call_key(order, Call::Void))
}

/// An unpaid order whose authorisation is due again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueAuthorization {
    pub order: OrderId,
    pub amount: Money,
}

/// A capture, void or refund queued for the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedCall {
    pub id: i64,
    pub order: OrderId,
    pub action: PaymentAction,
    pub amount: Money,
    pub key: String,
    /// Attempts made so far.
    pub attempts: i64,
}

/// An order's payment as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredPayment {
    pub state: PaymentState,
    pub amount: Money,
    /// Authorisation attempts that failed.
    pub attempts: i64,
}

/// The stored name of a payment state.
pub fn payment_state_name(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Unpaid => "unpaid",
        PaymentState::Authorized => "authorized",
        PaymentState::Captured => "captured",
        PaymentState::Voided => "voided",
        PaymentState::Refunded => "refunded",
    }
}

/// Parses a stored payment state.
pub fn parse_payment_state(name: &str) -> Result<PaymentState, StorageError> {
    [
        PaymentState::Unpaid,
        PaymentState::Authorized,
        PaymentState::Captured,
        PaymentState::Voided,
        PaymentState::Refunded,
    ]
    .into_iter()
    .find(|state| payment_state_name(*state) == name)
    .ok_or_else(|| corrupt(format!("a payment in state {name}")))
}

/// What a payment is once the provider confirmed a queued call.
pub fn payment_state_after(action: PaymentAction) -> PaymentState {
    match action {
        PaymentAction::Capture => PaymentState::Captured,
        PaymentAction::Void => PaymentState::Voided,
        PaymentAction::Refund => PaymentState::Refunded,
    }
}
