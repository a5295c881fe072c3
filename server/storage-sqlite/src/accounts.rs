use app::model::Account;
use async_trait::async_trait;
use domain::{AccountId, Timestamp};
use sqlx::SqlitePool;
use storage::records::{Credentials, NewAccount};
use storage::rows::{corrupt, AccountRow};
use storage::{AccountStorage, Result, SessionTimes, StorageError};

use crate::SqliteEngine;

async fn owned_stores(pool: &SqlitePool, owner: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM stores WHERE owner_id = ? ORDER BY id"#,
        owner
    )
    .fetch_all(pool)
    .await?)
}

#[async_trait]
impl AccountStorage for SqliteEngine {
    async fn credentials(&self, email: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query!(
            r#"SELECT id AS "id!", email, display_name, role, password_hash, address, lat, lon FROM accounts WHERE email = ?"#,
            email
        )
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let stores = owned_stores(&self.read, row.id).await?;
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
                      (SELECT json_group_array(id) FROM (SELECT id FROM stores WHERE owner_id = a.id ORDER BY id))
                        AS "stores!: String"
               FROM sessions s JOIN accounts a ON a.id = s.account_id
               WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ?"#,
            token_hash,
            now,
            idle_cutoff
        )
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let stores: Vec<i64> = serde_json::from_str(&row.stores).map_err(corrupt)?;
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
        let times = SessionTimes {
            last_seen: Timestamp::from_millis(row.last_seen_at),
            expires: Timestamp::from_millis(row.expires_at),
        };
        Ok(Some((account, times)))
    }

    async fn touch_sessions(&self, token_hashes: &[String], at: Timestamp) -> Result<()> {
        let at = at.millis();
        let hashes = serde_json::to_string(token_hashes).map_err(StorageError::backend)?;
        sqlx::query!(
            "UPDATE sessions SET last_seen_at = ?1
             WHERE token_hash IN (SELECT value FROM json_each(?2)) AND last_seen_at < ?1",
            at,
            hashes
        )
        .execute(&self.write)
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
             VALUES (?, ?, ?, ?, ?)",
            token_hash,
            account,
            now,
            now,
            expires
        )
        .execute(&self.write)
        .await?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> Result<Option<AccountId>> {
        let account = sqlx::query_scalar!(
            r#"DELETE FROM sessions WHERE token_hash = ? RETURNING account_id AS "account_id!""#,
            token_hash
        )
        .fetch_optional(&self.write)
        .await?;
        account.map(AccountId::parse).transpose().map_err(corrupt)
    }

    async fn delete_sessions_of(&self, account: AccountId) -> Result<u64> {
        let account = account.get();
        let done = sqlx::query!("DELETE FROM sessions WHERE account_id = ?", account)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    async fn set_account_lang(&self, account: AccountId, lang: &str) -> Result<()> {
        let account = account.get();
        sqlx::query!("UPDATE accounts SET lang = ? WHERE id = ?", lang, account)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn has_accounts(&self) -> Result<bool> {
        let any = sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM accounts) AS "any!: bool""#)
            .fetch_one(&self.read)
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
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, unixepoch() * 1000) RETURNING id AS "id!""#,
            account.email,
            account.name,
            role,
            account.password_hash,
            address,
            lat,
            lon,
            account.phone
        )
        .fetch_one(&self.write)
        .await
        .map_err(taken_or_failed)?;
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
