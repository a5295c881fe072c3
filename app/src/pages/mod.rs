//! One module per screen.

mod admin_inbox;
pub mod customer;
mod notifications;
mod ranking;
mod rider_app;
mod sign_in;
mod store_app;
mod store_coupon;

pub use admin_inbox::AdminInbox;
pub use notifications::NotificationsPage;
pub use ranking::RankingPage;
pub use rider_app::RiderApp;
pub use sign_in::SignInPage;
pub use store_app::StoreApp;
