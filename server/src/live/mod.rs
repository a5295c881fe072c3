//! Live changes. Every committed event is published to the hub, which
//! encodes it once and queues it on the streams of exactly the accounts
//! that may hear of it (`access::may_hear`): its customer, its store's
//! owners, its rider, the riders near its store while it is on offer, the
//! operators. Each stream has a bounded queue; one that fills up is closed,
//! and its browser comes back with `Last-Event-ID` for what it missed.
//! With other instances on the same database, changes come from the log
//! instead, in the same order on every instance (see [`instances`]).

mod frames;
mod grid;
mod instances;
mod recent;
mod registry;
mod stream;

pub use instances::Instances;
pub use stream::LiveBody;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use app::model::{Account, LiveNotice};
use domain::{AccountId, Coordinates, Order, OrderId, StoreId, Timestamp};
use futures::future::BoxFuture;
use storage::port::OrderStorage;
use storage::InstanceBus;
use storage::StorageError;
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::metrics::{Metrics, StreamGuard};
use crate::services::KeptVisitors;
use recent::{Entry, Recent};
use registry::{Dropped, Registry};

/// One committed change: the event's id and the order after it.
#[derive(Debug, Clone)]
pub struct Published {
    pub event_id: i64,
    pub order: Order,
    /// Where the order's store is, for riders who hear only of offers near them.
    pub store_location: Coordinates,
    /// When it was committed; for a change read back from the log, when it was read.
    pub committed_at: Timestamp,
}

/// How the hub runs.
#[derive(Debug, Clone, Copy)]
pub struct LiveSettings {
    /// How far from a store riders hear of its deliveries.
    pub rider_radius_m: u32,
    /// Events a stream may have waiting before it is closed as slow.
    pub stream_queue: usize,
    /// Changes kept in memory for streams that resume.
    pub recent_changes: usize,
    /// How often an idle stream gets a comment.
    pub keep_alive: Duration,
    /// How many streams may be opened a second.
    pub opens_per_second: u32,
}

/// Changes read from the log per query when streams resume from further
/// back than the hub remembers.
const LOG_PAGE: i64 = 1_000;

struct State {
    registry: Registry,
    recent: Recent,
    /// The newest event id known to exist.
    newest: Option<i64>,
    closed: bool,
}

impl State {
    fn saw(&mut self, event_id: i64) {
        self.newest = Some(self.newest.map_or(event_id, |newest| newest.max(event_id)));
    }
}

/// Where committed changes are announced and streams are opened.
#[derive(Clone)]
pub struct LiveHub {
    state: Arc<Mutex<State>>,
    changes: mpsc::UnboundedSender<Published>,
    /// One read of the log at a time fills a gap for everyone.
    filling: Arc<tokio::sync::Mutex<()>>,
    /// Turns to open a stream, each held for a millisecond (see
    /// [`LiveHub::turn_to_open`]).
    opening: Arc<tokio::sync::Semaphore>,
    log: Arc<dyn OrderStorage>,
    metrics: Arc<Metrics>,
    closing: CancellationToken,
    settings: LiveSettings,
    /// The other instances on the same database, if there are any.
    instances: Option<Arc<dyn InstanceBus>>,
    /// Wakes the follower of the log after this instance's commits.
    follow: Arc<Notify>,
    /// What signed-in visitors' pages read of them, forgotten as what they
    /// read changes.
    visitors: Arc<KeptVisitors>,
}

