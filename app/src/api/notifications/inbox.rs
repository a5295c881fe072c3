use leptos::prelude::*;

use crate::error::AppError;
use crate::model::InboxEntry;

/// What the local KakaoTalk/SMS inbox received. Operators only.
#[server(endpoint = "notification_inbox", input = leptos::server_fn::codec::Json)]
pub async fn notification_inbox() -> Result<Vec<InboxEntry>, AppError> {
    use crate::api::support::{caller_with, ports};
    use crate::model::Role;

    caller_with(Role::Operator).await?;
    Ok(ports()?.notifications.inbox().await?)
}
