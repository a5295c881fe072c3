mod store_orders;
mod store_sales;

pub use store_orders::*;
pub use store_sales::*;
