//! cronexpr's `Next` (`cronexpr.go`, `cronexpr_next.go`), rewritten as a loop.
//!
//! Upstream, `Next` checks the start time field by field from the year down and hands over to
//! `nextYear`, `nextMonth`, `nextDayOfMonth`, `nextHour`, `nextMinute` or `nextSecond`, which
//! call each other. Each of those is a tail call, so here they are states of one loop with a
//! step budget. The port keeps upstream's edges, because they decide what supercronic does:
//!
//! - a field that selects nothing (`5-1/2`, which even supercronic accepts) makes upstream index
//!   an empty list: Go panics, and supercronic with it ([`NextRun::Panics`]);
//! - no time left (a past year, `30 2`, after 2099) gives Go's zero time ([`NextRun::Never`]);
//! - gorhill's month 0 (`01` in the month field) is normalised by `time.Date` to December of the
//!   year before, so a run can lie before the start, and with no day in that December the calls
//!   go round in a circle until Go's stack overflows ([`NextRun::RunsAway`]).

use super::ParsedFields;
use super::parser::Field;
use crate::calendar::{self, DateTime};

/// What cronexpr's `Next` does for a start time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextRun {
    /// It returns this time. For every schedule supercronic accepts, a time after the start;
    /// with gorhill's month 0 it can be the start itself or earlier.
    At(DateTime),
    /// It returns Go's zero time: no run after the start (a past year, a day no month has).
    /// supercronic then logs "job took too long to run" in a busy loop and never runs the job.
    Never,
    /// It indexes the empty list of this field and panics; supercronic crashes.
    Panics(Field),
    /// Its calls go round in a circle until the Go stack overflows; supercronic crashes.
    RunsAway,
}

/// Upper bound on the steps of one search. Every search that ends does so in under 2,000 steps
/// (at most 13 per year from 1970 to 2099); only gorhill's month-0 circle goes on.
const MAX_STEPS: u32 = 10_000;

/// `dowNormalizedOffsets`: the days of a month that fall on the weekday a given distance from
/// the first.
const WEEK_OFFSETS: [&[i32]; 7] = [
    &[1, 8, 15, 22, 29],
    &[2, 9, 16, 23, 30],
    &[3, 10, 17, 24, 31],
    &[4, 11, 18, 25],
    &[5, 12, 19, 26],
    &[6, 13, 20, 27],
    &[7, 14, 21, 28],
];

/// Go's `time.Date` for the values cronexpr passes: a month outside 1–12 rolls the year
/// (month 0 is December of the year before); days and clock values are always in range.
pub(super) fn go_date(
    year: i32,
    month: i32,
    day: i32,
    hour: i32,
    minute: i32,
    second: i32,
) -> DateTime {
    let year = year + (month - 1).div_euclid(12);
    let month = ((month - 1).rem_euclid(12) + 1) as u8;
    let days = calendar::days_from_civil(year, month, 1) + i64::from(day - 1);
    DateTime::from_unix(
        days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second),
    )
}

/// `sort.SearchInts`: the index of the first element not below `value`.
fn search(list: &[i32], value: i32) -> usize {
    list.partition_point(|&item| item < value)
}

/// `list[0]`, or the panic Go raises for an empty list.
fn first(list: &[i32], field: Field) -> Result<i32, NextRun> {
    list.first().copied().ok_or(NextRun::Panics(field))
}

/// The upstream function the loop is in, with its argument.
enum Call {
    Year(DateTime),
    Month(DateTime),
    DayOfMonth(DateTime),
    Hour(DateTime),
    Minute(DateTime),
    Second(DateTime),
}

/// Which upstream function a check of `Next` hands the start time to.
type ToCall = fn(DateTime) -> Call;

/// One search, with upstream's `actualDaysOfMonthList`.
struct Search<'a> {
    fields: &'a ParsedFields,
    actual_days: Vec<i32>,
}

/// `Expression.Next`.
pub(super) fn next(fields: &ParsedFields, from: DateTime) -> NextRun {
    let mut search = Search {
        fields,
        actual_days: Vec::new(),
    };
    match search.entry(from) {
        Ok(call) => search.run(call),
        Err(outcome) => outcome,
    }
}

