//! Where riders are, in cells of a grid over latitude and longitude, so that
//! an offer looks only at the riders in the cells around its store instead
//! of at every rider.

use std::collections::HashMap;

use domain::{AccountId, Coordinates};

/// Metres along a meridian per degree of latitude, on the sphere
/// `Coordinates::distance_m` measures on.
const METRES_PER_DEGREE: f64 = 6_371_000.0 * std::f64::consts::PI / 180.0;

type Cell = (i32, i32);

/// Riders by cell. A rider is in one cell at a time.
#[derive(Debug)]
pub(super) struct RiderGrid {
    /// A cell's side in degrees.
    side: f64,
    cells: HashMap<Cell, Vec<AccountId>>,
    placed: HashMap<AccountId, Cell>,
}

impl RiderGrid {
    /// A grid whose cells are about `radius_m` high, so that the riders
    /// within `radius_m` of a point lie in a few cells around it.
    pub(super) fn for_radius(radius_m: u32) -> Self {
        Self {
            side: (f64::from(radius_m.max(100)) / METRES_PER_DEGREE).min(10.0),
            cells: HashMap::new(),
            placed: HashMap::new(),
        }
    }

    fn cell(&self, at: Coordinates) -> Cell {
        let index = |degrees: f64| (degrees / self.side).floor() as i32;
        (index(at.lat()), index(at.lon()))
    }

    /// Puts `rider` at `at`, or takes them off the grid.
    pub(super) fn place(&mut self, rider: AccountId, at: Option<Coordinates>) {
        let cell = at.map(|at| self.cell(at));
        if self.placed.get(&rider).copied() == cell {
            return;
        }
        if let Some(old) = self.placed.remove(&rider) {
            if let Some(riders) = self.cells.get_mut(&old) {
                riders.retain(|r| *r != rider);
                if riders.is_empty() {
                    self.cells.remove(&old);
                }
            }
        }
        if let Some(cell) = cell {
            self.cells.entry(cell).or_default().push(rider);
            self.placed.insert(rider, cell);
        }
    }

    /// Every rider who may be within `radius_m` of `at`, and a few more:
    /// the caller measures the distance.
    pub(super) fn around(&self, at: Coordinates, radius_m: u32) -> Vec<AccountId> {
        // A little more than the radius, for rounding.
        let reach_lat = f64::from(radius_m) / METRES_PER_DEGREE * 1.01 + 1e-6;
        let widest = (at.lat().abs() + reach_lat).min(90.0).to_radians().cos();
        let lat = (at.lat() - reach_lat, at.lat() + reach_lat);
        let lon = if widest > 0.01 {
            let reach_lon = reach_lat / widest;
            (at.lon() - reach_lon, at.lon() + reach_lon)
        } else {
            // Near a pole every longitude is close.
            (-180.0, 180.0)
        };
        let index = |degrees: f64| (degrees / self.side).floor() as i32;
        let mut found = Vec::new();
        for row in index(lat.0)..=index(lat.1) {
            for column in index(lon.0)..=index(lon.1) {
                if let Some(riders) = self.cells.get(&(row, column)) {
                    found.extend_from_slice(riders);
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Coordinates {
        Coordinates::parse(lat, lon).unwrap()
    }

    #[test]
    fn every_rider_in_range_is_around_and_far_ones_are_not() {
        let radius = 3_000;
        let mut grid = RiderGrid::for_radius(radius);
        let store = at(37.5563, 126.9236);
        // A ring of riders at growing distances in eight directions.
        let mut id = 0;
        let mut riders = Vec::new();
        for step in 0..80 {
            let metres = f64::from(step) * 150.0;
            for direction in 0..8 {
                let angle = f64::from(direction) * std::f64::consts::FRAC_PI_4;
                let d_lat = metres * angle.cos() / METRES_PER_DEGREE;
                let d_lon =
                    metres * angle.sin() / (METRES_PER_DEGREE * store.lat().to_radians().cos());
                id += 1;
                let rider = AccountId::parse(id).unwrap();
                let position = at(store.lat() + d_lat, store.lon() + d_lon);
                grid.place(rider, Some(position));
                riders.push((rider, position));
            }
        }
        let around = grid.around(store, radius);
        for (rider, position) in &riders {
            if domain::rider_in_range(Some(*position), store, radius) {
                assert!(
                    around.contains(rider),
                    "{rider} at {} m is found",
                    position.distance_m(store)
                );
            }
        }
        let far = riders
            .iter()
            .filter(|(_, p)| p.distance_m(store) > 3 * radius)
            .count();
        let found_far = riders
            .iter()
            .filter(|(r, p)| p.distance_m(store) > 3 * radius && around.contains(r))
            .count();
        assert!(far > 0);
        assert_eq!(found_far, 0, "riders three radii away are not looked at");
    }

    #[test]
    fn a_rider_who_moves_is_found_only_where_they_are_now() {
        let mut grid = RiderGrid::for_radius(3_000);
        let hongdae = at(37.5563, 126.9236);
        let gangnam = at(37.4979, 127.0276);
        let rider = AccountId::parse(7).unwrap();
        grid.place(rider, Some(gangnam));
        assert!(!grid.around(hongdae, 3_000).contains(&rider));
        grid.place(rider, Some(hongdae));
        assert!(grid.around(hongdae, 3_000).contains(&rider));
        assert!(!grid.around(gangnam, 3_000).contains(&rider));
        grid.place(rider, None);
        assert!(grid.around(hongdae, 3_000).is_empty());
    }
}
