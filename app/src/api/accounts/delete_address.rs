use domain::AddressId;
use leptos::prelude::*;

use crate::error::AppError;

/// Forgets one of the signed-in customer's saved addresses.
#[server(endpoint = "delete_address", input = leptos::server_fn::codec::Json)]
pub async fn delete_address(id: AddressId) -> Result<(), AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    let customer = caller_with(Role::Customer).await?;
    if ports()?.customers.delete_address(customer.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
