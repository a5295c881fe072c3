use domain::Coordinates;
use leptos::prelude::*;

use crate::error::AppError;

/// Goes on duty at the browser's position or, when the rider cannot share
/// it, at the centre of an area they choose; or goes off duty. Riders only.
#[server(endpoint = "set_duty", input = leptos::server_fn::codec::Json)]
pub async fn set_duty(
    on_duty: bool,
    position: Option<Coordinates>,
    area: Option<String>,
) -> Result<(), AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::error::Field;
    use crate::model::Role;

    let rider = caller_with(Role::Rider).await?;
    let position = match (on_duty, position, area) {
        (false, _, _) => None,
        (true, Some(position), _) => Some(position),
        (true, None, Some(area)) => Some(
            domain::Area::find(&area)
                .ok_or_else(|| AppError::invalid(Field::Area))?
                .centre(),
        ),
        (true, None, None) => return Err(AppError::invalid(Field::Position)),
    };
    Ok(ports()?.riders.set_duty(rider.id, position).await?)
}
