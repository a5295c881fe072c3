use std::sync::Arc;

/// Why storage could not do what was asked, whichever engine runs. Logged
/// with its cause by the service that meets it; clients see only that the
/// server failed, or that it is busy.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StorageError {
    #[error("the database failed: {0}")]
    Backend(Arc<dyn std::error::Error + Send + Sync>),
    #[error("a stored row does not parse: {0}")]
    Corrupt(String),
    #[error("a value that must be unique is taken")]
    Taken,
    /// The writer's queue is full; the caller may try again shortly.
    #[error("the write queue is full")]
    Busy,
    /// The writer has shut down.
    #[error("the writer has stopped")]
    Stopped,
}

impl StorageError {
    /// A backend failure, with its cause.
    pub fn backend(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        StorageError::Backend(Arc::new(error))
    }
}

impl From<sqlx_core::Error> for StorageError {
    fn from(error: sqlx_core::Error) -> Self {
        StorageError::backend(error)
    }
}

/// A stored value that does not parse into its type.
pub fn corrupt(what: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(what.to_string())
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// A storage failure as the client sees it: busy when the writer's queue is
/// full (nothing was done; come back in a second), else unexpected, logged
/// once with the place in the code where `?` met it.
impl From<StorageError> for app::ports::PortError {
    #[track_caller]
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Busy => app::ports::PortError::Busy {
                retry_after_secs: 1,
            },
            error => {
                let at = std::panic::Location::caller();
                tracing::error!(error = %error, at = %at, "storage failed");
                app::ports::PortError::Unexpected
            }
        }
    }
}
