//! Placing an order: the customer's key makes a double tap one order, the
//! coupon is redeemed in the same transaction, and the payment starts unpaid.

use async_trait::async_trait;
use domain::{CouponProblem, EventKind, Order, OrderEvent, OrderId, Timestamp};

use super::record::store_facts;
use super::{projection, Applied, Ran, Script};
use crate::error::{corrupt, Result};
use crate::tx::Tx;

/// Records a priced order (its `placed` event) under the customer's
/// idempotency key.
#[derive(Debug, Clone)]
pub struct PlaceOrder {
    pub key: String,
    /// What `domain::OrderDraft::place` made.
    pub placed: OrderEvent,
    /// An order still unpaid then is cancelled.
    pub payment_expires_at: Timestamp,
}

/// What placing came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    New(Box<Applied>),
    /// The customer already placed an order with this key.
    Existing(OrderId),
    /// The coupon was used up, or used by this customer, meanwhile.
    CouponRefused(CouponProblem),
}

#[async_trait]
impl Script for PlaceOrder {
    type Output = Placement;

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<Placement>> {
        let EventKind::Placed(placed) = &self.placed.kind else {
            return Err(corrupt("an order starts with a placed event"));
        };
        let at = self.placed.at;
        let inserted = tx
            .insert_order(&self.key, &self.placed, self.payment_expires_at)
            .await?;
        let Some((id, event_id)) = inserted else {
            let existing = tx.order_with_key(placed.customer, &self.key).await?;
            let existing = existing.ok_or_else(|| corrupt("a key taken by no order"))?;
            return Ok(Ran::Discard(Placement::Existing(existing)));
        };
        if let Some(coupon) = placed.coupon {
            if let Some(problem) = tx.redeem_coupon(coupon, placed.customer, id, at).await? {
                return Ok(Ran::Discard(Placement::CouponRefused(problem)));
            }
        }
        let order = Order::placed(id, placed.clone(), at);
        let store = store_facts(tx, &order).await?;
        projection::project(tx, event_id, id, &self.placed, Some(&store)).await?;
        let applied = Applied { order, event_id };
        Ok(Ran::Keep {
            changes: vec![applied.change(&store)],
            output: Placement::New(Box::new(applied)),
        })
    }
}
