use async_trait::async_trait;
use domain::{OrderId, Timestamp};

use crate::error::Result;
use crate::payment_records::{DueAuthorization, QueuedCall};

/// The payment worker's queue: authorisations to retry, orders whose time
/// to pay ran out, and queued captures, voids and refunds.
#[async_trait]
pub trait PaymentQueue: Send + Sync {
    /// Takes the unpaid orders whose authorisation is due, or whose first
    /// attempt went unrecorded since `stale_before`, and holds them until
    /// `lease_until` so that no one else retries them meanwhile.
    async fn claim_due_authorizations(
        &self,
        now: Timestamp,
        stale_before: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<DueAuthorization>>;
    /// Moves an unpaid order's next authorisation without counting an attempt.
    async fn reschedule_authorization(&self, order: OrderId, at: Timestamp) -> Result<()>;
    /// Orders still unpaid after their time to pay ran out.
    async fn expired_payments(&self, now: Timestamp, limit: i64) -> Result<Vec<OrderId>>;
    /// Takes the captures, voids and refunds due now, oldest first, and
    /// holds them until `lease_until`, so that no other instance sends them
    /// meanwhile (a lease of `now` holds nothing). A call waits for the
    /// earlier calls of its order, so a refund never overtakes its capture.
    async fn claim_due_payment_calls(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<QueuedCall>>;
    /// Marks a call done and the payment captured, voided or refunded.
    async fn payment_call_done(&self, id: i64, now: Timestamp) -> Result<()>;
    /// Records a failed call, retried at `retry_at` or dead without one.
    async fn payment_call_failed(
        &self,
        id: i64,
        attempts: i64,
        retry_at: Option<Timestamp>,
        error: &str,
    ) -> Result<()>;
    /// Moves a queued call without counting an attempt.
    async fn reschedule_payment_call(&self, id: i64, at: Timestamp) -> Result<()>;
}
