use serde::{Deserialize, Serialize};

use crate::{AccountId, PlacedOrder, PrepMinutes, Reason, Timestamp};

/// Something that happened to an order, as appended to its event log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderEvent {
    /// When it happened.
    pub at: Timestamp,
    /// What happened.
    pub kind: EventKind,
}

/// The facts an order's log is made of. Replaying them with
/// [`crate::Order::apply`] rebuilds the order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The customer placed the order.
    Placed(PlacedOrder),
    /// The payment was authorised.
    PaymentAuthorized,
    /// An authorisation attempt failed; the order waits for a retry.
    PaymentFailed,
    /// Unpaid for too long; cancelled.
    PaymentExpired,
    /// The store accepted.
    Accepted {
        /// Estimated preparation time.
        prep_minutes: PrepMinutes,
    },
    /// The store rejected.
    Rejected {
        /// The store's reason.
        reason: Reason,
    },
    /// Cooking started.
    CookingStarted,
    /// Cooking finished; ready for pickup.
    CookingFinished,
    /// The store moved its estimate.
    Delayed {
        /// Minutes from the event until ready.
        minutes: PrepMinutes,
    },
    /// The customer cancelled.
    Cancelled,
    /// A rider claimed the delivery.
    RiderAssigned {
        /// The rider.
        rider: AccountId,
    },
    /// The rider collected the food.
    PickedUp,
    /// The rider handed it over.
    Delivered,
    /// The customer confirmed receipt.
    ReceiptConfirmed,
    /// Completed without confirmation.
    AutoCompleted,
}

impl EventKind {
    /// The name of this event, without its data.
    pub fn name(&self) -> EventName {
        match self {
            EventKind::Placed(_) => EventName::Placed,
            EventKind::PaymentAuthorized => EventName::PaymentAuthorized,
            EventKind::PaymentFailed => EventName::PaymentFailed,
            EventKind::PaymentExpired => EventName::PaymentExpired,
            EventKind::Accepted { .. } => EventName::Accepted,
            EventKind::Rejected { .. } => EventName::Rejected,
            EventKind::CookingStarted => EventName::CookingStarted,
            EventKind::CookingFinished => EventName::CookingFinished,
            EventKind::Delayed { .. } => EventName::Delayed,
            EventKind::Cancelled => EventName::Cancelled,
            EventKind::RiderAssigned { .. } => EventName::RiderAssigned,
            EventKind::PickedUp => EventName::PickedUp,
            EventKind::Delivered => EventName::Delivered,
            EventKind::ReceiptConfirmed => EventName::ReceiptConfirmed,
            EventKind::AutoCompleted => EventName::AutoCompleted,
        }
    }
}

/// The name of an event without its data: what a timeline shows and a log
/// row is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventName {
    Placed,
    PaymentAuthorized,
    PaymentFailed,
    PaymentExpired,
    Accepted,
    Rejected,
    CookingStarted,
    CookingFinished,
    Delayed,
    Cancelled,
    RiderAssigned,
    PickedUp,
    Delivered,
    ReceiptConfirmed,
    AutoCompleted,
}

impl EventName {
    /// The `snake_case` name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Placed => "placed",
            EventName::PaymentAuthorized => "payment_authorized",
            EventName::PaymentFailed => "payment_failed",
            EventName::PaymentExpired => "payment_expired",
            EventName::Accepted => "accepted",
            EventName::Rejected => "rejected",
            EventName::CookingStarted => "cooking_started",
            EventName::CookingFinished => "cooking_finished",
            EventName::Delayed => "delayed",
            EventName::Cancelled => "cancelled",
            EventName::RiderAssigned => "rider_assigned",
            EventName::PickedUp => "picked_up",
            EventName::Delivered => "delivered",
            EventName::ReceiptConfirmed => "receipt_confirmed",
            EventName::AutoCompleted => "auto_completed",
        }
    }
}
