//! What server functions return: plain data shared by the server and the
//! browser, by area.

mod accounts;
mod catalogue;
mod notifications;
mod orders;
mod rider;
mod store;

pub use accounts::*;
pub use catalogue::*;
pub use notifications::*;
pub use orders::*;
pub use rider::*;
pub use store::*;
