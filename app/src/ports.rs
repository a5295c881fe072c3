//! What server functions need from the outside world. The `server` crate
//! implements these traits and provides a [`Ports`] as Leptos context.

use std::sync::Arc;

use async_trait::async_trait;
use domain::{
    AccountId, Actor, AddressId, Command, Coordinates, CouponTerms, DomainError, MenuItemId,
    OrderId, Stars, StoreId,
};

use crate::error::{AppError, Field};
use crate::lang::Lang;
use crate::model::IdempotencyKey;
use crate::model::{
    Account, AccountForm, AuditEntry, CouponOffer, Dashboard, DeadLetter, DeliveryBoard,
    DemoAccount, DishForm, InboxEntry, IssuedCoupon, MenuItem, Notification, OrderRequest,
    OrderView, Place, Profile, Quote, Ranking, RankingPeriod, Review, RiderSpot, Role,
    SalesFigures, SavedAddress, StoreCard, StoreForm, StoreList, StoreQuery, StoreSettings,
    StoreWithMenu,
};
use crate::session::SessionCookie;

/// The address a request came from, which the server puts in each request's
/// extensions for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

/// What the server read of a signed-in visitor before rendering their page,
/// which keeps pages under exactly these reads (the server's page cache).
/// The server functions the page calls answer from it, so the page shows
/// what it is kept under. Put in the request's extensions.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReadAhead {
    pub account: Account,
    /// The customer's profile; `None` for other roles.
    pub profile: Option<Profile>,
    /// The customer's coupons for the store whose page this is.
    pub offers: Option<(StoreId, Vec<CouponOffer>)>,
}

impl ReadAhead {
    /// The coupons read ahead, if they were read for `store`.
    pub fn offers_for(&self, store: Option<StoreId>) -> Option<Vec<CouponOffer>> {
        match &self.offers {
            Some((read_for, offers)) if Some(*read_for) == store => Some(offers.clone()),
            _ => None,
        }
    }
}

/// Why a port call failed. `Unexpected` failures are logged with their cause
/// where they happen and reach the client only as [`AppError::Internal`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PortError {
    #[error("refused: {0}")]
    Refused(DomainError),
    #[error("conflicting concurrent change")]
    Conflict,
    #[error("not found")]
    NotFound,
    #[error("invalid {0}")]
    Invalid(Field),
    #[error("too many requests")]
    TooMany { retry_after_secs: u64 },
    #[error("the payment provider is busy")]
    PaymentBusy,
    /// The write queue is full: nothing was done, the caller may come back.
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    #[error("unexpected failure")]
    Unexpected,
}

impl From<PortError> for AppError {
    fn from(error: PortError) -> Self {
        match error {
            PortError::Refused(reason) => AppError::Refused { reason },
            PortError::Conflict => AppError::Conflict,
            PortError::NotFound => AppError::NotFound,
            PortError::Invalid(field) => AppError::invalid(field),
            PortError::TooMany { retry_after_secs } => {
                AppError::TooManyRequests { retry_after_secs }
            }
            PortError::PaymentBusy => AppError::PaymentBusy,
            PortError::Busy { retry_after_secs } => AppError::Busy { retry_after_secs },
            PortError::Unexpected => AppError::Internal,
        }
    }
}

/// A new session for a signed-in account.
#[derive(Debug, Clone)]
pub struct SessionStart {
    /// The secret the cookie carries; stored only hashed.
    pub token: String,
    pub account: Account,
    pub max_age_secs: i64,
}

