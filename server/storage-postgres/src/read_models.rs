//! The read models: each order's view, dishes delivered per day, and store
//! figures per day, written by the scripts' projection in the transaction of
//! each event.

use app::model::{OrderView, RankedDish, SalesFigures};
use async_trait::async_trait;
use domain::{Money, OrderId, StoreId};
use sqlx::PgConnection;
use storage::read_models::{DishDelivered, Tally};
use storage::records::OrderFilter;
use storage::rows::corrupt;
use storage::{ReadModelStorage, Result};

use crate::PgEngine;

/// The projector's name in `projection_checkpoints`, from before projecting
/// became part of each event's transaction.
const LEGACY_PROJECTOR: &str = "orders";
/// The most orders one list shows.
const LIST_LIMIT: i64 = 50;
/// A rider's latest deliveries, enough for a busy week's earnings.
const EARNINGS_LIMIT: i64 = 1_000;

fn parse_view(json: &str) -> Result<OrderView> {
    serde_json::from_str(json).map_err(corrupt)
}

pub(crate) async fn view(
    conn: &mut PgConnection,
    order: OrderId,
) -> Result<Option<(i64, OrderView)>> {
    let order = order.get();
    let row = sqlx::query!(
        "SELECT last_event_id, view FROM order_views WHERE order_id = $1",
        order
    )
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| Ok((row.last_event_id, parse_view(&row.view)?)))
        .transpose()
}

