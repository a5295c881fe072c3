//! Accounts: sign-up, sign-in and sessions with idle and absolute timeouts,
//! accounts an operator creates, and the audit log of all of it.

use std::collections::HashSet;
use std::sync::Arc;

use app::error::Field;
use app::model::{Account, AccountForm, AuditAction, AuditEntry, DemoAccount, Role, StoreForm};
use app::ports::{Accounts, ClientAddr, PortError, ReadAhead, SessionStart};
use async_trait::async_trait;
use domain::{AccountId, GradeThresholds, StoreId, Timestamp};

use super::audit::AuditLog;
use super::catalogue_cache::CatalogueCache;
use super::customers::profile_of;
use super::{unexpected, ServiceSettings, SessionPolicy};
use crate::account_rules::{check_account, check_store, CheckedAccount};
use crate::live::LiveHub;
use crate::passwords;
use crate::rate_limit::RateLimits;
use storage::records::{NewAccount, NewStore};
use storage::{Engine, PageVisitor, StorageError};
use tokio_util::sync::CancellationToken;

/// How long a session may go unused before it is touched again: one write a
/// minute at most for an account in use, instead of one per request.
const TOUCH_EVERY_MS: i64 = 60_000;

/// How often the uses of sessions are written, all together: ten thousand
/// live streams coming back at once make one transaction, not ten thousand.
/// A use is written as of the write, at most this long after it happened;
/// a session idle for nearly its whole limit may end this much early.
const TOUCHES_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Sign-up, sign-in and sessions, accounts an operator creates, and the
/// audit log of them.
pub struct AccountService {
    storage: Arc<dyn Engine>,
    audit: AuditLog,
    /// Failed sign-ins per account.
    limits: Arc<RateLimits>,
    session: SessionPolicy,
    /// What a customer's completed orders make their grade, for the
    /// profile a page reads ahead.
    grades: GradeThresholds,
    demo: bool,
    /// The token hashes of the sessions used since the last write.
    touched: std::sync::Mutex<HashSet<String>>,
    /// Told when a session ends; keeps what visitors' pages read of them.
    live: LiveHub,
    /// Told when an operator opens a store with its owner's account.
    catalogue: Arc<CatalogueCache>,
}

impl AccountService {
    pub(super) fn new(
        storage: Arc<dyn Engine>,
        audit: AuditLog,
        limits: Arc<RateLimits>,
        live: LiveHub,
        catalogue: Arc<CatalogueCache>,
        settings: &ServiceSettings,
    ) -> Self {
        Self {
            storage,
            audit,
            limits,
            session: settings.session,
            grades: settings.grades,
            demo: settings.demo,
            touched: std::sync::Mutex::default(),
            live,
            catalogue,
        }
    }

    /// Records a use of the session of `token_hash`, last used at
    /// `last_seen`, to be written with the next ones if it is due.
    fn note_use(&self, token_hash: String, last_seen: Timestamp, now: Timestamp) {
        if now.millis() - last_seen.millis() >= TOUCH_EVERY_MS {
            self.touched().insert(token_hash);
        }
    }

