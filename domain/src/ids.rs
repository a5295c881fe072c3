use serde::{Deserialize, Serialize};
use std::fmt;

use crate::DomainError;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub struct $name(i64);

        impl $name {
            /// Parses a raw database or wire id; ids are positive.
            pub fn parse(raw: i64) -> Result<Self, DomainError> {
                if raw > 0 {
                    Ok(Self(raw))
                } else {
                    Err(DomainError::InvalidId)
                }
            }

            /// The raw value, for storage and URLs.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = DomainError;
            fn try_from(raw: i64) -> Result<Self, DomainError> {
                Self::parse(raw)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// An order.
    OrderId
);
id_type!(
    /// A store.
    StoreId
);
id_type!(
    /// An account of any role.
    AccountId
);
id_type!(
    /// A dish on a store's menu.
    MenuItemId
);
id_type!(
    /// A coupon a store issued.
    CouponId
);
id_type!(
    /// A customer's saved delivery address.
    AddressId
);
id_type!(
    /// One choice within a dish's option group, such as "Large".
    OptionId
);