impl Search<'_> {
    /// The checks at the top of `Next`: where the start time stops matching decides the call.
    fn entry(&mut self, from: DateTime) -> Result<Call, NextRun> {
        let f = self.fields;
        let year = from.year;
        let i = search(&f.years, year);
        if i == f.years.len() {
            return Err(NextRun::Never);
        }
        if f.years[i] != year {
            return Ok(Call::Year(from));
        }
        let month = i32::from(from.month);
        let i = search(&f.months, month);
        if i == f.months.len() {
            return Ok(Call::Year(from));
        }
        if f.months[i] != month {
            return Ok(Call::Month(from));
        }
        self.actual_days = actual_days_of_month(f, from.year, month);
        if self.actual_days.is_empty() {
            return Ok(Call::Month(from));
        }
        let checks: [(&[i32], i32, ToCall, ToCall); 3] = [
            (
                &self.actual_days,
                i32::from(from.day),
                Call::Month,
                Call::DayOfMonth,
            ),
            (&f.hours, i32::from(from.hour), Call::DayOfMonth, Call::Hour),
            (&f.minutes, i32::from(from.minute), Call::Hour, Call::Minute),
        ];
        for (list, value, past_the_end, between) in checks {
            let i = search(list, value);
            if i == list.len() {
                return Ok(past_the_end(from));
            }
            if list[i] != value {
                return Ok(between(from));
            }
        }
        if search(&f.seconds, i32::from(from.second)) == f.seconds.len() {
            return Ok(Call::Minute(from));
        }
        Ok(Call::Second(from))
    }

    fn run(&mut self, mut call: Call) -> NextRun {
        for _ in 0..MAX_STEPS {
            call = match self.step(call) {
                Ok(next) => next,
                Err(outcome) => return outcome,
            };
        }
        NextRun::RunsAway
    }

    /// The start of a day: hour, minute and second of the first run of a day.
    fn first_clock(&self) -> Result<(i32, i32, i32), NextRun> {
        let f = self.fields;
        Ok((
            first(&f.hours, Field::Hour)?,
            first(&f.minutes, Field::Minute)?,
            first(&f.seconds, Field::Second)?,
        ))
    }

    /// One upstream call: `Err` ends the search (a time, the zero time or a panic).
    fn step(&mut self, call: Call) -> Result<Call, NextRun> {
        let f = self.fields;
        let at = |t: DateTime| Err(NextRun::At(t));
        match call {
            Call::Year(t) => {
                let i = search(&f.years, t.year + 1);
                if i == f.years.len() {
                    return Err(NextRun::Never);
                }
                let year = f.years[i];
                let month = first(&f.months, Field::Month)?;
                self.actual_days = actual_days_of_month(f, year, month);
                let (hour, minute, second) = self.first_clock()?;
                match self.actual_days.first() {
                    None => Ok(Call::Month(go_date(year, month, 1, hour, minute, second))),
                    Some(&day) => at(go_date(year, month, day, hour, minute, second)),
                }
            }
            Call::Month(t) => {
                let i = search(&f.months, i32::from(t.month) + 1);
                if i == f.months.len() {
                    return Ok(Call::Year(t));
                }
                let month = f.months[i];
                self.actual_days = actual_days_of_month(f, t.year, month);
                let (hour, minute, second) = self.first_clock()?;
                match self.actual_days.first() {
                    None => Ok(Call::Month(go_date(t.year, month, 1, hour, minute, second))),
                    Some(&day) => at(go_date(t.year, month, day, hour, minute, second)),
                }
            }
            Call::DayOfMonth(t) => {
                let i = search(&self.actual_days, i32::from(t.day) + 1);
                if i == self.actual_days.len() {
                    return Ok(Call::Month(t));
                }
                let day = self.actual_days[i];
                let (hour, minute, second) = self.first_clock()?;
                at(go_date(
                    t.year,
                    i32::from(t.month),
                    day,
                    hour,
                    minute,
                    second,
                ))
            }
            Call::Hour(t) => {
                let i = search(&f.hours, i32::from(t.hour) + 1);
                if i == f.hours.len() {
                    return Ok(Call::DayOfMonth(t));
                }
                let minute = first(&f.minutes, Field::Minute)?;
                let second = first(&f.seconds, Field::Second)?;
                at(go_date(
                    t.year,
                    i32::from(t.month),
                    i32::from(t.day),
                    f.hours[i],
                    minute,
                    second,
                ))
            }
            Call::Minute(t) => {
                let i = search(&f.minutes, i32::from(t.minute) + 1);
                if i == f.minutes.len() {
                    return Ok(Call::Hour(t));
                }
                let second = first(&f.seconds, Field::Second)?;
                let (y, mo, d, h) = (
                    t.year,
                    i32::from(t.month),
                    i32::from(t.day),
                    i32::from(t.hour),
                );
                at(go_date(y, mo, d, h, f.minutes[i], second))
            }
            Call::Second(t) => {
                let i = search(&f.seconds, i32::from(t.second) + 1);
                if i == f.seconds.len() {
                    return Ok(Call::Minute(t));
                }
                let (y, mo, d) = (t.year, i32::from(t.month), i32::from(t.day));
                at(go_date(
                    y,
                    mo,
                    d,
                    i32::from(t.hour),
                    i32::from(t.minute),
                    f.seconds[i],
                ))
            }
        }
    }
}

