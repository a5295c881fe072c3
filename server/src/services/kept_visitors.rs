//! What a signed-in visitor's page reads of them (their session and account,
//! a customer's record and their coupons for a store), kept in memory until
//! it changes, so that a page of a visitor seen before reads no database.
//! A server function's caller is found here too, whatever their role.
//!
//! Everything that changes such a read forgets the visitors it concerns,
//! on every instance:
//! - a session ended, an address saved or deleted: the account's
//!   reads, at once here and, through the other instances' bus, there;
//! - every committed change of an order, which every instance routes from
//!   the event log: its customer's reads (their completed orders, the
//!   coupons they used), and when the order has a coupon the reads of its
//!   store's offers by everyone (how many of the coupon are taken);
//! - a coupon issued: the reads of its store's offers.
//!
//! A read is stamped with the count of changes before it was made, so a
//! change that lands while it is being read forgets it too. What time
//! changes is checked at each use: a session that expired or went idle is
//! read again from storage (another instance may have seen it used), and a
//! coupon past its date is no longer offered. When the bus was lost and is
//! back, every read is forgotten; and none serves longer than
//! [`KEEP_AT_MOST`], which bounds what a message lost without notice could
//! leave unseen.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use domain::{AccountId, Order, StoreId, Timestamp};
use lru::LruCache;
use storage::PageVisitor;

/// How long a read serves at most, whatever is heard of changes.
pub const KEEP_AT_MOST: Duration = Duration::from_secs(60);

/// Reads kept; beyond it the least recently used goes.
const MOST_READS: NonZeroUsize = NonZeroUsize::new(50_000).unwrap();

/// Accounts and stores whose last change is remembered. Beyond it the
/// changes older than [`KEEP_AT_MOST`] are dropped, as no read they could
/// concern still serves; if that does not free half of them, every read is
/// forgotten with them, so that the memory stays bounded.
const MOST_CHANGED: usize = 100_000;

/// A visitor's session and, on a store's page, that store.
type ReadKey = (String, Option<StoreId>);

pub struct KeptVisitors {
    state: Mutex<State>,
    keep_at_most: Duration,
    most_changed: usize,
}

struct State {
    reads: LruCache<ReadKey, Kept>,
    /// Counts changes; a read is valid while nothing it depends on changed
    /// after the count it was stamped with.
    changes: u64,
    /// The last change of what is read of each account.
    accounts: HashMap<AccountId, Change>,
    /// The last change of each store's coupon offers.
    offers: HashMap<StoreId, Change>,
    /// The count when every read was last forgotten.
    all: u64,
}

struct Kept {
    visitor: PageVisitor,
    stamp: Stamp,
}

/// The count of changes and the time, taken before a read is made.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    count: u64,
    at: Instant,
}

/// A change: its count and when it was heard.
#[derive(Debug, Clone, Copy)]
struct Change {
    count: u64,
    at: Instant,
}

/// A kept read found for a page.
pub struct Found {
    pub visitor: PageVisitor,
    /// Whether the session's use is due to be recorded: its last use, as
    /// kept, is older than `touch_every`. The kept read counts it as used
    /// now.
    pub use_due: bool,
}

impl Default for KeptVisitors {
    fn default() -> Self {
        Self::new(KEEP_AT_MOST, MOST_CHANGED)
    }
}

