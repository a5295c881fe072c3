use domain::{MenuItemId, StoreId};
use leptos::prelude::*;

use crate::error::AppError;

/// Marks a dish of one of the signed-in owner's stores sold out, or back on
/// sale. Customers see it on their next look at the menu, and an order with
/// it is refused.
#[server(endpoint = "set_sold_out", input = leptos::server_fn::codec::Json)]
pub async fn set_sold_out(
    store: StoreId,
    item: MenuItemId,
    sold_out: bool,
) -> Result<(), AppError> {
    use crate::api::support::{owner_of, ports};

    owner_of(store).await?;
    if ports()?.stores.set_sold_out(store, item, sold_out).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
