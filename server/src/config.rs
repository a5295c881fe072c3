//! Configuration from environment variables, read once at start.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;

use crate::notifications::channels::HttpProviderConfig;
use crate::notifications::dispatcher::DispatchPolicy;
use crate::rate_limit::RateSettings;
use crate::services::{ListLateness, SessionPolicy};

/// How much the live hub holds.
#[derive(Debug, Clone, Copy)]
pub struct LiveLimits {
    pub stream_queue: usize,
    pub recent_changes: usize,
    pub opens_per_second: u32,
}

/// How this server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// `BAEDAL_DATABASE_URL`; default a SQLite file `baedal.db` in the working folder.
    pub database_url: String,
    /// `BAEDAL_ADDR`; default Leptos' site address (127.0.0.1:3000).
    pub addr: SocketAddr,
    /// `BAEDAL_DEMO=1`: seed demo data on first start and offer one-tap demo sign-in.
    pub demo: bool,
    /// `BAEDAL_SESSION_HOURS` (default 12) and `BAEDAL_SESSION_IDLE_MINUTES`
    /// (default 30): a session ends that long after sign-in, or after that
    /// long unused, whichever comes first (ASVS 3.3.2, level 2).
    /// `BAEDAL_SESSION_CHECK_SECS` (default 60): how often an open live
    /// stream checks that its session is still valid.
    pub session: SessionPolicy,
    /// `BAEDAL_GATEWAY`: the addresses of the gateways in front (such as
    /// `127.0.0.1`, comma-separated), whose `X-Real-IP` header names the
    /// client; from anyone else the header is ignored. Unset: none.
    pub gateways: Vec<IpAddr>,
    /// `BAEDAL_HTTPS=1`: browsers reach the site over TLS (through the gateway),
    /// so the session cookie is `__Host-` prefixed and `Secure`.
    pub https: bool,
    /// `BAEDAL_RIDER_RADIUS_M`: how far from a store riders hear of its deliveries; default 3000.
    pub rider_radius_m: u32,
    /// `BAEDAL_RIDER_SPEED_KMH`: how fast riders are taken to ride, for the
    /// customer's arrival estimate; default 15.
    pub rider_speed_kmh: u32,
    /// `BAEDAL_LIVE_STREAM_QUEUE` (default 128): events a live stream may
    /// have waiting before it is closed as slow; `BAEDAL_LIVE_RECENT_CHANGES`
    /// (default 20,000): changes kept in memory for streams that resume;
    /// `BAEDAL_LIVE_OPENS_PER_SECOND` (default 2,000): live streams opened a
    /// second at most, so that a storm of reconnections is spread out.
    pub live: LiveLimits,
    /// `BAEDAL_KAKAO_URL`, `_KEY`, `_SENDER`, `_TEMPLATE_PREFIX`; unset: the local inbox.
    pub kakao: Option<HttpProviderConfig>,
    /// `BAEDAL_SMS_URL`, `_KEY`, `_SENDER`, `_TEMPLATE_PREFIX`; unset: the local inbox.
    pub sms: Option<HttpProviderConfig>,
    /// `BAEDAL_PUSH_CONTACT`: the VAPID contact push services see; default
    /// `mailto:operator@baedal.invalid`.
    pub push_contact: String,
    /// `BAEDAL_PUSH_ALLOW_HTTP=1`: accept plain-http push endpoints (local tests only).
    pub push_allow_http: bool,
    /// `BAEDAL_NOTIFY_MAX_ATTEMPTS`, `BAEDAL_NOTIFY_BACKOFF_MS`, `BAEDAL_NOTIFY_TIMEOUT_MS`,
    /// `BAEDAL_SMS_SHED_THRESHOLD`.
    pub dispatch: DispatchPolicy,
    /// `BAEDAL_SIGN_IN_PER_MINUTE` (per client address, default 20),
    /// `BAEDAL_SIGN_UPS_PER_HOUR` (per client address, default 10) and
    /// `BAEDAL_ORDERS_PER_MINUTE` (per session, default 10).
    pub rates: RateSettings,
    /// `BAEDAL_GRADE_LOYAL` (default 3) and `BAEDAL_GRADE_VIP` (default 10):
    /// completed orders that make a customer 단골 and VIP.
    pub grades: domain::GradeThresholds,
    /// `BAEDAL_PAYMENT_*` and `BAEDAL_BREAKER_*`: the provider, the circuit
    /// breaker in front of it, retries and expiry.
    pub payments: crate::payment_provider::PaymentSettings,
    /// `BAEDAL_AUTO_COMPLETE_MINUTES` (default 60): a delivered order nobody
    /// confirms is completed this long after delivery; 0 at once.
    pub auto_complete_after: Duration,
    /// `BAEDAL_WRITE_QUEUE` (default 4096) and `BAEDAL_WRITE_BATCH` (default
    /// 512): scripts waiting for the writer beyond which requests are
    /// answered busy, and the most scripts one transaction commits.
    pub writer: storage::writer::WriterSettings,
    /// `BAEDAL_KEPT_PAGES_MB` (default 256): memory for the store list and
    /// stores' pages kept once rendered, a quarter of it for visitors who
    /// are not signed in; beyond it the least recently asked for go.
    pub kept_pages_bytes: usize,
    /// `BAEDAL_LIST_CARDS_SECONDS` (default 10): how long after it last
    /// showed a change a store list may show stores as they were before
    /// another; `BAEDAL_LIST_STARS_SECONDS` (default 60): the same for a
    /// change of stars alone, which waits at least as long as any other.
    /// 0 and 0 show them at once.
    pub list_late: ListLateness,
}

