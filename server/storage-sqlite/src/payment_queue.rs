//! An order's payment as stored, and the payment worker's queue: unpaid
//! orders whose authorisation is due again, orders whose time to pay ran
//! out, and queued captures, voids and refunds with their attempts.

use app::model::{PaymentState, PaymentView};
use async_trait::async_trait;
use domain::{Money, OrderId, PaymentAction, Timestamp};
use sqlx::{SqliteConnection, SqlitePool};
use storage::payment_records::{
    parse_payment_state, payment_state_after, payment_state_name, Call, DueAuthorization,
    QueuedCall, StoredPayment,
};
use storage::rows::corrupt;
use storage::{PaymentQueue, Result};

use crate::SqliteEngine;

pub(crate) async fn stored(
    conn: &mut SqliteConnection,
    order: OrderId,
) -> Result<Option<StoredPayment>> {
    let order = order.get();
    let Some(row) = sqlx::query!(
        "SELECT state, amount, attempts FROM payments WHERE order_id = ?",
        order
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(StoredPayment {
        state: parse_payment_state(&row.state)?,
        amount: Money::won(row.amount).map_err(corrupt)?,
        attempts: row.attempts,
    }))
}

pub(crate) async fn authorized(
    conn: &mut SqliteConnection,
    order: OrderId,
    at: Timestamp,
) -> Result<()> {
    let (order, at) = (order.get(), at.millis());
    sqlx::query!(
        "UPDATE payments SET state = 'authorized', next_attempt_at = NULL, last_error = NULL, updated_at = ?
         WHERE order_id = ?",
        at,
        order
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn attempt_failed(
    conn: &mut SqliteConnection,
    order: OrderId,
    error: &str,
    at: Timestamp,
) -> Result<Option<i64>> {
    let (order, at) = (order.get(), at.millis());
    Ok(sqlx::query_scalar!(
        "UPDATE payments SET attempts = attempts + 1, last_error = ?, updated_at = ?
         WHERE order_id = ? AND state = 'unpaid' RETURNING attempts",
        error,
        at,
        order
    )
    .fetch_optional(&mut *conn)
    .await?)
}

pub(crate) async fn schedule(
    conn: &mut SqliteConnection,
    order: OrderId,
    at: Timestamp,
) -> Result<()> {
    let (order, at) = (order.get(), at.millis());
    sqlx::query!(
        "UPDATE payments SET next_attempt_at = ? WHERE order_id = ? AND state = 'unpaid'",
        at,
        order
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn queue_call(
    conn: &mut SqliteConnection,
    order: OrderId,
    call: Call,
    amount: Money,
    key: &str,
    at: Timestamp,
) -> Result<bool> {
    let (order, action, amount, at) = (order.get(), call.as_str(), amount.get(), at.millis());
    let queued = sqlx::query!(
        "INSERT OR IGNORE INTO payment_ops (order_id, action, amount, idempotency_key, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
        order,
        action,
        amount,
        key,
        at,
        at
    )
    .execute(&mut *conn)
    .await?;
    Ok(queued.rows_affected() > 0)
}

/// An order's payment as its page shows it.
pub(crate) async fn view(pool: &SqlitePool, order: OrderId) -> Result<Option<PaymentView>> {
    let order = order.get();
    let Some(row) = sqlx::query!(
        r#"SELECT state, attempts, next_attempt_at, expires_at,
                  (SELECT action FROM payment_ops p
                   WHERE p.order_id = payments.order_id AND p.state = 'pending'
                   ORDER BY p.id DESC LIMIT 1) AS "pending: String",
                  (SELECT status FROM orders o WHERE o.id = payments.order_id) = 'pending_payment'
                    AS "waiting!: bool"
           FROM payments WHERE order_id = ?"#,
        order
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let state = parse_payment_state(&row.state)?;
    let unpaid = state == PaymentState::Unpaid && row.waiting;
    Ok(Some(PaymentView {
        state,
        pending: row.pending.as_deref().and_then(PaymentAction::parse),
        busy: unpaid && row.attempts > 0,
        next_retry_at: row
            .next_attempt_at
            .filter(|_| unpaid)
            .map(Timestamp::from_millis),
        expires_at: unpaid.then(|| Timestamp::from_millis(row.expires_at)),
    }))
}

#[async_trait]
impl PaymentQueue for SqliteEngine {
    async fn claim_due_authorizations(
        &self,
        now: Timestamp,
        stale_before: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<DueAuthorization>> {
        let (now, stale_before, lease_until) =
            (now.millis(), stale_before.millis(), lease_until.millis());
        let mut tx = self.write.begin_with("BEGIN IMMEDIATE").await?;
        let rows = sqlx::query!(
            r#"SELECT p.order_id, p.amount FROM payments p JOIN orders o ON o.id = p.order_id
               WHERE p.state = 'unpaid' AND o.status = 'pending_payment' AND p.expires_at > ?
                 AND (p.next_attempt_at <= ? OR (p.next_attempt_at IS NULL AND p.updated_at <= ?))
               ORDER BY COALESCE(p.next_attempt_at, p.updated_at) LIMIT ?"#,
            now,
            now,
            stale_before,
            limit
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut due = Vec::with_capacity(rows.len());
        for row in rows {
            sqlx::query!(
                "UPDATE payments SET next_attempt_at = ? WHERE order_id = ?",
                lease_until,
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

    async fn reschedule_authorization(&self, order: OrderId, at: Timestamp) -> Result<()> {
        let mut conn = self.write.acquire().await?;
        schedule(&mut conn, order, at).await
    }

    async fn expired_payments(&self, now: Timestamp, limit: i64) -> Result<Vec<OrderId>> {
        let now = now.millis();
        sqlx::query_scalar!(
            r#"SELECT p.order_id FROM payments p JOIN orders o ON o.id = p.order_id
               WHERE p.state = 'unpaid' AND o.status = 'pending_payment' AND p.expires_at <= ?
               ORDER BY p.expires_at LIMIT ?"#,
            now,
            limit
        )
        .fetch_all(&self.read)
        .await?
        .into_iter()
        .map(|id| OrderId::parse(id).map_err(corrupt))
        .collect()
    }

    async fn claim_due_payment_calls(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<QueuedCall>> {
        let (now, lease_until) = (now.millis(), lease_until.millis());
        let mut rows = sqlx::query!(
            r#"UPDATE payment_ops SET next_attempt_at = ?
               WHERE id IN (SELECT id FROM payment_ops p
                            WHERE state = 'pending' AND next_attempt_at <= ?
                              AND NOT EXISTS (SELECT 1 FROM payment_ops e
                                              WHERE e.order_id = p.order_id AND e.state = 'pending' AND e.id < p.id)
                            ORDER BY id LIMIT ?)
               RETURNING id AS "id!", order_id, action, amount, idempotency_key, attempts"#,
            lease_until,
            now,
            limit
        )
        .fetch_all(&self.write)
        .await?;
        // RETURNING keeps no order.
        rows.sort_unstable_by_key(|row| row.id);
        rows.into_iter()
            .map(|row| {
                Ok(QueuedCall {
                    id: row.id,
                    order: OrderId::parse(row.order_id).map_err(corrupt)?,
                    action: PaymentAction::parse(&row.action)
                        .ok_or_else(|| corrupt(format!("a payment call {}", row.action)))?,
                    amount: Money::won(row.amount).map_err(corrupt)?,
                    key: row.idempotency_key,
                    attempts: row.attempts,
                })
            })
            .collect()
    }

    async fn payment_call_done(&self, id: i64, now: Timestamp) -> Result<()> {
        let now = now.millis();
        let mut tx = self.write.begin_with("BEGIN IMMEDIATE").await?;
        let Some(row) = sqlx::query!(
            "UPDATE payment_ops SET state = 'done', attempts = attempts + 1, done_at = ?, last_error = NULL
             WHERE id = ? AND state = 'pending' RETURNING order_id, action",
            now,
            id
        )
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(());
        };
        let action = PaymentAction::parse(&row.action)
            .ok_or_else(|| corrupt(format!("a payment call {}", row.action)))?;
        let state = payment_state_name(payment_state_after(action));
        sqlx::query!(
            "UPDATE payments SET state = ?, next_attempt_at = NULL, updated_at = ? WHERE order_id = ?",
            state,
            now,
            row.order_id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn payment_call_failed(
        &self,
        id: i64,
        attempts: i64,
        retry_at: Option<Timestamp>,
        error: &str,
    ) -> Result<()> {
        let retry_at = retry_at.map(Timestamp::millis);
        sqlx::query!(
            "UPDATE payment_ops SET attempts = ?, last_error = ?,
                    next_attempt_at = COALESCE(?, next_attempt_at),
                    state = CASE WHEN ? IS NULL THEN 'dead' ELSE 'pending' END
             WHERE id = ? AND state = 'pending'",
            attempts,
            error,
            retry_at,
            retry_at,
            id
        )
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn reschedule_payment_call(&self, id: i64, at: Timestamp) -> Result<()> {
        let at = at.millis();
        sqlx::query!(
            "UPDATE payment_ops SET next_attempt_at = ? WHERE id = ? AND state = 'pending'",
            at,
            id
        )
        .execute(&self.write)
        .await?;
        Ok(())
    }
}
