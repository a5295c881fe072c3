use leptos::prelude::*;

use crate::error::AppError;
use crate::model::DeadLetter;

/// Notifications that ran out of delivery attempts. Operators only.
#[server(endpoint = "dead_letters", input = leptos::server_fn::codec::Json)]
pub async fn dead_letters() -> Result<Vec<DeadLetter>, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    caller_with(Role::Operator).await?;
    Ok(ports()?.notifications.dead_letters().await?)
}
