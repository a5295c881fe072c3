mod my_coupons;
mod quote_order;

pub use my_coupons::*;
pub use quote_order::*;
