//! The five fields and their bounds (robfig's `spec.go`), as bit sets.

use super::STAR_BIT;
use crate::calendar::{self, MONTH_NAMES, WEEKDAY_NAMES};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl Field {
    pub(super) const ALL: [Field; 5] = [
        Field::Minute,
        Field::Hour,
        Field::DayOfMonth,
        Field::Month,
        Field::DayOfWeek,
    ];

    pub(super) fn min(self) -> u64 {
        match self {
            Field::DayOfMonth | Field::Month => 1,
            _ => 0,
        }
    }

    pub(super) fn max(self) -> u64 {
        match self {
            Field::Minute => 59,
            Field::Hour => 23,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 6,
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::DayOfMonth => "day-of-month",
            Field::Month => "month",
            Field::DayOfWeek => "day-of-week",
        }
    }

    /// What one step of the field is, for "every …".
    pub(super) fn unit(self) -> &'static str {
        match self {
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::DayOfMonth | Field::DayOfWeek => "day",
            Field::Month => "month",
        }
    }

    /// The values the field takes, for help texts.
    pub(super) fn takes(self) -> &'static str {
        match self {
            Field::Minute => "0–59",
            Field::Hour => "0–23",
            Field::DayOfMonth => "1–31",
            Field::Month => "1–12 or JAN–DEC",
            Field::DayOfWeek => "0–6 or SUN–SAT, with Sunday as 0",
        }
    }

    pub(super) fn names(self) -> &'static [&'static str] {
        match self {
            Field::Month => &MONTH_NAMES,
            Field::DayOfWeek => &WEEKDAY_NAMES,
            _ => &[],
        }
    }

    /// The value of a (lower-cased) name in this field.
    pub(super) fn name_value(self, lower: &str) -> Option<u64> {
        let index = calendar::name_index(self.names(), lower, true)? as u64;
        Some(if self == Field::Month {
            index + 1
        } else {
            index
        })
    }

    pub(super) fn is_day(self) -> bool {
        matches!(self, Field::DayOfMonth | Field::DayOfWeek)
    }
}

/// robfig's `getBits`: the values `min..=max` in steps of `step` (≥ 1).
pub(super) fn bits(min: u64, max: u64, step: u64) -> u64 {
    let mut bits = 0;
    let mut value = min;
    while value <= max {
        bits |= 1 << value;
        match value.checked_add(step) {
            Some(next) => value = next,
            None => break,
        }
    }
    bits
}

/// robfig's `all`: every value of the field, marked as written with `*`.
pub(super) fn all(field: Field) -> u64 {
    bits(field.min(), field.max(), 1) | STAR_BIT
}

/// The values set in `mask` (star bit excluded), in order.
pub(super) fn values(mask: u64) -> impl Iterator<Item = u64> {
    (0..63).filter(move |v| mask & (1 << v) != 0)
}
