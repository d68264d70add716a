//! UTC civil time: just enough calendar arithmetic for cron previews and backup names.
//!
//! Both cron dialects the chart uses run in UTC in practice (Elasticsearch always, the
//! Kubernetes controller manager almost always), so a zone-free type is the honest model.
//! Kept in-house because the rules need only a handful of operations (days in a month, the
//! weekday, stepping by days) and the crate must stay light for installers that embed it.

use std::fmt;

/// A moment in UTC with one-second resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// Year of the Gregorian calendar.
    pub year: i32,
    /// 1–12
    pub month: u8,
    /// 1–31
    pub day: u8,
    /// 0–23
    pub hour: u8,
    /// 0–59
    pub minute: u8,
    /// 0–59
    pub second: u8,
}

/// The English day names, Sunday first: the index is [`weekday`]'s number (Sunday = 0). The one
/// table of day names: every parser and renderer reads it, in the case its consumer uses.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The English month names, January first: the index is the month number - 1.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The three-letter abbreviation of a day or month name (`Sunday` → `Sun`), as cron, C and
/// Python abbreviate them.
pub fn abbreviation(name: &'static str) -> &'static str {
    name.get(..3).unwrap_or(name)
}

/// The index in `names` of `text`, compared ignoring ASCII case, as the full name or (when
/// `abbreviated`) as its three-letter abbreviation.
pub fn name_index(names: &[&'static str], text: &str, abbreviated: bool) -> Option<usize> {
    names.iter().position(|&name| {
        let name = if abbreviated {
            abbreviation(name)
        } else {
            name
        };
        name.eq_ignore_ascii_case(text)
    })
}

/// Whether `year` has a 29 February (proleptic Gregorian calendar).
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Day of the week of a civil date: 0 = Sunday … 6 = Saturday.
pub fn weekday(year: i32, month: u8, day: u8) -> u8 {
    // 1970-01-01 was a Thursday (4).
    (days_from_civil(year, month, day) + 4).rem_euclid(7) as u8
}

impl DateTime {
    /// Midnight at the start of a civil date.
    pub fn from_date(year: i32, month: u8, day: u8) -> Self {
        DateTime {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }

    /// The moment `secs` seconds after 1970-01-01T00:00:00Z.
    pub fn from_unix(secs: i64) -> Self {
        let days = secs.div_euclid(86_400);
        let rest = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        DateTime {
            year,
            month,
            day,
            hour: (rest / 3600) as u8,
            minute: (rest % 3600 / 60) as u8,
            second: (rest % 60) as u8,
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn to_unix(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// The current time from the system clock.
    pub fn now() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        DateTime::from_unix(secs)
    }

    /// Day of the week: 0 = Sunday … 6 = Saturday.
    pub fn weekday(&self) -> u8 {
        weekday(self.year, self.month, self.day)
    }

    /// Day of the year, 1–366.
    pub fn day_of_year(&self) -> u16 {
        (days_from_civil(self.year, self.month, self.day) - days_from_civil(self.year, 1, 1) + 1)
            as u16
    }

    /// The same moment `secs` seconds later (or earlier when negative).
    pub fn plus_seconds(&self, secs: i64) -> Self {
        DateTime::from_unix(self.to_unix() + secs)
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS][Z]` or `YYYY-MM-DD` (UTC), as accepted by `--from`.
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text
            .strip_suffix('Z')
            .or_else(|| text.strip_suffix("+00:00"))
            .unwrap_or(text);
        let (date, time) = match text.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t)),
            None => (text, None),
        };
        let mut date_parts = date.split('-');
        let year: i32 = date_parts.next()?.parse().ok()?;
        let month: u8 = date_parts.next()?.parse().ok()?;
        let day: u8 = date_parts.next()?.parse().ok()?;
        if date_parts.next().is_some() || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let (mut hour, mut minute, mut second) = (0u8, 0u8, 0u8);
        if let Some(time) = time {
            let mut parts = time.split(':');
            hour = parts.next()?.parse().ok()?;
            minute = parts.next()?.parse().ok()?;
            if let Some(s) = parts.next() {
                second = s.parse().ok()?;
            }
            if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
                return None;
            }
        }
        Some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }
}

impl serde::Serialize for DateTime {
    /// As RFC 3339 text, the form every output shows.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 in UTC: `2026-11-26T03:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_four_centuries() {
        for days in (-800_000..800_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
            assert!(d >= 1 && d <= days_in_month(y, m));
        }
    }

    #[test]
    fn known_weekdays() {
        assert_eq!(weekday(1970, 1, 1), 4); // Thursday
        assert_eq!(weekday(2026, 11, 25), 3); // Wednesday
        assert_eq!(weekday(2000, 2, 29), 2); // Tuesday
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(2100));
        assert!(is_leap_year(2028));
        assert_eq!(days_in_month(2027, 2), 28);
    }

    #[test]
    fn unix_and_rfc3339() {
        let t = DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap();
        assert_eq!(t.to_unix(), 1_795_600_800);
        assert_eq!(DateTime::from_unix(t.to_unix()), t);
        assert_eq!(t.to_string(), "2026-11-25T10:00:00Z");
        assert_eq!(DateTime::parse_rfc3339("2026-02-30"), None);
        assert_eq!(t.day_of_year(), 329);
    }
}