    fn touched(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.touched.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the uses of sessions recorded since the last call, as now.
    pub(super) async fn write_touches(&self) -> Result<(), StorageError> {
        let touched: Vec<String> = self.touched().drain().collect();
        if touched.is_empty() {
            return Ok(());
        }
        self.storage
            .touch_sessions(&touched, app::clock::now())
            .await
    }

    /// Writes the uses of sessions every [`TOUCHES_EVERY`], and once more
    /// when `closing`.
    pub(super) async fn run_touches(self: Arc<Self>, closing: CancellationToken) {
        let mut ticks = tokio::time::interval(TOUCHES_EVERY);
        loop {
            let closed = tokio::select! {
                () = closing.cancelled() => true,
                _ = ticks.tick() => false,
            };
            if let Err(error) = self.write_touches().await {
                tracing::error!(%error, "recording the use of sessions failed");
            }
            if closed {
                return;
            }
        }
    }

    /// The read of a visitor's session kept for pages of `store`, if it is
    /// still valid; its use is recorded.
    fn kept_visitor(
        &self,
        token_hash: &str,
        store: Option<StoreId>,
        now: Timestamp,
        idle_cutoff: Timestamp,
    ) -> Option<PageVisitor> {
        let kept = self.live.kept_visitors();
        let found = kept.get(token_hash, store, now, idle_cutoff, TOUCH_EVERY_MS)?;
        if found.use_due {
            self.touched().insert(token_hash.to_owned());
        }
        Some(found.visitor)
    }

    /// What a page reads of the visitor of `token`, on a store's page with
    /// that store: as kept, or read and kept. Either way the session's use
    /// is recorded.
    async fn page_visitor(
        &self,
        token: &str,
        store: Option<StoreId>,
    ) -> Result<Option<PageVisitor>, StorageError> {
        let now = app::clock::now();
        let token_hash = passwords::token_hash(token);
        let idle_cutoff = Timestamp::from_millis(now.millis() - self.session.idle_ms());
        if let Some(kept) = self.kept_visitor(&token_hash, store, now, idle_cutoff) {
            return Ok(Some(kept));
        }
        let kept = self.live.kept_visitors();
        let stamp = kept.stamp();
        let read = self
            .storage
            .page_visitor(&token_hash, now, idle_cutoff, store)
            .await?;
        if let Some(visitor) = &read {
            self.note_use(token_hash.clone(), visitor.session.last_seen, now);
            kept.keep(&token_hash, store, visitor.clone(), stamp);
        }
        Ok(read)
    }

    /// Starts a new session for `account`.
    async fn start_session(&self, account: Account) -> Result<SessionStart, PortError> {
        let token = passwords::new_token();
        let now = app::clock::now();
        let ttl_ms = self.session.absolute_ms();
        let expires = Timestamp::from_millis(now.millis().saturating_add(ttl_ms));
        self.storage
            .create_session(&passwords::token_hash(&token), account.id, now, expires)
            .await?;
        Ok(SessionStart {
            token,
            account,
            max_age_secs: ttl_ms / 1000,
        })
    }

    /// Stores a checked account with a freshly hashed password.
    async fn insert_checked(
        &self,
        role: Role,
        checked: CheckedAccount,
    ) -> Result<AccountId, PortError> {
        let password = checked.password;
        let password_hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
            .await
            .map_err(|e| unexpected("hashing a password", e))?
            .map_err(|e| unexpected("hashing a password", e))?;
        let account = NewAccount {
            email: checked.email,
            name: checked.name,
            role,
            password_hash,
            home: Some(checked.home),
            phone: None,
        };
        match self.storage.insert_account(account).await {
            Ok(id) => Ok(id),
            Err(StorageError::Taken) => Err(PortError::Invalid(Field::EmailTaken)),
            Err(error) => Err(error.into()),
        }
    }

    /// Whether the session behind `token` is still valid, without counting
    /// the question as use: for a live stream that asks now and then.
    pub async fn session_still_valid(&self, token: &str) -> bool {
        let now = app::clock::now();
        let idle_cutoff = Timestamp::from_millis(now.millis() - self.session.idle_ms());
        matches!(
            self.storage
                .session_account(&passwords::token_hash(token), now, idle_cutoff)
                .await,
            Ok(Some(_))
        )
    }
}

#[async_trait]
impl Accounts for AccountService {
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: Option<ClientAddr>,
    ) -> Result<Option<SessionStart>, PortError> {
        let email = email.to_lowercase();
        if let Some(wait) = self.limits.sign_in_lockout(&email).await {
            return Err(PortError::TooMany {
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        let found = self.storage.credentials(&email).await?;
        let (hash, account) = match found {
            Some(found) => (found.password_hash, Some(found.account)),
            None => (passwords::decoy_hash().to_owned(), None),
        };
        let password = password.to_owned();
        let matches = tokio::task::spawn_blocking(move || passwords::verify(&password, &hash))
            .await
            .map_err(|e| unexpected("verifying a password", e))?;
        let account = match account {
            Some(account) if matches => account,
            unknown_or_wrong => {
                self.limits.sign_in_failed(&email).await;
                let actor = unknown_or_wrong.map(|account| account.id);
                self.audit
                    .record(actor, AuditAction::SignInFailed, &email, client)
                    .await;
                return Ok(None);
            }
        };
        self.audit
            .record(Some(account.id), AuditAction::SignIn, &email, client)
            .await;
        tracing::info!(account = %account.id, "signed in");
        self.start_session(account).await.map(Some)
    }

    async fn sign_up(
        &self,
        form: AccountForm,
        client: Option<ClientAddr>,
    ) -> Result<SessionStart, PortError> {
        let checked = check_account(&form)?;
        let email = checked.email.clone();
        let id = self.insert_checked(Role::Customer, checked).await?;
        self.audit
            .record(Some(id), AuditAction::SignUp, &email, client)
            .await;
        let account = self
            .storage
            .credentials(&email)
            .await?
            .ok_or_else(|| unexpected("loading a new account", "it is not there"))?
            .account;
        self.start_session(account).await
    }

    async fn create_account(
        &self,
        operator: &Account,
        role: Role,
        form: AccountForm,
        store: Option<StoreForm>,
        client: Option<ClientAddr>,
    ) -> Result<AccountId, PortError> {
        let checked = check_account(&form)?;
        let store = store
            .map(|store| check_store(&store, &form.area))
            .transpose()?;
        let email = checked.email.clone();
        let home = checked.home.clone();
        let id = self.insert_checked(role, checked).await?;
        if let Some(store) = store {
            let (address, location) = home;
            let store = self
                .storage
                .insert_store(NewStore {
                    owner: id,
                    name: store.name,
                    category: store.category,
                    neighbourhood: store.neighbourhood.to_owned(),
                    address,
                    location,
                    delivery_fee: domain::Money::ZERO,
                    min_order: domain::Money::ZERO,
                    menu: Vec::new(),
                })
                .await?;
            self.catalogue.changed(store);
        }
        let subject = format!("{} {email}", role.as_str());
        self.audit
            .record(
                Some(operator.id),
                AuditAction::AccountCreated,
                &subject,
                client,
            )
            .await;
        Ok(id)
    }

    async fn session(&self, token: &str) -> Result<Option<Account>, PortError> {
        // The same read as a page's, kept until what it read changes: a
        // store owner's or a rider's calls read no database for their
        // session either.
        let visitor = self.page_visitor(token, None).await?;
        Ok(visitor.map(|visitor| visitor.account))
    }

    async fn read_ahead(
        &self,
        token: &str,
        store: Option<StoreId>,
    ) -> Result<Option<ReadAhead>, PortError> {
        let Some(visitor) = self.page_visitor(token, store).await? else {
            return Ok(None);
        };
        Ok(Some(ReadAhead {
            account: visitor.account,
            profile: visitor
                .customer
                .map(|record| profile_of(record, self.grades)),
            offers: store.zip(visitor.offers),
        }))
    }

    async fn sign_out(&self, token: &str, client: Option<ClientAddr>) -> Result<(), PortError> {
        let ended = self
            .storage
            .delete_session(&passwords::token_hash(token))
            .await?;
        if let Some(account) = ended {
            self.live.visitor_changed(account);
            self.audit
                .record(Some(account), AuditAction::SignOut, "", client)
                .await;
        }
        Ok(())
    }

    async fn sign_out_everywhere(
        &self,
        account: &Account,
        client: Option<ClientAddr>,
    ) -> Result<u64, PortError> {
        let ended = self.storage.delete_sessions_of(account.id).await?;
        self.live.visitor_changed(account.id);
        let subject = format!("{ended} sessions");
        self.audit
            .record(
                Some(account.id),
                AuditAction::SignOutEverywhere,
                &subject,
                client,
            )
            .await;
        Ok(ended)
    }

    async fn audit_log(&self) -> Result<Vec<AuditEntry>, PortError> {
        Ok(self.storage.audit_log(200).await?)
    }

    async fn set_language(
        &self,
        account: AccountId,
        lang: app::lang::Lang,
    ) -> Result<(), PortError> {
        Ok(self.storage.set_account_lang(account, lang.code()).await?)
    }

    fn demo_accounts(&self) -> Vec<DemoAccount> {
        if self.demo {
            crate::seed::demo_accounts()
        } else {
            Vec::new()
        }
    }
}
