use app::model::CouponOffer;
use async_trait::async_trait;
use domain::{AccountId, CouponId, CouponProblem, CouponTerms, StoreId, Timestamp};

use crate::error::Result;

/// Coupons as checkout reads them. Issuing and redeeming one are scripts.
#[async_trait]
pub trait CouponStorage: Send + Sync {
    /// A store's coupon by the code a customer typed (case does not matter).
    async fn coupon_by_code(
        &self,
        store: StoreId,
        code: &str,
    ) -> Result<Option<(CouponId, CouponTerms)>>;
    /// Whether `customer` used `coupon` already or it is all taken.
    async fn coupon_problem(
        &self,
        coupon: CouponId,
        customer: AccountId,
    ) -> Result<Option<CouponProblem>>;
    /// The coupons `customer` may still use at `now`, of one store or of all.
    async fn coupon_offers(
        &self,
        customer: AccountId,
        store: Option<StoreId>,
        now: Timestamp,
    ) -> Result<Vec<CouponOffer>>;
}
