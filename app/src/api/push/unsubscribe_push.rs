use leptos::prelude::*;

use crate::error::AppError;

/// Forgets the signed-in account's push subscription at `endpoint`.
#[server(endpoint = "unsubscribe_push", input = leptos::server_fn::codec::Json)]
pub async fn unsubscribe_push(endpoint: String) -> Result<(), AppError> {
    use crate::api::support::{caller, ports};

    let account = caller().await?;
    if ports()?
        .notifications
        .unsubscribe_push(account.id, &endpoint)
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
