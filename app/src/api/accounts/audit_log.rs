use leptos::prelude::*;

use crate::error::AppError;
use crate::model::AuditEntry;

/// The latest sign-ins, sign-ups, sign-outs and operator actions. Operators only.
#[server(endpoint = "audit_log", input = leptos::server_fn::codec::Json)]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    caller_with(Role::Operator).await?;
    Ok(ports()?.accounts.audit_log().await?)
}
