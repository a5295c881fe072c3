use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Account;

/// Signs in with email and password and sets the session cookie.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<Account, AppError> {
    use crate::api::support::ports;

    async {
        if email.len() > 254 || password.len() > 1024 {
            return Err(AppError::BadCredentials);
        }
        let session = ports()?
            .accounts
            .sign_in(email.trim(), &password)
            .await?
            .ok_or(AppError::BadCredentials)?;
        crate::session::set_session_cookie(&session.token, session.max_age_secs);
        Ok(session.account)
    }
    .await
}
