mod rider_board;

pub use rider_board::*;
