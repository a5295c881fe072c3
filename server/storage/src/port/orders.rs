use app::model::{Contacts, PaymentView};
use async_trait::async_trait;
use domain::{OrderId, Timestamp};

use crate::error::Result;
use crate::records::Change;

/// Reads of the orders as written, outside the writer.
#[async_trait]
pub trait OrderStorage: Send + Sync {
    /// Up to `limit` committed changes with an event id above `after_id`,
    /// oldest first: each with its order as it is now but with the status
    /// that event produced.
    async fn changes_since(&self, after_id: i64, limit: i64) -> Result<Vec<Change>>;
    /// The id of the newest event in the log, if there is one.
    async fn newest_event_id(&self) -> Result<Option<i64>>;
    /// An order's payment, for its page.
    async fn payment_view(&self, order: OrderId) -> Result<Option<PaymentView>>;
    /// The phone numbers of an order's store owner and customer.
    async fn contacts(&self, order: OrderId) -> Result<Contacts>;
    /// Orders delivered before `cutoff` that nobody confirmed, oldest first.
    async fn unconfirmed_deliveries(&self, cutoff: Timestamp, limit: i64) -> Result<Vec<OrderId>>;
}
