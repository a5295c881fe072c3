//! The database port: what the services need from storage. One implementation
//! per engine lives in its own module; nothing else knows which engine runs.

pub mod sqlite;

use app::model::{Account, AuditAction, AuditEntry, MenuItem, OrderView, Role, StoreCard};
use app::model::{Contacts, DeadLetter, InboxEntry, Notification, RankedDish, SalesFigures};
use app::model::{CouponOffer, DishForm, PaymentView, Place, Review, SavedAddress, StoreSettings};
use async_trait::async_trait;
use domain::{
    AccountId, AddressId, Coordinates, CouponId, CouponProblem, CouponTerms, DomainError,
    MenuItemId, Money, Order, OrderEvent, OrderId, ReviewText, Stars, StoreId, Timestamp,
};

use crate::notifications::plan::{Audience, Facts};
use crate::notifications::{Channel, Message, Notice, Outgoing, Subject};

/// A storage failure. Logged with its cause by the service that meets it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a stored row does not parse: {0}")]
    Corrupt(String),
    #[error("a value that must be unique is taken")]
    Taken,
}

/// Why a command was not applied.
#[derive(Debug, thiserror::Error)]
pub enum CommandFailure {
    #[error("no such order")]
    NotFound,
    #[error("refused: {0}")]
    Refused(DomainError),
    #[error("the order changed concurrently")]
    Conflict,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// A command's decision, made inside the transaction on the freshly loaded order.
pub type Decision<'a> = &'a (dyn Fn(&Order) -> Result<OrderEvent, DomainError> + Send + Sync);

/// Who hears of a committed event: given the order before and after it.
pub type Planner<'a> =
    &'a (dyn Fn(&Order, &Order, &OrderEvent, Facts) -> Vec<Notice> + Send + Sync);

/// Who hears of a new coupon, given the store's past customers.
pub type CouponPlanner<'a> = &'a (dyn Fn(&[AccountId]) -> Vec<Notice> + Send + Sync);

/// A coupon once issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuedCoupon {
    pub id: i64,
    /// How many past customers were told.
    pub notified: usize,
}

/// An outbox message due for delivery, as stored.
#[derive(Debug, Clone)]
pub struct PendingMessage {
    pub outbox_id: i64,
    pub dedupe_key: String,
    pub recipient: AccountId,
    pub phone: Option<String>,
    pub lang: String,
    pub subject: Subject,
    pub store_name: String,
    pub message: Message,
    pub attempts: i64,
}

/// A browser's Web Push subscription: where to send and the keys to encrypt
/// for it (base64url).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushSubscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// The outbox of one channel at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxStat {
    pub channel: Channel,
    pub pending: i64,
    pub oldest_created_ms: Option<i64>,
}

/// A committed command.
#[derive(Debug, Clone)]
pub struct Applied {
    pub order: Order,
    pub event_id: i64,
}

/// The outcome of recording a placed order.
#[derive(Debug, Clone)]
pub enum Placement {
    /// A new order, with the id of its `placed` event.
    New { order: Box<Order>, event_id: i64 },
    /// The customer already placed an order with this idempotency key.
    Existing(OrderId),
    /// The coupon was used up or used by this customer meanwhile.
    CouponRefused(CouponProblem),
}

/// Which orders a list shows.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderFilter {
    Customer(AccountId),
    Stores(Vec<StoreId>),
    ReadyForPickup,
    /// A rider's deliveries under way.
    Rider(AccountId),
    /// A rider's deliveries done, newest first.
    DeliveredBy(AccountId),
}

/// A rider's duty and last known position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiderPosition {
    pub on_duty: bool,
    pub position: Coordinates,
    pub updated_ms: i64,
}

/// An account with its password hash, for sign-in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
}

/// A line for the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub at_ms: i64,
    pub actor: Option<AccountId>,
    pub action: AuditAction,
    pub subject: String,
    pub client: Option<String>,
}

/// A new account: demo seeding, sign-up, or an operator's.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub home: Option<(String, Coordinates)>,
    pub phone: Option<String>,
}

/// A new store with its menu.
#[derive(Debug, Clone)]
pub struct NewStore {
    pub owner: AccountId,
    pub name: String,
    pub category: String,
    pub neighbourhood: String,
    pub address: String,
    pub location: Coordinates,
    pub delivery_fee: Money,
    pub min_order: Money,
    pub menu: Vec<NewDish>,
}

/// A dish of a new store's menu.
#[derive(Debug, Clone)]
pub struct NewDish {
    pub name: String,
    pub description: String,
    pub price: Money,
    pub options: Vec<NewOptionGroup>,
}

