use domain::{
    AccountId, Coordinates, CouponId, CouponProblem, EventKind, GradeThresholds, Order, OrderEvent,
    OrderId, OrderStatus, Timestamp,
};
use sqlx::{SqliteConnection, SqlitePool};

use super::outbox::Cause;
use super::rows::{corrupt, LineRow, OrderRow};
use crate::db::{Applied, CommandFailure, DbError, Decision, Placement, Planner};
use crate::notifications::plan::{Audience, Facts};

async fn load(conn: &mut SqliteConnection, id: OrderId) -> Result<Option<Order>, DbError> {
    let id = id.get();
    let row = sqlx::query_as!(
        OrderRow,
        r#"SELECT id AS "id!", customer_id, store_id, rider_id, status, total, delivery_address, delivery_lat,
                delivery_lon, ready_at, reject_reason, placed_at, updated_at, subtotal, delivery_fee,
                discount, coupon_id, note
         FROM orders WHERE id = ?"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let lines = sqlx::query_as!(
        LineRow,
        "SELECT menu_item_id, name, unit_price, quantity, options FROM order_lines WHERE order_id = ? ORDER BY line_no",
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(row.into_order(lines)?))
}

async fn append(
    conn: &mut SqliteConnection,
    after: &Order,
    event: &OrderEvent,
) -> Result<i64, DbError> {
    let (order, kind, status, at) = (
        after.id.get(),
        event.kind.name(),
        after.status.as_str(),
        event.at.millis(),
    );
    let payload = serde_json::to_string(&event.kind).map_err(corrupt)?;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO order_events (order_id, kind, payload, status, at) VALUES (?, ?, ?, ?, ?)
           RETURNING id AS "id!""#,
        order,
        kind,
        payload,
        status,
        at
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Whether `customer` may still redeem `coupon`: not used by them yet, and
/// not all taken.
pub async fn coupon_problem(
    conn: &mut SqliteConnection,
    coupon: CouponId,
    customer: AccountId,
) -> Result<Option<CouponProblem>, DbError> {
    let (coupon, customer) = (coupon.get(), customer.get());
    let row = sqlx::query!(
        r#"SELECT c.quantity,
                  (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id) AS "taken!: i64",
                  EXISTS (SELECT 1 FROM coupon_redemptions r
                          WHERE r.coupon_id = c.id AND r.customer_id = ?) AS "mine!: bool"
           FROM coupons c WHERE c.id = ?"#,
        customer,
        coupon
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        None => Some(CouponProblem::Unknown),
        Some(row) if row.mine => Some(CouponProblem::AlreadyUsed),
        Some(row) if row.taken >= row.quantity => Some(CouponProblem::AllTaken),
        Some(_) => None,
    })
}

