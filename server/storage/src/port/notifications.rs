use app::model::{InboxEntry, Notification};
use async_trait::async_trait;
use domain::{AccountId, Timestamp};

use crate::error::Result;

/// What the in-app channel and the local KakaoTalk/SMS inbox received. They
/// are written by scripts (`scripts::RecordInApp`, `scripts::RecordInInbox`).
#[async_trait]
pub trait NotificationStorage: Send + Sync {
    async fn notifications_of(&self, recipient: AccountId, limit: i64)
        -> Result<Vec<Notification>>;
    async fn mark_notifications_read(&self, recipient: AccountId, now: Timestamp) -> Result<()>;
    async fn inbox(&self, limit: i64) -> Result<Vec<InboxEntry>>;
}
