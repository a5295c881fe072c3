use leptos::prelude::*;

use crate::error::AppError;
use crate::model::DeliveryBoard;

/// Deliveries ready for pickup, nearest first, and the rider's own.
#[server(endpoint = "rider_board", input = leptos::server_fn::codec::Json)]
pub async fn rider_board() -> Result<DeliveryBoard, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::{DeliveryCard, OrderView, Role};

    async {
        let rider = caller_with(Role::Rider).await?;
        let orders = ports()?.orders;
        let here = rider.home.as_ref().map(|place| place.location);
        let card = |view: OrderView| DeliveryCard {
            to_store_m: here.map(|at| at.distance_m(view.store_place.location)),
            store_to_customer_m: view
                .store_place
                .location
                .distance_m(view.order.delivery.location()),
            view,
        };
        let mut offered: Vec<_> = orders
            .ready_for_pickup()
            .await?
            .into_iter()
            .map(card)
            .collect();
        offered.sort_by_key(|card| card.to_store_m);
        let mine = orders
            .of_rider(rider.id)
            .await?
            .into_iter()
            .map(card)
            .collect();
        Ok(DeliveryBoard { offered, mine })
    }
    .await
}
