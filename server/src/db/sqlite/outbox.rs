use app::model::{DeadLetter, InboxEntry, Notification};
use domain::{AccountId, OrderId, StoreId, Timestamp};
use sqlx::{SqliteConnection, SqlitePool};

use super::rows::corrupt;
use crate::db::{DbError, OutboxStat, PendingMessage};
use crate::notifications::{Channel, Message, Notice, Outgoing, Subject};

/// What an outbox message is written for: one of an order's events, or a coupon.
pub enum Cause {
    Event { event_id: i64, order: OrderId },
    Coupon { coupon_id: i64 },
}

/// Writes the notifications of one cause, once per (cause, recipient,
/// channel, message).
pub async fn enqueue(
    conn: &mut SqliteConnection,
    cause: Cause,
    notices: &[Notice],
    now_ms: i64,
) -> Result<(), DbError> {
    let (event_id, order_id, coupon_id, key_prefix) = match cause {
        Cause::Event { event_id, order } => (
            Some(event_id),
            Some(order.get()),
            None,
            event_id.to_string(),
        ),
        Cause::Coupon { coupon_id } => (None, None, Some(coupon_id), format!("coupon:{coupon_id}")),
    };
    for notice in notices {
        let (recipient, channel, message) = (
            notice.recipient.get(),
            notice.channel.as_str(),
            notice.message.as_str(),
        );
        let dedupe_key = format!("{key_prefix}:{recipient}:{channel}:{message}");
        sqlx::query!(
            "INSERT OR IGNORE INTO outbox (event_id, order_id, coupon_id, recipient_id, channel, message, dedupe_key,
                                           next_attempt_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            event_id,
            order_id,
            coupon_id,
            recipient,
            channel,
            message,
            dedupe_key,
            now_ms,
            now_ms
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn due(
    pool: &SqlitePool,
    channel: Channel,
    now_ms: i64,
    limit: i64,
) -> Result<Vec<PendingMessage>, DbError> {
    let channel = channel.as_str();
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
           WHERE o.channel = ? AND o.state = 'pending' AND o.next_attempt_at <= ?
           ORDER BY o.id LIMIT ?"#,
        channel,
        now_ms,
        limit
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let subject = match (row.order_id, row.discount_kind) {
                (Some(order), _) => Subject::Order(OrderId::parse(order).map_err(corrupt)?),
                (None, Some(kind)) => Subject::Coupon {
                    store: StoreId::parse(row.store_id).map_err(corrupt)?,
                    code: row.code.unwrap_or_default(),
                    terms: super::coupons::terms_from_row(
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

pub async fn mark_sent(pool: &SqlitePool, id: i64, now_ms: i64) -> Result<(), DbError> {
    sqlx::query!(
        "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
        now_ms,
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn mark_failed(
    pool: &SqlitePool,
    id: i64,
    attempts: i64,
    retry_at: Option<i64>,
    error: &str,
) -> Result<(), DbError> {
    let state = if retry_at.is_some() {
        "pending"
    } else {
        "dead"
    };
    let next = retry_at.unwrap_or(i64::MAX);
    sqlx::query!(
        "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
        state,
        attempts,
        next,
        error,
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn shed(pool: &SqlitePool, channel: Channel, keep: i64) -> Result<u64, DbError> {
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
    .execute(pool)
    .await?;
    Ok(shed.rows_affected())
}

pub async fn retry_dead(pool: &SqlitePool, id: i64, now_ms: i64) -> Result<bool, DbError> {
    let retried = sqlx::query!(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL
         WHERE id = ? AND state = 'dead'",
        now_ms,
        id
    )
    .execute(pool)
    .await?;
    Ok(retried.rows_affected() == 1)
}

pub async fn stats(pool: &SqlitePool) -> Result<Vec<OutboxStat>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT channel AS "channel!", count(*) AS "pending!: i64", min(created_at) AS "oldest?: i64"
           FROM outbox WHERE state = 'pending' GROUP BY channel"#
    )
    .fetch_all(pool)
    .await?;
    Ok(Channel::ALL
        .into_iter()
        .map(|channel| {
            let row = rows.iter().find(|row| row.channel == channel.as_str());
            OutboxStat {
                channel,
                pending: row.map(|r| r.pending).unwrap_or(0),
                oldest_created_ms: row.and_then(|r| r.oldest),
            }
        })
        .collect())
}

pub async fn record_in_app(
    pool: &SqlitePool,
    message: &Outgoing,
    now_ms: i64,
) -> Result<bool, DbError> {
    let (recipient, href) = (message.recipient.get(), message.subject.href());
    let inserted = sqlx::query!(
        "INSERT OR IGNORE INTO notifications (outbox_id, recipient_id, href, message, created_at) VALUES (?, ?, ?, ?, ?)",
        message.outbox_id,
        recipient,
        href,
        message.text,
        now_ms
    )
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

pub async fn record_in_inbox(
    pool: &SqlitePool,
    message: &Outgoing,
    phone: &str,
    now_ms: i64,
) -> Result<(), DbError> {
    let channel = message.channel.as_str();
    sqlx::query!(
        "INSERT OR IGNORE INTO provider_inbox (channel, phone, text, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?)",
        channel,
        phone,
        message.text,
        message.dedupe_key,
        now_ms
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn notifications_of(
    pool: &SqlitePool,
    recipient: AccountId,
    limit: i64,
) -> Result<Vec<Notification>, DbError> {
    let recipient = recipient.get();
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", href, message, created_at, read_at FROM notifications
           WHERE recipient_id = ? ORDER BY id DESC LIMIT ?"#,
        recipient,
        limit
    )
    .fetch_all(pool)
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

pub async fn mark_read(
    pool: &SqlitePool,
    recipient: AccountId,
    now_ms: i64,
) -> Result<(), DbError> {
    let recipient = recipient.get();
    sqlx::query!(
        "UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL",
        now_ms,
        recipient
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn inbox(pool: &SqlitePool, limit: i64) -> Result<Vec<InboxEntry>, DbError> {
    let rows = sqlx::query!(
        "SELECT channel, phone, text, created_at FROM provider_inbox ORDER BY id DESC LIMIT ?",
        limit
    )
    .fetch_all(pool)
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

pub async fn dead_letters(pool: &SqlitePool, limit: i64) -> Result<Vec<DeadLetter>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT o.id AS "id!", o.channel, a.display_name, o.attempts, o.last_error, o.created_at,
                  CASE WHEN o.order_id IS NOT NULL THEN '/orders/' || o.order_id
                       ELSE '/stores/' || c.store_id END AS "href!: String"
           FROM outbox o JOIN accounts a ON a.id = o.recipient_id
           LEFT JOIN coupons c ON c.id = o.coupon_id
           WHERE o.state = 'dead' ORDER BY o.id DESC LIMIT ?"#,
        limit
    )
    .fetch_all(pool)
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
