use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A short human reason, such as why a store rejected an order: 1 to 200
/// characters once trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reason(String);

impl Reason {
    /// The longest reason, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Parses free text into a reason.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let trimmed = text.trim();
        let length = trimmed.chars().count();
        if length == 0 || length > Self::MAX_CHARS || trimmed.chars().any(char::is_control) {
            Err(DomainError::InvalidReason)
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Reason {
    type Error = DomainError;
    fn try_from(text: String) -> Result<Self, DomainError> {
        Self::parse(&text)
    }
}

impl From<Reason> for String {
    fn from(reason: Reason) -> String {
        reason.0
    }
}
