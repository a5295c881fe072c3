//! Prometheus metrics, served in text format at `/metrics`.

use std::sync::atomic::AtomicI64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::notifications::Channel;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommandLabels {
    command: String,
    outcome: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PaymentCallLabels {
    action: String,
    outcome: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ActionLabels {
    action: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ShelfLabels {
    shelf: String,
}

/// The breaker's states, each shown as a 0/1 gauge.
const BREAKER_STATES: [&str; 3] = ["closed", "open", "half_open"];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChannelLabels {
    channel: String,
}

/// Baedal's metrics; one registry per server.
pub struct Metrics {
    registry: Registry,
    commands: Family<CommandLabels, Counter>,
    deliveries: Family<ChannelLabels, Counter>,
    retries: Family<ChannelLabels, Counter>,
    dead_letters: Family<ChannelLabels, Counter>,
    shed: Family<ChannelLabels, Counter>,
    outbox_depth: Family<ChannelLabels, Gauge>,
    outbox_oldest_age: Family<ChannelLabels, Gauge<f64, std::sync::atomic::AtomicU64>>,
    open_streams: Gauge<i64, AtomicI64>,
    slow_streams: Counter,
    payment_calls: Family<PaymentCallLabels, Counter>,
    payment_breaker: Family<StateLabels, Gauge>,
    payment_dead: Family<ActionLabels, Counter>,
    write_batch_scripts: Histogram,
    write_batch_seconds: Histogram,
    write_busy: Counter,
    pages_kept: Counter,
    pages_rendered: Counter,
    pages_kept_bytes: Family<ShelfLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("baedal");
        let metrics = Self {
            commands: Family::default(),
            deliveries: Family::default(),
            retries: Family::default(),
            dead_letters: Family::default(),
            shed: Family::default(),
            outbox_depth: Family::default(),
            outbox_oldest_age: Family::default(),
            open_streams: Gauge::default(),
            slow_streams: Counter::default(),
            payment_calls: Family::default(),
            payment_breaker: Family::default(),
            payment_dead: Family::default(),
            write_batch_scripts: Histogram::new(exponential_buckets(1.0, 2.0, 11)),
            write_batch_seconds: Histogram::new(exponential_buckets(0.000_25, 2.0, 12)),
            write_busy: Counter::default(),
            pages_kept: Counter::default(),
            pages_rendered: Counter::default(),
            pages_kept_bytes: Family::default(),
            registry: Registry::default(),
        };
        registry.register(
            "commands",
            "Order commands by kind and outcome",
            metrics.commands.clone(),
        );
        registry.register(
            "notifications_delivered",
            "Notifications delivered",
            metrics.deliveries.clone(),
        );
        registry.register(
            "notifications_retried",
            "Failed deliveries scheduled again",
            metrics.retries.clone(),
        );
        registry.register(
            "notifications_dead",
            "Notifications that became dead letters",
            metrics.dead_letters.clone(),
        );
        registry.register(
            "notifications_shed",
            "Notifications dropped under load",
            metrics.shed.clone(),
        );
        registry.register(
            "outbox_pending",
            "Notifications waiting for delivery",
            metrics.outbox_depth.clone(),
        );
        registry.register(
            "outbox_oldest_pending_seconds",
            "Age of the oldest notification waiting for delivery",
            metrics.outbox_oldest_age.clone(),
        );
        registry.register(
            "live_streams_open",
            "Open live streams",
            metrics.open_streams.clone(),
        );
        registry.register(
            "live_streams_dropped_slow",
            "Live streams closed because their client did not keep up",
            metrics.slow_streams.clone(),
        );
        registry.register(
            "payment_calls",
            "Payment provider calls by action and outcome (refused: the breaker was open)",
            metrics.payment_calls.clone(),
        );
        registry.register(
            "payment_breaker_state",
            "The payment circuit breaker's state: 1 for the current one",
            metrics.payment_breaker.clone(),
        );
        registry.register(
            "payment_calls_dead",
            "Captures, voids and refunds given up after their last attempt",
            metrics.payment_dead.clone(),
        );
        registry.register(
            "write_batch_scripts",
            "Scripts committed together by the writer, per batch",
            metrics.write_batch_scripts.clone(),
        );
        registry.register(
            "write_batch_seconds",
            "Time of a write batch from its first statement to its durable commit",
            metrics.write_batch_seconds.clone(),
        );
        registry.register(
            "write_busy",
            "Scripts turned away because the write queue was full",
            metrics.write_busy.clone(),
        );
        registry.register(
            "pages_served_kept",
            "Store lists and store pages that may be kept, served as kept",
            metrics.pages_kept.clone(),
        );
        registry.register(
            "pages_rendered_to_keep",
            "Store lists and store pages that may be kept, rendered",
            metrics.pages_rendered.clone(),
        );
        registry.register(
            "pages_kept_bytes",
            "What kept store lists and store pages weigh, against BAEDAL_KEPT_PAGES_MB, on the shelf of visitors who are not signed in (public) or of signed-in ones (personal)",
            metrics.pages_kept_bytes.clone(),
        );
        Self {
            registry,
            ..metrics
        }
    }
}

fn channel(channel: Channel) -> ChannelLabels {
    ChannelLabels {
        channel: channel.as_str().to_owned(),
    }
}

impl Metrics {
    /// A write batch of `scripts` committed in `took`.
    pub fn write_batch(&self, scripts: usize, took: std::time::Duration) {
        self.write_batch_scripts.observe(scripts as f64);
        self.write_batch_seconds.observe(took.as_secs_f64());
    }

    /// A script was turned away because the write queue was full.
    pub fn write_busy(&self) {
        self.write_busy.inc();
    }

    /// A store list or store page served as kept, not rendered.
    pub fn page_served_kept(&self) {
        self.pages_kept.inc();
    }

    /// A store list or store page that may be kept, rendered.
    pub fn page_rendered_to_keep(&self) {
        self.pages_rendered.inc();
    }

    /// The kept pages on `shelf` weigh `bytes` now.
    pub fn set_pages_kept_bytes(&self, shelf: &str, bytes: usize) {
        let labels = ShelfLabels {
            shelf: shelf.to_owned(),
        };
        let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        self.pages_kept_bytes.get_or_create(&labels).set(bytes);
    }

    pub fn command(&self, command: &str, outcome: &str) {
        let labels = CommandLabels {
            command: command.to_owned(),
            outcome: outcome.to_owned(),
        };
        self.commands.get_or_create(&labels).inc();
    }

    pub fn delivered(&self, on: Channel) {
        self.deliveries.get_or_create(&channel(on)).inc();
    }

    pub fn retried(&self, on: Channel) {
        self.retries.get_or_create(&channel(on)).inc();
    }

    pub fn dead(&self, on: Channel) {
        self.dead_letters.get_or_create(&channel(on)).inc();
    }

    pub fn shed(&self, on: Channel, count: u64) {
        if count > 0 {
            self.shed.get_or_create(&channel(on)).inc_by(count);
        }
    }

    /// Sets the outbox figures of one channel, read at scrape time.
    pub fn outbox(&self, on: Channel, pending: i64, oldest_age_secs: f64) {
        self.outbox_depth.get_or_create(&channel(on)).set(pending);
        self.outbox_oldest_age
            .get_or_create(&channel(on))
            .set(oldest_age_secs);
    }

    pub fn payment_call(&self, action: &str, outcome: &str) {
        let labels = PaymentCallLabels {
            action: action.to_owned(),
            outcome: outcome.to_owned(),
        };
        self.payment_calls.get_or_create(&labels).inc();
    }

    /// Sets the breaker's state: `closed`, `open` or `half_open`.
    pub fn payment_breaker(&self, current: &str) {
        for state in BREAKER_STATES {
            let labels = StateLabels {
                state: state.to_owned(),
            };
            self.payment_breaker
                .get_or_create(&labels)
                .set(i64::from(state == current));
        }
    }

    pub fn payment_dead(&self, action: &str) {
        let labels = ActionLabels {
            action: action.to_owned(),
        };
        self.payment_dead.get_or_create(&labels).inc();
    }

    /// Counts streams closed for not keeping up.
    pub fn live_dropped_slow(&self, streams: usize) {
        if streams > 0 {
            self.slow_streams.inc_by(streams as u64);
        }
    }

    /// Counts an open stream until the returned guard is dropped.
    pub fn stream_opened(&self) -> StreamGuard {
        self.open_streams.inc();
        StreamGuard(self.open_streams.clone())
    }

    /// The text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Err(error) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(%error, "encoding metrics failed");
        }
        out
    }
}

/// Decrements the open-stream gauge when the stream ends.
pub struct StreamGuard(Gauge<i64, AtomicI64>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}
