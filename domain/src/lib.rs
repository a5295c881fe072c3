//! Baedal's order lifecycle as plain Rust: values parsed once at the boundary,
//! the order state machine (`decide` and `apply`) and its typed refusals.
//!
//! Nothing here performs I/O or reads a clock: time is passed in. The same code
//! runs on the server (the source of truth) and in the browser (optimistic UI).

mod area;
mod command;
mod coupon;
mod error;
mod event;
mod fee;
mod geo;
mod ids;
mod money;
mod order;
mod status;
mod text;
mod time;

pub use area::{Area, AREAS};
pub use command::{Actor, Command, CommandKind, PrepMinutes};
pub use coupon::{CouponField, CouponTerms, Discount, MAX_COUPON_DAYS, MAX_COUPON_QUANTITY};
pub use error::DomainError;
pub use event::{EventKind, OrderEvent};
pub use fee::{minutes_to_cover, rider_fee};
pub use geo::Coordinates;
pub use ids::{AccountId, MenuItemId, OrderId, StoreId};
pub use money::{Money, Quantity};
pub use order::{decide, replay, Delivery, Order, OrderDraft, OrderLine, PlacedOrder, MAX_LINES};
pub use status::OrderStatus;
pub use text::Reason;
pub use time::Timestamp;
