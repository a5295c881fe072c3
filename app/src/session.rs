//! The session cookie: read from the request, written to the response.

use cookie::{Cookie, SameSite};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// How the session cookie is named and flagged. Served over TLS it is
/// `__Host-baedal_session` and `Secure`, so that browsers send it only over
/// TLS, only to this host, and let no other site or subdomain set it; over
/// plain HTTP (development, tests) browsers would refuse both, so it is
/// `baedal_session`. Either way it is `HttpOnly`, `SameSite=Lax`, `Path=/`
/// and has no `Domain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionCookie {
    pub secure: bool,
}

impl SessionCookie {
    /// The cookie's name.
    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-baedal_session"
        } else {
            "baedal_session"
        }
    }

    /// The session token of the current request, if it has one.
    pub fn from_request(self) -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        self.from_headers(&parts.headers)
    }

    /// The session token in a request's `Cookie` headers.
    pub fn from_headers(self, headers: &http::HeaderMap) -> Option<String> {
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|c| c.name() == self.name())
            .map(|c| c.value().to_owned())
    }

    /// The `Set-Cookie` value that gives the browser `token` for `max_age_secs`.
    pub fn set_value(self, token: &str, max_age_secs: i64) -> String {
        Cookie::build((self.name(), token.to_owned()))
            .path("/")
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .max_age(cookie::time::Duration::seconds(max_age_secs))
            .build()
            .to_string()
    }

    /// Sets the session cookie on the response.
    pub fn set(self, token: &str, max_age_secs: i64) {
        append_set_cookie(self.set_value(token, max_age_secs));
    }

    /// Removes the session cookie from the browser, with everything the
    /// browser kept of the site for the account: its HTTP cache and its
    /// storage, where the service worker keeps pages that may show the
    /// account's orders, addresses and phone numbers.
    pub fn clear(self) {
        append_set_cookie(self.set_value("", 0));
        if let Some(response) = use_context::<ResponseOptions>() {
            response.insert_header(
                http::HeaderName::from_static("clear-site-data"),
                http::HeaderValue::from_static("\"cache\", \"storage\""),
            );
        }
    }
}

fn append_set_cookie(cookie: String) {
    let Some(response) = use_context::<ResponseOptions>() else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&cookie) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_tls_the_cookie_is_host_prefixed_and_secure() {
        let secure = SessionCookie { secure: true }.set_value("t0ken", 60);
        assert!(
            secure.starts_with("__Host-baedal_session=t0ken;"),
            "{secure}"
        );
        for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=60"] {
            assert!(secure.contains(attribute), "{secure} lacks {attribute}");
        }
        assert!(!secure.contains("Domain"), "{secure}");

        let plain = SessionCookie { secure: false }.set_value("t0ken", 60);
        assert!(plain.starts_with("baedal_session=t0ken;"), "{plain}");
        assert!(
            plain.contains("HttpOnly") && !plain.contains("Secure"),
            "{plain}"
        );
    }

    #[test]
    fn only_the_cookie_of_its_own_name_is_read() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "baedal_session=plain; other=1".parse().unwrap(),
        );
        assert_eq!(
            SessionCookie { secure: false }.from_headers(&headers),
            Some("plain".to_owned())
        );
        assert_eq!(SessionCookie { secure: true }.from_headers(&headers), None);
    }
}
