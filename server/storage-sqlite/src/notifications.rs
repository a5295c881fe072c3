//! What the in-app channel and the local KakaoTalk/SMS inbox received.

use app::model::{InboxEntry, Notification};
use async_trait::async_trait;
use domain::{AccountId, Timestamp};
use storage::notices::Channel;
use storage::{NotificationStorage, Result};

use crate::SqliteEngine;

#[async_trait]
impl NotificationStorage for SqliteEngine {
    async fn record_in_app(
        &self,
        outbox_id: i64,
        recipient: AccountId,
        href: &str,
        text: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let (recipient, now) = (recipient.get(), now.millis());
        let inserted = sqlx::query!(
            "INSERT OR IGNORE INTO notifications (outbox_id, recipient_id, href, message, created_at) VALUES (?, ?, ?, ?, ?)",
            outbox_id,
            recipient,
            href,
            text,
            now
        )
        .execute(&self.write)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    async fn notifications_of(
        &self,
        recipient: AccountId,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let recipient = recipient.get();
        let rows = sqlx::query!(
            r#"SELECT id AS "id!", href, message, created_at, read_at FROM notifications
               WHERE recipient_id = ? ORDER BY id DESC LIMIT ?"#,
            recipient,
            limit
        )
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| Notification {
                id: row.id,
                href: row.href,
                text: row.message,
                at: Timestamp::from_millis(row.created_at),
                read: row.read_at.is_some(),
            })
            .collect())
    }

    async fn mark_notifications_read(&self, recipient: AccountId, now: Timestamp) -> Result<()> {
        let (recipient, now) = (recipient.get(), now.millis());
        sqlx::query!(
            "UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL",
            now,
            recipient
        )
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn record_in_inbox(
        &self,
        channel: Channel,
        phone: &str,
        text: &str,
        dedupe_key: &str,
        now: Timestamp,
    ) -> Result<()> {
        let (channel, now) = (channel.as_str(), now.millis());
        sqlx::query!(
            "INSERT OR IGNORE INTO provider_inbox (channel, phone, text, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?)",
            channel,
            phone,
            text,
            dedupe_key,
            now
        )
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn inbox(&self, limit: i64) -> Result<Vec<InboxEntry>> {
        let rows = sqlx::query!(
            "SELECT channel, phone, text, created_at FROM provider_inbox ORDER BY id DESC LIMIT ?",
            limit
        )
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| InboxEntry {
                channel: row.channel,
                phone: row.phone,
                text: row.text,
                at: Timestamp::from_millis(row.created_at),
            })
            .collect())
    }
}
