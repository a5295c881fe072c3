//! The open streams, indexed by who they may hear of: each account's own,
//! the owners of each store, the riders in each cell of the grid, and the
//! operators. A change goes to the streams whose account `may_hear` it; a
//! stream whose queue is full is closed as slow.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use app::access::may_hear;
use app::model::{Account, Role};
use bytes::Bytes;
use domain::{AccountId, Coordinates, OrderStatus, StoreId};
use futures::channel::mpsc;

use super::grid::RiderGrid;
use super::recent::Entry;

/// Whether `account`, a rider at `rider_at` if a rider, may hear of
/// `entry`'s change: the one rule, `access::may_hear`.
pub(super) fn hears(
    account: &Account,
    entry: &Entry,
    rider_at: Option<Coordinates>,
    rider_radius_m: u32,
) -> bool {
    may_hear(
        account,
        &entry.published.order,
        entry.published.store_location,
        rider_at,
        rider_radius_m,
    )
}

/// One open stream.
#[derive(Debug)]
struct Stream {
    key: StreamKey,
    queue: mpsc::Sender<Bytes>,
    /// The newest change this stream has been given.
    caught_up: i64,
    /// The session it was opened with, checked now and then.
    token: Arc<str>,
}

/// Names one stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct StreamKey(u64);

/// An account with open streams.
#[derive(Debug)]
struct Listener {
    account: Account,
    streams: Vec<Stream>,
}

/// Why streams left.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Dropped {
    /// Their queue was full: the client did not keep up.
    pub(super) slow: usize,
}

#[derive(Debug)]
pub(super) struct Registry {
    next_key: u64,
    listeners: HashMap<AccountId, Listener>,
    owners: HashMap<StoreId, Vec<AccountId>>,
    operators: HashSet<AccountId>,
    grid: RiderGrid,
    /// Where on-duty riders are; off duty, a rider is at their base.
    on_duty: HashMap<AccountId, Coordinates>,
    rider_radius_m: u32,
}

impl Registry {
    pub(super) fn new(rider_radius_m: u32) -> Self {
        Self {
            next_key: 0,
            listeners: HashMap::new(),
            owners: HashMap::new(),
            operators: HashSet::new(),
            grid: RiderGrid::for_radius(rider_radius_m),
            on_duty: HashMap::new(),
            rider_radius_m,
        }
    }

    /// Where `rider` hears offers from: where they are on duty, else their base.
    pub(super) fn rider_position(&self, account: &Account) -> Option<Coordinates> {
        self.on_duty
            .get(&account.id)
            .copied()
            .or(account.home.as_ref().map(|home| home.location))
    }

    /// Whether `account` may hear of `entry`'s change.
    fn may_hear(&self, account: &Account, entry: &Entry) -> bool {
        hears(
            account,
            entry,
            self.rider_position(account),
            self.rider_radius_m,
        )
    }

    /// Adds a stream for `account` that has been given every change up to
    /// `caught_up`.
    pub(super) fn add(
        &mut self,
        account: &Account,
        token: Arc<str>,
        queue: mpsc::Sender<Bytes>,
        caught_up: i64,
    ) -> StreamKey {
        self.next_key += 1;
        let key = StreamKey(self.next_key);
        let stream = Stream {
            key,
            queue,
            caught_up,
            token,
        };
        if let Some(listener) = self.listeners.get_mut(&account.id) {
            listener.streams.push(stream);
            return key;
        }
        match account.role {
            Role::StoreOwner => {
                for store in &account.stores {
                    self.owners.entry(*store).or_default().push(account.id);
                }
            }
            Role::Rider => {
                let at = self.rider_position(account);
                self.grid.place(account.id, at);
            }
            Role::Operator => {
                self.operators.insert(account.id);
            }
            Role::Customer => {}
        }
        self.listeners.insert(
            account.id,
            Listener {
                account: account.clone(),
                streams: vec![stream],
            },
        );
        key
    }

