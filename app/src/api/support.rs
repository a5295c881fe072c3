//! What every server function does first: find the ports and the caller.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Account, Role};
use crate::ports::{ClientAddr, Ports, ReadAhead};

/// The ports the server provided.
pub fn ports() -> Result<Ports, AppError> {
    use_context::<Ports>().ok_or_else(|| {
        tracing::error!("server functions called without ports in context");
        AppError::Internal
    })
}

/// The address this request came from, as the server recorded it.
pub fn client() -> Option<ClientAddr> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<ClientAddr>()
        .copied()
}

/// What the server read ahead for this request, if it did.
pub fn read_ahead() -> Option<std::sync::Arc<ReadAhead>> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<std::sync::Arc<ReadAhead>>()
        .cloned()
}

/// The account a request's session belongs to, looked up once however many
/// server functions a page calls while it renders. The server provides one
/// per request.
#[derive(Clone, Default)]
pub struct RequestCaller(std::sync::Arc<tokio::sync::OnceCell<Option<Account>>>);

/// The signed-in account making this request.
pub async fn caller() -> Result<Account, AppError> {
    if let Some(read) = read_ahead() {
        return Ok(read.account.clone());
    }
    let ports = ports()?;
    let token = ports
        .session_cookie
        .from_request()
        .ok_or(AppError::Unauthenticated)?;
    let look_up = || async { ports.accounts.session(&token).await };
    let account = match use_context::<RequestCaller>() {
        Some(known) => known.0.get_or_try_init(look_up).await?.clone(),
        None => look_up().await?,
    };
    account.ok_or(AppError::Unauthenticated)
}

/// The signed-in account, which must have `role`.
pub async fn caller_with(role: Role) -> Result<Account, AppError> {
    let account = caller().await?;
    if account.role == role {
        Ok(account)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in store owner, who must own `store`; another store is
/// answered as if it did not exist.
pub async fn owner_of(store: domain::StoreId) -> Result<Account, AppError> {
    let owner = caller_with(Role::StoreOwner).await?;
    if owner.stores.contains(&store) {
        Ok(owner)
    } else {
        Err(AppError::NotFound)
    }
}

/// The signed-in customer, with one of their own orders; another's order is
/// answered as if it did not exist.
pub async fn customer_with_order(order: domain::OrderId) -> Result<(Account, Ports), AppError> {
    let customer = caller_with(Role::Customer).await?;
    let ports = ports()?;
    let view = ports.orders.view(order).await?.ok_or(AppError::NotFound)?;
    if view.order.customer == customer.id {
        Ok((customer, ports))
    } else {
        Err(AppError::NotFound)
    }
}
