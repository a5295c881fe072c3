//! A circuit breaker: closed, open, half-open. Closed, it keeps the outcome
//! of the last `window` calls and opens when, over at least `min_calls` of
//! them, the share of failures or of slow calls reaches its threshold. Open,
//! it refuses every call for `open_for`. Then it lets `half_open_calls` trial
//! calls through: a failure opens it again at once; when all trials are done
//! it closes, unless too many of them were slow.
//!
//! Time comes from a [`Clock`], so tests drive every transition without
//! sleeping.

// Written here rather than taken from a crate: `failsafe` offers consecutive
// failures or a success rate over a time span, with neither a slow-call rate
// nor a window of the last N calls; `tower-resilience`'s circuit breaker has
// both but wraps tower services and reads `Instant::now` itself, so a test
// cannot move its time.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A monotonic clock: the time elapsed since some fixed start.
pub trait Clock: Send + Sync {
    fn now(&self) -> Duration;
}

/// The process's monotonic clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    start: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        Self {
            start: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
}

/// When the breaker opens and how it recovers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakerSettings {
    /// Opens when at least this percentage of the window failed.
    pub failure_rate_percent: u32,
    /// Opens when at least this percentage of the window was slow.
    pub slow_rate_percent: u32,
    /// A call that takes at least this long is slow.
    pub slow_call: Duration,
    /// How many of the last calls are judged.
    pub window: usize,
    /// Fewer calls than this in the window never open it.
    pub min_calls: usize,
    /// How long it refuses calls once open.
    pub open_for: Duration,
    /// Trial calls let through when half-open.
    pub half_open_calls: usize,
}

impl Default for BreakerSettings {
    fn default() -> Self {
        Self {
            failure_rate_percent: 50,
            slow_rate_percent: 80,
            slow_call: Duration::from_millis(1_000),
            window: 20,
            min_calls: 5,
            open_for: Duration::from_secs(10),
            half_open_calls: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

impl BreakerState {
    pub fn as_str(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half_open",
        }
    }
}

/// A call the breaker did not let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// How long until it lets calls through again, as far as it knows.
    pub retry_in: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    failed: bool,
    slow: bool,
}

#[derive(Debug)]
enum Phase {
    Closed { window: VecDeque<Sample> },
    Open { since: Duration },
    HalfOpen { admitted: usize, done: Vec<Sample> },
}

#[derive(Debug)]
struct Inner {
    phase: Phase,
    /// Counts transitions, so that a call let through before one does not
    /// count after it.
    epoch: u64,
}

pub struct Breaker {
    settings: BreakerSettings,
    clock: Arc<dyn Clock>,
    inner: Mutex<Inner>,
}

/// Leave to make one call. Report its outcome with [`Permit::finish`];
/// dropped unfinished (the call was abandoned), it counts for nothing.
#[must_use]
pub struct Permit<'a> {
    breaker: &'a Breaker,
    epoch: u64,
    started: Duration,
    finished: bool,
}

impl Permit<'_> {
    /// Records the call's outcome; its duration is measured on the clock.
    pub fn finish(mut self, failed: bool) {
        self.finished = true;
        self.breaker.record(self.epoch, self.started, failed);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.breaker.release(self.epoch);
        }
    }
}

fn share_reaches(count: usize, of: usize, percent: u32) -> bool {
    of > 0 && count.saturating_mul(100) >= of.saturating_mul(percent.clamp(1, 100) as usize)
}

