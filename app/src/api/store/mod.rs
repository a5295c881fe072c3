mod store_orders;

pub use store_orders::*;
