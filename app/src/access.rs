//! Who may see and command which order: one rule, used by every server
//! function and stream, and by the browser to decide optimistically.

use domain::{Actor, Coordinates, Order, OrderStatus};

use crate::model::{Account, Role};

/// Whether `account` may see `order` at all.
pub fn may_view(account: &Account, order: &Order) -> bool {
    match account.role {
        Role::Customer => order.customer == account.id,
        Role::StoreOwner => {
            account.stores.contains(&order.store) && order.status.is_visible_to_store()
        }
        Role::Rider => {
            order.rider == Some(account.id)
                || (order.status == OrderStatus::ReadyForPickup && order.rider.is_none())
        }
        Role::Operator => true,
    }
}

/// The actor `account` is when it commands `order`, if it may command it.
/// Riders may also command deliveries that were offered and then taken by
/// someone else, so that a lost race gets its typed refusal.
pub fn actor_for(account: &Account, order: &Order) -> Option<Actor> {
    let offered_to_riders = matches!(
        order.status,
        OrderStatus::RiderAssigned
            | OrderStatus::PickedUp
            | OrderStatus::Delivered
            | OrderStatus::Completed
    );
    let rider_who_lost_the_race = account.role == Role::Rider && offered_to_riders;
    if !(may_view(account, order) || rider_who_lost_the_race) {
        return None;
    }
    match account.role {
        Role::Customer => Some(Actor::Customer(account.id)),
        Role::StoreOwner => Some(Actor::Store(order.store)),
        Role::Rider => Some(Actor::Rider(account.id)),
        Role::Operator => None,
    }
}

/// Whether a change to `order`, from a store at `store_location`, is sent to
/// `account`'s live stream: whatever it may see; but a rider hears of offers
/// only from stores within `rider_radius_m` of where they are (`rider_at`),
/// including the moment an offer is taken by someone else, so that it
/// leaves their board.
pub fn may_hear(
    account: &Account,
    order: &Order,
    store_location: Coordinates,
    rider_at: Option<Coordinates>,
    rider_radius_m: u32,
) -> bool {
    match account.role {
        Role::Rider if order.rider == Some(account.id) => true,
        Role::Rider => {
            let on_offer = may_view(account, order) || order.status == OrderStatus::RiderAssigned;
            let near = domain::rider_in_range(rider_at, store_location, rider_radius_m);
            on_offer && near
        }
        Role::Customer | Role::StoreOwner | Role::Operator => may_view(account, order),
    }
}
