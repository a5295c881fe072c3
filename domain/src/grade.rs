//! A customer's grade, which rises with completed orders.

use serde::{Deserialize, Serialize};

/// From lowest to highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 일반: every customer starts here.
    Regular,
    /// 단골: a regular.
    Loyal,
    /// VIP.
    Vip,
}

/// How many completed orders each grade takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeThresholds {
    pub loyal: u32,
    pub vip: u32,
}

impl Default for GradeThresholds {
    fn default() -> Self {
        Self { loyal: 3, vip: 10 }
    }
}

impl Grade {
    /// The grade of a customer with `completed` completed orders.
    pub fn for_completed(completed: u32, thresholds: GradeThresholds) -> Grade {
        if completed >= thresholds.vip {
            Grade::Vip
        } else if completed >= thresholds.loyal {
            Grade::Loyal
        } else {
            Grade::Regular
        }
    }

    /// The completed orders the next grade takes, if there is one.
    pub fn next_at(self, thresholds: GradeThresholds) -> Option<u32> {
        match self {
            Grade::Regular => Some(thresholds.loyal),
            Grade::Loyal => Some(thresholds.vip),
            Grade::Vip => None,
        }
    }

    /// The new grade if completing one more order raises it.
    pub fn raised_by_one_more(completed_before: u32, thresholds: GradeThresholds) -> Option<Grade> {
        let before = Grade::for_completed(completed_before, thresholds);
        let after = Grade::for_completed(completed_before.saturating_add(1), thresholds);
        (after > before).then_some(after)
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Regular => "regular",
            Grade::Loyal => "loyal",
            Grade::Vip => "vip",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_rise_at_their_thresholds() {
        let t = GradeThresholds { loyal: 3, vip: 10 };
        assert_eq!(Grade::for_completed(0, t), Grade::Regular);
        assert_eq!(Grade::for_completed(2, t), Grade::Regular);
        assert_eq!(Grade::for_completed(3, t), Grade::Loyal);
        assert_eq!(Grade::for_completed(10, t), Grade::Vip);
        assert_eq!(Grade::raised_by_one_more(2, t), Some(Grade::Loyal));
        assert_eq!(Grade::raised_by_one_more(3, t), None);
        assert_eq!(Grade::raised_by_one_more(9, t), Some(Grade::Vip));
        assert_eq!(Grade::raised_by_one_more(10, t), None);
        assert_eq!(Grade::Loyal.next_at(t), Some(10));
        assert_eq!(Grade::Vip.next_at(t), None);
    }
}
