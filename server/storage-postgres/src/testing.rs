//! Fresh databases for tests, in the private cluster that
//! `scripts/postgres.sh` starts, or in the server that
//! `BAEDAL_TEST_POSTGRES_URL` names (a URL ending in a database to connect
//! to, such as `postgres://baedal@127.0.0.1:15432/postgres`).

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use sqlx::{Connection, Executor};

/// The test server's URL, starting the private cluster the first time.
pub fn server_url() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("BAEDAL_TEST_POSTGRES_URL") {
            return url;
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/postgres.sh");
        let started = Command::new("bash")
            .arg(script)
            .arg("start")
            .output()
            .expect("scripts/postgres.sh runs");
        assert!(
            started.status.success(),
            "the private PostgreSQL cluster did not start: {}",
            String::from_utf8_lossy(&started.stderr)
        );
        String::from_utf8(started.stdout)
            .expect("a URL")
            .trim()
            .to_owned()
    })
    .clone()
}

/// Creates an empty database named after `purpose`, this process and a
/// counter, dropping a leftover of the same name; returns its URL.
pub async fn fresh_database(purpose: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let server = server_url();
    let name = format!(
        "{purpose}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .expect("the test PostgreSQL server answers");
    for statement in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        admin
            .execute(statement.as_str())
            .await
            .expect("a fresh database");
    }
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}
