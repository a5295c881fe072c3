//! In-app notifications, push subscriptions, and the operator's view of the
//! other channels.

use std::sync::Arc;

use app::error::Field;
use app::model::{Account, AuditAction, DeadLetter, InboxEntry, Notification};
use app::ports::{ClientAddr, Notifications, PortError};
use async_trait::async_trait;
use domain::AccountId;
use storage::Engine;
use tokio::sync::Notify;

use super::audit::AuditLog;
use super::ServiceSettings;
use crate::notifications::push::{parse_subscription, BadSubscription};

/// In-app notifications, push subscriptions, and the operator's inbox and
/// dead letters.
pub struct NotificationService {
    storage: Arc<dyn Engine>,
    audit: AuditLog,
    /// The dispatcher's bell, rung when a dead letter is queued again.
    outbox_bell: Arc<Notify>,
    push_public_key: String,
    push_allow_http: bool,
}

impl NotificationService {
    pub(super) fn new(
        storage: Arc<dyn Engine>,
        audit: AuditLog,
        outbox_bell: Arc<Notify>,
        settings: &ServiceSettings,
    ) -> Self {
        Self {
            storage,
            audit,
            outbox_bell,
            push_public_key: settings.push_public_key.clone(),
            push_allow_http: settings.push_allow_http,
        }
    }
}

#[async_trait]
impl Notifications for NotificationService {
    async fn list(&self, recipient: AccountId) -> Result<Vec<Notification>, PortError> {
        Ok(self.storage.notifications_of(recipient, 50).await?)
    }

    async fn mark_read(&self, recipient: AccountId) -> Result<(), PortError> {
        Ok(self
            .storage
            .mark_notifications_read(recipient, app::clock::now())
            .await?)
    }

    async fn inbox(&self) -> Result<Vec<InboxEntry>, PortError> {
        Ok(self.storage.inbox(100).await?)
    }

    async fn dead_letters(&self) -> Result<Vec<DeadLetter>, PortError> {
        Ok(self.storage.dead_letters(100).await?)
    }

    fn push_public_key(&self) -> String {
        self.push_public_key.clone()
    }

    async fn subscribe_push(
        &self,
        account: AccountId,
        endpoint: &str,
        p256dh: &str,
        auth: &str,
    ) -> Result<(), PortError> {
        let subscription = parse_subscription(endpoint, p256dh, auth, self.push_allow_http)
            .map_err(|bad| match bad {
                BadSubscription::Endpoint => PortError::Invalid(Field::Endpoint),
                BadSubscription::Key => PortError::Invalid(Field::P256dh),
                BadSubscription::Auth => PortError::Invalid(Field::Auth),
            })?;
        Ok(self
            .storage
            .save_push_subscription(account, &subscription, app::clock::now())
            .await?)
    }

    async fn unsubscribe_push(
        &self,
        account: AccountId,
        endpoint: &str,
    ) -> Result<bool, PortError> {
        Ok(self
            .storage
            .delete_own_push_subscription(account, endpoint)
            .await?)
    }

    async fn retry(
        &self,
        operator: &Account,
        outbox_id: i64,
        client: Option<ClientAddr>,
    ) -> Result<bool, PortError> {
        let retried = self
            .storage
            .retry_dead(outbox_id, app::clock::now())
            .await?;
        if retried {
            self.outbox_bell.notify_waiters();
            let subject = format!("outbox {outbox_id}");
            self.audit
                .record(
                    Some(operator.id),
                    AuditAction::NotificationRetried,
                    &subject,
                    client,
                )
                .await;
        }
        Ok(retried)
    }
}
