use domain::{OrderId, Reason};
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Review;

/// The signed-in owner's reply to a review of an order of their store.
#[server(endpoint = "reply_review", input = leptos::server_fn::codec::Json)]
pub async fn reply_review(order: OrderId, text: Reason) -> Result<Review, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    let owner = caller_with(Role::StoreOwner).await?;
    let ports = ports()?;
    let view = ports.orders.view(order).await?.ok_or(AppError::NotFound)?;
    if !owner.stores.contains(&view.order.store) {
        return Err(AppError::NotFound);
    }
    Ok(ports
        .stores
        .reply_review(view.order.store, order, text)
        .await?)
}
