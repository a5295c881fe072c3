//! One module per screen.

pub mod customer;
mod rider_app;
mod sign_in;
mod store_app;

pub use rider_app::RiderApp;
pub use sign_in::SignInPage;
pub use store_app::StoreApp;
