//! Baedal's SQLite engine: the storage port in SQL. WAL with
//! `synchronous=FULL`, one writer connection whose transactions begin
//! `IMMEDIATE` (the group-commit writer's batches, and the few writes made
//! outside it), and a small read-only pool. Queries are checked at compile
//! time against `migrations/` (`.sqlx/` keeps what they were checked against).
//!
//! Only SQL lives here: every rule is in the `storage` crate's scripts.

mod accounts;
mod audit;
mod batch;
mod catalogue;
mod coupons;
mod customers;
mod limits;
mod notifications;
mod orders;
mod outbox;
mod payment_queue;
mod push;
mod read_models;
mod reviews;
mod riders;
mod visitors;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use futures::stream::BoxStream;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use storage::{Batch, Engine, InstanceBus, InstanceMessage, Result, StorageError, Transactions};

/// SQLite storage.
#[derive(Debug, Clone)]
pub struct SqliteEngine {
    read: SqlitePool,
    write: SqlitePool,
    references: Arc<storage::references::References>,
}

impl SqliteEngine {
    /// Opens (creating if needed) the database at `url` and applies migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // A connection is a file handle in this process, not a socket that
        // can go stale: pinging it before every query (sqlx's default) is a
        // round trip to its worker thread and back for nothing.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations")
            .run(&write)
            .await
            .map_err(StorageError::backend)?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self {
            read,
            write,
            references: Arc::default(),
        })
    }

    /// Whether `url` names a SQLite database.
    pub fn accepts(url: &str) -> bool {
        url.starts_with("sqlite:")
    }

    /// The engine behind the port, for the composition root.
    pub fn into_engine(self) -> Arc<dyn Engine> {
        Arc::new(self)
    }
}

#[async_trait]
impl Engine for SqliteEngine {
    async fn ping(&self) -> Result<()> {
        sqlx::query_scalar!("SELECT 1")
            .fetch_one(&self.read)
            .await?;
        Ok(())
    }
}

#[async_trait]
impl Transactions for SqliteEngine {
    async fn begin(&self) -> Result<Box<dyn Batch>> {
        let tx = self.write.begin_with("BEGIN IMMEDIATE").await?;
        Ok(Box::new(batch::SqliteBatch::new(
            tx,
            self.references.clone(),
        )))
    }
}

/// A SQLite file is one instance's alone: there is nobody to tell.
#[async_trait]
impl InstanceBus for SqliteEngine {
    async fn subscribe(&self) -> Result<Option<BoxStream<'static, InstanceMessage>>> {
        Ok(None)
    }

    async fn say(&self, _text: &str) -> Result<()> {
        Ok(())
    }
}
