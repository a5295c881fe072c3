use async_trait::async_trait;
use domain::{AccountId, Coordinates, Timestamp};
use sqlx::SqliteConnection;
use storage::records::RiderPosition;
use storage::rows::corrupt;
use storage::{Result, RiderStorage};

use crate::SqliteEngine;

#[async_trait]
impl RiderStorage for SqliteEngine {
    async fn set_rider_duty(
        &self,
        rider: AccountId,
        position: Option<Coordinates>,
        now: Timestamp,
    ) -> Result<()> {
        let (rider, now) = (rider.get(), now.millis());
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
                    now
                )
                .execute(&self.write)
                .await?;
            }
            None => {
                sqlx::query!(
                    "UPDATE rider_positions SET on_duty = 0, updated_at = ? WHERE rider_id = ?",
                    now,
                    rider
                )
                .execute(&self.write)
                .await?;
            }
        }
        Ok(())
    }

    async fn move_rider(&self, rider: AccountId, at: Coordinates, now: Timestamp) -> Result<bool> {
        let (rider, lat, lon, now) = (rider.get(), at.lat(), at.lon(), now.millis());
        let done = sqlx::query!(
            "UPDATE rider_positions SET lat = ?, lon = ?, updated_at = ? WHERE rider_id = ? AND on_duty = 1",
            lat,
            lon,
            now,
            rider
        )
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn rider_position(&self, rider: AccountId) -> Result<Option<RiderPosition>> {
        let rider = rider.get();
        let row = sqlx::query!(
            "SELECT on_duty, lat, lon, updated_at FROM rider_positions WHERE rider_id = ?",
            rider
        )
        .fetch_optional(&self.read)
        .await?;
        row.map(|row| {
            Ok(RiderPosition {
                on_duty: row.on_duty == 1,
                position: Coordinates::parse(row.lat, row.lon).map_err(corrupt)?,
                updated_at: Timestamp::from_millis(row.updated_at),
            })
        })
        .transpose()
    }
}

/// Riders, where they are on duty or else at their base, within a box
/// around `at` that holds the circle of `radius_m`.
pub(crate) async fn near(
    conn: &mut SqliteConnection,
    at: Coordinates,
    radius_m: u32,
) -> Result<Vec<(AccountId, Coordinates)>> {
    const METRES_PER_DEGREE: f64 = 111_320.0;
    let lat_span = f64::from(radius_m) / METRES_PER_DEGREE;
    let lon_span = lat_span / at.lat().to_radians().cos().abs().max(0.01);
    let (south, north) = (at.lat() - lat_span, at.lat() + lat_span);
    let (west, east) = (at.lon() - lon_span, at.lon() + lon_span);
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", lat AS "lat!: f64", lon AS "lon!: f64" FROM (
               SELECT a.id,
                      CASE WHEN p.on_duty = 1 THEN p.lat ELSE a.lat END AS lat,
                      CASE WHEN p.on_duty = 1 THEN p.lon ELSE a.lon END AS lon
               FROM accounts a LEFT JOIN rider_positions p ON p.rider_id = a.id
               WHERE a.role = 'rider')
           WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"#,
        south,
        north,
        west,
        east
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            let rider = AccountId::parse(row.id).map_err(corrupt)?;
            let at = Coordinates::parse(row.lat, row.lon).map_err(corrupt)?;
            Ok((rider, at))
        })
        .collect()
}
