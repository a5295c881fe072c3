use leptos::prelude::*;

use crate::error::AppError;

/// Ends the current session and clears its cookie.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::api::support::ports;

    async {
        if let Some(token) = crate::session::request_token() {
            ports()?.accounts.sign_out(&token).await?;
        }
        crate::session::clear_session_cookie();
        Ok(())
    }
    .await
}
