//! How long to wait before trying again, shared by the notification
//! dispatcher and the payment worker.

use std::time::Duration;

use rand::Rng;

/// `base` doubled `doublings` times, capped at `max`, with jitter over its
/// upper half so that work that failed together is not retried together.
pub fn jittered(base: Duration, max: Duration, doublings: i64) -> Duration {
    let exponent = u32::try_from(doublings.clamp(0, 20)).unwrap_or(20);
    let ceiling = base.saturating_mul(2u32.saturating_pow(exponent)).min(max);
    let millis = u64::try_from(ceiling.as_millis())
        .unwrap_or(u64::MAX)
        .max(1);
    Duration::from_millis(rand::thread_rng().gen_range(millis / 2..=millis))
}
