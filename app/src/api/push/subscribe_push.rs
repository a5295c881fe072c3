use leptos::prelude::*;

use crate::error::AppError;

/// Keeps this browser's push subscription for the signed-in account: the
/// endpoint and its keys as `PushSubscription.toJSON()` gives them.
#[server(endpoint = "subscribe_push", input = leptos::server_fn::codec::Json)]
pub async fn subscribe_push(
    endpoint: String,
    p256dh: String,
    auth: String,
) -> Result<(), AppError> {
    use crate::api::support::{caller, ports};

    let account = caller().await?;
    Ok(ports()?
        .notifications
        .subscribe_push(account.id, &endpoint, &p256dh, &auth)
        .await?)
}
