use leptos::prelude::*;

use crate::error::AppError;

/// Ends every session of the signed-in account, on every device, this one
/// included; returns how many ended.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    use crate::api::support::{caller, client, ports};

    let account = caller().await?;
    let ports = ports()?;
    let ended = ports
        .accounts
        .sign_out_everywhere(&account, client())
        .await?;
    ports.session_cookie.clear();
    Ok(ended)
}
