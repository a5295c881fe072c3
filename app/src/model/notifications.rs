//! In-app notifications, the local message inbox and dead letters.

use domain::Timestamp;
use serde::{Deserialize, Serialize};

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    /// The page it opens, such as `/orders/7` or `/stores/2`.
    pub href: String,
    pub text: String,
    pub at: Timestamp,
    pub read: bool,
}

/// A message the local KakaoTalk/SMS inbox received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub channel: String,
    pub phone: String,
    pub text: String,
    pub at: Timestamp,
}

/// A notification the dispatcher gave up on, for the operator to send again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub outbox_id: i64,
    pub channel: String,
    pub recipient_name: String,
    /// The page of what it is about, such as `/orders/7`.
    pub href: String,
    pub attempts: i64,
    /// The provider's last answer, such as `HTTP 500` or `timed out`.
    pub last_error: Option<String>,
    pub created_at: Timestamp,
}

/// An in-app notification as the live stream shows it: a toast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveNotice {
    /// The page it opens, such as `/orders/7`.
    pub href: String,
    pub text: String,
}
