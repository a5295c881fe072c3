//! `baedal-load fanout`: how fast a committed change reaches the live
//! streams that should hear it, with thousands open.
//!
//! Against a server whose database holds the crowd of `server
//! bench-people`, it measures, in one run:
//! - the ceiling: `GET /healthz` at 32 connections;
//! - the realistic mix: a stream for every customer (each following their
//!   own orders), every store's tablet and every rider on duty, the
//!   server's memory per idle stream, then orders placed at a steady rate
//!   and moved through their whole life;
//! - the worst case: every stream following one busy store, whose orders
//!   go through their life one after another;
//! - a reconnect storm: the server restarts, orders are placed while the
//!   streams are away, then every stream comes back at once with
//!   `Last-Event-ID` while `place_order` is timed, beside its quiet figure.
//!
//! Delays run from the `committed_at` the server stamps on each change to
//! its arrival here; every delivery is checked against who should hear it
//! (`oracle.rs`): none missing, none extra.

mod drive;
mod follow;
mod oracle;
mod streams;

use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use hdrhistogram::Histogram;
use rand::distributions::Alphanumeric;
use rand::Rng;
use tokio::task::JoinSet;

use crate::closed;
use crate::http::{Conn, Target};
use crate::report::Cpu;
use crate::tally::{self, ms, Tally};
use crate::work::Op;
use drive::{People, Stage};
use oracle::{Count, Driven, Listener};
use streams::Streams;

pub const USAGE: &str = "\
usage: baedal-load fanout --base URL --people FILE [options]

options:
  --base URL             the server (required)
  --people FILE          the sessions `server bench-people` wrote (required)
  --pid-file FILE        holds the server's process id, to read its memory
  --restart CMD          a shell command that restarts the server and returns
                         once it answers; without it there is no storm
  --orders N             orders moved through their life in the realistic mix (default 400)
  --order-rate N         orders started per second there (default 20)
  --busy-streams N       streams following the busy store (default 10000)
  --busy-orders N        orders of the busy store (default 30)
  --storm-orders N       orders moved while the streams are away (default 100)
  --ceiling-seconds N    length of the /healthz step (default 3)
";

pub struct Args {
    pub base: String,
    pub people: PathBuf,
    pub pid_file: Option<PathBuf>,
    pub restart: Option<String>,
    pub orders: usize,
    pub order_rate: u64,
    pub busy_streams: usize,
    pub busy_orders: usize,
    pub storm_orders: usize,
    pub ceiling_seconds: u64,
}

pub fn parse(mut words: impl Iterator<Item = String>) -> anyhow::Result<Args> {
    let mut args = Args {
        base: String::new(),
        people: PathBuf::new(),
        pid_file: None,
        restart: None,
        orders: 400,
        order_rate: 20,
        busy_streams: 10_000,
        busy_orders: 30,
        storm_orders: 100,
        ceiling_seconds: 3,
    };
    while let Some(flag) = words.next() {
        let value = words
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .with_context(|| format!("{flag} takes a whole number, not {value}"))
        };
        match flag.as_str() {
            "--base" => args.base = value.clone(),
            "--people" => args.people = PathBuf::from(&value),
            "--pid-file" => args.pid_file = Some(PathBuf::from(&value)),
            "--restart" => args.restart = Some(value.clone()),
            "--orders" => args.orders = usize::try_from(number()?)?,
            "--order-rate" => args.order_rate = number()?.max(1),
            "--busy-streams" => args.busy_streams = usize::try_from(number()?)?,
            "--busy-orders" => args.busy_orders = usize::try_from(number()?)?,
            "--storm-orders" => args.storm_orders = usize::try_from(number()?)?,
            "--ceiling-seconds" => args.ceiling_seconds = number()?.max(1),
            _ => bail!("unknown option {flag}"),
        }
    }
    if args.base.is_empty() || args.people.as_os_str().is_empty() {
        bail!("--base and --people are required");
    }
    Ok(args)
}

/// What one mix measured.
struct MixFigures {
    name: String,
    streams: usize,
    orders: usize,
    failed_orders: Vec<String>,
    count: Count,
    delays: Histogram<u64>,
    took: Duration,
    cpu: Cpu,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let wall = Instant::now();
    let cpu_at_start = Cpu::now()?;
    let target = Arc::new(Target::resolve(&args.base).await?);
    let addr = target.addr();
    let run_id: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(8)
        .map(|byte| char::from(byte).to_ascii_lowercase())
        .collect();
    let mut out = String::new();
    let _ = writeln!(out, "## Fan-out benchmark\n");

