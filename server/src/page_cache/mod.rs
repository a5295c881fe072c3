//! The store list and each store's page, kept whole once rendered.
//!
//! A visitor who is not signed in gets a page made of the catalogue and the
//! language only, so it is rendered once and then served from memory while
//! what it was rendered from is found the same, for a minute at most: the
//! store list for `/`, the store's page for `/stores/:id`
//! (`services::catalogue_cache::Part`). That is read again through the
//! catalogue's cache when the page is asked for and was last checked more
//! than a second ago, or before a change of it made through this server: the
//! catalogue is kept for a second, and read again from storage then, as a
//! store opens or closes by its hours and another instance may have changed
//! it. A read that finds its part changed marks it anew, and the page is
//! rendered again; a change of another store leaves it as it is.
//!
//! A signed-in visitor's page is also made of what is read of them: their
//! account, and for a customer their profile and, on a store's page, their
//! coupons for that store. These are looked up for every request, together
//! with the session (`app::ports::Accounts::read_ahead`): one query on each
//! engine, kept in memory until what it read changes
//! (`services::kept_visitors`), so that a session that has ended ends at once
//! on the instance that ended it and on the others as soon as they hear of
//! it. The page is kept under exactly what was read: the same reads get the
//! same page, any change of them another one. The page's server functions answer from
//! these reads (`app::ports::ReadAhead`) instead of reading again, so a page
//! never shows more than it is kept under.
//!
//! Visitors who ask at once for a page that is not kept, or no longer so,
//! share one rendering of it (`services::flights`): after a change, a page
//! is rendered once, not once for each of those asking while it renders.
//!
//! Every answer still has its own CSP nonce: the kept page's nonce is
//! replaced with a fresh one in the body and in the `Content-Security-Policy`
//! header. Pages with a query (a search) and answers that set a cookie or
//! are not `200 OK` are rendered every time; a search is still rendered from
//! the visitor's kept read, not from the database.
//!
//! A kept page is compressed once per encoding, the first time a visitor
//! who accepts it asks for it, in pieces around its nonce, and is then
//! answered compressed without compressing it again: with brotli where the
//! visitor accepts it (`brotli`), as every browser does, else with gzip
//! (`gzip`). A signed-in visitor's page first rendered for brotli is kept
//! in brotli only (below).
//!
//! Kept pages are bounded by the memory they take (`BAEDAL_KEPT_PAGES_MB`),
//! not by their number: a page is kept for each signed-in visitor, and with
//! many of them asking in turn, a bound by number smaller than their pages
//! would let each page go before its visitor asks again. So that many fit,
//! a signed-in visitor's page rendered for a browser, which accepts brotli,
//! is kept in brotli only (`KeptBody::Brotli`), not as rendered beside its
//! pieces; should they ask without brotli, it is decompressed for them.

mod brotli;
mod gzip;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

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
use app::model::StoreQuery;
use app::ports::Ports;
use domain::StoreId;

use self::brotli::BrotliPage;
use crate::metrics::Metrics;
use crate::services::catalogue_cache::{Kept, Mark, Marked, Part, Shelf};
use crate::services::flights::Flights;
use crate::services::CatalogueCache;
use gzip::GzipPage;

/// How long a page is kept at most, however often what it shows is found
/// the same.
const KEPT_AT_MOST: Duration = Duration::from_secs(60);

/// A page larger than this is served as rendered, not kept.
const LARGEST_KEPT_PAGE: usize = 1 << 20;

/// What a header map takes for each header beyond its name and value.
const HEADER_ENTRY: usize = 128;
/// What a kept page takes beyond its parts' own sizes: its entry in the
/// shelf's list and table, the reference counts, and the allocator's
/// rounding of its dozen or so allocations.
const HOLDING: usize = 384;

