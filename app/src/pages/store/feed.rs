//! The owner's orders as the counter shows them: first the list the page was
//! rendered with, then fetched again at every live change, at every
//! reconnection and every minute; the last list stays on
//! screen through a failed fetch; each order keeps its own optimistic control
//! across fetches, so a card moves to its next column the moment it is tapped.

use domain::{OrderId, OrderStatus, Timestamp};
use leptos::prelude::*;

use crate::api::orders::get_order;
use crate::api::store::store_orders;
use crate::clock;
use crate::error::AppError;
use crate::live::use_live;
use crate::model::OrderView;
use crate::pages::store::entry::Entry;

/// How often the list is fetched even without a live change, and the clock
/// on the cards moves.
const REFETCH_EVERY: std::time::Duration = std::time::Duration::from_secs(60);
const CLOCK_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// An order the customer cancelled while it waited at the counter.
#[derive(Debug, Clone, PartialEq)]
pub struct CancelledNotice {
    pub order: OrderId,
    pub store_name: String,
}

/// The counter's orders, shared by the store app's screens.
#[derive(Clone, Copy)]
pub struct Feed {
    pub entries: RwSignal<Vec<Entry>>,
    /// False until the first list arrives.
    pub loaded: RwSignal<bool>,
    /// Why the last fetch failed, while the list shown is an older one.
    pub problem: RwSignal<Option<AppError>>,
    /// When the list shown arrived.
    pub updated_at: RwSignal<Option<Timestamp>>,
    pub cancelled: RwSignal<Vec<CancelledNotice>>,
    /// The time the cards measure against; moves every few seconds.
    pub now: RwSignal<Timestamp>,
    owner: StoredValue<Owner>,
    asked: StoredValue<u64>,
    answered: StoredValue<u64>,
}

impl Feed {
    /// Provides the feed and, in the browser, starts following the orders.
    pub fn provide() -> Feed {
        let feed = Feed {
            entries: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            problem: RwSignal::new(None),
            updated_at: RwSignal::new(None),
            cancelled: RwSignal::new(Vec::new()),
            now: RwSignal::new(clock::now()),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            asked: StoredValue::new(0),
            answered: StoredValue::new(0),
        };
        provide_context(feed);
        let live = use_live();
        // Every change and every (re)connection of the live stream bumps the
        // tick, so nothing that happened while offline is missed.
        Effect::new(move |_| {
            live.tick.track();
            feed.refresh();
        });
        Effect::new(move |was_online: Option<bool>| {
            let online = live.online.get();
            if was_online == Some(false) && online {
                feed.refresh();
            }
            online
        });
        Effect::new(move |_| {
            let refetch = set_interval_with_handle(move || feed.refresh(), REFETCH_EVERY);
            let clock = set_interval_with_handle(move || feed.now.set(clock::now()), CLOCK_EVERY);
            on_cleanup(move || {
                for handle in [refetch, clock].into_iter().flatten() {
                    handle.clear();
                }
            });
        });
        feed
    }

    /// Fetches the orders now; an answer older than one already shown is dropped.
    pub fn refresh(self) {
        let Some(ticket) = self.asked.try_update_value(|asked| {
            *asked += 1;
            *asked
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = store_orders().await;
            let newest = self
                .answered
                .try_update_value(|answered| {
                    let newest = ticket > *answered;
                    if newest {
                        *answered = ticket;
                    }
                    newest
                })
                .unwrap_or(false);
            if !newest {
                return;
            }
            match answer {
                Ok(views) => {
                    self.merge(views);
                    self.loaded.try_set(true);
                }
                Err(error) => {
                    self.problem.try_set(Some(error));
                }
            }
        });
    }

    /// Takes the list the page was rendered with, unless a fetch has
    /// answered already.
    pub fn take_first(self, answer: Result<Vec<OrderView>, AppError>) {
        if self.loaded.get_untracked() || self.answered.get_value() > 0 {
            return;
        }
        match answer {
            Ok(views) => {
                self.merge(views);
                self.loaded.set(true);
            }
            Err(error) => self.problem.set(Some(error)),
        }
    }

    /// Forgets a cancellation notice.
    pub fn dismiss(self, order: OrderId) {
        self.cancelled
            .update(|notices| notices.retain(|notice| notice.order != order));
    }

    fn merge(self, views: Vec<OrderView>) {
        let Some(previous) = self.entries.try_get_untracked() else {
            return;
        };
        let Some(owner) = self.owner.try_get_value() else {
            return;
        };
        let next: Vec<Entry> = views
            .into_iter()
            .map(
                |view| match previous.iter().find(|e| e.id() == view.order.id) {
                    Some(entry) => {
                        entry.update(view);
                        entry.clone()
                    }
                    None => Entry::new(&owner, view),
                },
            )
            .collect();
        for gone in previous
            .iter()
            .filter(|entry| !next.iter().any(|e| e.id() == entry.id()))
        {
            // Only a customer's cancellation or a rejection takes an order off
            // the counter before cooking; a rejection from here is known.
            let status = gone.control.order.get_untracked().status;
            if matches!(status, OrderStatus::Paid | OrderStatus::Accepted) {
                self.look_for_cancellation(gone.id(), gone.view.store_name.clone());
            }
        }
        self.entries.set(next);
        self.problem.set(None);
        self.updated_at.set(Some(clock::now()));
    }

    fn look_for_cancellation(self, order: OrderId, store_name: String) {
        leptos::task::spawn_local(async move {
            let Ok(view) = get_order(order).await else {
                return;
            };
            if view.order.status == OrderStatus::Cancelled {
                self.cancelled.try_update(|notices| {
                    if !notices.iter().any(|notice| notice.order == order) {
                        notices.push(CancelledNotice { order, store_name });
                    }
                });
            }
        });
    }
}

/// The store app's feed.
pub fn use_feed() -> Feed {
    expect_context::<Feed>()
}
