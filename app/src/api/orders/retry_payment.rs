use domain::OrderId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::OrderView;

/// Tries the payment of the caller's unpaid order again, now. Answers
/// `payment_busy` when the provider still cannot take it.
#[server(endpoint = "retry_payment", input = leptos::server_fn::codec::Json)]
pub async fn retry_payment(order: OrderId) -> Result<OrderView, AppError> {
    use crate::api::support::customer_with_order;

    let (_customer, ports) = customer_with_order(order).await?;
    Ok(ports.orders.retry_payment(order).await?)
}
