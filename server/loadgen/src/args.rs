//! The command line.

use anyhow::{bail, Context};

pub const USAGE: &str = "\
usage: baedal-load orders --base URL [options]
       baedal-load fanout --base URL --people FILE [options]  (see `fanout --help`)
       baedal-load pages --base URL [options]  (see `pages --help`)

Measures Baedal's order path against a running server and prints a
Markdown report.

options:
  --base URL             the server, e.g. http://127.0.0.1:3300 (required)
  --seconds N            length of each order step (default 10)
  --ceiling-seconds N    length of each /healthz step (default 3)
  --customers N          customers to sign up (default 64)
  --rate N               open-loop requests offered per second (default 10000)
  --open-connections N   open-loop connection pool (default 512)
  --store N              the store ordered from (default 1)
";

pub struct Args {
    pub base: String,
    pub seconds: u64,
    pub ceiling_seconds: u64,
    pub customers: usize,
    pub rate: u64,
    pub open_connections: usize,
    pub store: u64,
}

pub enum Command {
    Orders(Args),
    Fanout(crate::fanout::Args),
    Pages(crate::pages::Args),
    Help,
}

pub fn parse(mut words: impl Iterator<Item = String>) -> anyhow::Result<Command> {
    match words.next().as_deref() {
        Some("orders") => {}
        Some("fanout") => return crate::fanout::parse(words).map(Command::Fanout),
        Some("pages") => return crate::pages::parse(words).map(Command::Pages),
        Some("-h" | "--help" | "help") | None => return Ok(Command::Help),
        Some(other) => bail!("unknown command {other}"),
    }
    let mut base = None;
    let mut args = Args {
        base: String::new(),
        seconds: 10,
        ceiling_seconds: 3,
        customers: 64,
        rate: 10_000,
        open_connections: 512,
        store: 1,
    };
    while let Some(flag) = words.next() {
        if matches!(flag.as_str(), "-h" | "--help") {
            return Ok(Command::Help);
        }
        let value = words
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .with_context(|| format!("{flag} takes a whole number, not {value}"))
        };
        match flag.as_str() {
            "--base" => base = Some(value.clone()),
            "--seconds" => args.seconds = number()?,
            "--ceiling-seconds" => args.ceiling_seconds = number()?,
            "--customers" => args.customers = usize::try_from(number()?)?,
            "--rate" => args.rate = number()?,
            "--open-connections" => args.open_connections = usize::try_from(number()?)?,
            "--store" => args.store = number()?,
            _ => bail!("unknown option {flag}"),
        }
    }
    args.base = base.context("--base is required")?;
    for (flag, value) in [
        ("--seconds", args.seconds),
        ("--ceiling-seconds", args.ceiling_seconds),
        ("--customers", args.customers as u64),
        ("--rate", args.rate),
        ("--open-connections", args.open_connections as u64),
    ] {
        if value == 0 {
            bail!("{flag} must be at least 1");
        }
    }
    Ok(Command::Orders(args))
}
