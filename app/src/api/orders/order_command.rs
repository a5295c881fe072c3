use domain::{Command, OrderId};
use leptos::prelude::*;

use crate::error::AppError;
use crate::model::OrderView;

/// Applies one command to an order as the caller. Who may do what is decided
/// by `domain::decide`; an order the caller may not see does not exist, and
/// one they may only see (the operator) is not theirs to command. A rider
/// claims only deliveries offered to them: near where they are. Payment
/// outcomes are Baedal's to record: a customer asks again with
/// `retry_payment`.
#[server(endpoint = "order_command", input = leptos::server_fn::codec::Json)]
pub async fn order_command(order: OrderId, command: Command) -> Result<OrderView, AppError> {
    use crate::access::{actor_for, may_view};
    use crate::api::support::{caller, ports};
    use crate::model::Role;

    let account = caller().await?;
    let ports = ports()?;
    let current = ports.orders.view(order).await?.ok_or(AppError::NotFound)?;
    let Some(actor) = actor_for(&account, &current.order) else {
        return Err(if may_view(&account, &current.order) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    };
    let claiming = matches!(command, Command::Claim) && account.role == Role::Rider;
    if claiming && !ports.riders.is_offered_to(&account, &current).await? {
        return Err(AppError::NotFound);
    }
    Ok(ports.orders.execute(order, command, actor).await?)
}
