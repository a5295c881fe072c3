mod issue_coupon;
mod store_orders;
mod store_sales;

pub use issue_coupon::*;
pub use store_orders::*;
pub use store_sales::*;
