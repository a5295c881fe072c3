use async_trait::async_trait;
use domain::{AccountId, Timestamp};

use crate::error::Result;
use crate::records::PushSubscription;

/// The server's own keys and the browsers' Web Push subscriptions.
#[async_trait]
pub trait PushStorage: Send + Sync {
    /// The value stored under `name`, storing `value` first if there is none.
    async fn server_key_or_insert(&self, name: &str, value: &str, now: Timestamp)
        -> Result<String>;
    /// Keeps a subscription for `account`; a known endpoint moves to it.
    async fn save_push_subscription(
        &self,
        account: AccountId,
        subscription: &PushSubscription,
        now: Timestamp,
    ) -> Result<()>;
    async fn push_subscriptions(&self, account: AccountId) -> Result<Vec<PushSubscription>>;
    async fn delete_push_subscription(&self, endpoint: &str) -> Result<()>;
    /// Deletes `account`'s subscription at `endpoint`; false if it has none there.
    async fn delete_own_push_subscription(
        &self,
        account: AccountId,
        endpoint: &str,
    ) -> Result<bool>;
}
