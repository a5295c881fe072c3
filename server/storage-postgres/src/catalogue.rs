use app::model::{DishForm, MenuItem, StoreCard, StoreSettings};
use async_trait::async_trait;
use domain::{
    DishOption, MenuItemId, Money, OpeningHours, OptionGroup, OptionId, PrepMinutes, StoreId,
    Timestamp,
};
use sqlx::PgConnection;
use storage::records::NewStore;
use storage::rows::{contains_pattern, corrupt, StoreRow};
use storage::{CatalogueStorage, Result};

use crate::PgEngine;

#[async_trait]
impl CatalogueStorage for PgEngine {
    async fn insert_store(&self, store: NewStore) -> Result<StoreId> {
        let mut tx = self.pool.begin().await?;
        let owner = store.owner.get();
        let (lat, lon) = (store.location.lat(), store.location.lon());
        let (fee, min_order) = (store.delivery_fee.get(), store.min_order.get());
        let id = sqlx::query_scalar!(
            r#"INSERT INTO stores (owner_id, name, category, neighbourhood, address, lat, lon, delivery_fee, min_order)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id AS "id!""#,
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
                r#"INSERT INTO menu_items (store_id, name, description, price, position) VALUES ($1, $2, $3, $4, $5)
                   RETURNING id AS "id!""#,
                id,
                dish.name,
                dish.description,
                price,
                position
            )
            .fetch_one(&mut *tx)
            .await?;
            let groups = dish.options.into_iter().map(|group| {
                let options = group.options.into_iter().collect::<Vec<_>>();
                (group.name, group.min, group.max, options)
            });
            insert_option_groups(&mut tx, item, groups).await?;
        }
        tx.commit().await?;
        StoreId::parse(id).map_err(corrupt)
    }

    async fn stores(
        &self,
        search: Option<&str>,
        category: Option<&str>,
        now: Timestamp,
    ) -> Result<Vec<StoreCard>> {
        let pattern = search.map(contains_pattern);
        sqlx::query_as!(
            StoreRow,
            r#"SELECT s.id AS "id!", s.name, s.category, s.neighbourhood, s.address, s.lat, s.lon,
                      s.delivery_fee, s.min_order, s.delivery_radius_m, s.opens_at, s.closes_at, s.accepting,
                      s.review_count AS "review_count!: i64", s.star_total AS "star_total!: i64"
               FROM stores s
               WHERE ($1::TEXT IS NULL OR s.name ILIKE $1 ESCAPE '\' OR s.category ILIKE $1 ESCAPE '\'
                      OR EXISTS (SELECT 1 FROM menu_items m WHERE m.store_id = s.id AND m.name ILIKE $1 ESCAPE '\'))
                 AND ($2::TEXT IS NULL OR s.category = $2)
               ORDER BY s.id"#,
            pattern,
            category
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| row.into_card(now))
        .collect()
    }

    /// In code point order, as on SQLite, whatever the database's collation.
    async fn categories(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar!(
            r#"SELECT category FROM stores GROUP BY category ORDER BY category COLLATE "C""#
        )
        .fetch_all(&self.pool)
        .await?)
    }

    async fn store(&self, id: StoreId, now: Timestamp) -> Result<Option<StoreCard>> {
        let id = id.get();
        sqlx::query_as!(
            StoreRow,
            r#"SELECT s.id AS "id!", s.name, s.category, s.neighbourhood, s.address, s.lat, s.lon,
                      s.delivery_fee, s.min_order, s.delivery_radius_m, s.opens_at, s.closes_at, s.accepting,
                      s.review_count AS "review_count!: i64", s.star_total AS "star_total!: i64"
               FROM stores s WHERE s.id = $1"#,
            id
        )
        .fetch_optional(&self.pool)
        .await?
        .map(|row| row.into_card(now))
        .transpose()
    }

    async fn menu(&self, store: StoreId) -> Result<Vec<MenuItem>> {
        let store = store.get();
        let options = sqlx::query!(
            r#"SELECT g.id AS "group_id!", g.menu_item_id, g.name AS group_name, g.min_choices, g.max_choices,
                      o.id AS "option_id?", o.name AS "option_name?", o.price_delta AS "price_delta?"
               FROM option_groups g JOIN menu_items m ON m.id = g.menu_item_id
               LEFT JOIN item_options o ON o.group_id = g.id
               WHERE m.store_id = $1 ORDER BY g.menu_item_id, g.position, g.id, o.position, o.id"#,
            store
        )
        .fetch_all(&self.pool)
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
            r#"SELECT id AS "id!", name, description, price, sold_out
               FROM menu_items WHERE store_id = $1 ORDER BY position, id"#,
            store
        )
        .fetch_all(&self.pool)
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

    async fn store_settings(&self, store: StoreId) -> Result<Option<StoreSettings>> {
        let store = store.get();
        let Some(row) = sqlx::query!(
            r#"SELECT accepting, opens_at, closes_at, delivery_fee, min_order,
                      delivery_radius_m, auto_accept_minutes FROM stores WHERE id = $1"#,
            store
        )
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(StoreSettings {
            accepting: row.accepting,
            hours: OpeningHours::parse(row.opens_at, row.closes_at).map_err(corrupt)?,
            delivery_fee: Money::won(row.delivery_fee).map_err(corrupt)?,
            min_order: Money::won(row.min_order).map_err(corrupt)?,
            delivery_radius_m: u32::try_from(row.delivery_radius_m).map_err(corrupt)?,
            auto_accept: row
                .auto_accept_minutes
                .map(PrepMinutes::parse)
                .transpose()
                .map_err(corrupt)?,
        }))
    }

    async fn update_store(&self, store: StoreId, settings: &StoreSettings) -> Result<bool> {
        let (store, opens, closes) = (
            store.get(),
            i64::from(settings.hours.opens()),
            i64::from(settings.hours.closes()),
        );
        let (fee, min_order) = (settings.delivery_fee.get(), settings.min_order.get());
        let auto_accept = settings.auto_accept.map(i64::from);
        let radius = i64::from(settings.delivery_radius_m);
        let updated = sqlx::query!(
            "UPDATE stores SET accepting = $1, opens_at = $2, closes_at = $3, delivery_fee = $4, min_order = $5,
                               delivery_radius_m = $6, auto_accept_minutes = $7
             WHERE id = $8",
            settings.accepting,
            opens,
            closes,
            fee,
            min_order,
            radius,
            auto_accept,
            store
        )
        .execute(&self.pool)
        .await?;
        self.references
            .forget_store(StoreId::parse(store).map_err(corrupt)?);
        Ok(updated.rows_affected() > 0)
    }

    async fn save_dish(&self, store: StoreId, dish: &DishForm) -> Result<Option<MenuItemId>> {
        let mut tx = self.pool.begin().await?;
        let (store, price) = (store.get(), dish.price.get());
        let (name, description) = (dish.name.trim(), dish.description.trim());
        let item = match dish.id {
            Some(id) => {
                let id = id.get();
                let updated = sqlx::query!(
                    "UPDATE menu_items SET name = $1, description = $2, price = $3 WHERE id = $4 AND store_id = $5",
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
                sqlx::query!("DELETE FROM option_groups WHERE menu_item_id = $1", id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => {
                // The store's row is held so that two dishes added at once
                // take different positions.
                sqlx::query!(
                    "SELECT id FROM stores WHERE id = $1 FOR NO KEY UPDATE",
                    store
                )
                .fetch_optional(&mut *tx)
                .await?;
                sqlx::query_scalar!(
                    r#"INSERT INTO menu_items (store_id, name, description, price, position)
                       VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), -1) + 1 FROM menu_items WHERE store_id = $1))
                       RETURNING id AS "id!""#,
                    store,
                    name,
                    description,
                    price
                )
                .fetch_one(&mut *tx)
                .await?
            }
        };
        let groups = dish.options.iter().map(|group| {
            let options = group
                .options
                .iter()
                .map(|option| (option.name.trim().to_owned(), option.price_delta))
                .collect::<Vec<_>>();
            (group.name.trim().to_owned(), group.min, group.max, options)
        });
        insert_option_groups(&mut tx, item, groups).await?;
        tx.commit().await?;
        Ok(Some(MenuItemId::parse(item).map_err(corrupt)?))
    }

    async fn set_sold_out(&self, store: StoreId, item: MenuItemId, sold_out: bool) -> Result<bool> {
        let (store, item) = (store.get(), item.get());
        let updated = sqlx::query!(
            "UPDATE menu_items SET sold_out = $1 WHERE id = $2 AND store_id = $3",
            sold_out,
            item,
            store
        )
        .execute(&self.pool)
        .await?;
        Ok(updated.rows_affected() > 0)
    }
}

/// A dish's option groups, in order, each with its choices and their extra prices.
async fn insert_option_groups(
    conn: &mut PgConnection,
    item: i64,
    groups: impl Iterator<Item = (String, u8, u8, Vec<(String, Money)>)>,
) -> Result<()> {
    for (position, (name, min, max, options)) in (0_i64..).zip(groups) {
        let (min, max) = (i64::from(min), i64::from(max));
        let group = sqlx::query_scalar!(
            r#"INSERT INTO option_groups (menu_item_id, name, min_choices, max_choices, position)
               VALUES ($1, $2, $3, $4, $5) RETURNING id AS "id!""#,
            item,
            name,
            min,
            max,
            position
        )
        .fetch_one(&mut *conn)
        .await?;
        for (option_position, (name, delta)) in (0_i64..).zip(options) {
            let delta = delta.get();
            sqlx::query!(
                "INSERT INTO item_options (group_id, name, price_delta, position) VALUES ($1, $2, $3, $4)",
                group,
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
