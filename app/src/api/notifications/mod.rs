mod dead_letters;
mod inbox;
mod mark_read;
mod my_notifications;
mod retry;

pub use dead_letters::*;
pub use inbox::*;
pub use mark_read::*;
pub use my_notifications::*;
pub use retry::*;
