//! The audit log: who signed in, out or up, and what operators did.

use std::sync::Arc;

use app::model::AuditAction;
use app::ports::ClientAddr;
use domain::AccountId;
use storage::records::AuditRecord;
use storage::Engine;

/// Appends to the audit log.
#[derive(Clone)]
pub(super) struct AuditLog {
    storage: Arc<dyn Engine>,
}

impl AuditLog {
    pub(super) fn new(storage: Arc<dyn Engine>) -> Self {
        Self { storage }
    }

    /// Records `action`. A failure is logged and does not undo what was
    /// recorded.
    pub(super) async fn record(
        &self,
        actor: Option<AccountId>,
        action: AuditAction,
        subject: &str,
        client: Option<ClientAddr>,
    ) {
        let record = AuditRecord {
            at: app::clock::now(),
            actor,
            action,
            subject: subject.chars().take(254).collect(),
            client: client.map(|ClientAddr(ip)| ip.to_string()),
        };
        if let Err(error) = self.storage.record_audit(&record).await {
            tracing::error!(%error, action = action.as_str(), "writing the audit log failed");
        }
    }
}
