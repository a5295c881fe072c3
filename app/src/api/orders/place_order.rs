use domain::{OrderId, StoreId};
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CartLine, IdempotencyKey};

/// Places an order for the signed-in customer. Prices come from the menu on
/// the server; the same key twice makes one order.
#[server(endpoint = "place_order", input = leptos::server_fn::codec::Json)]
pub async fn place_order(
    store: StoreId,
    lines: Vec<CartLine>,
    key: IdempotencyKey,
) -> Result<OrderId, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    async {
        let customer = caller_with(Role::Customer).await?;
        if lines.is_empty() {
            return Err(AppError::refused(domain::DomainError::EmptyOrder));
        }
        if lines.len() > domain::MAX_LINES {
            return Err(AppError::refused(domain::DomainError::TooManyLines));
        }
        Ok(ports()?.orders.place(&customer, store, lines, key).await?)
    }
    .await
}
