//! From a parsed `date -d` string and "now" to an instant: a port of the second half of
//! gnulib's `parse_datetime_body` for TZ=UTC, where `mktime` and `localtime` are plain
//! calendar arithmetic.
//!
//! gnulib keeps broken-down times in a C `struct tm`, whose fields are `int`: several steps
//! below check that a value fits an `i32` because `date` fails when it does not.

use super::grammar::Control;
use super::lexer::Meridian;
use crate::calendar::DateTime;

const BILLION: i64 = 1_000_000_000;

/// Why an input that parsed still does not name an instant (each is a `date: invalid date`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// Two dates, two times, two days of the week or two zones.
    SeveralOf(&'static str),
    /// The hour does not exist on the clock used (`13pm`, `24:00`).
    Hour,
    /// A calendar field out of its range (`2024-02-30`, `12:60`).
    InvalidDate,
    /// A value past what `time_t` or the `int` fields of `struct tm` hold.
    OutOfRange,
}

/// A broken-down UTC time, with gnulib's conventions: `mon` is 0–11, `year` is the real year.
#[derive(Clone, Copy, Debug)]
struct Tm {
    year: i64,
    mon: i64,
    mday: i64,
    hour: i64,
    min: i64,
    sec: i64,
}

/// `tm_year` (the year minus 1900) must fit a C `int`.
fn tm_year_fits(year: i64) -> bool {
    i32::try_from(year - 1900).is_ok()
}

