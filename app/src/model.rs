//! What server functions return: plain data shared by the server and the browser.

use domain::{
    AccountId, AddressId, Coordinates, CouponId, Discount, Grade, MenuItemId, Money, OpeningHours,
    OptionGroup, OptionId, Order, OrderId, OrderStatus, PaymentAction, PrepMinutes, Stars, StoreId,
    Timestamp,
};
use serde::{Deserialize, Serialize};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    StoreOwner,
    Rider,
    Operator,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::StoreOwner => "store_owner",
            Role::Rider => "rider",
            Role::Operator => "operator",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Role> {
        [
            Role::Customer,
            Role::StoreOwner,
            Role::Rider,
            Role::Operator,
        ]
        .into_iter()
        .find(|role| role.as_str() == name)
    }

    /// Where this role's app lives.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Customer => "/",
            Role::Operator => "/admin/notifications",
            Role::StoreOwner => "/store",
            Role::Rider => "/rider",
        }
    }
}

/// A named place with a position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub address: String,
    pub location: Coordinates,
}

/// A signed-in account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// A customer's delivery address, a rider's base.
    pub home: Option<Place>,
    /// The stores a store owner owns.
    pub stores: Vec<StoreId>,
}

/// A ready-made account offered on the sign-in page in demo mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub email: String,
    pub password: String,
    pub name: String,
    pub role: Role,
}

/// A store as the customer's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreCard {
    pub id: StoreId,
    pub name: String,
    pub category: String,
    pub neighbourhood: String,
    pub place: Place,
    /// From the customer's address, when known.
    pub distance_m: Option<u32>,
    pub delivery_fee: Money,
    /// The smallest sum of dishes the store delivers.
    pub min_order: Money,
    pub hours: OpeningHours,
    /// Whether the owner has the store taking orders.
    pub accepting: bool,
    /// Taking orders and within its hours, now.
    pub open: bool,
    pub rating: Option<Rating>,
}

/// The average of a store's reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// The average in tenths of a star: 43 is 4.3.
    pub average_tenths: u16,
    pub count: u32,
}

impl Rating {
    /// `4.3`.
    pub fn average(self) -> String {
        format!("{}.{}", self.average_tenths / 10, self.average_tenths % 10)
    }
}

/// A dish on a menu.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MenuItem {
    pub id: MenuItemId,
    pub name: String,
    pub description: String,
    /// The price without options.
    pub price: Money,
    pub sold_out: bool,
    /// Choices such as size and extras, in menu order.
    pub options: Vec<OptionGroup>,
}

/// A customer's review of a completed order, and the store's reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub order: OrderId,
    pub stars: Stars,
    pub text: String,
    /// The customer's name as others see it: its first letter and a mask.
    pub author: String,
    pub at: Timestamp,
    pub reply: Option<String>,
}

/// A store's page: the store, its menu and its latest reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreWithMenu {
    pub store: StoreCard,
    pub items: Vec<MenuItem>,
    pub reviews: Vec<Review>,
}

/// What the customer's store list asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreQuery {
    /// Words to find in a store's name or category or in its dishes' names.
    pub search: Option<String>,
    /// One category, such as `치킨`.
    pub category: Option<String>,
    /// The saved address distances are measured from; the account's own
    /// address when none is given.
    pub address: Option<AddressId>,
}

/// The stores that match a query, nearest first when an address is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreList {
    pub stores: Vec<StoreCard>,
    /// Every category there is, for choosing one.
    pub categories: Vec<String>,
    /// Where distances were measured from.
    pub from: Option<Place>,
}

/// A delivery address the customer saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: AddressId,
    /// Such as "집" or "회사".
    pub label: String,
    pub place: Place,
}

/// A customer's page about themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub grade: Grade,
    pub completed_orders: u32,
    /// Completed orders the next grade takes, if there is one.
    pub next_grade_at: Option<u32>,
    pub addresses: Vec<SavedAddress>,
}

/// A coupon the customer may use, as checkout offers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouponOffer {
    pub id: CouponId,
    /// What the customer types or taps.
    pub code: String,
    pub store: StoreId,
    pub store_name: String,
    pub discount: Discount,
    pub min_order: Money,
    pub expires_at: Timestamp,
}

/// What an order would cost: the breakdown checkout shows before paying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub subtotal: Money,
    pub delivery_fee: Money,
    pub discount: Money,
    pub total: Money,
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
    /// The event's stored name, such as `cooking_started`.
    pub event: String,
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

