use app::model::{MenuItem, StoreCard};
use domain::{MenuItemId, Money, StoreId};
use sqlx::SqlitePool;

use super::rows::{corrupt, place};
use crate::db::{DbError, NewStore};

struct StoreRow {
    id: i64,
    name: String,
    category: String,
    neighbourhood: String,
    address: String,
    lat: f64,
    lon: f64,
}

impl StoreRow {
    fn into_card(self) -> Result<StoreCard, DbError> {
        Ok(StoreCard {
            id: StoreId::parse(self.id).map_err(corrupt)?,
            name: self.name,
            category: self.category,
            neighbourhood: self.neighbourhood,
            place: place(self.address, self.lat, self.lon)?,
            distance_m: None,
        })
    }
}

pub async fn stores(pool: &SqlitePool) -> Result<Vec<StoreCard>, DbError> {
    sqlx::query_as!(
        StoreRow,
        r#"SELECT id AS "id!", name, category, neighbourhood, address, lat, lon FROM stores ORDER BY id"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(StoreRow::into_card)
    .collect()
}

pub async fn store(pool: &SqlitePool, id: StoreId) -> Result<Option<StoreCard>, DbError> {
    let id = id.get();
    sqlx::query_as!(
        StoreRow,
        r#"SELECT id AS "id!", name, category, neighbourhood, address, lat, lon FROM stores WHERE id = ?"#,
        id
    )
    .fetch_optional(pool)
    .await?
    .map(StoreRow::into_card)
    .transpose()
}

pub async fn menu(pool: &SqlitePool, store: StoreId) -> Result<Vec<MenuItem>, DbError> {
    let store = store.get();
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", name, description, price FROM menu_items WHERE store_id = ? ORDER BY position, id"#,
        store
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(MenuItem {
                id: MenuItemId::parse(row.id).map_err(corrupt)?,
                name: row.name,
                description: row.description,
                price: Money::won(row.price).map_err(corrupt)?,
            })
        })
        .collect()
}

pub async fn insert_store(pool: &SqlitePool, store: NewStore) -> Result<StoreId, DbError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let owner = store.owner.get();
    let (lat, lon) = (store.location.lat(), store.location.lon());
    let id = sqlx::query_scalar!(
        r#"INSERT INTO stores (owner_id, name, category, neighbourhood, address, lat, lon)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        owner,
        store.name,
        store.category,
        store.neighbourhood,
        store.address,
        lat,
        lon
    )
    .fetch_one(&mut *tx)
    .await?;
    for (position, (name, description, price)) in (0_i64..).zip(store.menu) {
        let price = price.get();
        sqlx::query!(
            "INSERT INTO menu_items (store_id, name, description, price, position) VALUES (?, ?, ?, ?, ?)",
            id,
            name,
            description,
            price,
            position
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    StoreId::parse(id).map_err(corrupt)
}
