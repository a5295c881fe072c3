mod get_order;
mod my_orders;
mod order_command;
mod place_order;
mod retry_payment;

pub use get_order::*;
pub use my_orders::*;
pub use order_command::*;
pub use place_order::*;
pub use retry_payment::*;
