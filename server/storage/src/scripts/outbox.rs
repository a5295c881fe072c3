//! The dispatcher's bookkeeping, written in the writer's batches like every
//! other change.

use async_trait::async_trait;
use domain::Timestamp;

use super::{Ran, Script};
use crate::error::Result;
use crate::records::{Delivery, InAppEntry, InboxMessage};
use crate::tx::Tx;

/// What became of a round of deliveries.
#[derive(Debug, Clone)]
pub struct RecordDeliveries {
    pub deliveries: Vec<Delivery>,
    pub at: Timestamp,
}

#[async_trait]
impl Script for RecordDeliveries {
    type Output = ();

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<()>> {
        tx.record_deliveries(&self.deliveries, self.at).await?;
        Ok(Ran::Keep {
            output: (),
            changes: Vec::new(),
        })
    }
}

/// In-app notifications delivered to their recipients' lists.
#[derive(Debug, Clone)]
pub struct RecordInApp {
    pub entries: Vec<InAppEntry>,
    pub at: Timestamp,
}

#[async_trait]
impl Script for RecordInApp {
    /// For each entry, whether it is new.
    type Output = Vec<bool>;

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<Vec<bool>>> {
        let new = tx.record_in_app(&self.entries, self.at).await?;
        Ok(Ran::Keep {
            output: new,
            changes: Vec::new(),
        })
    }
}

/// KakaoTalk and SMS messages kept in the local inbox when no provider is
/// configured.
#[derive(Debug, Clone)]
pub struct RecordInInbox {
    pub messages: Vec<InboxMessage>,
    pub at: Timestamp,
}

#[async_trait]
impl Script for RecordInInbox {
    type Output = ();

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<()>> {
        tx.record_in_inbox(&self.messages, self.at).await?;
        Ok(Ran::Keep {
            output: (),
            changes: Vec::new(),
        })
    }
}