/// Days in month `mon` (0–11) of `year`, on `i64` years.
fn month_length(year: i64, mon: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match mon {
        1 if leap => 29,
        1 => 28,
        3 | 5 | 8 | 10 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for any proleptic Gregorian date (Howard Hinnant's algorithm), on
/// `i64` years since `struct tm` years reach past `i32`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `mktime` in UTC: normalises out-of-range months and days the way glibc does (months carry
/// into years first, then days count from the first of that month), and fails when the
/// normalised year does not fit `tm_year`. Returns the normalised time and its seconds.
fn mktime(tm: Tm) -> Option<(Tm, i64)> {
    let year = tm.year.checked_add(tm.mon.div_euclid(12))?;
    let mon = tm.mon.rem_euclid(12);
    let days = days_from_civil(year, mon + 1, 1).checked_add(tm.mday - 1)?;
    let secs = days
        .checked_mul(86_400)?
        .checked_add(tm.hour * 3600 + tm.min * 60 + tm.sec)?;
    let (year, month, mday) = civil_from_days(secs.div_euclid(86_400));
    if !tm_year_fits(year) {
        return None;
    }
    let rest = secs.rem_euclid(86_400);
    let normalised = Tm {
        year,
        mon: month - 1,
        mday,
        hour: rest / 3600,
        min: rest % 3600 / 60,
        sec: rest % 60,
    };
    Some((normalised, secs))
}

/// Port of `to_hour`: the 24-hour value of an hour on `meridian`'s clock.
fn to_hour(hours: i64, meridian: Meridian) -> Option<i64> {
    match meridian {
        Meridian::H24 => (0..24).contains(&hours).then_some(hours),
        Meridian::Am => match hours {
            1..=11 => Some(hours),
            12 => Some(0),
            _ => None,
        },
        Meridian::Pm => match hours {
            1..=11 => Some(hours + 12),
            12 => Some(12),
            _ => None,
        },
    }
}

/// Port of `to_tm_year`: two-digit years are 1969–2068; a negative year counts as its
/// absolute value (gnulib's arithmetic, kept). The result must fit `tm_year`.
fn to_year(value: i64, digits: i64) -> Option<i64> {
    let mut year = value;
    if year >= 0 && digits == 2 {
        year += if year < 69 { 2000 } else { 1900 };
    }
    let tm_year = if year < 0 {
        (-1900i64).checked_sub(year)?
    } else {
        year.checked_sub(1900)?
    };
    i32::try_from(tm_year).ok().map(|t| i64::from(t) + 1900)
}

/// Resolves `c` against `now` (seconds since the epoch; its nanoseconds are zero), giving the
/// instant as seconds and nanoseconds. Port of `parse_datetime_body` after `yyparse`.
pub(super) fn resolve(c: &Control, now: i64) -> Result<(i64, i64), Failure> {
    if let Some(instant) = c.timespec {
        return Ok(instant);
    }
    // gnulib ORs the counts together, so 2 and 1 fail as surely as 2 and 2.
    if 1 < (c.times_seen | c.dates_seen | c.days_seen | c.zones_seen) {
        let what = if c.times_seen > 1 {
            "time"
        } else if c.dates_seen > 1 {
            "date"
        } else if c.days_seen > 1 {
            "day of the week"
        } else {
            "time zone"
        };
        return Err(Failure::SeveralOf(what));
    }
    let now_tm = DateTime::from_unix(now);
    let (year_value, year_digits) = c.year.unwrap_or((i64::from(now_tm.year), 0));
    let year = to_year(year_value, year_digits).ok_or(Failure::OutOfRange)?;
    let int = |v: i64| {
        i32::try_from(v)
            .map(i64::from)
            .map_err(|_| Failure::OutOfRange)
    };
    let mon = int(c
        .month
        .unwrap_or(i64::from(now_tm.month))
        .checked_sub(1)
        .ok_or(Failure::OutOfRange)?)?;
    let mday = int(c.day.unwrap_or(i64::from(now_tm.day)))?;

    let (hour, min, sec, mut nsec);
    if c.times_seen > 0 || (c.rels_seen && c.dates_seen == 0 && c.days_seen == 0) {
        let clock = c.clock.unwrap_or(super::grammar::Clock {
            hour: i64::from(now_tm.hour),
            minutes: i64::from(now_tm.minute),
            sec: i64::from(now_tm.second),
            nsec: 0,
        });
        hour = to_hour(clock.hour, c.meridian.unwrap_or(Meridian::H24)).ok_or(Failure::Hour)?;
        // `tm_min = pc.minutes` converts to `int` by wrapping; the range check comes after.
        min = i64::from(clock.minutes as i32);
        sec = i64::from(clock.sec as i32);
        nsec = clock.nsec;
    } else {
        (hour, min, sec, nsec) = (0, 0, 0, 0);
    }

    // `mktime_ok`: the first mktime must not have normalised anything.
    let valid = (0..=59).contains(&sec)
        && (0..=59).contains(&min)
        && (0..=11).contains(&mon)
        && mday >= 1
        && mday <= month_length(year, mon);
    if !valid {
        return Err(Failure::InvalidDate);
    }
    let tm0 = Tm {
        year,
        mon,
        mday,
        hour,
        min,
        sec,
    };
    let (mut tm, mut start) = mktime(tm0).ok_or(Failure::OutOfRange)?;

    if c.days_seen > 0 && c.dates_seen == 0 {
        // `next friday` is the first Friday after today; `friday` may be today.
        let wday = (start.div_euclid(86_400) + 4).rem_euclid(7);
        let ordinal = c.day_ordinal - i64::from(0 < c.day_ordinal && wday != c.day_number);
        let shifted = ordinal
            .checked_mul(7)
            .and_then(|d| d.checked_add((c.day_number - wday + 7) % 7))
            .and_then(|d| d.checked_add(tm.mday))
            .and_then(|d| i32::try_from(d).ok());
        let moved = shifted.and_then(|mday| {
            mktime(Tm {
                mday: i64::from(mday),
                ..tm
            })
        });
        (tm, start) = moved.ok_or(Failure::OutOfRange)?;
    }

    let rel = &c.rel;
    if rel.years != 0 || rel.months != 0 || rel.days != 0 {
        let add = |a: i64, b: i64| {
            a.checked_add(b)
                .filter(|v| i32::try_from(*v).is_ok())
                .ok_or(Failure::OutOfRange)
        };
        // The year is added as `tm_year`, an `int` counted from 1900.
        let tm_year = add(tm.year - 1900, rel.years)?;
        let shifted = Tm {
            year: tm_year + 1900,
            mon: add(tm.mon, rel.months)?,
            mday: add(tm.mday, rel.days)?,
            hour: tm0.hour,
            min: tm0.min,
            sec: tm0.sec,
        };
        (_, start) = mktime(shifted).ok_or(Failure::OutOfRange)?;
    }

    if c.zones_seen > 0 {
        start = start.checked_sub(c.time_zone).ok_or(Failure::OutOfRange)?;
    }

    // Hours, minutes and seconds are added as seconds, after the zone.
    let sum_ns = nsec + rel.nanoseconds;
    let normalised_ns = sum_ns.rem_euclid(BILLION);
    let carry = (sum_ns - normalised_ns) / BILLION;
    let instant = rel
        .hours
        .checked_mul(3600)
        .and_then(|d| start.checked_add(d))
        .and_then(|t| rel.minutes.checked_mul(60).and_then(|d| t.checked_add(d)))
        .and_then(|t| t.checked_add(rel.seconds))
        .and_then(|t| t.checked_add(carry))
        .ok_or(Failure::OutOfRange)?;
    nsec = normalised_ns;
    Ok((instant, nsec))
}

/// Whether `date` can print `instant`: its `localtime` needs the year to fit `tm_year`.
pub(super) fn printable(instant: i64) -> bool {
    let (year, _, _) = civil_from_days(instant.div_euclid(86_400));
    tm_year_fits(year)
}

/// The calendar time of `instant`, when [`DateTime`] can hold it (a year that fits `i32`;
/// `date` also prints years up to 1899 beyond that).
pub(super) fn to_date_time(instant: i64) -> Option<DateTime> {
    let (year, _, _) = civil_from_days(instant.div_euclid(86_400));
    if !tm_year_fits(year) || i32::try_from(year).is_err() {
        return None;
    }
    Some(DateTime::from_unix(instant))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mktime_normalises_like_glibc() {
        let tm = |year, mon, mday| Tm {
            year,
            mon,
            mday,
            hour: 0,
            min: 0,
            sec: 0,
        };
        // 2026-03-31 minus one month is 2026-02-31, that is 2026-03-03.
        let (t, _) = mktime(tm(2026, 1, 31)).unwrap();
        assert_eq!((t.year, t.mon, t.mday), (2026, 2, 3));
        // Month -1 is December of the year before; day 0 the last day of the month before.
        let (t, _) = mktime(tm(2026, -1, 0)).unwrap();
        assert_eq!((t.year, t.mon, t.mday), (2025, 10, 30));
        assert!(mktime(tm(i64::from(i32::MAX) + 1900, 12, 1)).is_none());
    }

    #[test]
    fn hours_on_each_clock() {
        assert_eq!(to_hour(12, Meridian::Am), Some(0));
        assert_eq!(to_hour(12, Meridian::Pm), Some(12));
        assert_eq!(to_hour(13, Meridian::Pm), None);
        assert_eq!(to_hour(0, Meridian::Am), None);
        assert_eq!(to_hour(24, Meridian::H24), None);
    }

    #[test]
    fn two_digit_and_negative_years() {
        assert_eq!(to_year(68, 2), Some(2068));
        assert_eq!(to_year(69, 2), Some(1969));
        assert_eq!(to_year(69, 3), Some(69));
        assert_eq!(to_year(-1992, 4), Some(1992));
        assert_eq!(to_year(i64::MAX, 19), None);
    }
}
