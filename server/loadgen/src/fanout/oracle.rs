//! Who should hear what: the benchmark's own statement of Baedal's rule
//! (SPEC §7, `access::may_hear`), for the places it sets up. A customer
//! hears every change of their orders; a store's owner every change of its
//! orders once paid; a rider the offers of the store they stand at and
//! their taking by anyone, then every change of a delivery they claimed.
//! Stores stand 7.8 km apart and riders at a store, so a rider is within
//! the 3 km radius of exactly the store they stand at.

use std::collections::HashMap;

use super::follow::Heard;

/// The statuses an order passes through, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    PendingPayment,
    Paid,
    Accepted,
    Cooking,
    ReadyForPickup,
    RiderAssigned,
    PickedUp,
    Delivered,
    Completed,
}

impl Status {
    pub fn parse(name: &str) -> Option<Status> {
        Some(match name {
            "pending_payment" => Status::PendingPayment,
            "paid" => Status::Paid,
            "accepted" => Status::Accepted,
            "cooking" => Status::Cooking,
            "ready_for_pickup" => Status::ReadyForPickup,
            "rider_assigned" => Status::RiderAssigned,
            "picked_up" => Status::PickedUp,
            "delivered" => Status::Delivered,
            "completed" => Status::Completed,
            _ => return None,
        })
    }
}

/// Who holds a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listener {
    Customer(usize),
    /// The owner of a store, by its index.
    Owner(usize),
    /// A rider and the store they stand at.
    Rider {
        rider: usize,
        at_store: usize,
    },
}

/// An order the benchmark moved, and the statuses it reached.
#[derive(Debug, Clone)]
pub struct Driven {
    pub id: i64,
    pub customer: usize,
    pub store: usize,
    pub rider: Option<usize>,
    pub reached: Vec<Status>,
}

impl Listener {
    fn hears(self, order: &Driven, status: Status) -> bool {
        match self {
            Listener::Customer(customer) => order.customer == customer,
            Listener::Owner(store) => order.store == store && status != Status::PendingPayment,
            Listener::Rider { rider, at_store } => {
                let own = order.rider == Some(rider) && status >= Status::RiderAssigned;
                let on_offer = matches!(status, Status::ReadyForPickup | Status::RiderAssigned)
                    && order.store == at_store;
                own || on_offer
            }
        }
    }
}

/// Deliveries expected, made, missing and extra (a change not expected, or
/// heard twice).
#[derive(Debug, Default, Clone, Copy)]
pub struct Count {
    pub expected: u64,
    pub delivered: u64,
    pub missing: u64,
    pub extra: u64,
    /// Changes a stream heard after one with a higher event id.
    pub out_of_order: u64,
}

/// Compares what each stream heard with what it should have.
pub fn count(listeners: &[Listener], heard: &[Vec<Heard>], orders: &[Driven]) -> Count {
    let by_id: HashMap<i64, &Driven> = orders.iter().map(|order| (order.id, order)).collect();
    let mut total = Count::default();
    for (listener, heard) in listeners.iter().zip(heard) {
        let mut expected: HashMap<(i64, Status), u32> = HashMap::new();
        for order in orders {
            for status in &order.reached {
                if listener.hears(order, *status) {
                    expected.insert((order.id, *status), 0);
                }
            }
        }
        total.expected += expected.len() as u64;
        total.out_of_order += heard
            .windows(2)
            .filter(|pair| pair[1].event_id <= pair[0].event_id)
            .count() as u64;
        for change in heard {
            match expected.get_mut(&(change.order, change.status)) {
                Some(times) if by_id.contains_key(&change.order) => *times += 1,
                _ => total.extra += 1,
            }
        }
        for times in expected.values() {
            match times {
                0 => total.missing += 1,
                1 => total.delivered += 1,
                more => {
                    total.delivered += 1;
                    total.extra += u64::from(more - 1);
                }
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIFE: [Status; 9] = [
        Status::PendingPayment,
        Status::Paid,
        Status::Accepted,
        Status::Cooking,
        Status::ReadyForPickup,
        Status::RiderAssigned,
        Status::PickedUp,
        Status::Delivered,
        Status::Completed,
    ];

    fn heard(order: i64, status: Status) -> Heard {
        Heard {
            order,
            status,
            event_id: status as i64,
            delay_ms: 0,
            live: true,
        }
    }

    #[test]
    fn a_delivered_order_is_heard_by_its_customer_store_and_rider() {
        let order = Driven {
            id: 7,
            customer: 3,
            store: 1,
            rider: Some(0),
            reached: LIFE.to_vec(),
        };
        let listeners = [
            Listener::Customer(3),
            Listener::Owner(1),
            Listener::Rider {
                rider: 0,
                at_store: 1,
            },
            Listener::Rider {
                rider: 1,
                at_store: 2,
            },
            Listener::Customer(4),
        ];
        let all: Vec<Heard> = LIFE.iter().map(|s| heard(7, *s)).collect();
        let streams = vec![
            all.clone(),
            all[1..].to_vec(),
            all[4..].to_vec(),
            Vec::new(),
            Vec::new(),
        ];
        let counted = count(&listeners, &streams, std::slice::from_ref(&order));
        assert_eq!(
            (counted.expected, counted.delivered),
            (9 + 8 + 5, 9 + 8 + 5)
        );
        assert_eq!(
            (counted.missing, counted.extra, counted.out_of_order),
            (0, 0, 0)
        );

        let wrong = vec![
            all[1..].to_vec(),
            all.clone(),
            all[4..].to_vec(),
            vec![heard(7, Status::ReadyForPickup)],
            Vec::new(),
        ];
        let counted = count(&listeners, &wrong, &[order]);
        assert_eq!(counted.missing, 1, "the customer missed the placement");
        assert_eq!(
            counted.extra, 2,
            "the store heard it unpaid; a far rider heard the offer"
        );
    }
}
