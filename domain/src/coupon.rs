use serde::{Deserialize, Serialize};

use crate::{DomainError, Money, Timestamp};

/// How much a coupon takes off an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Discount {
    /// A share of the order's total, 1 to 90 percent.
    Percent { percent: u8 },
    /// A fixed amount, never more than the minimum order.
    Fixed { amount: Money },
}

/// Which rule a coupon's terms break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponField {
    Discount,
    Expiry,
    Quantity,
}

impl CouponField {
    /// The input's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CouponField::Discount => "discount",
            CouponField::Expiry => "expiry",
            CouponField::Quantity => "quantity",
        }
    }
}

/// What a store promises with a coupon: checked when it is issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponTerms {
    pub discount: Discount,
    /// The smallest order total it applies to.
    pub min_order: Money,
    pub expires_at: Timestamp,
    /// How many customers can use it.
    pub quantity: u32,
}

/// The longest a coupon may run.
pub const MAX_COUPON_DAYS: i64 = 365;
/// The most coupons one issue may hand out.
pub const MAX_COUPON_QUANTITY: u32 = 100_000;

impl CouponTerms {
    /// Terms issued at `now`: a discount of 1–90 % or a fixed amount of at
    /// most the minimum order, an expiry within a year from now, and 1 to
    /// 100,000 coupons.
    pub fn new(
        discount: Discount,
        min_order: Money,
        expires_at: Timestamp,
        quantity: u32,
        now: Timestamp,
    ) -> Result<Self, DomainError> {
        let invalid = |field| Err(DomainError::InvalidCoupon { field });
        let discount_ok = match discount {
            Discount::Percent { percent } => (1..=90).contains(&percent),
            Discount::Fixed { amount } => amount.get() > 0 && amount <= min_order,
        };
        if !discount_ok {
            return invalid(CouponField::Discount);
        }
        let longest = MAX_COUPON_DAYS * 86_400_000;
        if expires_at.millis() <= now.millis() || expires_at.millis() - now.millis() > longest {
            return invalid(CouponField::Expiry);
        }
        if !(1..=MAX_COUPON_QUANTITY).contains(&quantity) {
            return invalid(CouponField::Quantity);
        }
        Ok(Self {
            discount,
            min_order,
            expires_at,
            quantity,
        })
    }
}

/// Why a coupon cannot be used on an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponProblem {
    /// No coupon of this store has that code.
    Unknown,
    /// Its expiry has passed.
    Expired,
    /// The order is below the coupon's minimum.
    BelowMinimum,
    /// This customer used it already.
    AlreadyUsed,
    /// Every one of them has been used.
    AllTaken,
}

impl CouponTerms {
    /// What the coupon takes off a `subtotal` at `now`: a percentage rounded
    /// down to whole won, or the fixed amount, never more than the subtotal.
    /// Whether this customer may still use it is storage's to check.
    pub fn discount_for(&self, subtotal: Money, now: Timestamp) -> Result<Money, CouponProblem> {
        if now >= self.expires_at {
            return Err(CouponProblem::Expired);
        }
        if subtotal < self.min_order {
            return Err(CouponProblem::BelowMinimum);
        }
        let amount = match self.discount {
            Discount::Percent { percent } => subtotal.get() * i64::from(percent) / 100,
            Discount::Fixed { amount } => amount.get().min(subtotal.get()),
        };
        Money::won(amount).map_err(|_| CouponProblem::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp::from_millis(1_000_000);
    const DAY: i64 = 86_400_000;

    fn won(amount: i64) -> Money {
        Money::won(amount).unwrap()
    }

    fn terms(discount: Discount, days: i64, quantity: u32) -> Result<CouponTerms, DomainError> {
        CouponTerms::new(
            discount,
            won(15_000),
            Timestamp::from_millis(NOW.millis() + days * DAY),
            quantity,
            NOW,
        )
    }

    fn refused(field: CouponField) -> Result<CouponTerms, DomainError> {
        Err(DomainError::InvalidCoupon { field })
    }

    #[test]
    fn a_coupon_discounts_from_its_minimum_until_it_expires() {
        let expires = Timestamp::from_millis(NOW.millis() + DAY);
        let percent = CouponTerms::new(
            Discount::Percent { percent: 15 },
            won(10_000),
            expires,
            5,
            NOW,
        )
        .unwrap();
        assert_eq!(percent.discount_for(won(12_345), NOW), Ok(won(1_851)));
        assert_eq!(percent.discount_for(won(10_000), NOW), Ok(won(1_500)));
        assert_eq!(
            percent.discount_for(won(9_999), NOW),
            Err(CouponProblem::BelowMinimum)
        );
        assert_eq!(
            percent.discount_for(won(20_000), expires),
            Err(CouponProblem::Expired)
        );
        let fixed = CouponTerms::new(
            Discount::Fixed { amount: won(3_000) },
            won(3_000),
            expires,
            5,
            NOW,
        )
        .unwrap();
        assert_eq!(fixed.discount_for(won(3_000), NOW), Ok(won(3_000)));
        assert_eq!(fixed.discount_for(won(50_000), NOW), Ok(won(3_000)));
    }

    #[test]
    fn coupon_terms_keep_to_their_rules() {
        let percent = |percent| Discount::Percent { percent };
        let fixed = |amount| Discount::Fixed {
            amount: won(amount),
        };
        assert!(terms(percent(10), 7, 100).is_ok());
        assert!(terms(percent(90), 365, 1).is_ok());
        assert!(terms(fixed(15_000), 1, MAX_COUPON_QUANTITY).is_ok());
        assert_eq!(terms(percent(0), 7, 100), refused(CouponField::Discount));
        assert_eq!(terms(percent(91), 7, 100), refused(CouponField::Discount));
        assert_eq!(terms(fixed(0), 7, 100), refused(CouponField::Discount));
        assert_eq!(terms(fixed(15_001), 7, 100), refused(CouponField::Discount));
        assert_eq!(terms(percent(10), 0, 100), refused(CouponField::Expiry));
        assert_eq!(terms(percent(10), -1, 100), refused(CouponField::Expiry));
        assert_eq!(terms(percent(10), 366, 100), refused(CouponField::Expiry));
        assert_eq!(terms(percent(10), 7, 0), refused(CouponField::Quantity));
        assert_eq!(
            terms(percent(10), 7, MAX_COUPON_QUANTITY + 1),
            refused(CouponField::Quantity)
        );
    }
}
