//! Delivery adapters, one per channel. Each one delivers a message at least
//! once; the dedupe key lets the receiving side keep it exactly once.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::Serialize;

use super::Outgoing;
use crate::live::LiveHub;
use storage::NotificationStorage;

/// Why a delivery failed; retried until the attempts run out.
#[derive(Debug, thiserror::Error)]
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

/// The operator sees the kind of failure; the log keeps its cause.
fn storage_failed(error: impl std::fmt::Display) -> SendError {
    tracing::error!(%error, "recording a notification failed");
    SendError::Storage
}

/// Delivers one message.
#[async_trait]
pub trait Provider: Send + Sync {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError>;
}

/// In-app: an entry in the recipient's notification list, and a toast on
/// whatever screen they have open.
pub struct InApp {
    pub storage: Arc<dyn NotificationStorage>,
    pub live: LiveHub,
}

#[async_trait]
impl Provider for InApp {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let href = message.subject.href();
        let recorded = self
            .storage
            .record_in_app(
                message.outbox_id,
                message.recipient,
                &href,
                &message.text,
                app::clock::now(),
            )
            .await
            .map_err(storage_failed)?;
        if recorded {
            self.live
                .notify(message.recipient, href, message.text.clone());
        }
        Ok(())
    }
}

/// The default KakaoTalk and SMS provider: a local inbox the operator reads
/// at `/admin/notifications`.
pub struct LocalInbox {
    pub storage: Arc<dyn NotificationStorage>,
}

#[async_trait]
impl Provider for LocalInbox {
    async fn send(&self, message: &Outgoing) -> Result<(), SendError> {
        let phone = message.phone.as_deref().ok_or(SendError::NoPhone)?;
        let now = app::clock::now();
        self.storage
            .record_in_inbox(
                message.channel,
                phone,
                &message.text,
                &message.dedupe_key,
                now,
            )
            .await
            .map_err(storage_failed)
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
