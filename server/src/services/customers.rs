//! A customer's grade, saved addresses and reviews.

use app::error::Field;
use app::model::{Account, Place, Profile, Review, SavedAddress};
use app::ports::{Customers, PortError};
use async_trait::async_trait;
use domain::{AccountId, AddressId, DomainError, Grade, OrderId, ReviewText, Stars};

use super::Baedal;
use storage::StorageError;

#[async_trait]
impl Customers for Baedal {
    async fn profile(&self, customer: &Account) -> Result<Profile, PortError> {
        let completed_orders = self.storage.completed_orders(customer.id).await?;
        let grade = Grade::for_completed(completed_orders, self.settings.grades);
        let addresses = self.storage.addresses(customer.id).await?;
        Ok(Profile {
            grade,
            completed_orders,
            next_grade_at: grade.next_at(self.settings.grades),
            addresses,
        })
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
            Ok(saved) => Ok(saved),
            Err(StorageError::Taken) => Err(PortError::Invalid(Field::TooManyAddresses)),
            Err(error) => Err(error.into()),
        }
    }

    async fn delete_address(&self, customer: AccountId, id: AddressId) -> Result<bool, PortError> {
        Ok(self.storage.delete_address(customer, id).await?)
    }

    async fn address(
        &self,
        customer: AccountId,
        id: AddressId,
    ) -> Result<Option<SavedAddress>, PortError> {
        Ok(self.storage.address(customer, id).await?)
    }
}

impl Baedal {
    /// Stores `customer`'s review of a completed order of theirs, once.
    pub(super) async fn write_review(
        &self,
        customer: AccountId,
        order: OrderId,
        stars: Stars,
        text: ReviewText,
    ) -> Result<Review, PortError> {
        let view = self
            .storage
            .order_view(order)
            .await?
            .ok_or(PortError::NotFound)?;
        domain::check_reviewable(&view.order, customer).map_err(PortError::Refused)?;
        match self
            .storage
            .insert_review(&view.order, stars, &text, app::clock::now())
            .await
        {
            Ok(review) => Ok(review),
            Err(StorageError::Taken) => Err(PortError::Refused(DomainError::AlreadyReviewed)),
            Err(error) => Err(error.into()),
        }
    }
}
