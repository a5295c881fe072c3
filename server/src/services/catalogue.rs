//! Stores, menus, coupons, reviews and the ranking.

use std::sync::Arc;

use app::model::{
    CouponOffer, IssuedCoupon, Place, Ranking, RankingPeriod, Review, StoreList, StoreQuery,
    StoreWithMenu,
};
use app::ports::{Catalogue, PortError};
use async_trait::async_trait;
use domain::{AccountId, CouponTerms, DomainError, OrderId, ReviewText, Stars, StoreId};
use storage::scripts::IssueCoupon;
use storage::writer::Writer;
use storage::{Engine, StorageError};
use tokio::sync::Notify;

use super::catalogue_cache::CatalogueCache;
use crate::live::LiveHub;

/// A code customers can type: eight letters and digits that are hard to mix up.
fn coupon_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// Stores and their menus, coupons, reviews and the ranking.
pub struct CatalogueService {
    storage: Arc<dyn Engine>,
    /// What every store list and store page reads.
    cache: Arc<CatalogueCache>,
    writer: Writer,
    /// The dispatcher's bell, rung when a coupon's notices are written.
    outbox_bell: Arc<Notify>,
    /// Told when a store's coupons change, for the visitors' reads it keeps.
    live: LiveHub,
}

impl CatalogueService {
    pub(super) fn new(
        storage: Arc<dyn Engine>,
        cache: Arc<CatalogueCache>,
        writer: Writer,
        outbox_bell: Arc<Notify>,
        live: LiveHub,
    ) -> Self {
        Self {
            storage,
            cache,
            writer,
            outbox_bell,
            live,
        }
    }
}

#[async_trait]
impl Catalogue for CatalogueService {
    async fn stores(
        &self,
        query: &StoreQuery,
        from: Option<Place>,
    ) -> Result<StoreList, PortError> {
        let now = app::clock::now();
        let search = query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let category = query.category.as_deref().filter(|c| !c.is_empty());
        let mut stores = match search {
            // Searches are many and each rare: they go to storage.
            Some(_) => self.storage.stores(search, category, now).await?,
            None => {
                let read = async { Ok(self.storage.stores(None, category, now).await?) };
                Vec::clone(&*self.cache.list(category, read).await?)
            }
        };
        if let Some(from) = &from {
            for store in &mut stores {
                store.distance_m = Some(from.location.distance_m(store.place.location));
                store.out_of_range = !store.delivers_to(from.location);
            }
            stores.sort_by_key(|store| (store.out_of_range, !store.open, store.distance_m));
        }
        let read = async { Ok(self.storage.categories().await?) };
        let categories = Vec::clone(&*self.cache.categories(read).await?);
        Ok(StoreList {
            stores,
            categories,
            from,
        })
    }

    async fn store_menu(&self, store: StoreId) -> Result<Option<StoreWithMenu>, PortError> {
        let read = async {
            let Some(card) = self.storage.store(store, app::clock::now()).await? else {
                return Ok(None);
            };
            let items = self.storage.menu(store).await?;
            let reviews = self.storage.reviews_of_store(store, 10).await?;
            Ok(Some(StoreWithMenu {
                store: card,
                items,
                reviews,
            }))
        };
        Ok(Option::clone(&*self.cache.menu(store, read).await?))
    }

    async fn coupons_for(
        &self,
        customer: AccountId,
        store: Option<StoreId>,
    ) -> Result<Vec<CouponOffer>, PortError> {
        Ok(self
            .storage
            .coupon_offers(customer, store, app::clock::now())
            .await?)
    }

    async fn review(
        &self,
        customer: AccountId,
        order: OrderId,
        stars: Stars,
        text: ReviewText,
    ) -> Result<Review, PortError> {
        let view = self
            .storage
            .order_view(order)
            .await?
            .ok_or(PortError::NotFound)?;
        domain::check_reviewable(&view.order, customer).map_err(PortError::Refused)?;
        match self
            .storage
            .insert_review(&view.order, stars, &text, app::clock::now())
            .await
        {
            Ok(review) => {
                self.cache.page_changed(view.order.store);
                Ok(review)
            }
            Err(StorageError::Taken) => Err(PortError::Refused(DomainError::AlreadyReviewed)),
            Err(error) => Err(error.into()),
        }
    }

    async fn issue_coupon(
        &self,
        store: StoreId,
        terms: CouponTerms,
    ) -> Result<IssuedCoupon, PortError> {
        let code = coupon_code();
        let script = IssueCoupon {
            store,
            code: code.clone(),
            terms,
            at: app::clock::now(),
        };
        let issued = self.writer.run(script).await?;
        self.live.offers_changed(store);
        self.outbox_bell.notify_waiters();
        tracing::info!(store = %store, coupon = %issued.coupon, notified = issued.notified, "coupon issued");
        Ok(IssuedCoupon {
            code,
            notified: u32::try_from(issued.notified).unwrap_or(u32::MAX),
        })
    }

    async fn ranking(
        &self,
        neighbourhood: Option<String>,
        period: RankingPeriod,
    ) -> Result<Ranking, PortError> {
        let mut neighbourhoods: Vec<String> = self
            .stores(&StoreQuery::default(), None)
            .await?
            .stores
            .into_iter()
            .map(|store| store.neighbourhood)
            .collect();
        neighbourhoods.sort();
        neighbourhoods.dedup();
        let since_day = match period {
            RankingPeriod::LastSevenDays => Some(app::clock::now().in_korea().day_number - 6),
            RankingPeriod::AllTime => None,
        };
        let dishes = self
            .storage
            .dish_ranking(neighbourhood.as_deref(), None, since_day, 20)
            .await?;
        Ok(Ranking {
            period,
            neighbourhood,
            neighbourhoods,
            dishes,
        })
    }
}
