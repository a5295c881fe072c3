use app::model::{MenuItem, Rating, StoreCard};
use domain::{
    DishOption, MenuItemId, Money, OpeningHours, OptionGroup, OptionId, StoreId, Timestamp,
};
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
    delivery_fee: i64,
    min_order: i64,
    opens_at: i64,
    closes_at: i64,
    accepting: bool,
    review_count: i64,
    star_total: i64,
}

impl StoreRow {
    fn into_card(self, now: Timestamp) -> Result<StoreCard, DbError> {
        let hours = OpeningHours::parse(self.opens_at, self.closes_at).map_err(corrupt)?;
        let rating = u32::try_from(self.review_count)
            .ok()
            .filter(|count| *count > 0)
            .map(|count| Rating {
                average_tenths: u16::try_from(
                    (self.star_total * 10 + self.review_count / 2) / self.review_count,
                )
                .unwrap_or(50),
                count,
            });
        Ok(StoreCard {
            id: StoreId::parse(self.id).map_err(corrupt)?,
            name: self.name,
            category: self.category,
            neighbourhood: self.neighbourhood,
            place: place(self.address, self.lat, self.lon)?,
            distance_m: None,
            delivery_fee: Money::won(self.delivery_fee).map_err(corrupt)?,
            min_order: Money::won(self.min_order).map_err(corrupt)?,
            hours,
            accepting: self.accepting,
            open: self.accepting && hours.is_open_at(now),
            rating,
        })
    }
}

/// `%text%` for LIKE, with LIKE's own characters escaped by `\`.
fn contains_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// Stores whose name, category or dishes contain `search`, of `category`.
pub async fn stores(
    pool: &SqlitePool,
    search: Option<&str>,
    category: Option<&str>,
    now: Timestamp,
) -> Result<Vec<StoreCard>, DbError> {
    let pattern = search.map(contains_pattern);
    sqlx::query_as!(
        StoreRow,
        r#"SELECT s.id AS "id!", s.name, s.category, s.neighbourhood, s.address, s.lat, s.lon,
                  s.delivery_fee, s.min_order, s.opens_at, s.closes_at, s.accepting AS "accepting: bool",
                  (SELECT COUNT(*) FROM reviews r WHERE r.store_id = s.id) AS "review_count!: i64",
                  (SELECT COALESCE(SUM(stars), 0) FROM reviews r WHERE r.store_id = s.id) AS "star_total!: i64"
           FROM stores s
           WHERE (?1 IS NULL OR s.name LIKE ?1 ESCAPE '\' OR s.category LIKE ?1 ESCAPE '\'
                  OR EXISTS (SELECT 1 FROM menu_items m WHERE m.store_id = s.id AND m.name LIKE ?1 ESCAPE '\'))
             AND (?2 IS NULL OR s.category = ?2)
           ORDER BY s.id"#,
        pattern,
        category
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| row.into_card(now))
    .collect()
}

/// Every category some store has, in name order.
pub async fn categories(pool: &SqlitePool) -> Result<Vec<String>, DbError> {
    Ok(
        sqlx::query_scalar!("SELECT DISTINCT category FROM stores ORDER BY category")
            .fetch_all(pool)
            .await?,
    )
}

pub async fn store(
    pool: &SqlitePool,
    id: StoreId,
    now: Timestamp,
) -> Result<Option<StoreCard>, DbError> {
    let id = id.get();
    sqlx::query_as!(
        StoreRow,
        r#"SELECT s.id AS "id!", s.name, s.category, s.neighbourhood, s.address, s.lat, s.lon,
                  s.delivery_fee, s.min_order, s.opens_at, s.closes_at, s.accepting AS "accepting: bool",
                  (SELECT COUNT(*) FROM reviews r WHERE r.store_id = s.id) AS "review_count!: i64",
                  (SELECT COALESCE(SUM(stars), 0) FROM reviews r WHERE r.store_id = s.id) AS "star_total!: i64"
           FROM stores s WHERE s.id = ?"#,
        id
    )
    .fetch_optional(pool)
    .await?
    .map(|row| row.into_card(now))
    .transpose()
}

/// A store's dishes with their option groups, in menu order.
pub async fn menu(pool: &SqlitePool, store: StoreId) -> Result<Vec<MenuItem>, DbError> {
    let store = store.get();
    let options = sqlx::query!(
        r#"SELECT g.id AS "group_id!", g.menu_item_id, g.name AS group_name, g.min_choices, g.max_choices,
                  o.id AS "option_id?", o.name AS "option_name?", o.price_delta AS "price_delta?"
           FROM option_groups g JOIN menu_items m ON m.id = g.menu_item_id
           LEFT JOIN item_options o ON o.group_id = g.id
           WHERE m.store_id = ? ORDER BY g.menu_item_id, g.position, g.id, o.position, o.id"#,
        store
    )
    .fetch_all(pool)
    .await?;
    let mut groups: Vec<(i64, i64, OptionGroup)> = Vec::new();
    for row in options {
        if groups.last().map(|(id, _, _)| *id) != Some(row.group_id) {
            let choices = |n: i64| u8::try_from(n).map_err(corrupt);
            groups.push((
                row.group_id,
                row.menu_item_id,
                OptionGroup {
                    name: row.group_name,
                    min: choices(row.min_choices)?,
                    max: choices(row.max_choices)?,
                    options: Vec::new(),
                },
            ));
        }
        if let (Some(id), Some(name), Some(delta), Some((_, _, group))) = (
            row.option_id,
            row.option_name,
            row.price_delta,
            groups.last_mut(),
        ) {
            group.options.push(DishOption {
                id: OptionId::parse(id).map_err(corrupt)?,
                name,
                price_delta: Money::won(delta).map_err(corrupt)?,
            });
        }
    }
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", name, description, price, sold_out AS "sold_out: bool"
           FROM menu_items WHERE store_id = ? ORDER BY position, id"#,
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
                sold_out: row.sold_out,
                options: groups
                    .iter()
                    .filter(|(_, item, _)| *item == row.id)
                    .map(|(_, _, group)| group.clone())
                    .collect(),
            })
        })
        .collect()
}

