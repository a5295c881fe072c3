//! One module per screen.

mod account;
mod admin_accounts;
mod admin_inbox;
pub mod customer;
pub mod lazy;
mod notifications;
mod ranking;
mod rider_app;
pub(crate) mod sign_in;
mod sign_up;
mod store;

pub use account::AccountPage;
pub use admin_accounts::AdminAccounts;
pub use admin_inbox::AdminInbox;
pub use notifications::NotificationsPage;
pub use ranking::RankingPage;
pub use rider_app::RiderApp;
pub use sign_in::SignInPage;
pub use sign_up::SignUpPage;
pub use store::StoreApp;
