//! What customers read of the catalogue (the store list, the categories and
//! each store's page), kept in memory and read again from storage when the
//! catalogue changes or after a second at most. Every page of a store list
//! or a store reads these, so a page costs no read of the database while
//! nothing changes.
//!
//! A change made through this server makes what it touches stale at once: a
//! change of a store's card (its settings, a new store) that store's page,
//! the store lists and the categories; a change of what only its page shows
//! (a dish, sold out or back, a review or its reply) its page alone. A
//! store's page shows every change at once.
//!
//! A store list is rendered again for every visitor at each change it
//! shows, so it shows them at a bounded pace (`ListLateness`). A change of
//! a card shows once the list is read again and the last change it showed
//! (or its first read) is older than `BAEDAL_LIST_CARDS_SECONDS`, ten
//! seconds by default: a change after a quiet while, and a new store,
//! show at once, and owners pausing and resuming orders all day do not
//! have every list rendered again at each. New stars show once that is
//! older than `BAEDAL_LIST_STARS_SECONDS`, a minute by default, as reviews
//! come all day.
//!
//! A second bounds what the rest can change unseen: whether a store is
//! open by its hours. Each instance keeps its own copy, so a change made on
//! another instance shows here within that second too (on a store list,
//! within that second and its bound).
//!
//! Each read is kept with the moment it was last found changed (`Mark`):
//! read again and found the same, it keeps it. A page rendered from the
//! catalogue (`page_cache`) shows what is so while what it was rendered from
//! has the mark it had, as long as it is read again every second and after
//! every change made here; a change of one store leaves the other stores'
//! pages as they are.
//!
//! Callers who find the same read stale at once share one read of it: a
//! read begun since the last change of its part made here is as new as
//! each of them needs, so storage is read once per change and second, not
//! once per request. A read slower than the changes come would otherwise
//! never be kept, and every request would read.
//!
//! Changes are counted by what they touch (`Changes`): the store lists
//! apart, and each store's page. A read or a page is taken again only after
//! a change of its own part, so that dishes sold out and back all day across
//! many stores leave the store lists, and the other stores' pages, kept.

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

use super::flights::Flights;

/// How long a read serves without looking at storage again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// How many counts of changes the stores' pages share (`Changes`).
const STORE_COUNTS: usize = 256;

/// Store lists by category; a search is never kept, and other keys are
/// capped, so no visitor can make the cache grow without bound. Beyond it
/// the least recently used goes.
const MOST_KEYS: NonZeroUsize = NonZeroUsize::new(1024).unwrap();

/// When a kept read was last found changed: a number that only grows, so
/// that what was rendered from a read shows what is so while its read has
/// the same mark.
pub type Mark = u64;

/// What a part of the catalogue was made of when last read: its mark, and
/// when it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marked {
    pub mark: Mark,
    pub read_at: Instant,
}

impl Marked {
    /// Of a part made of two reads: the later mark, which moves on when
    /// either does, and the earlier read.
    fn and(self, other: Marked) -> Marked {
        Marked {
            mark: self.mark.max(other.mark),
            read_at: self.read_at.min(other.read_at),
        }
    }
}

/// What a kept page is rendered from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The store list of all categories, with the categories.
    StoreList,
    /// One store's page: the store, its menu and its reviews.
    Store(StoreId),
}

/// How long a store list may show what it showed before, from when it was
/// last found changed: what the customer sees of a store that changed is
/// on its own page, which shows it at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListLateness {
    /// Any change of the stores' cards: their settings, whether they take
    /// orders. A new store, or one gone, shows at once.
    pub cards: Duration,
    /// A change of stores' stars alone.
    pub stars: Duration,
}

pub struct CatalogueCache {
    fresh_for: Duration,
    /// How long a store list may show stores as they were before a change.
    list_late: ListLateness,
    /// Move on at every change made through this server of what they
    /// count: a read taken across one is not kept, and a page checked
    /// before one is checked again.
    changes: Changes,
    /// The marks given so far: moves on each time a read is found changed,
    /// or read for the first time.
    marks_given: AtomicU64,
    menus: Shelf<StoreId, Option<StoreWithMenu>>,
    lists: Shelf<Option<String>, Vec<StoreCard>>,
    categories: Shelf<(), Vec<String>>,
    menu_reads: Flights<StoreId, Read<Option<StoreWithMenu>>>,
    list_reads: Flights<Option<String>, Read<Vec<StoreCard>>>,
    category_reads: Flights<(), Read<Vec<String>>>,
}

