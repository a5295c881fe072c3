//! In-app notifications, push subscriptions, and the operator's view of the
//! other channels.

use app::model::{Account, AuditAction, DeadLetter, InboxEntry, Notification};
use app::ports::{ClientAddr, Notifications, PortError};
use async_trait::async_trait;
use domain::AccountId;

use super::{storage_failed, Baedal};
use crate::notifications::push::{parse_subscription, BadSubscription};

#[async_trait]
impl Notifications for Baedal {
    async fn list(&self, recipient: AccountId) -> Result<Vec<Notification>, PortError> {
        self.storage
            .notifications_of(recipient, 50)
            .await
            .map_err(storage_failed("listing notifications"))
    }

    async fn mark_read(&self, recipient: AccountId) -> Result<(), PortError> {
        self.storage
            .mark_notifications_read(recipient, app::clock::now())
            .await
            .map_err(storage_failed("marking notifications read"))
    }

    async fn inbox(&self) -> Result<Vec<InboxEntry>, PortError> {
        self.storage
            .inbox(100)
            .await
            .map_err(storage_failed("reading the inbox"))
    }

    async fn dead_letters(&self) -> Result<Vec<DeadLetter>, PortError> {
        self.storage
            .dead_letters(100)
            .await
            .map_err(storage_failed("reading dead letters"))
    }

    fn push_public_key(&self) -> String {
        self.settings.push_public_key.clone()
    }

    async fn subscribe_push(
        &self,
        account: AccountId,
        endpoint: &str,
        p256dh: &str,
        auth: &str,
    ) -> Result<(), PortError> {
        let subscription =
            parse_subscription(endpoint, p256dh, auth, self.settings.push_allow_http).map_err(
                |bad| match bad {
                    BadSubscription::Endpoint => PortError::Invalid("endpoint"),
                    BadSubscription::Key => PortError::Invalid("p256dh"),
                    BadSubscription::Auth => PortError::Invalid("auth"),
                },
            )?;
        self.storage
            .save_push_subscription(account, &subscription, app::clock::now())
            .await
            .map_err(storage_failed("keeping a push subscription"))
    }

    async fn unsubscribe_push(
        &self,
        account: AccountId,
        endpoint: &str,
    ) -> Result<bool, PortError> {
        self.storage
            .delete_own_push_subscription(account, endpoint)
            .await
            .map_err(storage_failed("removing a push subscription"))
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
            .await
            .map_err(storage_failed("retrying a dead letter"))?;
        if retried {
            self.bells.outbox.notify_waiters();
            let subject = format!("outbox {outbox_id}");
            self.audit(
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
