mod current_account;
mod demo_accounts;
mod set_language;
mod sign_in;
mod sign_out;

pub use current_account::*;
pub use demo_accounts::*;
pub use set_language::*;
pub use sign_in::*;
pub use sign_out::*;
