//! What a rider earns for a delivery: a base fee for the first kilometre from
//! the store to the customer, and more for each further 500 m started.

use crate::Money;

/// The fee for the first kilometre, in won.
pub const BASE_FEE: i64 = 3_000;
/// The fee for each further 500 m started, in won.
pub const FEE_PER_500_M: i64 = 500;

/// The rider's fee for a delivery `distance_m` from the store to the customer.
pub fn rider_fee(distance_m: u32) -> Money {
    let beyond = i64::from(distance_m.saturating_sub(1_000));
    let steps = (beyond + 499) / 500;
    Money::won((BASE_FEE + steps * FEE_PER_500_M).min(Money::MAX)).unwrap_or(Money::ZERO)
}

/// Minutes to cover `distance_m` at `speed_kmh`, at least one.
pub fn minutes_to_cover(distance_m: u32, speed_kmh: u32) -> u32 {
    let metres_per_hour = u64::from(speed_kmh.max(1)) * 1_000;
    let minutes = (u64::from(distance_m) * 60).div_ceil(metres_per_hour);
    u32::try_from(minutes).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fee_grows_by_each_half_kilometre_started() {
        let won = |m| rider_fee(m).get();
        assert_eq!(won(0), 3_000);
        assert_eq!(won(1_000), 3_000);
        assert_eq!(won(1_001), 3_500);
        assert_eq!(won(1_500), 3_500);
        assert_eq!(won(2_600), 5_000);
        assert!(won(u32::MAX) > 3_000);
    }

    #[test]
    fn minutes_round_up() {
        assert_eq!(minutes_to_cover(0, 15), 1);
        assert_eq!(minutes_to_cover(250, 15), 1);
        assert_eq!(minutes_to_cover(2_600, 15), 11);
        assert_eq!(minutes_to_cover(1_000, 0), 60);
    }
}
