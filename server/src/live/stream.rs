//! One subscriber's server-sent-event stream: what it missed, then what the
//! hub queues for it, until the hub lets go of its queue.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::channel::mpsc;
use futures::{Stream, StreamExt};

use crate::metrics::StreamGuard;

/// The body of a live response.
pub struct LiveBody {
    /// The `hello` and the changes missed, sent first.
    first: VecDeque<Bytes>,
    queue: mpsc::Receiver<Bytes>,
    _open: StreamGuard,
}

impl LiveBody {
    pub(super) fn new(
        first: VecDeque<Bytes>,
        queue: mpsc::Receiver<Bytes>,
        open: StreamGuard,
    ) -> Self {
        Self {
            first,
            queue,
            _open: open,
        }
    }
}

impl Stream for LiveBody {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(frame) = self.first.pop_front() {
            return Poll::Ready(Some(Ok(frame)));
        }
        self.queue.poll_next_unpin(cx).map(|frame| frame.map(Ok))
    }
}

impl IntoResponse for LiveBody {
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, "text/event-stream"),
                (header::CACHE_CONTROL, "no-cache"),
                // A gateway passes events on as they come.
                (header::HeaderName::from_static("x-accel-buffering"), "no"),
            ],
            Body::from_stream(self),
        )
            .into_response()
    }
}
