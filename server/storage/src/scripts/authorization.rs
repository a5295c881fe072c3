//! What the payment provider said, recorded in the writer's transaction.
//! The provider is called outside it, concurrently, by the services.

use async_trait::async_trait;
use domain::{Actor, Command, OrderId, OrderStatus, Timestamp};

use super::record::apply;
use super::{Applied, CommandFailure, Ran, Rules, Script};
use crate::error::Result;
use crate::payment_records::{late_void_key, Call};
use crate::tx::Tx;

/// The provider holds an order's money: the order is paid, and accepted at
/// once when its store accepts automatically. If the order moved on
/// meanwhile and is cancelled, the money is released again.
#[derive(Debug, Clone)]
pub struct RecordAuthorization {
    pub order: OrderId,
    /// `AuthorizePayment` by Baedal, whether the worker or the customer's retry
    /// button asked the provider.
    pub command: Command,
    pub actor: Actor,
    pub at: Timestamp,
    pub rules: Rules,
}

/// What an authorisation came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Authorized {
    /// The order is paid (and accepted, if its store accepts automatically).
    Paid(Box<Applied>),
    /// The order had moved on; `voided` when its money is being released.
    MovedOn {
        failure: CommandFailure,
        voided: bool,
    },
}

#[async_trait]
impl Script for RecordAuthorization {
    type Output = Authorized;

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<Authorized>> {
        let paid = apply(
            tx,
            self.order,
            &self.command,
            self.actor,
            self.at,
            self.rules,
        )
        .await?;
        let paid = match paid {
            Ok(paid) => paid,
            Err(failure) => {
                let voided = release_if_cancelled(tx, self.order, self.at).await?;
                return Ok(Ran::Keep {
                    output: Authorized::MovedOn { failure, voided },
                    changes: Vec::new(),
                });
            }
        };
        let mut changes = vec![paid.change()];
        let mut last = paid.applied;
        if let Some(prep_minutes) = paid.store.auto_accept {
            let accept = Command::Accept { prep_minutes };
            let store = Actor::Store(paid.store.id);
            if let Ok(accepted) = apply(tx, self.order, &accept, store, self.at, self.rules).await?
            {
                changes.push(accepted.change());
                last = accepted.applied;
            }
        }
        Ok(Ran::Keep {
            output: Authorized::Paid(Box::new(last)),
            changes,
        })
    }
}

/// An authorisation that failed, timed out or was refused by the breaker.
/// The attempt is counted and the next one scheduled; the first failure of
/// an order is its `payment_failed` event, which tells the customer. When
/// the provider may have acted on the call and the order is cancelled, the
/// money is released.
pub struct RecordFailedAttempt {
    pub order: OrderId,
    pub error: &'static str,
    /// The provider may hold the money despite the failure (a timeout).
    pub may_be_held: bool,
    pub at: Timestamp,
    /// When the next attempt is due, after so many failed ones.
    pub retry_at: Box<dyn Fn(i64) -> Timestamp + Send>,
    pub rules: Rules,
}

#[async_trait]
impl Script for RecordFailedAttempt {
    /// The failed attempts so far; `None` when the payment is no longer unpaid.
    type Output = Option<i64>;

    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<Option<i64>>> {
        let attempts = tx
            .payment_attempt_failed(self.order, self.error, self.at)
            .await?;
        let Some(attempts) = attempts else {
            return Ok(Ran::Discard(None));
        };
        let next = (self.retry_at)(attempts);
        tx.schedule_authorization(self.order, next).await?;
        if self.may_be_held {
            release_if_cancelled(tx, self.order, self.at).await?;
        }
        let mut changes = Vec::new();
        if attempts == 1 {
            let failed = Command::FailPayment;
            let outcome =
                apply(tx, self.order, &failed, Actor::System, self.at, self.rules).await?;
            if let Ok(done) = outcome {
                changes.push(done.change());
            }
        }
        Ok(Ran::Keep {
            output: Some(attempts),
            changes,
        })
    }
}

/// Queues a void of money the provider took for an order that is cancelled.
async fn release_if_cancelled(tx: &mut dyn Tx, order: OrderId, at: Timestamp) -> Result<bool> {
    let Some(cancelled) = tx
        .load_order(order)
        .await?
        .filter(|order| order.status == OrderStatus::Cancelled)
    else {
        return Ok(false);
    };
    tx.queue_payment_call(
        order,
        Call::Void,
        cancelled.total,
        &late_void_key(order),
        at,
    )
    .await
}
