use app::model::{Place, SavedAddress};
use async_trait::async_trait;
use domain::{AccountId, AddressId, Timestamp};

use crate::error::Result;

/// A customer's saved addresses and completed orders.
#[async_trait]
pub trait CustomerStorage: Send + Sync {
    async fn addresses(&self, customer: AccountId) -> Result<Vec<SavedAddress>>;
    async fn address(&self, customer: AccountId, id: AddressId) -> Result<Option<SavedAddress>>;
    /// Saves an address; [`crate::StorageError::Taken`] when the customer
    /// keeps too many.
    async fn save_address(
        &self,
        customer: AccountId,
        label: &str,
        place: &Place,
        now: Timestamp,
    ) -> Result<SavedAddress>;
    async fn delete_address(&self, customer: AccountId, id: AddressId) -> Result<bool>;
    /// How many of the customer's orders are completed.
    async fn completed_orders(&self, customer: AccountId) -> Result<u32>;
}
