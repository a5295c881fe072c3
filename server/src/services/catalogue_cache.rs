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
//!
//! The catalogue's version moves on at every change made here, and when a
//! read taken again finds something else than the last one: a page
//! rendered from the catalogue (`page_cache`) shows what is so while the
//! version is the one it was rendered at, as long as what it read is read
//! again every second.

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
        V: PartialEq,
        F: Future<Output = Result<V, PortError>>,
    {
        let version = self.version.load(Ordering::Acquire);
        if let Some(kept) = shelf.get(&key, version, self.fresh_for) {
            return Ok(kept);
        }
        let last_read = shelf.last_read(&key);
        let value = Arc::new(read.await?);
        let kept_at = if last_read.as_deref() == Some(&*value) {
            version
        } else {
            // Read for the first time, or changed unseen (on another
            // instance, or by the hour): what was rendered from the last
            // read may show what is no longer so.
            let moved_on = (self.version).compare_exchange(
                version,
                version + 1,
                Ordering::AcqRel,
                Ordering::Acquire,
            );
            match moved_on {
                Ok(_) => version + 1,
                Err(_) => return Ok(value),
            }
        };
        // A change while reading leaves the read unkept: it may predate it.
        if self.version.load(Ordering::Acquire) == kept_at {
            shelf.put(key, kept_at, Arc::clone(&value));
        }
        Ok(value)
    }
}

/// Values by key, each with when it was read and at which version; at most
/// `MOST_KEYS` of them, or as many as fit in a number of bytes
/// (`Shelf::weighed`), the least recently used going first.
pub(crate) struct Shelf<K, V> {
    kept: Mutex<Shelved<K, V>>,
}

struct Shelved<K, V> {
    entries: LruCache<K, Kept<V>>,
    /// What the entries weigh together, as told when they were put.
    bytes: usize,
    most_bytes: usize,
}

struct Kept<V> {
    read_at: Instant,
    version: u64,
    value: Arc<V>,
    bytes: usize,
}

impl<K: Eq + Hash, V> Default for Shelf<K, V> {
    fn default() -> Self {
        Self::with(LruCache::new(MOST_KEYS), usize::MAX)
    }
}

impl<K: Eq + Hash, V> Shelf<K, V> {
    /// A shelf bounded by what its entries weigh (`put_weighing`), not by
    /// how many there are.
    pub(crate) fn weighed(most_bytes: usize) -> Self {
        Self::with(LruCache::unbounded(), most_bytes)
    }

    fn with(entries: LruCache<K, Kept<V>>, most_bytes: usize) -> Self {
        Self {
            kept: Mutex::new(Shelved {
                entries,
                bytes: 0,
                most_bytes,
            }),
        }
    }
}

impl<K: Eq + Hash + Clone, V> Shelf<K, V> {
    pub(crate) fn get(&self, key: &K, version: u64, fresh_for: Duration) -> Option<Arc<V>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.entries
            .get(key)
            .filter(|kept| kept.version == version && kept.read_at.elapsed() < fresh_for)
            .map(|kept| Arc::clone(&kept.value))
    }

    /// What was last read under `key`, however old and at whichever
    /// version, if it is still kept.
    fn last_read(&self, key: &K) -> Option<Arc<V>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.entries.peek(key).map(|kept| Arc::clone(&kept.value))
    }

    pub(crate) fn put(&self, key: K, version: u64, value: Arc<V>) {
        self.put_weighing(key, version, value, 0);
    }

    /// Puts `value`, which takes `bytes` of memory, and lets the least
    /// recently used go until the shelf's weight is within its bound.
    pub(crate) fn put_weighing(&self, key: K, version: u64, value: Arc<V>, bytes: usize) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let entry = Kept {
            read_at: Instant::now(),
            version,
            value,
            bytes,
        };
        if let Some((_, gone)) = kept.entries.push(key, entry) {
            kept.bytes -= gone.bytes;
        }
        kept.bytes += bytes;
        while kept.bytes > kept.most_bytes {
            let Some((_, gone)) = kept.entries.pop_lru() else {
                break;
            };
            kept.bytes -= gone.bytes;
        }
    }

    fn clear(&self) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.entries.clear();
        kept.bytes = 0;
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

    #[test]
    fn a_weighed_shelf_keeps_what_fits_and_lets_the_least_recently_used_go() {
        let shelf: Shelf<usize, String> = Shelf::weighed(10_000);
        let fresh = Duration::from_secs(60);
        // More entries than a shelf bounded by count keeps, all of which fit.
        let many = MOST_KEYS.get() * 3;
        for key in 0..many {
            shelf.put_weighing(key, 0, Arc::new(format!("page {key}")), 3);
        }
        assert!(
            (0..many).all(|key| shelf.get(&key, 0, fresh).is_some()),
            "every entry that fits is kept"
        );
        // 1,000 bytes more than the bound: the least recently asked for go.
        shelf.get(&0, 0, fresh);
        shelf.put_weighing(many, 0, Arc::new("large".into()), 1_000 + 10_000 - many * 3);
        assert!(shelf.get(&0, 0, fresh).is_some(), "asked for last, kept");
        assert!(shelf.get(&many, 0, fresh).is_some(), "put last, kept");
        let gone = (1..many)
            .filter(|key| shelf.get(key, 0, fresh).is_none())
            .count();
        assert_eq!(gone, 334, "1,000 bytes of entries of 3 bytes go");
        assert!(
            (335..many).all(|key| shelf.get(&key, 0, fresh).is_some()),
            "the least recently used went first"
        );
        // Put again under the same key, an entry counts once.
        shelf.put_weighing(many, 0, Arc::new("smaller".into()), 3);
        let kept = (0..=many)
            .filter(|key| shelf.get(key, 0, fresh).is_some())
            .count();
        shelf.put_weighing(many + 1, 0, Arc::new("one more".into()), 3);
        assert_eq!(
            (0..=many + 1)
                .filter(|key| shelf.get(key, 0, fresh).is_some())
                .count(),
            kept + 1,
            "room was freed by the lighter entry"
        );
    }

    #[tokio::test]
    async fn a_read_taken_again_moves_the_version_on_only_when_it_finds_a_change() {
        // Every read is stale at once, and taken again from storage.
        let cache = CatalogueCache::new(Duration::ZERO);
        let read = |value: &str| {
            let value = vec![value.to_owned()];
            async move { Ok(value) }
        };
        cache.categories(read("치킨")).await.unwrap();
        let first = cache.version();
        cache.categories(read("치킨")).await.unwrap();
        assert_eq!(cache.version(), first, "the same read keeps the version");
        let changed = cache.categories(read("피자")).await.unwrap();
        assert_eq!(*changed, vec!["피자".to_owned()]);
        assert_eq!(cache.version(), first + 1, "a change moves it on");
        cache.categories(read("피자")).await.unwrap();
        assert_eq!(cache.version(), first + 1);
        // Another key read for the first time moves it on too: nothing
        // says what was rendered without it.
        cache.list(None, async { Ok(Vec::new()) }).await.unwrap();
        assert_eq!(cache.version(), first + 2);
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
        let kept = cache.lists.kept.lock().unwrap().entries.len();
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