/// An option group of a new dish: its choices and what each adds.
#[derive(Debug, Clone)]
pub struct NewOptionGroup {
    pub name: String,
    pub min: u8,
    pub max: u8,
    pub options: Vec<(String, Money)>,
}

/// Storage for every part of Baedal.
#[async_trait]
pub trait Database: Send + Sync {
    async fn ping(&self) -> Result<(), DbError>;

    async fn credentials(&self, email: &str) -> Result<Option<Credentials>, DbError>;
    /// The account of a session that has not expired by `now_ms` and was
    /// last used after `idle_cutoff_ms`, with when it was last used.
    async fn session_account(
        &self,
        token_hash: &str,
        now_ms: i64,
        idle_cutoff_ms: i64,
    ) -> Result<Option<(Account, i64)>, DbError>;
    /// Records that a session was used at `now_ms`.
    async fn touch_session(&self, token_hash: &str, now_ms: i64) -> Result<(), DbError>;
    async fn create_session(
        &self,
        token_hash: &str,
        account: AccountId,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<(), DbError>;
    /// Ends a session; returns whose it was, if it existed.
    async fn delete_session(&self, token_hash: &str) -> Result<Option<AccountId>, DbError>;
    /// Ends every session of `account`; returns how many.
    async fn delete_sessions_of(&self, account: AccountId) -> Result<u64, DbError>;
    async fn record_audit(&self, record: &AuditRecord) -> Result<(), DbError>;
    /// The latest audit entries, newest first.
    async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, DbError>;
    /// The language messages to `account` are written in: `ko` or `en`.
    async fn set_account_lang(&self, account: AccountId, lang: &str) -> Result<(), DbError>;
    async fn has_accounts(&self) -> Result<bool, DbError>;
    /// Stores a new account; [`DbError::Taken`] if its email is.
    async fn insert_account(&self, account: NewAccount) -> Result<AccountId, DbError>;
    async fn insert_store(&self, store: NewStore) -> Result<StoreId, DbError>;

    /// Stores whose name, category or dishes contain `search`, of `category`,
    /// open or closed as of `now`.
    async fn stores(
        &self,
        search: Option<&str>,
        category: Option<&str>,
        now: Timestamp,
    ) -> Result<Vec<StoreCard>, DbError>;
    async fn categories(&self) -> Result<Vec<String>, DbError>;
    async fn store(&self, id: StoreId, now: Timestamp) -> Result<Option<StoreCard>, DbError>;
    async fn menu(&self, store: StoreId) -> Result<Vec<MenuItem>, DbError>;

    /// A store's coupon by its code.
    async fn coupon_by_code(
        &self,
        store: StoreId,
        code: &str,
    ) -> Result<Option<(CouponId, CouponTerms)>, DbError>;
    /// Whether `customer` used `coupon` already or it is all taken.
    async fn coupon_problem(
        &self,
        coupon: CouponId,
        customer: AccountId,
    ) -> Result<Option<CouponProblem>, DbError>;
    /// The coupons `customer` may still use.
    async fn coupon_offers(
        &self,
        customer: AccountId,
        store: Option<StoreId>,
        now: Timestamp,
    ) -> Result<Vec<CouponOffer>, DbError>;

    /// Stores a review; [`DbError::Taken`] if the order has one.
    async fn insert_review(
        &self,
        order: &Order,
        stars: Stars,
        text: &ReviewText,
        now: Timestamp,
    ) -> Result<Review, DbError>;
    async fn review_of(&self, order: OrderId) -> Result<Option<Review>, DbError>;
    /// A store's latest reviews, newest first.
    async fn reviews_of_store(&self, store: StoreId, limit: i64) -> Result<Vec<Review>, DbError>;

    async fn addresses(&self, customer: AccountId) -> Result<Vec<SavedAddress>, DbError>;
    async fn address(
        &self,
        customer: AccountId,
        id: AddressId,
    ) -> Result<Option<SavedAddress>, DbError>;
    /// Saves an address; [`DbError::Taken`] when the customer keeps too many.
    async fn save_address(
        &self,
        customer: AccountId,
        label: &str,
        place: &Place,
        now: Timestamp,
    ) -> Result<SavedAddress, DbError>;
    async fn delete_address(&self, customer: AccountId, id: AddressId) -> Result<bool, DbError>;
    /// How many of the customer's orders are completed.
    async fn completed_orders(&self, customer: AccountId) -> Result<u32, DbError>;

    /// How a store takes orders.
    async fn store_settings(&self, store: StoreId) -> Result<Option<StoreSettings>, DbError>;
    /// Changes how a store takes orders; false if there is no such store.
    async fn update_store(&self, store: StoreId, settings: &StoreSettings)
        -> Result<bool, DbError>;
    /// Adds or replaces a dish; `None` if the store has no dish `dish.id`.
    async fn save_dish(
        &self,
        store: StoreId,
        dish: &DishForm,
    ) -> Result<Option<MenuItemId>, DbError>;
    async fn set_sold_out(
        &self,
        store: StoreId,
        item: MenuItemId,
        sold_out: bool,
    ) -> Result<bool, DbError>;
    /// The owner's reply to a review; false if the order has none.
    async fn reply_review(
        &self,
        store: StoreId,
        order: OrderId,
        text: &str,
        now: Timestamp,
    ) -> Result<bool, DbError>;

    /// An order's payment, for its page.
    async fn payment_view(&self, order: OrderId) -> Result<Option<PaymentView>, DbError>;

    /// Records a placed order (its `placed` event first in its log) with its
    /// coupon's redemption and its unpaid payment, unless the customer
    /// already used `idempotency_key` or can no longer use the coupon.
    async fn insert_order(
        &self,
        idempotency_key: &str,
        placed: &OrderEvent,
        payment_expires_ms: i64,
    ) -> Result<Placement, DbError>;
    /// In one transaction: loads the order, decides, updates it only if its
    /// status is still the loaded one, appends the event and writes the
    /// notifications `plan` returns to the outbox.
    async fn apply_command(
        &self,
        order: OrderId,
        decide: Decision<'_>,
        plan: Planner<'_>,
    ) -> Result<Applied, CommandFailure>;
    /// The store owner and the riders who may hear of an order.
    async fn audience(&self, order: OrderId, radius_m: u32) -> Result<Option<Audience>, DbError>;
    /// Projects the events after the read models' checkpoint; returns how many.
    async fn project_events(&self) -> Result<u64, DbError>;
    /// Empties the read models and projects the whole event log again.
    async fn rebuild_read_models(&self) -> Result<u64, DbError>;
    /// An order's view, from the read model.
    async fn order_view(&self, order: OrderId) -> Result<Option<OrderView>, DbError>;
    /// A list of order views, from the read model.
    async fn order_views(&self, filter: OrderFilter) -> Result<Vec<OrderView>, DbError>;
    /// The most delivered dishes since `since_day` (a Korean calendar day).
    async fn dish_ranking(
        &self,
        neighbourhood: Option<&str>,
        store: Option<StoreId>,
        since_day: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RankedDish>, DbError>;
    /// A store's figures for a Korean calendar day.
    async fn store_sales(&self, store: StoreId, day: i64) -> Result<SalesFigures, DbError>;
    /// Up to `limit` committed changes with an event id above `after_id`,
    /// oldest first: the event id, the order with the status it produced, and
    /// where its store is.
    async fn changes_since(
        &self,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, Order, Coordinates)>, DbError>;

    /// In one transaction: stores a coupon and writes to the outbox what
    /// `plan` tells the store's past customers.
    async fn issue_coupon(
        &self,
        store: StoreId,
        code: &str,
        terms: &CouponTerms,
        plan: CouponPlanner<'_>,
        now_ms: i64,
    ) -> Result<IssuedCoupon, DbError>;

    /// Pending messages of a channel whose time has come, oldest first.
    async fn due_messages(
        &self,
        channel: Channel,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<PendingMessage>, DbError>;
    async fn mark_sent(&self, outbox_id: i64, now_ms: i64) -> Result<(), DbError>;
    /// Records a failed attempt: retried at `retry_at`, or a dead letter when `None`.
    async fn mark_failed(
        &self,
        outbox_id: i64,
        attempts: i64,
        retry_at: Option<i64>,
        error: &str,
    ) -> Result<(), DbError>;
    /// Sheds the oldest pending messages of a channel beyond `keep`; returns how many.
    async fn shed_pending(&self, channel: Channel, keep: i64) -> Result<u64, DbError>;
    /// Puts a dead letter back in the queue; false if there is no such dead letter.
    async fn retry_dead(&self, outbox_id: i64, now_ms: i64) -> Result<bool, DbError>;
    async fn outbox_stats(&self) -> Result<Vec<OutboxStat>, DbError>;
    /// Records an in-app notification once; false if it was already recorded.
    async fn record_in_app(&self, message: &Outgoing, now_ms: i64) -> Result<bool, DbError>;
    /// Records a KakaoTalk or SMS message in the local inbox, once.
    async fn record_in_inbox(
        &self,
        message: &Outgoing,
        phone: &str,
        now_ms: i64,
    ) -> Result<(), DbError>;
    async fn notifications_of(
        &self,
        recipient: AccountId,
        limit: i64,
    ) -> Result<Vec<Notification>, DbError>;
    async fn mark_notifications_read(
        &self,
        recipient: AccountId,
        now_ms: i64,
    ) -> Result<(), DbError>;
    async fn inbox(&self, limit: i64) -> Result<Vec<InboxEntry>, DbError>;

    /// The value stored under `name`, storing `value` first if there is none.
    async fn server_key_or_insert(
        &self,
        name: &str,
        value: &str,
        now_ms: i64,
    ) -> Result<String, DbError>;
    /// Keeps a subscription for `account`; a known endpoint moves to it.
    async fn save_push_subscription(
        &self,
        account: AccountId,
        subscription: &PushSubscription,
        now_ms: i64,
    ) -> Result<(), DbError>;
    async fn push_subscriptions(
        &self,
        account: AccountId,
    ) -> Result<Vec<PushSubscription>, DbError>;
    async fn delete_push_subscription(&self, endpoint: &str) -> Result<(), DbError>;
    /// Deletes `account`'s subscription at `endpoint`; false if it has none there.
    async fn delete_own_push_subscription(
        &self,
        account: AccountId,
        endpoint: &str,
    ) -> Result<bool, DbError>;
    /// The latest messages that ran out of attempts, newest first.
    async fn dead_letters(&self, limit: i64) -> Result<Vec<DeadLetter>, DbError>;

    /// Puts a rider on duty at `position`, or off duty (`None`).
    async fn set_rider_duty(
        &self,
        rider: AccountId,
        position: Option<Coordinates>,
        now_ms: i64,
    ) -> Result<(), DbError>;
    /// Moves an on-duty rider; false if the rider is off duty.
    async fn move_rider(
        &self,
        rider: AccountId,
        position: Coordinates,
        now_ms: i64,
    ) -> Result<bool, DbError>;
    async fn rider_position(&self, rider: AccountId) -> Result<Option<RiderPosition>, DbError>;
    /// The phone numbers of an order's store owner and customer.
    async fn contacts(&self, order: OrderId) -> Result<Contacts, DbError>;

    /// Counts a failed authorisation of an unpaid order, schedules the next
    /// at `retry_at(attempts)`, and, if the order was cancelled meanwhile
    /// and the provider may hold the money, queues a void. Returns the
    /// attempts so far, or `None` if the payment is no longer unpaid.
    async fn payment_attempt_failed(
        &self,
        order: OrderId,
        error: &str,
        may_be_held: bool,
        now_ms: i64,
        retry_at: &(dyn Fn(i64) -> i64 + Send + Sync),
    ) -> Result<Option<i64>, DbError>;
    /// Queues a void of an authorisation given after the order was cancelled.
    async fn void_if_cancelled(&self, order: OrderId, now_ms: i64) -> Result<bool, DbError>;
    /// Takes the unpaid orders whose authorisation is due, or whose first
    /// attempt went unrecorded since `stale_before_ms`, and holds them until
    /// `lease_until_ms`.
    async fn claim_due_authorizations(
        &self,
        now_ms: i64,
        stale_before_ms: i64,
        lease_until_ms: i64,
        limit: i64,
    ) -> Result<Vec<crate::payment::DueAuthorization>, DbError>;
    /// Moves an unpaid order's next authorisation without counting an attempt.
    async fn reschedule_authorization(&self, order: OrderId, at_ms: i64) -> Result<(), DbError>;
    /// Orders still unpaid after their time to pay ran out.
    async fn expired_payments(&self, now_ms: i64, limit: i64) -> Result<Vec<OrderId>, DbError>;
    /// Captures, voids and refunds due now.
    async fn due_payment_calls(
        &self,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<crate::payment::QueuedCall>, DbError>;
    /// Marks a call done and the payment captured, voided or refunded.
    async fn payment_call_done(&self, id: i64, now_ms: i64) -> Result<(), DbError>;
    /// Records a failed call, retried at `retry_at_ms` or dead without one.
    async fn payment_call_failed(
        &self,
        id: i64,
        attempts: i64,
        retry_at_ms: Option<i64>,
        error: &str,
    ) -> Result<(), DbError>;
    /// Moves a queued call without counting an attempt.
    async fn reschedule_payment_call(&self, id: i64, at_ms: i64) -> Result<(), DbError>;
}
