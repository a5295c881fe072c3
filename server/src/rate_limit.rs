//! Rate limits (GCRA, by the `governor` crate): sign-in attempts and sign-ups
//! per client address, orders per session, and failed sign-ins per account. A limited
//! request gets 429 with `Retry-After`. With other instances on the same
//! database, the same limits are kept in it, so that they hold for all.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::error::AppError;
use app::session::SessionCookie;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use storage::LimitStorage;

/// How many requests the limits allow.
#[derive(Debug, Clone, Copy)]
pub struct RateSettings {
    /// `BAEDAL_SIGN_IN_PER_MINUTE`: sign-in attempts per client address.
    pub sign_ins_per_minute: u32,
    /// `BAEDAL_ORDERS_PER_MINUTE`: orders placed per session.
    pub orders_per_minute: u32,
    /// `BAEDAL_SIGN_UPS_PER_HOUR`: accounts created per client address.
    pub sign_ups_per_hour: u32,
    /// Failed sign-ins per account per hour (ASVS 2.2.1).
    pub failed_sign_ins_per_hour: u32,
}

impl Default for RateSettings {
    fn default() -> Self {
        Self {
            sign_ins_per_minute: 20,
            orders_per_minute: 10,
            sign_ups_per_hour: 10,
            failed_sign_ins_per_hour: 100,
        }
    }
}

/// What is limited.
#[derive(Debug, Clone, Copy)]
enum Limit {
    SignIn,
    SignUp,
    Order,
    FailedSignIn,
}

impl Limit {
    /// The prefix of its keys in the database.
    fn name(self) -> &'static str {
        match self {
            Limit::SignIn => "sign_in",
            Limit::SignUp => "sign_up",
            Limit::Order => "order",
            Limit::FailedSignIn => "failed_sign_in",
        }
    }
}

/// The limiters, shared by the middleware and the sign-in service: in this
/// process's memory, or with other instances in the database they share.
pub struct RateLimits {
    settings: RateSettings,
    sign_ins: DefaultKeyedRateLimiter<String>,
    orders: DefaultKeyedRateLimiter<String>,
    sign_ups: DefaultKeyedRateLimiter<String>,
    failed_sign_ins: DefaultKeyedRateLimiter<String>,
    /// Accounts whose failures ran out, until when.
    locked: Mutex<HashMap<String, Instant>>,
    /// With other instances: the limits are kept in the database instead.
    shared: Option<Arc<dyn LimitStorage>>,
}

/// At most `count` per `period`: a burst of half and the rest spread evenly,
/// so that no window of `period` ever sees more than `count`. The spacing
/// and the burst.
fn allowance(count: u32, period: Duration) -> (Duration, NonZeroU32) {
    let count = count.max(2);
    let burst = NonZeroU32::new(count / 2).unwrap_or(NonZeroU32::MIN);
    (period / (count - count / 2), burst)
}