impl KeptVisitors {
    fn new(keep_at_most: Duration, most_changed: usize) -> Self {
        Self {
            state: Mutex::new(State {
                reads: LruCache::new(MOST_READS),
                changes: 0,
                accounts: HashMap::new(),
                offers: HashMap::new(),
                all: 0,
            }),
            keep_at_most,
            most_changed,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The read kept for this session and store, if nothing it depends on
    /// changed since and the session is still valid by `now` and
    /// `idle_cutoff`.
    pub fn get(
        &self,
        token_hash: &str,
        store: Option<StoreId>,
        now: Timestamp,
        idle_cutoff: Timestamp,
        touch_every_ms: i64,
    ) -> Option<Found> {
        let mut state = self.state();
        let key = (token_hash.to_owned(), store);
        let valid = {
            let State {
                reads,
                accounts,
                offers,
                all,
                ..
            } = &mut *state;
            let kept = reads.get_mut(&key)?;
            let stamp = kept.stamp;
            let changed_after =
                |last: Option<&Change>| last.is_some_and(|last| last.count > stamp.count);
            let session = kept.visitor.session;
            let valid = stamp.count >= *all
                && stamp.at.elapsed() < self.keep_at_most
                && !changed_after(accounts.get(&kept.visitor.account.id))
                && !store.is_some_and(|store| changed_after(offers.get(&store)))
                && session.expires > now
                && session.last_seen > idle_cutoff;
            valid.then(|| {
                let use_due = now.millis() - session.last_seen.millis() >= touch_every_ms;
                if use_due {
                    kept.visitor.session.last_seen = now;
                }
                let mut visitor = kept.visitor.clone();
                if let Some(offers) = &mut visitor.offers {
                    offers.retain(|offer| offer.expires_at > now);
                }
                Found { visitor, use_due }
            })
        };
        if valid.is_none() {
            state.reads.pop(&key);
        }
        valid
    }

    /// The stamp for a read about to be made.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            count: self.state().changes,
            at: Instant::now(),
        }
    }

    /// Keeps a read made after `stamp`.
    pub fn keep(
        &self,
        token_hash: &str,
        store: Option<StoreId>,
        visitor: PageVisitor,
        stamp: Stamp,
    ) {
        let kept = Kept { visitor, stamp };
        self.state().reads.put((token_hash.to_owned(), store), kept);
    }

    /// What is read of `account` changed.
    pub fn forget_account(&self, account: AccountId) {
        let mut state = self.state();
        let change = self.next_change(&mut state);
        state.accounts.insert(account, change);
    }

    /// The coupons `store` offers changed.
    pub fn forget_offers(&self, store: StoreId) {
        let mut state = self.state();
        let change = self.next_change(&mut state);
        state.offers.insert(store, change);
    }

    /// `order` changed: what its customer reads, and when it has a coupon,
    /// what its store offers.
    pub fn forget_order(&self, order: &Order) {
        let mut state = self.state();
        let change = self.next_change(&mut state);
        state.accounts.insert(order.customer, change);
        if order.coupon.is_some() {
            state.offers.insert(order.store, change);
        }
    }

    /// Anything may have changed unheard.
    pub fn forget_all(&self) {
        let mut state = self.state();
        state.all = self.next_change(&mut state).count;
        state.accounts.clear();
        state.offers.clear();
    }

