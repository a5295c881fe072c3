use leptos::prelude::*;

use crate::error::AppError;
use crate::model::OrderView;

/// The paid orders of the signed-in owner's stores, newest first.
#[server(endpoint = "store_orders", input = leptos::server_fn::codec::Json)]
pub async fn store_orders() -> Result<Vec<OrderView>, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    let owner = caller_with(Role::StoreOwner).await?;
    Ok(ports()?.orders.of_stores(&owner.stores).await?)
}
