//! Riders: on and off duty, where they are, the deliveries near them, what
//! they earn, and where the one carrying an order is for its customer.

use std::sync::Arc;

use app::model::{Account, DeliveryBoard, DeliveryCard, Duty, Earnings, OrderView, RiderSpot};
use app::ports::{PortError, Riders};
use async_trait::async_trait;
use domain::{
    minutes_to_cover, rider_fee, rider_in_range, AccountId, Coordinates, EventName, Money,
    OrderStatus, Timestamp,
};

use super::ServiceSettings;
use crate::live::LiveHub;
use storage::records::OrderFilter;
use storage::Engine;

/// Riders on and off duty, where they are, the deliveries offered to them
/// and what they earn.
pub struct RiderService {
    storage: Arc<dyn Engine>,
    live: LiveHub,
    /// How far from a store riders hear of its deliveries.
    radius_m: u32,
    /// How fast riders are taken to ride, for arrival estimates.
    speed_kmh: u32,
}

impl RiderService {
    pub(super) fn new(storage: Arc<dyn Engine>, live: LiveHub, settings: &ServiceSettings) -> Self {
        Self {
            storage,
            live,
            radius_m: settings.rider_radius_m,
            speed_kmh: settings.rider_speed_kmh,
        }
    }

    /// Where the rider is: their last position on duty, else their base.
    async fn duty(&self, rider: &Account) -> Result<Duty, PortError> {
        let stored = self.storage.rider_position(rider.id).await?;
        Ok(match stored {
            Some(stored) if stored.on_duty => Duty {
                on_duty: true,
                position: Some(stored.position),
            },
            _ => Duty {
                on_duty: false,
                position: rider.home.as_ref().map(|home| home.location),
            },
        })
    }
}

/// A delivery as a rider at `here` sees it.
fn card(view: OrderView, here: Option<Coordinates>) -> DeliveryCard {
    let store = view.store_place.location;
    let store_to_customer_m = store.distance_m(view.order.delivery.location());
    DeliveryCard {
        to_store_m: here.map(|at| at.distance_m(store)),
        store_to_customer_m,
        fee: rider_fee(store_to_customer_m),
        contacts: None,
        view,
    }
}

/// Deliveries and fees of the Korean calendar day of `now`, and of its week
/// from Monday.
fn earnings(done: &[OrderView], now: Timestamp) -> Earnings {
    let today = now.in_korea().day_number;
    // 1970-01-01 was a Thursday: day 0 is three days after a Monday.
    let monday = today - (today + 3).rem_euclid(7);
    let mut earned = Earnings {
        today_deliveries: 0,
        today_fees: Money::ZERO,
        week_deliveries: 0,
        week_fees: Money::ZERO,
    };
    for view in done {
        let Some(delivered) = view
            .timeline
            .iter()
            .find(|entry| entry.event == EventName::Delivered)
        else {
            continue;
        };
        let day = delivered.at.in_korea().day_number;
        let fee = rider_fee(
            view.store_place
                .location
                .distance_m(view.order.delivery.location()),
        );
        if day == today {
            earned.today_deliveries += 1;
            earned.today_fees = earned.today_fees.plus(fee).unwrap_or(earned.today_fees);
        }
        if (monday..=today).contains(&day) {
            earned.week_deliveries += 1;
            earned.week_fees = earned.week_fees.plus(fee).unwrap_or(earned.week_fees);
        }
    }
    earned
}

#[async_trait]
impl Riders for RiderService {
    async fn set_duty(
        &self,
        rider: AccountId,
        position: Option<Coordinates>,
    ) -> Result<(), PortError> {
        self.storage
            .set_rider_duty(rider, position, app::clock::now())
            .await?;
        self.live.rider_at(rider, position);
        Ok(())
    }

    async fn report_position(
        &self,
        rider: AccountId,
        position: Coordinates,
    ) -> Result<bool, PortError> {
        let on_duty = self
            .storage
            .move_rider(rider, position, app::clock::now())
            .await?;
        if !on_duty {
            return Ok(false);
        }
        self.live.rider_at(rider, Some(position));
        for carried in self.storage.order_views(OrderFilter::Rider(rider)).await? {
            if carried.order.status == OrderStatus::PickedUp {
                self.live
                    .rider_moved(carried.order.customer, carried.order.id);
            }
        }
        Ok(true)
    }

    async fn board(&self, rider: &Account) -> Result<DeliveryBoard, PortError> {
        let duty = self.duty(rider).await?;
        let radius_m = self.radius_m;
        let mut offered: Vec<DeliveryCard> = self
            .storage
            .order_views(OrderFilter::ReadyForPickup)
            .await?
            .into_iter()
            .filter(|view| rider_in_range(duty.position, view.store_place.location, radius_m))
            .map(|view| card(view, duty.position))
            .collect();
        offered.sort_by_key(|card| card.to_store_m);
        let mut mine = Vec::new();
        for view in self
            .storage
            .order_views(OrderFilter::Rider(rider.id))
            .await?
        {
            let contacts = self.storage.contacts(view.order.id).await?;
            mine.push(DeliveryCard {
                contacts: Some(contacts),
                ..card(view, duty.position)
            });
        }
        let done = self
            .storage
            .order_views(OrderFilter::DeliveredBy(rider.id))
            .await?;
        Ok(DeliveryBoard {
            offered,
            mine,
            duty,
            radius_m,
            earnings: earnings(&done, app::clock::now()),
        })
    }

    async fn is_offered_to(&self, rider: &Account, view: &OrderView) -> Result<bool, PortError> {
        let duty = self.duty(rider).await?;
        Ok(rider_in_range(
            duty.position,
            view.store_place.location,
            self.radius_m,
        ))
    }

    async fn spot(&self, view: &OrderView) -> Result<Option<RiderSpot>, PortError> {
        let (OrderStatus::PickedUp, Some(rider)) = (view.order.status, view.order.rider) else {
            return Ok(None);
        };
        let Some(stored) = self.storage.rider_position(rider).await? else {
            return Ok(None);
        };
        let to_customer_m = stored.position.distance_m(view.order.delivery.location());
        Ok(Some(RiderSpot {
            position: stored.position,
            updated_at: stored.updated_at,
            to_customer_m,
            eta_minutes: minutes_to_cover(to_customer_m, self.speed_kmh),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_starts_on_monday_in_seoul() {
        // 2026-11-22 is a Sunday; at noon in Seoul it is 03:00 UTC.
        let sunday_noon = Timestamp::from_millis(1_795_316_400_000);
        let today = sunday_noon.in_korea().day_number;
        assert_eq!((today + 3).rem_euclid(7), 6, "Sunday is the seventh day");
        let empty = earnings(&[], sunday_noon);
        assert_eq!(empty.week_deliveries, 0);
        assert_eq!(empty.today_fees, Money::ZERO);
    }
}
