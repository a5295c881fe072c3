//! Pieces shared by the three apps.

pub mod area_select;
pub mod confirm;
pub mod layout;
pub mod order_control;
pub mod order_parts;
pub mod push_toggle;
pub mod rider_map;