impl Config {
    /// Reads the environment, with `default_addr` when `BAEDAL_ADDR` is unset.
    pub fn from_env(default_addr: SocketAddr) -> anyhow::Result<Self> {
        Self::from_lookup(default_addr, |name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, which returns a variable's value if set.
    pub fn from_lookup(
        default_addr: SocketAddr,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        let parsed = |name: &str| number::<i64>(&lookup, name);
        let provider = |prefix: &str| {
            lookup(&format!("{prefix}_URL")).map(|base_url| HttpProviderConfig {
                base_url,
                api_key: lookup(&format!("{prefix}_KEY")).unwrap_or_default(),
                sender: lookup(&format!("{prefix}_SENDER")).unwrap_or_else(|| "Baedal".into()),
                template_prefix: lookup(&format!("{prefix}_TEMPLATE_PREFIX")).unwrap_or_default(),
            })
        };
        let addr = match lookup("BAEDAL_ADDR") {
            Some(raw) => raw
                .parse()
                .with_context(|| format!("BAEDAL_ADDR is not an address: {raw}"))?,
            None => default_addr,
        };
        let flag = |name: &str| matches!(lookup(name).as_deref(), Some("1" | "true" | "yes"));
        let rate_defaults = RateSettings::default();
        let positive_count = |name: &str| -> anyhow::Result<Option<u32>> {
            parsed(name)?
                .map(|n| u32::try_from(n.max(1)).with_context(|| format!("{name} is too large")))
                .transpose()
        };
        let defaults = DispatchPolicy::default();
        let millis = |ms: i64| Duration::from_millis(u64::try_from(ms.max(1)).unwrap_or(1));
        let dispatch = DispatchPolicy {
            max_attempts: parsed("BAEDAL_NOTIFY_MAX_ATTEMPTS")?
                .unwrap_or(defaults.max_attempts)
                .max(1),
            base_backoff: parsed("BAEDAL_NOTIFY_BACKOFF_MS")?
                .map(millis)
                .unwrap_or(defaults.base_backoff),
            send_timeout: parsed("BAEDAL_NOTIFY_TIMEOUT_MS")?
                .map(millis)
                .unwrap_or(defaults.send_timeout),
            sms_shed_threshold: parsed("BAEDAL_SMS_SHED_THRESHOLD")?
                .unwrap_or(defaults.sms_shed_threshold),
            ..defaults
        };
        Ok(Self {
            database_url: lookup("BAEDAL_DATABASE_URL")
                .unwrap_or_else(|| "sqlite://baedal.db".into()),
            addr,
            demo: flag("BAEDAL_DEMO"),
            push_contact: lookup("BAEDAL_PUSH_CONTACT")
                .unwrap_or_else(|| "mailto:operator@baedal.invalid".into()),
            push_allow_http: flag("BAEDAL_PUSH_ALLOW_HTTP"),
            session: SessionPolicy {
                absolute_hours: parsed("BAEDAL_SESSION_HOURS")?.unwrap_or(12).max(1),
                idle_minutes: parsed("BAEDAL_SESSION_IDLE_MINUTES")?.unwrap_or(30).max(1),
                stream_check_secs: parsed("BAEDAL_SESSION_CHECK_SECS")?.unwrap_or(60).max(1),
            },
            gateways: lookup("BAEDAL_GATEWAY")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|address| !address.is_empty())
                .map(|address| {
                    address
                        .parse()
                        .with_context(|| format!("BAEDAL_GATEWAY: {address} is not an IP address"))
                })
                .collect::<anyhow::Result<_>>()?,
            https: flag("BAEDAL_HTTPS"),
            rider_radius_m: u32::try_from(parsed("BAEDAL_RIDER_RADIUS_M")?.unwrap_or(3_000))
                .unwrap_or(3_000),
            rider_speed_kmh: positive_count("BAEDAL_RIDER_SPEED_KMH")?.unwrap_or(15),
            live: LiveLimits {
                stream_queue: positive_count("BAEDAL_LIVE_STREAM_QUEUE")?
                    .map_or(128, |n| n as usize),
                recent_changes: positive_count("BAEDAL_LIVE_RECENT_CHANGES")?
                    .map_or(20_000, |n| n as usize),
                opens_per_second: positive_count("BAEDAL_LIVE_OPENS_PER_SECOND")?.unwrap_or(2_000),
            },
            kakao: provider("BAEDAL_KAKAO"),
            sms: provider("BAEDAL_SMS"),
            dispatch,
            rates: RateSettings {
                sign_ins_per_minute: positive_count("BAEDAL_SIGN_IN_PER_MINUTE")?
                    .unwrap_or(rate_defaults.sign_ins_per_minute),
                orders_per_minute: positive_count("BAEDAL_ORDERS_PER_MINUTE")?
                    .unwrap_or(rate_defaults.orders_per_minute),
                sign_ups_per_hour: positive_count("BAEDAL_SIGN_UPS_PER_HOUR")?
                    .unwrap_or(rate_defaults.sign_ups_per_hour),
                ..rate_defaults
            },
            grades: {
                let loyal = positive_count("BAEDAL_GRADE_LOYAL")?.unwrap_or(3);
                let vip = positive_count("BAEDAL_GRADE_VIP")?.unwrap_or(10);
                if vip <= loyal {
                    anyhow::bail!("BAEDAL_GRADE_VIP must be above BAEDAL_GRADE_LOYAL");
                }
                domain::GradeThresholds { loyal, vip }
            },
            payments: crate::payment_provider::PaymentSettings::from_lookup(&lookup)?,
            auto_complete_after: {
                let minutes = parsed("BAEDAL_AUTO_COMPLETE_MINUTES")?.unwrap_or(60).max(0);
                Duration::from_secs(u64::try_from(minutes).unwrap_or(0).saturating_mul(60))
            },
            writer: {
                let defaults = storage::writer::WriterSettings::default();
                let size = |name: &str, default: usize| -> anyhow::Result<usize> {
                    Ok(positive_count(name)?.map_or(default, |n| n as usize))
                };
                storage::writer::WriterSettings {
                    queue: size("BAEDAL_WRITE_QUEUE", defaults.queue)?,
                    max_batch: size("BAEDAL_WRITE_BATCH", defaults.max_batch)?,
                }
            },
            kept_pages_bytes: {
                let megabytes = positive_count("BAEDAL_KEPT_PAGES_MB")?.unwrap_or(256);
                usize::try_from(megabytes)?.saturating_mul(1 << 20)
            },
            list_late: {
                let seconds = |name, default: i64| -> anyhow::Result<Duration> {
                    let seconds = parsed(name)?.unwrap_or(default).max(0);
                    Ok(Duration::from_secs(u64::try_from(seconds).unwrap_or(0)))
                };
                ListLateness {
                    cards: seconds("BAEDAL_LIST_CARDS_SECONDS", 10)?,
                    stars: seconds("BAEDAL_LIST_STARS_SECONDS", 60)?,
                }
            },
        })
    }
}

/// The number a variable holds, if it is set; an error names the variable.
pub(crate) fn number<T: FromStr>(
    lookup: &dyn Fn(&str) -> Option<String>,
    name: &str,
) -> anyhow::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    lookup(name)
        .map(|raw| {
            raw.trim()
                .parse::<T>()
                .with_context(|| format!("{name} is not a number: {raw}"))
        })
        .transpose()
}
