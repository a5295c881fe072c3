use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Notification;

/// The signed-in account's latest in-app notifications, newest first.
#[server(endpoint = "my_notifications", input = leptos::server_fn::codec::Json)]
pub async fn my_notifications() -> Result<Vec<Notification>, AppError> {
    use crate::api::support::{caller, ports};

    let account = caller().await?;
    Ok(ports()?.notifications.list(account.id).await?)
}
