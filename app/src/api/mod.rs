//! Server functions: public HTTP endpoints at `/api/<endpoint>`. Each one
//! finds its caller, parses, calls a port and maps the error.

pub mod accounts;
pub mod catalogue;
pub mod checkout;
pub mod notifications;
pub mod orders;
pub mod push;
pub mod reviews;
pub mod rider;
pub mod store;
#[cfg(feature = "ssr")]
pub mod support;
