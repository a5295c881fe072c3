use domain::StoreId;
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CouponOffer;

/// The coupons the signed-in customer may still use: of one store, or of
/// every store when none is given. Customers only.
#[server(endpoint = "my_coupons", input = leptos::server_fn::codec::Json)]
pub async fn my_coupons(store: Option<StoreId>) -> Result<Vec<CouponOffer>, AppError> {
    use crate::api::support::{caller_with, ports, read_ahead};
    use crate::model::Role;

    let customer = caller_with(Role::Customer).await?;
    if let Some(offers) = read_ahead().and_then(|read| read.offers_for(store)) {
        return Ok(offers);
    }
    Ok(ports()?.catalogue.coupons_for(customer.id, store).await?)
}
