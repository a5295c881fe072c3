//! Baedal's own commands on a clock: a delivered order that the customer
//! does not confirm completes after a while (SPEC §3), so that it settles,
//! counts towards the customer's grade and opens for a review.

use std::sync::Arc;
use std::time::Duration;

use domain::{Actor, Command, Timestamp};
use tokio_util::sync::CancellationToken;

use super::commands::OrderCommands;
use storage::Engine;

/// How often the timer looks for work when it found none.
const POLL: Duration = Duration::from_millis(500);
/// Orders completed per look.
const BATCH: i64 = 50;

/// Completes delivered orders nobody confirmed.
pub(super) struct AutoComplete {
    storage: Arc<dyn Engine>,
    commands: OrderCommands,
    /// How long after delivery.
    after: Duration,
}

impl AutoComplete {
    pub(super) fn new(storage: Arc<dyn Engine>, commands: OrderCommands, after: Duration) -> Self {
        Self {
            storage,
            commands,
            after,
        }
    }

    /// Completes unconfirmed deliveries once they are old enough, until `closing`.
    pub(super) async fn run(self: Arc<Self>, closing: CancellationToken) {
        while !closing.is_cancelled() {
            let full = match self.round().await {
                Ok(done) => done >= BATCH as usize,
                Err(error) => {
                    tracing::error!(%error, "looking for deliveries to complete failed");
                    false
                }
            };
            if full {
                continue;
            }
            tokio::select! {
                () = closing.cancelled() => return,
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }

    /// One look; how many orders it found.
    async fn round(&self) -> Result<usize, storage::StorageError> {
        let wait = i64::try_from(self.after.as_millis()).unwrap_or(i64::MAX);
        let cutoff = Timestamp::from_millis(app::clock::now().millis().saturating_sub(wait));
        let due = self.storage.unconfirmed_deliveries(cutoff, BATCH).await?;
        for order in &due {
            match self
                .commands
                .apply(*order, Command::AutoComplete, Actor::System)
                .await
            {
                Ok(_) => tracing::info!(order = %order, "delivered order completed automatically"),
                // The customer confirmed in the meantime.
                Err(error) => tracing::info!(order = %order, %error, "auto-complete did not apply"),
            }
        }
        Ok(due.len())
    }
}
