//! What customers read of the catalogue (the store list, the categories and
//! each store's page), kept in memory and read again from storage when the
//! catalogue changes or after a second at most. Every page of a store list
//! or a store reads these, so a page costs no read of the database while
//! nothing changes.
//!
//! A change made through this server (a store's settings, a dish, sold out,
//! a review or its reply) empties the cache at once. A second bounds what
//! the rest can change unseen: whether a store is open by its hours. Each
//! instance keeps its own copy, so a change made on another instance shows
//! here within that second too.

use std::future::Future;
use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::model::{StoreCard, StoreWithMenu};
use app::ports::PortError;
use domain::StoreId;
use lru::LruCache;

/// How long a read serves without looking at storage again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Store lists by category; a search is never kept, and other keys are
/// capped, so no visitor can make the cache grow without bound. Beyond it
/// the least recently used goes.
const MOST_KEYS: NonZeroUsize = NonZeroUsize::new(1024).unwrap();

pub struct CatalogueCache {
    fresh_for: Duration,
    /// Moves on at every change; a read taken before a change is not kept.
    version: AtomicU64,
    menus: Shelf<StoreId, Option<StoreWithMenu>>,
    lists: Shelf<Option<String>, Vec<StoreCard>>,
    categories: Shelf<(), Vec<String>>,
}

impl CatalogueCache {
    pub fn new(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            version: AtomicU64::new(0),
            menus: Shelf::default(),
            lists: Shelf::default(),
            categories: Shelf::default(),
        }
    }

    /// Moves on at every change: what was read or rendered at an older
    /// version may show what is no longer so.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// How long a read serves without looking at storage again.
    pub fn fresh_for(&self) -> Duration {
        self.fresh_for
    }

    /// Forgets everything: the catalogue has changed.
    pub fn changed(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
        self.menus.clear();
        self.lists.clear();
        self.categories.clear();
    }

    /// A store's page, read by `read` when not kept.
    pub async fn menu<F>(
        &self,
        store: StoreId,
        read: F,
    ) -> Result<Arc<Option<StoreWithMenu>>, PortError>
    where
        F: Future<Output = Result<Option<StoreWithMenu>, PortError>>,
    {
        self.through(&self.menus, store, read).await
    }

    /// The stores of a category (or of all), read by `read` when not kept.
    pub async fn list<F>(
        &self,
        category: Option<&str>,
        read: F,
    ) -> Result<Arc<Vec<StoreCard>>, PortError>
    where
        F: Future<Output = Result<Vec<StoreCard>, PortError>>,
    {
        self.through(&self.lists, category.map(str::to_owned), read)
            .await
    }

    /// The categories of all stores, read by `read` when not kept.
    pub async fn categories<F>(&self, read: F) -> Result<Arc<Vec<String>>, PortError>
    where
        F: Future<Output = Result<Vec<String>, PortError>>,
    {
        self.through(&self.categories, (), read).await
    }

    async fn through<K, V, F>(
        &self,
        shelf: &Shelf<K, V>,
        key: K,
        read: F,
    ) -> Result<Arc<V>, PortError>
    where
        K: Eq + Hash + Clone,
        F: Future<Output = Result<V, PortError>>,
    {
        let version = self.version.load(Ordering::Acquire);
        if let Some(kept) = shelf.get(&key, version, self.fresh_for) {
            return Ok(kept);
        }
        let value = Arc::new(read.await?);
        // A change while reading leaves the read unkept: it may predate it.
        if self.version.load(Ordering::Acquire) == version {
            shelf.put(key, version, Arc::clone(&value));
        }
        Ok(value)
    }
}

/// Values by key, each with when it was read and at which version; at most
/// `MOST_KEYS` of them, the least recently used going first.
pub(crate) struct Shelf<K, V> {
    kept: Mutex<LruCache<K, Kept<V>>>,
}

struct Kept<V> {
    read_at: Instant,
    version: u64,
    value: Arc<V>,
}

