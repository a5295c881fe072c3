mod audit_log;
mod create_account;
mod current_account;
mod demo_accounts;
mod set_language;
mod sign_in;
mod sign_out;
mod sign_out_everywhere;
mod sign_up;

pub use audit_log::*;
pub use create_account::*;
pub use current_account::*;
pub use demo_accounts::*;
pub use set_language::*;
pub use sign_in::*;
pub use sign_out::*;
pub use sign_out_everywhere::*;
pub use sign_up::*;