/// Records a placed order, its lines, its coupon's redemption and its unpaid
/// payment, with its `placed` event, in one transaction.
pub async fn insert(
    pool: &SqlitePool,
    key: &str,
    event: &OrderEvent,
    payment_expires_ms: i64,
) -> Result<Placement, DbError> {
    let EventKind::Placed(placed) = &event.kind else {
        return Err(corrupt("an order starts with a placed event"));
    };
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let customer = placed.customer.get();
    let existing = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM orders WHERE customer_id = ? AND idempotency_key = ?"#,
        customer,
        key
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = existing {
        return Ok(Placement::Existing(OrderId::parse(id).map_err(corrupt)?));
    }
    if let Some(coupon) = placed.coupon {
        if let Some(problem) = coupon_problem(&mut tx, coupon, placed.customer).await? {
            return Ok(Placement::CouponRefused(problem));
        }
    }
    let (store, total, at) = (placed.store.get(), placed.total.get(), event.at.millis());
    let (subtotal, fee, discount) = (
        placed.subtotal.get(),
        placed.delivery_fee.get(),
        placed.discount.get(),
    );
    let coupon = placed.coupon.map(CouponId::get);
    let note = placed.note.as_ref().map(|note| note.as_str());
    let (address, lat, lon) = (
        placed.delivery.address(),
        placed.delivery.location().lat(),
        placed.delivery.location().lon(),
    );
    let id = sqlx::query_scalar!(
        r#"INSERT INTO orders (customer_id, store_id, status, total, delivery_address, delivery_lat, delivery_lon,
                               placed_at, updated_at, idempotency_key, subtotal, delivery_fee, discount, coupon_id,
                               note)
           VALUES (?, ?, 'pending_payment', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        customer,
        store,
        total,
        address,
        lat,
        lon,
        at,
        at,
        key,
        subtotal,
        fee,
        discount,
        coupon,
        note
    )
    .fetch_one(&mut *tx)
    .await?;
    for (line_no, line) in (0_i64..).zip(&placed.lines) {
        let (item, price, quantity) = (
            line.item.get(),
            line.unit_price.get(),
            i64::from(line.quantity),
        );
        let options = serde_json::to_string(&line.options).map_err(corrupt)?;
        sqlx::query!(
            "INSERT INTO order_lines (order_id, line_no, menu_item_id, name, unit_price, quantity, options)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
            id,
            line_no,
            item,
            line.name,
            price,
            quantity,
            options
        )
        .execute(&mut *tx)
        .await?;
    }
    if let Some(coupon) = coupon {
        sqlx::query!(
            "INSERT INTO coupon_redemptions (coupon_id, customer_id, order_id, redeemed_at) VALUES (?, ?, ?, ?)",
            coupon,
            customer,
            id,
            at
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "INSERT INTO payments (order_id, amount, state, expires_at, updated_at) VALUES (?, ?, 'unpaid', ?, ?)",
        id,
        total,
        payment_expires_ms,
        at
    )
    .execute(&mut *tx)
    .await?;
    let order = Order::placed(
        OrderId::parse(id).map_err(corrupt)?,
        placed.clone(),
        event.at,
    );
    let event_id = append(&mut tx, &order, event).await?;
    tx.commit().await?;
    Ok(Placement::New {
        order: Box::new(order),
        event_id,
    })
}

pub async fn apply_command(
    pool: &SqlitePool,
    id: OrderId,
    decide: Decision<'_>,
    plan: Planner<'_>,
) -> Result<Applied, CommandFailure> {
    let mut tx = pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(DbError::from)?;
    let before = load(&mut tx, id).await?.ok_or(CommandFailure::NotFound)?;
    let event = decide(&before).map_err(CommandFailure::Refused)?;
    let after = before.clone().apply(&event);
    let completing = after.status == OrderStatus::Completed && before.status != after.status;
    let facts = Facts {
        completed_before: if completing {
            super::customers::completed_orders(&mut tx, after.customer).await?
        } else {
            0
        },
    };
    let (status, expected) = (after.status.as_str(), before.status.as_str());
    let rider = after.rider.map(|rider| rider.get());
    let ready_at = after.ready_at.map(Timestamp::millis);
    let reason = after.reject_reason.as_ref().map(|reason| reason.as_str());
    let (updated_at, order) = (after.updated_at.millis(), id.get());
    let updated = sqlx::query!(
        "UPDATE orders SET status = ?, rider_id = ?, ready_at = ?, reject_reason = ?, updated_at = ?
         WHERE id = ? AND status = ?",
        status,
        rider,
        ready_at,
        reason,
        updated_at,
        order,
        expected
    )
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    if updated.rows_affected() == 0 {
        return Err(CommandFailure::Conflict);
    }
    let event_id = append(&mut tx, &after, &event).await?;
    super::payments::settle(&mut tx, &before, &after, &event).await?;
    let notices = plan(&before, &after, &event, facts);
    let cause = Cause::Event {
        event_id,
        order: id,
    };
    super::outbox::enqueue(&mut tx, cause, &notices, event.at.millis()).await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(Applied {
        order: after,
        event_id,
    })
}

/// Committed events after `after_id`, oldest first, each with its order as it
/// is now but with the status that event produced.
pub async fn changes_since(
    pool: &SqlitePool,
    after_id: i64,
    limit: i64,
) -> Result<Vec<(i64, Order, Coordinates)>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT e.id AS "id!", e.order_id, e.status, s.lat, s.lon
           FROM order_events e JOIN orders o ON o.id = e.order_id JOIN stores s ON s.id = o.store_id
           WHERE e.id > ? ORDER BY e.id LIMIT ?"#,
        after_id,
        limit
    )
    .fetch_all(pool)
    .await?;
    let mut conn = pool.acquire().await?;
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        let order_id = OrderId::parse(row.order_id).map_err(corrupt)?;
        let Some(mut order) = load(&mut conn, order_id).await? else {
            continue;
        };
        order.status =
            domain::OrderStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))?;
        let store_location = Coordinates::parse(row.lat, row.lon).map_err(corrupt)?;
        changes.push((row.id, order, store_location));
    }
    Ok(changes)
}

pub async fn audience(
    pool: &SqlitePool,
    order: OrderId,
    radius_m: u32,
) -> Result<Option<Audience>, DbError> {
    let order = order.get();
    let Some(store) = sqlx::query!(
        "SELECT s.owner_id, s.lat, s.lon FROM orders o JOIN stores s ON s.id = o.store_id WHERE o.id = ?",
        order
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    // Where each rider is: on duty, their last position; else their base.
    let riders = sqlx::query!(
        r#"SELECT a.id AS "id!",
                  CASE WHEN p.on_duty = 1 THEN p.lat ELSE a.lat END AS "lat: f64",
                  CASE WHEN p.on_duty = 1 THEN p.lon ELSE a.lon END AS "lon: f64"
           FROM accounts a LEFT JOIN rider_positions p ON p.rider_id = a.id
           WHERE a.role = 'rider'"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .filter_map(|row| Some((row.id, row.lat?, row.lon?)))
    .map(|(id, lat, lon)| {
        let rider = domain::AccountId::parse(id).map_err(corrupt)?;
        let at = domain::Coordinates::parse(lat, lon).map_err(corrupt)?;
        Ok((rider, at))
    })
    .collect::<Result<Vec<_>, DbError>>()?;
    Ok(Some(Audience {
        store_owner: domain::AccountId::parse(store.owner_id).map_err(corrupt)?,
        store_location: domain::Coordinates::parse(store.lat, store.lon).map_err(corrupt)?,
        riders,
        radius_m,
        grades: GradeThresholds::default(),
    }))
}