/// The changes made through this server, counted by the part they touch:
/// one count for the store lists and the categories, and one for each
/// store's page, shared by the stores whose ids fall on the same of
/// `STORE_COUNTS`. A change of one of those has the pages of the others
/// checked again too, a look at memory.
struct Changes {
    lists: AtomicU64,
    stores: [AtomicU64; STORE_COUNTS],
}

impl Changes {
    fn new() -> Self {
        Self {
            lists: AtomicU64::new(0),
            stores: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }

    fn of(&self, part: Part) -> &AtomicU64 {
        match part {
            Part::StoreList => &self.lists,
            Part::Store(store) => &self.stores[store.get().unsigned_abs() as usize % STORE_COUNTS],
        }
    }
}

/// What is read of the catalogue and kept.
pub(crate) trait Catalogued: PartialEq {
    /// Whether this read may be served as `last`, the read before it, found
    /// changed `marked_for` ago, so that what was rendered from `last`
    /// stays: when they are the same.
    fn shows_as(&self, last: &Self, _marked_for: Duration, _late: ListLateness) -> bool {
        self == last
    }
}

impl Catalogued for Option<StoreWithMenu> {}

impl Catalogued for Vec<String> {}

impl Catalogued for Vec<StoreCard> {
    /// A store list of the same stores is also served as it was for
    /// `late.cards` after it was last found changed, and when it differs
    /// only in its stores' stars for `late.stars`: every change shown has
    /// every visitor's store list rendered again.
    fn shows_as(&self, last: &Self, marked_for: Duration, late: ListLateness) -> bool {
        let unrated = |card: &StoreCard| StoreCard {
            rating: None,
            ..card.clone()
        };
        let same_stores = || {
            self.iter()
                .map(|card| card.id)
                .eq(last.iter().map(|card| card.id))
        };
        self == last
            || (marked_for < late.cards && same_stores())
            || (marked_for < late.stars
                && self.len() == last.len()
                && self
                    .iter()
                    .zip(last)
                    .all(|(now, then)| unrated(now) == unrated(then)))
    }
}

/// What a read found, or how it failed: shared by those who wait for it.
type Read<V> = Result<Arc<V>, PortError>;

impl CatalogueCache {
    pub fn new(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            list_late: ListLateness::default(),
            changes: Changes::new(),
            marks_given: AtomicU64::new(0),
            menus: Shelf::default(),
            lists: Shelf::default(),
            categories: Shelf::default(),
            menu_reads: Flights::default(),
            list_reads: Flights::default(),
            category_reads: Flights::default(),
        }
    }

    /// The same, with store lists that show stores as they were before a
    /// change for as long as `list_late` says.
    pub fn with_list_late(self, list_late: ListLateness) -> Self {
        Self { list_late, ..self }
    }

    /// Moves on at every change of `part` made through this server: what
    /// was checked before it may show what is no longer so.
    pub fn changes(&self, part: Part) -> u64 {
        self.changes.of(part).load(Ordering::Acquire)
    }

    /// How long a read serves without looking at storage again.
    pub fn fresh_for(&self) -> Duration {
        self.fresh_for
    }

    /// `store`'s card has changed (its settings, or it is new): its page,
    /// the store lists and the categories are read again from storage when
    /// next asked for, and a page rendered from them is rendered again if
    /// they are found changed.
    pub fn changed(&self, store: StoreId) {
        self.counted(&[Part::Store(store), Part::StoreList], || {
            self.menus.make_stale(|kept| *kept == store);
            self.lists.make_stale(|_| true);
            self.categories.make_stale(|_| true);
        });
    }

    /// What only `store`'s page shows has changed: a dish, sold out or
    /// back, a review or a reply. Its page is read again from storage when
    /// next asked for; the store lists are not. They show a store's new
    /// stars once read again, within the catalogue's second, and within
    /// `list_late.stars` (or `list_late.cards`, if longer).
    pub fn page_changed(&self, store: StoreId) {
        self.counted(&[Part::Store(store)], || {
            self.menus.make_stale(|kept| *kept == store);
        });
    }

    /// Counts a change of `parts` around `make_stale`, which marks what it
    /// touches stale.
    fn counted(&self, parts: &[Part], make_stale: impl FnOnce()) {
        // Before: a read that puts after the marks sees this, and one that
        // put before them is marked.
        for &part in parts {
            self.changes.of(part).fetch_add(1, Ordering::AcqRel);
        }
        make_stale();
        // And after: a page checked while the marks were being made, against
        // reads not yet marked stale, is checked again.
        for &part in parts {
            self.changes.of(part).fetch_add(1, Ordering::AcqRel);
        }
    }

