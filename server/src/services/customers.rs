//! A customer's grade and saved addresses.

use std::sync::Arc;

use app::error::Field;
use app::model::{Account, Place, Profile, SavedAddress};
use app::ports::{Customers, PortError};
use async_trait::async_trait;
use domain::{AccountId, AddressId, Grade, GradeThresholds};

use storage::{CustomerRecord, Engine, StorageError};

use crate::live::LiveHub;

/// A customer's grade and saved addresses.
pub struct CustomerService {
    storage: Arc<dyn Engine>,
    grades: GradeThresholds,
    /// Told when a customer's addresses change, for the visitors' reads it
    /// keeps.
    live: LiveHub,
}

impl CustomerService {
    pub(super) fn new(storage: Arc<dyn Engine>, grades: GradeThresholds, live: LiveHub) -> Self {
        Self {
            storage,
            grades,
            live,
        }
    }
}

/// A customer's profile from their record: the grade their completed orders
/// reach.
pub(super) fn profile_of(record: CustomerRecord, grades: GradeThresholds) -> Profile {
    let grade = Grade::for_completed(record.completed_orders, grades);
    Profile {
        grade,
        completed_orders: record.completed_orders,
        next_grade_at: grade.next_at(grades),
        addresses: record.addresses,
    }
}

#[async_trait]
impl Customers for CustomerService {
    async fn profile(&self, customer: &Account) -> Result<Profile, PortError> {
        let record = self.storage.record(customer.id).await?;
        Ok(profile_of(record, self.grades))
    }

    async fn save_address(
        &self,
        customer: AccountId,
        label: &str,
        place: Place,
    ) -> Result<SavedAddress, PortError> {
        let now = app::clock::now();
        match self
            .storage
            .save_address(customer, label, &place, now)
            .await
        {
            Ok(saved) => {
                self.live.visitor_changed(customer);
                Ok(saved)
            }
            Err(StorageError::Taken) => Err(PortError::Invalid(Field::TooManyAddresses)),
            Err(error) => Err(error.into()),
        }
    }

    async fn delete_address(&self, customer: AccountId, id: AddressId) -> Result<bool, PortError> {
        let deleted = self.storage.delete_address(customer, id).await?;
        if deleted {
            self.live.visitor_changed(customer);
        }
        Ok(deleted)
    }

    async fn address(
        &self,
        customer: AccountId,
        id: AddressId,
    ) -> Result<Option<SavedAddress>, PortError> {
        Ok(self.storage.address(customer, id).await?)
    }
}