pub struct PageCache {
    catalogue: Arc<CatalogueCache>,
    ports: Ports,
    metrics: Arc<Metrics>,
    /// Pages of visitors who are not signed in.
    public: Shelf<PageKey, KeptPage>,
    /// Pages of signed-in visitors, apart so that they never push out the
    /// public ones.
    personal: Shelf<PageKey, KeptPage>,
    /// Pages being rendered to be kept, shared by those who ask at once.
    renders: Flights<PageKey, Option<Arc<KeptPage>>>,
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

/// A rendered page and the nonce it was rendered with.
struct KeptPage {
    headers: HeaderMap,
    nonce: String,
    body: KeptBody,
    /// When what it was rendered from was last read and found the same,
    /// and how many changes had been made here then.
    checked: Mutex<(Instant, u64)>,
}

/// How a kept page's body is held.
enum KeptBody {
    /// As rendered, with where its nonce stands: a page of visitors who
    /// are not signed in, whose browsers may ask for any coding, or of a
    /// signed-in visitor who did not accept brotli. It is compressed once
    /// per coding, the first time it is asked for so.
    Plain {
        body: Bytes,
        nonce_at: Vec<usize>,
        /// `None` in either if compressing failed.
        brotli: OnceLock<Option<BrotliPage>>,
        gzip: OnceLock<Option<GzipPage>>,
    },
    /// Compressed with brotli only: a signed-in visitor's page, rendered
    /// for a browser that accepts brotli, as every browser does. With what
    /// holds it, it weighs about a quarter of the page kept as rendered,
    /// and is decompressed for a request that does not accept brotli.
    Brotli(BrotliPage),
}

/// How an answer's body is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl PageCache {
    /// Keeps pages in at most `most_bytes` of memory: a quarter of it for
    /// visitors who are not signed in, the rest for signed-in ones.
    pub fn new(
        catalogue: Arc<CatalogueCache>,
        ports: Ports,
        metrics: Arc<Metrics>,
        most_bytes: usize,
    ) -> Self {
        Self {
            catalogue,
            ports,
            metrics,
            public: Shelf::weighed(most_bytes / 4),
            personal: Shelf::weighed(most_bytes - most_bytes / 4),
            renders: Flights::default(),
        }
    }

    fn shelf(&self, key: &PageKey) -> &Shelf<PageKey, KeptPage> {
        match key.visitor {
            Some(_) => &self.personal,
            None => &self.public,
        }
    }

    /// When what `part` is made of was last found changed, and when it was
    /// read, read through the catalogue's cache (from storage at most once
    /// a second, or after a change of it made here). `None` if it cannot be
    /// read, or if what was read was not kept (a change made here while
    /// reading): what is kept then may not be so.
    async fn read_marked(&self, part: Part) -> Option<Marked> {
        if let Some(marked) = self.catalogue.fresh_marked(part) {
            return Some(marked);
        }
        let catalogue = &self.ports.catalogue;
        let read = match part {
            Part::Store(store) => catalogue.store_menu(store).await.map(drop),
            Part::StoreList => catalogue
                .stores(&StoreQuery::default(), None)
                .await
                .map(drop),
        };
        read.ok()?;
        self.catalogue.fresh_marked(part)
    }

    /// Whether a page rendered from `part` when it had `mark` still shows
    /// what is so, as of `changes` made here.
    async fn still_so(&self, page: &KeptPage, part: Part, mark: Mark, changes: u64) -> bool {
        match self.read_marked(part).await {
            Some(now) if now.mark == mark => {
                page.checked(now.read_at, changes);
                true
            }
            _ => false,
        }
    }

    /// The page kept under `key` if it was rendered, or last checked, as
    /// of `changes` made here, within the catalogue's second.
    fn kept_as_of(&self, key: &PageKey, changes: u64) -> Option<Arc<KeptPage>> {
        let (page, _) = self.shelf(key).fresh(key, KEPT_AT_MOST)?;
        page.checked_within(self.catalogue.fresh_for(), changes)
            .then_some(page)
    }

    /// The store list or a store's page, in the request's language, and
    /// whether it may be kept: not with a query (a search). `None` for any
    /// other request: another page, a form.
    fn page_of(request: &Request) -> Option<(PageKey, bool)> {
        let uri = request.uri();
        let page = uri.path() == "/" || store_of(uri.path()).is_some();
        (request.method() == Method::GET && page).then(|| {
            let key = PageKey {
                path: uri.path().to_owned(),
                lang: app::i18n::lang_of(request.headers()),
                visitor: None,
            };
            (key, uri.query().is_none())
        })
    }
}

