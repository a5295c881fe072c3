use domain::Coordinates;
use leptos::prelude::*;

use crate::error::AppError;

/// Where the on-duty rider is now; the customer of a delivery they carry
/// sees it. Riders only; off duty it is refused.
#[server(endpoint = "report_position", input = leptos::server_fn::codec::Json)]
pub async fn report_position(position: Coordinates) -> Result<(), AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::error::Field;
    use crate::model::Role;

    let rider = caller_with(Role::Rider).await?;
    if ports()?.riders.report_position(rider.id, position).await? {
        Ok(())
    } else {
        Err(AppError::invalid(Field::OffDuty))
    }
}
