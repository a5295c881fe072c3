//! The app's ports, implemented over the database port, the payment provider
//! and the live hub.

mod accounts;
mod checkout;
mod customers;
mod payments;
mod riders;
mod stores;

pub use payments::Payments;

use std::sync::Arc;

use app::model::AuditAction;
use app::model::{
    Account, CouponOffer, DeadLetter, IdempotencyKey, InboxEntry, IssuedCoupon, Notification,
    OrderRequest, OrderView, Place, Quote, Ranking, RankingPeriod, Review, SalesFigures, StoreList,
    StoreQuery, StoreWithMenu,
};
use app::ports::{Catalogue, ClientAddr, Notifications, Orders, PortError};
use async_trait::async_trait;
use domain::{
    AccountId, Actor, Command, CouponTerms, DomainError, GradeThresholds, Order, OrderEvent,
    OrderId, ReviewText, Stars, StoreId,
};
use tokio::sync::Notify;

use crate::db::{Applied, CommandFailure, Database, OrderFilter, Placement};
use crate::live::{LiveHub, Published};
use crate::metrics::Metrics;
use crate::notifications::plan::{coupon_plan, plan};
use crate::notifications::push::{parse_subscription, BadSubscription};
use crate::rate_limit::RateLimits;
use crate::read_models::korean_day;

/// The settings the services need.
#[derive(Debug, Clone)]
pub struct ServiceSettings {
    pub demo: bool,
    pub session: SessionPolicy,
    /// How far from a store riders hear of its deliveries.
    pub rider_radius_m: u32,
    /// How fast riders are taken to ride, for arrival estimates.
    pub rider_speed_kmh: u32,
    /// The VAPID public key browsers subscribe with.
    pub push_public_key: String,
    /// Whether plain-http push endpoints are accepted (local tests only).
    pub push_allow_http: bool,
    /// How many completed orders raise a customer's grade.
    pub grades: GradeThresholds,
}

/// How long sessions last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session ends this long after sign-in, however much it is used.
    pub absolute_hours: i64,
    /// A session ends after this long without a request.
    pub idle_minutes: i64,
    /// How often an open live stream checks that its session is still valid.
    pub stream_check_secs: i64,
}

impl SessionPolicy {
    pub fn absolute_ms(self) -> i64 {
        self.absolute_hours.saturating_mul(3_600_000)
    }

    pub fn idle_ms(self) -> i64 {
        self.idle_minutes.saturating_mul(60_000)
    }

    pub fn stream_check(self) -> std::time::Duration {
        std::time::Duration::from_secs(self.stream_check_secs.unsigned_abs())
    }
}

/// Baedal's application services.
pub struct Baedal {
    db: Arc<dyn Database>,
    live: LiveHub,
    payments: Payments,
    metrics: Arc<Metrics>,
    /// Wakes the dispatcher after a commit wrote to the outbox.
    outbox_written: Arc<Notify>,
    settings: ServiceSettings,
    /// Failed sign-ins per account.
    limits: Arc<RateLimits>,
    /// Held from a commit until its change is published, so that changes are
    /// published in the order of their event ids.
    commit_order: tokio::sync::Mutex<()>,
}

fn outcome_name(outcome: &Result<Applied, CommandFailure>) -> &'static str {
    match outcome {
        Ok(_) => "applied",
        Err(CommandFailure::Refused(_)) => "refused",
        Err(CommandFailure::Conflict) => "conflict",
        Err(CommandFailure::NotFound) => "not_found",
        Err(CommandFailure::Db(_)) => "failed",
    }
}

/// A code customers can type: eight letters and digits that are hard to mix up.
fn coupon_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// Logs an unexpected failure once, with its cause, and hides it from the client.
pub(crate) fn unexpected(doing: &str, error: impl std::fmt::Display) -> PortError {
    tracing::error!(error = %error, "failed while {doing}");
    PortError::Unexpected
}

impl Baedal {
    pub fn new(
        db: Arc<dyn Database>,
        live: LiveHub,
        payments: Payments,
        metrics: Arc<Metrics>,
        outbox_written: Arc<Notify>,
        limits: Arc<RateLimits>,
        settings: ServiceSettings,
    ) -> Self {
        Self {
            limits,
            db,
            live,
            payments,
            metrics,
            outbox_written,
            settings,
            commit_order: tokio::sync::Mutex::new(()),
        }
    }

