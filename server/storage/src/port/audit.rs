use app::model::AuditEntry;
use async_trait::async_trait;

use crate::error::Result;
use crate::records::AuditRecord;

/// The audit log: appended, never changed.
#[async_trait]
pub trait AuditStorage: Send + Sync {
    async fn record_audit(&self, record: &AuditRecord) -> Result<()>;
    /// The latest entries, newest first.
    async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>>;
}
