//! Open loop: requests are due at a fixed rate whatever the server does.
//! Request `n` is due at `start + n / rate`; a free connection takes the
//! next request, waits for its due time if that is still ahead, and sends it.
//! Latency runs from the due time, so time a request spent waiting for a free
//! connection counts against the server rather than vanishing from the
//! figures (no coordinated omission).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use hdrhistogram::Histogram;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::http::{Conn, Target};
use crate::tally::{self, Measured, Tally};
use crate::work::{Op, Slot};

pub struct OpenMeasured {
    pub measured: Measured,
    pub offered_rate: u64,
    /// Requests due within the run.
    pub due: u64,
    /// Requests due that were still waiting for a connection at the end.
    pub unsent: u64,
    /// From due time to send, successes and failures alike: the timer's
    /// granularity when connections are free, the backlog when they are not.
    pub lag: Histogram<u64>,
}

/// Offers `op` at `rate` per second for `duration` over up to `conns`
/// connections.
pub async fn run(
    target: &Arc<Target>,
    op: &Arc<Op>,
    rate: u64,
    conns: usize,
    duration: Duration,
    step: &str,
) -> anyhow::Result<OpenMeasured> {
    if rate == 0 {
        bail!("--rate must be above 0");
    }
    let due = u64::try_from(u128::from(rate) * duration.as_millis() / 1000)
        .context("--rate × --seconds is too large")?;
    let opened = Conn::open_many(target, conns).await?;
    // A little lead so that every connection task is waiting when the first
    // request falls due.
    let start = Instant::now() + Duration::from_millis(20);
    let end = start + duration;
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = JoinSet::new();
    for (index, mut conn) in opened.into_iter().enumerate() {
        let op = Arc::clone(op);
        let next = Arc::clone(&next);
        let step = step.to_owned();
        tasks.spawn(async move {
            let mut tally = Tally::new();
            let mut lag = tally::histogram();
            let mut sent = 0u64;
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= due || Instant::now() >= end {
                    break;
                }
                let offset = u128::from(n) * 1_000_000_000 / u128::from(rate);
                let due_at =
                    start + Duration::from_nanos(u64::try_from(offset).unwrap_or(u64::MAX));
                tokio::time::sleep_until(due_at).await;
                tally::record(&mut lag, due_at.elapsed());
                let slot = Slot {
                    step: &step,
                    conn: index,
                    seq: sent,
                };
                sent += 1;
                match op.once(&mut conn, slot).await {
                    Ok(()) => tally.succeeded(due_at.elapsed()),
                    Err(label) => tally.failed(label),
                }
            }
            (tally, lag, sent)
        });
    }
    let mut tally = Tally::new();
    let mut lag = tally::histogram();
    let mut sent = 0;
    while let Some(done) = tasks.join_next().await {
        let (one, one_lag, one_sent) = done.context("a connection task failed")?;
        tally.merge(one)?;
        lag.add(&one_lag).context("merging lag histograms")?;
        sent += one_sent;
    }
    Ok(OpenMeasured {
        measured: Measured {
            tally,
            elapsed: start.elapsed(),
        },
        offered_rate: rate,
        due,
        unsent: due.saturating_sub(sent),
        lag,
    })
}
