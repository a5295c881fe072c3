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
    InvalidInput { field: Field },
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

/// The input that failed to parse, as the client names it. The screen words
/// each one in `i18n`, which matches on all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Address,
    Area,
    Auth,
    Category,
    Coupon,
    DeliveryFee,
    DeliveryRadius,
    Description,
    Discount,
    DishName,
    Email,
    EmailTaken,
    Endpoint,
    Expiry,
    GroupChoices,
    GroupName,
    Item,
    Key,
    Label,
    MinOrder,
    Name,
    Neighbourhood,
    Note,
    OffDuty,
    OptionGroups,
    OptionName,
    Options,
    P256dh,
    PasswordCommon,
    PasswordTooLong,
    PasswordTooShort,
    Position,
    PrepMinutes,
    Price,
    PriceDelta,
    Quantity,
    Reply,
    Request,
    Role,
    Store,
    StoreName,
    TooManyAddresses,
}

impl Field {
    /// The `snake_case` name, as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Address => "address",
            Field::Area => "area",
            Field::Auth => "auth",
            Field::Category => "category",
            Field::Coupon => "coupon",
            Field::DeliveryFee => "delivery_fee",
            Field::DeliveryRadius => "delivery_radius",
            Field::Description => "description",
            Field::Discount => "discount",
            Field::DishName => "dish_name",
            Field::Email => "email",
            Field::EmailTaken => "email_taken",
            Field::Endpoint => "endpoint",
            Field::Expiry => "expiry",
            Field::GroupChoices => "group_choices",
            Field::GroupName => "group_name",
            Field::Item => "item",
            Field::Key => "key",
            Field::Label => "label",
            Field::MinOrder => "min_order",
            Field::Name => "name",
            Field::Neighbourhood => "neighbourhood",
            Field::Note => "note",
            Field::OffDuty => "off_duty",
            Field::OptionGroups => "option_groups",
            Field::OptionName => "option_name",
            Field::Options => "options",
            Field::P256dh => "p256dh",
            Field::PasswordCommon => "password_common",
            Field::PasswordTooLong => "password_too_long",
            Field::PasswordTooShort => "password_too_short",
            Field::Position => "position",
            Field::PrepMinutes => "prep_minutes",
            Field::Price => "price",
            Field::PriceDelta => "price_delta",
            Field::Quantity => "quantity",
            Field::Reply => "reply",
            Field::Request => "request",
            Field::Role => "role",
            Field::Store => "store",
            Field::StoreName => "store_name",
            Field::TooManyAddresses => "too_many_addresses",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<domain::CouponField> for Field {
    fn from(field: domain::CouponField) -> Self {
        match field {
            domain::CouponField::Discount => Field::Discount,
            domain::CouponField::Expiry => Field::Expiry,
            domain::CouponField::Quantity => Field::Quantity,
        }
    }
}

impl AppError {
    /// A refusal by the order rules.
    pub fn refused(reason: DomainError) -> Self {
        AppError::Refused { reason }
    }

    /// Input that failed to parse.
    pub fn invalid(field: Field) -> Self {
        AppError::InvalidInput { field }
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
                AppError::invalid(Field::Request)
            }
            // On the server this is a request body that does not parse; in
            // the browser, a response that does not.
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => {
                AppError::invalid(Field::Request)
            }
            _ => AppError::Internal,
        }
    }
}
