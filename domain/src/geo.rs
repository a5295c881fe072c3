use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A point on Earth in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "(f64, f64)", into = "(f64, f64)")]
pub struct Coordinates {
    lat: f64,
    lon: f64,
}

impl Coordinates {
    /// Parses a latitude and a longitude.
    pub fn parse(lat: f64, lon: f64) -> Result<Self, DomainError> {
        let valid = lat.is_finite()
            && lon.is_finite()
            && (-90.0..=90.0).contains(&lat)
            && (-180.0..=180.0).contains(&lon);
        if valid {
            Ok(Self { lat, lon })
        } else {
            Err(DomainError::InvalidCoordinates)
        }
    }

    /// Coordinates written in this crate's own tables, checked by their tests.
    pub(crate) const fn known(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// Latitude in degrees.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Longitude in degrees.
    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Great-circle distance in whole metres (haversine).
    pub fn distance_m(self, other: Coordinates) -> u32 {
        const EARTH_RADIUS_M: f64 = 6_371_000.0;
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.lon - self.lon).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        let metres = 2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin();
        metres.round() as u32
    }
}

impl TryFrom<(f64, f64)> for Coordinates {
    type Error = DomainError;
    fn try_from((lat, lon): (f64, f64)) -> Result<Self, DomainError> {
        Self::parse(lat, lon)
    }
}

impl From<Coordinates> for (f64, f64) {
    fn from(c: Coordinates) -> (f64, f64) {
        (c.lat, c.lon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seoul_city_hall_to_gangnam_station_is_about_eight_and_a_half_km() {
        let city_hall = Coordinates::parse(37.5663, 126.9779).unwrap();
        let gangnam = Coordinates::parse(37.4979, 127.0276).unwrap();
        let d = city_hall.distance_m(gangnam);
        assert!((8_400..8_800).contains(&d), "{d}");
        assert_eq!(gangnam.distance_m(gangnam), 0);
    }

    #[test]
    fn refuses_impossible_points() {
        assert!(Coordinates::parse(91.0, 0.0).is_err());
        assert!(Coordinates::parse(0.0, f64::NAN).is_err());
        assert!(Coordinates::parse(0.0, -181.0).is_err());
    }
}
