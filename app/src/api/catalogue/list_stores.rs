use leptos::prelude::*;

use crate::error::AppError;
use crate::model::StoreCard;

/// The stores, nearest to the signed-in customer's address first. Visitors
/// see them too, without distances.
#[server(endpoint = "list_stores", input = leptos::server_fn::codec::Json)]
pub async fn list_stores() -> Result<Vec<StoreCard>, AppError> {
    use crate::api::support::{caller, ports};

    async {
        let mut stores = ports()?.catalogue.stores().await?;
        let home = caller().await.ok().and_then(|account| account.home);
        if let Some(home) = home {
            for store in &mut stores {
                store.distance_m = Some(home.location.distance_m(store.place.location));
            }
            stores.sort_by_key(|store| store.distance_m);
        }
        Ok(stores)
    }
    .await
}