/// The view of an order and, in the same round trip, what the event adds
/// to its store's figures; dishes delivered in another.
pub(crate) async fn save_projection(
    conn: &mut PgConnection,
    event_id: i64,
    view: &OrderView,
    tally: &Tally,
    neighbourhood: &str,
) -> Result<()> {
    let order = &view.order;
    let (id, customer, store) = (order.id.get(), order.customer.get(), order.store.get());
    let (rider, status) = (order.rider.map(|r| r.get()), order.status.as_str());
    let json = serde_json::to_string(view).map_err(corrupt)?;
    let (day, sales) = (tally.day, &tally.sales);
    if sales.is_empty() {
        sqlx::query!(
            "INSERT INTO order_views (order_id, customer_id, store_id, rider_id, status, last_event_id, view)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (order_id) DO UPDATE SET rider_id = EXCLUDED.rider_id, status = EXCLUDED.status,
                 last_event_id = EXCLUDED.last_event_id, view = EXCLUDED.view",
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
    } else {
        let prep_count = i64::from(sales.prep_ms.is_some());
        let prep_ms = sales.prep_ms.unwrap_or(0);
        // One statement: the view's upsert runs as a data-modifying CTE.
        sqlx::query!(
            "WITH saved_view AS (
                 INSERT INTO order_views (order_id, customer_id, store_id, rider_id, status, last_event_id, view)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (order_id) DO UPDATE SET rider_id = EXCLUDED.rider_id, status = EXCLUDED.status,
                     last_event_id = EXCLUDED.last_event_id, view = EXCLUDED.view
             )
             INSERT INTO store_sales (store_id, day, orders, delivered, revenue, cancelled, rejected, prep_count,
                                      prep_total_ms)
             VALUES ($8, $9, $10, $11, $12, $13, $14, $15, $16)
             ON CONFLICT (store_id, day) DO UPDATE SET
                 orders = store_sales.orders + EXCLUDED.orders,
                 delivered = store_sales.delivered + EXCLUDED.delivered,
                 revenue = store_sales.revenue + EXCLUDED.revenue,
                 cancelled = store_sales.cancelled + EXCLUDED.cancelled,
                 rejected = store_sales.rejected + EXCLUDED.rejected,
                 prep_count = store_sales.prep_count + EXCLUDED.prep_count,
                 prep_total_ms = store_sales.prep_total_ms + EXCLUDED.prep_total_ms",
            id,
            customer,
            store,
            rider,
            status,
            event_id,
            json,
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
    if !tally.dishes.is_empty() {
        add_dish_tallies(conn, tally.store, neighbourhood, day, &tally.dishes).await?;
    }
    Ok(())
}

async fn add_dish_tallies(
    conn: &mut PgConnection,
    store: StoreId,
    neighbourhood: &str,
    day: i64,
    dishes: &[DishDelivered],
) -> Result<()> {
    let store = store.get();
    for dish in dishes {
        let item = dish.item.get();
        sqlx::query!(
            "INSERT INTO dish_tallies (menu_item_id, day, store_id, neighbourhood, name, quantity)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (menu_item_id, day) DO UPDATE SET
                 quantity = dish_tallies.quantity + EXCLUDED.quantity, name = EXCLUDED.name",
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

pub(crate) async fn clear(conn: &mut PgConnection) -> Result<()> {
    sqlx::query!("DELETE FROM order_views")
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM dish_tallies")
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM store_sales")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn legacy_checkpoint(conn: &mut PgConnection) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        "SELECT last_event_id FROM projection_checkpoints WHERE projector = $1",
        LEGACY_PROJECTOR
    )
    .fetch_optional(&mut *conn)
    .await?)
}

pub(crate) async fn forget_legacy_checkpoint(conn: &mut PgConnection) -> Result<()> {
    sqlx::query!(
        "DELETE FROM projection_checkpoints WHERE projector = $1",
        LEGACY_PROJECTOR
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl ReadModelStorage for PgEngine {
    async fn order_view(&self, order: OrderId) -> Result<Option<OrderView>> {
        let mut conn = self.pool.acquire().await?;
        Ok(view(&mut conn, order).await?.map(|(_, view)| view))
    }

    async fn order_views(&self, filter: OrderFilter) -> Result<Vec<OrderView>> {
        let json = match filter {
            OrderFilter::Customer(customer) => {
                let customer = customer.get();
                sqlx::query_scalar!(
                    "SELECT view FROM order_views WHERE customer_id = $1 ORDER BY order_id DESC LIMIT $2",
                    customer,
                    LIST_LIMIT
                )
                .fetch_all(&self.pool)
                .await?
            }
            OrderFilter::Stores(stores) => {
                let mut rows = Vec::new();
                for store in stores {
                    let store = store.get();
                    rows.extend(
                        sqlx::query!(
                            r#"SELECT order_id AS "order_id!", view FROM order_views
                             WHERE store_id = $1 AND status IN ('paid', 'accepted', 'cooking', 'ready_for_pickup', 'rider_assigned', 'picked_up')
                             ORDER BY order_id DESC LIMIT $2"#,
                            store,
                            LIST_LIMIT
                        )
                        .fetch_all(&self.pool)
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
                    "SELECT view FROM order_views WHERE status = 'ready_for_pickup' ORDER BY order_id LIMIT $1",
                    LIST_LIMIT
                )
                .fetch_all(&self.pool)
                .await?
            }
            OrderFilter::DeliveredBy(rider) => {
                let rider = rider.get();
                sqlx::query_scalar!(
                    "SELECT view FROM order_views WHERE rider_id = $1 AND status IN ('delivered', 'completed')
                     ORDER BY order_id DESC LIMIT $2",
                    rider,
                    EARNINGS_LIMIT
                )
                .fetch_all(&self.pool)
                .await?
            }
            OrderFilter::Rider(rider) => {
                let rider = rider.get();
                sqlx::query_scalar!(
                    "SELECT view FROM order_views WHERE rider_id = $1 AND status IN ('rider_assigned', 'picked_up')
                     ORDER BY order_id DESC LIMIT $2",
                    rider,
                    LIST_LIMIT
                )
                .fetch_all(&self.pool)
                .await?
            }
        };
        json.iter().map(|json| parse_view(json)).collect()
    }

    async fn dish_ranking(
        &self,
        neighbourhood: Option<&str>,
        store: Option<StoreId>,
        since_day: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RankedDish>> {
        let store = store.map(StoreId::get);
        let rows = sqlx::query!(
            r#"SELECT t.menu_item_id AS "item!", MAX(t.name COLLATE "C") AS "name!", t.store_id AS "store!",
                      s.name AS "store_name!", s.neighbourhood AS "neighbourhood!",
                      SUM(t.quantity)::BIGINT AS "quantity!"
               FROM dish_tallies t JOIN stores s ON s.id = t.store_id
               WHERE ($1::TEXT IS NULL OR t.neighbourhood = $1) AND ($2::BIGINT IS NULL OR t.store_id = $2)
                 AND ($3::BIGINT IS NULL OR t.day >= $3)
               GROUP BY t.menu_item_id, t.store_id, s.id
               ORDER BY 6 DESC, t.menu_item_id
               LIMIT $4"#,
            neighbourhood,
            store,
            since_day,
            limit
        )
        .fetch_all(&self.pool)
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

    async fn store_sales(&self, store: StoreId, day: i64) -> Result<SalesFigures> {
        let id = store.get();
        let store_name = sqlx::query_scalar!("SELECT name FROM stores WHERE id = $1", id)
            .fetch_one(&self.pool)
            .await?;
        let row = sqlx::query!(
            "SELECT orders, delivered, revenue, cancelled, rejected, prep_count, prep_total_ms
             FROM store_sales WHERE store_id = $1 AND day = $2",
            id,
            day
        )
        .fetch_optional(&self.pool)
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
}
