//! A customer's saved addresses and completed orders.

use app::model::SavedAddress;
use domain::{AccountId, AddressId, Timestamp};
use sqlx::{SqliteConnection, SqlitePool};

use super::rows::{corrupt, place};
use crate::db::DbError;

/// The most addresses one customer keeps.
pub const MAX_ADDRESSES: i64 = 10;

struct AddressRow {
    id: i64,
    label: String,
    address: String,
    lat: f64,
    lon: f64,
}

impl AddressRow {
    fn into_saved(self) -> Result<SavedAddress, DbError> {
        Ok(SavedAddress {
            id: AddressId::parse(self.id).map_err(corrupt)?,
            label: self.label,
            place: place(self.address, self.lat, self.lon)?,
        })
    }
}

pub async fn addresses(
    pool: &SqlitePool,
    customer: AccountId,
) -> Result<Vec<SavedAddress>, DbError> {
    let customer = customer.get();
    sqlx::query_as!(
        AddressRow,
        r#"SELECT id AS "id!", label, address, lat, lon FROM addresses WHERE customer_id = ? ORDER BY id"#,
        customer
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(AddressRow::into_saved)
    .collect()
}

pub async fn address(
    pool: &SqlitePool,
    customer: AccountId,
    id: AddressId,
) -> Result<Option<SavedAddress>, DbError> {
    let (customer, id) = (customer.get(), id.get());
    sqlx::query_as!(
        AddressRow,
        r#"SELECT id AS "id!", label, address, lat, lon FROM addresses WHERE customer_id = ? AND id = ?"#,
        customer,
        id
    )
    .fetch_optional(pool)
    .await?
    .map(AddressRow::into_saved)
    .transpose()
}

/// Saves an address; [`DbError::Taken`] when the customer already keeps
/// [`MAX_ADDRESSES`].
pub async fn save_address(
    pool: &SqlitePool,
    customer: AccountId,
    label: &str,
    spot: &app::model::Place,
    now: Timestamp,
) -> Result<SavedAddress, DbError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let customer_id = customer.get();
    let kept = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM addresses WHERE customer_id = ?"#,
        customer_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if kept >= MAX_ADDRESSES {
        return Err(DbError::Taken);
    }
    let (lat, lon, at) = (spot.location.lat(), spot.location.lon(), now.millis());
    let id = sqlx::query_scalar!(
        r#"INSERT INTO addresses (customer_id, label, address, lat, lon, created_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
        customer_id,
        label,
        spot.address,
        lat,
        lon,
        at
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(SavedAddress {
        id: AddressId::parse(id).map_err(corrupt)?,
        label: label.to_owned(),
        place: spot.clone(),
    })
}

pub async fn delete_address(
    pool: &SqlitePool,
    customer: AccountId,
    id: AddressId,
) -> Result<bool, DbError> {
    let (customer, id) = (customer.get(), id.get());
    let deleted = sqlx::query!(
        "DELETE FROM addresses WHERE customer_id = ? AND id = ?",
        customer,
        id
    )
    .execute(pool)
    .await?;
    Ok(deleted.rows_affected() > 0)
}

/// How many of the customer's orders are completed.
pub async fn completed_orders(
    conn: &mut SqliteConnection,
    customer: AccountId,
) -> Result<u32, DbError> {
    let customer = customer.get();
    let count = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM orders WHERE customer_id = ? AND status = 'completed'"#,
        customer
    )
    .fetch_one(&mut *conn)
    .await?;
    u32::try_from(count).map_err(corrupt)
}
