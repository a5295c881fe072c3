use async_trait::async_trait;
use domain::{AccountId, Coordinates, Timestamp};

use crate::error::Result;
use crate::records::RiderPosition;

/// Riders on and off duty and where they are.
#[async_trait]
pub trait RiderStorage: Send + Sync {
    /// Puts a rider on duty at `position`, or off duty (`None`).
    async fn set_rider_duty(
        &self,
        rider: AccountId,
        position: Option<Coordinates>,
        now: Timestamp,
    ) -> Result<()>;
    /// Moves an on-duty rider; false if the rider is off duty.
    async fn move_rider(
        &self,
        rider: AccountId,
        position: Coordinates,
        now: Timestamp,
    ) -> Result<bool>;
    async fn rider_position(&self, rider: AccountId) -> Result<Option<RiderPosition>>;
}
