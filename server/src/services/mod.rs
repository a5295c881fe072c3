//! The app's ports, one service each, over the storage port, the writer
//! that runs the command scripts, the payment provider and the live hub.
//! [`Services`] builds them from their parts and starts their workers.

mod accounts;
mod audit;
mod catalogue;
pub(crate) mod catalogue_cache;
mod checkout;
mod commands;
mod customers;
pub(crate) mod flights;
mod kept_visitors;
mod notifications;
mod orders;
mod payment_worker;
mod riders;
mod stores;
mod timers;

pub use accounts::AccountService;
pub use catalogue::CatalogueService;
pub(crate) use catalogue_cache::CatalogueCache;
pub use catalogue_cache::ListLateness;
pub use customers::CustomerService;
pub use kept_visitors::KeptVisitors;
pub use notifications::NotificationService;
pub use orders::OrderService;
pub use payment_worker::Payments;
pub use riders::RiderService;
pub use stores::StoreService;

use std::sync::Arc;
use std::time::Duration;

use app::ports::{PortError, Ports};
use app::session::SessionCookie;
use domain::GradeThresholds;
use storage::scripts::Rules;
use storage::writer::{CommitListener, Writer};
use storage::Engine;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::live::{LiveHub, Published};
use crate::metrics::Metrics;
use crate::payment_provider::PaymentSettings;
use crate::rate_limit::RateLimits;
use audit::AuditLog;
use checkout::Checkout;
use commands::OrderCommands;
use payment_worker::PaymentParts;
use timers::AutoComplete;

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
    /// A delivered order nobody confirms completes after this long.
    pub auto_complete_after: Duration,
    /// How long a store list may show stores as they were before a change.
    pub list_late: ListLateness,
}

impl ServiceSettings {
    /// What the command scripts need to know of them.
    fn rules(&self) -> Rules {
        Rules {
            rider_radius_m: self.rider_radius_m,
            grades: self.grades,
        }
    }
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

    pub fn stream_check(self) -> Duration {
        Duration::from_secs(self.stream_check_secs.unsigned_abs())
    }
}

/// The workers' bells: rung when a commit may have given them work.
#[derive(Debug, Default, Clone)]
pub struct Bells {
    /// The notification dispatcher: the outbox was written.
    pub outbox: Arc<Notify>,
    /// The payment worker: a provider call may have been queued.
    pub payments: Arc<Notify>,
}

/// After each commit of the writer: the changes go live in commit order, and
/// the workers that may have work are woken.
pub struct AfterCommit {
    pub live: LiveHub,
    pub bells: Bells,
    pub metrics: Arc<Metrics>,
}

impl CommitListener for AfterCommit {
    fn committed(&self, changes: &[storage::records::Change], scripts: usize, took: Duration) {
        let committed_at = app::clock::now();
        for change in changes {
            self.live.publish(Published {
                event_id: change.event_id,
                order: change.order.clone(),
                store_location: change.store_location,
                committed_at,
            });
        }
        self.metrics.write_batch(scripts, took);
        if !changes.is_empty() {
            self.bells.outbox.notify_waiters();
            self.bells.payments.notify_one();
        }
    }

    fn turned_away(&self) {
        self.metrics.write_busy();
    }
}

/// The parts the services are made of.
pub struct Parts {
    pub storage: Arc<dyn Engine>,
    pub writer: Writer,
    pub live: LiveHub,
    pub payments: PaymentSettings,
    pub metrics: Arc<Metrics>,
    pub bells: Bells,
    pub limits: Arc<RateLimits>,
    pub settings: ServiceSettings,
}

/// Baedal's services, one per port of the app, and what the server's own
/// routes (health, metrics, the live stream) ask of them.
pub struct Services {
    pub accounts: Arc<AccountService>,
    pub catalogue: Arc<CatalogueService>,
    pub orders: Arc<OrderService>,
    pub stores: Arc<StoreService>,
    pub customers: Arc<CustomerService>,
    pub riders: Arc<RiderService>,
    pub notifications: Arc<NotificationService>,
    payments: Arc<Payments>,
    auto_complete: Arc<AutoComplete>,
    storage: Arc<dyn Engine>,
    live: LiveHub,
    metrics: Arc<Metrics>,
    catalogue_cache: Arc<CatalogueCache>,
}

