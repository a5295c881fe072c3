use domain::StoreId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::StoreWithMenu;

/// A store and its menu. Public.
#[server(endpoint = "store_menu", input = leptos::server_fn::codec::Json)]
pub async fn store_menu(store: StoreId) -> Result<StoreWithMenu, AppError> {
    use crate::api::support::ports;

    ports()?
        .catalogue
        .store_menu(store)
        .await?
        .ok_or(AppError::NotFound)
}