    /// Counts a change. When too many changes are remembered, those older
    /// than any read that still serves are dropped, or every read is
    /// forgotten when that is not enough.
    fn next_change(&self, state: &mut State) -> Change {
        state.changes += 1;
        if state.accounts.len() + state.offers.len() >= self.most_changed {
            let serving = |change: &mut Change| change.at.elapsed() < self.keep_at_most;
            state.accounts.retain(|_, change| serving(change));
            state.offers.retain(|_, change| serving(change));
            if state.accounts.len() + state.offers.len() > self.most_changed / 2 {
                state.all = state.changes;
                state.accounts.clear();
                state.offers.clear();
            }
        }
        Change {
            count: state.changes,
            at: Instant::now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{Account, Role};
    use storage::SessionTimes;

    const MINUTE: i64 = 60_000;

    fn visitor(id: i64, last_seen: i64, expires: i64) -> PageVisitor {
        PageVisitor {
            account: Account {
                id: AccountId::parse(id).unwrap(),
                name: "손님".into(),
                email: "guest@baedal.test".into(),
                role: Role::Customer,
                home: None,
                stores: Vec::new(),
            },
            session: SessionTimes {
                last_seen: Timestamp::from_millis(last_seen),
                expires: Timestamp::from_millis(expires),
            },
            customer: None,
            offers: Some(Vec::new()),
        }
    }

    fn at(millis: i64) -> Timestamp {
        Timestamp::from_millis(millis)
    }

    fn found(kept: &KeptVisitors, store: Option<i64>, now: i64) -> Option<Found> {
        let store = store.map(|store| StoreId::parse(store).unwrap());
        kept.get("token", store, at(now), at(now - 30 * MINUTE), MINUTE)
    }

    #[test]
    fn a_read_serves_until_what_it_depends_on_changes() {
        let kept = KeptVisitors::default();
        let store = StoreId::parse(2).unwrap();
        kept.keep("token", None, visitor(7, 1_000, 10 * MINUTE), kept.stamp());
        kept.keep(
            "token",
            Some(store),
            visitor(7, 1_000, 10 * MINUTE),
            kept.stamp(),
        );
        assert!(found(&kept, None, 2_000).is_some());
        assert!(found(&kept, Some(2), 2_000).is_some());

        kept.forget_offers(StoreId::parse(3).unwrap());
        kept.forget_account(AccountId::parse(8).unwrap());
        assert!(found(&kept, Some(2), 2_000).is_some(), "others' changes");

        kept.forget_offers(store);
        assert!(found(&kept, Some(2), 2_000).is_none(), "the store's offers");
        assert!(found(&kept, None, 2_000).is_some(), "a page of no store");

        kept.forget_account(AccountId::parse(7).unwrap());
        assert!(found(&kept, None, 2_000).is_none(), "the account");
    }

    #[test]
    fn a_read_that_a_change_overtook_is_not_served() {
        let kept = KeptVisitors::default();
        let stamp = kept.stamp();
        kept.forget_account(AccountId::parse(7).unwrap());
        kept.keep("token", None, visitor(7, 1_000, 10 * MINUTE), stamp);
        assert!(found(&kept, None, 2_000).is_none());

        kept.keep("token", None, visitor(7, 1_000, 10 * MINUTE), kept.stamp());
        kept.forget_all();
        assert!(found(&kept, None, 2_000).is_none());
    }

    #[test]
    fn remembered_changes_stay_bounded_and_no_read_outlives_one() {
        let keep_at_most = Duration::from_millis(200);
        let kept = KeptVisitors::new(keep_at_most, 4);
        let account = |id| AccountId::parse(id).unwrap();
        kept.keep("token", None, visitor(7, 1_000, 10 * MINUTE), kept.stamp());
        for id in [7, 9, 10] {
            kept.forget_account(account(id));
        }
        std::thread::sleep(keep_at_most + Duration::from_millis(50));
        let other =
            |kept: &KeptVisitors| kept.get("other", None, at(2_000), at(0), MINUTE).is_some();
        kept.keep("other", None, visitor(8, 1_000, 10 * MINUTE), kept.stamp());
        kept.forget_account(account(11));
        kept.forget_account(account(12));
        assert_eq!(kept.state().accounts.len(), 2, "the old changes dropped");
        assert!(
            found(&kept, None, 2_000).is_none(),
            "a read older than them"
        );
        assert!(other(&kept), "a read after them still serves");

        for id in 20..26 {
            kept.forget_account(account(id));
        }
        assert!(kept.state().accounts.len() <= 4);
        assert!(!other(&kept), "every read forgotten when all are recent");
    }

    #[test]
    fn a_session_past_its_times_is_read_again_and_its_use_is_counted() {
        let kept = KeptVisitors::default();
        kept.keep("token", None, visitor(7, 1_000, 10 * MINUTE), kept.stamp());
        let first = found(&kept, None, 2_000).unwrap();
        assert!(!first.use_due);
        let later = found(&kept, None, 1_000 + MINUTE).unwrap();
        assert!(later.use_due, "a minute after its last use");
        assert_eq!(later.visitor.session.last_seen, at(1_000 + MINUTE));
        assert!(!found(&kept, None, 2_000 + MINUTE).unwrap().use_due);
        assert!(found(&kept, None, 10 * MINUTE).is_none(), "expired");

        kept.keep("token", None, visitor(7, 1_000, 100 * MINUTE), kept.stamp());
        assert!(found(&kept, None, 1_000 + 31 * MINUTE).is_none(), "idle");
    }
}
