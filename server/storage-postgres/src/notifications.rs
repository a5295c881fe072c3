//! What the in-app channel and the local KakaoTalk/SMS inbox received.

use std::collections::HashSet;

use app::model::{InboxEntry, Notification};
use async_trait::async_trait;
use domain::{AccountId, Timestamp};
use sqlx::PgConnection;
use storage::records::{InAppEntry, InboxMessage};
use storage::{NotificationStorage, Result};

use crate::PgEngine;

/// Adds in-app notifications in one statement; for each, whether it is new.
pub(crate) async fn record_in_app(
    conn: &mut PgConnection,
    entries: &[InAppEntry],
    now: Timestamp,
) -> Result<Vec<bool>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let outboxes: Vec<i64> = entries.iter().map(|entry| entry.outbox_id).collect();
    let recipients: Vec<i64> = entries.iter().map(|entry| entry.recipient.get()).collect();
    let hrefs: Vec<String> = entries.iter().map(|entry| entry.href.clone()).collect();
    let texts: Vec<String> = entries.iter().map(|entry| entry.text.clone()).collect();
    let now = now.millis();
    let inserted: HashSet<i64> = sqlx::query_scalar!(
        r#"INSERT INTO notifications (outbox_id, recipient_id, href, message, created_at)
           SELECT e.outbox, e.recipient, e.href, e.text, $5
           FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[])
                WITH ORDINALITY AS e(outbox, recipient, href, text, n)
           ORDER BY e.n
           ON CONFLICT DO NOTHING
           RETURNING outbox_id AS "outbox_id!""#,
        &outboxes,
        &recipients,
        &hrefs,
        &texts,
        now
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
    conn: &mut PgConnection,
    messages: &[InboxMessage],
    now: Timestamp,
) -> Result<()> {
    if messages.is_empty() {
        return Ok(());
    }
    let channels: Vec<String> = messages
        .iter()
        .map(|message| message.channel.as_str().to_owned())
        .collect();
    let phones: Vec<String> = messages
        .iter()
        .map(|message| message.phone.clone())
        .collect();
    let texts: Vec<String> = messages
        .iter()
        .map(|message| message.text.clone())
        .collect();
    let keys: Vec<String> = messages
        .iter()
        .map(|message| message.dedupe_key.clone())
        .collect();
    let now = now.millis();
    sqlx::query!(
        "INSERT INTO provider_inbox (channel, phone, text, dedupe_key, created_at)
         SELECT m.channel, m.phone, m.text, m.key, $5
         FROM UNNEST($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[])
              WITH ORDINALITY AS m(channel, phone, text, key, n)
         ORDER BY m.n
         ON CONFLICT DO NOTHING",
        &channels,
        &phones,
        &texts,
        &keys,
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl NotificationStorage for PgEngine {
    async fn notifications_of(
        &self,
        recipient: AccountId,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let recipient = recipient.get();
        let rows = sqlx::query!(
            r#"SELECT id AS "id!", href, message, created_at, read_at FROM notifications
               WHERE recipient_id = $1 ORDER BY id DESC LIMIT $2"#,
            recipient,
            limit
        )
        .fetch_all(&self.pool)
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
            "UPDATE notifications SET read_at = $1 WHERE recipient_id = $2 AND read_at IS NULL",
            now,
            recipient
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn inbox(&self, limit: i64) -> Result<Vec<InboxEntry>> {
        let rows = sqlx::query!(
            "SELECT channel, phone, text, created_at FROM provider_inbox ORDER BY id DESC LIMIT $1",
            limit
        )
        .fetch_all(&self.pool)
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
