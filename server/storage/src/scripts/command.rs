use async_trait::async_trait;
use domain::{Actor, Command, OrderId, Timestamp};

use super::record::apply;
use super::{Applied, CommandFailure, Ran, Rules, Script};
use crate::error::Result;
use crate::tx::Tx;

/// One command on an order, by a customer, a store, a rider or Baedal
/// itself (payment expiry, auto-complete).
#[derive(Debug, Clone)]
pub struct ApplyCommand {
    pub order: OrderId,
    pub command: Command,
    pub actor: Actor,
    pub at: Timestamp,
    pub rules: Rules,
}

#[async_trait]
impl Script for ApplyCommand {
    type Output = Result<Applied, CommandFailure>;

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<Self::Output>> {
        Ok(
            match apply(
                tx,
                self.order,
                &self.command,
                self.actor,
                self.at,
                self.rules,
            )
            .await?
            {
                Ok(done) => Ran::Keep {
                    changes: vec![done.change()],
                    output: Ok(done.applied),
                },
                Err(failure) => Ran::Discard(Err(failure)),
            },
        )
    }
}
