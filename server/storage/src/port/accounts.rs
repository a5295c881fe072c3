use app::model::Account;
use async_trait::async_trait;
use domain::{AccountId, Timestamp};

use crate::error::Result;
use crate::records::{Credentials, NewAccount};

/// When a valid session was last used, and when it ends however much it is
/// used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionTimes {
    pub last_seen: Timestamp,
    pub expires: Timestamp,
}

/// Accounts and their sessions.
#[async_trait]
pub trait AccountStorage: Send + Sync {
    async fn credentials(&self, email: &str) -> Result<Option<Credentials>>;
    /// The account of a session that has not expired by `now` and was last
    /// used after `idle_cutoff`, with when it was last used and when it
    /// expires.
    async fn session_account(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_cutoff: Timestamp,
    ) -> Result<Option<(Account, SessionTimes)>>;
    /// Records that the sessions of these token hashes were used at `at`,
    /// in one statement; a session's time only moves forward.
    async fn touch_sessions(&self, token_hashes: &[String], at: Timestamp) -> Result<()>;
    async fn create_session(
        &self,
        token_hash: &str,
        account: AccountId,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<()>;
    /// Ends a session; returns whose it was, if it existed.
    async fn delete_session(&self, token_hash: &str) -> Result<Option<AccountId>>;
    /// Ends every session of `account`; returns how many.
    async fn delete_sessions_of(&self, account: AccountId) -> Result<u64>;
    /// The language messages to `account` are written in: `ko` or `en`.
    async fn set_account_lang(&self, account: AccountId, lang: &str) -> Result<()>;
    async fn has_accounts(&self) -> Result<bool>;
    /// Stores a new account; [`crate::StorageError::Taken`] if its email is.
    async fn insert_account(&self, account: NewAccount) -> Result<AccountId>;
}
