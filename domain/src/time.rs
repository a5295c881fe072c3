use serde::{Deserialize, Serialize};

/// A moment as milliseconds since the Unix epoch. The caller reads the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// A moment given in milliseconds since the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// This moment plus some minutes.
    pub fn plus_minutes(self, minutes: u16) -> Self {
        Self(self.0 + i64::from(minutes) * 60_000)
    }
}
