//! When a store takes orders: its opening hours in Korean time.

use serde::{Deserialize, Serialize};

use crate::{DomainError, Timestamp};

const MINUTES_PER_DAY: u16 = 24 * 60;

/// Daily opening hours as minutes after midnight, Korean time. A store that
/// closes before it opens is open over midnight; equal times mean always open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawHours")]
pub struct OpeningHours {
    opens: u16,
    closes: u16,
}

/// Opening hours as they arrive, before they are checked.
#[derive(Deserialize)]
struct RawHours {
    opens: i64,
    closes: i64,
}

impl TryFrom<RawHours> for OpeningHours {
    type Error = DomainError;
    fn try_from(raw: RawHours) -> Result<Self, DomainError> {
        Self::parse(raw.opens, raw.closes)
    }
}

impl OpeningHours {
    /// Open day and night.
    pub const ALWAYS: OpeningHours = OpeningHours {
        opens: 0,
        closes: 0,
    };

    /// Parses opening and closing minutes after midnight, each 0 to 1439.
    pub fn parse(opens: i64, closes: i64) -> Result<Self, DomainError> {
        let minute = |m: i64| {
            u16::try_from(m)
                .ok()
                .filter(|m| *m < MINUTES_PER_DAY)
                .ok_or(DomainError::InvalidHours)
        };
        Ok(Self {
            opens: minute(opens)?,
            closes: minute(closes)?,
        })
    }

    /// Parses `HH:MM` times.
    pub fn parse_clock(opens: &str, closes: &str) -> Result<Self, DomainError> {
        Self::parse(clock_minutes(opens)?, clock_minutes(closes)?)
    }

    /// Opening time, minutes after midnight.
    pub fn opens(self) -> u16 {
        self.opens
    }

    /// Closing time, minutes after midnight.
    pub fn closes(self) -> u16 {
        self.closes
    }

    /// Whether `at` falls within these hours.
    pub fn is_open_at(self, at: Timestamp) -> bool {
        let minute = at.in_korea().minute_of_day;
        match self.opens.cmp(&self.closes) {
            std::cmp::Ordering::Equal => true,
            std::cmp::Ordering::Less => (self.opens..self.closes).contains(&minute),
            std::cmp::Ordering::Greater => minute >= self.opens || minute < self.closes,
        }
    }

    /// `HH:MM` of a minute after midnight.
    pub fn clock(minute: u16) -> String {
        format!("{:02}:{:02}", minute / 60, minute % 60)
    }
}

fn clock_minutes(text: &str) -> Result<i64, DomainError> {
    let (hours, minutes) = text
        .trim()
        .split_once(':')
        .ok_or(DomainError::InvalidHours)?;
    let hours: i64 = hours.parse().map_err(|_| DomainError::InvalidHours)?;
    let minutes: i64 = minutes.parse().map_err(|_| DomainError::InvalidHours)?;
    if !(0..24).contains(&hours) || !(0..60).contains(&minutes) {
        return Err(DomainError::InvalidHours);
    }
    Ok(hours * 60 + minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-23 00:00 in Korea.
    const MIDNIGHT_KST: i64 = 1_795_359_600_000;

    fn at(hour: i64, minute: i64) -> Timestamp {
        Timestamp::from_millis(MIDNIGHT_KST + (hour * 60 + minute) * 60_000)
    }

    #[test]
    fn daytime_hours() {
        let hours = OpeningHours::parse_clock("11:00", "22:00").unwrap();
        assert!(!hours.is_open_at(at(10, 59)));
        assert!(hours.is_open_at(at(11, 0)));
        assert!(hours.is_open_at(at(21, 59)));
        assert!(!hours.is_open_at(at(22, 0)));
    }

    #[test]
    fn hours_over_midnight_and_always_open() {
        let late = OpeningHours::parse_clock("18:00", "02:00").unwrap();
        assert!(late.is_open_at(at(23, 30)));
        assert!(late.is_open_at(at(1, 59)));
        assert!(!late.is_open_at(at(2, 0)));
        assert!(!late.is_open_at(at(12, 0)));
        assert!(OpeningHours::ALWAYS.is_open_at(at(4, 0)));
    }

    #[test]
    fn malformed_times_are_refused() {
        for (opens, closes) in [
            ("24:00", "10:00"),
            ("9", "10:00"),
            ("09:60", "10:00"),
            ("", ""),
        ] {
            assert_eq!(
                OpeningHours::parse_clock(opens, closes),
                Err(DomainError::InvalidHours)
            );
        }
        assert_eq!(OpeningHours::parse(-1, 0), Err(DomainError::InvalidHours));
        assert!(serde_json::from_str::<OpeningHours>(r#"{"opens":1440,"closes":0}"#).is_err());
        let hours: OpeningHours = serde_json::from_str(r#"{"opens":660,"closes":1320}"#).unwrap();
        assert_eq!((hours.opens(), hours.closes()), (660, 1320));
        assert_eq!(OpeningHours::clock(9 * 60 + 5), "09:05");
    }
}