    /// When what `part` is made of was last found changed, and when it was
    /// read, if it is fresh: read within its second, with no change of it
    /// made here since. `None` when it must be read again first.
    pub fn fresh_marked(&self, part: Part) -> Option<Marked> {
        self.marked_within(part, Some(self.fresh_for))
    }

    /// The same, however old or stale when `fresh_for` is `None`.
    fn marked_within(&self, part: Part, fresh_for: Option<Duration>) -> Option<Marked> {
        match part {
            Part::Store(store) => self.menus.marked(&store, fresh_for),
            Part::StoreList => {
                let list = self.lists.marked(&None, fresh_for)?;
                Some(list.and(self.categories.marked(&(), fresh_for)?))
            }
        }
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
        let part = Part::Store(store);
        self.through(&self.menus, &self.menu_reads, store, part, read)
            .await
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
        let category = category.map(str::to_owned);
        let part = Part::StoreList;
        self.through(&self.lists, &self.list_reads, category, part, read)
            .await
    }

    /// The categories of all stores, read by `read` when not kept.
    pub async fn categories<F>(&self, read: F) -> Result<Arc<Vec<String>>, PortError>
    where
        F: Future<Output = Result<Vec<String>, PortError>>,
    {
        let part = Part::StoreList;
        self.through(&self.categories, &self.category_reads, (), part, read)
            .await
    }

    async fn through<K, V, F>(
        &self,
        shelf: &Shelf<K, V>,
        flights: &Flights<K, Read<V>>,
        key: K,
        part: Part,
        read: F,
    ) -> Result<Arc<V>, PortError>
    where
        K: Eq + Hash + Clone,
        V: Catalogued,
        F: Future<Output = Result<V, PortError>>,
    {
        if let Some((kept, _)) = shelf.fresh(&key, self.fresh_for) {
            return Ok(kept);
        }
        // A read of `key` begun since the last change of its part made here
        // is as new as this caller needs: it waits for that one instead of
        // reading, and has what it found, or how it failed.
        let changes = self.changes(part);
        let flight = flights.join(&key, changes);
        let read_and_keep = || self.read_and_keep(shelf, key.clone(), (part, changes), read);
        flight.done_by(read_and_keep).await.clone()
    }

    /// Reads `key` with `read` and keeps it, unless a change of its part
    /// was made here since `changes` were counted, or a newer read was kept
    /// while this one was on its way.
    async fn read_and_keep<K, V, F>(
        &self,
        shelf: &Shelf<K, V>,
        key: K,
        (part, changes): (Part, u64),
        read: F,
    ) -> Result<Arc<V>, PortError>
    where
        K: Eq + Hash + Clone,
        V: Catalogued,
        F: Future<Output = Result<V, PortError>>,
    {
        let last_read = shelf.last_read(&key);
        let last_mark = last_read.as_ref().map(|last| last.mark);
        let read = read.await?;
        let (value, mark, marked_at) = match last_read {
            Some(last) if read.shows_as(&last.value, last.marked_at.elapsed(), self.list_late) => {
                (last.value, last.mark, last.marked_at)
            }
            // Read for the first time, or changed: here, or unseen (on
            // another instance, or by the hour).
            _ => {
                let mark = self.marks_given.fetch_add(1, Ordering::AcqRel) + 1;
                (Arc::new(read), mark, Instant::now())
            }
        };
        // A change made here while reading leaves the read unkept: it may
        // predate it. So does a read put while this one was on its way: it
        // may be newer.
        let kept = Kept::new(Arc::clone(&value), mark, 0).marked_at(marked_at);
        shelf.put_if(key, kept, |current| {
            current == last_mark && self.changes(part) == changes
        });
        Ok(value)
    }
}

/// Values by key, each with when it was read and a mark of when it was
/// last found changed; at most `MOST_KEYS` of them, or as many as fit in a
/// number of bytes (`Shelf::weighed`), the least recently used going first.
pub(crate) struct Shelf<K, V> {
    kept: Mutex<Shelved<K, V>>,
}

struct Shelved<K, V> {
    entries: LruCache<K, Kept<V>>,
    /// What the entries weigh together, as told when they were put.
    bytes: usize,
    most_bytes: usize,
}

/// A value on a shelf.
pub(crate) struct Kept<V> {
    value: Arc<V>,
    mark: Mark,
    /// When it was found changed, as its mark tells.
    marked_at: Instant,
    read_at: Instant,
    /// What it takes in memory, for a shelf bounded by weight.
    bytes: usize,
    /// Marked so by `make_stale`: no longer fresh, though still what was
    /// last read.
    stale: bool,
}

