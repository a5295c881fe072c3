use domain::OrderId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::RiderSpot;

/// Where the rider carrying an order is, once it is picked up, with the
/// estimated arrival; `None` before. For whoever may see the order.
#[server(endpoint = "rider_position", input = leptos::server_fn::codec::Json)]
pub async fn rider_position(order: OrderId) -> Result<Option<RiderSpot>, AppError> {
    use crate::access::may_view;
    use crate::api::support::{caller, ports};

    let account = caller().await?;
    let ports = ports()?;
    let view = ports.orders.view(order).await?.ok_or(AppError::NotFound)?;
    if !may_view(&account, &view.order) {
        return Err(AppError::NotFound);
    }
    Ok(ports.riders.spot(&view).await?)
}
