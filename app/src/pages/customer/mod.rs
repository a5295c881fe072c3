//! The customer app.

mod order_page;
mod orders;
mod store_page;
mod stores;

pub use order_page::OrderPage;
pub use orders::OrdersPage;
pub use store_page::StorePage;
pub use stores::StoresPage;
