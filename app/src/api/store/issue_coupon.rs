use domain::{Discount, Money, StoreId};
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::IssuedCoupon;

/// Issues a coupon for one of the signed-in owner's stores, valid for
/// `valid_days` from now, and tells the store's past customers. Returns its
/// code and how many were told.
#[server(endpoint = "issue_coupon", input = leptos::server_fn::codec::Json)]
pub async fn issue_coupon(
    store: StoreId,
    discount: Discount,
    min_order: Money,
    valid_days: u16,
    quantity: u32,
) -> Result<IssuedCoupon, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;
    use domain::{CouponTerms, DomainError, Timestamp};

    let owner = caller_with(Role::StoreOwner).await?;
    if !owner.stores.contains(&store) {
        return Err(AppError::NotFound);
    }
    let now = crate::clock::now();
    let expires_at = Timestamp::from_millis(now.millis() + i64::from(valid_days) * 86_400_000);
    let terms =
        CouponTerms::new(discount, min_order, expires_at, quantity, now).map_err(|refusal| {
            match refusal {
                DomainError::InvalidCoupon { field } => AppError::invalid(field.into()),
                other => AppError::Refused { reason: other },
            }
        })?;
    Ok(ports()?.catalogue.issue_coupon(store, terms).await?)
}