/// `calculateActualDaysOfMonth`: the days of a month the two day fields select, combined as
/// Vixie cron does (either field when both are restricted, the restricted one otherwise).
pub(super) fn actual_days_of_month(f: &ParsedFields, year: i32, month: i32) -> Vec<i32> {
    let first = go_date(year, month, 1, 0, 0, 0);
    let (year, month) = (first.year, first.month);
    let last = i32::from(calendar::days_in_month(year, month));
    if !f.dom.restricted && !f.dow.restricted {
        return (1..=last).collect();
    }
    let mut days: u64 = 0;
    let weekday_of = |day: i32| i32::from(calendar::weekday(year, month, day as u8));
    if f.dom.restricted {
        if f.dom.last_day {
            days |= 1 << last;
        }
        if f.dom.last_workday {
            days |= 1 << workday_of_month(last, weekday_of(last), last);
        }
        for day in bits(f.dom.days).filter(|&day| day <= last) {
            days |= 1 << day;
        }
        // "As per Wikipedia: month boundaries are not crossed."
        for day in bits(f.dom.workdays).filter(|&day| day <= last) {
            days |= 1 << workday_of_month(day, weekday_of(day), last);
        }
    }
    if f.dow.restricted {
        // How far the first Sunday is from the first day of the month.
        let offset = 7 - weekday_of(1);
        for weekday in bits(f.dow.days) {
            for &day in WEEK_OFFSETS[((offset + weekday) % 7) as usize] {
                if day <= last {
                    days |= 1 << day;
                }
            }
        }
        for nth in bits(f.dow.nth) {
            let day = 1 + 7 * (nth / 7) + (offset + nth) % 7;
            if day <= last {
                days |= 1 << day;
            }
        }
        // The last seven days: the month's last day minus six onwards.
        let origin = last - 6;
        let offset = 7 - weekday_of(origin);
        for weekday in bits(f.dow.last) {
            let day = origin + (offset + weekday) % 7;
            if day <= last {
                days |= 1 << day;
            }
        }
    }
    bits(days).collect()
}

/// The set bits of a mask, in increasing order.
fn bits(mask: u64) -> impl Iterator<Item = i32> {
    (0..64).filter(move |bit| mask & (1 << bit) != 0)
}

/// `workdayOfMonth`: Saturday moves to Friday (or to Monday the 3rd when it is the 1st), Sunday
/// to Monday (or to Friday when it is the month's last day).
fn workday_of_month(day: i32, weekday: i32, last: i32) -> i32 {
    match weekday {
        6 if day > 1 => day - 1,
        6 => day + 2,
        0 if day < last => day + 1,
        0 => day - 2,
        _ => day,
    }
}
