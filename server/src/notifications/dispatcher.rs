//! Delivers the outbox: one worker per channel, so a slow provider holds up
//! only its own channel and never an order. Failures are retried with
//! exponential backoff and jitter until they become dead letters; under load
//! SMS is shed first. A restart resumes from what the outbox still holds.

use std::sync::Arc;
use std::time::Duration;

use app::lang::Lang;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use domain::Timestamp;
use storage::records::Delivery;
use storage::scripts::RecordDeliveries;
use storage::writer::Writer;

use super::channels::{Provider, SendError};
use super::{templates, Channel, Outgoing};
use crate::metrics::Metrics;
use storage::records::PendingMessage;
use storage::{OutboxStorage, StorageError};

/// Messages of one channel delivered per round.
const ROUND: i64 = 200;

/// How the dispatcher retries and sheds.
#[derive(Debug, Clone)]
pub struct DispatchPolicy {
    /// Attempts before a message becomes a dead letter.
    pub max_attempts: i64,
    /// The first retry's delay; it doubles with every attempt.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// How long one delivery may take.
    pub send_timeout: Duration,
    /// How often an idle worker looks for due messages.
    pub poll: Duration,
    /// Pending SMS beyond this many are shed, oldest first.
    pub sms_shed_threshold: i64,
}

impl Default for DispatchPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(300),
            send_timeout: Duration::from_secs(5),
            poll: Duration::from_millis(250),
            sms_shed_threshold: 1_000,
        }
    }
}

impl DispatchPolicy {
    /// The delay before attempt `attempts + 1`: exponential, capped, with full jitter.
    pub fn backoff(&self, attempts: i64) -> Duration {
        crate::backoff::jittered(self.base_backoff, self.max_backoff, attempts)
    }
}

/// The outbox's delivery workers.
pub struct Dispatcher {
    pub outbox: Arc<dyn OutboxStorage>,
    /// Where what became of each round is written.
    pub writer: Writer,
    pub providers: Vec<(Channel, Arc<dyn Provider>)>,
    pub policy: DispatchPolicy,
    pub metrics: Arc<Metrics>,
    /// Woken after a commit wrote to the outbox.
    pub wake: Arc<Notify>,
    pub closing: CancellationToken,
}

impl Dispatcher {
    /// Starts one worker per channel.
    pub fn start(self) -> Vec<tokio::task::JoinHandle<()>> {
        let this = Arc::new(self);
        this.providers
            .iter()
            .map(|(channel, provider)| {
                let (this, channel, provider) = (this.clone(), *channel, provider.clone());
                tokio::spawn(async move { this.run(channel, provider).await })
            })
            .collect()
    }

    async fn run(&self, channel: Channel, provider: Arc<dyn Provider>) {
        while !self.closing.is_cancelled() {
            let delivered = match self.round(channel, provider.as_ref()).await {
                Ok(count) => count,
                Err(error) => {
                    tracing::error!(channel = channel.as_str(), %error, "reading the outbox failed");
                    0
                }
            };
            if delivered > 0 {
                continue;
            }
            tokio::select! {
                _ = self.closing.cancelled() => return,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.policy.poll) => {}
            }
        }
    }

    /// Delivers a round of the due messages of one channel and records what
    /// became of them in one transaction; returns how many were due.
    async fn round(
        &self,
        channel: Channel,
        provider: &dyn Provider,
    ) -> Result<usize, StorageError> {
        // SMS costs money and waits least well: beyond the threshold the
        // oldest are shed, and the claim takes only from the newest within
        // it, so one queued after the shed is not sent past the cap.
        let within_newest = (channel == Channel::Sms).then_some(self.policy.sms_shed_threshold);
        if let Some(keep) = within_newest {
            let shed = self.outbox.shed_pending(channel, keep).await?;
            self.metrics.shed(channel, shed);
        }
        // The round's messages are this instance's until it could have sent
        // them twice over; if it stops meanwhile, another instance sends them.
        let now = app::clock::now();
        let lease = self.policy.send_timeout * 2 + Duration::from_secs(1);
        let lease_until = now.millis() + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
        let due = self
            .outbox
            .claim_due_messages(
                channel,
                now,
                Timestamp::from_millis(lease_until),
                ROUND,
                within_newest,
            )
            .await?;
        let count = due.len();
        if count == 0 {
            return Ok(0);
        }
        let messages: Vec<Outgoing> = due.into_iter().map(|p| outgoing(channel, p)).collect();
        // A round in flight gives way to shutdown; its messages stay pending
        // and are sent again after the restart.
        let outcomes = tokio::select! {
            outcomes = provider.send_all(&messages, self.policy.send_timeout) => outcomes,
            _ = self.closing.cancelled() => return Ok(0),
        };
        let now = app::clock::now();
        let deliveries: Vec<Delivery> = messages
            .iter()
            .zip(outcomes)
            .map(|(message, outcome)| self.delivery(channel, message, outcome, now))
            .collect();
        let recorded = RecordDeliveries {
            deliveries,
            at: now,
        };
        self.writer.run_waiting(recorded).await?;
        Ok(count)
    }

    /// What a delivery came to: sent, or tried again later, or dead.
    fn delivery(
        &self,
        channel: Channel,
        message: &Outgoing,
        outcome: Result<(), SendError>,
        now: Timestamp,
    ) -> Delivery {
        let outbox_id = message.outbox_id;
        let error = match outcome {
            Ok(()) => {
                self.metrics.delivered(channel);
                return Delivery::Sent { outbox_id };
            }
            Err(error) => error,
        };
        let attempts = message.attempts + 1;
        let retry_at = (!error.is_permanent() && attempts < self.policy.max_attempts).then(|| {
            let delay =
                i64::try_from(self.policy.backoff(attempts).as_millis()).unwrap_or(i64::MAX);
            Timestamp::from_millis(now.millis().saturating_add(delay))
        });
        tracing::warn!(channel = channel.as_str(), outbox = outbox_id, attempts, %error, "delivery failed");
        match retry_at {
            Some(_) => self.metrics.retried(channel),
            None => self.metrics.dead(channel),
        }
        Delivery::Failed {
            outbox_id,
            attempts,
            retry_at,
            error: error.to_string(),
        }
    }
}

fn outgoing(channel: Channel, pending: PendingMessage) -> Outgoing {
    let lang = Lang::from_code(&pending.lang).unwrap_or(Lang::Ko);
    Outgoing {
        text: templates::render(pending.message, lang, &pending.subject, &pending.store_name),
        outbox_id: pending.outbox_id,
        dedupe_key: pending.dedupe_key,
        channel,
        recipient: pending.recipient,
        phone: pending.phone,
        subject: pending.subject,
        message: pending.message,
        attempts: pending.attempts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let policy = DispatchPolicy::default();
        for attempts in 0..30 {
            let ceiling = policy
                .base_backoff
                .saturating_mul(2u32.saturating_pow(attempts.min(20) as u32))
                .min(policy.max_backoff);
            let delay = policy.backoff(attempts);
            assert!(
                delay <= ceiling && delay >= ceiling / 2,
                "{attempts}: {delay:?}"
            );
        }
        let samples: std::collections::HashSet<_> = (0..50).map(|_| policy.backoff(6)).collect();
        assert!(samples.len() > 1, "jitter spreads retries");
    }
}
