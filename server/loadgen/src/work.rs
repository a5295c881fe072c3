//! The requests a step repeats: the health check, an order, a checkout.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use hyper::StatusCode;

use crate::http::{Answer, Call, Conn};

/// What the order steps share: one session per customer, the cart as a
/// request body, and the ids the server gave back.
pub struct Orders {
    /// `Cookie` values, one per customer.
    pub sessions: Vec<String>,
    /// The `request` field of quote and place bodies, as JSON.
    pub request: String,
    pub run_id: String,
    pub ids: IdSpan,
}

/// The lowest and highest order id answered, to check the count against.
pub struct IdSpan {
    lowest: AtomicU64,
    highest: AtomicU64,
}

impl IdSpan {
    pub fn new() -> Self {
        Self {
            lowest: AtomicU64::new(u64::MAX),
            highest: AtomicU64::new(0),
        }
    }

    fn note(&self, id: u64) {
        self.lowest.fetch_min(id, Ordering::Relaxed);
        self.highest.fetch_max(id, Ordering::Relaxed);
    }

    pub fn range(&self) -> Option<(u64, u64)> {
        let lowest = self.lowest.load(Ordering::Relaxed);
        let highest = self.highest.load(Ordering::Relaxed);
        (lowest <= highest).then_some((lowest, highest))
    }
}

/// Which request of which connection this is, to make idempotency keys
/// unique across the run.
#[derive(Clone, Copy)]
pub struct Slot<'a> {
    pub step: &'a str,
    pub conn: usize,
    pub seq: u64,
}

/// A server-rendered page, and the text that shows it is that page.
pub struct Page {
    pub path: String,
    pub marker: String,
    /// `Cookie` values of signed-in visitors, asked for in turn, one per
    /// request; empty for a visitor who is not signed in.
    pub cookies: Vec<String>,
    /// The `Accept-Encoding` asked with, if any.
    pub accept_encoding: Option<&'static str>,
    /// How many requests have picked a cookie.
    pub picked: AtomicUsize,
}

pub enum Op {
    Healthz,
    Page(Page),
    Place(std::sync::Arc<Orders>),
    Checkout(std::sync::Arc<Orders>),
}

impl Op {
    /// One round; an error is the label the failure is counted under.
    pub async fn once(&self, conn: &mut Conn, slot: Slot<'_>) -> Result<(), String> {
        match self {
            Op::Healthz => {
                let answer = send(conn, Call::get("/healthz")).await?;
                if answer.status != StatusCode::OK {
                    return Err(failure_label(&answer));
                }
                if answer.body.as_ref() != b"ok" {
                    return Err("healthz: body is not `ok`".into());
                }
                Ok(())
            }
            Op::Page(page) => {
                let mut call = Call::page(&page.path, page.accept_encoding);
                if !page.cookies.is_empty() {
                    let turn = page.picked.fetch_add(1, Ordering::Relaxed);
                    call = call.with_cookie(&page.cookies[turn % page.cookies.len()]);
                }
                let answer = send(conn, call).await?;
                if answer.status != StatusCode::OK {
                    return Err(failure_label(&answer));
                }
                // A compressed page is taken as it is: decoding would
                // measure the client.
                if page.accept_encoding.is_none() && !contains(&answer.body, page.marker.as_bytes())
                {
                    return Err("page without its marker".into());
                }
                Ok(())
            }
            Op::Place(orders) => place(orders, conn, slot).await,
            Op::Checkout(orders) => {
                let body = format!(r#"{{"request":{}}}"#, orders.request);
                let call = Call::json("/api/quote_order", body).with_cookie(orders.session(slot));
                let answer = send(conn, call).await?;
                if answer.status != StatusCode::OK {
                    return Err(format!("quote: {}", failure_label(&answer)));
                }
                place(orders, conn, slot).await
            }
        }
    }
}

impl Orders {
    fn session(&self, slot: Slot<'_>) -> &str {
        &self.sessions[slot.conn % self.sessions.len()]
    }
}

async fn place(orders: &Orders, conn: &mut Conn, slot: Slot<'_>) -> Result<(), String> {
    let key = format!("{}-{}-{}-{}", orders.run_id, slot.step, slot.conn, slot.seq);
    let body = format!(r#"{{"request":{},"key":"{key}"}}"#, orders.request);
    let call = Call::json("/api/place_order", body).with_cookie(orders.session(slot));
    let answer = send(conn, call).await?;
    if answer.status != StatusCode::OK {
        return Err(failure_label(&answer));
    }
    let id = serde_json::from_slice::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(|v| v.as_u64())
        .ok_or_else(|| "HTTP 200 without an order id".to_owned())?;
    orders.ids.note(id);
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

async fn send(conn: &mut Conn, call: Call<'_>) -> Result<Answer, String> {
    conn.call(call).await.map_err(|e| e.0)
}

/// A short name for a failed answer, such as `HTTP 503 busy` or
/// `HTTP 409 refused store_closed`, to count failures by.
fn failure_label(answer: &Answer) -> String {
    let code = answer.status.as_u16();
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&answer.body) else {
        return format!("HTTP {code}");
    };
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(map) => {
            map.get("code").and_then(|c| c.as_str()).map(str::to_owned)
        }
        _ => None,
    };
    let parts: Vec<String> = ["error", "field", "reason"]
        .iter()
        .filter_map(|key| body.get(key).and_then(text))
        .collect();
    if parts.is_empty() {
        format!("HTTP {code}")
    } else {
        format!("HTTP {code} {}", parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::{HeaderValue, SET_COOKIE};
    use hyper::HeaderMap;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status: StatusCode::from_u16(status).expect("a valid status"),
            headers: HeaderMap::new(),
            body: bytes::Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn failures_are_named_by_status_and_error() {
        let busy = answer(503, r#"{"error":"busy","retry_after_ms":5}"#);
        assert_eq!(failure_label(&busy), "HTTP 503 busy");
        let taken = answer(400, r#"{"error":"invalid_input","field":"email_taken"}"#);
        assert_eq!(failure_label(&taken), "HTTP 400 invalid_input email_taken");
        let closed = answer(
            409,
            r#"{"error":"refused","reason":{"code":"store_closed"}}"#,
        );
        assert_eq!(failure_label(&closed), "HTTP 409 refused store_closed");
        assert_eq!(failure_label(&answer(502, "<html>")), "HTTP 502");
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut reply = answer(200, "{}");
        for cookie in ["theme=dark; Path=/", "baedal_session=t0k; HttpOnly; Path=/"] {
            reply
                .headers
                .append(SET_COOKIE, HeaderValue::from_static(cookie));
        }
        let found = reply.cookie_ending("baedal_session");
        assert_eq!(found.as_deref(), Some("baedal_session=t0k"));
    }
}
