//! Payment settings from environment variables.

use std::time::Duration;

use super::BreakerSettings;
use crate::config::number;

/// A real provider's HTTP API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// `BAEDAL_PAYMENT_URL`: calls go to `{url}/v1/payments/{call}`.
    pub url: String,
    /// `BAEDAL_PAYMENT_KEY`: sent as a bearer token.
    pub key: String,
}

/// How the simulated provider behaves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SimulatedSettings {
    /// `BAEDAL_PAYMENT_SIM_LATENCY_MS`, default 0.
    pub latency: Duration,
    /// `BAEDAL_PAYMENT_SIM_FAILURE_RATE`, 0.0 to 1.0, default 0: the share of
    /// new calls that fail as unavailable.
    pub failure_rate: f64,
}

/// How payments are taken, retried and given up.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentSettings {
    /// Set: the HTTP provider; unset: the simulated one.
    pub http: Option<HttpSettings>,
    pub simulated: SimulatedSettings,
    /// `BAEDAL_PAYMENT_TIMEOUT_MS`, default 2000: how long one call may take.
    pub timeout: Duration,
    /// `BAEDAL_BREAKER_*`.
    pub breaker: BreakerSettings,
    /// `BAEDAL_PAYMENT_RETRY_BACKOFF_MS`, default 2000: the first retry's
    /// delay; it doubles with every attempt up to `max_backoff`.
    pub retry_backoff: Duration,
    pub max_backoff: Duration,
    /// `BAEDAL_PAYMENT_MAX_ATTEMPTS`, default 12: attempts of a capture, void
    /// or refund before it is given up as dead.
    pub max_attempts: i64,
    /// `BAEDAL_PAYMENT_EXPIRY_SECS`, else `BAEDAL_PAYMENT_EXPIRY_MINUTES`
    /// (default 30): how long an order may stay unpaid.
    pub expiry: Duration,
    /// How often the payment worker looks for due work.
    pub poll: Duration,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        Self {
            http: None,
            simulated: SimulatedSettings::default(),
            timeout: Duration::from_millis(2_000),
            breaker: BreakerSettings::default(),
            retry_backoff: Duration::from_millis(2_000),
            max_backoff: Duration::from_secs(60),
            max_attempts: 12,
            expiry: Duration::from_secs(30 * 60),
            poll: Duration::from_millis(250),
        }
    }
}

