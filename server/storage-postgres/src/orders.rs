//! Orders as written: the current state of each, its lines, and the
//! append-only event log.

use app::model::{Contacts, PaymentView};
use async_trait::async_trait;
use domain::{
    AccountId, Coordinates, CouponId, EventKind, Order, OrderEvent, OrderId, OrderStatus,
    PrepMinutes, StoreId, Timestamp,
};
use sqlx::PgConnection;
use storage::records::{Change, StoreFacts, StoredEvent};
use storage::rows::{corrupt, place, OrderRow};
use storage::{OrderStorage, Result};

use crate::PgEngine;

pub(crate) async fn with_key(
    conn: &mut PgConnection,
    customer: AccountId,
    key: &str,
) -> Result<Option<OrderId>> {
    let customer = customer.get();
    let id = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM orders WHERE customer_id = $1 AND idempotency_key = $2"#,
        customer,
        key
    )
    .fetch_optional(&mut *conn)
    .await?;
    id.map(OrderId::parse).transpose().map_err(corrupt)
}

/// Stores a new order, then in one round trip its lines, its unpaid
/// payment and its placed event; `None` when the customer already placed
/// one with `key`.
pub(crate) async fn insert(
    conn: &mut PgConnection,
    key: &str,
    event: &OrderEvent,
    payment_expires_at: Timestamp,
) -> Result<Option<(OrderId, i64)>> {
    let EventKind::Placed(placed) = &event.kind else {
        return Err(corrupt("an order starts with a placed event"));
    };
    let (customer, store, total, at) = (
        placed.customer.get(),
        placed.store.get(),
        placed.total.get(),
        event.at.millis(),
    );
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
    let Some(id) = sqlx::query_scalar!(
        r#"INSERT INTO orders (customer_id, store_id, status, total, delivery_address, delivery_lat, delivery_lon,
                               placed_at, updated_at, idempotency_key, subtotal, delivery_fee, discount, coupon_id,
                               note)
           VALUES ($1, $2, 'pending_payment', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           ON CONFLICT (customer_id, idempotency_key) DO NOTHING
           RETURNING id AS "id!""#,
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
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    // The lines' index in the array is their number.
    let lines = serde_json::to_string(&placed.lines).map_err(corrupt)?;
    let payload = serde_json::to_string(&event.kind).map_err(corrupt)?;
    let (expires_at, kind, status) = (
        payment_expires_at.millis(),
        event.kind.name().as_str(),
        OrderStatus::PendingPayment.as_str(),
    );
    let event_id = sqlx::query_scalar!(
        r#"WITH lines AS (
               INSERT INTO order_lines (order_id, line_no, menu_item_id, name, unit_price, quantity, options)
               SELECT $1, l.n - 1, (l.value ->> 'item')::BIGINT, l.value ->> 'name',
                      (l.value ->> 'unit_price')::BIGINT, (l.value ->> 'quantity')::BIGINT,
                      (l.value -> 'options')::TEXT
               FROM json_array_elements($2::TEXT::JSON) WITH ORDINALITY AS l(value, n)
           ), payment AS (
               INSERT INTO payments (order_id, amount, state, expires_at, updated_at)
               VALUES ($1, $3, 'unpaid', $4, $5)
           )
           INSERT INTO order_events (order_id, kind, payload, status, at) VALUES ($1, $6, $7, $8, $5)
           RETURNING id AS "id!""#,
        id,
        lines,
        total,
        expires_at,
        at,
        kind,
        payload,
        status
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some((OrderId::parse(id).map_err(corrupt)?, event_id)))
}

/// An order with its lines, in one statement.
pub(crate) async fn load(conn: &mut PgConnection, id: OrderId) -> Result<Option<Order>> {
    let id = id.get();
    let row = sqlx::query!(
        r#"SELECT id AS "id!", customer_id, store_id, rider_id, status, total, delivery_address, delivery_lat,
                  delivery_lon, ready_at, reject_reason, placed_at, updated_at, subtotal, delivery_fee,
                  discount, coupon_id, note,
                  (SELECT COALESCE(json_agg(json_build_object('item', l.menu_item_id, 'name', l.name,
                                                              'unit_price', l.unit_price, 'quantity', l.quantity,
                                                              'options', l.options::JSON)
                                            ORDER BY l.line_no), '[]')::TEXT
                   FROM order_lines l WHERE l.order_id = orders.id)
                    AS "lines!"
           FROM orders WHERE id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let lines = serde_json::from_str(&row.lines).map_err(corrupt)?;
    let order = OrderRow {
        id: row.id,
        customer_id: row.customer_id,
        store_id: row.store_id,
        rider_id: row.rider_id,
        status: row.status,
        total: row.total,
        delivery_address: row.delivery_address,
        delivery_lat: row.delivery_lat,
        delivery_lon: row.delivery_lon,
        ready_at: row.ready_at,
        reject_reason: row.reject_reason,
        placed_at: row.placed_at,
        updated_at: row.updated_at,
        subtotal: row.subtotal,
        delivery_fee: row.delivery_fee,
        discount: row.discount,
        coupon_id: row.coupon_id,
        note: row.note,
    };
    Ok(Some(order.into_order(lines)?))
}

/// Writes the order over the status it is expected to have and appends the
/// event, in one round trip: the event is appended only if the order was
/// written.
pub(crate) async fn advance(
    conn: &mut PgConnection,
    after: &Order,
    expected: OrderStatus,
    event: &OrderEvent,
) -> Result<Option<i64>> {
    let (status, expected) = (after.status.as_str(), expected.as_str());
    let rider = after.rider.map(|rider| rider.get());
    let ready_at = after.ready_at.map(Timestamp::millis);
    let reason = after.reject_reason.as_ref().map(|reason| reason.as_str());
    let (updated_at, order) = (after.updated_at.millis(), after.id.get());
    let (kind, at) = (event.kind.name().as_str(), event.at.millis());
    let payload = serde_json::to_string(&event.kind).map_err(corrupt)?;
    Ok(sqlx::query_scalar!(
        r#"WITH updated AS (
               UPDATE orders SET status = $1, rider_id = $2, ready_at = $3, reject_reason = $4, updated_at = $5
               WHERE id = $6 AND status = $7
               RETURNING id
           )
           INSERT INTO order_events (order_id, kind, payload, status, at)
           SELECT id, $8, $9, $1, $10 FROM updated
           RETURNING id AS "id!""#,
        status,
        rider,
        ready_at,
        reason,
        updated_at,
        order,
        expected,
        kind,
        payload,
        at
    )
    .fetch_optional(&mut *conn)
    .await?)
}

