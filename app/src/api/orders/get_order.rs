use domain::OrderId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::OrderView;

/// One order, for whoever may see it. Anyone else is told it does not exist.
#[server(endpoint = "get_order", input = leptos::server_fn::codec::Json)]
pub async fn get_order(order: OrderId) -> Result<OrderView, AppError> {
    use crate::access::may_view;
    use crate::api::support::{caller, ports};

    let account = caller().await?;
    let view = ports()?
        .orders
        .view(order)
        .await?
        .ok_or(AppError::NotFound)?;
    if may_view(&account, &view.order) {
        Ok(view)
    } else {
        Err(AppError::NotFound)
    }
}