/// Logs an unexpected failure once, with its cause, and hides it from the client.
pub(crate) fn unexpected(doing: &str, error: impl std::fmt::Display) -> PortError {
    tracing::error!(error = %error, "failed while {doing}");
    PortError::Unexpected
}

impl Services {
    /// Fails only when the payment provider's HTTP client cannot be built.
    pub fn new(parts: Parts) -> anyhow::Result<Self> {
        let Parts {
            storage,
            writer,
            live,
            payments,
            metrics,
            bells,
            limits,
            settings,
        } = parts;
        let audit = AuditLog::new(storage.clone());
        let catalogue_cache =
            CatalogueCache::new(catalogue_cache::FRESH_FOR).with_list_late(settings.list_late);
        let catalogue_cache = Arc::new(catalogue_cache);
        let commands = OrderCommands::new(writer.clone(), metrics.clone(), settings.rules());
        let payments = Arc::new(Payments::new(PaymentParts {
            settings: payments,
            wake: bells.payments.clone(),
            storage: storage.clone(),
            writer: writer.clone(),
            commands: commands.clone(),
            metrics: metrics.clone(),
        })?);
        Ok(Self {
            accounts: Arc::new(AccountService::new(
                storage.clone(),
                audit.clone(),
                limits,
                live.clone(),
                catalogue_cache.clone(),
                &settings,
            )),
            catalogue: Arc::new(CatalogueService::new(
                storage.clone(),
                catalogue_cache.clone(),
                writer.clone(),
                bells.outbox.clone(),
                live.clone(),
            )),
            orders: Arc::new(OrderService::new(
                storage.clone(),
                writer,
                commands.clone(),
                Checkout::new(storage.clone()),
                payments.clone(),
            )),
            stores: Arc::new(StoreService::new(storage.clone(), catalogue_cache.clone())),
            customers: Arc::new(CustomerService::new(
                storage.clone(),
                settings.grades,
                live.clone(),
            )),
            riders: Arc::new(RiderService::new(storage.clone(), live.clone(), &settings)),
            notifications: Arc::new(NotificationService::new(
                storage.clone(),
                audit,
                bells.outbox,
                &settings,
            )),
            auto_complete: Arc::new(AutoComplete::new(
                storage.clone(),
                commands,
                settings.auto_complete_after,
            )),
            payments,
            storage,
            live,
            metrics,
            catalogue_cache,
        })
    }

    /// What customers read of the catalogue, kept in memory.
    pub(crate) fn catalogue_cache(&self) -> &Arc<CatalogueCache> {
        &self.catalogue_cache
    }

    /// The ports, as the server functions get them.
    pub fn ports(&self, session_cookie: SessionCookie) -> Ports {
        Ports {
            accounts: self.accounts.clone(),
            catalogue: self.catalogue.clone(),
            orders: self.orders.clone(),
            notifications: self.notifications.clone(),
            riders: self.riders.clone(),
            customers: self.customers.clone(),
            stores: self.stores.clone(),
            session_cookie,
        }
    }

    /// Starts the payment worker, the auto-complete timer and the writing
    /// of session uses, until `closing`.
    pub fn start_workers(&self, closing: &CancellationToken) -> Vec<JoinHandle<()>> {
        vec![
            tokio::spawn(self.payments.clone().run_worker(closing.clone())),
            tokio::spawn(self.auto_complete.clone().run(closing.clone())),
            tokio::spawn(self.accounts.clone().run_touches(closing.clone())),
        ]
    }

    /// The metrics, with the outbox figures read now.
    pub async fn render_metrics(&self) -> String {
        match self.storage.outbox_stats().await {
            Ok(stats) => {
                let now = app::clock::now().millis();
                for stat in stats {
                    let age = stat
                        .oldest_created
                        .map(|t| (now - t.millis()).max(0) as f64 / 1000.0);
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

    /// The live hub every committed change goes through.
    pub fn live(&self) -> &LiveHub {
        &self.live
    }

    /// Whether the database answers.
    pub async fn ready(&self) -> bool {
        self.storage.ping().await.is_ok()
    }
}
