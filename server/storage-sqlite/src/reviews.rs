//! Reviews of completed orders, one per order, and the store's reply.

use app::model::Review;
use async_trait::async_trait;
use domain::{Order, OrderId, ReviewText, Stars, StoreId, Timestamp};
use sqlx::SqlitePool;
use storage::rows::ReviewRow;
use storage::{Result, ReviewStorage, StorageError};

use crate::SqliteEngine;

async fn of_order(pool: &SqlitePool, order: OrderId) -> Result<Option<Review>> {
    let order = order.get();
    sqlx::query_as!(
        ReviewRow,
        r#"SELECT r.order_id AS "order_id!", r.stars, r.text, a.display_name AS author, r.created_at, r.reply
           FROM reviews r JOIN accounts a ON a.id = r.customer_id WHERE r.order_id = ?"#,
        order
    )
    .fetch_optional(pool)
    .await?
    .map(ReviewRow::into_review)
    .transpose()
}

#[async_trait]
impl ReviewStorage for SqliteEngine {
    async fn insert_review(
        &self,
        order: &Order,
        stars: Stars,
        text: &ReviewText,
        now: Timestamp,
    ) -> Result<Review> {
        let (order_id, store, customer) = (order.id.get(), order.store.get(), order.customer.get());
        let (stars_value, at, body) = (i64::from(stars), now.millis(), text.as_str());
        // The store's count and sum of stars change with the review.
        let mut tx = self.write.begin_with("BEGIN IMMEDIATE").await?;
        let inserted = sqlx::query!(
            "INSERT OR IGNORE INTO reviews (order_id, store_id, customer_id, stars, text, created_at)
             VALUES (?, ?, ?, ?, ?, ?)",
            order_id,
            store,
            customer,
            stars_value,
            body,
            at
        )
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(StorageError::Taken);
        }
        sqlx::query!(
            "UPDATE stores SET review_count = review_count + 1, star_total = star_total + ? WHERE id = ?",
            stars_value,
            store
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        of_order(&self.write, order.id)
            .await?
            .ok_or(StorageError::Taken)
    }

    async fn review_of(&self, order: OrderId) -> Result<Option<Review>> {
        of_order(&self.read, order).await
    }

    async fn reviews_of_store(&self, store: StoreId, limit: i64) -> Result<Vec<Review>> {
        let store = store.get();
        sqlx::query_as!(
            ReviewRow,
            r#"SELECT r.order_id AS "order_id!", r.stars, r.text, a.display_name AS author, r.created_at, r.reply
               FROM reviews r JOIN accounts a ON a.id = r.customer_id
               WHERE r.store_id = ? ORDER BY r.created_at DESC, r.order_id DESC LIMIT ?"#,
            store,
            limit
        )
        .fetch_all(&self.read)
        .await?
        .into_iter()
        .map(ReviewRow::into_review)
        .collect()
    }

    async fn reply_review(
        &self,
        store: StoreId,
        order: OrderId,
        text: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let (store, order, now) = (store.get(), order.get(), now.millis());
        let updated = sqlx::query!(
            "UPDATE reviews SET reply = ?, replied_at = ? WHERE order_id = ? AND store_id = ?",
            text,
            now,
            order,
            store
        )
        .execute(&self.write)
        .await?;
        Ok(updated.rows_affected() > 0)
    }
}