pub(crate) async fn events_after(
    conn: &mut PgConnection,
    after_id: i64,
    limit: i64,
) -> Result<Vec<StoredEvent>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", order_id, payload, at FROM order_events WHERE id > $1 ORDER BY id LIMIT $2"#,
        after_id,
        limit
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(StoredEvent {
                id: row.id,
                order: OrderId::parse(row.order_id).map_err(corrupt)?,
                event: OrderEvent {
                    at: Timestamp::from_millis(row.at),
                    kind: serde_json::from_str(&row.payload).map_err(corrupt)?,
                },
            })
        })
        .collect()
}

pub(crate) async fn store_facts(
    conn: &mut PgConnection,
    store: StoreId,
) -> Result<Option<StoreFacts>> {
    let id = store.get();
    let Some(row) = sqlx::query!(
        "SELECT owner_id, name, address, lat, lon, neighbourhood, auto_accept_minutes FROM stores WHERE id = $1",
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(StoreFacts {
        id: store,
        owner: AccountId::parse(row.owner_id).map_err(corrupt)?,
        name: row.name,
        place: place(row.address, row.lat, row.lon)?,
        neighbourhood: row.neighbourhood,
        auto_accept: row
            .auto_accept_minutes
            .map(PrepMinutes::parse)
            .transpose()
            .map_err(corrupt)?,
    }))
}

pub(crate) async fn account_name(conn: &mut PgConnection, account: AccountId) -> Result<String> {
    let account = account.get();
    Ok(
        sqlx::query_scalar!("SELECT display_name FROM accounts WHERE id = $1", account)
            .fetch_one(&mut *conn)
            .await?,
    )
}

#[async_trait]
impl OrderStorage for PgEngine {
    async fn changes_since(&self, after_id: i64, limit: i64) -> Result<Vec<Change>> {
        let rows = sqlx::query!(
            r#"SELECT e.id AS "id!", e.order_id, e.status, s.lat, s.lon
               FROM order_events e JOIN orders o ON o.id = e.order_id JOIN stores s ON s.id = o.store_id
               WHERE e.id > $1 ORDER BY e.id LIMIT $2"#,
            after_id,
            limit
        )
        .fetch_all(&self.pool)
        .await?;
        let mut conn = self.pool.acquire().await?;
        let mut changes = Vec::with_capacity(rows.len());
        for row in rows {
            let order_id = OrderId::parse(row.order_id).map_err(corrupt)?;
            let Some(mut order) = load(&mut conn, order_id).await? else {
                continue;
            };
            order.status = OrderStatus::parse(&row.status).ok_or_else(|| corrupt(&row.status))?;
            changes.push(Change {
                event_id: row.id,
                order,
                store_location: Coordinates::parse(row.lat, row.lon).map_err(corrupt)?,
            });
        }
        Ok(changes)
    }

    async fn newest_event_id(&self) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar!(r#"SELECT MAX(id) AS "id?" FROM order_events"#)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn payment_view(&self, order: OrderId) -> Result<Option<PaymentView>> {
        crate::payment_queue::view(&self.pool, order).await
    }

    async fn contacts(&self, order: OrderId) -> Result<Contacts> {
        let order = order.get();
        let row = sqlx::query!(
            r#"SELECT owner.phone AS "store_phone?", customer.phone AS "customer_phone?"
               FROM orders o
               JOIN stores s ON s.id = o.store_id
               JOIN accounts owner ON owner.id = s.owner_id
               JOIN accounts customer ON customer.id = o.customer_id
               WHERE o.id = $1"#,
            order
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(Contacts {
            store_phone: row.as_ref().and_then(|row| row.store_phone.clone()),
            customer_phone: row.and_then(|row| row.customer_phone),
        })
    }

    async fn unconfirmed_deliveries(&self, cutoff: Timestamp, limit: i64) -> Result<Vec<OrderId>> {
        let cutoff = cutoff.millis();
        sqlx::query_scalar!(
            r#"SELECT id AS "id!" FROM orders WHERE status = 'delivered' AND updated_at <= $1
               ORDER BY updated_at LIMIT $2"#,
            cutoff,
            limit
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|id| OrderId::parse(id).map_err(corrupt))
        .collect()
    }
}
