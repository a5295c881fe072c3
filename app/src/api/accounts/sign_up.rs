use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Account;

/// Creates a customer's account and signs it in. Store owners and riders are
/// created by an operator (`create_account`).
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    email: String,
    name: String,
    password: String,
    area: String,
    address: String,
) -> Result<Account, AppError> {
    use crate::api::support::{client, ports};
    use crate::model::AccountForm;

    let form = AccountForm {
        email,
        name,
        password,
        area,
        address,
    };
    let ports = ports()?;
    let session = ports.accounts.sign_up(form, client()).await?;
    ports
        .session_cookie
        .set(&session.token, session.max_age_secs);
    Ok(session.account)
}
