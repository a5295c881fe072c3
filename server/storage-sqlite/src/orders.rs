//! Orders as written: the current state of each, its lines, and the
//! append-only event log.

use app::model::{Contacts, PaymentView};
use async_trait::async_trait;
use domain::{
    AccountId, Coordinates, CouponId, EventKind, Order, OrderEvent, OrderId, OrderStatus,
    PrepMinutes, StoreId, Timestamp,
};
use sqlx::SqliteConnection;
use storage::records::{Change, StoreFacts, StoredEvent};
use storage::rows::{corrupt, place, OrderRow};
use storage::{OrderStorage, Result};

use crate::SqliteEngine;

pub(crate) async fn with_key(
    conn: &mut SqliteConnection,
    customer: AccountId,
    key: &str,
) -> Result<Option<OrderId>> {
    let customer = customer.get();
    let id = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM orders WHERE customer_id = ? AND idempotency_key = ?"#,
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
    conn: &mut SqliteConnection,
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
           VALUES (?, ?, 'pending_payment', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
        r#"INSERT INTO order_lines (order_id, line_no, menu_item_id, name, unit_price, quantity, options)
           SELECT ?, key, value ->> '$.item', value ->> '$.name', value ->> '$.unit_price',
                  value ->> '$.quantity', json(value -> '$.options')
           FROM json_each(?);
           INSERT INTO payments (order_id, amount, state, expires_at, updated_at) VALUES (?, ?, 'unpaid', ?, ?);
           INSERT INTO order_events (order_id, kind, payload, status, at) VALUES (?, ?, ?, ?, ?)
           RETURNING id AS "id!""#,
        id,
        lines,
        id,
        total,
        expires_at,
        at,
        id,
        kind,
        payload,
        status,
        at
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some((OrderId::parse(id).map_err(corrupt)?, event_id)))
}

/// An order with its lines, in one statement.
pub(crate) async fn load(conn: &mut SqliteConnection, id: OrderId) -> Result<Option<Order>> {
    let id = id.get();
    let row = sqlx::query!(
        r#"SELECT id AS "id!", customer_id, store_id, rider_id, status, total, delivery_address, delivery_lat,
                  delivery_lon, ready_at, reject_reason, placed_at, updated_at, subtotal, delivery_fee,
                  discount, coupon_id, note,
                  (SELECT json_group_array(json_object('item', l.menu_item_id, 'name', l.name,
                                                       'unit_price', l.unit_price, 'quantity', l.quantity,
                                                       'options', json(l.options)))
                   FROM (SELECT * FROM order_lines WHERE order_id = orders.id ORDER BY line_no) l)
                    AS "lines!: String"
           FROM orders WHERE id = ?"#,
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
    conn: &mut SqliteConnection,
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
        r#"UPDATE orders SET status = ?, rider_id = ?, ready_at = ?, reject_reason = ?, updated_at = ?
           WHERE id = ? AND status = ?;
           INSERT INTO order_events (order_id, kind, payload, status, at)
           SELECT ?, ?, ?, ?, ? WHERE changes() = 1
           RETURNING id AS "id!""#,
        status,
        rider,
        ready_at,
        reason,
        updated_at,
        order,
        expected,
        order,
        kind,
        payload,
        status,
        at
    )
    .fetch_optional(&mut *conn)
    .await?)
}

pub(crate) async fn events_after(
    conn: &mut SqliteConnection,
    after_id: i64,
    limit: i64,
) -> Result<Vec<StoredEvent>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", order_id, payload, at FROM order_events WHERE id > ? ORDER BY id LIMIT ?"#,
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
    conn: &mut SqliteConnection,
    store: StoreId,
) -> Result<Option<StoreFacts>> {
    let id = store.get();
    let Some(row) = sqlx::query!(
        "SELECT owner_id, name, address, lat, lon, neighbourhood, auto_accept_minutes FROM stores WHERE id = ?",
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

pub(crate) async fn account_name(
    conn: &mut SqliteConnection,
    account: AccountId,
) -> Result<String> {
    let account = account.get();
    Ok(
        sqlx::query_scalar!("SELECT display_name FROM accounts WHERE id = ?", account)
            .fetch_one(&mut *conn)
            .await?,
    )
}

#[async_trait]
impl OrderStorage for SqliteEngine {
    async fn changes_since(&self, after_id: i64, limit: i64) -> Result<Vec<Change>> {
        let rows = sqlx::query!(
            r#"SELECT e.id AS "id!", e.order_id, e.status, s.lat, s.lon
               FROM order_events e JOIN orders o ON o.id = e.order_id JOIN stores s ON s.id = o.store_id
               WHERE e.id > ? ORDER BY e.id LIMIT ?"#,
            after_id,
            limit
        )
        .fetch_all(&self.read)
        .await?;
        let mut conn = self.read.acquire().await?;
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
            sqlx::query_scalar!(r#"SELECT MAX(id) AS "id: i64" FROM order_events"#)
                .fetch_one(&self.read)
                .await?,
        )
    }

    async fn payment_view(&self, order: OrderId) -> Result<Option<PaymentView>> {
        crate::payment_queue::view(&self.read, order).await
    }

    async fn contacts(&self, order: OrderId) -> Result<Contacts> {
        let order = order.get();
        let row = sqlx::query!(
            r#"SELECT owner.phone AS "store_phone?", customer.phone AS "customer_phone?"
               FROM orders o
               JOIN stores s ON s.id = o.store_id
               JOIN accounts owner ON owner.id = s.owner_id
               JOIN accounts customer ON customer.id = o.customer_id
               WHERE o.id = ?"#,
            order
        )
        .fetch_optional(&self.read)
        .await?;
        Ok(Contacts {
            store_phone: row.as_ref().and_then(|row| row.store_phone.clone()),
            customer_phone: row.and_then(|row| row.customer_phone),
        })
    }

    async fn unconfirmed_deliveries(&self, cutoff: Timestamp, limit: i64) -> Result<Vec<OrderId>> {
        let cutoff = cutoff.millis();
        sqlx::query_scalar!(
            r#"SELECT id AS "id!" FROM orders WHERE status = 'delivered' AND updated_at <= ?
               ORDER BY updated_at LIMIT ?"#,
            cutoff,
            limit
        )
        .fetch_all(&self.read)
        .await?
        .into_iter()
        .map(|id| OrderId::parse(id).map_err(corrupt))
        .collect()
    }
}