    progress("GET /healthz, 32 connections");
    let healthz = Arc::new(Op::Healthz);
    let ceiling = closed::run(
        &target,
        &healthz,
        32,
        Duration::from_secs(args.ceiling_seconds),
        "h",
    )
    .await?;
    let ceiling_rate = ceiling.per_second();
    let floor = closed::run(&target, &healthz, 1, Duration::from_secs(1), "h1").await?;
    let _ = writeln!(
        out,
        "Ceiling (`GET /healthz`): **{ceiling_rate:.0} requests/s** at 32 connections; \
         one request alone takes p50 {:.2} ms, p99 {:.2} ms.\n",
        ms(&floor.tally.latency, 0.5),
        ms(&floor.tally.latency, 0.99),
    );

    let people = People::read(&args.people)?;
    let riders_at: usize = people.riders.len().min(people.stores.len());
    if riders_at == 0 {
        bail!("the crowd has no riders");
    }
    let stage = Arc::new(Stage::new(Arc::clone(&target), people, run_id).await?);
    stage.riders_on_duty().await?;
    let mut figures = Vec::new();

    // The realistic mix.
    let listeners = realistic(&stage.people);
    let rss_before = rss_kb(args.pid_file.as_ref());
    progress(&format!(
        "opening {} streams (customers, tablets, riders)",
        listeners.len()
    ));
    let streams = Streams::open(addr, listeners, 500).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after = rss_kb(args.pid_file.as_ref());
    let per_stream = match (rss_before, rss_after) {
        (Some(before), Some(after)) => Some((after - before) as f64 / streams.len() as f64),
        _ => None,
    };
    progress(&format!(
        "{} orders at {}/s through their life",
        args.orders, args.order_rate
    ));
    let plan: Vec<usize> = (0..args.orders)
        .map(|k| {
            let store = k % riders_at;
            let next_door = stage.people.customers_of(store);
            next_door[(k / riders_at) % next_door.len()]
        })
        .collect();
    figures.push(
        measure_mix("realistic", &streams, || {
            lives(&stage, &plan, args.order_rate, 64)
        })
        .await?,
    );
    streams.close().await;

    // The worst case: every stream on one busy store.
    if args.busy_streams > 0 {
        let owner: Arc<str> = Arc::from(stage.people.owners[0].cookie.as_str());
        let listeners = vec![(Listener::Owner(0), owner); args.busy_streams];
        progress(&format!(
            "opening {} streams of store 0's tablet",
            args.busy_streams
        ));
        let streams = Streams::open(addr, listeners, 500).await?;
        let next_door = stage.people.customers_of(0);
        let plan: Vec<usize> = (0..args.busy_orders)
            .map(|k| next_door[k % next_door.len()])
            .collect();
        progress(&format!(
            "{} orders of store 0, one after another",
            args.busy_orders
        ));
        figures.push(
            measure_mix("one busy store", &streams, || {
                lives(&stage, &plan, 1_000, 1)
            })
            .await?,
        );
        streams.close().await;
    }

    for mix in &figures {
        render_mix(&mut out, mix, ceiling_rate);
    }
    if let Some(per_stream) = per_stream {
        let _ = writeln!(
            out,
            "- Server memory per idle stream: **{per_stream:.1} KB** (resident set before and 2 s after opening the realistic mix's streams)."
        );
    }

    if let Some(restart) = &args.restart {
        storm(
            &mut out,
            &stage,
            addr,
            restart,
            args.storm_orders,
            riders_at,
        )
        .await?;
    }

    let cpu = Cpu::now()?.since(cpu_at_start);
    let _ = writeln!(
        out,
        "- Generator CPU over the whole run: {:.1} s user + {:.1} s system over {:.1} s ({:.2} cores on average).",
        cpu.user.as_secs_f64(),
        cpu.system.as_secs_f64(),
        wall.elapsed().as_secs_f64(),
        cpu.total().as_secs_f64() / wall.elapsed().as_secs_f64().max(1e-9),
    );
    print!("{out}");
    Ok(())
}

/// A stream for every customer, every store's tablet and every rider.
fn realistic(people: &People) -> Vec<(Listener, Arc<str>)> {
    let cookie = |person: &drive::Person| Arc::<str>::from(person.cookie.as_str());
    let customers = people
        .customers
        .iter()
        .enumerate()
        .map(|(i, person)| (Listener::Customer(i), cookie(person)));
    let owners = people
        .owners
        .iter()
        .enumerate()
        .map(|(i, person)| (Listener::Owner(i), cookie(person)));
    let riders = people.riders.iter().enumerate().map(|(i, person)| {
        (
            Listener::Rider {
                rider: i,
                at_store: person.store,
            },
            cookie(person),
        )
    });
    customers.chain(owners).chain(riders).collect()
}

