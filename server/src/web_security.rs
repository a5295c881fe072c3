//! What every response and request goes through for the browser's sake:
//! cross-site request refusal (CSRF), a bound on request bodies, the
//! security headers and the pages' Content-Security-Policy.

use std::net::SocketAddr;

use app::error::AppError;
use app::ports::ClientAddr;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a request that could change state (any method but GET, HEAD,
/// OPTIONS and TRACE) when the browser says it comes from another site: a
/// `Sec-Fetch-Site` other than `same-origin` or `none`, or else an `Origin`
/// that is not this server. Clients that send neither (not browsers) carry
/// no ambient cookies to abuse and pass.
pub async fn same_origin_only(request: Request, next: Next) -> Response {
    if !request.method().is_safe() && !from_this_site(request.headers()) {
        tracing::warn!(
            path = request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            "refused a cross-site request"
        );
        let body = serde_json::to_string(&AppError::Forbidden).unwrap_or_default();
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    next.run(request).await
}

fn from_this_site(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    };
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match (text(header::ORIGIN.as_str()), text(header::HOST.as_str())) {
        (None, _) => true,
        (Some(origin), Some(host)) => {
            let authority = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            authority == Some(host)
        }
        (Some(_), None) => false,
    }
}

/// The largest request body taken, in bytes; a larger one gets 413. The
/// largest honest body, an order of `domain::MAX_LINES` lines, is a few KiB.
pub const LARGEST_BODY: usize = 64 * 1024;

/// Puts the client's address in the request's extensions, for the audit log.
pub async fn record_client(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    request.extensions_mut().insert(ClientAddr(peer.ip()));
    next.run(request).await
}

/// The Content-Security-Policy of a page: scripts only from this site or
/// inline with this response's nonce (the hydration scripts), WebAssembly
/// compiled from this site, no plugins, no framing, forms and connections
/// only to this site.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's Content-Security-Policy with the nonce Leptos gives the
/// hydration scripts of this response. Called while a page renders.
pub fn provide_page_policy() {
    use leptos::prelude::use_context;

    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if let Ok(policy) = HeaderValue::from_str(&page_policy(&nonce)) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, policy);
    }
}

/// Headers every response carries: no MIME sniffing, no framing by other
/// sites, and no full URLs leaking to them as referrers.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("frame-ancestors 'none'"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn only_this_site_may_change_state() {
        let host = ("host", "baedal.example:3000");
        let allowed = [
            headers(&[host]),
            headers(&[host, ("sec-fetch-site", "same-origin")]),
            headers(&[host, ("sec-fetch-site", "none")]),
            headers(&[host, ("origin", "http://baedal.example:3000")]),
            headers(&[host, ("origin", "https://baedal.example:3000")]),
        ];
        for headers in &allowed {
            assert!(from_this_site(headers), "{headers:?}");
        }
        let refused = [
            headers(&[host, ("sec-fetch-site", "cross-site")]),
            headers(&[host, ("sec-fetch-site", "same-site")]),
            headers(&[host, ("origin", "https://evil.example")]),
            headers(&[host, ("origin", "http://baedal.example:3000.evil.example")]),
            headers(&[host, ("origin", "null")]),
            headers(&[("origin", "http://baedal.example:3000")]),
            // Sec-Fetch-Site wins over a matching Origin.
            headers(&[
                host,
                ("origin", "http://baedal.example:3000"),
                ("sec-fetch-site", "cross-site"),
            ]),
        ];
        for headers in &refused {
            assert!(!from_this_site(headers), "{headers:?}");
        }
    }
}
