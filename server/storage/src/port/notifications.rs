use app::model::{InboxEntry, Notification};
use async_trait::async_trait;
use domain::{AccountId, Timestamp};

use crate::error::Result;
use crate::notices::Channel;

/// What the in-app channel and the local KakaoTalk/SMS inbox received.
#[async_trait]
pub trait NotificationStorage: Send + Sync {
    /// Records an in-app notification of outbox message `outbox_id` once;
    /// false if it was already recorded.
    async fn record_in_app(
        &self,
        outbox_id: i64,
        recipient: AccountId,
        href: &str,
        text: &str,
        now: Timestamp,
    ) -> Result<bool>;
    async fn notifications_of(&self, recipient: AccountId, limit: i64)
        -> Result<Vec<Notification>>;
    async fn mark_notifications_read(&self, recipient: AccountId, now: Timestamp) -> Result<()>;
    /// Records a KakaoTalk or SMS message in the local inbox, once per key.
    async fn record_in_inbox(
        &self,
        channel: Channel,
        phone: &str,
        text: &str,
        dedupe_key: &str,
        now: Timestamp,
    ) -> Result<()>;
    async fn inbox(&self, limit: i64) -> Result<Vec<InboxEntry>>;
}
