//! The session cookie: read from the request, written to the response.

use cookie::{Cookie, SameSite};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "baedal_session";

/// The session token of the current request, if it has one.
pub fn request_token() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    token_in_headers(&parts.headers)
}

/// The session token in a request's `Cookie` headers.
pub fn token_in_headers(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == SESSION_COOKIE)
        .map(|c| c.value().to_owned())
}

/// Sets the session cookie on the response.
pub fn set_session_cookie(token: &str, max_age_secs: i64) {
    let cookie = Cookie::build((SESSION_COOKIE, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build();
    append_set_cookie(&cookie);
}

/// Removes the session cookie from the browser.
pub fn clear_session_cookie() {
    let cookie = Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::ZERO)
        .build();
    append_set_cookie(&cookie);
}

fn append_set_cookie(cookie: &Cookie<'_>) {
    let Some(response) = use_context::<ResponseOptions>() else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&cookie.to_string()) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}
