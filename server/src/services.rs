//! The app's ports, implemented over the storage port, the writer that runs
//! the command scripts, the payment provider and the live hub.

mod accounts;
mod catalogue;
mod checkout;
mod customers;
mod notifications;
mod orders;
mod payment_worker;
mod riders;
mod stores;
mod timers;

pub use payment_worker::Payments;

use std::sync::Arc;
use std::time::Duration;

use app::ports::PortError;
use domain::{GradeThresholds, OrderId};
use storage::scripts::{Applied, CommandFailure, Rules};
use storage::writer::{CommitListener, Writer};
use storage::Engine;
use tokio::sync::Notify;

use crate::live::{LiveHub, Published};
use crate::metrics::Metrics;
use crate::rate_limit::RateLimits;

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

/// Baedal's application services.
pub struct Baedal {
    storage: Arc<dyn Engine>,
    writer: Writer,
    live: LiveHub,
    payments: Payments,
    metrics: Arc<Metrics>,
    bells: Bells,
    settings: ServiceSettings,
    /// Failed sign-ins per account.
    limits: Arc<RateLimits>,
}

/// The parts the services are made of.
pub struct Parts {
    pub storage: Arc<dyn Engine>,
    pub writer: Writer,
    pub live: LiveHub,
    pub payments: Payments,
    pub metrics: Arc<Metrics>,
    pub bells: Bells,
    pub limits: Arc<RateLimits>,
    pub settings: ServiceSettings,
}

/// Logs an unexpected failure once, with its cause, and hides it from the client.
pub(crate) fn unexpected(doing: &str, error: impl std::fmt::Display) -> PortError {
    tracing::error!(error = %error, "failed while {doing}");
    PortError::Unexpected
}

fn outcome_name(outcome: &Result<Applied, CommandFailure>) -> &'static str {
    match outcome {
        Ok(_) => "applied",
        Err(CommandFailure::Refused(_)) => "refused",
        Err(CommandFailure::Conflict) => "conflict",
        Err(CommandFailure::NotFound) => "not_found",
    }
}

fn command_failed(failure: CommandFailure) -> PortError {
    match failure {
        CommandFailure::NotFound => PortError::NotFound,
        CommandFailure::Refused(reason) => PortError::Refused(reason),
        CommandFailure::Conflict => PortError::Conflict,
    }
}

impl Baedal {
    pub fn new(parts: Parts) -> Self {
        Self {
            storage: parts.storage,
            writer: parts.writer,
            live: parts.live,
            payments: parts.payments,
            metrics: parts.metrics,
            bells: parts.bells,
            limits: parts.limits,
            settings: parts.settings,
        }
    }

    /// What the command scripts need to know of Baedal's settings.
    fn rules(&self) -> Rules {
        Rules {
            rider_radius_m: self.settings.rider_radius_m,
            grades: self.settings.grades,
        }
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

    /// The changes committed after event `after_id` (at most a thousand), for
    /// a stream that resumes.
    pub async fn changes_since(&self, after_id: i64) -> Result<Vec<Published>, PortError> {
        let changes = self.storage.changes_since(after_id, 1_000).await?;
        let read_at = app::clock::now();
        Ok(changes
            .into_iter()
            .map(|change| Published {
                event_id: change.event_id,
                order: change.order,
                store_location: change.store_location,
                committed_at: read_at,
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
        self.storage.ping().await.is_ok()
    }

    fn log_changed(&self, order: OrderId, command: &str, applied: &Applied) {
        tracing::info!(order = %order, command, status = %applied.order.status, "order changed");
    }
}
