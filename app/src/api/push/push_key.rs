use leptos::prelude::*;

use crate::error::AppError;

/// The server's VAPID public key (base64url), for `pushManager.subscribe`.
#[server(endpoint = "push_key", input = leptos::server_fn::codec::Json)]
pub async fn push_key() -> Result<String, AppError> {
    use crate::api::support::ports;

    Ok(ports()?.notifications.push_public_key())
}