impl<V> Kept<V> {
    /// `value`, read now, taking `bytes` of memory.
    pub(crate) fn new(value: Arc<V>, mark: Mark, bytes: usize) -> Self {
        let now = Instant::now();
        Self {
            value,
            mark,
            marked_at: now,
            read_at: now,
            bytes,
            stale: false,
        }
    }

    /// The same, found changed at `at`, before it was read.
    fn marked_at(self, at: Instant) -> Self {
        Self {
            marked_at: at,
            ..self
        }
    }
}

/// What was last read under a key, however old or stale.
struct LastRead<V> {
    value: Arc<V>,
    mark: Mark,
    marked_at: Instant,
}

impl<K: Eq + Hash, V> Default for Shelf<K, V> {
    fn default() -> Self {
        Self::with(LruCache::new(MOST_KEYS), usize::MAX)
    }
}

impl<K: Eq + Hash, V> Shelf<K, V> {
    /// A shelf bounded by what its entries weigh (the bytes each is put
    /// with, `Kept::new`), not by how many there are.
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

    fn lock(&self) -> std::sync::MutexGuard<'_, Shelved<K, V>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<K: Eq + Hash + Clone, V> Shelf<K, V> {
    /// The value under `key` with its mark, if read within `fresh_for` and
    /// not made stale since.
    pub(crate) fn fresh(&self, key: &K, fresh_for: Duration) -> Option<(Arc<V>, Mark)> {
        let mut kept = self.lock();
        kept.entries
            .get(key)
            .filter(|kept| kept.fresh_within(fresh_for))
            .map(|kept| (Arc::clone(&kept.value), kept.mark))
    }

    /// The mark of what is under `key` and when it was read, if it is kept,
    /// and fresh within `fresh_for` when given.
    fn marked(&self, key: &K, fresh_for: Option<Duration>) -> Option<Marked> {
        let mut kept = self.lock();
        kept.entries
            .get(key)
            .filter(|kept| fresh_for.is_none_or(|fresh_for| kept.fresh_within(fresh_for)))
            .map(|kept| Marked {
                mark: kept.mark,
                read_at: kept.read_at,
            })
    }

    /// What was last read under `key`, with its mark, however old or stale,
    /// if it is still kept.
    fn last_read(&self, key: &K) -> Option<LastRead<V>> {
        let kept = self.lock();
        (kept.entries.peek(key)).map(|kept| LastRead {
            value: Arc::clone(&kept.value),
            mark: kept.mark,
            marked_at: kept.marked_at,
        })
    }

    #[cfg(test)]
    fn put(&self, key: K, mark: Mark, value: Arc<V>) {
        self.put_weighing(key, mark, value, 0);
    }

    #[cfg(test)]
    fn put_weighing(&self, key: K, mark: Mark, value: Arc<V>, bytes: usize) {
        self.put_if(key, Kept::new(value, mark, bytes), |_| true);
    }

    /// Puts `kept` if `keep` holds for the mark of what is kept under `key`
    /// now, looked at while no other put or mark can happen; then lets the
    /// least recently used go until the shelf's weight is within its bound.
    /// What the entries weigh together then.
    pub(crate) fn put_if(
        &self,
        key: K,
        kept: Kept<V>,
        keep: impl FnOnce(Option<Mark>) -> bool,
    ) -> usize {
        let mut shelved = self.lock();
        if keep(shelved.entries.peek(&key).map(|current| current.mark)) {
            shelved.push(key, kept);
        }
        shelved.bytes
    }

    /// Marks stale the entries whose key is `stale`.
    fn make_stale(&self, stale: impl Fn(&K) -> bool) {
        let mut kept = self.lock();
        for (key, entry) in kept.entries.iter_mut() {
            if stale(key) {
                entry.stale = true;
            }
        }
    }
}

impl<V> Kept<V> {
    fn fresh_within(&self, fresh_for: Duration) -> bool {
        !self.stale && self.read_at.elapsed() < fresh_for
    }
}

