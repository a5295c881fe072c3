//! New orders call for attention until someone at the counter acknowledges
//! them: a banner, highlighted cards and, once the shift has started, a
//! beep every few seconds. What was acknowledged is kept in the browser, so
//! a reload does not ring again.

use std::collections::BTreeSet;

use domain::{OrderId, OrderStatus};
use leptos::prelude::*;

use crate::pages::store::entry::Entry;
use crate::pages::store::feed::{use_feed, Feed};

const ACKNOWLEDGED_KEY: &str = "baedal.store.acknowledged";
const BEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(4);

/// What the counter has seen, and whether it may make sound.
#[derive(Clone, Copy)]
pub struct Alerts {
    acknowledged: RwSignal<BTreeSet<OrderId>>,
    /// Sound was unlocked by a tap on "Start shift" and is not muted.
    pub sound_on: RwSignal<bool>,
    feed: Feed,
}

impl Alerts {
    /// Provides the alerts and, in the browser, rings while any is open.
    pub fn provide() -> Alerts {
        let alerts = Alerts {
            acknowledged: RwSignal::new(BTreeSet::new()),
            sound_on: RwSignal::new(false),
            feed: use_feed(),
        };
        provide_context(alerts);
        Effect::new(move |_| {
            alerts.acknowledged.set(load());
            let ringing = set_interval_with_handle(move || alerts.ring(), BEEP_EVERY);
            on_cleanup(move || {
                if let Ok(handle) = ringing {
                    handle.clear();
                }
            });
        });
        // A new order rings at once, not at the next beat.
        Effect::new(move |before: Option<usize>| {
            let open = alerts.open().len();
            if before.is_some_and(|before| open > before) {
                alerts.ring();
            }
            open
        });
        // What left the counter need not be remembered.
        Effect::new(move |_| {
            let entries = alerts.feed.entries.get();
            if alerts.feed.loaded.get_untracked() && alerts.feed.problem.get_untracked().is_none() {
                alerts.acknowledged.update(|seen| {
                    seen.retain(|id| entries.iter().any(|entry| entry.id() == *id));
                });
            }
        });
        alerts
    }

    /// The orders calling for attention (reactive): paid, or accepted
    /// automatically, and not acknowledged.
    pub fn open(self) -> Vec<Entry> {
        let seen = self.acknowledged.get();
        self.feed
            .entries
            .get()
            .into_iter()
            .filter(|entry| {
                let status = entry.control.order.get().status;
                matches!(status, OrderStatus::Paid | OrderStatus::Accepted)
                    && !seen.contains(&entry.id())
            })
            .collect()
    }

    /// Whether `order` calls for attention (reactive).
    pub fn is_open(self, order: OrderId) -> bool {
        self.open().iter().any(|entry| entry.id() == order)
    }

    /// Someone has seen these orders.
    pub fn acknowledge(self, orders: &[OrderId]) {
        let fresh = self
            .acknowledged
            .with_untracked(|seen| orders.iter().any(|id| !seen.contains(id)));
        if fresh {
            self.acknowledged.update(|seen| seen.extend(orders));
            save(&self.acknowledged.get_untracked());
        }
    }

    /// Unlocks sound from a tap and says so with a beep.
    pub fn start_shift(self) {
        #[cfg(feature = "hydrate")]
        if crate::browser::sound::unlock() {
            self.sound_on.set(true);
            crate::browser::sound::beep();
        }
    }

    fn ring(self) {
        let ringing = self.sound_on.try_get_untracked() == Some(true)
            && !untrack(move || self.open()).is_empty();
        #[cfg(feature = "hydrate")]
        if ringing {
            crate::browser::sound::beep();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ringing;
    }
}

/// The store app's alerts.
pub fn use_alerts() -> Alerts {
    expect_context::<Alerts>()
}

fn load() -> BTreeSet<OrderId> {
    #[cfg(feature = "hydrate")]
    {
        parse_ids(&crate::browser::storage::get(ACKNOWLEDGED_KEY).unwrap_or_default())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        BTreeSet::new()
    }
}

fn save(ids: &BTreeSet<OrderId>) {
    let text = ids
        .iter()
        .map(|id| id.get().to_string())
        .collect::<Vec<_>>()
        .join(",");
    #[cfg(feature = "hydrate")]
    crate::browser::storage::set(ACKNOWLEDGED_KEY, &text);
    #[cfg(not(feature = "hydrate"))]
    let _ = (text, ACKNOWLEDGED_KEY);
}

/// `12,13` as order ids; anything else is skipped.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn parse_ids(text: &str) -> BTreeSet<OrderId> {
    text.split(',')
        .filter_map(|raw| raw.trim().parse::<i64>().ok())
        .filter_map(|raw| OrderId::parse(raw).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_ids_survive_junk() {
        let ids = parse_ids("12, 7,x,,-3,12");
        let raw: Vec<i64> = ids.iter().map(|id| id.get()).collect();
        assert_eq!(raw, vec![7, 12]);
        assert!(parse_ids("").is_empty());
    }
}
