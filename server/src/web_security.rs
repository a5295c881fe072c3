//! What every response and request goes through for the browser's sake:
//! cross-site request refusal (CSRF) and the security headers.

use app::error::AppError;
use axum::extract::Request;
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
