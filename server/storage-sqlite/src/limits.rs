use async_trait::async_trait;
use domain::Timestamp;
use storage::{LimitStorage, Result};

use crate::SqliteEngine;

#[async_trait]
impl LimitStorage for SqliteEngine {
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
            "INSERT INTO rate_limits (key, tat) VALUES (?1, ?2 + ?3)
             ON CONFLICT (key) DO UPDATE SET tat = MAX(tat, ?2) + ?3
             WHERE MAX(tat, ?2) + ?3 - ?2 <= ?4
             RETURNING tat",
            key,
            now,
            spacing_ms,
            most_ahead
        )
        .fetch_optional(&self.write)
        .await?;
        if taken.is_some() {
            return Ok(None);
        }
        let tat = sqlx::query_scalar!("SELECT tat FROM rate_limits WHERE key = ?", key)
            .fetch_optional(&self.write)
            .await?
            .unwrap_or(now);
        Ok(Some((tat.max(now) + spacing_ms - now - most_ahead).max(1)))
    }

    async fn allowance_wait(&self, key: &str, now: Timestamp) -> Result<i64> {
        let now = now.millis();
        let tat = sqlx::query_scalar!("SELECT tat FROM rate_limits WHERE key = ?", key)
            .fetch_optional(&self.write)
            .await?
            .unwrap_or(now);
        Ok((tat - now).max(0))
    }

    async fn forget_whole_allowances(&self, now: Timestamp) -> Result<u64> {
        let now = now.millis();
        let forgotten = sqlx::query!("DELETE FROM rate_limits WHERE tat <= ?", now)
            .execute(&self.write)
            .await?;
        Ok(forgotten.rows_affected())
    }
}
