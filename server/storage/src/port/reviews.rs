use app::model::Review;
use async_trait::async_trait;
use domain::{Order, OrderId, ReviewText, Stars, StoreId, Timestamp};

use crate::error::Result;

/// Reviews of completed orders, one per order, and the store's reply.
#[async_trait]
pub trait ReviewStorage: Send + Sync {
    /// Stores a review; [`crate::StorageError::Taken`] if the order has one.
    async fn insert_review(
        &self,
        order: &Order,
        stars: Stars,
        text: &ReviewText,
        now: Timestamp,
    ) -> Result<Review>;
    async fn review_of(&self, order: OrderId) -> Result<Option<Review>>;
    /// A store's latest reviews, newest first.
    async fn reviews_of_store(&self, store: StoreId, limit: i64) -> Result<Vec<Review>>;
    /// The owner's reply to the review of an order of `store`; false if
    /// there is no such review.
    async fn reply_review(
        &self,
        store: StoreId,
        order: OrderId,
        text: &str,
        now: Timestamp,
    ) -> Result<bool>;
}
