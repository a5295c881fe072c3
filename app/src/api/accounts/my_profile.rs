use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Profile;

/// The signed-in customer's grade, completed orders and saved addresses.
#[server(endpoint = "my_profile", input = leptos::server_fn::codec::Json)]
pub async fn my_profile() -> Result<Profile, AppError> {
    use crate::api::support::{caller_with, ports, read_ahead};
    use crate::model::Role;

    let customer = caller_with(Role::Customer).await?;
    if let Some(profile) = read_ahead().and_then(|read| read.profile.clone()) {
        return Ok(profile);
    }
    Ok(ports()?.customers.profile(&customer).await?)
}