    /// Closes the streams named, and forgets an account left without any.
    pub(super) fn remove(&mut self, account: AccountId, keys: &[StreamKey]) {
        let Some(listener) = self.listeners.get_mut(&account) else {
            return;
        };
        listener.streams.retain(|s| !keys.contains(&s.key));
        if !listener.streams.is_empty() {
            return;
        }
        let Some(listener) = self.listeners.remove(&account) else {
            return;
        };
        for store in &listener.account.stores {
            if let Some(owners) = self.owners.get_mut(store) {
                owners.retain(|owner| *owner != account);
                if owners.is_empty() {
                    self.owners.remove(store);
                }
            }
        }
        self.grid.place(account, None);
        self.operators.remove(&account);
    }

    /// Closes every stream.
    pub(super) fn clear(&mut self) {
        self.listeners.clear();
        self.owners.clear();
        self.operators.clear();
        self.grid = RiderGrid::for_radius(self.rider_radius_m);
    }

    /// Records where an on-duty rider is (`None`: off duty, back at base).
    pub(super) fn rider_at(&mut self, rider: AccountId, position: Option<Coordinates>) {
        match position {
            Some(position) => self.on_duty.insert(rider, position),
            None => self.on_duty.remove(&rider),
        };
        if let Some(listener) = self.listeners.get(&rider) {
            let at = self.rider_position(&listener.account);
            self.grid.place(rider, at);
        }
    }

    /// The accounts that might hear of `entry`'s change: its customer, its
    /// store's owners, its rider, the riders near its store while it is on
    /// offer, the operators. `may_hear` decides.
    fn candidates(&self, entry: &Entry) -> Vec<AccountId> {
        let order = &entry.published.order;
        let mut candidates = vec![order.customer];
        if let Some(owners) = self.owners.get(&order.store) {
            candidates.extend_from_slice(owners);
        }
        candidates.extend(order.rider);
        if matches!(
            order.status,
            OrderStatus::ReadyForPickup | OrderStatus::RiderAssigned
        ) {
            candidates.extend(
                self.grid
                    .around(entry.published.store_location, self.rider_radius_m),
            );
        }
        candidates.extend(self.operators.iter().copied());
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// Queues `entry`'s change on every stream that may hear of it and has
    /// not had it yet.
    pub(super) fn route(&mut self, entry: &Entry) -> Dropped {
        let mut hearing = self.candidates(entry);
        hearing.retain(|account| {
            self.listeners
                .get(account)
                .is_some_and(|listener| self.may_hear(&listener.account, entry))
        });
        let mut dropped = Dropped::default();
        for account in hearing {
            dropped.slow += self.send_to(account, &entry.frame, Some(entry.id()));
        }
        dropped
    }

    /// Queues `frame` on every stream of `account`.
    pub(super) fn send_to_account(&mut self, account: AccountId, frame: &Bytes) -> Dropped {
        Dropped {
            slow: self.send_to(account, frame, None),
        }
    }

    /// Queues `frame` on every stream.
    pub(super) fn send_to_all(&mut self, frame: &Bytes) -> Dropped {
        let accounts: Vec<AccountId> = self.listeners.keys().copied().collect();
        let mut dropped = Dropped::default();
        for account in accounts {
            dropped.slow += self.send_to(account, frame, None);
        }
        dropped
    }

    /// Queues `frame` on `account`'s streams (for a change, those not
    /// caught up with `change_id`); closes those that are full or gone, and
    /// says how many were full.
    fn send_to(&mut self, account: AccountId, frame: &Bytes, change_id: Option<i64>) -> usize {
        let Some(listener) = self.listeners.get_mut(&account) else {
            return 0;
        };
        let mut closed = Vec::new();
        let mut slow = 0;
        for stream in &mut listener.streams {
            if change_id.is_some_and(|id| stream.caught_up >= id) {
                continue;
            }
            match stream.queue.try_send(frame.clone()) {
                Ok(()) => {
                    if let Some(id) = change_id {
                        stream.caught_up = id;
                    }
                }
                Err(full) if full.is_full() => {
                    slow += 1;
                    closed.push(stream.key);
                }
                Err(_gone) => closed.push(stream.key),
            }
        }
        if !closed.is_empty() {
            self.remove(account, &closed);
        }
        slow
    }

    /// Every open stream with its account and session, to check.
    pub(super) fn sessions(&self) -> Vec<(AccountId, StreamKey, Arc<str>)> {
        self.listeners
            .values()
            .flat_map(|listener| {
                listener
                    .streams
                    .iter()
                    .map(|s| (listener.account.id, s.key, s.token.clone()))
            })
            .collect()
    }
}
