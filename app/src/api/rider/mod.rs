mod report_position;
mod rider_board;
mod rider_position;
mod set_duty;

pub use report_position::*;
pub use rider_board::*;
pub use rider_position::*;
pub use set_duty::*;
