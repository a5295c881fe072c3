//! Configuration from environment variables, read once at start.

use std::net::SocketAddr;

use anyhow::Context;

/// How this server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// `BAEDAL_DATABASE_URL`; default a SQLite file `baedal.db` in the working folder.
    pub database_url: String,
    /// `BAEDAL_ADDR`; default Leptos' site address (127.0.0.1:3000).
    pub addr: SocketAddr,
    /// `BAEDAL_DEMO=1`: seed demo data on first start and offer one-tap demo sign-in.
    pub demo: bool,
    /// `BAEDAL_SESSION_HOURS`; default 168 (a week).
    pub session_hours: i64,
}

impl Config {
    /// Reads the environment, with `default_addr` when `BAEDAL_ADDR` is unset.
    pub fn from_env(default_addr: SocketAddr) -> anyhow::Result<Self> {
        let addr = match std::env::var("BAEDAL_ADDR") {
            Ok(raw) => raw
                .parse()
                .with_context(|| format!("BAEDAL_ADDR is not an address: {raw}"))?,
            Err(_) => default_addr,
        };
        let session_hours = match std::env::var("BAEDAL_SESSION_HOURS") {
            Ok(raw) => raw
                .parse()
                .with_context(|| format!("BAEDAL_SESSION_HOURS is not a number: {raw}"))?,
            Err(_) => 168,
        };
        Ok(Self {
            database_url: std::env::var("BAEDAL_DATABASE_URL")
                .unwrap_or_else(|_| "sqlite://baedal.db".into()),
            addr,
            demo: matches!(
                std::env::var("BAEDAL_DEMO").as_deref(),
                Ok("1" | "true" | "yes")
            ),
            session_hours,
        })
    }
}
