//! Baedal's storage port. Small traits by area ([`port`]), each consumer
//! taking only what it uses; the transaction interface ([`Tx`]) the command
//! scripts ([`scripts`]) are written over once for every engine; the
//! group-commit writer ([`writer`]) that runs them; and, behind the
//! `contract` feature, the suite every engine must pass.
//!
//! Types flow down: this crate names `domain` and the app's model, never an
//! engine; an engine crate supplies SQL and nothing else.

#[cfg(feature = "contract")]
pub mod contract;
mod error;
pub mod notices;
pub mod payment_records;
pub mod plan;
pub mod port;
pub mod read_models;
pub mod records;
pub mod references;
pub mod rows;
pub mod scripts;
mod tx;
pub mod writer;

use async_trait::async_trait;

pub use error::{corrupt, Result, StorageError};
pub use port::*;
pub use tx::{Batch, Transactions, Tx};

/// Everything an engine supplies.
#[async_trait]
pub trait Engine:
    AccountStorage
    + AuditStorage
    + CatalogueStorage
    + CouponStorage
    + CustomerStorage
    + InstanceBus
    + LimitStorage
    + NotificationStorage
    + OrderStorage
    + OutboxStorage
    + PaymentQueue
    + PushStorage
    + ReadModelStorage
    + ReviewStorage
    + RiderStorage
    + Transactions
    + VisitorStorage
{
    /// Whether the database answers.
    async fn ping(&self) -> Result<()>;
}
