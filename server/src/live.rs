//! Live changes: every committed event is published to a hub, and each
//! subscriber's server-sent-event stream forwards what its account may see.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use app::access::may_hear;
use app::model::{Account, LiveChange, LiveNotice};
use axum::response::sse::{Event, KeepAlive, Sse};
use domain::{AccountId, Coordinates, Order, OrderId, Timestamp};
use futures::{Stream, StreamExt};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_util::sync::CancellationToken;

use crate::metrics::StreamGuard;

/// One committed change: the event's id and the order after it.
#[derive(Debug, Clone)]
pub struct Published {
    pub event_id: i64,
    pub order: Order,
    /// Where the order's store is, for riders who hear only of offers near them.
    pub store_location: Coordinates,
    /// When it was committed; for the backlog, when it was read.
    pub committed_at: Timestamp,
}

/// What the hub carries: committed changes, and in-app notifications for one account.
#[derive(Debug, Clone)]
pub enum LiveMessage {
    Change(Box<Published>),
    Notice {
        recipient: AccountId,
        notice: LiveNotice,
    },
    /// The rider carrying `order` moved; its customer's page asks where to.
    RiderMoved {
        customer: AccountId,
        order: OrderId,
    },
}

/// Where on-duty riders are now, for the offers their streams let through.
type RiderPositions = Arc<std::sync::RwLock<HashMap<AccountId, Coordinates>>>;

/// Where committed changes are announced.
#[derive(Debug, Clone)]
pub struct LiveHub {
    sender: broadcast::Sender<Arc<LiveMessage>>,
    closing: CancellationToken,
    riders: RiderPositions,
}

impl Default for LiveHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(4096);
        Self {
            sender,
            closing: CancellationToken::new(),
            riders: RiderPositions::default(),
        }
    }
}

impl LiveHub {
    /// Announces a change committed at `committed_at` to every subscriber.
    pub fn publish(&self, change: Published) {
        // No subscriber is not an error.
        let _ = self
            .sender
            .send(Arc::new(LiveMessage::Change(Box::new(change))));
    }

    /// Shows an in-app notification on the screens `recipient` has open.
    pub fn notify(&self, recipient: AccountId, href: String, text: String) {
        let notice = LiveNotice { href, text };
        let _ = self
            .sender
            .send(Arc::new(LiveMessage::Notice { recipient, notice }));
    }

    /// Records where an on-duty rider is (`None`: off duty), for the offers
    /// their streams let through.
    pub fn rider_at(&self, rider: AccountId, position: Option<Coordinates>) {
        let mut riders = self.riders.write().unwrap_or_else(|e| e.into_inner());
        match position {
            Some(position) => riders.insert(rider, position),
            None => riders.remove(&rider),
        };
    }

    /// Tells the customer of `order` that its rider moved.
    pub fn rider_moved(&self, customer: AccountId, order: OrderId) {
        let _ = self
            .sender
            .send(Arc::new(LiveMessage::RiderMoved { customer, order }));
    }

    /// Ends every open stream, so that a graceful shutdown can finish.
    pub fn close(&self) {
        self.closing.cancel();
    }

    /// A subscription to changes published from now on. Take it before
    /// reading the backlog, so that no change falls between the two.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveMessage>> {
        self.sender.subscribe()
    }

    /// The stream of changes `account` may see, as server-sent events: a
    /// `hello` (the client refreshes what it shows), then the backlog of
    /// changes it missed, then live changes newer than those; until the
    /// server closes or `session_ended` completes.
    pub fn stream_for(
        &self,
        account: Account,
        subscription: broadcast::Receiver<Arc<LiveMessage>>,
        Resume {
            seen_up_to,
            backlog,
        }: Resume,
        rider_radius_m: u32,
        open: StreamGuard,
        session_ended: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
        let caught_up = backlog
            .last()
            .map(|p| p.event_id)
            .or(seen_up_to)
            .unwrap_or(0);
        let hello = futures::stream::once(async { Ok(Event::default().event("hello").data("{}")) });
        // A rider hears of offers near where they are now, else near their base.
        let riders = self.riders.clone();
        let base = account.home.as_ref().map(|home| home.location);
        let rider = account.id;
        let here = move || {
            let riders = riders.read().unwrap_or_else(|e| e.into_inner());
            riders.get(&rider).copied().or(base)
        };
        let here_for_backlog = here.clone();
        let account_for_backlog = account.clone();
        let missed = futures::stream::iter(backlog)
            .filter(move |published| {
                futures::future::ready(may_hear(
                    &account_for_backlog,
                    &published.order,
                    published.store_location,
                    here_for_backlog(),
                    rider_radius_m,
                ))
            })
            .filter_map(|published| futures::future::ready(change_event(&published).map(Ok)));
        let live = BroadcastStream::new(subscription).filter_map(move |received| {
            let _counted_while_open = &open;
            let event = match received.as_deref() {
                Ok(LiveMessage::Change(published))
                    if published.event_id > caught_up
                        && may_hear(
                            &account,
                            &published.order,
                            published.store_location,
                            here(),
                            rider_radius_m,
                        ) =>
                {
                    change_event(published)
                }
                Ok(LiveMessage::Notice { recipient, notice }) if *recipient == account.id => {
                    Event::default().event("notice").json_data(notice).ok()
                }
                Ok(LiveMessage::RiderMoved { customer, order }) if *customer == account.id => Some(
                    Event::default()
                        .event("rider")
                        .data(order.get().to_string()),
                ),
                Ok(_) => None,
                // The subscriber fell behind: tell it to refresh everything.
                Err(_) => Some(Event::default().event("hello").data("{}")),
            };
            futures::future::ready(event.map(Ok))
        });
        let closing = self.closing.clone().cancelled_owned();
        let ended = async move {
            tokio::select! {
                () = closing => {},
                () = session_ended => {},
            }
        };
        let stream = hello.chain(missed).chain(live).take_until(ended);
        Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
    }
}

/// Where a stream starts: the last event id the client saw, and the changes
/// committed since then.
pub struct Resume {
    pub seen_up_to: Option<i64>,
    pub backlog: Vec<Published>,
}

fn change_event(published: &Published) -> Option<Event> {
    let change = LiveChange {
        event_id: published.event_id,
        order: published.order.id,
        status: published.order.status,
        committed_at: published.committed_at,
    };
    let event = Event::default()
        .event("change")
        .id(published.event_id.to_string());
    event.json_data(change).ok()
}
