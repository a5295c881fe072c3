//! The SQLite implementation of the database port: WAL, `synchronous=FULL`,
//! one writer connection whose transactions begin `IMMEDIATE`, and a small
//! read-only pool.

mod accounts;
mod audit;
mod catalogue;
mod coupons;
mod customers;
mod orders;
mod outbox;
mod payment_queue;
mod payments;
mod projections;
mod push;
mod reviews;
mod riders;
mod rows;
mod stores;

use std::str::FromStr;
use std::time::Duration;

use app::model::{
    Account, AuditEntry, Contacts, CouponOffer, DeadLetter, DishForm, InboxEntry, MenuItem,
    Notification, OrderView, PaymentView, Place, RankedDish, Review, SalesFigures, SavedAddress,
    StoreCard, StoreSettings,
};
use async_trait::async_trait;
use domain::{
    AccountId, AddressId, Coordinates, CouponId, CouponProblem, CouponTerms, MenuItemId, Order,
    OrderEvent, OrderId, ReviewText, Stars, StoreId, Timestamp,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{
    Applied, AuditRecord, CommandFailure, CouponPlanner, Credentials, Database, DbError, Decision,
    IssuedCoupon, NewAccount, NewStore, OrderFilter, OutboxStat, PendingMessage, Placement,
    Planner, PushSubscription, RiderPosition,
};
use crate::notifications::plan::Audience;
use crate::notifications::{Channel, Outgoing};

/// SQLite storage.
#[derive(Debug, Clone)]
pub struct SqliteDatabase {
    read: SqlitePool,
    write: SqlitePool,
}

impl SqliteDatabase {
    /// Opens (creating if needed) the database at `url` and applies migrations.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations").run(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self { read, write })
    }
}

#[async_trait]
impl Database for SqliteDatabase {
    async fn ping(&self) -> Result<(), DbError> {
        sqlx::query_scalar!("SELECT 1")
            .fetch_one(&self.read)
            .await?;
        Ok(())
    }

    async fn credentials(&self, email: &str) -> Result<Option<Credentials>, DbError> {
        accounts::credentials(&self.read, email).await
    }

    async fn session_account(
        &self,
        token_hash: &str,
        now_ms: i64,
        idle_cutoff_ms: i64,
    ) -> Result<Option<(Account, i64)>, DbError> {
        accounts::session_account(&self.read, token_hash, now_ms, idle_cutoff_ms).await
    }

