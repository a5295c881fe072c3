//! The command scripts: every change of an order, written once over the
//! transaction interface ([`crate::Tx`]) for every engine. A script loads,
//! decides with `domain`, updates only if the status is still the one it
//! loaded, appends the event, queues payment calls, writes the outbox rows
//! the notification plan asks for, redeems or returns the coupon, and
//! projects the read models, all in the writer's transaction. It does not
//! know whether it runs alone or with many others.

mod authorization;
mod command;
mod coupon;
mod outbox;
mod place;
pub mod projection;
mod record;

use async_trait::async_trait;
use domain::{DomainError, GradeThresholds, Order};

use crate::error::Result;
use crate::records::Change;
use crate::tx::Tx;

pub use authorization::{Authorized, RecordAuthorization, RecordFailedAttempt};
pub use command::ApplyCommand;
pub use coupon::{CouponIssued, IssueCoupon};
pub use outbox::{RecordDeliveries, RecordInApp, RecordInInbox};
pub use place::{PlaceOrder, Placement};
pub use projection::{catch_up_legacy_projection, rebuild_read_models};

/// A unit of work for the writer, run in a savepoint of its own.
#[async_trait]
pub trait Script: Send + 'static {
    type Output: Send + 'static;
    async fn run(self, tx: &mut dyn Tx) -> Result<Ran<Self::Output>>;
}

/// What a script did: keep its writes (and publish its changes once they
/// are committed), or undo them.
#[derive(Debug)]
pub enum Ran<T> {
    Keep { output: T, changes: Vec<Change> },
    Discard(T),
}

/// The settings the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// How far from a store riders hear of its deliveries.
    pub rider_radius_m: u32,
    /// How many completed orders raise a customer's grade.
    pub grades: GradeThresholds,
}

/// A command that changed an order.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub order: Order,
    pub event_id: i64,
}

/// Why a command was not applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommandFailure {
    #[error("no such order")]
    NotFound,
    #[error("refused: {0}")]
    Refused(DomainError),
    #[error("the order changed concurrently")]
    Conflict,
}
