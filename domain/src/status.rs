use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Placed; the payment is not authorised yet. Stores do not see it.
    PendingPayment,
    /// Payment authorised; waiting for the store.
    Paid,
    /// The store accepted it.
    Accepted,
    /// The store rejected it (terminal).
    Rejected,
    /// The kitchen is cooking it.
    Cooking,
    /// Cooked; offered to nearby riders.
    ReadyForPickup,
    /// A rider claimed it.
    RiderAssigned,
    /// The rider has the food.
    PickedUp,
    /// The rider handed it over.
    Delivered,
    /// The customer confirmed receipt, or it was completed automatically (terminal).
    Completed,
    /// Cancelled by the customer or expired unpaid (terminal).
    Cancelled,
}

impl OrderStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [OrderStatus; 11] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Accepted,
        OrderStatus::Rejected,
        OrderStatus::Cooking,
        OrderStatus::ReadyForPickup,
        OrderStatus::RiderAssigned,
        OrderStatus::PickedUp,
        OrderStatus::Delivered,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
    ];

    /// The stored and wire name, `snake_case`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Accepted => "accepted",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Cooking => "cooking",
            OrderStatus::ReadyForPickup => "ready_for_pickup",
            OrderStatus::RiderAssigned => "rider_assigned",
            OrderStatus::PickedUp => "picked_up",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// No command changes a terminal order any more.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            OrderStatus::Rejected | OrderStatus::Completed | OrderStatus::Cancelled
        )
    }

    /// Whether the store has received it (paid or later).
    pub fn is_visible_to_store(self) -> bool {
        self != OrderStatus::PendingPayment
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(OrderStatus::parse("shipped"), None);
    }
}
