use leptos::prelude::*;

use crate::error::AppError;

/// Ends the current session and clears its cookie.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::api::support::{client, ports};

    let ports = ports()?;
    if let Some(token) = ports.session_cookie.from_request() {
        ports.accounts.sign_out(&token, client()).await?;
    }
    ports.session_cookie.clear();
    Ok(())
}