/// Runs `drive` with the streams counting live, then checks what they heard.
async fn measure_mix<F, Fut>(name: &str, streams: &Streams, drive: F) -> anyhow::Result<MixFigures>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<(Vec<Driven>, Vec<String>)>>,
{
    streams.control(|control| control.live = true);
    let cpu_before = Cpu::now()?;
    let start = Instant::now();
    let (orders, failed_orders) = drive().await?;
    let took = start.elapsed();
    // Stragglers.
    tokio::time::sleep(Duration::from_secs(1)).await;
    streams.control(|control| control.live = false);
    let cpu = Cpu::now()?.since(cpu_before);
    let heard = streams.heard();
    let count = oracle::count(&streams.listeners, &heard, &orders);
    let mut delays = tally::histogram();
    for change in heard.iter().flatten().filter(|change| change.live) {
        tally::record(
            &mut delays,
            Duration::from_millis(change.delay_ms.max(0) as u64),
        );
    }
    Ok(MixFigures {
        name: name.to_owned(),
        streams: streams.len(),
        orders: orders.len(),
        failed_orders,
        count,
        delays,
        took,
        cpu,
    })
}

/// Moves the orders of `customers` (one each, in turn) through their whole
/// life, starting `rate` a second, at most `at_once` in flight.
async fn lives(
    stage: &Arc<Stage>,
    customers: &[usize],
    rate: u64,
    at_once: usize,
) -> anyhow::Result<(Vec<Driven>, Vec<String>)> {
    let start = tokio::time::Instant::now();
    let gap = Duration::from_secs_f64(1.0 / rate as f64);
    let mut running = JoinSet::new();
    let mut done = Vec::new();
    let mut failed = Vec::new();
    let mut collect =
        |finished: Result<Result<Driven, String>, tokio::task::JoinError>| match finished {
            Ok(Ok(order)) => done.push(order),
            Ok(Err(why)) => failed.push(why),
            Err(e) => failed.push(format!("a task failed: {e}")),
        };
    for (k, customer) in customers.iter().copied().enumerate() {
        while running.len() >= at_once {
            if let Some(finished) = running.join_next().await {
                collect(finished);
            }
        }
        tokio::time::sleep_until(start + gap * k as u32).await;
        let stage = Arc::clone(stage);
        running.spawn(async move {
            let mut conn = Conn::open(Arc::clone(&stage.target))
                .await
                .map_err(|e| e.to_string())?;
            let mut order = stage.place(&mut conn, customer).await?;
            stage.complete(&mut conn, &mut order).await?;
            Ok(order)
        });
    }
    while let Some(finished) = running.join_next().await {
        collect(finished);
    }
    Ok((done, failed))
}

fn render_mix(out: &mut String, mix: &MixFigures, ceiling_rate: f64) {
    let count = mix.count;
    let rate = count.delivered as f64 / mix.took.as_secs_f64().max(1e-9);
    let _ = writeln!(
        out,
        "### {}: {} streams, {} orders in {:.1} s\n",
        mix.name,
        mix.streams,
        mix.orders,
        mix.took.as_secs_f64()
    );
    let _ = writeln!(out, "| commit → stream p50 | p99 | max | deliveries expected | delivered | missing | extra | out of order | deliveries/s (of ceiling) | generator CPU |");
    let _ = writeln!(
        out,
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    let _ = writeln!(
        out,
        "| {:.0} ms | {:.0} ms | {:.0} ms | {} | {} | {} | {} | {} | {rate:.0} ({:.1}%) | {:.2} cores |\n",
        ms(&mix.delays, 0.5),
        ms(&mix.delays, 0.99),
        mix.delays.max() as f64 / 1000.0,
        count.expected,
        count.delivered,
        count.missing,
        count.extra,
        count.out_of_order,
        100.0 * rate / ceiling_rate.max(1e-9),
        mix.cpu.total().as_secs_f64() / (mix.took + Duration::from_secs(1)).as_secs_f64(),
    );
    if !mix.failed_orders.is_empty() {
        let _ = writeln!(
            out,
            "- {} orders failed on the way, first: {}\n",
            mix.failed_orders.len(),
            mix.failed_orders[0]
        );
    }
}

/// The server's resident memory in KB, from `/proc`.
fn rss_kb(pid_file: Option<&PathBuf>) -> Option<i64> {
    let pid = std::fs::read_to_string(pid_file?).ok()?;
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid.trim())).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
}

