//! A customer's saved addresses and completed orders.

use app::model::{Place, SavedAddress};
use async_trait::async_trait;
use domain::{AccountId, AddressId, Timestamp};
use sqlx::PgConnection;
use storage::rows::{corrupt, customer_record, AddressRow, CustomerRecordRow};
use storage::{CustomerRecord, CustomerStorage, Result, StorageError};

use crate::PgEngine;

/// The most addresses one customer keeps.
const MAX_ADDRESSES: i64 = 10;

/// How many of the customer's orders are completed.
pub(crate) async fn completed(conn: &mut PgConnection, customer: AccountId) -> Result<u32> {
    let customer = customer.get();
    let count = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM orders WHERE customer_id = $1 AND status = 'completed'"#,
        customer
    )
    .fetch_one(&mut *conn)
    .await?;
    u32::try_from(count).map_err(corrupt)
}

#[async_trait]
impl CustomerStorage for PgEngine {
    async fn record(&self, customer: AccountId) -> Result<CustomerRecord> {
        let customer = customer.get();
        // One row per address, or one row of nulls when there is none; the
        // count of completed orders on each.
        let rows = sqlx::query_as!(
            CustomerRecordRow,
            r#"SELECT (SELECT COUNT(*) FROM orders
                       WHERE customer_id = $1 AND status = 'completed') AS "completed!: i64",
                      a.id AS "id?: i64", a.label AS "label?: String",
                      a.address AS "address?: String", a.lat AS "lat?: f64", a.lon AS "lon?: f64"
               FROM (SELECT 1) AS one LEFT JOIN addresses AS a ON a.customer_id = $1
               ORDER BY a.id"#,
            customer
        )
        .fetch_all(&self.pool)
        .await?;
        customer_record(rows)
    }

    async fn address(&self, customer: AccountId, id: AddressId) -> Result<Option<SavedAddress>> {
        let (customer, id) = (customer.get(), id.get());
        sqlx::query_as!(
            AddressRow,
            r#"SELECT id AS "id!", label, address, lat, lon FROM addresses WHERE customer_id = $1 AND id = $2"#,
            customer,
            id
        )
        .fetch_optional(&self.pool)
        .await?
        .map(AddressRow::into_saved)
        .transpose()
    }

    async fn save_address(
        &self,
        customer: AccountId,
        label: &str,
        spot: &Place,
        now: Timestamp,
    ) -> Result<SavedAddress> {
        let mut tx = self.pool.begin().await?;
        let customer_id = customer.get();
        // The customer's row, locked to the commit, makes concurrent saves
        // of one customer count and insert one at a time.
        sqlx::query_scalar!(
            "SELECT id FROM accounts WHERE id = $1 FOR NO KEY UPDATE",
            customer_id
        )
        .fetch_optional(&mut *tx)
        .await?;
        let kept = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM addresses WHERE customer_id = $1"#,
            customer_id
        )
        .fetch_one(&mut *tx)
        .await?;
        if kept >= MAX_ADDRESSES {
            return Err(StorageError::Taken);
        }
        let (lat, lon, at) = (spot.location.lat(), spot.location.lon(), now.millis());
        let id = sqlx::query_scalar!(
            r#"INSERT INTO addresses (customer_id, label, address, lat, lon, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id AS "id!""#,
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

    async fn delete_address(&self, customer: AccountId, id: AddressId) -> Result<bool> {
        let (customer, id) = (customer.get(), id.get());
        let deleted = sqlx::query!(
            "DELETE FROM addresses WHERE customer_id = $1 AND id = $2",
            customer,
            id
        )
        .execute(&self.pool)
        .await?;
        Ok(deleted.rows_affected() > 0)
    }
}
