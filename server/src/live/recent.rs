//! The changes committed lately, kept in memory in event-id order, so that
//! streams that come back with `Last-Event-ID` resume from here instead of
//! each reading the log; a gap is read from the log once, in pages, for
//! all the streams that need it.

use std::collections::VecDeque;
use std::sync::Arc;

use bytes::Bytes;

use super::Published;

/// One change as the hub keeps it: what routing needs, and its frame.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) published: Published,
    pub(super) frame: Bytes,
}

impl Entry {
    pub(super) fn new(published: Published) -> Arc<Self> {
        let frame = super::frames::change(&published);
        Arc::new(Self { published, frame })
    }

    pub(super) fn id(&self) -> i64 {
        self.published.event_id
    }
}

/// Changes in increasing event id: every change with an id above
/// `covers_after` is here, up to the newest.
#[derive(Debug)]
pub(super) struct Recent {
    entries: VecDeque<Arc<Entry>>,
    covers_after: Option<i64>,
    capacity: usize,
}

impl Recent {
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            covers_after: None,
            capacity: capacity.max(1),
        }
    }

    /// How many changes it holds at most.
    pub(super) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Appends a change just committed. False if a read of the log put it
    /// here already.
    pub(super) fn push(&mut self, entry: Arc<Entry>) -> bool {
        match self.entries.back() {
            Some(newest) if newest.id() >= entry.id() => return false,
            Some(_) => {}
            // Ids grow in commit order: nothing between the last one before
            // this and this one exists.
            None => {
                if self.covers_after.is_none() {
                    self.covers_after = Some(entry.id() - 1);
                }
            }
        }
        self.entries.push_back(entry);
        self.trim();
        true
    }

    /// Whether every change after `after` is here.
    pub(super) fn covers(&self, after: i64) -> bool {
        self.covers_after.is_some_and(|covered| after >= covered)
    }

    /// The oldest change held, where a read of the log may stop.
    pub(super) fn oldest(&self) -> Option<i64> {
        self.entries.front().map(|entry| entry.id())
    }

    /// Adds what a read of the log found after `after`: every change from
    /// there up to the oldest one held (or all there were).
    pub(super) fn fill(&mut self, after: i64, read: Vec<Arc<Entry>>) {
        let oldest = self.oldest();
        let older: Vec<Arc<Entry>> = read
            .into_iter()
            .filter(|entry| entry.id() > after && oldest.is_none_or(|oldest| entry.id() < oldest))
            .collect();
        for entry in older.into_iter().rev() {
            self.entries.push_front(entry);
        }
        self.covers_after = Some(self.covers_after.map_or(after, |c| c.min(after)));
        self.trim();
    }

    /// The changes after `after`, oldest first (shared, not copied).
    pub(super) fn after(&self, after: i64) -> Vec<Arc<Entry>> {
        let start = self.entries.partition_point(|entry| entry.id() <= after);
        self.entries.range(start..).cloned().collect()
    }

    fn trim(&mut self) {
        while self.entries.len() > self.capacity {
            if let Some(dropped) = self.entries.pop_front() {
                self.covers_after = Some(dropped.id());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Coordinates;

    fn entry(id: i64) -> Arc<Entry> {
        let order = crate::live::tests::order(1, 2, 3, None, domain::OrderStatus::Paid);
        Entry::new(Published {
            event_id: id,
            order,
            store_location: Coordinates::parse(37.5, 127.0).unwrap(),
            committed_at: domain::Timestamp::from_millis(0),
        })
    }

    fn ids(entries: &[Arc<Entry>]) -> Vec<i64> {
        entries.iter().map(|e| e.id()).collect()
    }

    #[test]
    fn covers_from_the_first_change_it_saw() {
        let mut recent = Recent::new(10);
        assert!(!recent.covers(0), "nothing is known before any change");
        recent.push(entry(5));
        recent.push(entry(6));
        assert!(recent.covers(4));
        assert!(!recent.covers(3));
        assert_eq!(ids(&recent.after(4)), [5, 6]);
        assert_eq!(ids(&recent.after(5)), [6]);
    }

    #[test]
    fn a_read_of_the_log_fills_the_gap_once() {
        let mut recent = Recent::new(10);
        recent.push(entry(5));
        recent.fill(1, vec![entry(2), entry(3), entry(4), entry(5)]);
        assert!(recent.covers(1));
        assert_eq!(ids(&recent.after(1)), [2, 3, 4, 5]);
        assert!(
            !recent.push(entry(5)),
            "a change already read is not added twice"
        );
        assert!(recent.push(entry(6)));
        assert_eq!(ids(&recent.after(0)), [2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_read_before_any_change_covers_from_where_it_started() {
        let mut recent = Recent::new(10);
        recent.fill(3, Vec::new());
        assert!(recent.covers(3));
        assert!(!recent.covers(2));
        recent.push(entry(4));
        assert_eq!(ids(&recent.after(3)), [4]);
    }

    #[test]
    fn the_oldest_changes_leave_when_full() {
        let mut recent = Recent::new(3);
        for id in 1..=5 {
            recent.push(entry(id));
        }
        assert_eq!(ids(&recent.after(0)), [3, 4, 5]);
        assert!(recent.covers(2));
        assert!(
            !recent.covers(1),
            "change 2 left, so a stream at 1 would miss it"
        );
    }
}
