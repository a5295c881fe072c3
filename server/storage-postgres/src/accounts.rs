use app::model::Account;
use async_trait::async_trait;
use domain::{AccountId, Timestamp};
use sqlx::PgPool;
use storage::records::{Credentials, NewAccount};
use storage::rows::{corrupt, AccountRow};
use storage::{AccountStorage, Result, SessionTimes, StorageError};

use crate::PgEngine;

async fn owned_stores(pool: &PgPool, owner: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM stores WHERE owner_id = $1 ORDER BY id"#,
        owner
    )
    .fetch_all(pool)
    .await?)
}

#[async_trait]
impl AccountStorage for PgEngine {
    async fn credentials(&self, email: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query!(
            r#"SELECT id AS "id!", email, display_name, role, password_hash, address, lat, lon FROM accounts WHERE email = $1"#,
            email
        )
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let stores = owned_stores(&self.pool, row.id).await?;
        let account = AccountRow {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role: row.role,
            address: row.address,
            lat: row.lat,
            lon: row.lon,
        }
        .into_account(stores)?;
        Ok(Some(Credentials {
            account,
            password_hash: row.password_hash,
        }))
    }

    async fn session_account(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_cutoff: Timestamp,
    ) -> Result<Option<(Account, SessionTimes)>> {
        let (now, idle_cutoff) = (now.millis(), idle_cutoff.millis());
        // One query, the owner's stores included: every request and every
        // live stream that opens asks it.
        let row = sqlx::query!(
            r#"SELECT a.id AS "id!", a.email, a.display_name, a.role, a.address, a.lat, a.lon,
                      s.last_seen_at, s.expires_at,
                      ARRAY(SELECT id FROM stores WHERE owner_id = a.id ORDER BY id) AS "stores!"
               FROM sessions s JOIN accounts a ON a.id = s.account_id
               WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3"#,
            token_hash,
            now,
            idle_cutoff
        )
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let account = AccountRow {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role: row.role,
            address: row.address,
            lat: row.lat,
            lon: row.lon,
        }
        .into_account(row.stores)?;
        let times = SessionTimes {
            last_seen: Timestamp::from_millis(row.last_seen_at),
            expires: Timestamp::from_millis(row.expires_at),
        };
        Ok(Some((account, times)))
    }

    async fn touch_sessions(&self, token_hashes: &[String], at: Timestamp) -> Result<()> {
        let at = at.millis();
        sqlx::query!(
            "UPDATE sessions SET last_seen_at = $1
             WHERE token_hash = ANY($2) AND last_seen_at < $1",
            at,
            token_hashes
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn create_session(
        &self,
        token_hash: &str,
        account: AccountId,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<()> {
        let (account, now, expires) = (account.get(), now.millis(), expires.millis());
        sqlx::query!(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            token_hash,
            account,
            now,
            now,
            expires
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> Result<Option<AccountId>> {
        let account = sqlx::query_scalar!(
            r#"DELETE FROM sessions WHERE token_hash = $1 RETURNING account_id AS "account_id!""#,
            token_hash
        )
        .fetch_optional(&self.pool)
        .await?;
        account.map(AccountId::parse).transpose().map_err(corrupt)
    }

    async fn delete_sessions_of(&self, account: AccountId) -> Result<u64> {
        let account = account.get();
        let done = sqlx::query!("DELETE FROM sessions WHERE account_id = $1", account)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn set_account_lang(&self, account: AccountId, lang: &str) -> Result<()> {
        let account = account.get();
        sqlx::query!("UPDATE accounts SET lang = $1 WHERE id = $2", lang, account)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn has_accounts(&self) -> Result<bool> {
        let any = sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM accounts) AS "any!: bool""#)
            .fetch_one(&self.pool)
            .await?;
        Ok(any)
    }

    async fn insert_account(&self, account: NewAccount) -> Result<AccountId> {
        let role = account.role.as_str();
        let (address, lat, lon) = match &account.home {
            Some((address, at)) => (Some(address.as_str()), Some(at.lat()), Some(at.lon())),
            None => (None, None, None),
        };
        let id = sqlx::query_scalar!(
            r#"INSERT INTO accounts (email, display_name, role, password_hash, address, lat, lon, phone, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT)
               ON CONFLICT (email) DO NOTHING RETURNING id AS "id!""#,
            account.email,
            account.name,
            role,
            account.password_hash,
            address,
            lat,
            lon,
            account.phone
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(taken_or_failed)?
        .ok_or(StorageError::Taken)?;
        AccountId::parse(id).map_err(corrupt)
    }
}

/// A unique value already taken, or another failure.
pub(crate) fn taken_or_failed(error: sqlx::Error) -> StorageError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StorageError::Taken,
        _ => StorageError::from(error),
    }
}
