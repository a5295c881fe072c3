use domain::StoreId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{DishForm, MenuItem};

/// Adds a dish to one of the signed-in owner's stores, or replaces one of
/// its dishes, option groups and prices included.
#[server(endpoint = "save_dish", input = leptos::server_fn::codec::Json)]
pub async fn save_dish(store: StoreId, dish: DishForm) -> Result<MenuItem, AppError> {
    use crate::api::support::{owner_of, ports};

    owner_of(store).await?;
    dish.check().map_err(AppError::invalid)?;
    Ok(ports()?.stores.save_dish(store, dish).await?)
}
