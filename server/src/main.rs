//! The Baedal server binary: serves the apps, or runs a maintenance command.

#![recursion_limit = "256"]

use anyhow::Context;
use leptos::config::get_configuration;
use server::config::Config;
use tracing_subscriber::EnvFilter;

/// Server rendering allocates and frees across threads all the time;
/// mimalloc does that without the lock glibc's allocator takes. Built
/// without transparent huge pages (`no_thp`): with them an idle connection
/// held about 8 KB more.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: server [rebuild-read-models | bench-people OUT [--stores N] [--customers N] [--riders N]]
  (no command)          serve Baedal
  rebuild-read-models   empty the read models and project the whole event log again
  bench-people          create the signed-in crowd of `make bench-fanout` and write their sessions to OUT";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match std::env::args().nth(1).as_deref() {
        None => serve().await,
        // Hidden: a stand-in payment provider for the tests.
        Some("fake-payments") => server::fake_payments::run().await,
        Some("rebuild-read-models") => {
            let config = Config::from_env(([127, 0, 0, 1], 3000).into())?;
            let projected = server::rebuild_read_models(&config).await?;
            println!("rebuilt the read models from {projected} events");
            Ok(())
        }
        Some("bench-people") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let Some((out, options)) = args.split_first() else {
                eprintln!("{USAGE}");
                std::process::exit(2);
            };
            let crowd = server::bench_data::Crowd::from_args(options)?;
            let config = Config::from_env(([127, 0, 0, 1], 3000).into())?;
            server::create_bench_people(&config, crowd, std::path::Path::new(out)).await?;
            println!("wrote the sessions of {crowd:?} to {out}");
            Ok(())
        }
        Some(_) => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}

async fn serve() -> anyhow::Result<()> {
    let leptos = get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    let config = Config::from_env(leptos.site_addr)?;
    let running = server::start(config, leptos).await?;
    tracing::info!(addr = %running.addr, "Baedal is listening on http://{}", running.addr);
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    tracing::info!("shutting down");
    running.stop().await;
    Ok(())
}
