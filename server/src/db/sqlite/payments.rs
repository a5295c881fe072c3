//! An order's payment as stored: its state, and the capture, void and refund
//! calls its events queue for the payment worker.

use app::model::{PaymentState, PaymentView};
use domain::{EventKind, Order, OrderEvent, OrderId, OrderStatus, PaymentAction, Timestamp};
use sqlx::{SqliteConnection, SqlitePool};

use super::rows::corrupt;
use crate::db::DbError;
use crate::payment::{call_key, Call};

/// The stored name of a payment state.
pub fn state_name(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Unpaid => "unpaid",
        PaymentState::Authorized => "authorized",
        PaymentState::Captured => "captured",
        PaymentState::Voided => "voided",
        PaymentState::Refunded => "refunded",
    }
}

/// Parses a stored payment state.
pub fn parse_state(name: &str) -> Result<PaymentState, DbError> {
    [
        PaymentState::Unpaid,
        PaymentState::Authorized,
        PaymentState::Captured,
        PaymentState::Voided,
        PaymentState::Refunded,
    ]
    .into_iter()
    .find(|state| state_name(*state) == name)
    .ok_or_else(|| corrupt(format!("a payment in state {name}")))
}

/// In the command's transaction: what the event does to the payment and the
/// coupon. An authorisation is recorded; a capture, void or refund is queued;
/// a coupon of an order that ends without food is handed back.
pub async fn settle(
    conn: &mut SqliteConnection,
    before: &Order,
    after: &Order,
    event: &OrderEvent,
) -> Result<(), DbError> {
    let (order, at) = (after.id.get(), event.at.millis());
    if let EventKind::PaymentAuthorized = event.kind {
        sqlx::query!(
            "UPDATE payments SET state = 'authorized', next_attempt_at = NULL, last_error = NULL, updated_at = ?
             WHERE order_id = ?",
            at,
            order
        )
        .execute(&mut *conn)
        .await?;
    }
    if let Some(action) = domain::payment_action(before.status, &event.kind) {
        let (name, amount) = (action.as_str(), after.total.get());
        let key = call_key(after.id, Call::from(action));
        sqlx::query!(
            "INSERT OR IGNORE INTO payment_ops (order_id, action, amount, idempotency_key, next_attempt_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?)",
            order,
            name,
            amount,
            key,
            at,
            at
        )
        .execute(&mut *conn)
        .await?;
    }
    if before.status == OrderStatus::PendingPayment && after.status == OrderStatus::Cancelled {
        // An authorisation that timed out or went unanswered may still be
        // held at the provider: release it.
        let key = call_key(after.id, Call::Void);
        sqlx::query!(
            "INSERT OR IGNORE INTO payment_ops (order_id, action, amount, idempotency_key, next_attempt_at, created_at)
             SELECT order_id, 'void', amount, ?, ?, ? FROM payments
             WHERE order_id = ? AND state = 'unpaid' AND attempts > 0",
            key,
            at,
            at,
            order
        )
        .execute(&mut *conn)
        .await?;
    }
    if domain::returns_coupon(&event.kind) && after.coupon.is_some() {
        sqlx::query!("DELETE FROM coupon_redemptions WHERE order_id = ?", order)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// An order's payment as its page shows it.
pub async fn view(pool: &SqlitePool, order: OrderId) -> Result<Option<PaymentView>, DbError> {
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
    let state = parse_state(&row.state)?;
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
