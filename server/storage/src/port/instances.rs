use async_trait::async_trait;
use futures::stream::BoxStream;

use crate::error::Result;

/// What reaches every server instance on a database they share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstanceMessage {
    /// Some instance committed events: the log has more after the last id
    /// seen.
    Committed,
    /// What an instance said to all (the server gives it its meaning).
    Said(String),
    /// The subscription was lost and is back: what was said meanwhile is
    /// lost, what was committed is in the log.
    Reconnected,
}

/// Messages between the server instances that share one database.
#[async_trait]
pub trait InstanceBus: Send + Sync {
    /// What every instance commits and says, this one's included, from now
    /// on; `None` when the database is this instance's alone.
    async fn subscribe(&self) -> Result<Option<BoxStream<'static, InstanceMessage>>>;
    /// Says `text` to every subscribed instance, this one included. On a
    /// database no other instance shares, nobody hears it.
    async fn say(&self, text: &str) -> Result<()>;
}
