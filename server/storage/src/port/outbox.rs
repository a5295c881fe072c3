use app::model::DeadLetter;
use async_trait::async_trait;
use domain::Timestamp;

use crate::error::Result;
use crate::notices::Channel;
use crate::records::{OutboxStat, PendingMessage};

/// The transactional outbox as the dispatcher works through it. Messages are
/// written by the scripts, in the transaction of their event, and what
/// became of a delivery by `scripts::RecordDeliveries`.
#[async_trait]
pub trait OutboxStorage: Send + Sync {
    /// Takes the pending messages of a channel whose time has come, oldest
    /// first, and holds them until `lease_until`, so that no other instance
    /// sends them meanwhile (a lease of `now` holds nothing). A message whose
    /// sender stopped is due again when its lease ends. With `within_newest`,
    /// only the newest that many pending messages of the channel are taken,
    /// in the same statement: a message queued after a shed, past the cap,
    /// waits for the next shed instead of being sent.
    async fn claim_due_messages(
        &self,
        channel: Channel,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
        within_newest: Option<i64>,
    ) -> Result<Vec<PendingMessage>>;
    /// Sheds the oldest pending messages of a channel beyond `keep`; returns how many.
    async fn shed_pending(&self, channel: Channel, keep: i64) -> Result<u64>;
    /// Puts a dead letter back in the queue; false if there is no such dead letter.
    async fn retry_dead(&self, outbox_id: i64, now: Timestamp) -> Result<bool>;
    async fn outbox_stats(&self) -> Result<Vec<OutboxStat>>;
    /// The latest messages that ran out of attempts, newest first.
    async fn dead_letters(&self, limit: i64) -> Result<Vec<DeadLetter>>;
}
