use domain::StoreId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Dashboard;

/// One of the signed-in owner's stores at a glance: today's figures, the
/// week's top dishes, the latest reviews and the store's settings.
#[server(endpoint = "store_dashboard", input = leptos::server_fn::codec::Json)]
pub async fn store_dashboard(store: StoreId) -> Result<Dashboard, AppError> {
    use crate::api::support::{owner_of, ports};

    owner_of(store).await?;
    Ok(ports()?.stores.dashboard(store).await?)
}
