//! Live changes across server instances that share a database. Each
//! instance follows the event log: woken by its own commits, by the
//! notification another instance's commit sends, and once a second in case
//! a notification was lost, it reads the events after the last one it
//! routed and routes them in id order, which is commit order. In-app
//! notices and riders' positions are said to every instance, which each
//! applies to the streams it holds.

use std::sync::Arc;
use std::time::Duration;

use domain::{AccountId, Coordinates, OrderId, StoreId};
use futures::stream::BoxStream;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use storage::{InstanceBus, InstanceMessage};
use tokio::sync::Notify;

use super::{LiveHub, Published, LOG_PAGE};

/// How often the log is read when no notification came.
const POLL: Duration = Duration::from_secs(1);

/// The other instances: how to tell them, and what they tell.
pub struct Instances {
    pub bus: Arc<dyn InstanceBus>,
    pub messages: BoxStream<'static, InstanceMessage>,
}

/// What an instance says to all about live screens.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "live", rename_all = "snake_case")]
pub(super) enum Said {
    Notice {
        recipient: AccountId,
        href: String,
        text: String,
    },
    RiderAt {
        rider: AccountId,
        position: Option<Coordinates>,
    },
    RiderMoved {
        customer: AccountId,
        order: OrderId,
    },
    /// What a signed-in visitor's pages read of an account changed.
    VisitorChanged {
        account: AccountId,
    },
    /// The coupons a store offers changed.
    OffersChanged {
        store: StoreId,
    },
}

/// Says `said` to every instance, this one included, without waiting.
pub(super) fn say(bus: &Arc<dyn InstanceBus>, said: &Said) {
    let Ok(text) = serde_json::to_string(said) else {
        return;
    };
    let bus = bus.clone();
    tokio::spawn(async move {
        if let Err(error) = bus.say(&text).await {
            tracing::warn!(%error, "telling the other instances failed");
        }
    });
}

/// Routes the log's events and the instances' messages until the hub
/// closes.
pub(super) async fn follow(
    hub: LiveHub,
    mut messages: BoxStream<'static, InstanceMessage>,
    wake: Arc<Notify>,
) {
    let mut routed = None;
    let mut poll = tokio::time::interval(POLL);
    loop {
        routed = catch_up(&hub, routed).await;
        tokio::select! {
            () = hub.closing.cancelled() => return,
            () = wake.notified() => {}
            _ = poll.tick() => {}
            message = messages.next() => match message {
                Some(InstanceMessage::Said(text)) => hear(&hub, &text),
                Some(InstanceMessage::Reconnected) => hub.visitors.forget_all(),
                Some(InstanceMessage::Committed) => {}
                None => return,
            },
        }
    }
}

/// Routes every event after `routed` (from the newest at the start, when
/// `None`); returns the last one routed.
async fn catch_up(hub: &LiveHub, routed: Option<i64>) -> Option<i64> {
    let mut after = match routed {
        Some(routed) => routed,
        None => match hub.log.newest_event_id().await {
            Ok(newest) => return Some(newest.unwrap_or(0)),
            Err(error) => {
                tracing::warn!(%error, "reading the newest event failed");
                return None;
            }
        },
    };
    loop {
        let page = match hub.log.changes_since(after, LOG_PAGE).await {
            Ok(page) => page,
            Err(error) => {
                tracing::warn!(%error, "reading the event log failed");
                return Some(after);
            }
        };
        let full = i64::try_from(page.len()).unwrap_or(i64::MAX) >= LOG_PAGE;
        let read_at = app::clock::now();
        for change in page {
            after = change.event_id;
            hub.visitors.forget_order(&change.order);
            hub.route(Published {
                event_id: change.event_id,
                order: change.order,
                store_location: change.store_location,
                committed_at: read_at,
            });
        }
        if !full {
            return Some(after);
        }
    }
}

fn hear(hub: &LiveHub, text: &str) {
    match serde_json::from_str(text) {
        Ok(Said::Notice {
            recipient,
            href,
            text,
        }) => hub.notify_here(recipient, href, text),
        Ok(Said::RiderAt { rider, position }) => hub.rider_at_here(rider, position),
        Ok(Said::RiderMoved { customer, order }) => hub.rider_moved_here(customer, order),
        Ok(Said::VisitorChanged { account }) => hub.visitors.forget_account(account),
        Ok(Said::OffersChanged { store }) => hub.visitors.forget_offers(store),
        Err(error) => tracing::warn!(%error, "an instance said what this one does not know"),
    }
}