/// Sign-up, sign-in, sessions, the audit log and the demo accounts.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Checks the password; `None` when the email or password is wrong.
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: Option<ClientAddr>,
    ) -> Result<Option<SessionStart>, PortError>;
    /// Creates a customer's account and signs it in.
    async fn sign_up(
        &self,
        form: AccountForm,
        client: Option<ClientAddr>,
    ) -> Result<SessionStart, PortError>;
    /// Creates a rider's or a store owner's account (with its first store),
    /// as `operator` asks.
    async fn create_account(
        &self,
        operator: &Account,
        role: Role,
        form: AccountForm,
        store: Option<StoreForm>,
        client: Option<ClientAddr>,
    ) -> Result<AccountId, PortError>;
    /// The account behind a session token, if the session is valid; counts
    /// as use of the session.
    async fn session(&self, token: &str) -> Result<Option<Account>, PortError>;
    /// Everything the store list or the page of `store` reads of the visitor
    /// with session `token`, at once; `None` if the session is not valid.
    /// Counts as use of the session.
    async fn read_ahead(
        &self,
        token: &str,
        store: Option<StoreId>,
    ) -> Result<Option<ReadAhead>, PortError>;
    /// Ends a session.
    async fn sign_out(&self, token: &str, client: Option<ClientAddr>) -> Result<(), PortError>;
    /// Ends every session of `account`; returns how many.
    async fn sign_out_everywhere(
        &self,
        account: &Account,
        client: Option<ClientAddr>,
    ) -> Result<u64, PortError>;
    /// The latest entries of the audit log, newest first.
    async fn audit_log(&self) -> Result<Vec<AuditEntry>, PortError>;
    /// Writes later messages (KakaoTalk, SMS, push) to `account` in `lang`.
    async fn set_language(&self, account: AccountId, lang: Lang) -> Result<(), PortError>;
    /// The one-tap accounts; empty unless the server runs in demo mode.
    fn demo_accounts(&self) -> Vec<DemoAccount>;
}

/// Stores, menus, coupons and reviews.
#[async_trait]
pub trait Catalogue: Send + Sync {
    /// The stores matching `query`, nearest to `from` first when given.
    async fn stores(&self, query: &StoreQuery, from: Option<Place>)
        -> Result<StoreList, PortError>;
    /// A store, its menu and its latest reviews.
    async fn store_menu(&self, store: StoreId) -> Result<Option<StoreWithMenu>, PortError>;
    /// The coupons `customer` may still use, of one store or of all.
    async fn coupons_for(
        &self,
        customer: AccountId,
        store: Option<StoreId>,
    ) -> Result<Vec<CouponOffer>, PortError>;
    /// Reviews a completed order of `customer`'s, once.
    async fn review(
        &self,
        customer: AccountId,
        order: OrderId,
        stars: Stars,
        text: domain::ReviewText,
    ) -> Result<Review, PortError>;
    /// Issues a coupon and tells the store's past customers.
    async fn issue_coupon(
        &self,
        store: StoreId,
        terms: CouponTerms,
    ) -> Result<IssuedCoupon, PortError>;
    /// The most-ordered dishes of a period, everywhere or in one neighbourhood.
    async fn ranking(
        &self,
        neighbourhood: Option<String>,
        period: RankingPeriod,
    ) -> Result<Ranking, PortError>;
}

