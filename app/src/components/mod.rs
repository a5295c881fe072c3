//! Pieces shared by the three apps.

pub mod area_select;
pub mod breakdown;
pub mod confirm;
pub mod layout;
pub mod option_sheet;
pub mod order_control;
pub mod order_parts;
pub mod push_toggle;
pub mod rider_map;
pub mod stars;
pub mod text;
