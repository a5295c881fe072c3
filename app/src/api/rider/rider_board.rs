use leptos::prelude::*;

use crate::error::AppError;
use crate::model::DeliveryBoard;

/// The rider's board: deliveries ready within their radius, nearest first,
/// their own with phone numbers, their duty and earnings. Riders only.
#[server(endpoint = "rider_board", input = leptos::server_fn::codec::Json)]
pub async fn rider_board() -> Result<DeliveryBoard, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    let rider = caller_with(Role::Rider).await?;
    Ok(ports()?.riders.board(&rider).await?)
}
