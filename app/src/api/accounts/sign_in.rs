use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Account;

/// Signs in with email and password. The session is always a new one: a
/// session the browser already had ends here.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<Account, AppError> {
    use crate::api::support::{client, ports};

    if email.len() > 254 || password.len() > 1024 {
        return Err(AppError::BadCredentials);
    }
    let ports = ports()?;
    let session = ports
        .accounts
        .sign_in(email.trim(), &password, client())
        .await?
        .ok_or(AppError::BadCredentials)?;
    if let Some(previous) = ports.session_cookie.from_request() {
        ports.accounts.sign_out(&previous, client()).await?;
    }
    ports
        .session_cookie
        .set(&session.token, session.max_age_secs);
    Ok(session.account)
}
