use app::model::Account;
use domain::AccountId;
use sqlx::SqlitePool;

use super::rows::{corrupt, AccountRow};
use crate::db::{Credentials, DbError, NewAccount};

async fn owned_stores(pool: &SqlitePool, owner: i64) -> Result<Vec<i64>, DbError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM stores WHERE owner_id = ? ORDER BY id"#,
        owner
    )
    .fetch_all(pool)
    .await?)
}

pub async fn credentials(pool: &SqlitePool, email: &str) -> Result<Option<Credentials>, DbError> {
    let row = sqlx::query!(
        r#"SELECT id AS "id!", email, display_name, role, password_hash, address, lat, lon FROM accounts WHERE email = ?"#,
        email
    )
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let stores = owned_stores(pool, row.id).await?;
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

pub async fn session_account(
    pool: &SqlitePool,
    token_hash: &str,
    now_ms: i64,
    idle_cutoff_ms: i64,
) -> Result<Option<(Account, i64)>, DbError> {
    let row = sqlx::query!(
        r#"SELECT a.id AS "id!", a.email, a.display_name, a.role, a.address, a.lat, a.lon,
                  s.last_seen_at
           FROM sessions s JOIN accounts a ON a.id = s.account_id
           WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ?"#,
        token_hash,
        now_ms,
        idle_cutoff_ms
    )
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let stores = owned_stores(pool, row.id).await?;
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
    Ok(Some((account, row.last_seen_at)))
}

pub async fn touch_session(
    pool: &SqlitePool,
    token_hash: &str,
    now_ms: i64,
) -> Result<(), DbError> {
    sqlx::query!(
        "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?",
        now_ms,
        token_hash,
        now_ms
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn create_session(
    pool: &SqlitePool,
    token_hash: &str,
    account: AccountId,
    now_ms: i64,
    expires_ms: i64,
) -> Result<(), DbError> {
    let account = account.get();
    sqlx::query!(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at)
         VALUES (?, ?, ?, ?, ?)",
        token_hash,
        account,
        now_ms,
        now_ms,
        expires_ms
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn delete_session(
    pool: &SqlitePool,
    token_hash: &str,
) -> Result<Option<AccountId>, DbError> {
    let account = sqlx::query_scalar!(
        r#"DELETE FROM sessions WHERE token_hash = ? RETURNING account_id AS "account_id!""#,
        token_hash
    )
    .fetch_optional(pool)
    .await?;
    account.map(AccountId::parse).transpose().map_err(corrupt)
}

pub async fn delete_sessions_of(pool: &SqlitePool, account: AccountId) -> Result<u64, DbError> {
    let account = account.get();
    let done = sqlx::query!("DELETE FROM sessions WHERE account_id = ?", account)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub async fn has_accounts(pool: &SqlitePool) -> Result<bool, DbError> {
    let any = sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM accounts) AS "any!: bool""#)
        .fetch_one(pool)
        .await?;
    Ok(any)
}

pub async fn insert(pool: &SqlitePool, account: NewAccount) -> Result<AccountId, DbError> {
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
    .fetch_one(pool)
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => DbError::Taken,
        _ => DbError::from(error),
    })?;
    AccountId::parse(id).map_err(corrupt)
}

pub async fn set_lang(pool: &SqlitePool, account: AccountId, lang: &str) -> Result<(), DbError> {
    let account = account.get();
    sqlx::query!("UPDATE accounts SET lang = ? WHERE id = ?", lang, account)
        .execute(pool)
        .await?;
    Ok(())
}