impl<K: Eq + Hash, V> Shelved<K, V> {
    fn push(&mut self, key: K, kept: Kept<V>) {
        let bytes = kept.bytes;
        if let Some((_, gone)) = self.entries.push(key, kept) {
            self.bytes -= gone.bytes;
        }
        self.bytes += bytes;
        while self.bytes > self.most_bytes {
            let Some((_, gone)) = self.entries.pop_lru() else {
                break;
            };
            self.bytes -= gone.bytes;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use tokio::sync::oneshot;

    fn store(id: i64) -> StoreId {
        StoreId::parse(id).expect("a valid store id")
    }

    fn mark_of(cache: &CatalogueCache, part: Part) -> Option<Mark> {
        cache.marked_within(part, None).map(|marked| marked.mark)
    }

    async fn counted(reads: &AtomicUsize) -> Result<Vec<String>, PortError> {
        let n = reads.fetch_add(1, Ordering::SeqCst);
        Ok(vec![format!("read {n}")])
    }

    /// `read`, answered only when `answered` says so: a read on its way.
    async fn held<T>(
        read: impl Future<Output = Result<T, PortError>>,
        answered: oneshot::Receiver<()>,
    ) -> Result<T, PortError> {
        let read = read.await;
        answered.await.expect("the storage answers");
        read
    }

    /// The categories asked for by two callers at once: the first reads
    /// with `first_read`, held until the second has asked (with a counted
    /// read of its own).
    async fn asked_at_once(
        cache: &CatalogueCache,
        first_read: impl Future<Output = Result<Vec<String>, PortError>>,
        reads: &AtomicUsize,
    ) -> (
        Result<Arc<Vec<String>>, PortError>,
        Result<Arc<Vec<String>>, PortError>,
    ) {
        let (answer, answered) = oneshot::channel();
        let first = cache.categories(held(first_read, answered));
        let second = cache.categories(counted(reads));
        let (first, second, ()) = tokio::join!(first, second, answer_after_a_turn(answer));
        (first, second)
    }

    /// Lets a held read answer once the callers beside it have asked.
    async fn answer_after_a_turn(answer: oneshot::Sender<()>) {
        tokio::task::yield_now().await;
        answer.send(()).expect("the held read waits");
    }

    /// A store list of one store, with `rating` and `accepting` orders.
    fn list_of_one(rating: Option<(u16, u32)>, accepting: bool) -> Vec<StoreCard> {
        let card = serde_json::json!({
            "id": 1, "name": "홍대 할매 김치찌개", "category": "한식",
            "neighbourhood": "홍대",
            "place": { "address": "서울 마포구", "location": [37.55, 126.92] },
            "distance_m": null, "delivery_fee": 3000, "min_order": 12000,
            "delivery_radius_m": 3000, "hours": { "opens": 600, "closes": 1320 },
            "accepting": accepting, "open": accepting,
            "rating": rating.map(|(average_tenths, count)| {
                serde_json::json!({ "average_tenths": average_tenths, "count": count })
            }),
        });
        vec![serde_json::from_value(card).expect("a store card")]
    }

    /// The store list, read from `list` when stale, and its mark.
    async fn listed(cache: &CatalogueCache, list: Vec<StoreCard>) -> (Arc<Vec<StoreCard>>, Mark) {
        let read = cache.list(None, async { Ok(list) }).await.expect("read");
        let mark = cache.lists.marked(&None, None).expect("kept").mark;
        (read, mark)
    }

    #[tokio::test]
    async fn a_store_list_shows_new_stars_late_and_any_other_change_at_once() {
        let late = ListLateness {
            cards: Duration::ZERO,
            stars: Duration::from_secs(60),
        };
        let cache = CatalogueCache::new(Duration::ZERO).with_list_late(late);
        let (first, mark) = listed(&cache, list_of_one(Some((40, 1)), true)).await;
        cache.page_changed(store(1));
        let (stars_late, same_mark) = listed(&cache, list_of_one(Some((45, 2)), true)).await;
        assert_eq!(stars_late, first, "the stars as they were");
        assert_eq!(same_mark, mark, "pages rendered from the list stay");

        let closed = list_of_one(Some((45, 2)), false);
        let (read, new_mark) = listed(&cache, closed.clone()).await;
        assert_eq!(
            *read, closed,
            "another change shows at once, with the stars"
        );
        assert!(new_mark > mark);

        let at_once = CatalogueCache::new(Duration::ZERO);
        listed(&at_once, list_of_one(Some((40, 1)), true)).await;
        let newer = list_of_one(Some((45, 2)), true);
        let (read, _) = listed(&at_once, newer.clone()).await;
        assert_eq!(*read, newer, "with no lateness, stars show at once");
    }

    #[tokio::test]
    async fn a_store_list_shows_new_stars_once_its_mark_is_older_than_they_may_be_late() {
        let late = ListLateness {
            cards: Duration::ZERO,
            stars: Duration::from_secs(1),
        };
        let cache = CatalogueCache::new(Duration::ZERO).with_list_late(late);
        let (first, mark) = listed(&cache, list_of_one(Some((40, 1)), true)).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (late, same_mark) = listed(&cache, list_of_one(Some((45, 2)), true)).await;
        assert_eq!((late, same_mark), (first, mark), "late, as it was marked");
        // A second after the mark, not after the read kept late.
        tokio::time::sleep(Duration::from_millis(800)).await;
        let newer = list_of_one(Some((50, 3)), true);
        let (read, new_mark) = listed(&cache, newer.clone()).await;
        assert_eq!(*read, newer);
        assert!(new_mark > mark);
        let (again, same_mark) = listed(&cache, list_of_one(Some((55, 4)), true)).await;
        assert_eq!(
            *again, newer,
            "marked anew, the new stars may be late again"
        );
        assert_eq!(same_mark, new_mark);
    }

    #[tokio::test]
    async fn a_store_list_shows_a_change_after_a_quiet_while_at_once_and_the_next_within_its_bound()
    {
        let late = ListLateness {
            cards: Duration::from_millis(500),
            stars: Duration::ZERO,
        };
        let cache = CatalogueCache::new(Duration::ZERO).with_list_late(late);
        let (_, first_mark) = listed(&cache, list_of_one(None, true)).await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        let paused = list_of_one(None, false);
        cache.changed(store(1));
        let (read, mark) = listed(&cache, paused.clone()).await;
        assert_eq!(*read, paused, "after a quiet while, at once");
        assert!(mark > first_mark);

        cache.changed(store(1));
        let (read, same_mark) = listed(&cache, list_of_one(None, true)).await;
        assert_eq!(
            (&*read, same_mark),
            (&paused, mark),
            "the next change within the bound is late: pages rendered from the list stay"
        );
        tokio::time::sleep(Duration::from_millis(600)).await;
        let resumed = list_of_one(None, true);
        let (read, newer_mark) = listed(&cache, resumed.clone()).await;
        assert_eq!(*read, resumed, "once the mark is older than the bound");
        assert!(newer_mark > mark);

        let mut with_a_new_store = resumed.clone();
        with_a_new_store.push(StoreCard {
            id: store(2),
            ..resumed[0].clone()
        });
        let (read, newest_mark) = listed(&cache, with_a_new_store.clone()).await;
        assert_eq!(*read, with_a_new_store, "a new store, at once");
        assert!(newest_mark > newer_mark);
    }

    #[tokio::test]
    async fn a_change_of_what_only_a_stores_page_shows_leaves_the_lists_kept() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        let reads = AtomicUsize::new(0);
        cache.categories(counted(&reads)).await.unwrap();
        cache.menu(store(1), async { Ok(None) }).await.unwrap();
        cache.menu(store(2), async { Ok(None) }).await.unwrap();
        listed(&cache, Vec::new()).await;
        let counted_before = |part| (part, cache.changes(part));
        let before = [
            counted_before(Part::StoreList),
            counted_before(Part::Store(store(1))),
            counted_before(Part::Store(store(2))),
        ];
        cache.page_changed(store(1));
        assert!(cache.menus.fresh(&store(1), cache.fresh_for).is_none());
        assert!(cache.menus.fresh(&store(2), cache.fresh_for).is_some());
        assert!(cache.lists.fresh(&None, cache.fresh_for).is_some());
        assert!(cache.categories.fresh(&(), cache.fresh_for).is_some());
        let moved = before.map(|(part, then)| cache.changes(part) != then);
        assert_eq!(
            moved,
            [false, true, false],
            "only store 1's changes are counted"
        );
        cache.changed(store(2));
        assert!(cache.changes(Part::StoreList) > before[0].1, "a card's are");
    }

    #[tokio::test]
    async fn a_read_across_a_change_of_another_part_is_kept() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        cache
            .list(None, async {
                cache.page_changed(store(1));
                Ok(Vec::new())
            })
            .await
            .unwrap();
        assert!(
            cache.fresh_marked(Part::StoreList).is_none(),
            "no categories yet"
        );
        cache.categories(async { Ok(Vec::new()) }).await.unwrap();
        assert!(
            cache.fresh_marked(Part::StoreList).is_some(),
            "the list read across a change of store 1's page is kept"
        );
        cache
            .menu(store(2), async {
                cache.page_changed(store(1));
                Ok(None)
            })
            .await
            .unwrap();
        assert!(cache.fresh_marked(Part::Store(store(2))).is_some());

        // A change of a store's card is one of the lists'.
        cache.changed(store(1));
        cache
            .list(None, async {
                cache.changed(store(2));
                Ok(Vec::new())
            })
            .await
            .unwrap();
        assert!(cache.fresh_marked(Part::StoreList).is_none());
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
            (0..many).all(|key| shelf.fresh(&key, fresh).is_some()),
            "every entry that fits is kept"
        );
        // 1,000 bytes more than the bound: the least recently asked for go.
        shelf.fresh(&0, fresh);
        shelf.put_weighing(many, 0, Arc::new("large".into()), 1_000 + 10_000 - many * 3);
        assert!(shelf.fresh(&0, fresh).is_some(), "asked for last, kept");
        assert!(shelf.fresh(&many, fresh).is_some(), "put last, kept");
        let gone = (1..many)
            .filter(|key| shelf.fresh(key, fresh).is_none())
            .count();
        assert_eq!(gone, 334, "1,000 bytes of entries of 3 bytes go");
        assert!(
            (335..many).all(|key| shelf.fresh(&key, fresh).is_some()),
            "the least recently used went first"
        );
        // Put again under the same key, an entry counts once.
        shelf.put_weighing(many, 0, Arc::new("smaller".into()), 3);
        let kept = (0..=many)
            .filter(|key| shelf.fresh(key, fresh).is_some())
            .count();
        shelf.put_weighing(many + 1, 0, Arc::new("one more".into()), 3);
        assert_eq!(
            (0..=many + 1)
                .filter(|key| shelf.fresh(key, fresh).is_some())
                .count(),
            kept + 1,
            "room was freed by the lighter entry"
        );
    }

    #[tokio::test]
    async fn a_read_taken_again_is_marked_anew_only_when_it_finds_a_change() {
        // Every read is stale at once, and taken again from storage.
        let cache = CatalogueCache::new(Duration::ZERO);
        let read = |value: &str| {
            let value = vec![value.to_owned()];
            async move { Ok(value) }
        };
        assert_eq!(mark_of(&cache, Part::StoreList), None, "nothing read yet");
        cache.list(None, async { Ok(Vec::new()) }).await.unwrap();
        cache.categories(read("치킨")).await.unwrap();
        let first = mark_of(&cache, Part::StoreList).expect("read");
        cache.categories(read("치킨")).await.unwrap();
        cache.list(None, async { Ok(Vec::new()) }).await.unwrap();
        assert_eq!(
            mark_of(&cache, Part::StoreList),
            Some(first),
            "the same reads keep their mark"
        );
        let changed = cache.categories(read("피자")).await.unwrap();
        assert_eq!(*changed, vec!["피자".to_owned()]);
        let second = mark_of(&cache, Part::StoreList).expect("read");
        assert!(second > first, "a change marks it anew");
        cache.categories(read("피자")).await.unwrap();
        assert_eq!(mark_of(&cache, Part::StoreList), Some(second));
        // A store's page read for the first time is marked anew too, and
        // leaves the list's mark as it is.
        cache.menu(store(1), async { Ok(None) }).await.unwrap();
        assert!(mark_of(&cache, Part::Store(store(1))) > Some(second));
        assert_eq!(mark_of(&cache, Part::StoreList), Some(second));
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
        cache.changed(store(1));
        let after = cache.categories(counted(&reads)).await.unwrap();
        assert_eq!(*after, vec!["read 1".to_owned()]);
    }

    #[tokio::test]
    async fn a_change_of_one_store_leaves_what_is_kept_of_the_others() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        let reads = AtomicUsize::new(0);
        let menu = |id: i64| {
            let reads = &reads;
            cache.menu(store(id), async move {
                reads.fetch_add(1, Ordering::SeqCst);
                Ok(None)
            })
        };
        menu(1).await.unwrap();
        menu(2).await.unwrap();
        cache.list(None, async { Ok(Vec::new()) }).await.unwrap();
        cache
            .categories(async { Ok(vec!["치킨".to_owned()]) })
            .await
            .unwrap();
        let (one, two) = (
            mark_of(&cache, Part::Store(store(1))),
            mark_of(&cache, Part::Store(store(2))),
        );
        let list = mark_of(&cache, Part::StoreList).expect("read");

        cache.changed(store(1));
        menu(2).await.unwrap();
        assert_eq!(
            reads.load(Ordering::SeqCst),
            2,
            "store 2 is served from memory"
        );
        menu(1).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 3, "store 1 is read again");
        assert_eq!(
            mark_of(&cache, Part::Store(store(1))),
            one,
            "and found the same"
        );
        let categories = cache
            .categories(async { Ok(vec!["피자".to_owned()]) })
            .await
            .unwrap();
        assert_eq!(
            *categories,
            vec!["피자".to_owned()],
            "the categories are read again"
        );
        assert!(
            mark_of(&cache, Part::StoreList) > Some(list),
            "and found changed"
        );
        assert_eq!(mark_of(&cache, Part::Store(store(2))), two);
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
                cache.changed(store(1));
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
        let fresh = cache.fresh_marked(Part::Store(store(1)));
        assert!(fresh.is_some(), "the read after the change is fresh");

        // Made stale by a change, and read again across another: what is
        // kept is not fresh, so no page is checked against it.
        cache.changed(store(1));
        let read_across = cache.menu(store(1), async {
            cache.changed(store(1));
            Ok(None)
        });
        read_across.await.unwrap();
        assert_eq!(cache.fresh_marked(Part::Store(store(1))), None);
    }

    #[tokio::test]
    async fn a_read_overtaken_by_a_newer_one_is_not_kept() {
        // Every read is stale at once, and taken again from storage.
        let cache = CatalogueCache::new(Duration::ZERO);
        let chicken = || vec!["치킨".to_owned()];
        cache.categories(async { Ok(chicken()) }).await.unwrap();
        let old = cache
            .categories(async {
                // While this read is on its way with what was so, another,
                // later (one that no longer waited for this one), finds the
                // categories changed and is kept.
                let newer = cache.marks_given.fetch_add(1, Ordering::AcqRel) + 1;
                cache
                    .categories
                    .put((), newer, Arc::new(vec!["피자".to_owned()]));
                Ok(chicken())
            })
            .await
            .unwrap();
        assert_eq!(*old, chicken());
        let kept = cache.categories.last_read(&()).expect("a read kept").value;
        assert_eq!(*kept, vec!["피자".to_owned()], "the newer read stays");
    }

    #[tokio::test]
    async fn callers_at_once_share_a_read_begun_since_the_last_change() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        let reads = AtomicUsize::new(0);
        let (first, second) = asked_at_once(&cache, counted(&reads), &reads).await;
        assert_eq!(reads.load(Ordering::SeqCst), 1, "one read for both");
        assert_eq!(first.unwrap(), second.unwrap());

        // A caller after a change does not wait for a read begun before it.
        cache.changed(store(1));
        let (answer, answered) = oneshot::channel();
        let before_the_change = cache.categories(held(counted(&reads), answered));
        let after_the_change = async {
            tokio::task::yield_now().await;
            cache.changed(store(1));
            let after = cache.categories(counted(&reads)).await;
            answer.send(()).expect("the first read waits");
            after
        };
        let (before, after) = tokio::join!(before_the_change, after_the_change);
        assert_eq!(reads.load(Ordering::SeqCst), 3, "a read of its own");
        assert_eq!(*before.unwrap(), vec!["read 1".to_owned()]);
        assert_eq!(*after.unwrap(), vec!["read 2".to_owned()]);
        let kept = cache.categories.last_read(&()).expect("a read kept").value;
        assert_eq!(*kept, vec!["read 2".to_owned()], "the read after it stays");
    }

    #[tokio::test]
    async fn callers_waiting_for_a_read_that_fails_fail_with_it() {
        let cache = CatalogueCache::new(Duration::from_secs(60));
        let reads = AtomicUsize::new(0);
        let failing_read = async {
            reads.fetch_add(1, Ordering::SeqCst);
            Err(PortError::Conflict)
        };
        let (first, second) = asked_at_once(&cache, failing_read, &reads).await;
        assert_eq!(first, Err(PortError::Conflict));
        assert_eq!(second, Err(PortError::Conflict), "not a read of its own");
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        cache.categories(counted(&reads)).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 2, "a caller after it reads");
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
        assert_eq!(shelf.fresh(&0, fresh).map(|(v, _)| *v), Some(0));
        shelf.put(MOST_KEYS.get(), 0, Arc::new(MOST_KEYS.get()));
        assert_eq!(
            shelf.fresh(&0, fresh).map(|(v, _)| *v),
            Some(0),
            "used last"
        );
        assert!(shelf.fresh(&1, fresh).is_none(), "used least");
        for key in 2..=MOST_KEYS.get() {
            assert!(shelf.fresh(&key, fresh).is_some(), "{key} is kept");
        }
    }
}