/// A delivery on the rider's board, with the distances that matter to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryCard {
    pub view: OrderView,
    /// From the rider to the store, when the rider's position is known.
    pub to_store_m: Option<u32>,
    /// From the store to the customer.
    pub store_to_customer_m: u32,
    /// What the rider earns for it.
    pub fee: Money,
    /// Phone numbers, once the delivery is the rider's own.
    pub contacts: Option<Contacts>,
}

/// Who to call about a delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contacts {
    pub store_phone: Option<String>,
    pub customer_phone: Option<String>,
}

/// Deliveries and fees of a day and of a week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Earnings {
    pub today_deliveries: u32,
    pub today_fees: Money,
    pub week_deliveries: u32,
    pub week_fees: Money,
}

/// Whether a rider is working, and where they are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Duty {
    pub on_duty: bool,
    /// The last position reported on duty, else the rider's base.
    pub position: Option<Coordinates>,
}

/// The rider's screen: deliveries on offer near them and their own, their
/// duty and their earnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryBoard {
    pub offered: Vec<DeliveryCard>,
    pub mine: Vec<DeliveryCard>,
    pub duty: Duty,
    /// How far from the rider offers come from.
    pub radius_m: u32,
    pub earnings: Earnings,
}

/// Where the rider carrying an order is, for its customer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RiderSpot {
    pub position: Coordinates,
    pub updated_at: Timestamp,
    pub to_customer_m: u32,
    /// Minutes to the customer at the configured riding speed.
    pub eta_minutes: u32,
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
            return Err(AppError::invalid("options"));
        }
        let code_chars = self
            .coupon
            .as_deref()
            .map_or(0, |code| code.chars().count());
        if code_chars > Self::MAX_CODE_CHARS {
            return Err(AppError::invalid("coupon"));
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

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    /// The page it opens, such as `/orders/7` or `/stores/2`.
    pub href: String,
    pub text: String,
    pub at: Timestamp,
    pub read: bool,
}

/// A message the local KakaoTalk/SMS inbox received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub channel: String,
    pub phone: String,
    pub text: String,
    pub at: Timestamp,
}

/// A notification the dispatcher gave up on, for the operator to send again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub outbox_id: i64,
    pub channel: String,
    pub recipient_name: String,
    /// The page of what it is about, such as `/orders/7`.
    pub href: String,
    pub attempts: i64,
    /// The provider's last answer, such as `HTTP 500` or `timed out`.
    pub last_error: Option<String>,
    pub created_at: Timestamp,
}

/// An in-app notification as the live stream shows it: a toast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveNotice {
    /// The page it opens, such as `/orders/7`.
    pub href: String,
    pub text: String,
}

/// A dish in the most-ordered ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedDish {
    pub item: MenuItemId,
    pub name: String,
    pub store: StoreId,
    pub store_name: String,
    pub neighbourhood: String,
    /// How many were delivered in the period.
    pub quantity: i64,
}

/// Which days the ranking counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankingPeriod {
    LastSevenDays,
    AllTime,
}

/// The most-ordered dishes of a period, everywhere or in one neighbourhood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub period: RankingPeriod,
    pub neighbourhood: Option<String>,
    /// Every neighbourhood that has stores, for choosing one.
    pub neighbourhoods: Vec<String>,
    pub dishes: Vec<RankedDish>,
}

/// A store's figures for one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesFigures {
    pub store: StoreId,
    pub store_name: String,
    /// Paid orders.
    pub orders: i64,
    pub delivered: i64,
    /// The totals of delivered orders.
    pub revenue: Money,
    pub cancelled: i64,
    pub rejected: i64,
    /// From acceptance to ready, rounded to minutes.
    pub average_prep_minutes: Option<i64>,
}

impl SalesFigures {
    /// A day without orders.
    pub fn empty(store: StoreId, store_name: String) -> Self {
        Self {
            store,
            store_name,
            orders: 0,
            delivered: 0,
            revenue: Money::ZERO,
            cancelled: 0,
            rejected: 0,
            average_prep_minutes: None,
        }
    }
}

/// What the audit log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignUp,
    SignOut,
    SignOutEverywhere,
    AccountCreated,
    NotificationRetried,
}

