//! The transactional outbox: written with each event by the scripts,
//! delivered by the dispatcher.

use app::model::DeadLetter;
use async_trait::async_trait;
use domain::{AccountId, OrderId, StoreId, Timestamp};
use serde_json::{json, Value};
use sqlx::SqliteConnection;
use storage::notices::{Cause, Channel, Message, Notice, Subject};
use storage::records::{Delivery, OutboxStat, PendingMessage};
use storage::rows::corrupt;
use storage::{OutboxStorage, Result};

use crate::SqliteEngine;

/// Writes the notifications of one cause, once per dedupe key, in one
/// statement.
pub(crate) async fn enqueue(
    conn: &mut SqliteConnection,
    cause: Cause,
    notices: &[Notice],
    at: Timestamp,
) -> Result<()> {
    if notices.is_empty() {
        return Ok(());
    }
    let (event_id, order_id, coupon_id) = match cause {
        Cause::Event { event_id, order } => (Some(event_id), Some(order.get()), None),
        Cause::Coupon { coupon } => (None, None, Some(coupon.get())),
    };
    let rows: Vec<Value> = notices
        .iter()
        .map(|notice| {
            json!({
                "recipient": notice.recipient.get(),
                "channel": notice.channel.as_str(),
                "message": notice.message.as_str(),
                "key": cause.dedupe_key(notice),
            })
        })
        .collect();
    let (rows, at) = (Value::Array(rows).to_string(), at.millis());
    sqlx::query!(
        "INSERT OR IGNORE INTO outbox (event_id, order_id, coupon_id, recipient_id, channel, message, dedupe_key,
                                       next_attempt_at, created_at)
         SELECT ?, ?, ?, value ->> '$.recipient', value ->> '$.channel', value ->> '$.message',
                value ->> '$.key', ?, ?
         FROM json_each(?)",
        event_id,
        order_id,
        coupon_id,
        at,
        at,
        rows
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records what became of a round of deliveries: the sent ones in one
/// statement, the failed ones in another.
pub(crate) async fn record_deliveries(
    conn: &mut SqliteConnection,
    deliveries: &[Delivery],
    now: Timestamp,
) -> Result<()> {
    let mut sent = Vec::new();
    let mut failed = Vec::new();
    for delivery in deliveries {
        match delivery {
            Delivery::Sent { outbox_id } => sent.push(*outbox_id),
            Delivery::Failed {
                outbox_id,
                attempts,
                retry_at,
                error,
            } => failed.push(json!({
                "id": outbox_id,
                "state": if retry_at.is_some() { "pending" } else { "dead" },
                "attempts": attempts,
                "next": retry_at.map_or(i64::MAX, Timestamp::millis),
                "error": error,
            })),
        }
    }
    let now = now.millis();
    if !sent.is_empty() {
        let sent = Value::from(sent).to_string();
        sqlx::query!(
            "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1
             WHERE id IN (SELECT value FROM json_each(?))",
            now,
            sent
        )
        .execute(&mut *conn)
        .await?;
    }
    if !failed.is_empty() {
        let failed = Value::Array(failed).to_string();
        sqlx::query!(
            "UPDATE outbox SET state = f.state, attempts = f.attempts, next_attempt_at = f.next,
                               last_error = f.error
             FROM (SELECT value ->> '$.id' AS id, value ->> '$.state' AS state,
                          value ->> '$.attempts' AS attempts, value ->> '$.next' AS next,
                          value ->> '$.error' AS error
                   FROM json_each(?)) AS f
             WHERE outbox.id = f.id",
            failed
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl OutboxStorage for SqliteEngine {
    async fn claim_due_messages(
        &self,
        channel: Channel,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
        within_newest: Option<i64>,
    ) -> Result<Vec<PendingMessage>> {
        let (channel, now_ms, lease_ms) = (channel.as_str(), now.millis(), lease_until.millis());
        let claimed = sqlx::query_scalar!(
            r#"UPDATE outbox SET next_attempt_at = ?1
               WHERE id IN (SELECT id FROM outbox
                            WHERE channel = ?2 AND state = 'pending' AND next_attempt_at <= ?3
                              AND (?5 IS NULL OR id IN (
                                  SELECT id FROM outbox WHERE channel = ?2 AND state = 'pending'
                                  ORDER BY id DESC LIMIT ?5))
                            ORDER BY id LIMIT ?4)
               RETURNING id AS "id!""#,
            lease_ms,
            channel,
            now_ms,
            limit,
            within_newest
        )
        .fetch_all(&self.write)
        .await?;
        let claimed = serde_json::to_string(&claimed).map_err(corrupt)?;
        let rows = sqlx::query!(
            r#"SELECT o.id AS "id!", o.dedupe_key, o.recipient_id, o.order_id, o.message, o.attempts,
                      a.phone, a.lang, s.id AS "store_id!", s.name AS "store_name!",
                      c.discount_kind AS "discount_kind?", c.discount_value AS "discount_value?",
                      c.min_order AS "min_order?", c.expires_at AS "expires_at?", c.quantity AS "quantity?",
                      c.code AS "code?"
               FROM outbox o
               JOIN accounts a ON a.id = o.recipient_id
               LEFT JOIN orders r ON r.id = o.order_id
               LEFT JOIN coupons c ON c.id = o.coupon_id
               JOIN stores s ON s.id = COALESCE(r.store_id, c.store_id)
               WHERE o.id IN (SELECT value FROM json_each(?))
               ORDER BY o.id"#,
            claimed
        )
        .fetch_all(&self.write)
        .await?;
        rows.into_iter()
            .map(|row| {
                let subject = match (row.order_id, row.discount_kind) {
                    (Some(order), _) => Subject::Order(OrderId::parse(order).map_err(corrupt)?),
                    (None, Some(kind)) => Subject::Coupon {
                        store: StoreId::parse(row.store_id).map_err(corrupt)?,
                        code: row.code.unwrap_or_default(),
                        terms: storage::rows::coupon_terms(
                            &kind,
                            row.discount_value,
                            row.min_order,
                            row.expires_at,
                            row.quantity,
                        )?,
                    },
                    (None, None) => return Err(corrupt("an outbox row about nothing")),
                };
                Ok(PendingMessage {
                    outbox_id: row.id,
                    dedupe_key: row.dedupe_key,
                    recipient: AccountId::parse(row.recipient_id).map_err(corrupt)?,
                    phone: row.phone,
                    lang: row.lang,
                    subject,
                    store_name: row.store_name,
                    message: Message::parse(&row.message).ok_or_else(|| corrupt(&row.message))?,
                    attempts: row.attempts,
                })
            })
            .collect()
    }

    async fn shed_pending(&self, channel: Channel, keep: i64) -> Result<u64> {
        let channel = channel.as_str();
        let shed = sqlx::query!(
            "UPDATE outbox SET state = 'shed'
             WHERE id IN (
                 SELECT id FROM outbox WHERE channel = ? AND state = 'pending' ORDER BY id
                 LIMIT max(0, (SELECT count(*) FROM outbox WHERE channel = ? AND state = 'pending') - ?)
             )",
            channel,
            channel,
            keep
        )
        .execute(&self.write)
        .await?;
        Ok(shed.rows_affected())
    }

    async fn retry_dead(&self, outbox_id: i64, now: Timestamp) -> Result<bool> {
        let now = now.millis();
        let retried = sqlx::query!(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL
             WHERE id = ? AND state = 'dead'",
            now,
            outbox_id
        )
        .execute(&self.write)
        .await?;
        Ok(retried.rows_affected() == 1)
    }

    async fn outbox_stats(&self) -> Result<Vec<OutboxStat>> {
        let rows = sqlx::query!(
            r#"SELECT channel AS "channel!", count(*) AS "pending!: i64", min(created_at) AS "oldest?: i64"
               FROM outbox WHERE state = 'pending' GROUP BY channel"#
        )
        .fetch_all(&self.read)
        .await?;
        Ok(Channel::ALL
            .into_iter()
            .map(|channel| {
                let row = rows.iter().find(|row| row.channel == channel.as_str());
                OutboxStat {
                    channel,
                    pending: row.map(|r| r.pending).unwrap_or(0),
                    oldest_created: row.and_then(|r| r.oldest).map(Timestamp::from_millis),
                }
            })
            .collect())
    }

    async fn dead_letters(&self, limit: i64) -> Result<Vec<DeadLetter>> {
        let rows = sqlx::query!(
            r#"SELECT o.id AS "id!", o.channel, a.display_name, o.attempts, o.last_error, o.created_at,
                      CASE WHEN o.order_id IS NOT NULL THEN '/orders/' || o.order_id
                           ELSE '/stores/' || c.store_id END AS "href!: String"
               FROM outbox o JOIN accounts a ON a.id = o.recipient_id
               LEFT JOIN coupons c ON c.id = o.coupon_id
               WHERE o.state = 'dead' ORDER BY o.id DESC LIMIT ?"#,
            limit
        )
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| DeadLetter {
                outbox_id: row.id,
                channel: row.channel,
                recipient_name: row.display_name,
                href: row.href,
                attempts: row.attempts,
                last_error: row.last_error,
                created_at: Timestamp::from_millis(row.created_at),
            })
            .collect())
    }
}
