use app::model::{Place, SavedAddress};
use async_trait::async_trait;
use domain::{AccountId, AddressId, Timestamp};

use crate::error::Result;

/// What a customer's profile is made of, read in one query.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRecord {
    /// How many of the customer's orders are completed.
    pub completed_orders: u32,
    /// The customer's saved addresses, oldest first.
    pub addresses: Vec<SavedAddress>,
}

/// A customer's saved addresses and completed orders.
#[async_trait]
pub trait CustomerStorage: Send + Sync {
    /// The customer's completed orders and saved addresses, in one read.
    async fn record(&self, customer: AccountId) -> Result<CustomerRecord>;
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
}
