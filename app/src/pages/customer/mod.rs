//! The customer app.

mod address_chooser;
mod address_form;
mod cart;
mod cart_panel;
mod checkout;
mod checkout_parts;
mod compensation;
mod menu;
mod order_page;
mod orders;
mod payment_notice;
mod profile;
mod review_form;
mod store_card;
mod store_page;
mod store_reviews;
mod stores;
mod terms;

pub use order_page::OrderPage;
pub use orders::OrdersPage;
pub use profile::{profile_resource, CustomerProfile};
pub use store_page::StorePage;
pub use stores::StoresPage;
