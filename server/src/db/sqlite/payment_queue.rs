//! The payment worker's queue: unpaid orders whose authorisation is due
//! again, orders whose time to pay ran out, and queued captures, voids and
//! refunds with their attempts.

use app::model::PaymentState;
use domain::{Money, OrderId, PaymentAction};
use sqlx::{SqliteConnection, SqlitePool};

use super::payments::state_name;
use super::rows::corrupt;
use crate::db::DbError;
use crate::payment::{call_key, Call, DueAuthorization, QueuedCall};

/// Counts a failed authorisation of an unpaid order and schedules the next
/// one at `retry_at(attempts)`. If the order was cancelled meanwhile and the
/// provider may have acted on the call, a void is queued. Returns the
/// attempts so far, or `None` if the payment is no longer unpaid.
pub async fn attempt_failed(
    pool: &SqlitePool,
    order: OrderId,
    error: &str,
    may_be_held: bool,
    now_ms: i64,
    retry_at: &(dyn Fn(i64) -> i64 + Send + Sync),
) -> Result<Option<i64>, DbError> {
    let id = order.get();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let Some(attempts) = sqlx::query_scalar!(
        "UPDATE payments SET attempts = attempts + 1, last_error = ?, updated_at = ?
         WHERE order_id = ? AND state = 'unpaid' RETURNING attempts",
        error,
        now_ms,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let next = retry_at(attempts);
    sqlx::query!(
        "UPDATE payments SET next_attempt_at = ? WHERE order_id = ?",
        next,
        id
    )
    .execute(&mut *tx)
    .await?;
    if may_be_held {
        queue_void_if_cancelled(&mut tx, order, now_ms).await?;
    }
    tx.commit().await?;
    Ok(Some(attempts))
}

async fn queue_void_if_cancelled(
    conn: &mut SqliteConnection,
    order: OrderId,
    now_ms: i64,
) -> Result<bool, DbError> {
    // Not the key of the void the cancellation queued: that one may have
    // been sent before this authorisation reached the provider.
    let (key, id) = (format!("{}-late", call_key(order, Call::Void)), order.get());
    let queued = sqlx::query!(
        "INSERT OR IGNORE INTO payment_ops (order_id, action, amount, idempotency_key, next_attempt_at, created_at)
         SELECT p.order_id, 'void', p.amount, ?, ?, ? FROM payments p JOIN orders o ON o.id = p.order_id
         WHERE p.order_id = ? AND o.status = 'cancelled'",
        key,
        now_ms,
        now_ms,
        id
    )
    .execute(&mut *conn)
    .await?;
    Ok(queued.rows_affected() > 0)
}

/// Queues a void of an authorisation the provider gave after the order was
/// cancelled. Returns whether one was queued.
pub async fn void_if_cancelled(
    pool: &SqlitePool,
    order: OrderId,
    now_ms: i64,
) -> Result<bool, DbError> {
    let mut conn = pool.acquire().await?;
    queue_void_if_cancelled(&mut conn, order, now_ms).await
}

/// Takes the unpaid orders whose authorisation is due (or whose first
/// attempt went unrecorded since `stale_before_ms`) and holds them until
/// `lease_until_ms`, so that no one else retries them meanwhile.
pub async fn claim_due(
    pool: &SqlitePool,
    now_ms: i64,
    stale_before_ms: i64,
    lease_until_ms: i64,
    limit: i64,
) -> Result<Vec<DueAuthorization>, DbError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = sqlx::query!(
        r#"SELECT p.order_id, p.amount FROM payments p JOIN orders o ON o.id = p.order_id
           WHERE p.state = 'unpaid' AND o.status = 'pending_payment' AND p.expires_at > ?
             AND (p.next_attempt_at <= ? OR (p.next_attempt_at IS NULL AND p.updated_at <= ?))
           ORDER BY COALESCE(p.next_attempt_at, p.updated_at) LIMIT ?"#,
        now_ms,
        now_ms,
        stale_before_ms,
        limit
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut due = Vec::with_capacity(rows.len());
    for row in rows {
        sqlx::query!(
            "UPDATE payments SET next_attempt_at = ? WHERE order_id = ?",
            lease_until_ms,
            row.order_id
        )
        .execute(&mut *tx)
        .await?;
        due.push(DueAuthorization {
            order: OrderId::parse(row.order_id).map_err(corrupt)?,
            amount: Money::won(row.amount).map_err(corrupt)?,
        });
    }
    tx.commit().await?;
    Ok(due)
}

/// Moves an unpaid order's next authorisation to `at_ms` without counting an attempt.
pub async fn reschedule(pool: &SqlitePool, order: OrderId, at_ms: i64) -> Result<(), DbError> {
    let id = order.get();
    sqlx::query!(
        "UPDATE payments SET next_attempt_at = ? WHERE order_id = ? AND state = 'unpaid'",
        at_ms,
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Orders still waiting for payment after their time ran out.
pub async fn expired(pool: &SqlitePool, now_ms: i64, limit: i64) -> Result<Vec<OrderId>, DbError> {
    sqlx::query_scalar!(
        r#"SELECT p.order_id FROM payments p JOIN orders o ON o.id = p.order_id
           WHERE p.state = 'unpaid' AND o.status = 'pending_payment' AND p.expires_at <= ?
           ORDER BY p.expires_at LIMIT ?"#,
        now_ms,
        limit
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|id| OrderId::parse(id).map_err(corrupt))
    .collect()
}

/// Captures, voids and refunds due now, oldest first; a call waits for the
/// earlier calls of its order, so a refund never overtakes its capture.
pub async fn due_calls(
    pool: &SqlitePool,
    now_ms: i64,
    limit: i64,
) -> Result<Vec<QueuedCall>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", order_id, action, amount, idempotency_key, attempts FROM payment_ops p
           WHERE state = 'pending' AND next_attempt_at <= ?
             AND NOT EXISTS (SELECT 1 FROM payment_ops e
                             WHERE e.order_id = p.order_id AND e.state = 'pending' AND e.id < p.id)
           ORDER BY id LIMIT ?"#,
        now_ms,
        limit
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let action = PaymentAction::parse(&row.action)
                .ok_or_else(|| corrupt(format!("a payment call {}", row.action)))?;
            Ok(QueuedCall {
                id: row.id,
                order: OrderId::parse(row.order_id).map_err(corrupt)?,
                call: Call::from(action),
                amount: Money::won(row.amount).map_err(corrupt)?,
                key: row.idempotency_key,
                attempts: row.attempts,
            })
        })
        .collect()
}