/// Placing orders, commanding them and reading them.
#[async_trait]
pub trait Orders: Send + Sync {
    /// Prices an order as placing it would, without placing it.
    async fn quote(&self, customer: &Account, request: OrderRequest) -> Result<Quote, PortError>;
    /// Prices the cart from the menu, records the order and takes the payment.
    async fn place(
        &self,
        customer: &Account,
        request: OrderRequest,
        key: IdempotencyKey,
    ) -> Result<OrderId, PortError>;
    /// Tries the payment of an unpaid order again now; the caller has
    /// checked that the order is theirs.
    async fn retry_payment(&self, order: OrderId) -> Result<OrderView, PortError>;
    /// Runs one command in one transaction and tells every subscriber.
    async fn execute(
        &self,
        order: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<OrderView, PortError>;
    async fn view(&self, order: OrderId) -> Result<Option<OrderView>, PortError>;
    async fn of_customer(&self, customer: AccountId) -> Result<Vec<OrderView>, PortError>;
    async fn of_stores(&self, stores: &[StoreId]) -> Result<Vec<OrderView>, PortError>;
    async fn ready_for_pickup(&self) -> Result<Vec<OrderView>, PortError>;
    async fn of_rider(&self, rider: AccountId) -> Result<Vec<OrderView>, PortError>;
    /// Today's figures (Korean calendar day) of each of these stores.
    async fn sales_today(&self, stores: &[StoreId]) -> Result<Vec<SalesFigures>, PortError>;
}

/// What a store owner runs: settings, menu, dashboard, replies.
#[async_trait]
pub trait Stores: Send + Sync {
    /// Today's figures, the week's top dishes, reviews and settings.
    async fn dashboard(&self, store: StoreId) -> Result<Dashboard, PortError>;
    async fn update_store(
        &self,
        store: StoreId,
        settings: StoreSettings,
    ) -> Result<StoreCard, PortError>;
    /// Adds a dish, or replaces the one `dish.id` names, options included.
    async fn save_dish(&self, store: StoreId, dish: DishForm) -> Result<MenuItem, PortError>;
    /// Marks a dish of `store` sold out or back; false if it has no such dish.
    async fn set_sold_out(
        &self,
        store: StoreId,
        item: MenuItemId,
        sold_out: bool,
    ) -> Result<bool, PortError>;
    /// The owner's reply to a review of an order of `store`.
    async fn reply_review(
        &self,
        store: StoreId,
        order: OrderId,
        text: domain::Reason,
    ) -> Result<Review, PortError>;
}

/// A customer's grade and saved addresses.
#[async_trait]
pub trait Customers: Send + Sync {
    async fn profile(&self, customer: &Account) -> Result<Profile, PortError>;
    async fn save_address(
        &self,
        customer: AccountId,
        label: &str,
        place: Place,
    ) -> Result<SavedAddress, PortError>;
    /// Forgets a saved address; false if the customer has none with that id.
    async fn delete_address(&self, customer: AccountId, id: AddressId) -> Result<bool, PortError>;
    /// One of the customer's saved addresses.
    async fn address(
        &self,
        customer: AccountId,
        id: AddressId,
    ) -> Result<Option<SavedAddress>, PortError>;
}

/// Riders: duty, position, their board and where they are for customers.
#[async_trait]
pub trait Riders: Send + Sync {
    /// Goes off duty, or on duty at `position`.
    async fn set_duty(
        &self,
        rider: AccountId,
        position: Option<Coordinates>,
    ) -> Result<(), PortError>;
    /// Records where an on-duty rider is, and tells the customer of a
    /// delivery they carry; `false` if the rider is off duty.
    async fn report_position(
        &self,
        rider: AccountId,
        position: Coordinates,
    ) -> Result<bool, PortError>;
    /// Offers within the radius of the rider, nearest first; their own
    /// deliveries with phone numbers; their duty and earnings.
    async fn board(&self, rider: &Account) -> Result<DeliveryBoard, PortError>;
    /// Whether `order` is offered to `rider`: its store lies within the
    /// radius of where the rider is.
    async fn is_offered_to(&self, rider: &Account, order: &OrderView) -> Result<bool, PortError>;
    /// Where the rider carrying `order` is, once it is picked up.
    async fn spot(&self, order: &OrderView) -> Result<Option<RiderSpot>, PortError>;
}

/// In-app notifications, and the operator's view of the other channels.
#[async_trait]
pub trait Notifications: Send + Sync {
    /// The recipient's latest notifications, newest first.
    async fn list(&self, recipient: AccountId) -> Result<Vec<Notification>, PortError>;
    async fn mark_read(&self, recipient: AccountId) -> Result<(), PortError>;
    /// What the local KakaoTalk/SMS inbox received, newest first.
    async fn inbox(&self) -> Result<Vec<InboxEntry>, PortError>;
    /// The latest messages that ran out of attempts, newest first.
    async fn dead_letters(&self) -> Result<Vec<DeadLetter>, PortError>;
    /// The VAPID public key (base64url) browsers subscribe with.
    fn push_public_key(&self) -> String;
    /// Keeps a browser's push subscription for `account`.
    async fn subscribe_push(
        &self,
        account: AccountId,
        endpoint: &str,
        p256dh: &str,
        auth: &str,
    ) -> Result<(), PortError>;
    /// Forgets `account`'s subscription at `endpoint`; false if it had none there.
    async fn unsubscribe_push(&self, account: AccountId, endpoint: &str)
        -> Result<bool, PortError>;
    /// Queues a dead letter again, as `operator` asks; false if there is none
    /// with that id.
    async fn retry(
        &self,
        operator: &Account,
        outbox_id: i64,
        client: Option<ClientAddr>,
    ) -> Result<bool, PortError>;
}

/// Everything server functions call, provided as Leptos context.
#[derive(Clone)]
pub struct Ports {
    pub accounts: Arc<dyn Accounts>,
    pub catalogue: Arc<dyn Catalogue>,
    pub orders: Arc<dyn Orders>,
    pub notifications: Arc<dyn Notifications>,
    pub riders: Arc<dyn Riders>,
    pub customers: Arc<dyn Customers>,
    pub stores: Arc<dyn Stores>,
    /// How the session cookie is named and flagged.
    pub session_cookie: SessionCookie,
}
