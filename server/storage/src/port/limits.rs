use async_trait::async_trait;
use domain::Timestamp;

use crate::error::Result;

/// Rate limits kept in the database, so that they hold for every instance
/// that shares it. Each key has an allowance that grows by one every
/// `spacing_ms` up to `burst` (GCRA: the database keeps the key's
/// theoretical arrival time).
#[async_trait]
pub trait LimitStorage: Send + Sync {
    /// Takes one of `key`'s allowance at `now`; `None` when taken, else how
    /// many milliseconds until there is one.
    async fn take_allowance(
        &self,
        key: &str,
        now: Timestamp,
        spacing_ms: i64,
        burst: i64,
    ) -> Result<Option<i64>>;
    /// Milliseconds from `now` until `key`'s allowance is whole again (0
    /// when it is); with a burst of one, until it can be taken.
    async fn allowance_wait(&self, key: &str, now: Timestamp) -> Result<i64>;
    /// Forgets the keys whose allowance is whole again at `now`.
    async fn forget_whole_allowances(&self, now: Timestamp) -> Result<u64>;
}
