mod list_stores;
mod store_menu;

pub use list_stores::*;
pub use store_menu::*;
