//! What a store owner runs: the store's settings, its menu, the counter's
//! dashboard and replies to reviews; and auto-accept of paid orders.

use app::model::{Dashboard, DishForm, MenuItem, Review, StoreCard, StoreSettings};
use app::ports::{Orders, PortError, Stores};
use async_trait::async_trait;
use domain::{Actor, Command, MenuItemId, Order, OrderId, OrderStatus, Reason, StoreId};

use super::{unexpected, Baedal};
use crate::read_models::korean_day;

#[async_trait]
impl Stores for Baedal {
    async fn dashboard(&self, store: StoreId) -> Result<Dashboard, PortError> {
        let now = app::clock::now();
        let failed = |doing| move |e| unexpected(doing, e);
        let card = self
            .db
            .store(store, now)
            .await
            .map_err(failed("loading a store"))?
            .ok_or(PortError::NotFound)?;
        let settings = self
            .db
            .store_settings(store)
            .await
            .map_err(failed("loading store settings"))?
            .ok_or(PortError::NotFound)?;
        let today = korean_day(now);
        let figures = self
            .db
            .store_sales(store, today)
            .await
            .map_err(failed("reading store figures"))?;
        let last_seven_days = Some(today - 6);
        let top_dishes = self
            .db
            .dish_ranking(None, Some(store), last_seven_days, 5)
            .await
            .map_err(failed("reading the store's top dishes"))?;
        let reviews = self
            .db
            .reviews_of_store(store, 10)
            .await
            .map_err(failed("loading reviews"))?;
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
        let updated = self
            .db
            .update_store(store, &settings)
            .await
            .map_err(|e| unexpected("updating a store", e))?;
        if !updated {
            return Err(PortError::NotFound);
        }
        tracing::info!(store = %store, accepting = settings.accepting, "store settings changed");
        self.db
            .store(store, app::clock::now())
            .await
            .map_err(|e| unexpected("loading a store", e))?
            .ok_or(PortError::NotFound)
    }

    async fn save_dish(&self, store: StoreId, dish: DishForm) -> Result<MenuItem, PortError> {
        let id = self
            .db
            .save_dish(store, &dish)
            .await
            .map_err(|e| unexpected("saving a dish", e))?
            .ok_or(PortError::NotFound)?;
        self.db
            .menu(store)
            .await
            .map_err(|e| unexpected("loading a menu", e))?
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
        self.db
            .set_sold_out(store, item, sold_out)
            .await
            .map_err(|e| unexpected("marking a dish sold out", e))
    }

    async fn reply_review(
        &self,
        store: StoreId,
        order: OrderId,
        text: Reason,
    ) -> Result<Review, PortError> {
        let replied = self
            .db
            .reply_review(store, order, text.as_str(), app::clock::now())
            .await
            .map_err(|e| unexpected("replying to a review", e))?;
        if !replied {
            return Err(PortError::NotFound);
        }
        self.db
            .review_of(order)
            .await
            .map_err(|e| unexpected("loading a review", e))?
            .ok_or(PortError::NotFound)
    }
}

impl Baedal {
    /// Accepts a just-paid order for its store when the store accepts
    /// automatically. A refusal (the customer cancelled first) is fine.
    pub(super) async fn auto_accept(&self, order: &Order) {
        if order.status != OrderStatus::Paid {
            return;
        }
        let minutes = match self.db.store_settings(order.store).await {
            Ok(Some(settings)) => settings.auto_accept,
            Ok(None) => None,
            Err(error) => {
                tracing::error!(%error, store = %order.store, "reading auto-accept failed");
                None
            }
        };
        let Some(prep_minutes) = minutes else { return };
        let accept = Command::Accept { prep_minutes };
        let actor = Actor::Store(order.store);
        if let Err(error) = Box::pin(self.execute(order.id, accept, actor)).await {
            tracing::warn!(order = %order.id, %error, "auto-accept did not apply");
        }
    }
}
