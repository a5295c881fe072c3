use leptos::prelude::*;

use crate::error::AppError;

/// Queues a dead-letter notification for delivery again. Operators only.
#[server(endpoint = "retry_notification", input = leptos::server_fn::codec::Json)]
pub async fn retry_notification(outbox_id: i64) -> Result<(), AppError> {
    use crate::api::support::{caller_with, client, ports};
    use crate::model::Role;

    let operator = caller_with(Role::Operator).await?;
    if ports()?
        .notifications
        .retry(&operator, outbox_id, client())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
