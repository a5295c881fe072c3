mod dish_ranking;
mod list_stores;
mod store_menu;

pub use dish_ranking::*;
pub use list_stores::*;
pub use store_menu::*;
