use leptos::prelude::*;

use crate::error::AppError;
use crate::model::OrderView;

/// The signed-in customer's orders, newest first.
#[server(endpoint = "my_orders", input = leptos::server_fn::codec::Json)]
pub async fn my_orders() -> Result<Vec<OrderView>, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    let customer = caller_with(Role::Customer).await?;
    Ok(ports()?.orders.of_customer(customer.id).await?)
}
