use app::model::{AuditAction, AuditEntry};
use async_trait::async_trait;
use domain::Timestamp;
use storage::records::AuditRecord;
use storage::rows::corrupt;
use storage::{AuditStorage, Result};

use crate::PgEngine;

#[async_trait]
impl AuditStorage for PgEngine {
    async fn record_audit(&self, record: &AuditRecord) -> Result<()> {
        let (at, actor) = (record.at.millis(), record.actor.map(|id| id.get()));
        let action = record.action.as_str();
        sqlx::query!(
            "INSERT INTO audit_log (at, actor_id, action, subject, client) VALUES ($1, $2, $3, $4, $5)",
            at,
            actor,
            action,
            record.subject,
            record.client
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query!(
            r#"SELECT l.at, a.email AS "actor?", l.action, l.subject, l.client
               FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
               ORDER BY l.id DESC LIMIT $1"#,
            limit
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(AuditEntry {
                    at: Timestamp::from_millis(row.at),
                    actor: row.actor,
                    action: AuditAction::parse(&row.action)
                        .ok_or_else(|| corrupt(format!("audit action {}", row.action)))?,
                    subject: row.subject,
                    client: row.client,
                })
            })
            .collect()
    }
}
