//! The database port: what the services need from storage. One implementation
//! per engine lives in its own module; nothing else knows which engine runs.

pub mod sqlite;

use app::model::{Account, MenuItem, OrderView, Role, StoreCard};
use async_trait::async_trait;
use domain::{AccountId, Coordinates, DomainError, Money, Order, OrderEvent, OrderId, StoreId};

/// A storage failure. Logged with its cause by the service that meets it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a stored row does not parse: {0}")]
    Corrupt(String),
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
    New { order: Order, event_id: i64 },
    /// The customer already placed an order with this idempotency key.
    Existing(OrderId),
}

/// Which orders a list shows.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderFilter {
    Customer(AccountId),
    Stores(Vec<StoreId>),
    ReadyForPickup,
    Rider(AccountId),
}

/// An account with its password hash, for sign-in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
}

/// A new account (demo seeding and, later, sign-up).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub home: Option<(String, Coordinates)>,
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
    pub menu: Vec<(String, String, Money)>,
}

/// Storage for every part of Baedal.
#[async_trait]
pub trait Database: Send + Sync {
    async fn ping(&self) -> Result<(), DbError>;

    async fn credentials(&self, email: &str) -> Result<Option<Credentials>, DbError>;
    async fn session_account(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<Account>, DbError>;
    async fn create_session(
        &self,
        token_hash: &str,
        account: AccountId,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<(), DbError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), DbError>;
    async fn has_accounts(&self) -> Result<bool, DbError>;
    async fn insert_account(&self, account: NewAccount) -> Result<AccountId, DbError>;
    async fn insert_store(&self, store: NewStore) -> Result<StoreId, DbError>;

    async fn stores(&self) -> Result<Vec<StoreCard>, DbError>;
    async fn store(&self, id: StoreId) -> Result<Option<StoreCard>, DbError>;
    async fn menu(&self, store: StoreId) -> Result<Vec<MenuItem>, DbError>;

    /// Records a placed order (its `placed` event first in its log), unless
    /// the customer already used `idempotency_key`.
    async fn insert_order(
        &self,
        idempotency_key: &str,
        placed: &OrderEvent,
    ) -> Result<Placement, DbError>;
    /// In one transaction: loads the order, decides, updates it only if its
    /// status is still the loaded one, and appends the event.
    async fn apply_command(
        &self,
        order: OrderId,
        decide: Decision<'_>,
    ) -> Result<Applied, CommandFailure>;
    async fn order_view(&self, order: OrderId) -> Result<Option<OrderView>, DbError>;
    async fn order_views(&self, filter: OrderFilter) -> Result<Vec<OrderView>, DbError>;
    /// The order's whole event log, oldest first.
    async fn order_events(&self, order: OrderId) -> Result<Vec<OrderEvent>, DbError>;
    /// Up to `limit` committed changes with an event id above `after_id`,
    /// oldest first: the event id and the order with the status it produced.
    async fn changes_since(&self, after_id: i64, limit: i64) -> Result<Vec<(i64, Order)>, DbError>;
}
