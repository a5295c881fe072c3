use async_trait::async_trait;
use domain::Timestamp;
use storage::{LimitStorage, Result};

use crate::PgEngine;

#[async_trait]
impl LimitStorage for PgEngine {
    async fn take_allowance(
        &self,
        key: &str,
        now: Timestamp,
        spacing_ms: i64,
        burst: i64,
    ) -> Result<Option<i64>> {
        let now = now.millis();
        let most_ahead = spacing_ms.saturating_mul(burst);
        let taken = sqlx::query_scalar!(
            "INSERT INTO rate_limits (key, tat) VALUES ($1, $2::BIGINT + $3::BIGINT)
             ON CONFLICT (key) DO UPDATE SET tat = GREATEST(rate_limits.tat, $2) + $3
             WHERE GREATEST(rate_limits.tat, $2) + $3 - $2 <= $4::BIGINT
             RETURNING tat",
            key,
            now,
            spacing_ms,
            most_ahead
        )
        .fetch_optional(&self.pool)
        .await?;
        if taken.is_some() {
            return Ok(None);
        }
        let tat = sqlx::query_scalar!("SELECT tat FROM rate_limits WHERE key = $1", key)
            .fetch_optional(&self.pool)
            .await?
            .unwrap_or(now);
        Ok(Some((tat.max(now) + spacing_ms - now - most_ahead).max(1)))
    }

    async fn allowance_wait(&self, key: &str, now: Timestamp) -> Result<i64> {
        let now = now.millis();
        let tat = sqlx::query_scalar!("SELECT tat FROM rate_limits WHERE key = $1", key)
            .fetch_optional(&self.pool)
            .await?
            .unwrap_or(now);
        Ok((tat - now).max(0))
    }

    async fn forget_whole_allowances(&self, now: Timestamp) -> Result<u64> {
        let now = now.millis();
        let forgotten = sqlx::query!("DELETE FROM rate_limits WHERE tat <= $1", now)
            .execute(&self.pool)
            .await?;
        Ok(forgotten.rows_affected())
    }
}
