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
    use crate::api::support::customer_with_order;

    let (customer, ports) = customer_with_order(order).await?;
    Ok(ports
        .catalogue
        .review(customer.id, order, stars, text)
        .await?)
}
