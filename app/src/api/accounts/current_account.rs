use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Account;

/// The signed-in account, or `None` for a visitor.
#[server(endpoint = "current_account", input = leptos::server_fn::codec::Json)]
pub async fn current_account() -> Result<Option<Account>, AppError> {
    use crate::api::support::caller;

    match caller().await {
        Ok(account) => Ok(Some(account)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(other) => Err(other),
    }
}
