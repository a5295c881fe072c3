//! Server-sent events as the bytes that go on the wire, each encoded once
//! and shared by every stream that carries it.

use bytes::Bytes;

use app::model::{LiveChange, LiveNotice};
use domain::OrderId;

use super::Published;

/// The first event of every stream: the client refreshes what it shows.
/// A stream that starts afresh gets the newest event id as the hello's id,
/// so that even a client that hears no change before its connection drops
/// comes back with `Last-Event-ID` and misses nothing; a stream that
/// resumes keeps the id it came with.
pub(super) fn hello(newest: Option<i64>) -> Bytes {
    match newest {
        Some(id) => Bytes::from(format!("event: hello\nid: {id}\ndata: {{}}\n\n")),
        None => Bytes::from_static(b"event: hello\ndata: {}\n\n"),
    }
}

/// A comment that keeps idle connections open through proxies and tells a
/// dead client from a quiet one.
pub(super) fn keep_alive() -> Bytes {
    Bytes::from_static(b":\n\n")
}

/// A committed change, with its event id as the event's id, so that a
/// reconnecting browser sends it back as `Last-Event-ID`.
pub(super) fn change(published: &Published) -> Bytes {
    let change = LiveChange {
        event_id: published.event_id,
        order: published.order.id,
        status: published.order.status,
        committed_at: published.committed_at,
    };
    let data = serde_json::to_string(&change).unwrap_or_else(|_| "{}".to_owned());
    Bytes::from(format!(
        "event: change\nid: {}\ndata: {data}\n\n",
        published.event_id
    ))
}

/// An in-app notification, shown as a toast.
pub(super) fn notice(notice: &LiveNotice) -> Bytes {
    let data = serde_json::to_string(notice).unwrap_or_else(|_| "{}".to_owned());
    Bytes::from(format!("event: notice\ndata: {data}\n\n"))
}

/// The rider carrying `order` moved.
pub(super) fn rider_moved(order: OrderId) -> Bytes {
    Bytes::from(format!("event: rider\ndata: {order}\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_with_line_breaks_stays_one_event() {
        let frame = notice(&LiveNotice {
            href: "/orders/1".into(),
            text: "two\nlines\r\n".into(),
        });
        let text = std::str::from_utf8(&frame).unwrap();
        assert!(text.ends_with("\n\n"));
        assert_eq!(text.matches('\n').count(), 3, "{text}");
        assert!(text.contains(r"two\nlines\r\n"));
    }
}
