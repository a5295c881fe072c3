use app::model::Contacts;
use domain::{AccountId, Coordinates, OrderId};
use sqlx::SqlitePool;

use super::rows::corrupt;
use crate::db::{DbError, RiderPosition};

pub async fn set_duty(
    pool: &SqlitePool,
    rider: AccountId,
    position: Option<Coordinates>,
    now_ms: i64,
) -> Result<(), DbError> {
    let rider = rider.get();
    match position {
        Some(at) => {
            let (lat, lon) = (at.lat(), at.lon());
            sqlx::query!(
                "INSERT INTO rider_positions (rider_id, on_duty, lat, lon, updated_at)
                 VALUES (?, 1, ?, ?, ?)
                 ON CONFLICT (rider_id) DO UPDATE
                 SET on_duty = 1, lat = excluded.lat, lon = excluded.lon, updated_at = excluded.updated_at",
                rider,
                lat,
                lon,
                now_ms
            )
            .execute(pool)
            .await?;
        }
        None => {
            sqlx::query!(
                "UPDATE rider_positions SET on_duty = 0, updated_at = ? WHERE rider_id = ?",
                now_ms,
                rider
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

pub async fn move_rider(
    pool: &SqlitePool,
    rider: AccountId,
    at: Coordinates,
    now_ms: i64,
) -> Result<bool, DbError> {
    let (rider, lat, lon) = (rider.get(), at.lat(), at.lon());
    let done = sqlx::query!(
        "UPDATE rider_positions SET lat = ?, lon = ?, updated_at = ? WHERE rider_id = ? AND on_duty = 1",
        lat,
        lon,
        now_ms,
        rider
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn position(
    pool: &SqlitePool,
    rider: AccountId,
) -> Result<Option<RiderPosition>, DbError> {
    let rider = rider.get();
    let row = sqlx::query!(
        "SELECT on_duty, lat, lon, updated_at FROM rider_positions WHERE rider_id = ?",
        rider
    )
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(RiderPosition {
            on_duty: row.on_duty == 1,
            position: Coordinates::parse(row.lat, row.lon).map_err(corrupt)?,
            updated_ms: row.updated_at,
        })
    })
    .transpose()
}

pub async fn contacts(pool: &SqlitePool, order: OrderId) -> Result<Contacts, DbError> {
    let order = order.get();
    let row = sqlx::query!(
        r#"SELECT owner.phone AS "store_phone?", customer.phone AS "customer_phone?"
           FROM orders o
           JOIN stores s ON s.id = o.store_id
           JOIN accounts owner ON owner.id = s.owner_id
           JOIN accounts customer ON customer.id = o.customer_id
           WHERE o.id = ?"#,
        order
    )
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some(row) => Contacts {
            store_phone: row.store_phone,
            customer_phone: row.customer_phone,
        },
        None => Contacts {
            store_phone: None,
            customer_phone: None,
        },
    })
}
