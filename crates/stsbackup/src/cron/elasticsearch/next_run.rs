//! Next fire time: a port of `Cron.getNextValidTimeAfter`, with the lenient calendar arithmetic
//! of `java.util.GregorianCalendar`.

use super::fields::{Field, Rules};
use super::{FIRST_YEAR, LAST_YEAR, MAX_SEARCH_STEPS};
use crate::calendar::{self, DateTime};
use std::collections::BTreeSet;

/// `java.util.GregorianCalendar` in lenient mode, reduced to what `getNextValidTimeAfter` uses:
/// fields may be set out of range (day 0, day 32, month 13, hour 24) and carry over the next time
/// one is read. Months are 1-based here (Java's are 0-based).
#[derive(Clone, Copy, Debug)]
pub(super) struct LenientCalendar {
    pub(super) year: i64,
    pub(super) month: i64,
    pub(super) day: i64,
    pub(super) hour: i64,
    pub(super) minute: i64,
    pub(super) second: i64,
}

impl LenientCalendar {
    pub(super) fn at(epoch_seconds: i64) -> Self {
        let t = DateTime::from_unix(epoch_seconds);
        LenientCalendar {
            year: i64::from(t.year),
            month: i64::from(t.month),
            day: i64::from(t.day),
            hour: i64::from(t.hour),
            minute: i64::from(t.minute),
            second: i64::from(t.second),
        }
    }

    pub(super) fn date(year: i64, month: i64, day: i64) -> Self {
        LenientCalendar {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }

    pub(super) fn epoch_seconds(&self) -> i64 {
        let months = self.year * 12 + self.month - 1;
        let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
        let days = calendar::days_from_civil(year as i32, month as u8, 1) + self.day - 1;
        days * 86_400 + self.hour * 3600 + self.minute * 60 + self.second
    }

    /// What Java does before answering any `get`: recompute every field from the instant.
    pub(super) fn normalize(&mut self) -> &Self {
        *self = Self::at(self.epoch_seconds());
        self
    }

    pub(super) fn year(&mut self) -> i64 {
        self.normalize().year
    }

    pub(super) fn month(&mut self) -> i64 {
        self.normalize().month
    }

    pub(super) fn day(&mut self) -> i64 {
        self.normalize().day
    }

    pub(super) fn hour(&mut self) -> i64 {
        self.normalize().hour
    }

    pub(super) fn minute(&mut self) -> i64 {
        self.normalize().minute
    }

    pub(super) fn second(&mut self) -> i64 {
        self.normalize().second
    }

    /// `Calendar.DAY_OF_WEEK`: 1 = Sunday ... 7 = Saturday.
    pub(super) fn day_of_week(&mut self) -> i64 {
        let t = *self.normalize();
        i64::from(calendar::weekday(t.year as i32, t.month as u8, t.day as u8)) + 1
    }

    /// `add(Calendar.YEAR, 1)`: normalize, add, clamp the day into the month.
    pub(super) fn add_year(&mut self) {
        self.normalize();
        self.year += 1;
        self.day = self.day.min(last_day(self.month, self.year));
    }
}

pub(super) fn last_day(month: i64, year: i64) -> i64 {
    i64::from(calendar::days_in_month(year as i32, month as u8))
}

/// `set.tailSet(v).first()`.
pub(super) fn ceiling(set: &BTreeSet<i32>, v: i64) -> Option<i64> {
    let v = i32::try_from(v).ok()?;
    set.range(v..).next().map(|&x| i64::from(x))
}

/// `set.first()`; Java throws `NoSuchElementException` where this is `None`.
pub(super) fn first(set: &BTreeSet<i32>) -> Option<i64> {
    set.first().map(|&x| i64::from(x))
}

/// Days from weekday `from` forward to weekday `to` (both 1-7), 0 when equal.
pub(super) fn days_until(from: i64, to: i64) -> i64 {
    if from < to {
        to - from
    } else if from > to {
        to + 7 - from
    } else {
        0
    }
}

/// The `tcal` block of the `W` branches: where the weekday nearest `day` falls, and the
/// candidate fire time. Java sets day and month on a fresh lenient calendar, reads the weekday
/// (which normalizes it, so a day 0 in January moves the year back), then sets day and month
/// again without the year; both quirks are kept.
pub(super) fn nearest_weekday(
    year: i64,
    month: i64,
    day: i64,
    time: (i64, i64, i64),
) -> (i64, i64) {
    let mut tcal = LenientCalendar::date(year, month, day);
    let last = last_day(month, year);
    let day = match tcal.day_of_week() {
        7 if day == 1 => day + 2,
        7 => day - 1,
        1 if day == last => day - 2,
        1 => day + 1,
        _ => day,
    };
    (tcal.hour, tcal.minute, tcal.second) = time;
    tcal.day = day;
    tcal.month = month;
    (day, tcal.epoch_seconds())
}

impl Rules {
    /// Java's search would throw `NoSuchElementException` (an empty field) or loop forever (`0W`).
    pub(super) fn never_fires(&self) -> bool {
        let empty = |field: Field| self.set(field).is_empty();
        [
            Field::Second,
            Field::Minute,
            Field::Hour,
            Field::Month,
            Field::Year,
        ]
        .into_iter()
        .any(empty)
            || (self.uses_day_of_week() && empty(Field::DayOfWeek))
            || (self.uses_day_of_month() && !self.lastday_of_month && empty(Field::DayOfMonth))
            || (self.uses_day_of_month()
                && self.nearest_weekday
                && !self.lastday_of_month
                && self.set(Field::DayOfMonth).first() == Some(&0))
    }

