//! Next runs (robfig's `spec.go` `Next` and `dayMatches`).

use super::{Fields, STAR_BIT};
use crate::calendar::{self, DateTime};

impl Fields {
    /// robfig's `dayMatches`: AND when either day field has the star bit, OR otherwise.
    pub(super) fn day_matches(&self, day: u8, weekday: u8) -> bool {
        let dom = self.dom & (1 << day) != 0;
        let dow = self.dow & (1 << weekday) != 0;
        if (self.dom | self.dow) & STAR_BIT != 0 {
            dom && dow
        } else {
            dom || dow
        }
    }

    /// Whether some date ever matches the day and month fields. Every (day of month, weekday)
    /// pair, 29 February included, occurs within the 400-year Gregorian cycle.
    pub(super) fn fires_on_some_day(&self) -> bool {
        (1..=12u8)
            .filter(|m| self.month & (1 << m) != 0)
            .any(|month| {
                let days = if month == 2 {
                    29
                } else {
                    calendar::days_in_month(2001, month)
                };
                (1..=days).any(|day| (0..7).any(|weekday| self.day_matches(day, weekday)))
            })
    }

    /// The first (hour, minute) at or after `hour:minute` on a matching day.
    pub(super) fn time_on_or_after(&self, hour: u8, minute: u8) -> Option<(u8, u8)> {
        if self.hour & (1 << hour) != 0
            && let Some(m) = next_value(self.minute, minute, 59)
        {
            return Some((hour, m));
        }
        let h = next_value(self.hour, hour + 1, 23)?;
        Some((h, next_value(self.minute, 0, 59)?))
    }

    /// The earliest whole minute after `after` that matches, searched day by day (skipping
    /// months that cannot match) up to the end of the fifth year after `after`, like robfig.
    pub(super) fn next_after(&self, after: DateTime) -> Option<DateTime> {
        let after = after.to_unix();
        // robfig starts at the next second; with seconds pinned to 0 that is the next minute.
        let start = DateTime::from_unix(after.div_euclid(60) * 60 + 60);
        let year_limit = DateTime::from_unix(after + 1).year.saturating_add(5);
        let mut day = calendar::days_from_civil(start.year, start.month, start.day);
        let mut first = true;
        // Six years of days bound the loop even if the year arithmetic were to misbehave.
        for _ in 0..(6 * 366 + 31) {
            let (year, month, dom) = calendar::civil_from_days(day);
            if year > year_limit {
                return None;
            }
            if self.month & (1 << month) == 0 {
                // On to the first of the next month.
                day += i64::from(calendar::days_in_month(year, month) - dom + 1);
                first = false;
                continue;
            }
            if self.day_matches(dom, calendar::weekday(year, month, dom)) {
                let (hour, minute) = if first {
                    (start.hour, start.minute)
                } else {
                    (0, 0)
                };
                if let Some((hour, minute)) = self.time_on_or_after(hour, minute) {
                    return Some(DateTime {
                        year,
                        month,
                        day: dom,
                        hour,
                        minute,
                        second: 0,
                    });
                }
            }
            day += 1;
            first = false;
        }
        None
    }
}

/// The smallest value ≥ `from` (and ≤ `max`) set in `mask`.
pub(super) fn next_value(mask: u64, from: u8, max: u8) -> Option<u8> {
    if from > max {
        return None;
    }
    let rest = (mask & !STAR_BIT) >> from;
    if rest == 0 {
        return None;
    }
    let value = from + rest.trailing_zeros() as u8;
    (value <= max).then_some(value)
}
