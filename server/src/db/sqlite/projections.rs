//! Storage of the read models: the projector reads the event log after its
//! checkpoint and writes the projections and the new checkpoint in one
//! transaction. The projections themselves are computed by `read_models`.

use app::model::{OrderView, RankedDish, SalesFigures};
use domain::{AccountId, EventKind, Money, OrderEvent, OrderId, StoreId, Timestamp};
use sqlx::{SqliteConnection, SqlitePool};

use super::rows::{corrupt, place};
use crate::db::{DbError, OrderFilter};
use crate::read_models::{self, Opening, Tally};

/// The projector's name in `projection_checkpoints`.
const PROJECTOR: &str = "orders";
/// Events projected per transaction.
const BATCH: i64 = 500;
/// The most orders one list shows.
const LIST_LIMIT: i64 = 50;
/// A rider's latest deliveries, enough for a busy week's earnings.
const EARNINGS_LIMIT: i64 = 1_000;

/// Projects every event after the checkpoint; returns how many.
pub async fn catch_up(pool: &SqlitePool) -> Result<u64, DbError> {
    let mut total = 0;
    loop {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let projected = project_batch(&mut tx).await?;
        tx.commit().await?;
        total += projected;
        if projected < BATCH as u64 {
            return Ok(total);
        }
    }
}

/// Empties the read models and projects the whole log again, in one
/// transaction: readers see the old models until the new ones are complete.
pub async fn rebuild(pool: &SqlitePool) -> Result<u64, DbError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query!("DELETE FROM order_views")
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM dish_tallies")
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM store_sales")
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "DELETE FROM projection_checkpoints WHERE projector = ?",
        PROJECTOR
    )
    .execute(&mut *tx)
    .await?;
    let mut total = 0;
    loop {
        let projected = project_batch(&mut tx).await?;
        total += projected;
        if projected < BATCH as u64 {
            break;
        }
    }
    tx.commit().await?;
    Ok(total)
}

async fn project_batch(conn: &mut SqliteConnection) -> Result<u64, DbError> {
    let checkpoint = sqlx::query_scalar!(
        "SELECT last_event_id FROM projection_checkpoints WHERE projector = ?",
        PROJECTOR
    )
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or(0);
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", order_id, payload, at FROM order_events WHERE id > ? ORDER BY id LIMIT ?"#,
        checkpoint,
        BATCH
    )
    .fetch_all(&mut *conn)
    .await?;
    let Some(last) = rows.last().map(|row| row.id) else {
        return Ok(0);
    };
    let count = rows.len() as u64;
    for row in rows {
        let event = OrderEvent {
            at: Timestamp::from_millis(row.at),
            kind: serde_json::from_str(&row.payload).map_err(corrupt)?,
        };
        let order = OrderId::parse(row.order_id).map_err(corrupt)?;
        project(conn, row.id, order, &event).await?;
    }
    sqlx::query!(
        "INSERT INTO projection_checkpoints (projector, last_event_id) VALUES (?, ?)
         ON CONFLICT (projector) DO UPDATE SET last_event_id = excluded.last_event_id",
        PROJECTOR,
        last
    )
    .execute(&mut *conn)
    .await?;
    Ok(count)
}

async fn project(
    conn: &mut SqliteConnection,
    event_id: i64,
    order: OrderId,
    event: &OrderEvent,
) -> Result<(), DbError> {
    let view = match &event.kind {
        EventKind::Placed(placed) => {
            let opening = opening(conn, placed.store, placed.customer).await?;
            read_models::opened(order, event, opening)
        }
        _ => {
            let current = stored_view(conn, order)
                .await?
                .ok_or_else(|| corrupt(format!("order {order} has no view")))?;
            let rider_name = match event.kind {
                EventKind::RiderAssigned { rider } => Some(account_name(conn, rider).await?),
                _ => None,
            };
            Some(read_models::advanced(current, event, rider_name))
        }
    }
    .ok_or_else(|| corrupt("a placed event without its order"))?;
    store_view(conn, event_id, &view).await?;
    record_tally(conn, &read_models::tally(&view, event)).await
}

async fn opening(
    conn: &mut SqliteConnection,
    store: StoreId,
    customer: AccountId,
) -> Result<Opening, DbError> {
    let store = store.get();
    let row = sqlx::query!(
        "SELECT name, address, lat, lon FROM stores WHERE id = ?",
        store
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Opening {
        store_name: row.name,
        store_place: place(row.address, row.lat, row.lon)?,
        customer_name: account_name(conn, customer).await?,
    })
}

