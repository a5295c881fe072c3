use domain::Coordinates;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SavedAddress;

/// Saves a delivery address for the signed-in customer, at the browser's
/// position or at the centre of an area they pick.
#[server(endpoint = "save_address", input = leptos::server_fn::codec::Json)]
pub async fn save_address(
    label: String,
    address: String,
    position: Option<Coordinates>,
    area: Option<String>,
) -> Result<SavedAddress, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::error::Field;
    use crate::model::{Place, Role};

    let customer = caller_with(Role::Customer).await?;
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 20 || label.chars().any(char::is_control) {
        return Err(AppError::invalid(Field::Label));
    }
    let location = match (position, area) {
        (Some(position), _) => position,
        (None, Some(area)) => domain::Area::find(&area)
            .ok_or_else(|| AppError::invalid(Field::Area))?
            .centre(),
        (None, None) => return Err(AppError::invalid(Field::Position)),
    };
    let delivery = domain::Delivery::parse(&address, location)?;
    let place = Place {
        address: delivery.address().to_owned(),
        location,
    };
    Ok(ports()?
        .customers
        .save_address(customer.id, label, place)
        .await?)
}
