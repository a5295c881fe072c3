mod issue_coupon;
mod reply_review;
mod save_dish;
mod set_sold_out;
mod store_dashboard;
mod store_orders;
mod store_sales;
mod update_store;

pub use issue_coupon::*;
pub use reply_review::*;
pub use save_dish::*;
pub use set_sold_out::*;
pub use store_dashboard::*;
pub use store_orders::*;
pub use store_sales::*;
pub use update_store::*;