fn locked(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl LiveHub {
    /// A hub reading missed changes from `log`; it routes changes and keeps
    /// idle streams alive until [`LiveHub::close`]. With `instances`, it
    /// routes what the log holds rather than what is published, and tells
    /// the other instances of notices and riders.
    pub fn start(
        settings: LiveSettings,
        log: Arc<dyn OrderStorage>,
        metrics: Arc<Metrics>,
        instances: Option<Instances>,
        visitors: Arc<KeptVisitors>,
    ) -> Self {
        let state = Arc::new(Mutex::new(State {
            registry: Registry::new(settings.rider_radius_m),
            recent: Recent::new(settings.recent_changes),
            newest: None,
            closed: false,
        }));
        let (changes, published) = mpsc::unbounded_channel();
        let hub = Self {
            state,
            changes,
            filling: Arc::default(),
            opening: Arc::new(tokio::sync::Semaphore::new(
                (settings.opens_per_second as usize / 1_000).max(1),
            )),
            log,
            metrics,
            closing: CancellationToken::new(),
            settings,
            instances: None,
            follow: Arc::default(),
            visitors,
        };
        tokio::spawn(route_changes(
            hub.state.clone(),
            published,
            hub.metrics.clone(),
        ));
        tokio::spawn(hub.clone().keep_alive());
        match instances {
            Some(Instances { bus, messages }) => {
                let hub = Self {
                    instances: Some(bus),
                    ..hub
                };
                tokio::spawn(instances::follow(hub.clone(), messages, hub.follow.clone()));
                hub
            }
            None => hub,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        locked(&self.state)
    }

    fn count(&self, dropped: Dropped) {
        self.metrics.live_dropped_slow(dropped.slow);
    }

    /// Announces a committed change. Changes are routed in the order they
    /// are published; with other instances, in the log's order, read now.
    pub fn publish(&self, change: Published) {
        self.visitors.forget_order(&change.order);
        if self.instances.is_some() {
            self.follow.notify_one();
            return;
        }
        self.route(change);
    }

    fn route(&self, change: Published) {
        // After close nobody listens.
        let _ = self.changes.send(change);
    }

    /// What signed-in visitors' pages read of them, as kept here.
    pub fn kept_visitors(&self) -> &Arc<KeptVisitors> {
        &self.visitors
    }

    /// What a visitor's pages read of `account` changed: it is read again,
    /// here at once and on every instance when it hears.
    pub fn visitor_changed(&self, account: AccountId) {
        self.visitors.forget_account(account);
        if let Some(bus) = &self.instances {
            instances::say(bus, &instances::Said::VisitorChanged { account });
        }
    }

    /// The coupons `store` offers changed: they are read again, here at once
    /// and on every instance when it hears.
    pub fn offers_changed(&self, store: StoreId) {
        self.visitors.forget_offers(store);
        if let Some(bus) = &self.instances {
            instances::say(bus, &instances::Said::OffersChanged { store });
        }
    }

    /// Shows an in-app notification on the screens `recipient` has open,
    /// on every instance.
    pub fn notify(&self, recipient: AccountId, href: String, text: String) {
        match &self.instances {
            Some(bus) => instances::say(
                bus,
                &instances::Said::Notice {
                    recipient,
                    href,
                    text,
                },
            ),
            None => self.notify_here(recipient, href, text),
        }
    }

    fn notify_here(&self, recipient: AccountId, href: String, text: String) {
        let frame = frames::notice(&LiveNotice { href, text });
        let dropped = self.state().registry.send_to_account(recipient, &frame);
        self.count(dropped);
    }

    /// Tells the customer of `order` that its rider moved, on every instance.
    pub fn rider_moved(&self, customer: AccountId, order: OrderId) {
        match &self.instances {
            Some(bus) => instances::say(bus, &instances::Said::RiderMoved { customer, order }),
            None => self.rider_moved_here(customer, order),
        }
    }

    fn rider_moved_here(&self, customer: AccountId, order: OrderId) {
        let frame = frames::rider_moved(order);
        let dropped = self.state().registry.send_to_account(customer, &frame);
        self.count(dropped);
    }

    /// Records where an on-duty rider is (`None`: off duty), for the offers
    /// their streams hear of, on every instance.
    pub fn rider_at(&self, rider: AccountId, position: Option<Coordinates>) {
        match &self.instances {
            Some(bus) => instances::say(bus, &instances::Said::RiderAt { rider, position }),
            None => self.rider_at_here(rider, position),
        }
    }

    fn rider_at_here(&self, rider: AccountId, position: Option<Coordinates>) {
        self.state().registry.rider_at(rider, position);
    }

    /// Waits for a turn to open a stream. Opening one reads the caller's
    /// session and perhaps the log; streams that come back together, as
    /// after a restart, are let in first come first served at a steady
    /// pace (each of the `opens_per_second / 1000` turns is given again a
    /// millisecond after it was taken), so that the requests of people
    /// using the app keep their speed meanwhile.
    pub async fn turn_to_open(&self) {
        let Ok(turn) = self.opening.clone().acquire_owned().await else {
            return;
        };
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            drop(turn);
        });
    }

    /// Ends every open stream and refuses new ones, so that a graceful
    /// shutdown can finish.
    pub fn close(&self) {
        self.closing.cancel();
        let mut state = self.state();
        state.closed = true;
        state.registry.clear();
    }

    /// Opens a stream for `account`, signed in with `token`: a `hello` (the
    /// client refreshes what it shows), the changes after `last_seen` that
    /// it may hear of, then each new one as it is committed.
    pub async fn open(
        &self,
        account: Account,
        token: String,
        last_seen: Option<i64>,
        open: StreamGuard,
    ) -> Result<LiveBody, StorageError> {
        let resumes = match last_seen {
            Some(after) => self.remember_after(after).await?,
            None => false,
        };
        if !resumes {
            self.learn_newest().await?;
        }
        // The channel holds one more than its buffer per sender.
        let (queue, receiver) =
            futures::channel::mpsc::channel(self.settings.stream_queue.max(1) - 1);
        let (mut first, missed, rider_at) = {
            let mut state = self.state();
            if state.closed {
                return Ok(LiveBody::new(VecDeque::new(), receiver, open));
            }
            // A stream has heard of every change up to where it resumes, or
            // up to the newest its hello names; with other instances, that
            // may be further than this one has routed yet.
            let (hello, missed, heard) = match last_seen {
                Some(after) if resumes => (frames::hello(None), state.recent.after(after), after),
                _ => {
                    let newest = state.newest.unwrap_or(0);
                    (frames::hello(Some(newest)), Vec::new(), newest)
                }
            };
            let caught_up = missed.last().map_or(heard, |entry| entry.id());
            state
                .registry
                .add(&account, Arc::from(token), queue, caught_up);
            let rider_at = state.registry.rider_position(&account);
            (VecDeque::from([hello]), missed, rider_at)
        };
        let radius = self.settings.rider_radius_m;
        first.extend(
            missed
                .iter()
                .filter(|entry| registry::hears(&account, entry, rider_at, radius))
                .map(|entry| entry.frame.clone()),
        );
        Ok(LiveBody::new(first, receiver, open))
    }

    /// Reads the newest event id from the log, once, if no change has been
    /// seen since the start; with other instances, every time, since this
    /// one may not have routed the latest commits yet.
    async fn learn_newest(&self) -> Result<(), StorageError> {
        if self.instances.is_some() {
            let newest = self.log.newest_event_id().await?.unwrap_or(0);
            self.state().saw(newest);
            return Ok(());
        }
        if self.state().newest.is_some() {
            return Ok(());
        }
        let _one_reader = self.filling.lock().await;
        if self.state().newest.is_some() {
            return Ok(());
        }
        let newest = self.log.newest_event_id().await?.unwrap_or(0);
        self.state().saw(newest);
        Ok(())
    }

    /// Makes sure every change after `after` is in memory, reading the log
    /// in pages when it is not; false when that is more than the hub keeps
    /// (the stream then starts afresh with its `hello`).
    async fn remember_after(&self, after: i64) -> Result<bool, StorageError> {
        if self.state().recent.covers(after) {
            return Ok(true);
        }
        let _one_reader = self.filling.lock().await;
        let (oldest, capacity) = {
            let state = self.state();
            if state.recent.covers(after) {
                return Ok(true);
            }
            (state.recent.oldest(), state.recent.capacity())
        };
        let mut read = Vec::new();
        let mut from = after;
        loop {
            let page = self.log.changes_since(from, LOG_PAGE).await?;
            let full = i64::try_from(page.len()).unwrap_or(i64::MAX) >= LOG_PAGE;
            let Some(last) = page.last() else { break };
            from = last.event_id;
            let read_at = app::clock::now();
            read.extend(page.into_iter().map(|change| {
                Entry::new(Published {
                    event_id: change.event_id,
                    order: change.order,
                    store_location: change.store_location,
                    committed_at: read_at,
                })
            }));
            if read.len() > capacity {
                return Ok(false);
            }
            let reached_memory = oldest.is_some_and(|oldest| from >= oldest);
            if reached_memory || !full {
                break;
            }
        }
        let mut state = self.state();
        if let Some(newest) = read.last().map(|entry| entry.id()) {
            state.saw(newest);
        }
        state.recent.fill(after, read);
        Ok(true)
    }

    /// Every `every`, closes the streams whose session `still_valid` no
    /// longer accepts, until the hub closes.
    pub fn check_sessions(
        &self,
        every: Duration,
        still_valid: impl Fn(Arc<str>) -> BoxFuture<'static, bool> + Send + 'static,
    ) -> JoinHandle<()> {
        let hub = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every.max(Duration::from_millis(100)));
            ticks.tick().await;
            loop {
                tokio::select! {
                    () = hub.closing.cancelled() => return,
                    _ = ticks.tick() => {}
                }
                let open = hub.state().registry.sessions();
                let mut valid: HashMap<Arc<str>, bool> = HashMap::new();
                for (_, _, token) in &open {
                    if !valid.contains_key(token) {
                        let answer = still_valid(token.clone()).await;
                        valid.insert(token.clone(), answer);
                    }
                }
                let mut state = hub.state();
                for (account, key, token) in open {
                    if valid.get(&token) == Some(&false) {
                        state.registry.remove(account, &[key]);
                    }
                }
            }
        })
    }

    /// Sends a comment to every stream now and then: proxies keep the
    /// connection, and a client gone or stuck is found and let go.
    async fn keep_alive(self) {
        let mut ticks = tokio::time::interval(self.settings.keep_alive);
        ticks.tick().await;
        loop {
            tokio::select! {
                () = self.closing.cancelled() => return,
                _ = ticks.tick() => {}
            }
            let dropped = self.state().registry.send_to_all(&frames::keep_alive());
            self.count(dropped);
        }
    }
}

