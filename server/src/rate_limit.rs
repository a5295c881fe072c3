//! Rate limits (GCRA, by the `governor` crate): sign-in attempts and sign-ups
//! per client address, orders per session, and failed sign-ins per account. A limited
//! request gets 429 with `Retry-After`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
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

/// The limiters, shared by the middleware and the sign-in service.
pub struct RateLimits {
    sign_ins: DefaultKeyedRateLimiter<IpAddr>,
    orders: DefaultKeyedRateLimiter<String>,
    sign_ups: DefaultKeyedRateLimiter<IpAddr>,
    failed_sign_ins: DefaultKeyedRateLimiter<String>,
    /// Accounts whose failures ran out, until when.
    locked: Mutex<HashMap<String, Instant>>,
}

/// At most `count` per `period`: a burst of half and the rest spread evenly,
/// so that no window of `period` ever sees more than `count`.
fn at_most(count: u32, period: Duration) -> Quota {
    let count = count.max(2);
    let burst = NonZeroU32::new(count / 2).unwrap_or(NonZeroU32::MIN);
    let spacing = period / (count - count / 2);
    Quota::with_period(spacing)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl RateLimits {
    pub fn new(settings: RateSettings) -> Self {
        const MINUTE: Duration = Duration::from_secs(60);
        Self {
            sign_ins: RateLimiter::keyed(at_most(settings.sign_ins_per_minute, MINUTE)),
            orders: RateLimiter::keyed(at_most(settings.orders_per_minute, MINUTE)),
            sign_ups: RateLimiter::keyed(at_most(settings.sign_ups_per_hour, 60 * MINUTE)),
            failed_sign_ins: RateLimiter::keyed(at_most(
                settings.failed_sign_ins_per_hour,
                60 * MINUTE,
            )),
            locked: Mutex::default(),
        }
    }

    /// How long `account` must wait before its password is checked again.
    pub fn sign_in_lockout(&self, account: &str) -> Option<Duration> {
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
    pub fn sign_in_failed(&self, account: &str) {
        if let Err(not_until) = self.failed_sign_ins.check_key(&account.to_owned()) {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            self.locked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(account.to_owned(), Instant::now() + wait);
        }
    }

    /// Forgets idle keys; run now and then.
    pub fn forget_idle(&self) {
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
            "/api/sign_in" => limits.sign_ins.check_key(&client.ip()),
            "/api/sign_up" => limits.sign_ups.check_key(&client.ip()),
            "/api/place_order" => {
                let session = cookie
                    .from_headers(request.headers())
                    .unwrap_or_else(|| client.ip().to_string());
                limits.orders.check_key(&session)
            }
            _ => Ok(()),
        };
        if let Err(not_until) = outcome {
            tracing::warn!(client = %client.ip(), path = request.uri().path(), "rate limited");
            return too_many(not_until.wait_time_from(DefaultClock::default().now()));
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
    fn failed_sign_ins_past_the_budget_lock_the_account() {
        let limits = RateLimits::new(RateSettings {
            failed_sign_ins_per_hour: 4,
            ..RateSettings::default()
        });
        for _ in 0..2 {
            limits.sign_in_failed("a@example");
            assert_eq!(limits.sign_in_lockout("a@example"), None);
        }
        limits.sign_in_failed("a@example");
        let wait = limits.sign_in_lockout("a@example").expect("locked");
        assert!(
            wait > Duration::from_secs(60) && wait <= Duration::from_secs(1800),
            "{wait:?}"
        );
        assert_eq!(limits.sign_in_lockout("b@example"), None);
    }
}
