use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SalesFigures;

/// Today's figures of each of the signed-in owner's stores.
#[server(endpoint = "store_sales", input = leptos::server_fn::codec::Json)]
pub async fn store_sales() -> Result<Vec<SalesFigures>, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    let owner = caller_with(Role::StoreOwner).await?;
    Ok(ports()?.orders.sales_today(&owner.stores).await?)
}
