use async_trait::async_trait;
use domain::{AccountId, Coordinates, Timestamp};
use sqlx::PgConnection;
use storage::records::RiderPosition;
use storage::rows::corrupt;
use storage::{Result, RiderStorage};

use crate::PgEngine;

#[async_trait]
impl RiderStorage for PgEngine {
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
                     VALUES ($1, TRUE, $2, $3, $4)
                     ON CONFLICT (rider_id) DO UPDATE
                     SET on_duty = TRUE, lat = excluded.lat, lon = excluded.lon, updated_at = excluded.updated_at",
                    rider,
                    lat,
                    lon,
                    now
                )
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query!(
                    "UPDATE rider_positions SET on_duty = FALSE, updated_at = $1 WHERE rider_id = $2",
                    now,
                    rider
                )
                .execute(&self.pool)
                .await?;
            }
        }
        Ok(())
    }

    async fn move_rider(&self, rider: AccountId, at: Coordinates, now: Timestamp) -> Result<bool> {
        let (rider, lat, lon, now) = (rider.get(), at.lat(), at.lon(), now.millis());
        let done = sqlx::query!(
            "UPDATE rider_positions SET lat = $1, lon = $2, updated_at = $3 WHERE rider_id = $4 AND on_duty = TRUE",
            lat,
            lon,
            now,
            rider
        )
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn rider_position(&self, rider: AccountId) -> Result<Option<RiderPosition>> {
        let rider = rider.get();
        let row = sqlx::query!(
            "SELECT on_duty, lat, lon, updated_at FROM rider_positions WHERE rider_id = $1",
            rider
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(RiderPosition {
                on_duty: row.on_duty,
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
    conn: &mut PgConnection,
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
                      CASE WHEN p.on_duty THEN p.lat ELSE a.lat END AS lat,
                      CASE WHEN p.on_duty THEN p.lon ELSE a.lon END AS lon
               FROM accounts a LEFT JOIN rider_positions p ON p.rider_id = a.id
               WHERE a.role = 'rider') AS r
           WHERE lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4"#,
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
