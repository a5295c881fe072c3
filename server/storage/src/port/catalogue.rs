use app::model::{DishForm, MenuItem, StoreCard, StoreSettings};
use async_trait::async_trait;
use domain::{MenuItemId, StoreId, Timestamp};

use crate::error::Result;
use crate::records::NewStore;

/// Stores, their settings and their menus.
#[async_trait]
pub trait CatalogueStorage: Send + Sync {
    async fn insert_store(&self, store: NewStore) -> Result<StoreId>;
    /// Stores whose name, category or dishes contain `search` (as plain
    /// text, whatever characters it holds), of `category`, open or closed
    /// as of `now`.
    async fn stores(
        &self,
        search: Option<&str>,
        category: Option<&str>,
        now: Timestamp,
    ) -> Result<Vec<StoreCard>>;
    /// Every category some store has, in name order.
    async fn categories(&self) -> Result<Vec<String>>;
    async fn store(&self, id: StoreId, now: Timestamp) -> Result<Option<StoreCard>>;
    /// A store's dishes with their option groups, in menu order.
    async fn menu(&self, store: StoreId) -> Result<Vec<MenuItem>>;
    /// How a store takes orders.
    async fn store_settings(&self, store: StoreId) -> Result<Option<StoreSettings>>;
    /// Changes how a store takes orders; false if there is no such store.
    async fn update_store(&self, store: StoreId, settings: &StoreSettings) -> Result<bool>;
    /// Adds or replaces a dish with its option groups; `None` if the store
    /// has no dish `dish.id`.
    async fn save_dish(&self, store: StoreId, dish: &DishForm) -> Result<Option<MenuItemId>>;
    /// Marks a dish of `store` sold out or back; false if it has no such dish.
    async fn set_sold_out(&self, store: StoreId, item: MenuItemId, sold_out: bool) -> Result<bool>;
}
