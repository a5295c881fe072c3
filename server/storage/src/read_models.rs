//! The read models: what the order screens, the ranking and the store figures
//! show, derived from the order event log one event at a time. Pure; the
//! projection (`scripts::projection`) stores the results in the transaction
//! that appends the event.

use app::model::{OrderView, Place, TimelineEntry};
use domain::{EventKind, EventName, MenuItemId, Order, OrderEvent, OrderId, StoreId, Timestamp};

/// What an order's view needs besides its events: reference data at the time
/// the order was placed.
#[derive(Debug, Clone)]
pub struct Opening {
    pub store_name: String,
    pub store_place: Place,
    pub customer_name: String,
}

/// The view of a newly placed order, from its `placed` event.
pub fn opened(id: OrderId, event: &OrderEvent, opening: Opening) -> Option<OrderView> {
    let EventKind::Placed(placed) = &event.kind else {
        return None;
    };
    Some(OrderView {
        order: Order::placed(id, placed.clone(), event.at),
        store_name: opening.store_name,
        store_place: opening.store_place,
        customer_name: opening.customer_name,
        rider_name: None,
        timeline: vec![entry(event)],
        payment: None,
        review: None,
    })
}

/// The view after one more event. `rider_name` names the rider an event
/// assigns.
pub fn advanced(mut view: OrderView, event: &OrderEvent, rider_name: Option<String>) -> OrderView {
    view.order = view.order.apply(event);
    if let EventKind::RiderAssigned { .. } = event.kind {
        view.rider_name = rider_name;
    }
    view.timeline.push(entry(event));
    view
}

fn entry(event: &OrderEvent) -> TimelineEntry {
    TimelineEntry {
        event: event.kind.name(),
        at: event.at,
    }
}

/// How one event changes a store's figures for the day it happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SalesChange {
    pub orders: i64,
    pub delivered: i64,
    pub revenue: i64,
    pub cancelled: i64,
    pub rejected: i64,
    /// From acceptance to ready, when this event finished the cooking.
    pub prep_ms: Option<i64>,
}

impl SalesChange {
    pub fn is_empty(&self) -> bool {
        *self == SalesChange::default()
    }
}

/// A dish delivered: counted in the ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DishDelivered {
    pub item: MenuItemId,
    pub name: String,
    pub quantity: i64,
}

/// What one event adds to the figures: the store's day and the dishes ranked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub store: StoreId,
    pub day: i64,
    pub sales: SalesChange,
    pub dishes: Vec<DishDelivered>,
}

/// The figures an event changes, given the view after it. A paid order counts
/// once when paid; revenue and dishes count when delivered.
pub fn tally(after: &OrderView, event: &OrderEvent) -> Tally {
    let order = &after.order;
    let mut sales = SalesChange::default();
    let mut dishes = Vec::new();
    match &event.kind {
        EventKind::PaymentAuthorized => sales.orders = 1,
        EventKind::Cancelled => sales.cancelled = 1,
        EventKind::Rejected { .. } => sales.rejected = 1,
        EventKind::CookingFinished => sales.prep_ms = prep_ms(after, event.at),
        EventKind::Delivered => {
            sales.delivered = 1;
            sales.revenue = order.total.get();
            dishes = order
                .lines
                .iter()
                .map(|line| DishDelivered {
                    item: line.item,
                    name: line.name.clone(),
                    quantity: i64::from(line.quantity.get()),
                })
                .collect();
        }
        EventKind::Placed(_)
        | EventKind::PaymentFailed
        | EventKind::PaymentExpired
        | EventKind::Accepted { .. }
        | EventKind::CookingStarted
        | EventKind::Delayed { .. }
        | EventKind::RiderAssigned { .. }
        | EventKind::PickedUp
        | EventKind::ReceiptConfirmed
        | EventKind::AutoCompleted => {}
    }
    Tally {
        store: order.store,
        day: event.at.in_korea().day_number,
        sales,
        dishes,
    }
}

/// Time from the store's acceptance to `ready`, read from the timeline.
fn prep_ms(view: &OrderView, ready: Timestamp) -> Option<i64> {
    view.timeline
        .iter()
        .find(|entry| entry.event == EventName::Accepted)
        .map(|accepted| (ready.millis() - accepted.at.millis()).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{
        AccountId, Coordinates, Delivery, Money, OrderDraft, OrderLine, OrderStatus, PrepMinutes,
        Quantity,
    };

    fn placed_view() -> (OrderView, OrderEvent) {
        let here = Coordinates::parse(37.55, 126.92).unwrap();
        let draft = OrderDraft {
            customer: AccountId::parse(1).unwrap(),
            store: StoreId::parse(2).unwrap(),
            lines: vec![OrderLine {
                item: MenuItemId::parse(7).unwrap(),
                name: "김치찌개".into(),
                unit_price: Money::won(9_000).unwrap(),
                quantity: Quantity::parse(3).unwrap(),
                options: vec![],
            }],
            delivery: Delivery::parse("서울", here).unwrap(),
            delivery_fee: Money::ZERO,
            min_order: Money::ZERO,
            coupon: None,
            note: None,
        };
        let event = draft.place(Timestamp::from_millis(1_000)).unwrap();
        let opening = Opening {
            store_name: "가게".into(),
            store_place: Place {
                address: "서울".into(),
                location: here,
            },
            customer_name: "손님".into(),
        };
        let view = opened(OrderId::parse(5).unwrap(), &event, opening).unwrap();
        (view, event)
    }

    fn at(ms: i64, kind: EventKind) -> OrderEvent {
        OrderEvent {
            at: Timestamp::from_millis(ms),
            kind,
        }
    }

    #[test]
    fn a_delivered_order_counts_its_dishes_and_revenue_once() {
        let (mut view, _) = placed_view();
        let mut totals = SalesChange::default();
        let mut dishes = Vec::new();
        let events = [
            at(2_000, EventKind::PaymentAuthorized),
            at(
                3_000,
                EventKind::Accepted {
                    prep_minutes: PrepMinutes::parse(20).unwrap(),
                },
            ),
            at(4_000, EventKind::CookingStarted),
            at(63_000, EventKind::CookingFinished),
            at(
                70_000,
                EventKind::RiderAssigned {
                    rider: AccountId::parse(9).unwrap(),
                },
            ),
            at(80_000, EventKind::PickedUp),
            at(90_000, EventKind::Delivered),
        ];
        for event in &events {
            view = advanced(view, event, Some("기사".into()));
            let tally = tally(&view, event);
            totals.orders += tally.sales.orders;
            totals.delivered += tally.sales.delivered;
            totals.revenue += tally.sales.revenue;
            if let Some(prep) = tally.sales.prep_ms {
                totals.prep_ms = Some(prep);
            }
            dishes.extend(tally.dishes);
        }
        assert_eq!(view.order.status, OrderStatus::Delivered);
        assert_eq!(view.rider_name.as_deref(), Some("기사"));
        assert_eq!(view.timeline.len(), 8);
        assert_eq!(
            (totals.orders, totals.delivered, totals.revenue),
            (1, 1, 27_000)
        );
        assert_eq!(totals.prep_ms, Some(60_000));
        assert_eq!(dishes.len(), 1);
        assert_eq!(dishes[0].quantity, 3);
    }
}
