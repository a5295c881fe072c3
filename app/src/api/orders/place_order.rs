use domain::OrderId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{IdempotencyKey, OrderRequest};

/// Places an order for the signed-in customer and takes the payment. Prices
/// come from the menu on the server; the same key twice makes one order.
/// When the payment provider is busy the order waits, unpaid, and is retried.
#[server(endpoint = "place_order", input = leptos::server_fn::codec::Json)]
pub async fn place_order(request: OrderRequest, key: IdempotencyKey) -> Result<OrderId, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    let customer = caller_with(Role::Customer).await?;
    request.check_size()?;
    Ok(ports()?.orders.place(&customer, request, key).await?)
}
