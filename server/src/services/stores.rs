//! What a store owner runs: the store's settings, its menu, the counter's
//! dashboard and replies to reviews. Auto-accept is part of recording a
//! payment (`storage::scripts::RecordAuthorization`).

use std::sync::Arc;

use app::error::Field;
use app::model::{Dashboard, DishForm, MenuItem, Review, StoreCard, StoreSettings};
use app::ports::{PortError, Stores};
use async_trait::async_trait;
use domain::{MenuItemId, OrderId, Reason, StoreId};

use storage::Engine;

use super::catalogue_cache::CatalogueCache;

/// A store's settings, menu, dashboard and replies to reviews.
pub struct StoreService {
    storage: Arc<dyn Engine>,
    /// What customers read of the catalogue, told of every change here.
    catalogue: Arc<CatalogueCache>,
}

impl StoreService {
    pub(super) fn new(storage: Arc<dyn Engine>, catalogue: Arc<CatalogueCache>) -> Self {
        Self { storage, catalogue }
    }
}

#[async_trait]
impl Stores for StoreService {
    async fn dashboard(&self, store: StoreId) -> Result<Dashboard, PortError> {
        let now = app::clock::now();
        let card = self
            .storage
            .store(store, now)
            .await?
            .ok_or(PortError::NotFound)?;
        let settings = self
            .storage
            .store_settings(store)
            .await?
            .ok_or(PortError::NotFound)?;
        let today = now.in_korea().day_number;
        let figures = self.storage.store_sales(store, today).await?;
        let last_seven_days = Some(today - 6);
        let top_dishes = self
            .storage
            .dish_ranking(None, Some(store), last_seven_days, 5)
            .await?;
        let reviews = self.storage.reviews_of_store(store, 10).await?;
        Ok(Dashboard {
            store: card,
            settings,
            today: figures,
            top_dishes,
            reviews,
        })
    }

    async fn update_store(
        &self,
        store: StoreId,
        settings: StoreSettings,
    ) -> Result<StoreCard, PortError> {
        if !StoreSettings::DELIVERY_RADIUS_M.contains(&settings.delivery_radius_m) {
            return Err(PortError::Invalid(Field::DeliveryRadius));
        }
        let updated = self.storage.update_store(store, &settings).await?;
        self.catalogue.changed(store);
        if !updated {
            return Err(PortError::NotFound);
        }
        tracing::info!(store = %store, accepting = settings.accepting, "store settings changed");
        self.storage
            .store(store, app::clock::now())
            .await?
            .ok_or(PortError::NotFound)
    }

    async fn save_dish(&self, store: StoreId, dish: DishForm) -> Result<MenuItem, PortError> {
        let id = self
            .storage
            .save_dish(store, &dish)
            .await?
            .ok_or(PortError::NotFound)?;
        self.catalogue.page_changed(store);
        self.storage
            .menu(store)
            .await?
            .into_iter()
            .find(|item| item.id == id)
            .ok_or(PortError::NotFound)
    }

    async fn set_sold_out(
        &self,
        store: StoreId,
        item: MenuItemId,
        sold_out: bool,
    ) -> Result<bool, PortError> {
        let changed = self.storage.set_sold_out(store, item, sold_out).await?;
        self.catalogue.page_changed(store);
        Ok(changed)
    }

    async fn reply_review(
        &self,
        store: StoreId,
        order: OrderId,
        text: Reason,
    ) -> Result<Review, PortError> {
        let replied = self
            .storage
            .reply_review(store, order, text.as_str(), app::clock::now())
            .await?;
        self.catalogue.page_changed(store);
        if !replied {
            return Err(PortError::NotFound);
        }
        self.storage
            .review_of(order)
            .await?
            .ok_or(PortError::NotFound)
    }
}
