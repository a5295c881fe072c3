//! Closed loop: each connection sends its next request as soon as the
//! previous answer arrives, so the offered load follows the server's pace.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::task::JoinSet;

use crate::http::{Conn, Target};
use crate::tally::{Measured, Tally};
use crate::work::{Op, Slot};

/// Runs `op` over `conns` connections for `duration`; `step` goes into the
/// idempotency keys. Latency runs from each request's send to its answer.
pub async fn run(
    target: &Arc<Target>,
    op: &Arc<Op>,
    conns: usize,
    duration: Duration,
    step: &str,
) -> anyhow::Result<Measured> {
    let opened = Conn::open_many(target, conns).await?;
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = JoinSet::new();
    for (index, mut conn) in opened.into_iter().enumerate() {
        let op = Arc::clone(op);
        let step = step.to_owned();
        tasks.spawn(async move {
            let mut tally = Tally::new();
            let mut seq = 0;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let slot = Slot {
                    step: &step,
                    conn: index,
                    seq,
                };
                match op.once(&mut conn, slot).await {
                    Ok(()) => tally.succeeded(sent.elapsed()),
                    Err(label) => tally.failed(label),
                }
                seq += 1;
            }
            tally
        });
    }
    let mut tally = Tally::new();
    while let Some(done) = tasks.join_next().await {
        tally.merge(done.context("a connection task failed")?)?;
    }
    Ok(Measured {
        tally,
        elapsed: start.elapsed(),
    })
}