    async fn touch_session(&self, token_hash: &str, now_ms: i64) -> Result<(), DbError> {
        accounts::touch_session(&self.write, token_hash, now_ms).await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        account: AccountId,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<(), DbError> {
        accounts::create_session(&self.write, token_hash, account, now_ms, expires_ms).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<Option<AccountId>, DbError> {
        accounts::delete_session(&self.write, token_hash).await
    }

    async fn delete_sessions_of(&self, account: AccountId) -> Result<u64, DbError> {
        accounts::delete_sessions_of(&self.write, account).await
    }

    async fn record_audit(&self, record: &AuditRecord) -> Result<(), DbError> {
        audit::record(&self.write, record).await
    }

    async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, DbError> {
        audit::latest(&self.read, limit).await
    }

    async fn set_account_lang(&self, account: AccountId, lang: &str) -> Result<(), DbError> {
        accounts::set_lang(&self.write, account, lang).await
    }

    async fn has_accounts(&self) -> Result<bool, DbError> {
        accounts::has_accounts(&self.read).await
    }

    async fn insert_account(&self, account: NewAccount) -> Result<AccountId, DbError> {
        accounts::insert(&self.write, account).await
    }

    async fn insert_store(&self, store: NewStore) -> Result<StoreId, DbError> {
        catalogue::insert_store(&self.write, store).await
    }

    async fn stores(
        &self,
        search: Option<&str>,
        category: Option<&str>,
        now: Timestamp,
    ) -> Result<Vec<StoreCard>, DbError> {
        catalogue::stores(&self.read, search, category, now).await
    }

    async fn categories(&self) -> Result<Vec<String>, DbError> {
        catalogue::categories(&self.read).await
    }

    async fn store(&self, id: StoreId, now: Timestamp) -> Result<Option<StoreCard>, DbError> {
        catalogue::store(&self.read, id, now).await
    }

    async fn menu(&self, store: StoreId) -> Result<Vec<MenuItem>, DbError> {
        catalogue::menu(&self.read, store).await
    }

    async fn coupon_by_code(
        &self,
        store: StoreId,
        code: &str,
    ) -> Result<Option<(CouponId, CouponTerms)>, DbError> {
        coupons::by_code(&self.read, store, code).await
    }

    async fn coupon_problem(
        &self,
        coupon: CouponId,
        customer: AccountId,
    ) -> Result<Option<CouponProblem>, DbError> {
        let mut conn = self.read.acquire().await?;
        orders::coupon_problem(&mut conn, coupon, customer).await
    }

    async fn coupon_offers(
        &self,
        customer: AccountId,
        store: Option<StoreId>,
        now: Timestamp,
    ) -> Result<Vec<CouponOffer>, DbError> {
        coupons::offers(&self.read, customer, store, now).await
    }

    async fn insert_review(
        &self,
        order: &Order,
        stars: Stars,
        text: &ReviewText,
        now: Timestamp,
    ) -> Result<Review, DbError> {
        reviews::insert(
            &self.write,
            order.id,
            order.store,
            order.customer,
            stars,
            text,
            now,
        )
        .await
    }

    async fn review_of(&self, order: OrderId) -> Result<Option<Review>, DbError> {
        reviews::of_order(&self.read, order).await
    }

    async fn reviews_of_store(&self, store: StoreId, limit: i64) -> Result<Vec<Review>, DbError> {
        reviews::of_store(&self.read, store, limit).await
    }

    async fn addresses(&self, customer: AccountId) -> Result<Vec<SavedAddress>, DbError> {
        customers::addresses(&self.read, customer).await
    }

    async fn address(
        &self,
        customer: AccountId,
        id: AddressId,
    ) -> Result<Option<SavedAddress>, DbError> {
        customers::address(&self.read, customer, id).await
    }

    async fn save_address(
        &self,
        customer: AccountId,
        label: &str,
        place: &Place,
        now: Timestamp,
    ) -> Result<SavedAddress, DbError> {
        customers::save_address(&self.write, customer, label, place, now).await
    }

    async fn delete_address(&self, customer: AccountId, id: AddressId) -> Result<bool, DbError> {
        customers::delete_address(&self.write, customer, id).await
    }

    async fn completed_orders(&self, customer: AccountId) -> Result<u32, DbError> {
        let mut conn = self.read.acquire().await?;
        customers::completed_orders(&mut conn, customer).await
    }

    async fn store_settings(&self, store: StoreId) -> Result<Option<StoreSettings>, DbError> {
        stores::settings(&self.read, store).await
    }

    async fn update_store(
        &self,
        store: StoreId,
        settings: &StoreSettings,
    ) -> Result<bool, DbError> {
        stores::update(&self.write, store, settings).await
    }

    async fn save_dish(
        &self,
        store: StoreId,
        dish: &DishForm,
    ) -> Result<Option<MenuItemId>, DbError> {
        stores::save_dish(&self.write, store, dish).await
    }

    async fn set_sold_out(
        &self,
        store: StoreId,
        item: MenuItemId,
        sold_out: bool,
    ) -> Result<bool, DbError> {
        stores::set_sold_out(&self.write, store, item, sold_out).await
    }

    async fn reply_review(
        &self,
        store: StoreId,
        order: OrderId,
        text: &str,
        now: Timestamp,
    ) -> Result<bool, DbError> {
        stores::reply(&self.write, store, order, text, now.millis()).await
    }

    async fn payment_view(&self, order: OrderId) -> Result<Option<PaymentView>, DbError> {
        payments::view(&self.read, order).await
    }

    async fn insert_order(
        &self,
        idempotency_key: &str,
        placed: &OrderEvent,
        payment_expires_ms: i64,
    ) -> Result<Placement, DbError> {
        orders::insert(&self.write, idempotency_key, placed, payment_expires_ms).await
    }

    async fn apply_command(
        &self,
        order: OrderId,
        decide: Decision<'_>,
        plan: Planner<'_>,
    ) -> Result<Applied, CommandFailure> {
        orders::apply_command(&self.write, order, decide, plan).await
    }

    async fn audience(&self, order: OrderId, radius_m: u32) -> Result<Option<Audience>, DbError> {
        orders::audience(&self.read, order, radius_m).await
    }

    async fn project_events(&self) -> Result<u64, DbError> {
        projections::catch_up(&self.write).await
    }

    async fn rebuild_read_models(&self) -> Result<u64, DbError> {
        projections::rebuild(&self.write).await
    }

    async fn order_view(&self, order: OrderId) -> Result<Option<OrderView>, DbError> {
        projections::view(&self.read, order).await
    }

    async fn order_views(&self, filter: OrderFilter) -> Result<Vec<OrderView>, DbError> {
        projections::views(&self.read, filter).await
    }

    async fn dish_ranking(
        &self,
        neighbourhood: Option<&str>,
        store: Option<StoreId>,
        since_day: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RankedDish>, DbError> {
        projections::ranking(&self.read, neighbourhood, store, since_day, limit).await
    }

    async fn store_sales(&self, store: StoreId, day: i64) -> Result<SalesFigures, DbError> {
        projections::sales(&self.read, store, day).await
    }

    async fn changes_since(
        &self,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, Order, Coordinates)>, DbError> {
        orders::changes_since(&self.read, after_id, limit).await
    }

    async fn issue_coupon(
        &self,
        store: StoreId,
        code: &str,
        terms: &CouponTerms,
        plan: CouponPlanner<'_>,
        now_ms: i64,
    ) -> Result<IssuedCoupon, DbError> {
        coupons::issue(&self.write, store, code, terms, plan, now_ms).await
    }

    async fn due_messages(
        &self,
        channel: Channel,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<PendingMessage>, DbError> {
        outbox::due(&self.read, channel, now_ms, limit).await
    }

    async fn mark_sent(&self, outbox_id: i64, now_ms: i64) -> Result<(), DbError> {
        outbox::mark_sent(&self.write, outbox_id, now_ms).await
    }

    async fn mark_failed(
        &self,
        outbox_id: i64,
        attempts: i64,
        retry_at: Option<i64>,
        error: &str,
    ) -> Result<(), DbError> {
        outbox::mark_failed(&self.write, outbox_id, attempts, retry_at, error).await
    }

    async fn shed_pending(&self, channel: Channel, keep: i64) -> Result<u64, DbError> {
        outbox::shed(&self.write, channel, keep).await
    }

    async fn retry_dead(&self, outbox_id: i64, now_ms: i64) -> Result<bool, DbError> {
        outbox::retry_dead(&self.write, outbox_id, now_ms).await
    }

    async fn outbox_stats(&self) -> Result<Vec<OutboxStat>, DbError> {
        outbox::stats(&self.read).await
    }

    async fn record_in_app(&self, message: &Outgoing, now_ms: i64) -> Result<bool, DbError> {
        outbox::record_in_app(&self.write, message, now_ms).await
    }

    async fn record_in_inbox(
        &self,
        message: &Outgoing,
        phone: &str,
        now_ms: i64,
    ) -> Result<(), DbError> {
        outbox::record_in_inbox(&self.write, message, phone, now_ms).await
    }

    async fn notifications_of(
        &self,
        recipient: AccountId,
        limit: i64,
    ) -> Result<Vec<Notification>, DbError> {
        outbox::notifications_of(&self.read, recipient, limit).await
    }

    async fn mark_notifications_read(
        &self,
        recipient: AccountId,
        now_ms: i64,
    ) -> Result<(), DbError> {
        outbox::mark_read(&self.write, recipient, now_ms).await
    }

    async fn inbox(&self, limit: i64) -> Result<Vec<InboxEntry>, DbError> {
        outbox::inbox(&self.read, limit).await
    }

    async fn dead_letters(&self, limit: i64) -> Result<Vec<DeadLetter>, DbError> {
        outbox::dead_letters(&self.read, limit).await
    }

    async fn set_rider_duty(
        &self,
        rider: AccountId,
        position: Option<Coordinates>,
        now_ms: i64,
    ) -> Result<(), DbError> {
        riders::set_duty(&self.write, rider, position, now_ms).await
    }

    async fn move_rider(
        &self,
        rider: AccountId,
        position: Coordinates,
        now_ms: i64,
    ) -> Result<bool, DbError> {
        riders::move_rider(&self.write, rider, position, now_ms).await
    }

    async fn rider_position(&self, rider: AccountId) -> Result<Option<RiderPosition>, DbError> {
        riders::position(&self.read, rider).await
    }

    async fn contacts(&self, order: OrderId) -> Result<Contacts, DbError> {
        riders::contacts(&self.read, order).await
    }

    async fn server_key_or_insert(
        &self,
        name: &str,
        value: &str,
        now_ms: i64,
    ) -> Result<String, DbError> {
        push::server_key_or_insert(&self.write, name, value, now_ms).await
    }

    async fn save_push_subscription(
        &self,
        account: AccountId,
        subscription: &PushSubscription,
        now_ms: i64,
    ) -> Result<(), DbError> {
        push::save(&self.write, account, subscription, now_ms).await
    }

    async fn push_subscriptions(
        &self,
        account: AccountId,
    ) -> Result<Vec<PushSubscription>, DbError> {
        push::of_account(&self.read, account).await
    }

    async fn delete_push_subscription(&self, endpoint: &str) -> Result<(), DbError> {
        push::delete(&self.write, endpoint).await
    }

    async fn delete_own_push_subscription(
        &self,
        account: AccountId,
        endpoint: &str,
    ) -> Result<bool, DbError> {
        push::delete_own(&self.write, account, endpoint).await
    }

    async fn payment_attempt_failed(
        &self,
        order: OrderId,
        error: &str,
        may_be_held: bool,
        now_ms: i64,
        retry_at: &(dyn Fn(i64) -> i64 + Send + Sync),
    ) -> Result<Option<i64>, DbError> {
        payment_queue::attempt_failed(&self.write, order, error, may_be_held, now_ms, retry_at)
            .await
    }

    async fn void_if_cancelled(&self, order: OrderId, now_ms: i64) -> Result<bool, DbError> {
        payment_queue::void_if_cancelled(&self.write, order, now_ms).await
    }

    async fn claim_due_authorizations(
        &self,
        now_ms: i64,
        stale_before_ms: i64,
        lease_until_ms: i64,
        limit: i64,
    ) -> Result<Vec<crate::payment::DueAuthorization>, DbError> {
        payment_queue::claim_due(&self.write, now_ms, stale_before_ms, lease_until_ms, limit).await
    }

    async fn reschedule_authorization(&self, order: OrderId, at_ms: i64) -> Result<(), DbError> {
        payment_queue::reschedule(&self.write, order, at_ms).await
    }

    async fn expired_payments(&self, now_ms: i64, limit: i64) -> Result<Vec<OrderId>, DbError> {
        payment_queue::expired(&self.read, now_ms, limit).await
    }

    async fn due_payment_calls(
        &self,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<crate::payment::QueuedCall>, DbError> {
        payment_queue::due_calls(&self.read, now_ms, limit).await
    }

    async fn payment_call_done(&self, id: i64, now_ms: i64) -> Result<(), DbError> {
        payment_queue::call_done(&self.write, id, now_ms).await
    }

    async fn payment_call_failed(
        &self,
        id: i64,
        attempts: i64,
        retry_at_ms: Option<i64>,
        error: &str,
    ) -> Result<(), DbError> {
        payment_queue::call_failed(&self.write, id, attempts, retry_at_ms, error).await
    }

    async fn reschedule_payment_call(&self, id: i64, at_ms: i64) -> Result<(), DbError> {
        payment_queue::reschedule_call(&self.write, id, at_ms).await
    }
}
