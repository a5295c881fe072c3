use async_trait::async_trait;
use domain::{AccountId, Timestamp};
use storage::records::PushSubscription;
use storage::{PushStorage, Result};

use crate::SqliteEngine;

#[async_trait]
impl PushStorage for SqliteEngine {
    async fn server_key_or_insert(
        &self,
        name: &str,
        value: &str,
        now: Timestamp,
    ) -> Result<String> {
        let now = now.millis();
        sqlx::query!(
            "INSERT INTO server_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            name,
            value,
            now
        )
        .execute(&self.write)
        .await?;
        Ok(
            sqlx::query_scalar!("SELECT value FROM server_keys WHERE name = ?", name)
                .fetch_one(&self.write)
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
            "INSERT INTO push_subscriptions (account_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (endpoint) DO UPDATE SET account_id = excluded.account_id, p256dh = excluded.p256dh,
                 auth = excluded.auth, created_at = excluded.created_at",
            account,
            subscription.endpoint,
            subscription.p256dh,
            subscription.auth,
            now
        )
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn push_subscriptions(&self, account: AccountId) -> Result<Vec<PushSubscription>> {
        let account = account.get();
        Ok(sqlx::query_as!(
            PushSubscription,
            "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE account_id = ? ORDER BY id",
            account
        )
        .fetch_all(&self.read)
        .await?)
    }

    async fn delete_push_subscription(&self, endpoint: &str) -> Result<()> {
        sqlx::query!(
            "DELETE FROM push_subscriptions WHERE endpoint = ?",
            endpoint
        )
        .execute(&self.write)
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
            "DELETE FROM push_subscriptions WHERE endpoint = ? AND account_id = ?",
            endpoint,
            account
        )
        .execute(&self.write)
        .await?;
        Ok(deleted.rows_affected() > 0)
    }
}
