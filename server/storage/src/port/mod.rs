//! The storage port, cut by area. Each consumer takes only the traits it
//! uses; an engine implements them all (see [`crate::Engine`]). Writes that
//! change an order go through the writer as scripts instead
//! ([`crate::scripts`], [`crate::writer`]).

mod accounts;
mod audit;
mod catalogue;
mod coupons;
mod customers;
mod instances;
mod limits;
mod notifications;
mod orders;
mod outbox;
mod payment_queue;
mod push;
mod read_models;
mod reviews;
mod riders;
mod visitors;

pub use accounts::{AccountStorage, SessionTimes};
pub use audit::AuditStorage;
pub use catalogue::CatalogueStorage;
pub use coupons::CouponStorage;
pub use customers::{CustomerRecord, CustomerStorage};
pub use instances::{InstanceBus, InstanceMessage};
pub use limits::LimitStorage;
pub use notifications::NotificationStorage;
pub use orders::OrderStorage;
pub use outbox::OutboxStorage;
pub use payment_queue::PaymentQueue;
pub use push::PushStorage;
pub use read_models::ReadModelStorage;
pub use reviews::ReviewStorage;
pub use riders::RiderStorage;
pub use visitors::{PageVisitor, VisitorStorage};