impl AuditAction {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignUp => "sign_up",
            AuditAction::SignOut => "sign_out",
            AuditAction::SignOutEverywhere => "sign_out_everywhere",
            AuditAction::AccountCreated => "account_created",
            AuditAction::NotificationRetried => "notification_retried",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<AuditAction> {
        [
            AuditAction::SignIn,
            AuditAction::SignInFailed,
            AuditAction::SignUp,
            AuditAction::SignOut,
            AuditAction::SignOutEverywhere,
            AuditAction::AccountCreated,
            AuditAction::NotificationRetried,
        ]
        .into_iter()
        .find(|action| action.as_str() == name)
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: Timestamp,
    /// The email of the account that acted, if there was one.
    pub actor: Option<String>,
    pub action: AuditAction,
    /// What it was about: an email, an account, a notification.
    pub subject: String,
    /// The address the request came from.
    pub client: Option<String>,
}

/// A new account as a form gives it: parsed and checked by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountForm {
    pub email: String,
    pub name: String,
    pub password: String,
    /// One of `domain::AREAS`.
    pub area: String,
    /// The street address: where a customer's food goes, a rider's base.
    pub address: String,
}

/// The first store of a new store owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreForm {
    pub name: String,
    pub category: String,
}

/// How a store takes orders, as its owner sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettings {
    /// Taking orders at all; off closes the store whatever its hours.
    pub accepting: bool,
    pub hours: OpeningHours,
    pub delivery_fee: Money,
    pub min_order: Money,
    /// Accept paid orders at once with this estimate.
    pub auto_accept: Option<PrepMinutes>,
}

/// A choice of an option group as the owner edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionForm {
    pub name: String,
    pub price_delta: Money,
}

/// An option group as the owner edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionGroupForm {
    pub name: String,
    pub min: u8,
    pub max: u8,
    pub options: Vec<OptionForm>,
}

/// A dish as the owner adds or edits it; `id` names the dish edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DishForm {
    pub id: Option<MenuItemId>,
    pub name: String,
    pub description: String,
    pub price: Money,
    pub options: Vec<OptionGroupForm>,
}

impl DishForm {
    /// The most option groups of one dish.
    pub const MAX_GROUPS: usize = 10;
    /// The most choices of one group.
    pub const MAX_OPTIONS: usize = 20;

    /// Checks names and counts; the name of the first field that fails.
    pub fn check(&self) -> Result<(), &'static str> {
        let text_ok = |text: &str, min: usize, max: usize| {
            let length = text.trim().chars().count();
            (min..=max).contains(&length) && !text.chars().any(char::is_control)
        };
        if !text_ok(&self.name, 1, 60) {
            return Err("dish_name");
        }
        if !text_ok(&self.description, 0, 200) {
            return Err("description");
        }
        if self.options.len() > Self::MAX_GROUPS {
            return Err("option_groups");
        }
        for group in &self.options {
            if !text_ok(&group.name, 1, 30) {
                return Err("group_name");
            }
            let count = group.options.len();
            let choices = usize::from(group.min) <= usize::from(group.max)
                && group.max >= 1
                && usize::from(group.max) <= count;
            if count == 0 || count > Self::MAX_OPTIONS || !choices {
                return Err("group_choices");
            }
            if group
                .options
                .iter()
                .any(|option| !text_ok(&option.name, 1, 40))
            {
                return Err("option_name");
            }
        }
        Ok(())
    }
}

/// A coupon just issued: the code customers type, and how many were told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCoupon {
    pub code: String,
    pub notified: u32,
}

/// A store's counter dashboard: today's figures, the week's top dishes and
/// the latest reviews, with the owner's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub store: StoreCard,
    pub settings: StoreSettings,
    pub today: SalesFigures,
    /// The most delivered dishes of the last seven days.
    pub top_dishes: Vec<RankedDish>,
    pub reviews: Vec<Review>,
}

#[cfg(test)]
mod dish_form_tests {
    use super::*;

    fn dish() -> DishForm {
        DishForm {
            id: None,
            name: "부대찌개".into(),
            description: "".into(),
            price: Money::won(18_000).unwrap(),
            options: vec![OptionGroupForm {
                name: "인분".into(),
                min: 1,
                max: 1,
                options: vec![OptionForm {
                    name: "2인분".into(),
                    price_delta: Money::ZERO,
                }],
            }],
        }
    }

    #[test]
    fn dish_forms_are_checked() {
        assert_eq!(dish().check(), Ok(()));
        let mut blank = dish();
        blank.name = "  ".into();
        assert_eq!(blank.check(), Err("dish_name"));
        let mut too_many = dish();
        too_many.options[0].max = 2;
        assert_eq!(too_many.check(), Err("group_choices"));
        let mut backwards = dish();
        backwards.options[0].min = 2;
        assert_eq!(backwards.check(), Err("group_choices"));
        let mut empty = dish();
        empty.options[0].options.clear();
        assert_eq!(empty.check(), Err("group_choices"));
        let mut nameless = dish();
        nameless.options[0].options[0].name = "".into();
        assert_eq!(nameless.check(), Err("option_name"));
    }
}
