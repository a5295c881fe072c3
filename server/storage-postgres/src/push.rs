use async_trait::async_trait;
use domain::{AccountId, Timestamp};
use storage::records::PushSubscription;
use storage::{PushStorage, Result};

use crate::PgEngine;

#[async_trait]
impl PushStorage for PgEngine {
    async fn server_key_or_insert(
        &self,
        name: &str,
        value: &str,
        now: Timestamp,
    ) -> Result<String> {
        let now = now.millis();
        sqlx::query!(
            "INSERT INTO server_keys (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            name,
            value,
            now
        )
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar!("SELECT value FROM server_keys WHERE name = $1", name)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn save_push_subscription(
        &self,
        account: AccountId,
        subscription: &PushSubscription,
        now: Timestamp,
    ) -> Result<()> {
        let (account, now) = (account.get(), now.millis());
        sqlx::query!(
            "INSERT INTO push_subscriptions (account_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (endpoint) DO UPDATE SET account_id = excluded.account_id, p256dh = excluded.p256dh,
                 auth = excluded.auth, created_at = excluded.created_at",
            account,
            subscription.endpoint,
            subscription.p256dh,
            subscription.auth,
            now
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn push_subscriptions(&self, account: AccountId) -> Result<Vec<PushSubscription>> {
        let account = account.get();
        Ok(sqlx::query_as!(
            PushSubscription,
            "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE account_id = $1 ORDER BY id",
            account
        )
        .fetch_all(&self.pool)
        .await?)
    }

    async fn delete_push_subscription(&self, endpoint: &str) -> Result<()> {
        sqlx::query!(
            "DELETE FROM push_subscriptions WHERE endpoint = $1",
            endpoint
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delete_own_push_subscription(
        &self,
        account: AccountId,
        endpoint: &str,
    ) -> Result<bool> {
        let account = account.get();
        let deleted = sqlx::query!(
            "DELETE FROM push_subscriptions WHERE endpoint = $1 AND account_id = $2",
            endpoint,
            account
        )
        .execute(&self.pool)
        .await?;
        Ok(deleted.rows_affected() > 0)
    }
}
