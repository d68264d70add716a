//! The second half of `_strptime._strptime`: the captured fields to a date and time, with
//! CPython's checks and error texts.

use super::ParsedTime;
use super::compile::Compiled;
use super::python::{py_repr, timedelta_repr};
use crate::calendar::{self, civil_from_days, days_from_civil, days_in_month, is_leap_year};
use crate::issue::ValueIssue;

/// A captured group: its name, text, and byte range in the parsed text.
pub(super) struct Field {
    pub(super) name: char,
    pub(super) text: String,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// `int()` of a captured run of ASCII digits (`%d` may capture a leading space, which
/// `int()` ignores; the regexes admit nothing else).
pub(super) fn int(text: &str) -> i64 {
    text.bytes().filter(u8::is_ascii_digit).fold(0i64, |n, b| {
        n.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    })
}

/// CPython's weekday number (Monday = 0) for a `%A` or `%a` match.
pub(super) fn weekday_index(name: char, text: &str) -> i64 {
    calendar::name_index(&calendar::WEEKDAY_NAMES, text, name != 'A')
        .map_or(0, |sunday_first| (sunday_first as i64 + 6) % 7)
}

/// The month number for a `%B` or `%b` match.
pub(super) fn month_index(name: char, text: &str) -> u8 {
    calendar::name_index(&calendar::MONTH_NAMES, text, name != 'B').map_or(1, |n| n as u8 + 1)
}

/// Python's `date.toordinal()` (0001-01-01 is day 1).
pub(super) fn to_ordinal(year: i64, month: u8, day: u8) -> i64 {
    days_from_civil(year as i32, month, day) + 719_163
}

/// Python's `date(year, month, day)` argument checks.
pub(super) fn check_date(year: i64, month: u8, day: u8) -> Result<(), String> {
    if !(1..=9999).contains(&year) {
        return Err(format!("year {year} is out of range"));
    }
    if !(1..=12).contains(&month) {
        return Err("month must be in 1..12".into());
    }
    if day < 1 || day > days_in_month(year as i32, month) {
        return Err("day is out of range for month".into());
    }
    Ok(())
}

/// Python's `date.fromordinal`.
pub(super) fn from_ordinal(ordinal: i64) -> Result<(i64, u8, u8), String> {
    if ordinal < 1 {
        return Err("ordinal must be >= 1".into());
    }
    let (year, month, day) = civil_from_days(ordinal - 719_163);
    check_date(i64::from(year), month, day)?;
    Ok((i64::from(year), month, day))
}

/// Monday = 0, as Python's `date.weekday()`.
pub(super) fn py_weekday(year: i64, month: u8, day: u8) -> i64 {
    (i64::from(crate::calendar::weekday(year as i32, month, day)) + 6) % 7
}

/// The second half of `_strptime._strptime` and `_strptime_datetime`: combine the groups.
pub(super) fn build(
    compiled: &Compiled,
    fields: &[Field],
    text_len: usize,
) -> Result<ParsedTime, ValueIssue> {
    // The first field, in the order of `names`, that the text has.
    let span_of = |names: &str| {
        names
            .chars()
            .find_map(|name| fields.iter().find(|f| f.name == name))
            .map_or((0, text_len), |f| (f.start, f.end))
    };
    let fail = |message: String, names: &str| {
        let (start, end) = span_of(names);
        ValueIssue::new(message, start, end)
    };
    let (mut year, mut iso_year): (Option<i64>, Option<i64>) = (None, None);
    let (mut month, mut day) = (1u8, 1u8);
    let (mut hour, mut minute, mut second, mut fraction) = (0i64, 0i64, 0i64, 0i64);
    let (mut iso_week, mut week_of_year, mut week_starts_monday) = (None, None, false);
    let (mut weekday, mut julian): (Option<i64>, Option<i64>) = (None, None);
    let mut gmtoff: Option<(i64, i64)> = None;
    let ampm = fields
        .iter()
        .find(|f| f.name == 'p')
        .map(|f| f.text.to_ascii_lowercase());
    for field in fields {
        let value = &field.text;
        match field.name {
            'y' => {
                let yy = int(value);
                year = Some(if yy <= 68 { yy + 2000 } else { yy + 1900 });
            }
            'Y' => year = Some(int(value)),
            'G' => iso_year = Some(int(value)),
            'm' => month = int(value) as u8,
            'B' | 'b' => month = month_index(field.name, value),
            'd' => day = int(value) as u8,
            'H' => hour = int(value),
            'I' => {
                hour = int(value);
                match ampm.as_deref() {
                    None | Some("am") => {
                        if hour == 12 {
                            hour = 0;
                        }
                    }
                    _ => {
                        if hour != 12 {
                            hour += 12;
                        }
                    }
                }
            }
            'M' => minute = int(value),
            'S' => second = int(value),
            'f' => fraction = int(&format!("{value:0<6}")),
            'A' | 'a' => weekday = Some(weekday_index(field.name, value)),
            'w' => weekday = Some((int(value) + 6) % 7),
            'u' => weekday = Some(int(value) - 1),
            'j' => julian = Some(int(value)),
            'U' | 'W' => {
                week_of_year = Some(int(value));
                week_starts_monday = field.name == 'W';
            }
            'V' => iso_week = Some(int(value)),
            'z' => gmtoff = Some(parse_offset(value).map_err(|m| fail(m, "z"))?),
            _ => {}
        }
    }
    compiled.check_iso_directives()?;
    // Point a date error at the fields it is about.
    let date_error = |message: String| {
        let names = if message.starts_with("day") {
            "dmbB"
        } else {
            "YyGjUWV"
        };
        fail(message, names)
    };
    let leap_year_fix = year.is_none() && month == 2 && day == 29;
    let mut year = year.unwrap_or(if leap_year_fix { 1904 } else { 1900 });
    if let (None, Some(weekday)) = (julian, weekday) {
        if let Some(week) = week_of_year {
            check_date(year, 1, 1).map_err(date_error)?;
            let mut first_weekday = py_weekday(year, 1, 1);
            let mut day_of_week = weekday;
            if !week_starts_monday {
                first_weekday = (first_weekday + 1) % 7;
                day_of_week = (day_of_week + 1) % 7;
            }
            let week_0_length = (7 - first_weekday) % 7;
            julian = Some(if week == 0 {
                1 + day_of_week - first_weekday
            } else {
                1 + week_0_length + 7 * (week - 1) + day_of_week
            });
        } else if let (Some(mut iso_year), Some(iso_week)) = (iso_year, iso_week) {
            check_date(iso_year, 1, 4).map_err(date_error)?;
            let correction = py_weekday(iso_year, 1, 4) + 1 + 3;
            let mut ordinal = iso_week * 7 + weekday + 1 - correction;
            if ordinal < 1 {
                check_date(iso_year, 1, 1).map_err(date_error)?;
                ordinal += to_ordinal(iso_year, 1, 1);
                iso_year -= 1;
                check_date(iso_year, 1, 1).map_err(date_error)?;
                ordinal -= to_ordinal(iso_year, 1, 1);
            }
            year = iso_year;
            julian = Some(ordinal);
        }
        if let Some(days) = julian.filter(|&j| j <= 0) {
            year -= 1;
            julian = Some(days + if is_leap_year(year as i32) { 366 } else { 365 });
        }
    }
    if let Some(days) = julian {
        check_date(year, 1, 1).map_err(date_error)?;
        let (y, m, d) = from_ordinal(days - 1 + to_ordinal(year, 1, 1)).map_err(date_error)?;
        (year, month, day) = (y, m, d);
    } else {
        check_date(year, month, day).map_err(date_error)?;
    }
    if leap_year_fix {
        year = 1900;
    }
    let utc_offset = match gmtoff {
        Some((seconds, micros)) => {
            let total = seconds * 1_000_000 + micros;
            if total.abs() >= 86_400_000_000 {
                return Err(fail(
                    format!(
                        "offset must be a timedelta strictly between -timedelta(hours=24) and \
                         timedelta(hours=24), not {}.",
                        timedelta_repr(total)
                    ),
                    "z",
                ));
            }
            Some(total)
        }
        None => None,
    };
    check_date(year, month, day).map_err(date_error)?;
    if second > 59 {
        return Err(fail("second must be in 0..59".into(), "S"));
    }
    Ok(ParsedTime {
        year: year as i32,
        month,
        day,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        microsecond: fraction as u32,
        utc_offset,
    })
}

/// The `%z` branch of `_strptime`: seconds and microseconds east of UTC.
pub(super) fn parse_offset(z: &str) -> Result<(i64, i64), String> {
    if z == "Z" {
        return Ok((0, 0));
    }
    let original = z;
    let mut z: Vec<char> = z.chars().collect();
    if z.get(3) == Some(&':') {
        z.remove(3);
        if z.len() > 5 {
            if z.get(5) != Some(&':') {
                return Err(format!("Inconsistent use of : in {original}"));
            }
            z.remove(5);
        }
    }
    let slice = |a: usize, b: usize| -> String {
        z.get(a..b.min(z.len()))
            .unwrap_or_default()
            .iter()
            .collect()
    };
    // Python's `int()` on a slice; the regex guarantees digits except where a second colon
    // lands in the seconds slice (`+0100:00`).
    let py_int = |s: String| -> Result<i64, String> {
        if s.chars().all(|c| c.is_ascii_digit()) {
            Ok(int(&s))
        } else {
            Err(format!(
                "invalid literal for int() with base 10: {}",
                py_repr(&s)
            ))
        }
    };
    let hours = py_int(slice(1, 3))?;
    let minutes = py_int(slice(3, 5))?;
    let seconds_text = slice(5, 7);
    let seconds = if seconds_text.is_empty() {
        0
    } else {
        py_int(seconds_text)?
    };
    let remainder = slice(8, z.len());
    let fraction = int(&format!("{remainder:0<6}"));
    let gmtoff = hours * 3600 + minutes * 60 + seconds;
    if z.first() == Some(&'-') {
        Ok((-gmtoff, -fraction))
    } else {
        Ok((gmtoff, fraction))
    }
}
