use domain::AccountId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AccountForm, Role, StoreForm};

/// Creates a rider's account, or a store owner's with their first store.
/// Operators only; customers sign themselves up.
#[server(endpoint = "create_account", input = leptos::server_fn::codec::Json)]
pub async fn create_account(
    role: Role,
    account: AccountForm,
    store: Option<StoreForm>,
) -> Result<AccountId, AppError> {
    use crate::api::support::{caller_with, client, ports};
    use crate::error::Field;

    let operator = caller_with(Role::Operator).await?;
    let store = match (role, store) {
        (Role::Rider, None) => None,
        (Role::StoreOwner, Some(store)) => Some(store),
        (Role::StoreOwner, None) => return Err(AppError::invalid(Field::Store)),
        _ => return Err(AppError::invalid(Field::Role)),
    };
    Ok(ports()?
        .accounts
        .create_account(&operator, role, account, store, client())
        .await?)
}
