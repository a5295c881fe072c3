use async_trait::async_trait;
use domain::{CouponId, CouponTerms, StoreId, Timestamp};

use super::{Ran, Script};
use crate::error::Result;
use crate::notices::Cause;
use crate::plan::coupon_plan;
use crate::tx::Tx;

/// A store issues a coupon; its past customers are told in the same
/// transaction.
#[derive(Debug, Clone)]
pub struct IssueCoupon {
    pub store: StoreId,
    /// What customers type at checkout.
    pub code: String,
    pub terms: CouponTerms,
    pub at: Timestamp,
}

/// A coupon once issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CouponIssued {
    pub coupon: CouponId,
    /// How many past customers are told.
    pub notified: usize,
}

#[async_trait]
impl Script for IssueCoupon {
    type Output = CouponIssued;

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<CouponIssued>> {
        let coupon = tx
            .insert_coupon(self.store, &self.code, &self.terms, self.at)
            .await?;
        let customers = tx.past_customers(self.store).await?;
        let notices = coupon_plan(&customers);
        tx.enqueue(Cause::Coupon { coupon }, &notices, self.at)
            .await?;
        Ok(Ran::Keep {
            output: CouponIssued {
                coupon,
                notified: customers.len(),
            },
            changes: Vec::new(),
        })
    }
}
