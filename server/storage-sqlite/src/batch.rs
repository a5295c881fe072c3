//! The writer's transaction on SQLite: `BEGIN IMMEDIATE` on the one writer
//! connection, so nothing else writes until it commits; a savepoint per
//! script.

use std::sync::Arc;

use app::model::OrderView;
use async_trait::async_trait;
use domain::{
    AccountId, Coordinates, CouponId, CouponProblem, CouponTerms, Money, Order, OrderEvent,
    OrderId, OrderStatus, StoreId, Timestamp,
};
use sqlx::{Sqlite, Transaction};
use storage::notices::{Cause, Notice};
use storage::payment_records::{Call, StoredPayment};
use storage::read_models::Tally;
use storage::records::{Delivery, InAppEntry, InboxMessage, StoreFacts, StoredEvent};
use storage::references::References;
use storage::{Batch, Result, Tx};

use crate::{
    coupons, customers, notifications, orders, outbox, payment_queue, read_models, riders,
};

pub(crate) struct SqliteBatch {
    tx: Transaction<'static, Sqlite>,
    references: Arc<References>,
}

impl SqliteBatch {
    pub(crate) fn new(tx: Transaction<'static, Sqlite>, references: Arc<References>) -> Self {
        Self { tx, references }
    }
}

/// A kept script's savepoint stays open until the commit, which keeps them
/// all; on SQLite that costs nothing and saves a round trip per script.
#[async_trait]
impl Batch for SqliteBatch {
    async fn begin_script(&mut self) -> Result<()> {
        sqlx::query("SAVEPOINT script")
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn keep_script(&mut self) -> Result<()> {
        Ok(())
    }

    async fn undo_script(&mut self) -> Result<()> {
        sqlx::query("ROLLBACK TO script; RELEASE script")
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn commit(self: Box<Self>) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl Tx for SqliteBatch {
    async fn order_with_key(&mut self, customer: AccountId, key: &str) -> Result<Option<OrderId>> {
        orders::with_key(&mut self.tx, customer, key).await
    }

    async fn insert_order(
        &mut self,
        key: &str,
        placed: &OrderEvent,
        payment_expires_at: Timestamp,
    ) -> Result<Option<(OrderId, i64)>> {
        orders::insert(&mut self.tx, key, placed, payment_expires_at).await
    }

    async fn load_order(&mut self, id: OrderId) -> Result<Option<Order>> {
        // The transaction began IMMEDIATE: the whole database is held.
        orders::load(&mut self.tx, id).await
    }

    async fn advance_order(
        &mut self,
        after: &Order,
        expected: OrderStatus,
        event: &OrderEvent,
    ) -> Result<Option<i64>> {
        orders::advance(&mut self.tx, after, expected, event).await
    }

    async fn completed_orders(&mut self, customer: AccountId) -> Result<u32> {
        customers::completed(&mut self.tx, customer).await
    }

    async fn store_facts(&mut self, store: StoreId) -> Result<Option<StoreFacts>> {
        if let Some(known) = self.references.store(store) {
            return Ok(Some(known));
        }
        let facts = orders::store_facts(&mut self.tx, store).await?;
        if let Some(facts) = &facts {
            self.references.keep_store(facts);
        }
        Ok(facts)
    }

    async fn riders_near(
        &mut self,
        at: Coordinates,
        radius_m: u32,
    ) -> Result<Vec<(AccountId, Coordinates)>> {
        riders::near(&mut self.tx, at, radius_m).await
    }

    async fn account_name(&mut self, account: AccountId) -> Result<String> {
        if let Some(known) = self.references.name(account) {
            return Ok(known);
        }
        let name = orders::account_name(&mut self.tx, account).await?;
        self.references.keep_name(account, &name);
        Ok(name)
    }

    async fn redeem_coupon(
        &mut self,
        coupon: CouponId,
        customer: AccountId,
        order: OrderId,
        at: Timestamp,
    ) -> Result<Option<CouponProblem>> {
        coupons::redeem(&mut self.tx, coupon, customer, order, at).await
    }

    async fn return_coupon(&mut self, order: OrderId) -> Result<()> {
        coupons::give_back(&mut self.tx, order).await
    }

    async fn insert_coupon(
        &mut self,
        store: StoreId,
        code: &str,
        terms: &CouponTerms,
        at: Timestamp,
    ) -> Result<CouponId> {
        coupons::insert(&mut self.tx, store, code, terms, at).await
    }

    async fn past_customers(&mut self, store: StoreId) -> Result<Vec<AccountId>> {
        coupons::past_customers(&mut self.tx, store).await
    }

    async fn payment(&mut self, order: OrderId) -> Result<Option<StoredPayment>> {
        payment_queue::stored(&mut self.tx, order).await
    }

    async fn payment_authorized(&mut self, order: OrderId, at: Timestamp) -> Result<()> {
        payment_queue::authorized(&mut self.tx, order, at).await
    }

    async fn payment_attempt_failed(
        &mut self,
        order: OrderId,
        error: &str,
        at: Timestamp,
    ) -> Result<Option<i64>> {
        payment_queue::attempt_failed(&mut self.tx, order, error, at).await
    }

    async fn schedule_authorization(&mut self, order: OrderId, at: Timestamp) -> Result<()> {
        payment_queue::schedule(&mut self.tx, order, at).await
    }

    async fn queue_payment_call(
        &mut self,
        order: OrderId,
        call: Call,
        amount: Money,
        key: &str,
        at: Timestamp,
    ) -> Result<bool> {
        payment_queue::queue_call(&mut self.tx, order, call, amount, key, at).await
    }

    async fn enqueue(&mut self, cause: Cause, notices: &[Notice], at: Timestamp) -> Result<()> {
        outbox::enqueue(&mut self.tx, cause, notices, at).await
    }

    async fn record_deliveries(&mut self, deliveries: &[Delivery], at: Timestamp) -> Result<()> {
        outbox::record_deliveries(&mut self.tx, deliveries, at).await
    }

    async fn record_in_app(&mut self, entries: &[InAppEntry], at: Timestamp) -> Result<Vec<bool>> {
        notifications::record_in_app(&mut self.tx, entries, at).await
    }

    async fn record_in_inbox(&mut self, messages: &[InboxMessage], at: Timestamp) -> Result<()> {
        notifications::record_in_inbox(&mut self.tx, messages, at).await
    }

    async fn order_view(&mut self, order: OrderId) -> Result<Option<(i64, OrderView)>> {
        read_models::view(&mut self.tx, order).await
    }

    async fn save_projection(
        &mut self,
        event_id: i64,
        view: &OrderView,
        tally: &Tally,
        neighbourhood: &str,
    ) -> Result<()> {
        read_models::save_projection(&mut self.tx, event_id, view, tally, neighbourhood).await
    }

    async fn clear_read_models(&mut self) -> Result<()> {
        read_models::clear(&mut self.tx).await
    }

    async fn events_after(&mut self, after_id: i64, limit: i64) -> Result<Vec<StoredEvent>> {
        orders::events_after(&mut self.tx, after_id, limit).await
    }

    async fn projection_checkpoint(&mut self) -> Result<Option<i64>> {
        read_models::legacy_checkpoint(&mut self.tx).await
    }

    async fn forget_projection_checkpoint(&mut self) -> Result<()> {
        read_models::forget_legacy_checkpoint(&mut self.tx).await
    }
}
