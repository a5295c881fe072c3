//! The accept loop: every connection is served as HTTP/1.1 by hyper, with
//! the client's address put in each request as axum's `ConnectInfo`.
//!
//! Baedal speaks HTTP/1.1 only (browsers reach it over plain HTTP, or over
//! a gateway that speaks HTTP/1.1 to it), so a connection carries no HTTP/2
//! state. That keeps an idle connection small, which counts when ten
//! thousand screens hold a live stream open each.

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
/// requests in flight to finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
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
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
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