    /// The metrics, with the outbox figures read now.
    pub async fn render_metrics(&self) -> String {
        match self.db.outbox_stats().await {
            Ok(stats) => {
                let now = app::clock::now().millis();
                for stat in stats {
                    let age = stat
                        .oldest_created_ms
                        .map(|t| (now - t).max(0) as f64 / 1000.0);
                    self.metrics
                        .outbox(stat.channel, stat.pending, age.unwrap_or(0.0));
                }
            }
            Err(error) => tracing::error!(%error, "reading outbox figures failed"),
        }
        self.payments.provider.publish_state();
        self.metrics.render()
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// The changes committed after event `after_id` (at most a thousand), for
    /// a stream that resumes.
    pub async fn changes_since(&self, after_id: i64) -> Result<Vec<Published>, PortError> {
        let changes = self
            .db
            .changes_since(after_id, 1_000)
            .await
            .map_err(|e| unexpected("reading missed changes", e))?;
        Ok(changes
            .into_iter()
            .map(|(event_id, order, store_location)| Published {
                event_id,
                order,
                store_location,
                committed_at: app::clock::now(),
            })
            .collect())
    }

    /// How sessions last.
    pub fn session_policy(&self) -> SessionPolicy {
        self.settings.session
    }

    /// How far from a store riders hear of its deliveries.
    pub fn rider_radius_m(&self) -> u32 {
        self.settings.rider_radius_m
    }

    /// The live hub every committed change goes through.
    pub fn live(&self) -> &LiveHub {
        &self.live
    }

    /// Whether the database answers.
    pub async fn ready(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    /// Brings the read models up to date with what was just committed. A
    /// failure is logged; the next commit or the next start catches up.
    async fn project(&self) {
        if let Err(error) = self.db.project_events().await {
            tracing::error!(%error, "projecting events into the read models failed");
        }
    }

    async fn views(&self, filter: OrderFilter) -> Result<Vec<OrderView>, PortError> {
        self.db
            .order_views(filter)
            .await
            .map_err(|e| unexpected("listing orders", e))
    }
}

#[async_trait]
impl Catalogue for Baedal {
    async fn stores(
        &self,
        query: &StoreQuery,
        from: Option<Place>,
    ) -> Result<StoreList, PortError> {
        let now = app::clock::now();
        let search = query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let category = query.category.as_deref().filter(|c| !c.is_empty());
        let mut stores = self
            .db
            .stores(search, category, now)
            .await
            .map_err(|e| unexpected("listing stores", e))?;
        if let Some(from) = &from {
            for store in &mut stores {
                store.distance_m = Some(from.location.distance_m(store.place.location));
            }
            stores.sort_by_key(|store| (!store.open, store.distance_m));
        }
        let categories = self
            .db
            .categories()
            .await
            .map_err(|e| unexpected("listing categories", e))?;
        Ok(StoreList {
            stores,
            categories,
            from,
        })
    }

    async fn store_menu(&self, store: StoreId) -> Result<Option<StoreWithMenu>, PortError> {
        let Some(card) = self
            .db
            .store(store, app::clock::now())
            .await
            .map_err(|e| unexpected("loading a store", e))?
        else {
            return Ok(None);
        };
        let items = self
            .db
            .menu(store)
            .await
            .map_err(|e| unexpected("loading a menu", e))?;
        let reviews = self
            .db
            .reviews_of_store(store, 10)
            .await
            .map_err(|e| unexpected("loading reviews", e))?;
        Ok(Some(StoreWithMenu {
            store: card,
            items,
            reviews,
        }))
    }

    async fn coupons_for(
        &self,
        customer: AccountId,
        store: Option<StoreId>,
    ) -> Result<Vec<CouponOffer>, PortError> {
        self.db
            .coupon_offers(customer, store, app::clock::now())
            .await
            .map_err(|e| unexpected("listing coupons", e))
    }

    async fn review(
        &self,
        customer: AccountId,
        order: OrderId,
        stars: Stars,
        text: ReviewText,
    ) -> Result<Review, PortError> {
        self.write_review(customer, order, stars, text).await
    }

    async fn issue_coupon(
        &self,
        store: StoreId,
        terms: CouponTerms,
    ) -> Result<IssuedCoupon, PortError> {
        let code = coupon_code();
        let issued = self
            .db
            .issue_coupon(
                store,
                &code,
                &terms,
                &coupon_plan,
                app::clock::now().millis(),
            )
            .await
            .map_err(|e| unexpected("issuing a coupon", e))?;
        self.outbox_written.notify_waiters();
        tracing::info!(store = %store, coupon = issued.id, notified = issued.notified, "coupon issued");
        Ok(IssuedCoupon {
            code,
            notified: u32::try_from(issued.notified).unwrap_or(u32::MAX),
        })
    }

    async fn ranking(
        &self,
        neighbourhood: Option<String>,
        period: RankingPeriod,
    ) -> Result<Ranking, PortError> {
        let mut neighbourhoods: Vec<String> = self
            .stores(&StoreQuery::default(), None)
            .await?
            .stores
            .into_iter()
            .map(|store| store.neighbourhood)
            .collect();
        neighbourhoods.sort();
        neighbourhoods.dedup();
        let since_day = match period {
            RankingPeriod::LastSevenDays => Some(korean_day(app::clock::now()) - 6),
            RankingPeriod::AllTime => None,
        };
        let dishes = self
            .db
            .dish_ranking(neighbourhood.as_deref(), None, since_day, 20)
            .await
            .map_err(|e| unexpected("reading the ranking", e))?;
        Ok(Ranking {
            period,
            neighbourhood,
            neighbourhoods,
            dishes,
        })
    }
}

#[async_trait]
impl Orders for Baedal {
    async fn quote(&self, customer: &Account, request: OrderRequest) -> Result<Quote, PortError> {
        self.quote_for(customer, &request).await
    }

    async fn place(
        &self,
        customer: &Account,
        request: OrderRequest,
        key: IdempotencyKey,
    ) -> Result<OrderId, PortError> {
        let (placed, store) = self.priced(customer, &request, app::clock::now()).await?;
        let store_location = store.place.location;
        let expires_ms = placed.at.millis()
            + i64::try_from(self.payments.settings.expiry.as_millis()).unwrap_or(i64::MAX / 2);
        let commit = self.commit_order.lock().await;
        let placement = self
            .db
            .insert_order(key.as_str(), &placed, expires_ms)
            .await
            .map_err(|e| unexpected("recording an order", e))?;
        let order = match placement {
            Placement::Existing(id) => return Ok(id),
            Placement::CouponRefused(problem) => {
                return Err(PortError::Refused(DomainError::Coupon { problem }))
            }
            Placement::New { order, event_id } => {
                let committed_at = app::clock::now();
                self.project().await;
                self.live.publish(Published {
                    event_id,
                    order: (*order).clone(),
                    store_location,
                    committed_at,
                });
                *order
            }
        };
        drop(commit);
        tracing::info!(order = %order.id, customer = %customer.id, "order placed");
        self.take_payment(&order).await;
        Ok(order.id)
    }

    async fn execute(
        &self,
        id: OrderId,
        command: Command,
        actor: Actor,
    ) -> Result<OrderView, PortError> {
        let now = app::clock::now();
        let kind = command.kind();
        let mut audience = self
            .db
            .audience(id, self.settings.rider_radius_m)
            .await
            .map_err(|e| unexpected("finding who hears of an order", e))?
            .ok_or(PortError::NotFound)?;
        audience.grades = self.settings.grades;
        let decide = move |order: &Order| domain::decide(order, &command, actor, now);
        let plan = |before: &Order, after: &Order, event: &OrderEvent, facts| {
            plan(before, after, &event.kind, &audience, facts)
        };
        let commit = self.commit_order.lock().await;
        let outcome = self.db.apply_command(id, &decide, &plan).await;
        let committed_at = app::clock::now();
        self.metrics.command(kind.as_str(), outcome_name(&outcome));
        let applied = outcome.map_err(|failure| match failure {
            CommandFailure::NotFound => PortError::NotFound,
            CommandFailure::Refused(reason) => PortError::Refused(reason),
            CommandFailure::Conflict => PortError::Conflict,
            CommandFailure::Db(error) => unexpected("applying a command", error),
        })?;
        self.project().await;
        self.live.publish(Published {
            event_id: applied.event_id,
            order: applied.order.clone(),
            store_location: audience.store_location,
            committed_at,
        });
        drop(commit);
        self.outbox_written.notify_waiters();
        self.payments.wake.notify_one();
        tracing::info!(order = %id, command = kind.as_str(), status = %applied.order.status, "order changed");
        self.auto_accept(&applied.order).await;
        self.view(id).await?.ok_or(PortError::NotFound)
    }

    async fn retry_payment(
        &self,
        customer: &Account,
        order: OrderId,
    ) -> Result<OrderView, PortError> {
        self.retry_payment_now(customer, order).await
    }

    async fn view(&self, order: OrderId) -> Result<Option<OrderView>, PortError> {
        let Some(mut view) = self
            .db
            .order_view(order)
            .await
            .map_err(|e| unexpected("loading an order", e))?
        else {
            return Ok(None);
        };
        view.payment = self
            .db
            .payment_view(order)
            .await
            .map_err(|e| unexpected("loading a payment", e))?;
        view.review = self
            .db
            .review_of(order)
            .await
            .map_err(|e| unexpected("loading a review", e))?;
        Ok(Some(view))
    }

    async fn of_customer(&self, customer: AccountId) -> Result<Vec<OrderView>, PortError> {
        self.views(OrderFilter::Customer(customer)).await
    }

    async fn of_stores(&self, stores: &[StoreId]) -> Result<Vec<OrderView>, PortError> {
        self.views(OrderFilter::Stores(stores.to_vec())).await
    }

    async fn ready_for_pickup(&self) -> Result<Vec<OrderView>, PortError> {
        self.views(OrderFilter::ReadyForPickup).await
    }

    async fn of_rider(&self, rider: AccountId) -> Result<Vec<OrderView>, PortError> {
        self.views(OrderFilter::Rider(rider)).await
    }

    async fn sales_today(&self, stores: &[StoreId]) -> Result<Vec<SalesFigures>, PortError> {
        let today = korean_day(app::clock::now());
        let mut figures = Vec::with_capacity(stores.len());
        for store in stores {
            figures.push(
                self.db
                    .store_sales(*store, today)
                    .await
                    .map_err(|e| unexpected("reading store figures", e))?,
            );
        }
        Ok(figures)
    }
}

#[async_trait]
impl Notifications for Baedal {
    async fn list(&self, recipient: AccountId) -> Result<Vec<Notification>, PortError> {
        self.db
            .notifications_of(recipient, 50)
            .await
            .map_err(|e| unexpected("listing notifications", e))
    }

    async fn mark_read(&self, recipient: AccountId) -> Result<(), PortError> {
        self.db
            .mark_notifications_read(recipient, app::clock::now().millis())
            .await
            .map_err(|e| unexpected("marking notifications read", e))
    }

    async fn inbox(&self) -> Result<Vec<InboxEntry>, PortError> {
        self.db
            .inbox(100)
            .await
            .map_err(|e| unexpected("reading the inbox", e))
    }

    async fn dead_letters(&self) -> Result<Vec<DeadLetter>, PortError> {
        self.db
            .dead_letters(100)
            .await
            .map_err(|e| unexpected("reading dead letters", e))
    }

    fn push_public_key(&self) -> String {
        self.settings.push_public_key.clone()
    }

    async fn subscribe_push(
        &self,
        account: AccountId,
        endpoint: &str,
        p256dh: &str,
        auth: &str,
    ) -> Result<(), PortError> {
        let subscription =
            parse_subscription(endpoint, p256dh, auth, self.settings.push_allow_http).map_err(
                |bad| match bad {
                    BadSubscription::Endpoint => PortError::Invalid("endpoint"),
                    BadSubscription::Key => PortError::Invalid("p256dh"),
                    BadSubscription::Auth => PortError::Invalid("auth"),
                },
            )?;
        self.db
            .save_push_subscription(account, &subscription, app::clock::now().millis())
            .await
            .map_err(|e| unexpected("keeping a push subscription", e))
    }

    async fn unsubscribe_push(
        &self,
        account: AccountId,
        endpoint: &str,
    ) -> Result<bool, PortError> {
        self.db
            .delete_own_push_subscription(account, endpoint)
            .await
            .map_err(|e| unexpected("removing a push subscription", e))
    }

    async fn retry(
        &self,
        operator: &Account,
        outbox_id: i64,
        client: Option<ClientAddr>,
    ) -> Result<bool, PortError> {
        let retried = self
            .db
            .retry_dead(outbox_id, app::clock::now().millis())
            .await
            .map_err(|e| unexpected("retrying a dead letter", e))?;
        if retried {
            self.outbox_written.notify_waiters();
            let subject = format!("outbox {outbox_id}");
            self.audit(
                Some(operator.id),
                AuditAction::NotificationRetried,
                &subject,
                client,
            )
            .await;
        }
        Ok(retried)
    }
}
