//! The one error type of server functions: only what a client may see.

use domain::DomainError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a server function did not do what was asked. Carries no internals: a
/// failure on the server is logged there and arrives here as `Internal`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("sign in first")]
    Unauthenticated,
    #[error("wrong email or password")]
    BadCredentials,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input: {field}")]
    InvalidInput { field: String },
    #[error("{reason}")]
    Refused { reason: DomainError },
    #[error("the order changed meanwhile; try again")]
    Conflict,
    #[error("too many requests; try again in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("payment is busy; Baedal will retry")]
    PaymentBusy,
    /// Too many orders are being written at once; nothing was done.
    #[error("busy; try again in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("the server could not complete the request")]
    Internal,
    #[error("could not reach the server")]
    Network,
}

impl AppError {
    /// A refusal by the order rules.
    pub fn refused(reason: DomainError) -> Self {
        AppError::Refused { reason }
    }

    /// Input that failed to parse.
    pub fn invalid(field: &str) -> Self {
        AppError::InvalidInput {
            field: field.to_owned(),
        }
    }

    /// The HTTP status this error is answered with.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::InvalidInput { .. } => StatusCode::BAD_REQUEST,
            AppError::Refused { .. } | AppError::Conflict => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::PaymentBusy | AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal | AppError::Network => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<DomainError> for AppError {
    fn from(reason: DomainError) -> Self {
        AppError::Refused { reason }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::Network,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::invalid("request")
            }
            // On the server this is a request body that does not parse; in
            // the browser, a response that does not.
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => {
                AppError::invalid("request")
            }
            _ => AppError::Internal,
        }
    }
}
