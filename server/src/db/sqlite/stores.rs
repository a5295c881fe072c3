//! What a store owner changes: the store's settings, its dishes with their
//! option groups, sold-out marks, and replies to reviews.

use app::model::{DishForm, StoreSettings};
use domain::{MenuItemId, Money, OpeningHours, OrderId, PrepMinutes, StoreId};
use sqlx::{SqliteConnection, SqlitePool};

use super::rows::corrupt;
use crate::db::DbError;

pub async fn settings(pool: &SqlitePool, store: StoreId) -> Result<Option<StoreSettings>, DbError> {
    let store = store.get();
    let Some(row) = sqlx::query!(
        r#"SELECT accepting AS "accepting: bool", opens_at, closes_at, delivery_fee, min_order,
                  auto_accept_minutes FROM stores WHERE id = ?"#,
        store
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(StoreSettings {
        accepting: row.accepting,
        hours: OpeningHours::parse(row.opens_at, row.closes_at).map_err(corrupt)?,
        delivery_fee: Money::won(row.delivery_fee).map_err(corrupt)?,
        min_order: Money::won(row.min_order).map_err(corrupt)?,
        auto_accept: row
            .auto_accept_minutes
            .map(PrepMinutes::parse)
            .transpose()
            .map_err(corrupt)?,
    }))
}

pub async fn update(
    pool: &SqlitePool,
    store: StoreId,
    settings: &StoreSettings,
) -> Result<bool, DbError> {
    let (store, opens, closes) = (
        store.get(),
        i64::from(settings.hours.opens()),
        i64::from(settings.hours.closes()),
    );
    let (fee, min_order) = (settings.delivery_fee.get(), settings.min_order.get());
    let auto_accept = settings.auto_accept.map(i64::from);
    let updated = sqlx::query!(
        "UPDATE stores SET accepting = ?, opens_at = ?, closes_at = ?, delivery_fee = ?, min_order = ?,
                           auto_accept_minutes = ?
         WHERE id = ?",
        settings.accepting,
        opens,
        closes,
        fee,
        min_order,
        auto_accept,
        store
    )
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// Adds a dish, or replaces the dish `dish.id` names with its option groups;
/// `None` if the store has no such dish.
pub async fn save_dish(
    pool: &SqlitePool,
    store: StoreId,
    dish: &DishForm,
) -> Result<Option<MenuItemId>, DbError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (store, price) = (store.get(), dish.price.get());
    let (name, description) = (dish.name.trim(), dish.description.trim());
    let item = match dish.id {
        Some(id) => {
            let id = id.get();
            let updated = sqlx::query!(
                "UPDATE menu_items SET name = ?, description = ?, price = ? WHERE id = ? AND store_id = ?",
                name,
                description,
                price,
                id,
                store
            )
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 0 {
                return Ok(None);
            }
            sqlx::query!("DELETE FROM option_groups WHERE menu_item_id = ?", id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => sqlx::query_scalar!(
            r#"INSERT INTO menu_items (store_id, name, description, price, position)
               VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), -1) + 1 FROM menu_items WHERE store_id = ?1))
               RETURNING id AS "id!""#,
            store,
            name,
            description,
            price
        )
        .fetch_one(&mut *tx)
        .await?,
    };
    insert_options(&mut tx, item, dish).await?;
    tx.commit().await?;
    Ok(Some(MenuItemId::parse(item).map_err(corrupt)?))
}

async fn insert_options(
    conn: &mut SqliteConnection,
    item: i64,
    dish: &DishForm,
) -> Result<(), DbError> {
    for (position, group) in (0_i64..).zip(&dish.options) {
        let (name, min, max) = (
            group.name.trim(),
            i64::from(group.min),
            i64::from(group.max),
        );
        let group_id = sqlx::query_scalar!(
            r#"INSERT INTO option_groups (menu_item_id, name, min_choices, max_choices, position)
               VALUES (?, ?, ?, ?, ?) RETURNING id AS "id!""#,
            item,
            name,
            min,
            max,
            position
        )
        .fetch_one(&mut *conn)
        .await?;
        for (option_position, option) in (0_i64..).zip(&group.options) {
            let (name, delta) = (option.name.trim(), option.price_delta.get());
            sqlx::query!(
                "INSERT INTO item_options (group_id, name, price_delta, position) VALUES (?, ?, ?, ?)",
                group_id,
                name,
                delta,
                option_position
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

pub async fn set_sold_out(
    pool: &SqlitePool,
    store: StoreId,
    item: MenuItemId,
    sold_out: bool,
) -> Result<bool, DbError> {
    let (store, item) = (store.get(), item.get());
    let updated = sqlx::query!(
        "UPDATE menu_items SET sold_out = ? WHERE id = ? AND store_id = ?",
        sold_out,
        item,
        store
    )
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// Sets the owner's reply to the review of an order of `store`; false if
/// there is no such review.
pub async fn reply(
    pool: &SqlitePool,
    store: StoreId,
    order: OrderId,
    text: &str,
    now_ms: i64,
) -> Result<bool, DbError> {
    let (store, order) = (store.get(), order.get());
    let updated = sqlx::query!(
        "UPDATE reviews SET reply = ?, replied_at = ? WHERE order_id = ? AND store_id = ?",
        text,
        now_ms,
        order,
        store
    )
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() > 0)
}