async fn account_name(conn: &mut SqliteConnection, account: AccountId) -> Result<String, DbError> {
    let account = account.get();
    Ok(
        sqlx::query_scalar!("SELECT display_name FROM accounts WHERE id = ?", account)
            .fetch_one(&mut *conn)
            .await?,
    )
}

async fn stored_view(
    conn: &mut SqliteConnection,
    order: OrderId,
) -> Result<Option<OrderView>, DbError> {
    let order = order.get();
    let json = sqlx::query_scalar!("SELECT view FROM order_views WHERE order_id = ?", order)
        .fetch_optional(&mut *conn)
        .await?;
    json.map(|json| parse_view(&json)).transpose()
}

fn parse_view(json: &str) -> Result<OrderView, DbError> {
    serde_json::from_str(json).map_err(corrupt)
}

async fn store_view(
    conn: &mut SqliteConnection,
    event_id: i64,
    view: &OrderView,
) -> Result<(), DbError> {
    let order = &view.order;
    let (id, customer, store) = (order.id.get(), order.customer.get(), order.store.get());
    let (rider, status) = (order.rider.map(|r| r.get()), order.status.as_str());
    let json = serde_json::to_string(view).map_err(corrupt)?;
    sqlx::query!(
        "INSERT INTO order_views (order_id, customer_id, store_id, rider_id, status, last_event_id, view)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (order_id) DO UPDATE SET rider_id = excluded.rider_id, status = excluded.status,
             last_event_id = excluded.last_event_id, view = excluded.view",
        id,
        customer,
        store,
        rider,
        status,
        event_id,
        json
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn record_tally(conn: &mut SqliteConnection, tally: &Tally) -> Result<(), DbError> {
    let (store, day, sales) = (tally.store.get(), tally.day, tally.sales);
    if !sales.is_empty() {
        let prep_count = i64::from(sales.prep_ms.is_some());
        let prep_ms = sales.prep_ms.unwrap_or(0);
        sqlx::query!(
            "INSERT INTO store_sales (store_id, day, orders, delivered, revenue, cancelled, rejected, prep_count, prep_total_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (store_id, day) DO UPDATE SET
                 orders = orders + excluded.orders,
                 delivered = delivered + excluded.delivered,
                 revenue = revenue + excluded.revenue,
                 cancelled = cancelled + excluded.cancelled,
                 rejected = rejected + excluded.rejected,
                 prep_count = prep_count + excluded.prep_count,
                 prep_total_ms = prep_total_ms + excluded.prep_total_ms",
            store,
            day,
            sales.orders,
            sales.delivered,
            sales.revenue,
            sales.cancelled,
            sales.rejected,
            prep_count,
            prep_ms
        )
        .execute(&mut *conn)
        .await?;
    }
    if tally.dishes.is_empty() {
        return Ok(());
    }
    let neighbourhood = sqlx::query_scalar!("SELECT neighbourhood FROM stores WHERE id = ?", store)
        .fetch_one(&mut *conn)
        .await?;
    for dish in &tally.dishes {
        let item = dish.item.get();
        sqlx::query!(
            "INSERT INTO dish_tallies (menu_item_id, day, store_id, neighbourhood, name, quantity)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (menu_item_id, day) DO UPDATE SET
                 quantity = quantity + excluded.quantity, name = excluded.name",
            item,
            day,
            store,
            neighbourhood,
            dish.name,
            dish.quantity
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn view(pool: &SqlitePool, order: OrderId) -> Result<Option<OrderView>, DbError> {
    let mut conn = pool.acquire().await?;
    stored_view(&mut conn, order).await
}

pub async fn views(pool: &SqlitePool, filter: OrderFilter) -> Result<Vec<OrderView>, DbError> {
    let json = match filter {
        OrderFilter::Customer(customer) => {
            let customer = customer.get();
            sqlx::query_scalar!(
                "SELECT view FROM order_views WHERE customer_id = ? ORDER BY order_id DESC LIMIT ?",
                customer,
                LIST_LIMIT
            )
            .fetch_all(pool)
            .await?
        }
        OrderFilter::Stores(stores) => {
            let mut rows = Vec::new();
            for store in stores {
                let store = store.get();
                rows.extend(
                    sqlx::query!(
                        r#"SELECT order_id AS "order_id!", view FROM order_views
                         WHERE store_id = ? AND status IN ('paid', 'accepted', 'cooking', 'ready_for_pickup', 'rider_assigned', 'picked_up')
                         ORDER BY order_id DESC LIMIT ?"#,
                        store,
                        LIST_LIMIT
                    )
                    .fetch_all(pool)
                    .await?
                    .into_iter()
                    .map(|row| (row.order_id, row.view)),
                );
            }
            rows.sort_unstable_by_key(|row| std::cmp::Reverse(row.0));
            rows.truncate(LIST_LIMIT as usize);
            rows.into_iter().map(|(_, view)| view).collect()
        }
        OrderFilter::ReadyForPickup => {
            sqlx::query_scalar!(
                "SELECT view FROM order_views WHERE status = 'ready_for_pickup' ORDER BY order_id LIMIT ?",
                LIST_LIMIT
            )
            .fetch_all(pool)
            .await?
        }
        OrderFilter::DeliveredBy(rider) => {
            let rider = rider.get();
            sqlx::query_scalar!(
                "SELECT view FROM order_views WHERE rider_id = ? AND status IN ('delivered', 'completed')
                 ORDER BY order_id DESC LIMIT ?",
                rider,
                EARNINGS_LIMIT
            )
            .fetch_all(pool)
            .await?
        }
        OrderFilter::Rider(rider) => {
            let rider = rider.get();
            sqlx::query_scalar!(
                "SELECT view FROM order_views WHERE rider_id = ? AND status IN ('rider_assigned', 'picked_up')
                 ORDER BY order_id DESC LIMIT ?",
                rider,
                LIST_LIMIT
            )
            .fetch_all(pool)
            .await?
        }
    };
    json.iter().map(|json| parse_view(json)).collect()
}

/// The most delivered dishes since `since_day` (all time when `None`), in one
/// neighbourhood or everywhere.
pub async fn ranking(
    pool: &SqlitePool,
    neighbourhood: Option<&str>,
    store: Option<StoreId>,
    since_day: Option<i64>,
    limit: i64,
) -> Result<Vec<RankedDish>, DbError> {
    let store = store.map(StoreId::get);
    let rows = sqlx::query!(
        r#"SELECT t.menu_item_id AS "item!", MAX(t.name) AS "name!: String", t.store_id AS "store!",
                  s.name AS "store_name!", s.neighbourhood AS "neighbourhood!", SUM(t.quantity) AS "quantity!: i64"
           FROM dish_tallies t JOIN stores s ON s.id = t.store_id
           WHERE (?1 IS NULL OR t.neighbourhood = ?1) AND (?2 IS NULL OR t.store_id = ?2)
             AND (?3 IS NULL OR t.day >= ?3)
           GROUP BY t.menu_item_id
           ORDER BY 6 DESC, t.menu_item_id
           LIMIT ?4"#,
        neighbourhood,
        store,
        since_day,
        limit
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(RankedDish {
                item: domain::MenuItemId::parse(row.item).map_err(corrupt)?,
                name: row.name,
                store: StoreId::parse(row.store).map_err(corrupt)?,
                store_name: row.store_name,
                neighbourhood: row.neighbourhood,
                quantity: row.quantity,
            })
        })
        .collect()
}

/// A store's figures for one day; zeros when nothing happened.
pub async fn sales(pool: &SqlitePool, store: StoreId, day: i64) -> Result<SalesFigures, DbError> {
    let id = store.get();
    let store_name = sqlx::query_scalar!("SELECT name FROM stores WHERE id = ?", id)
        .fetch_one(pool)
        .await?;
    let row = sqlx::query!(
        "SELECT orders, delivered, revenue, cancelled, rejected, prep_count, prep_total_ms
         FROM store_sales WHERE store_id = ? AND day = ?",
        id,
        day
    )
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(SalesFigures::empty(store, store_name));
    };
    Ok(SalesFigures {
        store,
        store_name,
        orders: row.orders,
        delivered: row.delivered,
        revenue: Money::won(row.revenue).map_err(corrupt)?,
        cancelled: row.cancelled,
        rejected: row.rejected,
        average_prep_minutes: (row.prep_count > 0)
            .then(|| (row.prep_total_ms / row.prep_count + 30_000) / 60_000),
    })
}
