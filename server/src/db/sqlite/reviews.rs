//! Reviews of completed orders, one per order, and the store's reply.

use app::model::Review;
use domain::{AccountId, OrderId, ReviewText, Stars, StoreId, Timestamp};
use sqlx::SqlitePool;

use super::rows::corrupt;
use crate::db::DbError;

struct ReviewRow {
    order_id: i64,
    stars: i64,
    text: String,
    author: String,
    created_at: i64,
    reply: Option<String>,
}

impl ReviewRow {
    fn into_review(self) -> Result<Review, DbError> {
        Ok(Review {
            order: OrderId::parse(self.order_id).map_err(corrupt)?,
            stars: Stars::parse(self.stars).map_err(corrupt)?,
            text: self.text,
            author: masked(&self.author),
            at: Timestamp::from_millis(self.created_at),
            reply: self.reply,
        })
    }
}

/// A name as other customers see it: its first letter, the rest masked.
fn masked(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().unwrap_or('*');
    let rest = chars.count().clamp(1, 3);
    format!("{first}{}", "*".repeat(rest))
}

/// Stores a review; [`DbError::Taken`] if the order has one.
pub async fn insert(
    pool: &SqlitePool,
    order: OrderId,
    store: StoreId,
    customer: AccountId,
    stars: Stars,
    text: &ReviewText,
    now: Timestamp,
) -> Result<Review, DbError> {
    let (order_id, store, customer) = (order.get(), store.get(), customer.get());
    let (stars_value, at, body) = (i64::from(stars), now.millis(), text.as_str());
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
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(DbError::Taken);
    }
    of_order(pool, order).await?.ok_or(DbError::Taken)
}

pub async fn of_order(pool: &SqlitePool, order: OrderId) -> Result<Option<Review>, DbError> {
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

/// A store's latest reviews, newest first.
pub async fn of_store(
    pool: &SqlitePool,
    store: StoreId,
    limit: i64,
) -> Result<Vec<Review>, DbError> {
    let store = store.get();
    sqlx::query_as!(
        ReviewRow,
        r#"SELECT r.order_id AS "order_id!", r.stars, r.text, a.display_name AS author, r.created_at, r.reply
           FROM reviews r JOIN accounts a ON a.id = r.customer_id
           WHERE r.store_id = ? ORDER BY r.created_at DESC, r.order_id DESC LIMIT ?"#,
        store,
        limit
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(ReviewRow::into_review)
    .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_masked() {
        assert_eq!(super::masked("김민지"), "김**");
        assert_eq!(super::masked("Jo"), "J*");
        assert_eq!(super::masked("Alexander"), "A***");
    }
}
