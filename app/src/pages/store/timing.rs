//! Where an order stands in the kitchen, and how it is doing against the
//! clock: pure functions of the order and the time.

use domain::{Order, OrderStatus, Timestamp};

use crate::i18n::Msg;

/// A paid order unanswered this long is urgent.
pub const URGENT_AFTER_MINUTES: i64 = 5;

/// A column of the kitchen queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    New,
    Accepted,
    Cooking,
    Ready,
    PickedUp,
}

impl Column {
    /// Left to right.
    pub const ALL: [Column; 5] = [
        Column::New,
        Column::Accepted,
        Column::Cooking,
        Column::Ready,
        Column::PickedUp,
    ];

    /// The column an order in `status` sits in; none for orders the counter
    /// no longer shows.
    pub fn of(status: OrderStatus) -> Option<Column> {
        match status {
            OrderStatus::Paid => Some(Column::New),
            OrderStatus::Accepted => Some(Column::Accepted),
            OrderStatus::Cooking => Some(Column::Cooking),
            OrderStatus::ReadyForPickup | OrderStatus::RiderAssigned => Some(Column::Ready),
            OrderStatus::PickedUp => Some(Column::PickedUp),
            OrderStatus::PendingPayment
            | OrderStatus::Rejected
            | OrderStatus::Delivered
            | OrderStatus::Completed
            | OrderStatus::Cancelled => None,
        }
    }

    /// The name in test ids and classes.
    pub fn name(self) -> &'static str {
        match self {
            Column::New => "new",
            Column::Accepted => "accepted",
            Column::Cooking => "cooking",
            Column::Ready => "ready",
            Column::PickedUp => "picked_up",
        }
    }

    /// The heading.
    pub fn title(self) -> Msg {
        match self {
            Column::New => Msg::ColumnNew,
            Column::Accepted => Msg::ColumnAccepted,
            Column::Cooking => Msg::ColumnCooking,
            Column::Ready => Msg::ColumnReady,
            Column::PickedUp => Msg::ColumnPickedUp,
        }
    }
}

/// How an order is doing against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Paid and not answered yet, for this many minutes.
    Waiting { minutes: i64, urgent: bool },
    /// In the kitchen, due in this many minutes (0: due now).
    Due { minutes: i64 },
    /// In the kitchen past its estimate, by this many minutes.
    Late { minutes: i64 },
    /// Out of the kitchen, or without an estimate.
    Done,
}

impl Pace {
    /// Whether the card should stand out.
    pub fn is_alarming(self) -> bool {
        matches!(self, Pace::Late { .. } | Pace::Waiting { urgent: true, .. })
    }
}

/// Whole minutes from `from` to `to`, never negative (clocks disagree a little).
pub fn minutes_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.millis() - from.millis()).max(0) / 60_000
}

/// The order's pace at `now`.
pub fn pace(order: &Order, now: Timestamp) -> Pace {
    match order.status {
        OrderStatus::Paid => {
            let minutes = minutes_between(order.placed_at, now);
            Pace::Waiting {
                minutes,
                urgent: minutes >= URGENT_AFTER_MINUTES,
            }
        }
        OrderStatus::Accepted | OrderStatus::Cooking => match order.ready_at {
            Some(ready_at) if now > ready_at => Pace::Late {
                // Started minutes count: one second late is one minute late.
                minutes: (now.millis() - ready_at.millis() + 59_999) / 60_000,
            },
            Some(ready_at) => Pace::Due {
                minutes: minutes_between(now, ready_at),
            },
            None => Pace::Done,
        },
        OrderStatus::PendingPayment
        | OrderStatus::Rejected
        | OrderStatus::ReadyForPickup
        | OrderStatus::RiderAssigned
        | OrderStatus::PickedUp
        | OrderStatus::Delivered
        | OrderStatus::Completed
        | OrderStatus::Cancelled => Pace::Done,
    }
}

#[cfg(test)]
mod tests {
    use domain::{
        AccountId, Coordinates, Delivery, MenuItemId, Money, OrderId, OrderLine, Quantity, StoreId,
    };

    use super::*;

    const MINUTE: i64 = 60_000;
    const PLACED: i64 = 1_795_359_600_000;

    fn order(status: OrderStatus, ready_in: Option<i64>) -> Order {
        let line = OrderLine {
            item: MenuItemId::parse(1).unwrap(),
            name: "김치찌개".into(),
            unit_price: Money::won(9_000).unwrap(),
            quantity: Quantity::parse(1).unwrap(),
            options: Vec::new(),
        };
        Order {
            id: OrderId::parse(1).unwrap(),
            customer: AccountId::parse(1).unwrap(),
            store: StoreId::parse(1).unwrap(),
            rider: None,
            status,
            lines: vec![line],
            total: Money::won(12_000).unwrap(),
            subtotal: Money::won(9_000).unwrap(),
            delivery_fee: Money::won(3_000).unwrap(),
            discount: Money::ZERO,
            coupon: None,
            note: None,
            delivery: Delivery::parse("서울", Coordinates::parse(37.5, 127.0).unwrap()).unwrap(),
            placed_at: Timestamp::from_millis(PLACED),
            updated_at: Timestamp::from_millis(PLACED),
            ready_at: ready_in.map(|minutes| Timestamp::from_millis(PLACED + minutes * MINUTE)),
            reject_reason: None,
        }
    }

    fn at(minutes: i64, seconds: i64) -> Timestamp {
        Timestamp::from_millis(PLACED + minutes * MINUTE + seconds * 1_000)
    }

    #[test]
    fn columns_follow_the_status() {
        assert_eq!(Column::of(OrderStatus::Paid), Some(Column::New));
        assert_eq!(Column::of(OrderStatus::RiderAssigned), Some(Column::Ready));
        assert_eq!(Column::of(OrderStatus::PickedUp), Some(Column::PickedUp));
        assert_eq!(Column::of(OrderStatus::Cancelled), None);
    }

    #[test]
    fn elapsed_minutes_are_whole_and_never_negative() {
        assert_eq!(minutes_between(at(0, 0), at(12, 59)), 12);
        assert_eq!(minutes_between(at(3, 0), at(0, 0)), 0);
    }

    #[test]
    fn unanswered_orders_become_urgent() {
        let paid = order(OrderStatus::Paid, None);
        assert_eq!(
            pace(&paid, at(4, 59)),
            Pace::Waiting {
                minutes: 4,
                urgent: false
            }
        );
        assert!(pace(&paid, at(5, 0)).is_alarming());
    }

    #[test]
    fn kitchen_orders_are_late_past_their_estimate() {
        let cooking = order(OrderStatus::Cooking, Some(20));
        assert_eq!(pace(&cooking, at(5, 30)), Pace::Due { minutes: 14 });
        assert_eq!(pace(&cooking, at(20, 0)), Pace::Due { minutes: 0 });
        assert_eq!(pace(&cooking, at(20, 1)), Pace::Late { minutes: 1 });
        assert_eq!(pace(&cooking, at(23, 0)), Pace::Late { minutes: 3 });
        assert!(!pace(&cooking, at(19, 0)).is_alarming());
        assert!(pace(&cooking, at(21, 0)).is_alarming());
    }

    #[test]
    fn ready_orders_are_never_late() {
        let ready = order(OrderStatus::ReadyForPickup, Some(20));
        assert_eq!(pace(&ready, at(90, 0)), Pace::Done);
    }
}
