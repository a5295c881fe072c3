//! Work on its way (a read of the catalogue, a page's rendering), shared by
//! the callers who ask for the same at once.
//!
//! A caller joins the work on a key begun since the last change made here,
//! or begins it: it then waits for that work instead of doing it again, and
//! has what it came to. If the caller doing it goes before it is done, one
//! of those waiting does it instead. The work leaves those on their way
//! once done, or when no caller is left waiting for it, so that a caller
//! after that does it anew.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::OnceCell;

/// Work on its way, by key, each with the number of changes made here when
/// it began.
pub(crate) struct Flights<K, T> {
    on_their_way: Mutex<HashMap<K, (u64, Flight<T>)>>,
}

/// One piece of work on its way: what it came to, once done.
type Flight<T> = Arc<OnceCell<T>>;

impl<K, T> Default for Flights<K, T> {
    fn default() -> Self {
        Self {
            on_their_way: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash + Clone, T> Flights<K, T> {
    fn lock(&self) -> MutexGuard<'_, HashMap<K, (u64, Flight<T>)>> {
        self.on_their_way.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The work on `key` on its way since `changes`, or a new one.
    pub(crate) fn join(&self, key: &K, changes: u64) -> Joined<'_, K, T> {
        let mut flights = self.lock();
        let flight = match flights.get(key) {
            Some((begun, flight)) if *begun == changes => Arc::clone(flight),
            _ => {
                let flight = Flight::default();
                flights.insert(key.clone(), (changes, Arc::clone(&flight)));
                flight
            }
        };
        Joined {
            flights: self,
            key: key.clone(),
            flight,
        }
    }
}

/// A caller's place in a piece of work on its way.
pub(crate) struct Joined<'a, K: Eq + Hash + Clone, T> {
    flights: &'a Flights<K, T>,
    key: K,
    flight: Flight<T>,
}

impl<K: Eq + Hash + Clone, T> Joined<'_, K, T> {
    /// What the work came to: done by `work` if no other caller is doing it,
    /// else waited for.
    pub(crate) async fn done_by<F, Fut>(&self, work: F) -> &T
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        self.flight.get_or_init(work).await
    }
}

impl<K: Eq + Hash + Clone, T> Drop for Joined<'_, K, T> {
    /// The work leaves those on their way once done, or when no caller is
    /// left waiting for it; a caller gone while others wait leaves it on
    /// its way, and one of them does it.
    fn drop(&mut self) {
        let mut flights = self.flights.lock();
        // This caller lets go while no other can join or let go, so that
        // the count of those holding the work is exact.
        let flight = std::mem::take(&mut self.flight);
        let this_one = |(_, held): &(u64, Flight<T>)| Arc::ptr_eq(held, &flight);
        // Held by the map and by this caller alone.
        let last = Arc::strong_count(&flight) == 2;
        if flights.get(&self.key).is_some_and(this_one) && (flight.initialized() || last) {
            flights.remove(&self.key);
        }
        drop(flight);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &Joined<'_, u8, u32>, b: &Joined<'_, u8, u32>) -> bool {
        Arc::ptr_eq(&a.flight, &b.flight)
    }

    #[test]
    fn callers_join_the_work_begun_since_the_same_change() {
        let flights = Flights::<u8, u32>::default();
        let first = flights.join(&1, 0);
        assert!(same(&first, &flights.join(&1, 0)));
        assert!(!same(&first, &flights.join(&2, 0)), "another key");
        let after_a_change = flights.join(&1, 1);
        assert!(!same(&first, &after_a_change));
        assert!(
            same(&after_a_change, &flights.join(&1, 1)),
            "the newer work is the one on its way"
        );
    }

    #[test]
    fn a_caller_gone_while_others_wait_leaves_the_work_on_its_way() {
        let flights = Flights::<u8, u32>::default();
        let doing = flights.join(&1, 0);
        drop(flights.join(&1, 0));
        let later = flights.join(&1, 0);
        assert!(
            same(&doing, &later),
            "a caller after it joins the same work"
        );
        drop(doing);
        drop(later);
        let anew = flights.join(&1, 0);
        let again = flights.join(&1, 0);
        assert!(same(&anew, &again));
        assert_eq!(flights.lock().len(), 1);
        drop((anew, again));
        assert!(flights.lock().is_empty(), "no caller left, no work kept");
    }

    #[tokio::test]
    async fn work_done_leaves_and_a_caller_after_it_does_it_anew() {
        let flights = Flights::<u8, u32>::default();
        let first = flights.join(&1, 0);
        let waiting = flights.join(&1, 0);
        assert_eq!(*first.done_by(|| async { 1 }).await, 1);
        drop(first);
        assert!(
            flights.lock().is_empty(),
            "done work leaves those on their way"
        );
        assert_eq!(*waiting.done_by(|| async { 2 }).await, 1, "waited for");
        let after = flights.join(&1, 0);
        assert_eq!(*after.done_by(|| async { 3 }).await, 3);
    }
}
