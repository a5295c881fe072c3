//! Delivers the outbox: one worker per channel, so a slow provider holds up
//! only its own channel and never an order. Failures are retried with
//! exponential backoff and jitter until they become dead letters; under load
//! SMS is shed first. A restart resumes from what the outbox still holds.

use std::sync::Arc;
use std::time::Duration;

use app::i18n::Lang;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::channels::Provider;
use super::{templates, Channel, Outgoing};
use crate::metrics::Metrics;
use storage::records::PendingMessage;
use storage::{OutboxStorage, StorageError};

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

    /// Delivers the due messages of one channel; returns how many were due.
    async fn round(
        &self,
        channel: Channel,
        provider: &dyn Provider,
    ) -> Result<usize, StorageError> {
        if channel == Channel::Sms {
            let shed = self
                .outbox
                .shed_pending(channel, self.policy.sms_shed_threshold)
                .await?;
            self.metrics.shed(channel, shed);
        }
        let due = self
            .outbox
            .due_messages(channel, app::clock::now(), 50)
            .await?;
        let count = due.len();
        for pending in due {
            if self.closing.is_cancelled() {
                break;
            }
            let message = outgoing(channel, pending);
            let sending = tokio::time::timeout(self.policy.send_timeout, provider.send(&message));
            // A delivery in flight gives way to shutdown; it stays pending and
            // is sent again after the restart.
            let outcome = tokio::select! {
                outcome = sending => outcome,
                _ = self.closing.cancelled() => break,
            };
            let error = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(error)) => Some(error.to_string()),
                Err(_) => Some("timed out".to_owned()),
            };
            let now = app::clock::now();
            match error {
                None => {
                    self.outbox.mark_sent(message.outbox_id, now).await?;
                    self.metrics.delivered(channel);
                }
                Some(error) => {
                    let attempts = message.attempts + 1;
                    let retry_at = (attempts < self.policy.max_attempts).then(|| {
                        let delay = i64::try_from(self.policy.backoff(attempts).as_millis())
                            .unwrap_or(i64::MAX);
                        domain::Timestamp::from_millis(now.millis().saturating_add(delay))
                    });
                    tracing::warn!(channel = channel.as_str(), outbox = message.outbox_id, attempts, %error, "delivery failed");
                    self.outbox
                        .mark_failed(message.outbox_id, attempts, retry_at, &error)
                        .await?;
                    match retry_at {
                        Some(_) => self.metrics.retried(channel),
                        None => self.metrics.dead(channel),
                    }
                }
            }
        }
        Ok(count)
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
