use app::model::{AuditAction, AuditEntry};
use domain::Timestamp;
use sqlx::SqlitePool;

use super::rows::corrupt;
use crate::db::{AuditRecord, DbError};

pub async fn record(pool: &SqlitePool, record: &AuditRecord) -> Result<(), DbError> {
    let actor = record.actor.map(|id| id.get());
    let action = record.action.as_str();
    sqlx::query!(
        "INSERT INTO audit_log (at, actor_id, action, subject, client) VALUES (?, ?, ?, ?, ?)",
        record.at_ms,
        actor,
        action,
        record.subject,
        record.client
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn latest(pool: &SqlitePool, limit: i64) -> Result<Vec<AuditEntry>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT l.at, a.email AS "actor?", l.action, l.subject, l.client
           FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
           ORDER BY l.id DESC LIMIT ?"#,
        limit
    )
    .fetch_all(pool)
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
