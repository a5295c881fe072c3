//! Orders: what checkout sends, what an order's page shows, what a live stream carries.

use domain::{
    AddressId, EventName, MenuItemId, Money, OptionId, Order, OrderId, OrderStatus, PaymentAction,
    StoreId, Timestamp,
};
use serde::{Deserialize, Serialize};

use super::catalogue::{Place, Review};
use crate::error::Field;

/// What an order would cost: the breakdown checkout shows before paying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub subtotal: Money,
    pub delivery_fee: Money,
    pub discount: Money,
    pub total: Money,
    /// How much more the dishes must come to for the store's minimum; absent
    /// when it is met. Such a cart is priced but cannot be ordered yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_of_minimum: Option<Money>,
}

/// Where an order's money is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Not authorised yet: the provider refused or was busy; retried.
    Unpaid,
    Authorized,
    Captured,
    /// The authorisation was released: nothing was charged.
    Voided,
    Refunded,
}

/// An order's payment as its page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub state: PaymentState,
    /// A capture, void or refund queued with the provider and not done yet.
    pub pending: Option<PaymentAction>,
    /// The last authorisation attempt failed; Baedal retries.
    pub busy: bool,
    /// When the next automatic attempt is due.
    pub next_retry_at: Option<Timestamp>,
    /// Unpaid orders are cancelled at this time.
    pub expires_at: Option<Timestamp>,
}

/// One entry of an order's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub event: EventName,
    pub at: Timestamp,
}

/// An order with what its screens show around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub order: Order,
    pub store_name: String,
    pub store_place: Place,
    pub customer_name: String,
    pub rider_name: Option<String>,
    pub timeline: Vec<TimelineEntry>,
    /// The payment, on the order's own page.
    #[serde(default)]
    pub payment: Option<PaymentView>,
    /// The customer's review, once written.
    #[serde(default)]
    pub review: Option<Review>,
}

/// What a live stream sends for each change a subscriber may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveChange {
    /// The event's id in the order event log; increasing.
    pub event_id: i64,
    pub order: OrderId,
    pub status: OrderStatus,
    /// When the change was committed (server clock), for measuring delivery.
    pub committed_at: Timestamp,
}

/// A dish, its options and how many, as the customer's cart sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub item: MenuItemId,
    pub quantity: domain::Quantity,
    #[serde(default)]
    pub options: Vec<OptionId>,
}

/// An order as checkout sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRequest {
    pub store: StoreId,
    pub lines: Vec<CartLine>,
    /// A saved address; the account's own when none.
    pub address: Option<AddressId>,
    /// A coupon code.
    pub coupon: Option<String>,
    /// What the customer asks of the kitchen, up to 200 characters.
    #[serde(default)]
    pub note: Option<String>,
}

impl OrderRequest {
    /// The most options one line may carry.
    pub const MAX_OPTIONS: usize = 20;
    /// The longest coupon code.
    pub const MAX_CODE_CHARS: usize = 32;

    /// Refuses requests no cart makes: no lines, too many, too many options
    /// on a line, an overlong coupon code.
    pub fn check_size(&self) -> Result<(), crate::error::AppError> {
        use crate::error::AppError;
        if self.lines.is_empty() {
            return Err(AppError::refused(domain::DomainError::EmptyOrder));
        }
        if self.lines.len() > domain::MAX_LINES {
            return Err(AppError::refused(domain::DomainError::TooManyLines));
        }
        if self
            .lines
            .iter()
            .any(|line| line.options.len() > Self::MAX_OPTIONS)
        {
            return Err(AppError::invalid(Field::Options));
        }
        let code_chars = self
            .coupon
            .as_deref()
            .map_or(0, |code| code.chars().count());
        if code_chars > Self::MAX_CODE_CHARS {
            return Err(AppError::invalid(Field::Coupon));
        }
        Ok(())
    }
}

/// A client-chosen key that makes placing an order idempotent: 8 to 64
/// characters of letters, digits and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Parses a key.
    pub fn parse(key: &str) -> Option<Self> {
        let valid = (8..=64).contains(&key.len())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        valid.then(|| Self(key.to_owned()))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = &'static str;
    fn try_from(key: String) -> Result<Self, Self::Error> {
        Self::parse(&key).ok_or("invalid idempotency key")
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> String {
        key.0
    }
}
