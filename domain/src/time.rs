use serde::{Deserialize, Serialize};

/// A moment as milliseconds since the Unix epoch. The caller reads the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

/// Korea's offset from UTC; Korea keeps no daylight saving time.
const KOREA_OFFSET_MS: i64 = 9 * 3_600_000;
const DAY_MS: i64 = 86_400_000;

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

    /// The day and the time of day in Korea at this moment: the one reading of
    /// the clock that opening hours, dates on screen and daily figures share.
    pub fn in_korea(self) -> KoreanTime {
        let local = self.0 + KOREA_OFFSET_MS;
        let day_number = local.div_euclid(DAY_MS);
        let (year, month, day) = civil_date(day_number);
        KoreanTime {
            day_number,
            year,
            month,
            day,
            minute_of_day: u16::try_from(local.rem_euclid(DAY_MS) / 60_000).unwrap_or_default(),
        }
    }
}

/// A moment read on a clock in Korea.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KoreanTime {
    /// The calendar day, as days since 1970-01-01.
    pub day_number: i64,
    pub year: i64,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
    /// Minutes after midnight, 0 to 1439.
    pub minute_of_day: u16,
}

impl KoreanTime {
    /// `2026-11-23`.
    pub fn date_text(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `09:05`.
    pub fn clock_text(self) -> String {
        format!(
            "{:02}:{:02}",
            self.minute_of_day / 60,
            self.minute_of_day % 60
        )
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        year,
        u8::try_from(month).unwrap_or_default(),
        u8::try_from(day).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-23 00:00 in Korea is 2026-11-22 15:00 UTC.
    const MIDNIGHT_IN_KOREA: i64 = 1_795_359_600_000;

    #[test]
    fn korean_days_turn_at_midnight_in_korea() {
        let midnight = Timestamp::from_millis(MIDNIGHT_IN_KOREA).in_korea();
        assert_eq!(midnight.date_text(), "2026-11-23");
        assert_eq!(midnight.clock_text(), "00:00");
        let before = Timestamp::from_millis(MIDNIGHT_IN_KOREA - 1).in_korea();
        assert_eq!(before.date_text(), "2026-11-22");
        assert_eq!(before.clock_text(), "23:59");
        assert_eq!(midnight.day_number, before.day_number + 1);
    }

    #[test]
    fn civil_dates_over_the_epoch_and_leap_days() {
        let epoch = Timestamp::from_millis(0).in_korea();
        assert_eq!(epoch.date_text(), "1970-01-01");
        assert_eq!(epoch.clock_text(), "09:00");
        assert_eq!(epoch.day_number, 0);
        // 2024-02-29 12:00 UTC.
        let leap = Timestamp::from_millis(1_709_208_000_000).in_korea();
        assert_eq!((leap.year, leap.month, leap.day), (2024, 2, 29));
        assert_eq!(leap.clock_text(), "21:00");
        // Before the epoch: 1969-12-31 14:59 UTC is 23:59 in Korea.
        let before_epoch = Timestamp::from_millis(-9 * 3_600_000 - 60_000).in_korea();
        assert_eq!(before_epoch.date_text(), "1969-12-31");
        assert_eq!(before_epoch.day_number, -1);
    }
}
