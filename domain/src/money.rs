use serde::{Deserialize, Serialize};

use crate::DomainError;

/// An amount of Korean won. Whole won only, never negative, at most 100 million.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Money(i64);

impl Money {
    /// The largest amount one order may reach.
    pub const MAX: i64 = 100_000_000;
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// Parses an amount in won.
    pub fn won(amount: i64) -> Result<Self, DomainError> {
        if (0..=Self::MAX).contains(&amount) {
            Ok(Self(amount))
        } else {
            Err(DomainError::InvalidMoney)
        }
    }

    /// The amount in won.
    pub fn get(self) -> i64 {
        self.0
    }

    /// `self × quantity`, refused past [`Money::MAX`].
    pub fn times(self, quantity: Quantity) -> Result<Self, DomainError> {
        Self::won(self.0 * i64::from(quantity.get()))
    }

    /// `self + other`, refused past [`Money::MAX`].
    pub fn plus(self, other: Money) -> Result<Self, DomainError> {
        Self::won(self.0 + other.0)
    }

    /// Korean notation: `12,000원`.
    pub fn format_ko(self) -> String {
        format!("{}원", group_thousands(self.0))
    }

    /// English notation: `₩12,000`.
    pub fn format_en(self) -> String {
        format!("₩{}", group_thousands(self.0))
    }
}

impl Default for Money {
    fn default() -> Self {
        Money::ZERO
    }
}

fn group_thousands(value: i64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl TryFrom<i64> for Money {
    type Error = DomainError;
    fn try_from(amount: i64) -> Result<Self, DomainError> {
        Self::won(amount)
    }
}

impl From<Money> for i64 {
    fn from(money: Money) -> i64 {
        money.0
    }
}

/// How many of one dish: 1 to 99.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Quantity(u8);

impl Quantity {
    /// The most of one dish in one order.
    pub const MAX: u8 = 99;

    /// Parses a count of dishes.
    pub fn parse(count: i64) -> Result<Self, DomainError> {
        match u8::try_from(count) {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(Self(n)),
            _ => Err(DomainError::InvalidQuantity),
        }
    }

    /// The count.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Quantity {
    type Error = DomainError;
    fn try_from(count: i64) -> Result<Self, DomainError> {
        Self::parse(count)
    }
}

impl From<Quantity> for i64 {
    fn from(quantity: Quantity) -> i64 {
        i64::from(quantity.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_won_in_both_languages() {
        assert_eq!(Money::won(12_000).unwrap().format_ko(), "12,000원");
        assert_eq!(Money::won(1_234_567).unwrap().format_en(), "₩1,234,567");
        assert_eq!(Money::won(900).unwrap().format_ko(), "900원");
        assert_eq!(Money::ZERO.format_en(), "₩0");
    }

    #[test]
    fn refuses_negative_and_huge_amounts() {
        assert_eq!(Money::won(-1), Err(DomainError::InvalidMoney));
        assert_eq!(Money::won(Money::MAX + 1), Err(DomainError::InvalidMoney));
        let big = Money::won(Money::MAX).unwrap();
        assert_eq!(
            big.plus(Money::won(1).unwrap()),
            Err(DomainError::InvalidMoney)
        );
    }

    #[test]
    fn quantity_is_one_to_ninety_nine() {
        assert!(Quantity::parse(0).is_err());
        assert!(Quantity::parse(-3).is_err());
        assert!(Quantity::parse(100).is_err());
        assert_eq!(Quantity::parse(99).unwrap().get(), 99);
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Money>("-5").is_err());
        assert!(serde_json::from_str::<Quantity>("0").is_err());
        assert_eq!(serde_json::from_str::<Money>("3000").unwrap().get(), 3000);
    }
}
