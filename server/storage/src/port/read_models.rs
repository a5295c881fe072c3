use app::model::{OrderView, RankedDish, SalesFigures};
use async_trait::async_trait;
use domain::{OrderId, StoreId};

use crate::error::Result;
use crate::records::OrderFilter;

/// The read models (CQRS) that pages read; the scripts project them.
#[async_trait]
pub trait ReadModelStorage: Send + Sync {
    async fn order_view(&self, order: OrderId) -> Result<Option<OrderView>>;
    async fn order_views(&self, filter: OrderFilter) -> Result<Vec<OrderView>>;
    /// The most delivered dishes since `since_day` (a Korean calendar day;
    /// all time when `None`), in one neighbourhood or store, or everywhere.
    async fn dish_ranking(
        &self,
        neighbourhood: Option<&str>,
        store: Option<StoreId>,
        since_day: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RankedDish>>;
    /// A store's figures for a Korean calendar day; zeros when nothing happened.
    async fn store_sales(&self, store: StoreId, day: i64) -> Result<SalesFigures>;
}
