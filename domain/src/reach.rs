//! Who is in range of whom: the distances that decide offers and deliveries.

use crate::Coordinates;

/// Whether a rider at `rider_at` is in range of a store at `store`, that is
/// within `radius_m`: such a rider is offered its deliveries on their board,
/// hears of them on their live stream and is notified when one is ready. A
/// rider whose position is unknown is in range of no store.
pub fn rider_in_range(rider_at: Option<Coordinates>, store: Coordinates, radius_m: u32) -> bool {
    rider_at.is_some_and(|at| at.distance_m(store) <= radius_m)
}

/// Whether a store at `store` that delivers within `radius_m` delivers to an
/// address at `address`: the store list, the store page and placing an order
/// all ask this.
pub fn store_delivers_to(store: Coordinates, radius_m: u32, address: Coordinates) -> bool {
    address.distance_m(store) <= radius_m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rider_is_in_range_up_to_the_radius_and_not_without_a_position() {
        let store = Coordinates::parse(37.5563, 126.9236).unwrap();
        let rider = Coordinates::parse(37.5663, 126.9236).unwrap();
        let apart = rider.distance_m(store);
        assert!(rider_in_range(Some(rider), store, apart));
        assert!(!rider_in_range(Some(rider), store, apart - 1));
        assert!(!rider_in_range(None, store, u32::MAX));
    }

    #[test]
    fn a_store_delivers_up_to_its_radius() {
        let store = Coordinates::parse(37.5553, 126.9226).unwrap();
        // Gangnam, about 11 km away.
        let far = Coordinates::parse(37.4979, 127.0276).unwrap();
        assert!(!store_delivers_to(store, 3_000, far));
        assert!(store_delivers_to(store, far.distance_m(store), far));
        assert!(store_delivers_to(store, 0, store));
    }
}
