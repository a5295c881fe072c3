use domain::{OrderId, ReviewText, Stars};
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Review;

/// Reviews one of the caller's completed orders: 1 to 5 stars and up to 500
/// characters, once per order.
#[server(endpoint = "write_review", input = leptos::server_fn::codec::Json)]
pub async fn write_review(
    order: OrderId,
    stars: Stars,
    text: ReviewText,
) -> Result<Review, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    async {
        let customer = caller_with(Role::Customer).await?;
        let ports = ports()?;
        let view = ports.orders.view(order).await?.ok_or(AppError::NotFound)?;
        if view.order.customer != customer.id {
            return Err(AppError::NotFound);
        }
        domain::check_reviewable(&view.order, customer.id)?;
        Ok(ports
            .catalogue
            .review(customer.id, order, stars, text)
            .await?)
    }
    .await
}
