//! The store list and each store's page, kept whole once rendered.
//!
//! A visitor who is not signed in gets a page made of the catalogue and the
//! language only, so it is rendered once and then served from memory until
//! the catalogue changes, and for a second at most, as the catalogue itself
//! is kept (`services::catalogue_cache`).
//!
//! A signed-in visitor's page is also made of what is read of them: their
//! account, and for a customer their profile and, on a store's page, their
//! coupons for that store. These are read for every request, together with
//! the session (`app::ports::Accounts::read_ahead`, one query on SQLite), so
//! a session that has ended ends at once on every instance, and the page is
//! kept under exactly what was read: the same reads get the same page, any
//! change of them another one. The page's server functions answer from
//! these reads (`app::ports::ReadAhead`) instead of reading again, so a page
//! never shows more than it is kept under.
//!
//! Every answer still has its own CSP nonce: the kept page's nonce is
//! replaced with a fresh one in the body and in the `Content-Security-Policy`
//! header. Pages with a query (a search) and answers that set a cookie or
//! are not `200 OK` are rendered every time.
//!
//! A kept page is compressed once, with gzip, the first time a visitor who
//! accepts gzip asks for it, in pieces around its nonce (`gzip`), and is
//! then answered compressed without compressing it again: every browser
//! accepts gzip. Brotli would be smaller, but it would be compressed anew
//! for every answer.

mod gzip;

use std::sync::{Arc, OnceLock};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use app::lang::Lang;
use app::ports::Ports;
use domain::StoreId;

use crate::services::catalogue_cache::Shelf;
use crate::services::CatalogueCache;
use gzip::GzipPage;

/// A page larger than this is served as rendered, not kept.
const LARGEST_KEPT_PAGE: usize = 1 << 20;

pub struct PageCache {
    catalogue: Arc<CatalogueCache>,
    ports: Ports,
    /// Pages of visitors who are not signed in.
    public: Shelf<PageKey, KeptPage>,
    /// Pages of signed-in visitors, apart so that they never push out the
    /// public ones.
    personal: Shelf<PageKey, KeptPage>,
}

/// A page in one language, for one set of reads of its visitor.
#[derive(Clone, PartialEq, Eq, Hash)]
struct PageKey {
    path: String,
    lang: Lang,
    /// What was read of a signed-in visitor, serialised; `None` for a
    /// visitor who is not signed in.
    visitor: Option<Vec<u8>>,
}

/// A rendered page, with where its nonce stands in the body.
struct KeptPage {
    headers: HeaderMap,
    body: Bytes,
    nonce: String,
    nonce_at: Vec<usize>,
    /// The page compressed, once asked for; `None` if compressing failed.
    gzip: OnceLock<Option<GzipPage>>,
}

impl PageCache {
    pub fn new(catalogue: Arc<CatalogueCache>, ports: Ports) -> Self {
        Self {
            catalogue,
            ports,
            public: Shelf::default(),
            personal: Shelf::default(),
        }
    }

    fn shelf(&self, key: &PageKey) -> &Shelf<PageKey, KeptPage> {
        match key.visitor {
            Some(_) => &self.personal,
            None => &self.public,
        }
    }

    /// The store list or a store's page, in the request's language, or
    /// `None` for any other request: another page, a search, a form.
    fn page_of(request: &Request) -> Option<PageKey> {
        let uri = request.uri();
        let kept = uri.path() == "/" || store_of(uri.path()).is_some();
        (request.method() == Method::GET && kept && uri.query().is_none()).then(|| PageKey {
            path: uri.path().to_owned(),
            lang: app::i18n::lang_of(request.headers()),
            visitor: None,
        })
    }
}

/// The store whose page `path` is, if it is one.
fn store_of(path: &str) -> Option<StoreId> {
    let id = path.strip_prefix("/stores/")?;
    if !(1..=18).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    StoreId::parse(id.parse().ok()?).ok()
}

/// Serves a kept page, or renders it and keeps it.
pub async fn serve_kept_pages(
    State(cache): State<Arc<PageCache>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(mut key) = PageCache::page_of(&request) else {
        return next.run(request).await;
    };
    let gzip = accepts_gzip(request.headers());
    let version = cache.catalogue.version();
    if let Some(token) = cache.ports.session_cookie.from_headers(request.headers()) {
        let store = store_of(&key.path);
        let read = match cache.ports.accounts.read_ahead(&token, store).await {
            Ok(Some(read)) => read,
            Ok(None) => return next.run(request).await,
            Err(error) => {
                tracing::warn!(%error, "reading a signed-in visitor ahead of their page failed");
                return next.run(request).await;
            }
        };
        match serde_json::to_vec(&read) {
            Ok(visitor) => key.visitor = Some(visitor),
            Err(_) => return next.run(request).await,
        }
        request.extensions_mut().insert(Arc::new(read));
    }
    let shelf = cache.shelf(&key);
    if let Some(page) = shelf.get(&key, version, cache.catalogue.fresh_for()) {
        return page.answer(gzip);
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
            gzip: OnceLock::new(),
        };
        shelf.put(key, version, Arc::new(page));
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

/// Whether the request accepts gzip: named, or `*`, with a weight above 0.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let accepted = headers.get_all(ACCEPT_ENCODING).iter();
    let codings = accepted.filter_map(|value| value.to_str().ok());
    codings.flat_map(|value| value.split(',')).any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let weight = parts
            .find_map(|part| part.strip_prefix("q="))
            .map_or(Some(1.0), |q| q.parse::<f32>().ok());
        (name.eq_ignore_ascii_case("gzip") || name == "*") && weight.is_some_and(|q| q > 0.0)
    })
}

/// Where `needle` starts in `haystack`, each time.
fn positions(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    memchr::memmem::find_iter(haystack, needle).collect()
}

impl KeptPage {
    /// The page with a nonce of its own, compressed if `gzip`.
    fn answer(&self, gzip: bool) -> Response {
        let fresh = leptos::nonce::Nonce::new().to_string();
        if fresh.len() != self.nonce.len() {
            // Every nonce is 22 characters; should that change, the kept
            // page cannot be patched in place.
            tracing::error!("a fresh nonce has another length than the kept one");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        let mut headers = self.headers.clone();
        let compressed = gzip.then(|| self.gzipped()).flatten();
        let body = match compressed {
            Some(page) => {
                headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                headers.append(VARY, HeaderValue::from_static("accept-encoding"));
                page.with_nonce(fresh.as_bytes())
            }
            None => {
                let mut body = self.body.to_vec();
                for &at in &self.nonce_at {
                    body[at..at + fresh.len()].copy_from_slice(fresh.as_bytes());
                }
                body
            }
        };
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

    /// The page compressed, compressing it the first time.
    fn gzipped(&self) -> Option<&GzipPage> {
        let page = self.gzip.get_or_init(|| {
            GzipPage::new(&self.body, self.nonce.len(), &self.nonce_at)
                .inspect_err(|error| tracing::error!(%error, "compressing a kept page failed"))
                .ok()
        });
        page.as_ref()
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
            gzip: OnceLock::new(),
        };
        assert_eq!(page.nonce_at.len(), 2);
        let answer = page.answer(false);
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

    #[test]
    fn gzip_is_chosen_only_when_accepted() {
        let accepting = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(value));
            accepts_gzip(&headers)
        };
        assert!(accepting("gzip, deflate, br, zstd"));
        assert!(accepting("br;q=1.0, GZIP;q=0.5"));
        assert!(accepting("*"));
        assert!(!accepting("br"));
        assert!(!accepting("gzip;q=0, br"));
        assert!(!accepting("x-gzip-like"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
