use domain::OrderId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::OrderView;

/// Tries the payment of the caller's unpaid order again, now. Answers
/// `payment_busy` when the provider still cannot take it.
#[server(endpoint = "retry_payment", input = leptos::server_fn::codec::Json)]
pub async fn retry_payment(order: OrderId) -> Result<OrderView, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    async {
        let customer = caller_with(Role::Customer).await?;
        let ports = ports()?;
        let view = ports.orders.view(order).await?.ok_or(AppError::NotFound)?;
        if view.order.customer != customer.id {
            return Err(AppError::NotFound);
        }
        Ok(ports.orders.retry_payment(&customer, order).await?)
    }
    .await
}
