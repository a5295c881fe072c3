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
    /// The `snake_case` name, as stored.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Placed(_) => "placed",
            EventKind::PaymentAuthorized => "payment_authorized",
            EventKind::PaymentFailed => "payment_failed",
            EventKind::PaymentExpired => "payment_expired",
            EventKind::Accepted { .. } => "accepted",
            EventKind::Rejected { .. } => "rejected",
            EventKind::CookingStarted => "cooking_started",
            EventKind::CookingFinished => "cooking_finished",
            EventKind::Delayed { .. } => "delayed",
            EventKind::Cancelled => "cancelled",
            EventKind::RiderAssigned { .. } => "rider_assigned",
            EventKind::PickedUp => "picked_up",
            EventKind::Delivered => "delivered",
            EventKind::ReceiptConfirmed => "receipt_confirmed",
            EventKind::AutoCompleted => "auto_completed",
        }
    }
}
