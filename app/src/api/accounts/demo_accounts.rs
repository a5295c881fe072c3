use leptos::prelude::*;

use crate::error::AppError;
use crate::model::DemoAccount;

/// The one-tap demo accounts; empty unless the server runs in demo mode.
#[server(endpoint = "demo_accounts", input = leptos::server_fn::codec::Json)]
pub async fn demo_accounts() -> Result<Vec<DemoAccount>, AppError> {
    use crate::api::support::ports;

    ports().map(|ports| ports.accounts.demo_accounts())
}
