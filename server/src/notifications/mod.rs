//! Notifications (SPEC §5): who is told what, in which words, through which
//! channel, delivered from the transactional outbox by the dispatcher.

pub mod channels;
pub mod dispatcher;
pub mod push;
pub mod templates;

use domain::AccountId;
pub use storage::notices::{Channel, Message, Notice, Subject};
pub use storage::plan;

/// An outbox message due for delivery, with what its adapter needs.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub outbox_id: i64,
    pub dedupe_key: String,
    pub channel: Channel,
    pub recipient: AccountId,
    pub phone: Option<String>,
    pub subject: Subject,
    pub message: Message,
    /// Rendered in the recipient's language.
    pub text: String,
    /// Delivery attempts made so far.
    pub attempts: i64,
}
