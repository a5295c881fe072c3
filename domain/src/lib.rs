//! Baedal's order lifecycle as plain Rust: values parsed once at the boundary,
//! the order state machine (`decide` and `apply`) and its typed refusals.
//!
//! Nothing here performs I/O or reads a clock: time is passed in. The same code
//! runs on the server (the source of truth) and in the browser (optimistic UI).

mod area;
mod command;
mod compensation;
mod coupon;
mod error;
mod event;
mod fee;
mod geo;
mod grade;
mod hours;
mod ids;
mod menu;
mod money;
mod order;
mod reach;
mod review;
mod status;
mod text;
mod time;

pub use area::{Area, AREAS};
pub use command::{Actor, Command, CommandKind, PrepMinutes};
pub use compensation::{payment_action, returns_coupon, PaymentAction};
pub use coupon::{
    CouponField, CouponProblem, CouponTerms, Discount, MAX_COUPON_DAYS, MAX_COUPON_QUANTITY,
};
pub use error::DomainError;
pub use event::{EventKind, EventName, OrderEvent};
pub use fee::{minutes_to_cover, rider_fee};
pub use geo::Coordinates;
pub use grade::{Grade, GradeThresholds};
pub use hours::OpeningHours;
pub use ids::{AccountId, AddressId, CouponId, MenuItemId, OptionId, OrderId, StoreId};
pub use menu::{price_with_options, ChosenOption, DishOption, OptionGroup};
pub use money::{Money, Quantity};
pub use order::{
    decide, replay, subtotal, AppliedCoupon, Delivery, Order, OrderDraft, OrderLine, PlacedOrder,
    Pricing, MAX_LINES,
};
pub use reach::{rider_in_range, store_delivers_to};
pub use review::{check_reviewable, ReviewText, Stars};
pub use status::OrderStatus;
pub use text::Reason;
pub use time::{KoreanTime, Timestamp};
