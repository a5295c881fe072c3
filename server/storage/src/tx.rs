//! The transaction interface the command scripts run over. An engine
//! supplies it as SQL; the rules stay in the scripts.
//!
//! What each engine promises, whatever else writes at the same time (another
//! writer, another instance):
//! - [`Tx::load_order`] holds the order until the transaction ends, and
//!   [`Tx::advance_order`] writes only over the status it expects, so that of
//!   concurrent commands on one order one wins and the others see its result;
//! - [`Tx::redeem_coupon`] checks and takes a unit in one step, so that a
//!   coupon's last unit goes to exactly one order and a customer uses a
//!   coupon once;
//! - [`Tx::insert_order`] makes no second order with the same customer and
//!   key, and [`Tx::queue_payment_call`] no second call with the same key.

use app::model::OrderView;
use async_trait::async_trait;
use domain::{
    AccountId, Coordinates, CouponId, CouponProblem, CouponTerms, Money, Order, OrderEvent,
    OrderId, OrderStatus, StoreId, Timestamp,
};

use crate::error::Result;
use crate::notices::{Cause, Notice};
use crate::payment_records::{Call, StoredPayment};
use crate::read_models::Tally;
use crate::records::{Delivery, InAppEntry, InboxMessage, StoreFacts, StoredEvent};

/// One script's view of the writer's transaction.
#[async_trait]
pub trait Tx: Send {
    /// The order `customer` placed with idempotency key `key`, if any.
    async fn order_with_key(&mut self, customer: AccountId, key: &str) -> Result<Option<OrderId>>;
    /// Stores a new order as its `placed` event describes it: the order
    /// waiting for payment, its unpaid payment (cancelled at
    /// `payment_expires_at`) and the event, first in its log. Returns the
    /// order's id and the event's, or `None` when the customer already
    /// placed an order with `key`.
    async fn insert_order(
        &mut self,
        key: &str,
        placed: &OrderEvent,
        payment_expires_at: Timestamp,
    ) -> Result<Option<(OrderId, i64)>>;
    /// The order as stored, held against other writers until the end of the
    /// transaction.
    async fn load_order(&mut self, id: OrderId) -> Result<Option<Order>>;
    /// Writes `after` over the stored order if its status is still
    /// `expected`, and appends `event` to its log with the status it
    /// produced. Returns the event's id, which grows with every append, or
    /// `None` when the status was no longer `expected` (nothing is written).
    async fn advance_order(
        &mut self,
        after: &Order,
        expected: OrderStatus,
        event: &OrderEvent,
    ) -> Result<Option<i64>>;
    /// How many of the customer's orders are completed.
    async fn completed_orders(&mut self, customer: AccountId) -> Result<u32>;
    async fn store_facts(&mut self, store: StoreId) -> Result<Option<StoreFacts>>;
    /// Riders, where they are on duty or else at their base, that may lie
    /// within `radius_m` of `at` (a few farther ones may come too).
    async fn riders_near(
        &mut self,
        at: Coordinates,
        radius_m: u32,
    ) -> Result<Vec<(AccountId, Coordinates)>>;
    async fn account_name(&mut self, account: AccountId) -> Result<String>;

    /// Takes one unit of `coupon` for `order` unless the customer used it
    /// already or it is all taken.
    async fn redeem_coupon(
        &mut self,
        coupon: CouponId,
        customer: AccountId,
        order: OrderId,
        at: Timestamp,
    ) -> Result<Option<CouponProblem>>;
    /// Gives back the coupon unit `order` took, if any.
    async fn return_coupon(&mut self, order: OrderId) -> Result<()>;
    async fn insert_coupon(
        &mut self,
        store: StoreId,
        code: &str,
        terms: &CouponTerms,
        at: Timestamp,
    ) -> Result<CouponId>;
    /// Everyone who received food from `store`.
    async fn past_customers(&mut self, store: StoreId) -> Result<Vec<AccountId>>;

    async fn payment(&mut self, order: OrderId) -> Result<Option<StoredPayment>>;
    /// The provider holds the money: no attempt is due any more.
    async fn payment_authorized(&mut self, order: OrderId, at: Timestamp) -> Result<()>;
    /// Counts a failed authorisation of an unpaid payment; the attempts so
    /// far, or `None` when the payment is no longer unpaid.
    async fn payment_attempt_failed(
        &mut self,
        order: OrderId,
        error: &str,
        at: Timestamp,
    ) -> Result<Option<i64>>;
    /// When the next authorisation of an unpaid payment is due.
    async fn schedule_authorization(&mut self, order: OrderId, at: Timestamp) -> Result<()>;
    /// Queues a capture, void or refund for the payment worker, once per
    /// key; false when the key was queued before.
    async fn queue_payment_call(
        &mut self,
        order: OrderId,
        call: Call,
        amount: Money,
        key: &str,
        at: Timestamp,
    ) -> Result<bool>;

    /// Writes outbox messages, once per dedupe key.
    async fn enqueue(&mut self, cause: Cause, notices: &[Notice], at: Timestamp) -> Result<()>;
    /// Records what became of delivery attempts of outbox messages.
    async fn record_deliveries(&mut self, deliveries: &[Delivery], at: Timestamp) -> Result<()>;
    /// Adds in-app notifications, each once per outbox message; for each,
    /// whether it is new.
    async fn record_in_app(&mut self, entries: &[InAppEntry], at: Timestamp) -> Result<Vec<bool>>;
    /// Keeps KakaoTalk or SMS messages in the local inbox, each once per key.
    async fn record_in_inbox(&mut self, messages: &[InboxMessage], at: Timestamp) -> Result<()>;

    /// An order's view with the id of the last event projected into it.
    async fn order_view(&mut self, order: OrderId) -> Result<Option<(i64, OrderView)>>;
    /// Stores what one event made of the read models: the order's view as
    /// of event `event_id`, and what it adds to its store's figures of the
    /// day and to the dishes delivered (ranked by `neighbourhood`).
    async fn save_projection(
        &mut self,
        event_id: i64,
        view: &OrderView,
        tally: &Tally,
        neighbourhood: &str,
    ) -> Result<()>;
    /// Empties the read models, for a rebuild from the log.
    async fn clear_read_models(&mut self) -> Result<()>;
    /// Up to `limit` events after `after_id`, oldest first.
    async fn events_after(&mut self, after_id: i64, limit: i64) -> Result<Vec<StoredEvent>>;
    /// Where projection stood before projecting became part of each
    /// event's transaction, if the database still says; forgotten by
    /// [`Tx::forget_projection_checkpoint`].
    async fn projection_checkpoint(&mut self) -> Result<Option<i64>>;
    async fn forget_projection_checkpoint(&mut self) -> Result<()>;
}

/// A transaction of the writer: each script runs in a savepoint of its own,
/// and everything kept commits at once.
#[async_trait]
pub trait Batch: Tx {
    /// Starts a script: what it writes from now on can be undone alone.
    async fn begin_script(&mut self) -> Result<()>;
    /// Keeps what the current script wrote.
    async fn keep_script(&mut self) -> Result<()>;
    /// Undoes what the current script wrote.
    async fn undo_script(&mut self) -> Result<()>;
    /// Makes everything kept durable.
    async fn commit(self: Box<Self>) -> Result<()>;
}

/// Where batches begin.
#[async_trait]
pub trait Transactions: Send + Sync {
    /// Begins a write transaction.
    async fn begin(&self) -> Result<Box<dyn Batch>>;
}
