//! The server's own keys and the browsers' Web Push subscriptions.

use domain::AccountId;
use sqlx::SqlitePool;

use crate::db::{DbError, PushSubscription};

pub async fn server_key_or_insert(
    pool: &SqlitePool,
    name: &str,
    value: &str,
    now_ms: i64,
) -> Result<String, DbError> {
    sqlx::query!(
        "INSERT INTO server_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
        name,
        value,
        now_ms
    )
    .execute(pool)
    .await?;
    Ok(
        sqlx::query_scalar!("SELECT value FROM server_keys WHERE name = ?", name)
            .fetch_one(pool)
            .await?,
    )
}

pub async fn save(
    pool: &SqlitePool,
    account: AccountId,
    subscription: &PushSubscription,
    now_ms: i64,
) -> Result<(), DbError> {
    let account = account.get();
    sqlx::query!(
        "INSERT INTO push_subscriptions (account_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (endpoint) DO UPDATE SET account_id = excluded.account_id, p256dh = excluded.p256dh,
             auth = excluded.auth, created_at = excluded.created_at",
        account,
        subscription.endpoint,
        subscription.p256dh,
        subscription.auth,
        now_ms
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn of_account(
    pool: &SqlitePool,
    account: AccountId,
) -> Result<Vec<PushSubscription>, DbError> {
    let account = account.get();
    Ok(sqlx::query_as!(
        PushSubscription,
        "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE account_id = ? ORDER BY id",
        account
    )
    .fetch_all(pool)
    .await?)
}

pub async fn delete(pool: &SqlitePool, endpoint: &str) -> Result<(), DbError> {
    sqlx::query!(
        "DELETE FROM push_subscriptions WHERE endpoint = ?",
        endpoint
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn delete_own(
    pool: &SqlitePool,
    account: AccountId,
    endpoint: &str,
) -> Result<bool, DbError> {
    let account = account.get();
    let deleted = sqlx::query!(
        "DELETE FROM push_subscriptions WHERE endpoint = ? AND account_id = ?",
        endpoint,
        account
    )
    .execute(pool)
    .await?;
    Ok(deleted.rows_affected() > 0)
}
