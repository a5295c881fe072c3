//! The values that cross the storage port besides the domain's and the app's.

use app::model::{Account, AuditAction, Place, Role};
use domain::Timestamp;
use domain::{AccountId, Coordinates, Money, Order, OrderEvent, OrderId, PrepMinutes, StoreId};

use crate::notices::{Message, Subject};

/// An account with its password hash, for sign-in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
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

/// A line for the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub at: Timestamp,
    pub actor: Option<AccountId>,
    pub action: AuditAction,
    pub subject: String,
    pub client: Option<String>,
}

/// What the command scripts need to know of an order's store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreFacts {
    pub id: StoreId,
    pub owner: AccountId,
    pub name: String,
    pub place: Place,
    pub neighbourhood: String,
    /// Paid orders are accepted at once with this estimate.
    pub auto_accept: Option<PrepMinutes>,
}

/// A rider's duty and last known position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiderPosition {
    pub on_duty: bool,
    pub position: Coordinates,
    pub updated_at: Timestamp,
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

/// One committed change of an order: its event's id and the order after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub event_id: i64,
    pub order: Order,
    /// Where the order's store is, for riders who hear only of offers near them.
    pub store_location: Coordinates,
}

/// An event as the log keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub id: i64,
    pub order: OrderId,
    pub event: OrderEvent,
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

/// What became of one delivery attempt of an outbox message.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    Sent {
        outbox_id: i64,
    },
    /// Tried again at `retry_at`, or a dead letter when `None`.
    Failed {
        outbox_id: i64,
        attempts: i64,
        retry_at: Option<Timestamp>,
        error: String,
    },
}

/// An entry of a recipient's in-app notification list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InAppEntry {
    pub outbox_id: i64,
    pub recipient: AccountId,
    /// The page it opens.
    pub href: String,
    pub text: String,
}

/// A KakaoTalk or SMS message kept in the local inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxMessage {
    pub channel: crate::notices::Channel,
    pub phone: String,
    pub text: String,
    pub dedupe_key: String,
}

/// The outbox of one channel at a glance.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxStat {
    pub channel: crate::notices::Channel,
    pub pending: i64,
    pub oldest_created: Option<Timestamp>,
}

/// A browser's Web Push subscription: where to send and the keys to encrypt
/// for it (base64url).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushSubscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}
