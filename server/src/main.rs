use anyhow::Context;
use leptos::config::get_configuration;
use server::config::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
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
