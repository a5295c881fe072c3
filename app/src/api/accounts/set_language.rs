use leptos::prelude::*;

use crate::error::AppError;
use crate::lang::Lang;

/// Writes the signed-in account's later KakaoTalk, SMS and push messages in `lang`.
#[server(endpoint = "set_language", input = leptos::server_fn::codec::Json)]
pub async fn set_language(lang: Lang) -> Result<(), AppError> {
    use crate::api::support::{caller, ports};

    let account = caller().await?;
    Ok(ports()?.accounts.set_language(account.id, lang).await?)
}