pub async fn insert_store(pool: &SqlitePool, store: NewStore) -> Result<StoreId, DbError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let owner = store.owner.get();
    let (lat, lon) = (store.location.lat(), store.location.lon());
    let (fee, min_order) = (store.delivery_fee.get(), store.min_order.get());
    let id = sqlx::query_scalar!(
        r#"INSERT INTO stores (owner_id, name, category, neighbourhood, address, lat, lon, delivery_fee, min_order)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        owner,
        store.name,
        store.category,
        store.neighbourhood,
        store.address,
        lat,
        lon,
        fee,
        min_order
    )
    .fetch_one(&mut *tx)
    .await?;
    for (position, dish) in (0_i64..).zip(store.menu) {
        let price = dish.price.get();
        let item = sqlx::query_scalar!(
            r#"INSERT INTO menu_items (store_id, name, description, price, position) VALUES (?, ?, ?, ?, ?)
               RETURNING id AS "id!""#,
            id,
            dish.name,
            dish.description,
            price,
            position
        )
        .fetch_one(&mut *tx)
        .await?;
        for (group_position, group) in (0_i64..).zip(dish.options) {
            let (min, max) = (i64::from(group.min), i64::from(group.max));
            let group_id = sqlx::query_scalar!(
                r#"INSERT INTO option_groups (menu_item_id, name, min_choices, max_choices, position)
                   VALUES (?, ?, ?, ?, ?) RETURNING id AS "id!""#,
                item,
                group.name,
                min,
                max,
                group_position
            )
            .fetch_one(&mut *tx)
            .await?;
            for (option_position, (name, delta)) in (0_i64..).zip(group.options) {
                let delta = delta.get();
                sqlx::query!(
                    "INSERT INTO item_options (group_id, name, price_delta, position) VALUES (?, ?, ?, ?)",
                    group_id,
                    name,
                    delta,
                    option_position
                )
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    StoreId::parse(id).map_err(corrupt)
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_patterns_escape_like_wildcards() {
        assert_eq!(super::contains_pattern("부대"), "%부대%");
        assert_eq!(super::contains_pattern("50%_\\"), "%50\\%\\_\\\\%");
    }
}
