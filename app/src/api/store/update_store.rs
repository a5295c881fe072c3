use domain::StoreId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{StoreCard, StoreSettings};

/// Opens or closes one of the signed-in owner's stores, and sets its hours,
/// delivery fee, minimum order and auto-accept. Takes effect for the next
/// order.
#[server(endpoint = "update_store", input = leptos::server_fn::codec::Json)]
pub async fn update_store(store: StoreId, settings: StoreSettings) -> Result<StoreCard, AppError> {
    use crate::api::support::{owner_of, ports};

    owner_of(store).await?;
    Ok(ports()?.stores.update_store(store, settings).await?)
}
