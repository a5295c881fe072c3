use leptos::prelude::*;

use crate::error::AppError;

/// Marks all of the signed-in account's notifications read.
#[server(endpoint = "mark_notifications_read", input = leptos::server_fn::codec::Json)]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::api::support::{caller, ports};

    let account = caller().await?;
    Ok(ports()?.notifications.mark_read(account.id).await?)
}
