use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{StoreList, StoreQuery};

/// The stores matching a search or a category, nearest first to the chosen
/// saved address or the customer's own. Visitors see them too, without
/// distances.
#[server(endpoint = "list_stores", input = leptos::server_fn::codec::Json)]
pub async fn list_stores(query: StoreQuery) -> Result<StoreList, AppError> {
    use crate::api::support::{caller, ports};
    use crate::model::Role;

    let ports = ports()?;
    let account = caller().await.ok();
    let from = match (&account, query.address) {
        (Some(customer), Some(id)) if customer.role == Role::Customer => {
            let saved = ports.customers.address(customer.id, id).await?;
            Some(saved.ok_or(AppError::NotFound)?.place)
        }
        (_, Some(_)) => return Err(AppError::NotFound),
        (Some(account), None) => account.home.clone(),
        (None, None) => None,
    };
    Ok(ports.catalogue.stores(&query, from).await?)
}
