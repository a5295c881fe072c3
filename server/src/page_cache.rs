//! The public pages kept whole: the store list and each store's page, as a
//! visitor who is not signed in gets them. Such a page is made of the
//! catalogue and the language only, so it is rendered once and then served
//! from memory until the catalogue changes, and for a second at most, as the
//! catalogue itself is kept (`services::catalogue_cache`).
//!
//! Every answer still has its own CSP nonce: the kept page's nonce is
//! replaced with a fresh one in the body and in the `Content-Security-Policy`
//! header. Pages with a query (a search), pages for a signed-in caller and
//! answers that set a cookie or are not `200 OK` are rendered every time.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_SECURITY_POLICY, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use app::lang::Lang;
use app::session::SessionCookie;

use crate::services::catalogue_cache::Shelf;
use crate::services::CatalogueCache;

/// A page larger than this is served as rendered, not kept.
const LARGEST_KEPT_PAGE: usize = 1 << 20;

pub struct PageCache {
    catalogue: Arc<CatalogueCache>,
    session_cookie: SessionCookie,
    pages: Shelf<PageKey, KeptPage>,
}

/// A public page in one language.
#[derive(Clone, PartialEq, Eq, Hash)]
struct PageKey {
    path: String,
    lang: Lang,
}

/// A rendered page, with where its nonce stands in the body.
struct KeptPage {
    headers: HeaderMap,
    body: Bytes,
    nonce: String,
    nonce_at: Vec<usize>,
}

impl PageCache {
    pub fn new(catalogue: Arc<CatalogueCache>, session_cookie: SessionCookie) -> Self {
        Self {
            catalogue,
            session_cookie,
            pages: Shelf::default(),
        }
    }

    /// The key of a request for a public page, or `None` when its answer
    /// may depend on more than the catalogue and the language.
    fn key_of(&self, request: &Request) -> Option<PageKey> {
        let uri = request.uri();
        let public = match uri.path() {
            "/" => true,
            path => path.strip_prefix("/stores/").is_some_and(|id| {
                (1..=18).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
            }),
        };
        let signed_in = self
            .session_cookie
            .from_headers(request.headers())
            .is_some();
        (request.method() == Method::GET && public && uri.query().is_none() && !signed_in).then(
            || PageKey {
                path: uri.path().to_owned(),
                lang: app::i18n::lang_of(request.headers()),
            },
        )
    }
}

/// Serves a kept public page, or renders it and keeps it.
pub async fn serve_public_pages(
    State(cache): State<Arc<PageCache>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(key) = cache.key_of(&request) else {
        return next.run(request).await;
    };
    let version = cache.catalogue.version();
    if let Some(page) = cache.pages.get(&key, version, cache.catalogue.fresh_for()) {
        return page.answer();
    }
    let rendered = next.run(request).await;
    let (parts, body) = rendered.into_parts();
    let Some(nonce) = keepable(parts.status, &parts.headers) else {
        return Response::from_parts(parts, body);
    };
    let body = match to_bytes(body, LARGEST_KEPT_PAGE).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "rendering a public page failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut headers = parts.headers.clone();
    headers.remove(CONTENT_LENGTH);
    // A change while rendering leaves the page unkept: it may predate it.
    if cache.catalogue.version() == version {
        let nonce_at = positions(&body, nonce.as_bytes());
        let page = KeptPage {
            headers,
            body: body.clone(),
            nonce,
            nonce_at,
        };
        cache.pages.put(key, version, Arc::new(page));
    }
    Response::from_parts(parts, Body::from(body))
}

/// The nonce of an answer that may be kept: `200 OK`, setting no cookie,
/// with a policy that names its nonce.
fn keepable(status: StatusCode, headers: &HeaderMap) -> Option<String> {
    if status != StatusCode::OK || headers.contains_key(SET_COOKIE) {
        return None;
    }
    let policy = headers.get(CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let nonce = policy.split("'nonce-").nth(1)?.split('\'').next()?;
    (!nonce.is_empty()).then(|| nonce.to_owned())
}

/// Where `needle` starts in `haystack`, each time.
fn positions(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    memchr::memmem::find_iter(haystack, needle).collect()
}

impl KeptPage {
    /// The page with a nonce of its own.
    fn answer(&self) -> Response {
        let fresh = leptos::nonce::Nonce::new().to_string();
        if fresh.len() != self.nonce.len() {
            // Every nonce is 22 characters; should that change, the kept
            // page cannot be patched in place.
            tracing::error!("a fresh nonce has another length than the kept one");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        let mut body = self.body.to_vec();
        for &at in &self.nonce_at {
            body[at..at + fresh.len()].copy_from_slice(fresh.as_bytes());
        }
        let mut headers = self.headers.clone();
        if let Some(policy) = headers.get(CONTENT_SECURITY_POLICY) {
            let policy = policy
                .to_str()
                .unwrap_or_default()
                .replace(&self.nonce, &fresh);
            match HeaderValue::from_str(&policy) {
                Ok(policy) => {
                    headers.insert(CONTENT_SECURITY_POLICY, policy);
                }
                Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = headers;
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_policy(policy: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
        headers
    }

    #[test]
    fn only_plain_answers_with_a_nonce_are_kept() {
        let policy = "script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'";
        assert_eq!(
            keepable(StatusCode::OK, &with_policy(policy)),
            Some("abc".to_owned())
        );
        assert_eq!(keepable(StatusCode::NOT_FOUND, &with_policy(policy)), None);
        let mut setting_a_cookie = with_policy(policy);
        setting_a_cookie.insert(SET_COOKIE, HeaderValue::from_static("lang=en"));
        assert_eq!(keepable(StatusCode::OK, &setting_a_cookie), None);
        assert_eq!(
            keepable(StatusCode::OK, &with_policy("frame-ancestors 'none'")),
            None
        );
    }

    #[test]
    fn a_kept_page_is_answered_with_a_fresh_nonce_everywhere() {
        let old = leptos::nonce::Nonce::new().to_string();
        let body =
            format!("<script nonce=\"{old}\">a</script><p>x</p><script nonce=\"{old}\">b</script>");
        let policy = format!("script-src 'self' 'nonce-{old}'");
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).unwrap(),
        );
        let page = KeptPage {
            headers,
            nonce_at: positions(body.as_bytes(), old.as_bytes()),
            body: Bytes::from(body.clone()),
            nonce: old.clone(),
        };
        assert_eq!(page.nonce_at.len(), 2);
        let answer = page.answer();
        let policy = answer.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let fresh = keepable(StatusCode::OK, answer.headers()).unwrap();
        assert_ne!(fresh, old);
        assert_eq!(policy, format!("script-src 'self' 'nonce-{fresh}'"));
        let sent = futures::executor::block_on(to_bytes(answer.into_body(), usize::MAX)).unwrap();
        assert_eq!(sent, body.replace(&old, &fresh).into_bytes());
    }
}