fn at_most(count: u32, period: Duration) -> Quota {
    let (spacing, burst) = allowance(count, period);
    Quota::with_period(spacing)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// The allowance as the database keeps it, in whole milliseconds: a limit
/// of more than one a millisecond per key is kept as one a millisecond,
/// with its whole burst (a spacing of 0 would let clocks a millisecond
/// apart on two instances refuse each other).
fn stored_allowance(count: u32, period: Duration) -> (i64, i64) {
    let (spacing, burst) = allowance(count, period);
    (millis(spacing).max(1), i64::from(burst.get()))
}

impl RateLimits {
    /// Limits kept in memory, or in `shared` storage when other instances
    /// use it too.
    pub fn new(settings: RateSettings, shared: Option<Arc<dyn LimitStorage>>) -> Self {
        Self {
            settings,
            sign_ins: RateLimiter::keyed(Self::quota(settings, Limit::SignIn)),
            orders: RateLimiter::keyed(Self::quota(settings, Limit::Order)),
            sign_ups: RateLimiter::keyed(Self::quota(settings, Limit::SignUp)),
            failed_sign_ins: RateLimiter::keyed(Self::quota(settings, Limit::FailedSignIn)),
            locked: Mutex::default(),
            shared,
        }
    }

    fn budget(settings: RateSettings, limit: Limit) -> (u32, Duration) {
        const MINUTE: Duration = Duration::from_secs(60);
        match limit {
            Limit::SignIn => (settings.sign_ins_per_minute, MINUTE),
            Limit::Order => (settings.orders_per_minute, MINUTE),
            Limit::SignUp => (settings.sign_ups_per_hour, 60 * MINUTE),
            Limit::FailedSignIn => (settings.failed_sign_ins_per_hour, 60 * MINUTE),
        }
    }

    fn quota(settings: RateSettings, limit: Limit) -> Quota {
        let (count, period) = Self::budget(settings, limit);
        at_most(count, period)
    }

    fn limiter(&self, limit: Limit) -> &DefaultKeyedRateLimiter<String> {
        match limit {
            Limit::SignIn => &self.sign_ins,
            Limit::SignUp => &self.sign_ups,
            Limit::Order => &self.orders,
            Limit::FailedSignIn => &self.failed_sign_ins,
        }
    }

    /// Takes one of `key`'s allowance under `limit`; how long to wait when
    /// there is none. Storage that fails to answer limits nothing: the
    /// request then meets the same failure.
    async fn take(&self, limit: Limit, key: &str) -> Result<(), Duration> {
        let Some(shared) = &self.shared else {
            return self
                .limiter(limit)
                .check_key(&key.to_owned())
                .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()));
        };
        let (count, period) = Self::budget(self.settings, limit);
        let (spacing_ms, burst) = stored_allowance(count, period);
        let key = format!("{}:{key}", limit.name());
        let taken = shared
            .take_allowance(&key, app::clock::now(), spacing_ms, burst)
            .await;
        match taken {
            Ok(None) => Ok(()),
            Ok(Some(wait_ms)) => Err(Duration::from_millis(wait_ms.unsigned_abs())),
            Err(error) => {
                tracing::warn!(%error, "reading a rate limit failed");
                Ok(())
            }
        }
    }

    /// How long `account` must wait before its password is checked again.
    pub async fn sign_in_lockout(&self, account: &str) -> Option<Duration> {
        if let Some(shared) = &self.shared {
            let key = format!("locked:{account}");
            let wait = shared.allowance_wait(&key, app::clock::now()).await;
            return match wait {
                Ok(wait_ms) if wait_ms > 0 => Some(Duration::from_millis(wait_ms.unsigned_abs())),
                Ok(_) => None,
                Err(error) => {
                    tracing::warn!(%error, "reading a sign-in lockout failed");
                    None
                }
            };
        }
        let mut locked = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        let until = *locked.get(account)?;
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            locked.remove(account);
            None
        } else {
            Some(left)
        }
    }

    /// Counts a failed sign-in; past the hourly budget the account is locked
    /// until the budget has room again.
    pub async fn sign_in_failed(&self, account: &str) {
        let Err(wait) = self.take(Limit::FailedSignIn, account).await else {
            return;
        };
        let Some(shared) = &self.shared else {
            self.locked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(account.to_owned(), Instant::now() + wait);
            return;
        };
        // A lock is an allowance of one that comes back when the lock ends.
        let key = format!("locked:{account}");
        let locking = shared.take_allowance(&key, app::clock::now(), millis(wait), 1);
        if let Err(error) = locking.await {
            tracing::warn!(%error, "locking an account failed");
        }
    }

    /// Forgets idle keys; run now and then.
    pub async fn forget_idle(&self) {
        if let Some(shared) = &self.shared {
            if let Err(error) = shared.forget_whole_allowances(app::clock::now()).await {
                tracing::warn!(%error, "forgetting rate limits failed");
            }
            return;
        }
        self.sign_ins.retain_recent();
        self.orders.retain_recent();
        self.sign_ups.retain_recent();
        self.failed_sign_ins.retain_recent();
    }
}

/// The answer to a limited request.
pub fn too_many(wait: Duration) -> Response {
    let retry_after_secs = wait.as_secs().max(1);
    let body =
        serde_json::to_string(&AppError::TooManyRequests { retry_after_secs }).unwrap_or_default();
    (
        StatusCode::TOO_MANY_REQUESTS,
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::RETRY_AFTER, retry_after_secs.to_string()),
        ],
        body,
    )
        .into_response()
}

/// Limits sign-in attempts and sign-ups per client address and orders per
/// session.
pub async fn limit(
    State((limits, cookie)): State<(Arc<RateLimits>, SessionCookie)>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::POST {
        let outcome = match request.uri().path() {
            "/api/sign_in" => limits.take(Limit::SignIn, &client.ip().to_string()).await,
            "/api/sign_up" => limits.take(Limit::SignUp, &client.ip().to_string()).await,
            "/api/place_order" => {
                let session = cookie
                    .from_headers(request.headers())
                    .unwrap_or_else(|| client.ip().to_string());
                limits.take(Limit::Order, &session).await
            }
            _ => Ok(()),
        };
        if let Err(wait) = outcome {
            tracing::warn!(client = %client.ip(), path = request.uri().path(), "rate limited");
            return too_many(wait);
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_window_sees_more_than_the_limit() {
        let limiter: DefaultKeyedRateLimiter<u8> =
            RateLimiter::keyed(at_most(10, Duration::from_secs(60)));
        let allowed = (0..30).filter(|_| limiter.check_key(&1).is_ok()).count();
        assert_eq!(allowed, 5, "a burst of half the minute's budget");
        assert!(limiter.check_key(&2).is_ok(), "keys are independent");
    }

    #[test]
    fn a_stored_allowance_is_never_spaced_by_nothing() {
        let minute = Duration::from_secs(60);
        assert_eq!(stored_allowance(20, minute), (6_000, 10));
        assert_eq!(stored_allowance(100_000_000, minute), (1, 50_000_000));
    }

    #[tokio::test]
    async fn failed_sign_ins_past_the_budget_lock_the_account() {
        let limits = RateLimits::new(
            RateSettings {
                failed_sign_ins_per_hour: 4,
                ..RateSettings::default()
            },
            None,
        );
        for _ in 0..2 {
            limits.sign_in_failed("a@example").await;
            assert_eq!(limits.sign_in_lockout("a@example").await, None);
        }
        limits.sign_in_failed("a@example").await;
        let wait = limits.sign_in_lockout("a@example").await.expect("locked");
        assert!(
            wait > Duration::from_secs(60) && wait <= Duration::from_secs(1800),
            "{wait:?}"
        );
        assert_eq!(limits.sign_in_lockout("b@example").await, None);
    }
}