/// What the page at `path` is rendered from: a store's page or the list.
fn part_of(path: &str) -> Part {
    store_of(path).map_or(Part::StoreList, Part::Store)
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
    let Some((mut key, keep)) = PageCache::page_of(&request) else {
        return next.run(request).await;
    };
    let coding = coding_of(request.headers());
    let part = part_of(&key.path);
    let changes = cache.catalogue.changes(part);
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
        if keep {
            match serde_json::to_vec(&read) {
                Ok(visitor) => key.visitor = Some(visitor),
                Err(_) => return next.run(request).await,
            }
        }
        request.extensions_mut().insert(Arc::new(read));
    }
    // A search is rendered every time, from the same reads of the visitor.
    if !keep {
        return next.run(request).await;
    }
    let shelf = cache.shelf(&key);
    if let Some((page, mark)) = shelf.fresh(&key, KEPT_AT_MOST) {
        if page.checked_within(cache.catalogue.fresh_for(), changes)
            || cache.still_so(&page, part, mark, changes).await
        {
            cache.metrics.page_served_kept();
            return page.answer(coding);
        }
    }
    // Visitors asking at once for the same page share one rendering of it,
    // begun since the last change made here: the page it keeps is as new as
    // each of them needs. Each is answered from it with a nonce of its own.
    let rendering = cache.renders.join(&key, changes);
    let mut own = Some((request, next));
    let mut own_answer = None;
    // Rendered only if no other visitor is rendering it.
    let render = render_to_keep(&cache, &key, changes, coding, &mut own, &mut own_answer);
    let kept = rendering.done_by(|| render).await.clone();
    if let Some(answer) = own_answer {
        return answer;
    }
    match (kept, own) {
        (Some(page), own) => {
            if own.is_some() {
                cache.metrics.page_served_kept();
            }
            page.answer(coding)
        }
        // The page rendered for another visitor could not be kept.
        (None, Some((request, next))) => next.run(request).await,
        (None, None) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Renders the page at `key` with the caller's `own` request, which asked
/// for `coding`, and keeps it, read as of `changes` made here. `None` if it
/// may not be kept (then the answer rendered is left in `own_answer`), or if
/// `own` was already taken.
async fn render_to_keep(
    cache: &PageCache,
    key: &PageKey,
    changes: u64,
    coding: Coding,
    own: &mut Option<(Request, Next)>,
    own_answer: &mut Option<Response>,
) -> Option<Arc<KeptPage>> {
    // A page kept since this caller looked, rendered as of the same
    // changes by a rendering that landed meanwhile, is as new as it needs.
    if let Some(page) = cache.kept_as_of(key, changes) {
        return Some(page);
    }
    let (request, next) = own.take()?;
    // Read before rendering, so that the page shows this or later.
    let Some(marked) = cache.read_marked(part_of(&key.path)).await else {
        *own_answer = Some(next.run(request).await);
        return None;
    };
    cache.metrics.page_rendered_to_keep();
    let rendered = next.run(request).await;
    let (parts, body) = rendered.into_parts();
    let Some(nonce) = keepable(parts.status, &parts.headers) else {
        *own_answer = Some(Response::from_parts(parts, body));
        return None;
    };
    let body = match to_bytes(body, usize::MAX).await {
        Ok(body) if body.len() <= LARGEST_KEPT_PAGE => body,
        Ok(body) => {
            *own_answer = Some(Response::from_parts(parts, Body::from(body)));
            return None;
        }
        Err(error) => {
            tracing::error!(%error, "rendering a public page failed");
            *own_answer = Some(StatusCode::INTERNAL_SERVER_ERROR.into_response());
            return None;
        }
    };
    let mut headers = parts.headers;
    headers.remove(CONTENT_LENGTH);
    // A signed-in visitor's page is asked for again by the same browser.
    let brotli_only = key.visitor.is_some() && coding == Coding::Brotli;
    let body = KeptBody::new(body, &nonce, brotli_only);
    let page = Arc::new(KeptPage {
        headers,
        nonce,
        body,
        // A change made here while rendering has the page checked again.
        checked: Mutex::new((marked.read_at, changes)),
    });
    let bytes = page.bytes(key);
    let kept = Kept::new(Arc::clone(&page), marked.mark, bytes);
    // A page rendered from a newer read while this one was rendered stays.
    let shelf_bytes = cache.shelf(key).put_if(key.clone(), kept, |current| {
        current.is_none_or(|m| m <= marked.mark)
    });
    let shelf = match key.visitor {
        Some(_) => "personal",
        None => "public",
    };
    cache.metrics.set_pages_kept_bytes(shelf, shelf_bytes);
    Some(page)
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

/// The coding an answer is sent with: brotli if the request accepts it,
/// else gzip if it does, else none. A coding is accepted when named, or by
/// `*`, with a weight above 0.
fn coding_of(headers: &HeaderMap) -> Coding {
    let accepted = headers.get_all(ACCEPT_ENCODING).iter();
    let codings: Vec<(&str, bool)> = accepted
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let weight = parts
                .find_map(|part| part.strip_prefix("q="))
                .map_or(Some(1.0), |q| q.parse::<f32>().ok());
            (name, weight.is_some_and(|q| q > 0.0))
        })
        .collect();
    let accepts = |wanted: &str| {
        let named = codings
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted));
        let any = codings.iter().find(|(name, _)| *name == "*");
        named.or(any).is_some_and(|&(_, accepted)| accepted)
    };
    if accepts("br") {
        Coding::Brotli
    } else if accepts("gzip") {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// Where `needle` starts in `haystack`, each time.
fn positions(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    memchr::memmem::find_iter(haystack, needle).collect()
}

impl KeptPage {
    /// Whether what the page was rendered from was found the same within
    /// `fresh_for`, with no change made here since.
    fn checked_within(&self, fresh_for: Duration, changes: u64) -> bool {
        let checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        let (at, changes_then) = *checked;
        changes_then == changes && at.elapsed() < fresh_for
    }

    fn checked(&self, read_at: Instant, changes: u64) {
        *self.checked.lock().unwrap_or_else(|e| e.into_inner()) = (read_at, changes);
    }

    /// What the page takes in memory with its key and its entry on the
    /// shelf: its body, its headers, and what holds them.
    fn bytes(&self, key: &PageKey) -> usize {
        let headers: usize = (self.headers.iter())
            .map(|(name, value)| name.as_str().len() + value.len() + HEADER_ENTRY)
            .sum();
        let visitor = key.visitor.as_ref().map_or(0, Vec::len);
        let held = key.path.len() + visitor + self.body.weight() + headers + self.nonce.len();
        held + std::mem::size_of::<(PageKey, Kept<KeptPage>, KeptPage)>() + HOLDING
    }

    /// The page with a nonce of its own, sent with `coding` where it can be.
    fn answer(&self, coding: Coding) -> Response {
        let fresh = leptos::nonce::Nonce::new().to_string();
        if fresh.len() != self.nonce.len() {
            // Every nonce is 22 characters; should that change, the kept
            // page cannot be patched in place.
            tracing::error!("a fresh nonce has another length than the kept one");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        let (sent_as, body) = match self.body.with_nonce(fresh.as_bytes(), coding) {
            Ok(sent) => sent,
            Err(error) => {
                tracing::error!(%error, "decompressing a kept page failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        let mut headers = self.headers.clone();
        if let Some(name) = sent_as {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        // Compressed or not, the answer depends on what the request accepts.
        headers.append(VARY, HeaderValue::from_static("accept-encoding"));
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

impl KeptBody {
    /// `body` as rendered with `nonce`, held compressed with brotli only if
    /// `brotli_only` (and compressing it works), else as it is.
    fn new(body: Bytes, nonce: &str, brotli_only: bool) -> Self {
        let nonce_at = positions(&body, nonce.as_bytes());
        if brotli_only {
            match BrotliPage::new(&body, nonce.len(), &nonce_at) {
                Ok(page) => return Self::Brotli(page),
                Err(error) => tracing::error!(%error, "compressing a kept page failed"),
            }
        }
        Self::Plain {
            body,
            nonce_at,
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
        }
    }

    /// What it takes in memory. A plain body is counted twice, for its
    /// brotli and gzip pieces once made (each far smaller than it).
    fn weight(&self) -> usize {
        match self {
            Self::Plain { body, nonce_at, .. } => {
                2 * body.len() + std::mem::size_of::<usize>() * nonce_at.len()
            }
            Self::Brotli(page) => page.weight(),
        }
    }

    /// The body with `fresh` for its nonce, and the coding it is sent with:
    /// `coding` if it is kept so or can be compressed so, else none. A page
    /// kept in brotli only is sent to a request that does not accept brotli
    /// as it was rendered, which the compression layer around the pages
    /// gzips where gzip is accepted.
    fn with_nonce(
        &self,
        fresh: &[u8],
        coding: Coding,
    ) -> std::io::Result<(Option<&'static str>, Vec<u8>)> {
        let (body, nonce_at, brotli, gzip) = match self {
            Self::Brotli(page) if coding == Coding::Brotli => {
                return Ok((Some("br"), page.with_nonce(fresh)));
            }
            Self::Brotli(page) => return Ok((None, page.decompressed_with_nonce(fresh)?)),
            Self::Plain {
                body,
                nonce_at,
                brotli,
                gzip,
            } => (body, nonce_at, brotli, gzip),
        };
        let compressed = match coding {
            Coding::Brotli => {
                compressed_once(brotli, || BrotliPage::new(body, fresh.len(), nonce_at))
                    .map(|page| ("br", page.with_nonce(fresh)))
            }
            Coding::Gzip => compressed_once(gzip, || GzipPage::new(body, fresh.len(), nonce_at))
                .map(|page| ("gzip", page.with_nonce(fresh))),
            Coding::Identity => None,
        };
        if let Some((name, bytes)) = compressed {
            return Ok((Some(name), bytes));
        }
        let mut plain = body.to_vec();
        for &at in nonce_at {
            plain[at..at + fresh.len()].copy_from_slice(fresh);
        }
        Ok((None, plain))
    }
}

/// What `cell` holds, made by `compress` the first time; `None` if that
/// failed, which is logged once.
fn compressed_once<P>(
    cell: &OnceLock<Option<P>>,
    compress: impl FnOnce() -> std::io::Result<P>,
) -> Option<&P> {
    let page = cell.get_or_init(|| {
        compress()
            .inspect_err(|error| tracing::error!(%error, "compressing a kept page failed"))
            .ok()
    });
    page.as_ref()
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

    fn kept_page(body: &str, nonce: &str) -> KeptPage {
        kept_in(body, nonce, false)
    }

    /// A page kept as rendered, or in brotli only if `brotli_only`.
    fn kept_in(body: &str, nonce: &str, brotli_only: bool) -> KeptPage {
        let policy = format!("script-src 'self' 'nonce-{nonce}'");
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).unwrap(),
        );
        KeptPage {
            headers,
            body: KeptBody::new(Bytes::from(body.to_owned()), nonce, brotli_only),
            nonce: nonce.to_owned(),
            checked: Mutex::new((Instant::now(), 0)),
        }
    }

    /// The answer's body as sent and decoded, and its fresh nonce.
    fn sent(answer: Response) -> (Option<String>, Vec<u8>, String) {
        use std::io::Read;
        let fresh = keepable(StatusCode::OK, answer.headers()).unwrap();
        let coding = answer
            .headers()
            .get(CONTENT_ENCODING)
            .map(|value| value.to_str().unwrap().to_owned());
        let body = futures::executor::block_on(to_bytes(answer.into_body(), usize::MAX)).unwrap();
        let mut plain = Vec::new();
        let mut decoder: Box<dyn Read> = match coding.as_deref() {
            Some("br") => Box::new(::brotli::Decompressor::new(&body[..], 4096)),
            Some("gzip") => Box::new(flate2::read::GzDecoder::new(&body[..])),
            _ => Box::new(&body[..]),
        };
        decoder.read_to_end(&mut plain).unwrap();
        (coding, plain, fresh)
    }

    #[test]
    fn a_kept_page_is_answered_with_a_fresh_nonce_everywhere() {
        let old = leptos::nonce::Nonce::new().to_string();
        let body =
            format!("<script nonce=\"{old}\">a</script><p>x</p><script nonce=\"{old}\">b</script>");
        let page = kept_page(&body, &old);
        assert!(matches!(&page.body, KeptBody::Plain { nonce_at, .. } if nonce_at.len() == 2));
        let answer = page.answer(Coding::Identity);
        let policy = answer.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let vary = answer.headers()[VARY].to_str().unwrap().to_owned();
        let (coding, sent, fresh) = sent(answer);
        assert_ne!(fresh, old);
        assert_eq!(policy, format!("script-src 'self' 'nonce-{fresh}'"));
        assert_eq!(coding, None);
        assert_eq!(sent, body.replace(&old, &fresh).into_bytes());
        assert_eq!(vary, "accept-encoding");
    }

    #[test]
    fn a_kept_page_is_compressed_once_per_coding_and_each_answer_has_its_own_nonce() {
        let old = leptos::nonce::Nonce::new().to_string();
        let rows = "<li><a href=\"/stores/1\">김밥천국 — 떡볶이</a></li>".repeat(100);
        let body = format!(
            "<script nonce=\"{old}\">a</script><ul>{rows}</ul><script nonce=\"{old}\">b</script>"
        );
        let page = kept_page(&body, &old);
        for (coding, name) in [(Coding::Brotli, "br"), (Coding::Gzip, "gzip")] {
            let mut nonces = Vec::new();
            for _ in 0..2 {
                let (sent_as, sent, fresh) = sent(page.answer(coding));
                assert_eq!(sent_as.as_deref(), Some(name));
                assert_eq!(sent, body.replace(&old, &fresh).into_bytes());
                nonces.push(fresh);
            }
            assert_ne!(nonces[0], nonces[1]);
        }
        let KeptBody::Plain { brotli, gzip, .. } = &page.body else {
            panic!("a page of visitors who are not signed in is kept as rendered");
        };
        assert!(brotli.get().is_some_and(Option::is_some));
        assert!(gzip.get().is_some_and(Option::is_some));
    }

    /// A signed-in visitor's page rendered for brotli is kept in brotli
    /// only, in under a third of its length, and is still sent whole to a request
    /// that does not accept brotli, as rendered, with its own nonce.
    #[test]
    fn a_page_kept_in_brotli_only_takes_under_a_third_of_it_and_is_sent_whole_in_each_coding() {
        let old = leptos::nonce::Nonce::new().to_string();
        let cards: String = (1..=12)
            .map(|i| format!("<li class=\"store-card\"><a href=\"/stores/{i}\">가게 {i} — 떡볶이 {}원</a></li>", i * 500))
            .collect();
        let body = format!(
            "<script nonce=\"{old}\">a</script><ul>{cards}</ul><script nonce=\"{old}\">{cards}</script>"
        );
        let plain = kept_in(&body, &old, false);
        let compressed = kept_in(&body, &old, true);
        assert!(matches!(compressed.body, KeptBody::Brotli(_)));
        assert!(matches!(plain.body, KeptBody::Plain { .. }));
        assert!(
            compressed.body.weight() * 3 < body.len(),
            "{} bytes in brotli only, {} as rendered",
            compressed.body.weight(),
            body.len()
        );
        let mut nonces = Vec::new();
        for (coding, sent_as) in [
            (Coding::Brotli, Some("br")),
            (Coding::Gzip, None),
            (Coding::Identity, None),
        ] {
            let (name, sent, fresh) = sent(compressed.answer(coding));
            assert_eq!(name.as_deref(), sent_as, "{coding:?}");
            assert_eq!(sent, body.replace(&old, &fresh).into_bytes(), "{coding:?}");
            nonces.push(fresh);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 3, "a nonce of its own for each answer");
    }

    #[test]
    fn a_page_that_starts_with_its_nonce_or_has_none_is_answered_whole_in_each_coding() {
        let nonce = leptos::nonce::Nonce::new().to_string();
        let pages = [
            format!("{nonce} and the rest"),
            format!("<p>{nonce}</p>{nonce}"),
            "no nonce here".to_owned(),
            String::new(),
        ];
        for body in pages {
            let page = kept_page(&body, &nonce);
            for coding in [Coding::Brotli, Coding::Gzip, Coding::Identity] {
                let (_, sent, fresh) = sent(page.answer(coding));
                assert_eq!(
                    sent,
                    body.replace(&nonce, &fresh).into_bytes(),
                    "{coding:?}"
                );
            }
        }
    }

    #[test]
    fn brotli_is_chosen_where_accepted_then_gzip() {
        let coding = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(value));
            coding_of(&headers)
        };
        assert_eq!(coding("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(coding("br;q=1.0, GZIP;q=0.5"), Coding::Brotli);
        assert_eq!(coding("br"), Coding::Brotli);
        assert_eq!(coding("*"), Coding::Brotli);
        assert_eq!(coding("gzip, deflate"), Coding::Gzip);
        assert_eq!(coding("br;q=0, gzip"), Coding::Gzip);
        assert_eq!(coding("*, br;q=0"), Coding::Gzip);
        assert_eq!(coding("gzip;q=0, deflate"), Coding::Identity);
        assert_eq!(coding("x-gzip-like, x-br"), Coding::Identity);
        assert_eq!(coding_of(&HeaderMap::new()), Coding::Identity);
    }
}
