//! The seven fields of a Quartz expression, and what Elasticsearch's `Cron` keeps of them.

use super::{ALL_SPEC, FIRST_YEAR, NO_SPEC};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

impl Field {
    pub(super) const ALL: [Field; 7] = [
        Field::Second,
        Field::Minute,
        Field::Hour,
        Field::DayOfMonth,
        Field::Month,
        Field::DayOfWeek,
        Field::Year,
    ];

    pub(super) fn index(self) -> usize {
        self as usize
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Second => "seconds",
            Field::Minute => "minutes",
            Field::Hour => "hours",
            Field::DayOfMonth => "day-of-month",
            Field::Month => "month",
            Field::DayOfWeek => "day-of-week",
            Field::Year => "year",
        }
    }

    /// What `*` means in this field, for messages.
    pub(super) fn every(self) -> &'static str {
        match self {
            Field::Second => "every second",
            Field::Minute => "every minute",
            Field::Hour => "every hour",
            Field::DayOfMonth | Field::DayOfWeek => "every day",
            Field::Month => "every month",
            Field::Year => "every year",
        }
    }

    /// Where `*`, `/step` and open ranges start.
    pub(super) fn min(self) -> i32 {
        match self {
            Field::Second | Field::Minute | Field::Hour => 0,
            Field::DayOfMonth | Field::Month | Field::DayOfWeek => 1,
            Field::Year => FIRST_YEAR,
        }
    }

    /// Where `*` and `start/step` end. Elasticsearch fills years up to "this year + 100".
    pub(super) fn open_end(self, max_year: i32) -> i32 {
        match self {
            Field::Second | Field::Minute => 59,
            Field::Hour => 23,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 7,
            Field::Year => max_year,
        }
    }

    /// The modulus of a wrap-around range such as `22-2` (years never wrap).
    pub(super) fn cycle(self) -> i32 {
        match self {
            Field::Second | Field::Minute => 60,
            Field::Hour => 24,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 7,
            Field::Year => 1,
        }
    }

    pub(super) fn one_based(self) -> bool {
        matches!(self, Field::DayOfMonth | Field::Month | Field::DayOfWeek)
    }

    /// The largest step allowed after `*` or a bare `/`, and the limit as Elasticsearch's error
    /// message words it (`increment [60] > 60`).
    pub(super) fn step_cap(self) -> Option<(i32, i32)> {
        match self {
            Field::Second | Field::Minute => Some((59, 60)),
            Field::Hour => Some((23, 24)),
            Field::DayOfMonth => Some((31, 31)),
            Field::Month => Some((12, 12)),
            Field::DayOfWeek => Some((7, 7)),
            Field::Year => None,
        }
    }

    /// Elasticsearch's message for a value out of range (`addToSet`).
    pub(super) fn range_message(self) -> &'static str {
        match self {
            Field::Second | Field::Minute => "Minute and Second values must be between 0 and 59",
            Field::Hour => "Hour values must be between 0 and 23",
            Field::DayOfMonth => "Day of month values must be between 1 and 31",
            Field::Month => "Month values must be between 1 and 12",
            Field::DayOfWeek => "Day-of-Week values must be between 1 and 7",
            // Elasticsearch never range-checks years; kept for completeness.
            Field::Year => "Year values must be between 1970 and 2099",
        }
    }

    pub(super) fn valid_values(self) -> &'static str {
        match self {
            Field::Second => "seconds are 0-59",
            Field::Minute => "minutes are 0-59",
            Field::Hour => "hours are 0-23 (UTC)",
            Field::DayOfMonth => "days of the month are 1-31",
            Field::Month => "months are 1-12 or JAN-DEC",
            Field::DayOfWeek => {
                "days of the week are 1-7 counted from Sunday (SUN=1 ... SAT=7), or SUN-SAT"
            }
            Field::Year => "years are 1970-2099",
        }
    }
}

/// What Elasticsearch's `Cron` keeps after parsing: one value set per field plus the flags for
/// `L`, `W` and `#`. The sets hold Elasticsearch's markers (`99` with every `*`, `98` for `?`)
/// exactly as the Java `TreeSet`s do, because `?` is decided by looking for `98`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Rules {
    pub(super) sets: [BTreeSet<i32>; 7],
    pub(super) lastday_of_week: bool,
    pub(super) nthday_of_week: i32,
    pub(super) lastday_of_month: bool,
    pub(super) nearest_weekday: bool,
    pub(super) lastday_offset: i32,
}

impl Rules {
    pub(super) fn set(&self, field: Field) -> &BTreeSet<i32> {
        &self.sets[field.index()]
    }

    /// Values of a day field other than the `*`/`?` markers.
    pub(super) fn real_values(&self, field: Field) -> impl Iterator<Item = i32> + '_ {
        self.set(field)
            .iter()
            .copied()
            .filter(|&v| v != ALL_SPEC && v != NO_SPEC)
    }

    pub(super) fn uses_day_of_month(&self) -> bool {
        !self.set(Field::DayOfMonth).contains(&NO_SPEC)
    }

    pub(super) fn uses_day_of_week(&self) -> bool {
        !self.set(Field::DayOfWeek).contains(&NO_SPEC)
    }
}
