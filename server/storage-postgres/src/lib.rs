//! Baedal's PostgreSQL engine: the storage port in SQL, for one or several
//! server instances on one database. Queries are checked at compile time
//! against `migrations/` (`.sqlx/` keeps what they were checked against).
//!
//! Writers' batches take one advisory lock for their transaction, so that
//! batches commit one at a time across every instance, as on SQLite's one
//! writer: event ids grow in commit order, and a script's reads hold until
//! its commit. Writes made outside a batch lock the rows they change.
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
#[cfg(feature = "testing")]
pub mod testing;
mod visitors;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use futures::stream::{self, BoxStream, StreamExt};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use storage::references::References;
use storage::{Batch, Engine, InstanceBus, InstanceMessage, Result, StorageError, Transactions};

/// The advisory lock a writer's batch holds until it commits.
const WRITER_LOCK: i64 = 0x6261_6564_616c; // "baedal"

/// Where a batch that wrote events tells every instance, at its commit.
const COMMITTED: &str = "baedal_committed";
/// Where instances say things to all.
const SAID: &str = "baedal_said";

/// Connections each instance keeps at most, unless `BAEDAL_POSTGRES_POOL` says.
const POOL_SIZE: u32 = 16;

/// PostgreSQL storage.
#[derive(Debug, Clone)]
pub struct PgEngine {
    pool: PgPool,
    references: Arc<References>,
}

impl PgEngine {
    /// Connects to the database at `url` and applies migrations; several
    /// instances may do so at once.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let size = std::env::var("BAEDAL_POSTGRES_POOL")
            .ok()
            .and_then(|size| size.parse().ok())
            .unwrap_or(POOL_SIZE);
        let pool = PgPoolOptions::new()
            .max_connections(size)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(StorageError::backend)?;
        Ok(Self {
            pool,
            references: Arc::default(),
        })
    }

    /// Whether `url` names a PostgreSQL database.
    pub fn accepts(url: &str) -> bool {
        url.starts_with("postgres:") || url.starts_with("postgresql:")
    }

    /// The engine behind the port, for the composition root.
    pub fn into_engine(self) -> Arc<dyn Engine> {
        Arc::new(self)
    }
}

#[async_trait]
impl Engine for PgEngine {
    async fn ping(&self) -> Result<()> {
        sqlx::query_scalar!("SELECT 1 AS \"one!\"")
            .fetch_one(&self.pool)
            .await?;
        Ok(())
    }
}

#[async_trait]
impl Transactions for PgEngine {
    async fn begin(&self) -> Result<Box<dyn Batch>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query!("SELECT pg_advisory_xact_lock($1)", WRITER_LOCK)
            .execute(&mut *tx)
            .await?;
        Ok(Box::new(batch::PgBatch::new(tx, self.references.clone())))
    }
}

/// `LISTEN`/`NOTIFY`: a batch that wrote events notifies at its commit, and
/// what an instance says is a notification too. PostgreSQL delivers them
/// to every listening session once committed, in commit order.
#[async_trait]
impl InstanceBus for PgEngine {
    async fn subscribe(&self) -> Result<Option<BoxStream<'static, InstanceMessage>>> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.listen_all([COMMITTED, SAID]).await?;
        let messages = stream::unfold(listener, |mut listener| async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) if notification.channel() == SAID => {
                        let said = notification.payload().to_owned();
                        return Some((InstanceMessage::Said(said), listener));
                    }
                    Ok(Some(_)) => return Some((InstanceMessage::Committed, listener)),
                    // The connection was lost; the next call reconnects.
                    Ok(None) => return Some((InstanceMessage::Reconnected, listener)),
                    Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                }
            }
        });
        Ok(Some(messages.boxed()))
    }

    async fn say(&self, text: &str) -> Result<()> {
        sqlx::query!("SELECT pg_notify($1, $2)", SAID, text)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
