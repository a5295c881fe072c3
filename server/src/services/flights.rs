//! Work on its way (a read of the catalogue, a page's rendering), shared by
//! the callers who ask for the same at once.
//!
//! A caller joins the work on a key begun since the last change made here,
//! or begins it: it then waits for that work instead of doing it again, and
//! has what it came to. If the caller doing it goes before it is done, one
//! of those waiting does it instead. The work leaves those on their way
//! when one of its callers is done with it (or gone), so that a caller
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
    fn drop(&mut self) {
        let mut flights = self.flights.lock();
        let this_one = |(_, flight): &(u64, Flight<T>)| Arc::ptr_eq(flight, &self.flight);
        if flights.get(&self.key).is_some_and(this_one) {
            flights.remove(&self.key);
        }
    }
}
