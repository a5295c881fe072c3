//! The accept loop: every connection is served as HTTP/1.1 by hyper, with
//! the client's address put in each request as axum's `ConnectInfo`: the
//! peer's, or behind a trusted gateway the one its `X-Real-IP` names.
//!
//! Baedal speaks HTTP/1.1 only (browsers reach it over plain HTTP, or over
//! a gateway that speaks HTTP/1.1 to it), so a connection carries no HTTP/2
//! state. That keeps an idle connection small, which counts when ten
//! thousand screens hold a live stream open each.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Serves `router` on `listener` until `stop` completes, then waits for the
/// requests in flight to finish. Requests from `gateways` are taken to come
/// from the client their `X-Real-IP` names.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    gateways: Arc<[IpAddr]>,
    stop: impl std::future::Future<Output = ()>,
) {
    let connections = GracefulShutdown::new();
    let http = hyper::server::conn::http1::Builder::new();
    tokio::pin!(stop);
    loop {
        let (stream, client) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors, say: wait rather than spin.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Live events are small and must not wait for more to fill a packet.
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let behind_gateway = gateways.contains(&client.ip());
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            let client = if behind_gateway {
                forwarded_client(&request, client)
            } else {
                client
            };
            request.extensions_mut().insert(ConnectInfo(client));
            // Boxed: a connection holds its request's future, and a large one
            // inline would make every idle connection as large.
            Box::pin(router.clone().oneshot(request))
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            // A client that goes away is not an error of the server's.
            let _ = connection.await;
        });
    }
    connections.shutdown().await;
}

/// The client a gateway names in `X-Real-IP`, or the gateway itself.
fn forwarded_client(request: &Request<Incoming>, gateway: SocketAddr) -> SocketAddr {
    request
        .headers()
        .get("x-real-ip")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<IpAddr>().ok())
        .map_or(gateway, |ip| SocketAddr::new(ip, 0))
}