impl<K: Eq + Hash, V> Default for Shelf<K, V> {
    fn default() -> Self {
        Self {
            kept: Mutex::new(LruCache::new(MOST_KEYS)),
        }
    }
}

impl<K: Eq + Hash + Clone, V> Shelf<K, V> {
    pub(crate) fn get(&self, key: &K, version: u64, fresh_for: Duration) -> Option<Arc<V>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key)
            .filter(|kept| kept.version == version && kept.read_at.elapsed() < fresh_for)
            .map(|kept| Arc::clone(&kept.value))
    }

    pub(crate) fn put(&self, key: K, version: u64, value: Arc<V>) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.put(
            key,
            Kept {
                read_at: Instant::now(),
                version,
                value,
            },
        );
    }

    fn clear(&self) {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn store(id: i64) -> StoreId {
        StoreId::parse(id).expect("a valid store id")
    }

    async fn counted(reads: &AtomicUsize) -> Result<Vec<String>, PortError> {
        let n = reads.fetch_add(1, Ordering::SeqCst);
        Ok(vec![format!("read {n}")])
    }

    #[tokio::test]
    async fn a_read_is_kept_until_the_catalogue_changes() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        let reads = AtomicUsize::new(0);
        let first = cache.categories(counted(&reads)).await.unwrap();
        let again = cache.categories(counted(&reads)).await.unwrap();
        assert_eq!(first, again);
        assert_eq!(
            reads.load(Ordering::SeqCst),
            1,
            "the second read is served from memory"
        );
        cache.changed();
        let after = cache.categories(counted(&reads)).await.unwrap();
        assert_eq!(*after, vec!["read 1".to_owned()]);
    }

    #[tokio::test]
    async fn a_read_is_taken_again_once_stale() {
        let cache = CatalogueCache::new(Duration::from_millis(30));
        let reads = AtomicUsize::new(0);
        cache.categories(counted(&reads)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(40)).await;
        cache.categories(counted(&reads)).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_read_overtaken_by_a_change_is_not_kept() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        let stale = cache
            .menu(store(1), async {
                // The catalogue changes while this read is on its way.
                cache.changed();
                Ok(None)
            })
            .await
            .unwrap();
        assert!(stale.is_none());
        let reads = AtomicUsize::new(0);
        cache
            .menu(store(1), async {
                reads.fetch_add(1, Ordering::SeqCst);
                Ok(None)
            })
            .await
            .unwrap();
        assert_eq!(
            reads.load(Ordering::SeqCst),
            1,
            "the overtaken read was not served"
        );
    }

    #[tokio::test]
    async fn failures_are_not_kept() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        let failed = cache.categories(async { Err(PortError::Conflict) }).await;
        assert!(failed.is_err());
        let reads = AtomicUsize::new(0);
        cache.categories(counted(&reads)).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_lists_by_category_stay_bounded() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        for i in 0..(MOST_KEYS.get() * 3) {
            let category = format!("made-up {i}");
            cache
                .list(Some(&category), async { Ok(Vec::new()) })
                .await
                .unwrap();
        }
        let kept = cache.lists.kept.lock().unwrap().len();
        assert!(kept <= MOST_KEYS.get(), "{kept} lists kept");
    }

    #[test]
    fn a_full_shelf_lets_the_least_recently_used_go() {
        let shelf: Shelf<usize, usize> = Shelf::default();
        let fresh = Duration::from_secs(60);
        for key in 0..MOST_KEYS.get() {
            shelf.put(key, 0, Arc::new(key));
        }
        assert_eq!(shelf.get(&0, 0, fresh).as_deref(), Some(&0));
        shelf.put(MOST_KEYS.get(), 0, Arc::new(MOST_KEYS.get()));
        assert_eq!(shelf.get(&0, 0, fresh).as_deref(), Some(&0), "used last");
        assert_eq!(shelf.get(&1, 0, fresh), None, "used least");
        for key in 2..=MOST_KEYS.get() {
            assert!(shelf.get(&key, 0, fresh).is_some(), "{key} is kept");
        }
    }
}
