//! One keep-alive HTTP/1.1 connection per simulated client, over hyper's
//! connection API so that each task owns exactly one TCP connection.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{HeaderValue, ACCEPT, ACCEPT_ENCODING, CONTENT_TYPE, COOKIE, HOST, SET_COOKIE};
use hyper::{HeaderMap, Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::task::JoinSet;

/// How long one request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The server: where to connect and what to put in `Host`.
pub struct Target {
    addr: SocketAddr,
    host: HeaderValue,
}

impl Target {
    /// Resolves a base such as `http://127.0.0.1:3300`.
    pub async fn resolve(base: &str) -> anyhow::Result<Self> {
        let Some(rest) = base.strip_prefix("http://") else {
            bail!("--base must be an http:// address, not {base}");
        };
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            bail!("--base has no host: {base}");
        }
        let with_port = if authority.contains(':') {
            authority.to_owned()
        } else {
            format!("{authority}:80")
        };
        let addr = tokio::net::lookup_host(&with_port)
            .await
            .with_context(|| format!("resolving {with_port}"))?
            .next()
            .with_context(|| format!("{with_port} resolves to no address"))?;
        let host = HeaderValue::from_str(authority)
            .with_context(|| format!("{authority} is not a valid Host header"))?;
        Ok(Self { addr, host })
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

/// A request's parts that vary between calls.
pub struct Call<'a> {
    method: Method,
    path: &'a str,
    content_type: Option<&'static str>,
    accept: &'static str,
    accept_encoding: Option<&'static str>,
    cookie: Option<&'a str>,
    body: Bytes,
}

impl<'a> Call<'a> {
    pub fn get(path: &'a str) -> Self {
        Self {
            method: Method::GET,
            path,
            content_type: None,
            accept: "application/json",
            accept_encoding: None,
            cookie: None,
            body: Bytes::new(),
        }
    }

    /// A page as a browser asks for it, accepting `accept_encoding` if any.
    pub fn page(path: &'a str, accept_encoding: Option<&'static str>) -> Self {
        Self {
            accept: "text/html",
            accept_encoding,
            ..Self::get(path)
        }
    }

    pub fn json(path: &'a str, body: String) -> Self {
        Self {
            method: Method::POST,
            content_type: Some("application/json"),
            body: Bytes::from(body),
            ..Self::get(path)
        }
    }

    pub fn form(path: &'a str, body: String) -> Self {
        Self {
            content_type: Some("application/x-www-form-urlencoded"),
            ..Self::json(path, body)
        }
    }

    /// `cookie` is a `name=value` pair.
    pub fn with_cookie(self, cookie: &'a str) -> Self {
        Self {
            cookie: Some(cookie),
            ..self
        }
    }
}

/// An answer, whatever its status.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The first `name=value` pair set by `Set-Cookie` whose name ends with
    /// `suffix` (the name gains a `__Host-` prefix when served over HTTPS).
    pub fn cookie_ending(&self, suffix: &str) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|cookie| cookie.split(';').next())
            .find(|pair| {
                pair.split_once('=')
                    .is_some_and(|(name, value)| name.trim().ends_with(suffix) && !value.is_empty())
            })
            .map(|pair| pair.trim().to_owned())
    }
}

/// A request that got no answer: the connection failed or timed out.
#[derive(Debug)]
pub struct TransportError(pub String);

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TransportError {}

/// One TCP connection, opened again when the server closes it.
pub struct Conn {
    target: Arc<Target>,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Conn {
    pub async fn open(target: Arc<Target>) -> anyhow::Result<Self> {
        let sender = connect(&target)
            .await
            .with_context(|| format!("connecting to {}", target.addr))?;
        Ok(Self {
            target,
            sender: Some(sender),
        })
    }

    /// Opens `count` connections at once, so that none is opened while a
    /// measurement runs.
    pub async fn open_many(target: &Arc<Target>, count: usize) -> anyhow::Result<Vec<Self>> {
        let mut opening = JoinSet::new();
        for _ in 0..count {
            opening.spawn(Self::open(Arc::clone(target)));
        }
        let mut conns = Vec::with_capacity(count);
        while let Some(opened) = opening.join_next().await {
            conns.push(opened.context("a connecting task failed")??);
        }
        Ok(conns)
    }

    /// A server function called with `cookie`, which must answer `200 OK`;
    /// its body.
    pub async fn call_ok(
        &mut self,
        cookie: &str,
        path: &str,
        body: String,
    ) -> Result<Bytes, String> {
        let answer = self
            .call(Call::json(path, body).with_cookie(cookie))
            .await
            .map_err(|e| format!("{path}: {e}"))?;
        if answer.status != StatusCode::OK {
            return Err(format!("{path}: {} {}", answer.status, answer.text()));
        }
        Ok(answer.body)
    }

    pub async fn call(&mut self, call: Call<'_>) -> Result<Answer, TransportError> {
        let mut sender = match self.sender.take() {
            Some(sender) if !sender.is_closed() => sender,
            _ => match connect(&self.target).await {
                Ok(sender) => sender,
                Err(e) => {
                    // Else a server that refuses connections is retried in a tight loop.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    return Err(TransportError(format!("connect: {e}")));
                }
            },
        };
        let mut request = Request::builder()
            .method(call.method)
            .uri(call.path)
            .header(HOST, self.target.host.clone())
            .header(ACCEPT, call.accept);
        if let Some(encoding) = call.accept_encoding {
            request = request.header(ACCEPT_ENCODING, encoding);
        }
        if let Some(content_type) = call.content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        if let Some(cookie) = call.cookie {
            request = request.header(COOKIE, cookie);
        }
        let request = request
            .body(Full::new(call.body))
            .map_err(|e| TransportError(format!("request: {e}")))?;
        let exchange = async {
            sender.ready().await?;
            let (parts, body) = sender.send_request(request).await?.into_parts();
            let body = body.collect().await?.to_bytes();
            Ok::<_, hyper::Error>((parts, body))
        };
        match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
            Ok(Ok((parts, body))) => {
                self.sender = Some(sender);
                Ok(Answer {
                    status: parts.status,
                    headers: parts.headers,
                    body,
                })
            }
            Ok(Err(e)) => Err(TransportError(hyper_label(&e))),
            Err(_) => Err(TransportError(format!(
                "timeout after {} s",
                REQUEST_TIMEOUT.as_secs()
            ))),
        }
    }
}

async fn connect(target: &Target) -> anyhow::Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(target.addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        // A closed connection shows up as a failed request on its sender.
        let _ = connection.await;
    });
    Ok(sender)
}

fn hyper_label(e: &hyper::Error) -> String {
    if e.is_closed() || e.is_canceled() {
        "connection closed".into()
    } else if e.is_incomplete_message() {
        "connection closed mid-answer".into()
    } else if e.is_parse() {
        "unparsable answer".into()
    } else {
        format!("transport: {e}")
    }
}