/// Routes published changes in order, a batch at a time: encoded outside
/// the lock, then remembered and queued on their streams.
async fn route_changes(
    state: Arc<Mutex<State>>,
    mut published: mpsc::UnboundedReceiver<Published>,
    metrics: Arc<Metrics>,
) {
    let mut batch = Vec::new();
    while published.recv_many(&mut batch, 256).await > 0 {
        let entries: Vec<Arc<Entry>> = batch.drain(..).map(Entry::new).collect();
        let mut slow = 0;
        {
            let mut state = locked(&state);
            if state.closed {
                return;
            }
            for entry in entries {
                state.saw(entry.id());
                state.recent.push(entry.clone());
                slow += state.registry.route(&entry).slow;
            }
        }
        metrics.live_dropped_slow(slow);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use domain::{AccountId, Delivery, Money, Order, OrderId, OrderStatus, StoreId, Timestamp};

    /// An order of `customer` at `store`, for the hub's own tests.
    pub(crate) fn order(
        id: i64,
        customer: i64,
        store: i64,
        rider: Option<i64>,
        status: OrderStatus,
    ) -> Order {
        let at = Timestamp::from_millis(0);
        let location = domain::Coordinates::parse(37.5563, 126.9236).unwrap();
        Order {
            id: OrderId::parse(id).unwrap(),
            customer: AccountId::parse(customer).unwrap(),
            store: StoreId::parse(store).unwrap(),
            rider: rider.map(|r| AccountId::parse(r).unwrap()),
            status,
            lines: Vec::new(),
            total: Money::ZERO,
            subtotal: Money::ZERO,
            delivery_fee: Money::ZERO,
            discount: Money::ZERO,
            coupon: None,
            note: None,
            delivery: Delivery::parse("서울 마포구 어울마당로 1", location).unwrap(),
            placed_at: at,
            updated_at: at,
            ready_at: None,
            reject_reason: None,
        }
    }
}