/// Marks a call done and the payment captured, voided or refunded.
pub async fn call_done(pool: &SqlitePool, id: i64, now_ms: i64) -> Result<(), DbError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let Some(row) = sqlx::query!(
        "UPDATE payment_ops SET state = 'done', attempts = attempts + 1, done_at = ?, last_error = NULL
         WHERE id = ? AND state = 'pending' RETURNING order_id, action",
        now_ms,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(());
    };
    let state = match PaymentAction::parse(&row.action) {
        Some(PaymentAction::Capture) => PaymentState::Captured,
        Some(PaymentAction::Void) => PaymentState::Voided,
        Some(PaymentAction::Refund) => PaymentState::Refunded,
        None => return Err(corrupt(format!("a payment call {}", row.action))),
    };
    let state = state_name(state);
    sqlx::query!(
        "UPDATE payments SET state = ?, next_attempt_at = NULL, updated_at = ? WHERE order_id = ?",
        state,
        now_ms,
        row.order_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a failed call: retried at `retry_at_ms`, or dead without one.
pub async fn call_failed(
    pool: &SqlitePool,
    id: i64,
    attempts: i64,
    retry_at_ms: Option<i64>,
    error: &str,
) -> Result<(), DbError> {
    sqlx::query!(
        "UPDATE payment_ops SET attempts = ?, last_error = ?,
                next_attempt_at = COALESCE(?, next_attempt_at),
                state = CASE WHEN ? IS NULL THEN 'dead' ELSE 'pending' END
         WHERE id = ? AND state = 'pending'",
        attempts,
        error,
        retry_at_ms,
        retry_at_ms,
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Moves a queued call to `at_ms` without counting an attempt.
pub async fn reschedule_call(pool: &SqlitePool, id: i64, at_ms: i64) -> Result<(), DbError> {
    sqlx::query!(
        "UPDATE payment_ops SET next_attempt_at = ? WHERE id = ? AND state = 'pending'",
        at_ms,
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}
