//! `baedal-load`: how many orders a running Baedal server takes, and how
//! fast it answers, over keep-alive HTTP/1.1 with one TCP connection per
//! simulated client.
//!
//! `baedal-load orders --base URL` runs, in order:
//! - the ceiling: `GET /healthz` in a closed loop at 32 and 256 connections,
//!   what the server and this generator manage with no work behind a request;
//! - sign-up of fresh customers, whose sessions the order steps share out
//!   round-robin, and one cart from the store's menu;
//! - `place_order` in a closed loop at 1, 4, 32 and 256 connections: each
//!   connection sends its next order when the previous answer arrives, and
//!   latency runs from send to answer;
//! - `place_order` in an open loop: orders fall due at a fixed rate whatever
//!   the server does, over a pool of connections, and latency runs from each
//!   order's due time, so a stalled server shows in the figures instead of
//!   slowing the load down (no coordinated omission);
//! - checkout, `quote_order` then `place_order`, in a closed loop at 32.
//!
//! Every throughput figure is also given as a share of the ceiling measured
//! in the same run, and the generator reports its own CPU time, so that a
//! reader can tell whether the client was the bottleneck.

mod args;
mod cart;
mod closed;
mod fanout;
mod http;
mod open;
mod pages;
mod report;
mod session;
mod tally;
mod work;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use rand::distributions::Alphanumeric;
use rand::Rng;

use crate::args::{Args, Command};
use crate::http::Target;
use crate::report::{Cpu, Kind, Report, Row};
use crate::tally::{ms, Measured};
use crate::work::{IdSpan, Op, Orders};

fn main() -> ExitCode {
    let args = match args::parse(std::env::args().skip(1)) {
        Ok(Command::Orders(args)) => args,
        Ok(Command::Fanout(args)) => return run(fanout::run(args)),
        Ok(Command::Pages(args)) => return run(pages::run(args)),
        Ok(Command::Help) => {
            print!("{}\n{}\n{}", args::USAGE, fanout::USAGE, pages::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e:#}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    run(orders(args))
}

fn run(work: impl std::future::Future<Output = anyhow::Result<()>>) -> ExitCode {
    let ran = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")
        .and_then(|runtime| runtime.block_on(work));
    match ran {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn orders(args: Args) -> anyhow::Result<()> {
    let wall = Instant::now();
    let cpu_at_start = Cpu::now()?;
    let target = Arc::new(Target::resolve(&args.base).await?);
    let run_id: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(8)
        .map(|byte| char::from(byte).to_ascii_lowercase())
        .collect();
    let seconds = Duration::from_secs(args.seconds);
    let mut rows = Vec::new();

    let healthz = Arc::new(Op::Healthz);
    for conns in [32, 256] {
        progress(&format!("GET /healthz, {conns} connections"));
        let (measured, cpu) = timed(closed::run(
            &target,
            &healthz,
            conns,
            Duration::from_secs(args.ceiling_seconds),
            "h",
        ))
        .await?;
        rows.push(row(
            Kind::Ceiling,
            "`GET /healthz`",
            conns.to_string(),
            measured,
            cpu,
        ));
    }

    progress(&format!("signing up {} customers", args.customers));
    let sessions = session::sign_up(&target, &run_id, args.customers).await?;
    let cart = cart::cart(&target, args.store, &sessions[0]).await?;
    if !cart.open {
        eprintln!(
            "warning: store {} says it is not open now; orders may be refused",
            cart.store
        );
    }
    let dishes: Vec<String> = cart
        .lines
        .iter()
        .map(|(id, name, price, quantity)| format!("{quantity} × {name} (#{id}, {price} won)"))
        .collect();
    let preamble = vec![
        format!(
            "Server `{}`, run `{run_id}`: {} customers, {} s per order step, {} s per ceiling step.",
            args.base, args.customers, args.seconds, args.ceiling_seconds
        ),
        format!(
            "Cart from store {} ({}; minimum {} won, delivery {} won): {} = {} won.",
            cart.store,
            cart.store_name,
            cart.min_order,
            cart.delivery_fee,
            dishes.join(" + "),
            cart.subtotal()
        ),
    ];
    eprintln!("{}", preamble[1]);
    let orders = Arc::new(Orders {
        sessions,
        request: cart.request_json(),
        run_id: run_id.clone(),
        ids: IdSpan::new(),
    });

    let place = Arc::new(Op::Place(Arc::clone(&orders)));
    for conns in [1, 4, 32, 256] {
        progress(&format!("place_order closed loop, {conns} connections"));
        let step = format!("c{conns}");
        let (measured, cpu) = timed(closed::run(&target, &place, conns, seconds, &step)).await?;
        rows.push(row(
            Kind::Closed,
            "`place_order` closed",
            conns.to_string(),
            measured,
            cpu,
        ));
    }

    progress(&format!(
        "place_order open loop, {} offered per second",
        args.rate
    ));
    let (open, cpu) = timed(open::run(
        &target,
        &place,
        args.rate,
        args.open_connections,
        seconds,
        "o",
    ))
    .await?;
    let notes = vec![format!(
        "Open loop: {} offered per second, {} due, {} still waiting for a connection at the end; \
         due-to-send lag p50 {:.1} ms, p99 {:.1} ms.",
        open.offered_rate,
        open.due,
        open.unsent,
        ms(&open.lag, 0.5),
        ms(&open.lag, 0.99),
    )];
    rows.push(row(
        Kind::Open,
        &format!("`place_order` open @ {}/s", open.offered_rate),
        format!("≤{}", args.open_connections),
        open.measured,
        cpu,
    ));

    progress("checkout (quote_order + place_order), 32 connections");
    let checkout = Arc::new(Op::Checkout(Arc::clone(&orders)));
    let (measured, cpu) = timed(closed::run(&target, &checkout, 32, seconds, "q")).await?;
    rows.push(row(
        Kind::Checkout,
        "checkout closed",
        "32".into(),
        measured,
        cpu,
    ));

    let report = Report {
        preamble,
        rows,
        notes,
        ids: orders.ids.range(),
        cpu: Cpu::now()?.since(cpu_at_start),
        wall: wall.elapsed(),
    };
    print!("{}", report.render());
    Ok(())
}

async fn timed<T>(
    step: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<(T, Cpu)> {
    let before = Cpu::now()?;
    let result = step.await?;
    Ok((result, Cpu::now()?.since(before)))
}

fn row(kind: Kind, step: &str, conns: String, measured: Measured, cpu: Cpu) -> Row {
    Row {
        kind,
        step: step.to_owned(),
        conns,
        measured,
        cpu,
    }
}

fn progress(what: &str) {
    eprintln!("… {what}");
}
