//! What a step counted: successes with their latencies, failures by kind.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::Context;
use hdrhistogram::Histogram;

/// Microseconds, up to an hour: far beyond any request's timeout.
pub fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("constant bounds are valid")
}

pub fn record(histogram: &mut Histogram<u64>, elapsed: Duration) {
    let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
    histogram.saturating_record(micros.max(1));
}

/// A percentile in milliseconds.
pub fn ms(histogram: &Histogram<u64>, quantile: f64) -> f64 {
    histogram.value_at_quantile(quantile) as f64 / 1000.0
}

pub struct Tally {
    /// Latency of the successes only: a fast refusal would flatter it.
    pub latency: Histogram<u64>,
    pub ok: u64,
    pub failures: BTreeMap<String, u64>,
}

impl Tally {
    pub fn new() -> Self {
        Self {
            latency: histogram(),
            ok: 0,
            failures: BTreeMap::new(),
        }
    }

    pub fn succeeded(&mut self, elapsed: Duration) {
        self.ok += 1;
        record(&mut self.latency, elapsed);
    }

    pub fn failed(&mut self, label: String) {
        *self.failures.entry(label).or_default() += 1;
    }

    pub fn failed_count(&self) -> u64 {
        self.failures.values().sum()
    }

    pub fn merge(&mut self, other: Tally) -> anyhow::Result<()> {
        self.ok += other.ok;
        self.latency
            .add(&other.latency)
            .context("merging latency histograms")?;
        for (label, count) in other.failures {
            *self.failures.entry(label).or_default() += count;
        }
        Ok(())
    }
}

/// A step's count and how long it took, from start until its last answer.
pub struct Measured {
    pub tally: Tally,
    pub elapsed: Duration,
}

impl Measured {
    pub fn per_second(&self) -> f64 {
        self.tally.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}
