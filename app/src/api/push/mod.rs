mod push_key;
mod subscribe_push;
mod unsubscribe_push;

pub use push_key::*;
pub use subscribe_push::*;
pub use unsubscribe_push::*;
