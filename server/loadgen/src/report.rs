//! The Markdown report, and the generator's own CPU time.

use std::fmt::Write;
use std::time::Duration;

use anyhow::Context;

use crate::tally::{ms, Measured};

/// This process's CPU time so far.
#[derive(Clone, Copy)]
pub struct Cpu {
    pub user: Duration,
    pub system: Duration,
}

impl Cpu {
    pub fn now() -> anyhow::Result<Self> {
        let stat = std::fs::read_to_string("/proc/self/stat").context("reading /proc/self/stat")?;
        // The command name may hold spaces and parentheses; fields follow the last ')'.
        let (_, rest) = stat
            .rsplit_once(')')
            .context("/proc/self/stat has no command name")?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |index: usize| -> anyhow::Result<Duration> {
            let raw = fields.get(index).context("/proc/self/stat is too short")?;
            let ticks: u64 = raw
                .parse()
                .with_context(|| format!("/proc/self/stat has {raw} for CPU time"))?;
            // /proc counts in USER_HZ, which Linux fixes at 100 for user space.
            Ok(Duration::from_millis(ticks * 10))
        };
        // utime and stime are fields 14 and 15; `rest` starts at field 3.
        Ok(Self {
            user: ticks(11)?,
            system: ticks(12)?,
        })
    }

    pub fn since(self, earlier: Cpu) -> Cpu {
        Cpu {
            user: self.user.saturating_sub(earlier.user),
            system: self.system.saturating_sub(earlier.system),
        }
    }

    pub fn total(self) -> Duration {
        self.user + self.system
    }
}

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Ceiling,
    Closed,
    Open,
    Checkout,
}

pub struct Row {
    pub kind: Kind,
    pub step: String,
    pub conns: String,
    pub measured: Measured,
    pub cpu: Cpu,
}

pub struct Report {
    /// Lines about the setup, printed above the table.
    pub preamble: Vec<String>,
    pub rows: Vec<Row>,
    /// Lines printed under the table.
    pub notes: Vec<String>,
    pub ids: Option<(u64, u64)>,
    pub cpu: Cpu,
    pub wall: Duration,
}

impl Report {
    pub fn render(&self) -> String {
        let mut out = String::new();
        let ceiling = self
            .best(Kind::Ceiling)
            .map_or(0.0, |row| row.measured.per_second());
        let share = |rate: f64| {
            if ceiling > 0.0 {
                format!("{:.1}%", 100.0 * rate / ceiling)
            } else {
                "–".into()
            }
        };
        let _ = writeln!(out, "## Orders benchmark\n");
        for line in &self.preamble {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(
            out,
            "\n| step | conns | per s | of ceiling | p50 ms | p99 ms | max ms | ok | failed | client CPU |"
        );
        let _ = writeln!(
            out,
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        for row in &self.rows {
            let m = &row.measured;
            let latency = &m.tally.latency;
            let (p50, p99, max) = if m.tally.ok == 0 {
                ("–".into(), "–".into(), "–".into())
            } else {
                (
                    format!("{:.1}", ms(latency, 0.5)),
                    format!("{:.1}", ms(latency, 0.99)),
                    format!("{:.1}", latency.max() as f64 / 1000.0),
                )
            };
            let cores = row.cpu.total().as_secs_f64() / m.elapsed.as_secs_f64().max(1e-9);
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} | {} | {p50} | {p99} | {max} | {} | {} | {cores:.2} cores |",
                row.step,
                row.conns,
                m.per_second(),
                share(m.per_second()),
                m.tally.ok,
                m.tally.failed_count(),
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "- Ceiling (`GET /healthz`, best): **{ceiling:.0} requests/s**."
        );
        for (kind, what) in [
            (Kind::Closed, "closed-loop orders"),
            (Kind::Open, "open-loop orders"),
            (Kind::Checkout, "checkouts (quote + place)"),
        ] {
            if let Some(row) = self.best(kind) {
                let rate = row.measured.per_second();
                let _ = writeln!(
                    out,
                    "- Best {what}: **{rate:.0}/s** ({} of ceiling; connections: {}).",
                    share(rate),
                    row.conns
                );
            }
        }
        for note in &self.notes {
            let _ = writeln!(out, "- {note}");
        }
        let placed: u64 = self
            .rows
            .iter()
            .filter(|row| row.kind != Kind::Ceiling)
            .map(|row| row.measured.tally.ok)
            .sum();
        let ids = match self.ids {
            Some((low, high)) => format!("ids {low}–{high}, a span of {}", high - low + 1),
            None => "no ids".into(),
        };
        let _ = writeln!(
            out,
            "- Orders placed: {placed} answered with an id ({ids})."
        );
        self.render_failures(&mut out);
        let _ = writeln!(
            out,
            "- Generator CPU: {:.1} s user + {:.1} s system over {:.1} s ({:.2} cores on average).",
            self.cpu.user.as_secs_f64(),
            self.cpu.system.as_secs_f64(),
            self.wall.as_secs_f64(),
            self.cpu.total().as_secs_f64() / self.wall.as_secs_f64().max(1e-9),
        );
        out
    }

    fn render_failures(&self, out: &mut String) {
        let failing: Vec<&Row> = self
            .rows
            .iter()
            .filter(|row| !row.measured.tally.failures.is_empty())
            .collect();
        if failing.is_empty() {
            let _ = writeln!(out, "- Failures: none.");
            return;
        }
        let _ = writeln!(out, "- Failures:");
        for row in failing {
            let counts: Vec<String> = row
                .measured
                .tally
                .failures
                .iter()
                .map(|(label, count)| format!("`{label}` × {count}"))
                .collect();
            let _ = writeln!(
                out,
                "  - {} ({}): {}",
                row.step,
                row.conns,
                counts.join(", ")
            );
        }
    }

    fn best(&self, kind: Kind) -> Option<&Row> {
        self.rows
            .iter()
            .filter(|row| row.kind == kind)
            .max_by(|a, b| a.measured.per_second().total_cmp(&b.measured.per_second()))
    }
}
