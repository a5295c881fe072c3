use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{OrderRequest, Quote};

/// What an order would cost, checked as placing it would check it: dishes,
/// options, sold-out dishes, the store's hours and minimum, the coupon.
/// Customers only.
#[server(endpoint = "quote_order", input = leptos::server_fn::codec::Json)]
pub async fn quote_order(request: OrderRequest) -> Result<Quote, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    let customer = caller_with(Role::Customer).await?;
    request.check_size()?;
    Ok(ports()?.orders.quote(&customer, request).await?)
}
