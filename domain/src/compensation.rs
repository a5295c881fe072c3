//! What an event asks of the payment and the coupon (SPEC §4, requirement
//! 17): capture when the store accepts, void an authorisation that was never
//! captured, refund one that was, and give a coupon back when the order does
//! not go ahead.

use serde::{Deserialize, Serialize};

use crate::{EventKind, OrderStatus};

/// A call to the payment provider that an event requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentAction {
    /// Take the authorised amount.
    Capture,
    /// Release an authorisation that was not captured.
    Void,
    /// Give back a captured amount.
    Refund,
}

impl PaymentAction {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentAction::Capture => "capture",
            PaymentAction::Void => "void",
            PaymentAction::Refund => "refund",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Capture, Self::Void, Self::Refund]
            .into_iter()
            .find(|action| action.as_str() == name)
    }
}

/// The payment call `event` requires of an order that was `before`.
/// An order still waiting for payment has nothing authorised to void.
pub fn payment_action(before: OrderStatus, event: &EventKind) -> Option<PaymentAction> {
    match event {
        EventKind::Accepted { .. } => Some(PaymentAction::Capture),
        EventKind::Rejected { .. } => Some(PaymentAction::Void),
        EventKind::Cancelled => match before {
            OrderStatus::Paid => Some(PaymentAction::Void),
            OrderStatus::Accepted => Some(PaymentAction::Refund),
            OrderStatus::PendingPayment
            | OrderStatus::Rejected
            | OrderStatus::Cooking
            | OrderStatus::ReadyForPickup
            | OrderStatus::RiderAssigned
            | OrderStatus::PickedUp
            | OrderStatus::Delivered
            | OrderStatus::Completed
            | OrderStatus::Cancelled => None,
        },
        EventKind::Placed(_)
        | EventKind::PaymentAuthorized
        | EventKind::PaymentFailed
        | EventKind::PaymentExpired
        | EventKind::CookingStarted
        | EventKind::CookingFinished
        | EventKind::Delayed { .. }
        | EventKind::RiderAssigned { .. }
        | EventKind::PickedUp
        | EventKind::Delivered
        | EventKind::ReceiptConfirmed
        | EventKind::AutoCompleted => None,
    }
}

/// Whether `event` ends the order without food, so that a coupon it used
/// can be used again.
pub fn returns_coupon(event: &EventKind) -> bool {
    match event {
        EventKind::Rejected { .. } | EventKind::Cancelled | EventKind::PaymentExpired => true,
        EventKind::Placed(_)
        | EventKind::PaymentAuthorized
        | EventKind::PaymentFailed
        | EventKind::Accepted { .. }
        | EventKind::CookingStarted
        | EventKind::CookingFinished
        | EventKind::Delayed { .. }
        | EventKind::RiderAssigned { .. }
        | EventKind::PickedUp
        | EventKind::Delivered
        | EventKind::ReceiptConfirmed
        | EventKind::AutoCompleted => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PrepMinutes, Reason};

    #[test]
    fn accept_captures_reject_voids_and_cancel_voids_or_refunds() {
        let accepted = EventKind::Accepted {
            prep_minutes: PrepMinutes::parse(10).unwrap(),
        };
        let rejected = EventKind::Rejected {
            reason: Reason::parse("sold out").unwrap(),
        };
        use OrderStatus::*;
        assert_eq!(
            payment_action(Paid, &accepted),
            Some(PaymentAction::Capture)
        );
        assert_eq!(payment_action(Paid, &rejected), Some(PaymentAction::Void));
        assert_eq!(
            payment_action(Paid, &EventKind::Cancelled),
            Some(PaymentAction::Void)
        );
        assert_eq!(
            payment_action(Accepted, &EventKind::Cancelled),
            Some(PaymentAction::Refund)
        );
        assert_eq!(payment_action(PendingPayment, &EventKind::Cancelled), None);
        assert_eq!(
            payment_action(PendingPayment, &EventKind::PaymentExpired),
            None
        );
        assert_eq!(
            payment_action(Delivered, &EventKind::ReceiptConfirmed),
            None
        );
        assert!(returns_coupon(&rejected));
        assert!(returns_coupon(&EventKind::Cancelled));
        assert!(returns_coupon(&EventKind::PaymentExpired));
        assert!(!returns_coupon(&EventKind::ReceiptConfirmed));
        assert_eq!(PaymentAction::parse("refund"), Some(PaymentAction::Refund));
    }
}
