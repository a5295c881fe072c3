mod write_review;

pub use write_review::*;
