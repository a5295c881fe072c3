//! Reviews: stars and words once an order is completed, one per order.

use serde::{Deserialize, Serialize};

use crate::{AccountId, DomainError, Order, OrderStatus};

/// One to five stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Stars(u8);

impl Stars {
    /// Parses a number of stars.
    pub fn parse(stars: i64) -> Result<Self, DomainError> {
        match u8::try_from(stars) {
            Ok(s) if (1..=5).contains(&s) => Ok(Self(s)),
            _ => Err(DomainError::InvalidReview),
        }
    }

    /// The stars.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Stars {
    type Error = DomainError;
    fn try_from(stars: i64) -> Result<Self, DomainError> {
        Self::parse(stars)
    }
}

impl From<Stars> for i64 {
    fn from(stars: Stars) -> i64 {
        i64::from(stars.0)
    }
}

/// What a customer writes: up to 500 characters, possibly none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReviewText(String);

impl ReviewText {
    /// The longest review, in characters.
    pub const MAX_CHARS: usize = 500;

    /// Parses free text; line breaks are kept, other control characters refused.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let trimmed = text.trim();
        let control = trimmed
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r');
        if trimmed.chars().count() > Self::MAX_CHARS || control {
            Err(DomainError::InvalidReview)
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ReviewText {
    type Error = DomainError;
    fn try_from(text: String) -> Result<Self, DomainError> {
        Self::parse(&text)
    }
}

impl From<ReviewText> for String {
    fn from(text: ReviewText) -> String {
        text.0
    }
}

/// Whether `customer` may review `order`: theirs, and completed. One review
/// per order is kept by storage.
pub fn check_reviewable(order: &Order, customer: AccountId) -> Result<(), DomainError> {
    if order.customer != customer {
        return Err(DomainError::NotReviewable);
    }
    match order.status {
        OrderStatus::Completed => Ok(()),
        OrderStatus::PendingPayment
        | OrderStatus::Paid
        | OrderStatus::Accepted
        | OrderStatus::Rejected
        | OrderStatus::Cooking
        | OrderStatus::ReadyForPickup
        | OrderStatus::RiderAssigned
        | OrderStatus::PickedUp
        | OrderStatus::Delivered
        | OrderStatus::Cancelled => Err(DomainError::NotReviewable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_are_one_to_five() {
        assert!(Stars::parse(0).is_err());
        assert!(Stars::parse(6).is_err());
        assert!(Stars::parse(-1).is_err());
        assert_eq!(Stars::parse(5).unwrap().get(), 5);
    }

    #[test]
    fn review_text_is_bounded() {
        assert_eq!(
            ReviewText::parse("  맛있어요\n또 올게요 ")
                .unwrap()
                .as_str(),
            "맛있어요\n또 올게요"
        );
        assert!(ReviewText::parse("").is_ok());
        assert!(ReviewText::parse(&"가".repeat(501)).is_err());
        assert!(ReviewText::parse("bad\u{0}text").is_err());
    }
}