    /// `getNextValidTimeAfter`, step for step: each pass fixes the first field that does not
    /// match and starts over, exactly where Java's `continue`s are.
    pub(super) fn next_after(&self, after: DateTime) -> Option<DateTime> {
        if self.never_fires() {
            return None;
        }
        let earliest = DateTime::from_date(FIRST_YEAR, 1, 1).to_unix() - 1;
        let latest = DateTime::from_date(LAST_YEAR + 1, 1, 1).to_unix() - 1;
        let after = after.to_unix().max(earliest);
        if after >= latest {
            return None;
        }
        // Java moves one second ahead: the time must be strictly after `after`.
        let after_time = after + 1;
        let seconds = self.set(Field::Second);
        let minutes = self.set(Field::Minute);
        let hours = self.set(Field::Hour);
        let days_of_month = self.set(Field::DayOfMonth);
        let months = self.set(Field::Month);
        let days_of_week = self.set(Field::DayOfWeek);
        let years = self.set(Field::Year);
        let offset = i64::from(self.lastday_offset);

        let mut cl = LenientCalendar::at(after_time);
        for _ in 0..MAX_SEARCH_STEPS {
            if cl.year() > i64::from(LAST_YEAR) {
                return None;
            }

            // Second.
            let mut sec = cl.second();
            let mut min = cl.minute();
            match ceiling(seconds, sec) {
                Some(s) => sec = s,
                None => {
                    sec = first(seconds)?;
                    min += 1;
                    cl.minute = min;
                }
            }
            cl.second = sec;

            // Minute.
            min = cl.minute();
            let mut hr = cl.hour();
            let mut t = -1;
            match ceiling(minutes, min) {
                Some(m) => {
                    t = min;
                    min = m;
                }
                None => {
                    min = first(minutes)?;
                    hr += 1;
                }
            }
            if min != t {
                (cl.second, cl.minute, cl.hour) = (0, min, hr);
                continue;
            }
            cl.minute = min;

            // Hour.
            hr = cl.hour();
            let mut day = cl.day();
            t = -1;
            match ceiling(hours, hr) {
                Some(h) => {
                    t = hr;
                    hr = h;
                }
                None => {
                    hr = first(hours)?;
                    day += 1;
                }
            }
            if hr != t {
                (cl.second, cl.minute, cl.day, cl.hour) = (0, 0, day, hr);
                continue;
            }
            cl.hour = hr;

            // Day, by day of month or by day of week.
            day = cl.day();
            let mut mon = cl.month();
            t = -1;
            let mut tmon = mon;
            let time = (hr, min, sec);
            if self.uses_day_of_month() && !self.uses_day_of_week() {
                if self.lastday_of_month {
                    t = day;
                    let year = cl.year();
                    day = last_day(mon, year) - offset;
                    if !self.nearest_weekday {
                        if t > day {
                            mon += 1;
                            if mon > 12 {
                                mon = 1;
                                tmon = 3333; // make sure the `mon != tmon` test below fires
                                cl.add_year();
                            }
                            day = 1;
                        }
                    } else {
                        let (weekday, fire) = nearest_weekday(year, mon, day, time);
                        day = weekday;
                        if fire < after_time {
                            day = 1;
                            mon += 1;
                        }
                    }
                } else if self.nearest_weekday {
                    t = day;
                    let (weekday, fire) =
                        nearest_weekday(cl.year(), mon, first(days_of_month)?, time);
                    day = weekday;
                    if fire < after_time {
                        day = first(days_of_month)?;
                        mon += 1;
                    }
                } else if let Some(d) = ceiling(days_of_month, day) {
                    t = day;
                    day = d;
                    // Do not run past the end of a short month.
                    if day > last_day(mon, cl.year()) {
                        day = first(days_of_month)?;
                        mon += 1;
                    }
                } else {
                    day = first(days_of_month)?;
                    mon += 1;
                }
                if day != t || mon != tmon {
                    cl = LenientCalendar::date(cl.year, mon, day);
                    continue;
                }
            } else if self.uses_day_of_week() && !self.uses_day_of_month() {
                let current = cl.day_of_week();
                if self.lastday_of_week {
                    let dow = first(days_of_week)?;
                    let mut days_to_add = days_until(current, dow);
                    let last = last_day(mon, cl.year());
                    if day + days_to_add > last {
                        // Already past the last one this month.
                        cl = LenientCalendar::date(cl.year, mon + 1, 1);
                        continue;
                    }
                    while day + days_to_add + 7 <= last {
                        days_to_add += 7;
                    }
                    day += days_to_add;
                    if days_to_add > 0 {
                        cl = LenientCalendar::date(cl.year, mon, day);
                        continue;
                    }
                } else if self.nthday_of_week != 0 {
                    let dow = first(days_of_week)?;
                    let shift = days_until(current, dow);
                    day += shift;
                    let mut week_of_month = day / 7;
                    if day % 7 > 0 {
                        week_of_month += 1;
                    }
                    let days_to_add = (i64::from(self.nthday_of_week) - week_of_month) * 7;
                    day += days_to_add;
                    if days_to_add < 0 || day > last_day(mon, cl.year()) {
                        cl = LenientCalendar::date(cl.year, mon + 1, 1);
                        continue;
                    } else if days_to_add > 0 || shift > 0 {
                        cl = LenientCalendar::date(cl.year, mon, day);
                        continue;
                    }
                } else {
                    let dow = ceiling(days_of_week, current).or_else(|| first(days_of_week))?;
                    let days_to_add = days_until(current, dow);
                    let last = last_day(mon, cl.year());
                    if day + days_to_add > last {
                        cl = LenientCalendar::date(cl.year, mon + 1, 1);
                        continue;
                    } else if days_to_add > 0 {
                        cl = LenientCalendar::date(cl.year, mon, day + days_to_add);
                        continue;
                    }
                }
            } else {
                return None;
            }
            cl.day = day;

            // Month.
            mon = cl.month();
            let mut year = cl.year();
            t = -1;
            if year > i64::from(LAST_YEAR) {
                return None;
            }
            match ceiling(months, mon) {
                Some(m) => {
                    t = mon;
                    mon = m;
                }
                None => {
                    mon = first(months)?;
                    year += 1;
                }
            }
            if mon != t {
                cl = LenientCalendar::date(year, mon, 1);
                continue;
            }
            cl.month = mon;

            // Year.
            year = cl.year();
            let wanted = ceiling(years, year)?;
            if wanted != year {
                cl = LenientCalendar::date(wanted, 1, 1);
                continue;
            }

            let fire = cl.epoch_seconds();
            return (fire >= after_time && fire <= latest).then(|| DateTime::from_unix(fire));
        }
        None
    }
}
