//! A live stream held the way a browser's `EventSource` holds it: one TCP
//! connection, `GET /api/live` with the session cookie and, when it comes
//! back after the connection ended, `Last-Event-ID`. Every change that
//! arrives is written down with its delay from the commit, which the server
//! stamps on it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::oracle::Status;

/// A change as a stream heard it.
#[derive(Debug, Clone, Copy)]
pub struct Heard {
    pub order: i64,
    pub status: Status,
    pub event_id: i64,
    /// From the commit to its arrival here, in milliseconds.
    pub delay_ms: i64,
    /// Whether it came while the measured load ran, not from a backlog.
    pub live: bool,
}

/// What one stream has heard so far.
#[derive(Debug, Default)]
pub struct Log {
    pub heard: Vec<Heard>,
    pub hellos: u32,
    pub last_id: Option<i64>,
    /// Whether the connection is open now.
    pub open: bool,
}

/// What the streams are told to do, shared by all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Control {
    /// Bumped to make streams whose connection ended connect again.
    pub reconnect: u64,
    /// Whether changes arriving now count as live deliveries.
    pub live: bool,
    pub stop: bool,
}

/// Follows the stream of `cookie` until told to stop; connects again with
/// `Last-Event-ID` each time `reconnect` is bumped after the server ended it.
pub async fn follow(
    addr: SocketAddr,
    cookie: Arc<str>,
    log: Arc<Mutex<Log>>,
    mut control: watch::Receiver<Control>,
) {
    let mut generation = control.borrow().reconnect;
    loop {
        let last_id = lock(&log).last_id;
        let connected = tokio::select! {
            connected = read_stream(addr, &cookie, last_id, &log, &control) => connected,
            _ = wait_for_stop(control.clone()) => return,
        };
        lock(&log).open = false;
        if !connected {
            // The server is not up yet: try again shortly.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        loop {
            if control.borrow().stop {
                return;
            }
            if control.borrow().reconnect > generation {
                generation = control.borrow().reconnect;
                break;
            }
            if control.changed().await.is_err() {
                return;
            }
        }
    }
}

async fn wait_for_stop(mut control: watch::Receiver<Control>) {
    loop {
        if control.borrow().stop || control.changed().await.is_err() {
            return;
        }
    }
}

fn lock(log: &Mutex<Log>) -> std::sync::MutexGuard<'_, Log> {
    log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Reads one connection's events until it ends; false if it never opened.
async fn read_stream(
    addr: SocketAddr,
    cookie: &str,
    last_id: Option<i64>,
    log: &Mutex<Log>,
    control: &watch::Receiver<Control>,
) -> bool {
    let Ok(mut socket) = TcpStream::connect(addr).await else {
        return false;
    };
    let resume = last_id
        .map(|id| format!("Last-Event-ID: {id}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "GET /api/live HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n{resume}\r\n"
    );
    if socket.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let mut head_done = false;
    loop {
        let read = match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return head_done,
            Ok(read) => read,
        };
        buffer.extend_from_slice(&chunk[..read]);
        if !head_done {
            let Some(end) = find(&buffer, b"\r\n\r\n") else {
                continue;
            };
            if !buffer.starts_with(b"HTTP/1.1 200") {
                return false;
            }
            buffer.drain(..end + 4);
            head_done = true;
            lock(log).open = true;
        }
        // Chunked framing puts size lines between events; they are lines
        // that are not `event:`, `id:` or `data:` and are skipped.
        while let Some(end) = find(&buffer, b"\n\n") {
            let block: Vec<u8> = buffer.drain(..end + 2).collect();
            let live = control.borrow().live;
            take_event(&block, live, log);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn take_event(block: &[u8], live: bool, log: &Mutex<Log>) {
    let text = String::from_utf8_lossy(block);
    let (mut event, mut id, mut data) = ("", None, "");
    for line in text.lines() {
        if let Some(value) = line.strip_prefix("event: ") {
            event = value.trim();
        } else if let Some(value) = line.strip_prefix("id: ") {
            id = value.trim().parse::<i64>().ok();
        } else if let Some(value) = line.strip_prefix("data: ") {
            data = value.trim();
        }
    }
    match event {
        "hello" => {
            let mut log = lock(log);
            log.hellos += 1;
            // A fresh stream's hello names where to resume from.
            if id.is_some() {
                log.last_id = id;
            }
        }
        "change" => {
            let Ok(change) = serde_json::from_str::<serde_json::Value>(data) else {
                return;
            };
            let (Some(order), Some(status), Some(committed_at)) = (
                change["order"].as_i64(),
                change["status"].as_str().and_then(Status::parse),
                change["committed_at"].as_i64(),
            ) else {
                return;
            };
            let event_id = id.or(change["event_id"].as_i64()).unwrap_or(0);
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_millis() as i64);
            let mut log = lock(log);
            log.last_id = Some(event_id);
            log.heard.push(Heard {
                order,
                status,
                event_id,
                delay_ms: now - committed_at,
                live,
            });
        }
        _ => {}
    }
}