/// Places orders in a closed loop on one connection until `stop`, round
/// robin over `customers`; their latencies, and the orders.
async fn place_until(
    stage: Arc<Stage>,
    customers: Vec<usize>,
    stop: tokio::sync::watch::Receiver<bool>,
) -> (Tally, Vec<Driven>) {
    let mut tally = Tally::new();
    let mut placed = Vec::new();
    let Ok(mut conn) = Conn::open(Arc::clone(&stage.target)).await else {
        tally.failed("connect".into());
        return (tally, placed);
    };
    let mut k = 0;
    while !*stop.borrow() {
        let sent = Instant::now();
        match stage.place(&mut conn, customers[k % customers.len()]).await {
            Ok(order) => {
                tally.succeeded(sent.elapsed());
                placed.push(order);
            }
            Err(why) => tally.failed(why),
        }
        k += 1;
    }
    (tally, placed)
}

/// The reconnect storm.
async fn storm(
    out: &mut String,
    stage: &Arc<Stage>,
    addr: std::net::SocketAddr,
    restart: &str,
    storm_orders: usize,
    riders_at: usize,
) -> anyhow::Result<()> {
    let listeners = realistic(&stage.people);
    progress(&format!("storm: opening {} streams", listeners.len()));
    let streams = Streams::open(addr, listeners, 500).await?;
    let placers: Vec<usize> = (0..riders_at)
        .flat_map(|store| stage.people.customers_of(store).into_iter().take(2))
        .collect();

    progress("storm: place_order alone, 5 s");
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let quiet = tokio::spawn(place_until(Arc::clone(stage), placers.clone(), stopping));
    tokio::time::sleep(Duration::from_secs(5)).await;
    let _ = stop.send(true);
    let (quiet, mut orders) = quiet.await.context("the quiet loop failed")?;

    progress("storm: restarting the server");
    let restarted = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(restart)
        .status()
        .await
        .context("running the restart command")?;
    anyhow::ensure!(
        restarted.success(),
        "the restart command failed: {restarted}"
    );
    let down = streams
        .wait_for(Duration::from_secs(30), |log| !log.open)
        .await;
    anyhow::ensure!(
        down == streams.len(),
        "{down} of {} streams saw the restart",
        streams.len()
    );

    progress(&format!(
        "storm: {storm_orders} orders while the streams are away"
    ));
    let away: Vec<usize> = (0..storm_orders)
        .map(|k| placers[k % placers.len()])
        .collect();
    let (moved, mut failed) = lives(stage, &away, 1_000, 16).await?;
    orders.extend(moved);

    progress("storm: every stream reconnects at once, place_order timed meanwhile");
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let during = tokio::spawn(place_until(Arc::clone(stage), placers, stopping));
    let storm_start = Instant::now();
    streams.control(|control| control.reconnect += 1);
    let back = streams
        .wait_for(Duration::from_secs(120), |log| log.open && log.hellos >= 2)
        .await;
    let all_back = storm_start.elapsed();
    tokio::time::sleep(Duration::from_secs(3).saturating_sub(all_back)).await;
    let _ = stop.send(true);
    let (during, placed) = during.await.context("the storm loop failed")?;
    orders.extend(placed);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let heard = streams.heard();
    let count = oracle::count(&streams.listeners, &heard, &orders);
    failed.extend(
        during
            .failures
            .iter()
            .map(|(why, n)| format!("{why} × {n}")),
    );
    let _ = writeln!(
        out,
        "\n### Reconnect storm: {} streams\n\n\
         - {back} of {} streams were back within {:.1} s of being told to reconnect, all at once, with `Last-Event-ID`.\n\
         - Deliveries over the whole phase (before the restart, from the log while away, after): {} expected, {} delivered, **{} missing**, {} extra, {} out of order.\n\
         - `place_order` alone: p50 {:.1} ms, p99 {:.1} ms ({} orders); during the storm: p50 {:.1} ms, **p99 {:.1} ms** ({} orders, {} failed), {:.2}× the quiet p99.",
        streams.len(),
        streams.len(),
        all_back.as_secs_f64(),
        count.expected,
        count.delivered,
        count.missing,
        count.extra,
        count.out_of_order,
        ms(&quiet.latency, 0.5),
        ms(&quiet.latency, 0.99),
        quiet.ok,
        ms(&during.latency, 0.5),
        ms(&during.latency, 0.99),
        during.ok,
        during.failed_count(),
        ms(&during.latency, 0.99) / ms(&quiet.latency, 0.99).max(1e-9),
    );
    if !failed.is_empty() {
        let _ = writeln!(out, "- Failures: {}", failed.join("; "));
    }
    streams.close().await;
    Ok(())
}

fn progress(what: &str) {
    eprintln!("… {what}");
}
