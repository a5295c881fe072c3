mod current_account;
mod demo_accounts;
mod sign_in;
mod sign_out;

pub use current_account::*;
pub use demo_accounts::*;
pub use sign_in::*;
pub use sign_out::*;