impl Breaker {
    pub fn new(settings: BreakerSettings, clock: Arc<dyn Clock>) -> Self {
        Self {
            settings,
            clock,
            inner: Mutex::new(Inner {
                phase: Phase::Closed {
                    window: VecDeque::new(),
                },
                epoch: 0,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The state now: open turns half-open once its time is up.
    pub fn state(&self) -> BreakerState {
        let mut inner = self.lock();
        self.advance(&mut inner, self.clock.now());
        match inner.phase {
            Phase::Closed { .. } => BreakerState::Closed,
            Phase::Open { .. } => BreakerState::Open,
            Phase::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// Lets a call through, or refuses it without making it.
    pub fn acquire(&self) -> Result<Permit<'_>, Refused> {
        let now = self.clock.now();
        let mut inner = self.lock();
        self.advance(&mut inner, now);
        let epoch = inner.epoch;
        match &mut inner.phase {
            Phase::Closed { .. } => {}
            Phase::Open { since } => {
                return Err(Refused {
                    retry_in: (*since + self.settings.open_for).saturating_sub(now),
                })
            }
            Phase::HalfOpen { admitted, .. } => {
                if *admitted >= self.settings.half_open_calls.max(1) {
                    return Err(Refused {
                        retry_in: Duration::ZERO,
                    });
                }
                *admitted += 1;
            }
        }
        Ok(Permit {
            breaker: self,
            epoch,
            started: now,
            finished: false,
        })
    }

    fn advance(&self, inner: &mut Inner, now: Duration) {
        if let Phase::Open { since } = inner.phase {
            if now.saturating_sub(since) >= self.settings.open_for {
                self.enter(
                    inner,
                    Phase::HalfOpen {
                        admitted: 0,
                        done: Vec::new(),
                    },
                );
            }
        }
    }

    fn enter(&self, inner: &mut Inner, phase: Phase) {
        inner.phase = phase;
        inner.epoch += 1;
        let state = match inner.phase {
            Phase::Closed { .. } => "closed",
            Phase::Open { .. } => "open",
            Phase::HalfOpen { .. } => "half_open",
        };
        tracing::info!(state, "payment circuit breaker changed");
    }

    fn too_many(&self, samples: &[Sample]) -> bool {
        let failed = samples.iter().filter(|s| s.failed).count();
        let slow = samples.iter().filter(|s| s.slow).count();
        share_reaches(failed, samples.len(), self.settings.failure_rate_percent)
            || share_reaches(slow, samples.len(), self.settings.slow_rate_percent)
    }

    fn record(&self, epoch: u64, started: Duration, failed: bool) {
        let now = self.clock.now();
        let sample = Sample {
            failed,
            slow: now.saturating_sub(started) >= self.settings.slow_call,
        };
        let mut inner = self.lock();
        if inner.epoch != epoch {
            return;
        }
        let opened = Phase::Open { since: now };
        match &mut inner.phase {
            Phase::Closed { window } => {
                window.push_back(sample);
                while window.len() > self.settings.window.max(1) {
                    window.pop_front();
                }
                let samples: Vec<Sample> = window.iter().copied().collect();
                if samples.len() >= self.settings.min_calls.max(1) && self.too_many(&samples) {
                    self.enter(&mut inner, opened);
                }
            }
            Phase::HalfOpen { done, .. } => {
                done.push(sample);
                if sample.failed {
                    self.enter(&mut inner, opened);
                } else if done.len() >= self.settings.half_open_calls.max(1) {
                    let next = if self.too_many(done) {
                        opened
                    } else {
                        Phase::Closed {
                            window: VecDeque::new(),
                        }
                    };
                    self.enter(&mut inner, next);
                }
            }
            Phase::Open { .. } => {}
        }
    }

    fn release(&self, epoch: u64) {
        let mut inner = self.lock();
        if inner.epoch != epoch {
            return;
        }
        if let Phase::HalfOpen { admitted, .. } = &mut inner.phase {
            *admitted = admitted.saturating_sub(1);
        }
    }
}

/// A clock that moves only when told.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct TestClock(Mutex<Duration>);

#[cfg(test)]
impl TestClock {
    pub(crate) fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

#[cfg(test)]
impl Clock for TestClock {
    fn now(&self) -> Duration {
        *self.0.lock().unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker() -> (Breaker, Arc<TestClock>) {
        let clock = Arc::new(TestClock::default());
        let settings = BreakerSettings {
            failure_rate_percent: 50,
            slow_rate_percent: 80,
            slow_call: Duration::from_millis(1_000),
            window: 10,
            min_calls: 4,
            open_for: Duration::from_secs(10),
            half_open_calls: 2,
        };
        (Breaker::new(settings, clock.clone()), clock)
    }

    fn call(breaker: &Breaker, clock: &TestClock, failed: bool, took_ms: u64) {
        let permit = breaker.acquire().expect("let through");
        clock.advance(Duration::from_millis(took_ms));
        permit.finish(failed);
    }

    fn open(breaker: &Breaker, clock: &TestClock) {
        for _ in 0..4 {
            call(breaker, clock, true, 10);
        }
        assert_eq!(breaker.state(), BreakerState::Open);
    }

    #[test]
    fn opens_when_half_the_window_failed_and_not_before_the_minimum() {
        let (breaker, clock) = breaker();
        call(&breaker, &clock, true, 10);
        call(&breaker, &clock, true, 10);
        call(&breaker, &clock, true, 10);
        assert_eq!(
            breaker.state(),
            BreakerState::Closed,
            "three calls judge nothing"
        );
        call(&breaker, &clock, false, 10);
        assert_eq!(breaker.state(), BreakerState::Open, "three of four failed");

        let (breaker, clock) = breaker_with_successes(6);
        call(&breaker, &clock, true, 10);
        call(&breaker, &clock, true, 10);
        assert_eq!(breaker.state(), BreakerState::Closed, "two of eight failed");
        call(&breaker, &clock, true, 10);
        call(&breaker, &clock, true, 10);
        assert_eq!(breaker.state(), BreakerState::Closed, "four of ten failed");
        call(&breaker, &clock, true, 10);
        assert_eq!(
            breaker.state(),
            BreakerState::Open,
            "five of the last ten failed"
        );
    }

    fn breaker_with_successes(successes: usize) -> (Breaker, Arc<TestClock>) {
        let (breaker, clock) = breaker();
        for _ in 0..successes {
            call(&breaker, &clock, false, 10);
        }
        (breaker, clock)
    }

    #[test]
    fn old_successes_leave_the_window() {
        let (breaker, clock) = breaker_with_successes(20);
        for _ in 0..4 {
            call(&breaker, &clock, true, 10);
        }
        assert_eq!(
            breaker.state(),
            BreakerState::Closed,
            "four of the last ten failed"
        );
        call(&breaker, &clock, true, 10);
        assert_eq!(
            breaker.state(),
            BreakerState::Open,
            "five of the last ten failed"
        );
    }

    #[test]
    fn opens_when_most_calls_are_slow_even_if_they_succeed() {
        let (breaker, clock) = breaker();
        call(&breaker, &clock, false, 1_500);
        call(&breaker, &clock, false, 1_000);
        call(&breaker, &clock, false, 2_000);
        call(&breaker, &clock, false, 999);
        assert_eq!(breaker.state(), BreakerState::Closed, "three of four slow");
        call(&breaker, &clock, false, 1_200);
        assert_eq!(breaker.state(), BreakerState::Open, "four of five slow");
    }

    #[test]
    fn refuses_while_open_then_lets_trials_through_after_the_open_duration() {
        let (breaker, clock) = breaker();
        open(&breaker, &clock);
        clock.advance(Duration::from_secs(4));
        let refused = breaker.acquire().err().expect("refused while open");
        assert_eq!(refused.retry_in, Duration::from_secs(6));
        clock.advance(Duration::from_secs(6));
        assert_eq!(breaker.state(), BreakerState::HalfOpen);
        let first = breaker.acquire().expect("a first trial");
        let second = breaker.acquire().expect("a second trial");
        assert!(
            breaker.acquire().is_err(),
            "no more than two trials at once"
        );
        drop(second);
        let second = breaker
            .acquire()
            .expect("an abandoned trial frees its place");
        first.finish(false);
        second.finish(false);
        assert_eq!(breaker.state(), BreakerState::Closed);
        call(&breaker, &clock, true, 10);
        assert_eq!(breaker.state(), BreakerState::Closed, "a fresh window");
    }

    #[test]
    fn a_failed_trial_opens_it_again_for_the_whole_duration() {
        let (breaker, clock) = breaker();
        open(&breaker, &clock);
        clock.advance(Duration::from_secs(10));
        call(&breaker, &clock, false, 10);
        assert_eq!(breaker.state(), BreakerState::HalfOpen);
        call(&breaker, &clock, true, 10);
        assert_eq!(breaker.state(), BreakerState::Open);
        clock.advance(Duration::from_secs(9));
        assert_eq!(breaker.state(), BreakerState::Open);
        clock.advance(Duration::from_secs(1));
        assert_eq!(breaker.state(), BreakerState::HalfOpen);
    }

    #[test]
    fn slow_trials_keep_it_open() {
        let (breaker, clock) = breaker();
        open(&breaker, &clock);
        clock.advance(Duration::from_secs(10));
        call(&breaker, &clock, false, 3_000);
        call(&breaker, &clock, false, 3_000);
        assert_eq!(breaker.state(), BreakerState::Open);
    }

    #[test]
    fn a_call_let_through_before_it_opened_counts_for_nothing_after() {
        let (breaker, clock) = breaker();
        let late = breaker.acquire().unwrap();
        open(&breaker, &clock);
        clock.advance(Duration::from_secs(10));
        call(&breaker, &clock, false, 10);
        late.finish(true);
        assert_eq!(breaker.state(), BreakerState::HalfOpen);
    }
}