impl PaymentSettings {
    /// Reads the settings through `lookup`.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let millis = |name: &str, default: Duration| -> anyhow::Result<Duration> {
            Ok(number::<u64>(lookup, name)?
                .map(|ms| Duration::from_millis(ms.max(1)))
                .unwrap_or(default))
        };
        let count = |name: &str, default: usize| -> anyhow::Result<usize> {
            Ok(number::<usize>(lookup, name)?.unwrap_or(default).max(1))
        };
        let percent = |name: &str, default: u32| -> anyhow::Result<u32> {
            Ok(number::<u32>(lookup, name)?
                .unwrap_or(default)
                .clamp(1, 100))
        };
        let defaults = Self::default();
        let breaker = BreakerSettings::default();
        let failure_rate = number::<f64>(lookup, "BAEDAL_PAYMENT_SIM_FAILURE_RATE")?.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&failure_rate) {
            anyhow::bail!("BAEDAL_PAYMENT_SIM_FAILURE_RATE must be between 0 and 1");
        }
        let expiry_minutes = number::<u64>(lookup, "BAEDAL_PAYMENT_EXPIRY_MINUTES")?.unwrap_or(30);
        let expiry = match number::<u64>(lookup, "BAEDAL_PAYMENT_EXPIRY_SECS")? {
            Some(secs) => Duration::from_secs(secs.max(1)),
            None => Duration::from_secs(expiry_minutes.max(1).saturating_mul(60)),
        };
        Ok(Self {
            http: lookup("BAEDAL_PAYMENT_URL")
                .filter(|url| !url.trim().is_empty())
                .map(|url| HttpSettings {
                    url,
                    key: lookup("BAEDAL_PAYMENT_KEY").unwrap_or_default(),
                }),
            simulated: SimulatedSettings {
                latency: number::<u64>(lookup, "BAEDAL_PAYMENT_SIM_LATENCY_MS")?
                    .map(Duration::from_millis)
                    .unwrap_or_default(),
                failure_rate,
            },
            timeout: millis("BAEDAL_PAYMENT_TIMEOUT_MS", defaults.timeout)?,
            breaker: BreakerSettings {
                failure_rate_percent: percent(
                    "BAEDAL_BREAKER_FAILURE_RATE",
                    breaker.failure_rate_percent,
                )?,
                slow_rate_percent: percent("BAEDAL_BREAKER_SLOW_RATE", breaker.slow_rate_percent)?,
                slow_call: millis("BAEDAL_BREAKER_SLOW_CALL_MS", breaker.slow_call)?,
                window: count("BAEDAL_BREAKER_WINDOW", breaker.window)?,
                min_calls: count("BAEDAL_BREAKER_MIN_CALLS", breaker.min_calls)?,
                open_for: number::<u64>(lookup, "BAEDAL_BREAKER_OPEN_SECS")?
                    .map(|secs| Duration::from_secs(secs.max(1)))
                    .unwrap_or(breaker.open_for),
                half_open_calls: count("BAEDAL_BREAKER_HALF_OPEN_CALLS", breaker.half_open_calls)?,
            },
            retry_backoff: millis("BAEDAL_PAYMENT_RETRY_BACKOFF_MS", defaults.retry_backoff)?,
            max_attempts: number::<i64>(lookup, "BAEDAL_PAYMENT_MAX_ATTEMPTS")?
                .unwrap_or(defaults.max_attempts)
                .max(1),
            expiry,
            ..defaults
        })
    }

    /// The delay after `attempts` failed attempts: exponential from
    /// `retry_backoff`, capped at `max_backoff`, with jitter over its upper
    /// half so that orders that failed together are not retried together.
    pub fn backoff(&self, attempts: i64) -> Duration {
        crate::backoff::jittered(self.retry_backoff, self.max_backoff, attempts - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_defaults_and_overrides() {
        let none = |_: &str| None;
        let settings = PaymentSettings::from_lookup(&none).unwrap();
        assert_eq!(settings, PaymentSettings::default());

        let set = |name: &str| {
            match name {
                "BAEDAL_PAYMENT_URL" => Some("http://127.0.0.1:3200"),
                "BAEDAL_PAYMENT_KEY" => Some("secret"),
                "BAEDAL_BREAKER_OPEN_SECS" => Some("1"),
                "BAEDAL_BREAKER_FAILURE_RATE" => Some("30"),
                "BAEDAL_PAYMENT_EXPIRY_SECS" => Some("5"),
                "BAEDAL_PAYMENT_SIM_FAILURE_RATE" => Some("0.25"),
                _ => None,
            }
            .map(str::to_owned)
        };
        let settings = PaymentSettings::from_lookup(&set).unwrap();
        assert_eq!(settings.http.unwrap().key, "secret");
        assert_eq!(settings.breaker.open_for, Duration::from_secs(1));
        assert_eq!(settings.breaker.failure_rate_percent, 30);
        assert_eq!(settings.expiry, Duration::from_secs(5));
        assert_eq!(settings.simulated.failure_rate, 0.25);

        let wrong =
            |name: &str| (name == "BAEDAL_PAYMENT_SIM_FAILURE_RATE").then(|| "2".to_owned());
        assert!(PaymentSettings::from_lookup(&wrong).is_err());
    }

    #[test]
    fn backoff_doubles_up_to_a_minute_with_jitter() {
        let settings = PaymentSettings::default();
        for (attempts, ceiling_ms) in [
            (1, 2_000),
            (2, 4_000),
            (3, 8_000),
            (6, 60_000),
            (40, 60_000),
        ] {
            let delay = settings.backoff(attempts).as_millis() as u64;
            assert!(
                (ceiling_ms / 2..=ceiling_ms).contains(&delay),
                "{attempts}: {delay}"
            );
        }
    }
}
