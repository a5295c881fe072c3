//! What the in-app channel and the local KakaoTalk/SMS inbox received.

use std::collections::HashSet;

use app::model::{InboxEntry, Notification};
use async_trait::async_trait;
use domain::{AccountId, Timestamp};
use serde_json::{json, Value};
use sqlx::SqliteConnection;
use storage::records::{InAppEntry, InboxMessage};
use storage::{NotificationStorage, Result};

use crate::SqliteEngine;

/// Adds in-app notifications in one statement; for each, whether it is new.
pub(crate) async fn record_in_app(
    conn: &mut SqliteConnection,
    entries: &[InAppEntry],
    now: Timestamp,
) -> Result<Vec<bool>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<Value> = entries
        .iter()
        .map(|entry| {
            json!({
                "outbox": entry.outbox_id,
                "recipient": entry.recipient.get(),
                "href": entry.href,
                "text": entry.text,
            })
        })
        .collect();
    let (rows, now) = (Value::Array(rows).to_string(), now.millis());
    let inserted: HashSet<i64> = sqlx::query_scalar!(
        r#"INSERT OR IGNORE INTO notifications (outbox_id, recipient_id, href, message, created_at)
           SELECT value ->> '$.outbox', value ->> '$.recipient', value ->> '$.href', value ->> '$.text', ?
           FROM json_each(?)
           RETURNING outbox_id AS "outbox_id!""#,
        now,
        rows
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    Ok(entries
        .iter()
        .map(|entry| inserted.contains(&entry.outbox_id))
        .collect())
}

/// Keeps KakaoTalk or SMS messages in the local inbox in one statement.
pub(crate) async fn record_in_inbox(
    conn: &mut SqliteConnection,
    messages: &[InboxMessage],
    now: Timestamp,
) -> Result<()> {
    if messages.is_empty() {
        return Ok(());
    }
    let rows: Vec<Value> = messages
        .iter()
        .map(|message| {
            json!({
                "channel": message.channel.as_str(),
                "phone": message.phone,
                "text": message.text,
                "key": message.dedupe_key,
            })
        })
        .collect();
    let (rows, now) = (Value::Array(rows).to_string(), now.millis());
    sqlx::query!(
        "INSERT OR IGNORE INTO provider_inbox (channel, phone, text, dedupe_key, created_at)
         SELECT value ->> '$.channel', value ->> '$.phone', value ->> '$.text', value ->> '$.key', ?
         FROM json_each(?)",
        now,
        rows
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl NotificationStorage for SqliteEngine {
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
