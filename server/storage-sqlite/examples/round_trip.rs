//! What one statement costs the SQLite engine on this machine: sqlx runs
//! each connection on a thread of its own, so every statement is a round
//! trip between threads. The writer's throughput is bounded by these round
//! trips per order; `make bench-orders` prints them beside the orders.

use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

const STATEMENTS: u32 = 20_000;

fn micros_each(took: Duration) -> f64 {
    took.as_secs_f64() * 1e6 / f64::from(STATEMENTS)
}

#[tokio::main]
async fn main() -> Result<(), sqlx::Error> {
    let folder = tempfile::tempdir()?;
    let url = format!("sqlite://{}", folder.path().join("round-trip.db").display());
    let options = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL)")
        .execute(&pool)
        .await?;
    let mut tx = pool.begin().await?;
    let started = Instant::now();
    for _ in 0..STATEMENTS {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&mut *tx)
            .await?;
    }
    let nothing = started.elapsed();
    let started = Instant::now();
    for n in 0..STATEMENTS {
        sqlx::query("INSERT INTO t (a, b) VALUES (?, ?)")
            .bind(i64::from(n))
            .bind("a row")
            .execute(&mut *tx)
            .await?;
    }
    let inserts = started.elapsed();
    tx.commit().await?;
    println!(
        "- SQLite statement round trip (sqlx, one connection, in a transaction): \
         `SELECT 1` {:.1} µs, a one-row `INSERT` {:.1} µs, over {STATEMENTS} statements each",
        micros_each(nothing),
        micros_each(inserts)
    );
    Ok(())
}
