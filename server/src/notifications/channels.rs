//! Delivery adapters, one per channel. Each one delivers a message at least
//! once; the dedupe key lets the receiving side keep it exactly once.

use std::time::Duration;

use async_trait::async_trait;
use serde::Serialize;

use super::Outgoing;
use crate::live::LiveHub;
use storage::records::{InAppEntry, InboxMessage};
use storage::scripts::{RecordInApp, RecordInInbox};
use storage::writer::Writer;

/// Why a delivery failed; retried until the attempts run out.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    #[error("the recipient has no phone number")]
    NoPhone,
    #[error("the provider answered HTTP {0}")]
    Rejected(u16),
    #[error("the provider did not answer in time")]
    TimedOut,
    #[error("the provider could not be reached")]
    Unreachable,
    #[error("recording the message failed")]
    Storage,
    #[error("the message could not be encrypted or signed")]
    Encryption,
}

impl SendError {
    /// Whether trying again cannot help: the message becomes a dead letter
    /// at once.
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::NoPhone)
    }
}

/// The operator sees the kind of failure; the log keeps its cause.
fn storage_failed(error: impl std::fmt::Display) -> SendError {
    tracing::error!(%error, "recording a notification failed");
    SendError::Storage
}

/// Delivers messages.
#[async_trait]
pub trait Provider: Send + Sync {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError>;

    /// Delivers a round of messages, each within `timeout`; by default one
    /// after another. What each came to, in order.
    async fn send_all(
        &self,
        messages: &[Outgoing],
        timeout: Duration,
    ) -> Vec<Result<(), SendError>> {
        let mut outcomes = Vec::with_capacity(messages.len());
        for message in messages {
            let sent = tokio::time::timeout(timeout, self.send(message)).await;
            outcomes.push(sent.unwrap_or(Err(SendError::TimedOut)));
        }
        outcomes
    }
}

/// In-app: an entry in the recipient's notification list, and a toast on
/// whatever screen they have open.
pub struct InApp {
    pub writer: Writer,
    pub live: LiveHub,
}

#[async_trait]
impl Provider for InApp {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let mut sent = self
            .send_all(std::slice::from_ref(message), Duration::MAX)
            .await;
        sent.pop().unwrap_or(Err(SendError::Storage))
    }

    /// One script for the whole round.
    async fn send_all(&self, messages: &[Outgoing], _: Duration) -> Vec<Result<(), SendError>> {
        let entries: Vec<InAppEntry> = messages
            .iter()
            .map(|message| InAppEntry {
                outbox_id: message.outbox_id,
                recipient: message.recipient,
                href: message.subject.href(),
                text: message.text.clone(),
            })
            .collect();
        let script = RecordInApp {
            entries: entries.clone(),
            at: app::clock::now(),
        };
        match self.writer.run_waiting(script).await {
            Ok(recorded) => {
                for (entry, new) in entries.into_iter().zip(recorded) {
                    if new {
                        self.live.notify(entry.recipient, entry.href, entry.text);
                    }
                }
                messages.iter().map(|_| Ok(())).collect()
            }
            Err(error) => {
                let failed = storage_failed(error);
                messages.iter().map(|_| Err(failed.clone())).collect()
            }
        }
    }
}

/// The default KakaoTalk and SMS provider: a local inbox the operator reads
/// at `/admin/notifications`.
pub struct LocalInbox {
    pub writer: Writer,
}

#[async_trait]
impl Provider for LocalInbox {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let mut sent = self
            .send_all(std::slice::from_ref(message), Duration::MAX)
            .await;
        sent.pop().unwrap_or(Err(SendError::Storage))
    }

    /// One script for the whole round; a recipient without a phone number
    /// cannot be reached.
    async fn send_all(&self, messages: &[Outgoing], _: Duration) -> Vec<Result<(), SendError>> {
        let kept: Vec<InboxMessage> = messages
            .iter()
            .filter_map(|message| {
                Some(InboxMessage {
                    channel: message.channel,
                    phone: message.phone.clone()?,
                    text: message.text.clone(),
                    dedupe_key: message.dedupe_key.clone(),
                })
            })
            .collect();
        let script = RecordInInbox {
            messages: kept,
            at: app::clock::now(),
        };
        let stored = self
            .writer
            .run_waiting(script)
            .await
            .map_err(storage_failed);
        messages
            .iter()
            .map(|message| match (&message.phone, &stored) {
                (None, _) => Err(SendError::NoPhone),
                (Some(_), Ok(())) => Ok(()),
                (Some(_), Err(failed)) => Err(failed.clone()),
            })
            .collect()
    }
}

/// Where a provider's HTTP API is and how to use it.
#[derive(Debug, Clone)]
pub struct HttpProviderConfig {
    /// Messages are POSTed to `{base_url}/messages`.
    pub base_url: String,
    pub api_key: String,
    pub sender: String,
    /// Prefixed to each message's name to form the provider's template id.
    pub template_prefix: String,
}

/// A KakaoTalk (알림톡) or SMS provider reached over HTTP.
pub struct HttpProvider {
    client: reqwest::Client,
    config: HttpProviderConfig,
}

impl HttpProvider {
    pub fn new(config: HttpProviderConfig, timeout: Duration) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder().timeout(timeout).build()?;
        Ok(Self { client, config })
    }
}

#[derive(Serialize)]
struct ProviderRequest<'a> {
    sender: &'a str,
    to: &'a str,
    template_id: String,
    text: &'a str,
    idempotency_key: &'a str,
}

#[async_trait]
impl Provider for HttpProvider {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let phone = message.phone.as_deref().ok_or(SendError::NoPhone)?;
        let body = ProviderRequest {
            sender: &self.config.sender,
            to: phone,
            template_id: format!(
                "{}{}",
                self.config.template_prefix,
                message.message.as_str()
            ),
            text: &message.text,
            idempotency_key: &message.dedupe_key,
        };
        let response = self
            .client
            .post(format!(
                "{}/messages",
                self.config.base_url.trim_end_matches('/')
            ))
            .bearer_auth(&self.config.api_key)
            .header("idempotency-key", &message.dedupe_key)
            .json(&body)
            .send()
            .await
            .map_err(|error| {
                tracing::warn!(%error, "provider request failed");
                if error.is_timeout() {
                    SendError::TimedOut
                } else {
                    SendError::Unreachable
                }
            })?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(SendError::Rejected(response.status().as_u16()))
        }
    }
}
