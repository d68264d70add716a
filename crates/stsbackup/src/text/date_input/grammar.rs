//! The grammar of GNU `date -d`: a hand-written port of the LALR(1) parser that bison builds
//! from gnulib's `parse-datetime.y` (coreutils 9.1).
//!
//! The bison grammar has 31 shift/reduce conflicts, all resolved by shifting: wherever a token
//! could either continue the current item or start the next one, it continues the current one.
//! Each function below takes the decisions of the corresponding LR states with the same one
//! token of look-ahead, so `5 +3 days` is one "hybrid" item (5 o'clock, plus three days) and
//! `12:00 -5 days` is a time with the zone -05 followed by the unit `days` (one day).

use super::lexer::{Meridian, Tok, Token, Unit};
use super::{Item, ItemKind, RelativeTime};
use crate::issue::ValueIssue;

/// A time of day as written: hour, minutes, seconds and nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Clock {
    pub hour: i64,
    pub minutes: i64,
    pub sec: i64,
    pub nsec: i64,
}

/// What the parser found: gnulib's `parser_control`, less the fields that come from "now"
/// (those are `None` until the input sets them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Control {
    /// `@SECONDS`: the whole input is an instant.
    pub timespec: Option<(i64, i64)>,
    /// The year, with its digit count (a two-digit year is 19xx or 20xx).
    pub year: Option<(i64, i64)>,
    pub month: Option<i64>,
    pub day: Option<i64>,
    pub clock: Option<Clock>,
    pub meridian: Option<Meridian>,
    pub day_ordinal: i64,
    pub day_number: i64,
    /// Seconds east of UTC.
    pub time_zone: i64,
    pub rel: RelativeTime,
    pub rels_seen: bool,
    pub dates_seen: i64,
    pub days_seen: i64,
    pub times_seen: i64,
    pub zones_seen: i64,
    pub has_ago: bool,
}

/// Parses the tokens (ending with [`Tok::End`]) into `control` and the list of items.
pub(super) fn parse(tokens: &[Token], source: &str) -> Result<(Control, Vec<Item>), ValueIssue> {
    let mut parser = Parser {
        tokens,
        pos: 0,
        source,
        control: Control::default(),
        items: Vec::new(),
    };
    parser.spec()?;
    Ok((parser.control, parser.items))
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    source: &'a str,
    control: Control,
    items: Vec<Item>,
}

/// `count` of `unit` as a relative time, or `None` when `count × days` overflows.
fn relunit(count: i64, unit: Unit) -> Option<RelativeTime> {
    let mut rel = RelativeTime::default();
    match unit {
        Unit::Year => rel.years = count,
        Unit::Month => rel.months = count,
        Unit::Day(size) => rel.days = count.checked_mul(size)?,
        Unit::Hour => rel.hours = count,
        Unit::Minute => rel.minutes = count,
        Unit::Second => rel.seconds = count,
    }
    Some(rel)
}

impl Parser<'_> {
    fn peek(&self) -> Tok {
        self.tokens.get(self.pos).map_or(Tok::End, |t| t.tok)
    }

    fn bump(&mut self) -> Token {
        let token = self.tokens.get(self.pos).copied().unwrap_or(Token {
            tok: Tok::End,
            start: self.source.len(),
            end: self.source.len(),
        });
        self.pos = (self.pos + 1).min(self.tokens.len());
        token
    }

    /// Byte offset just past the last consumed token.
    fn consumed_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.end)
    }

    /// The syntax error at the current token (bison's `yyerror`, which gnulib keeps silent).
    fn unexpected(&self, wanted: &str) -> ValueIssue {
        let token = self.tokens.get(self.pos).copied().unwrap_or(Token {
            tok: Tok::End,
            start: self.source.len(),
            end: self.source.len(),
        });
        let end = super::issue_end(self.source, token.start, token.end);
        let text = self.source.get(token.start..end).unwrap_or("");
        let message = match token.tok {
            Tok::End => format!("GNU date rejects this value: it ends before {wanted}"),
            Tok::UnknownWord => format!("GNU date does not know the word `{text}`"),
            Tok::Overflow => format!("`{text}` is too large a number for GNU date"),
            _ => format!("GNU date rejects this value at `{text}`: expected {wanted}"),
        };
        ValueIssue::new(message, token.start, end)
    }

    /// An action that gnulib ends with `YYABORT` (an overflow).
    fn abort(&self, start: usize, what: &str) -> ValueIssue {
        ValueIssue::new(
            format!("GNU date rejects this value: {what} overflows"),
            start,
            self.consumed_end().max(start),
        )
    }

    fn expect_unumber(&mut self, wanted: &str) -> Result<super::lexer::TextInt, ValueIssue> {
        match self.peek() {
            Tok::UNumber(n) => {
                self.bump();
                Ok(n)
            }
            _ => Err(self.unexpected(wanted)),
        }
    }

    /// `spec: timespec | items`.
    fn spec(&mut self) -> Result<(), ValueIssue> {
        if self.peek() == Tok::Byte(b'@') {
            let at = self.bump();
            let seconds = match self.peek() {
                Tok::SNumber(n) | Tok::UNumber(n) => (n.value, 0),
                Tok::SDecimal(t) | Tok::UDecimal(t) => (t.sec, t.nsec),
                _ => return Err(self.unexpected("a number of seconds")),
            };
            self.bump();
            self.control.timespec = Some(seconds);
            let end = self.consumed_end();
            self.items.push(Item {
                kind: ItemKind::Epoch,
                start: at.start,
                end,
            });
            if self.peek() != Tok::End {
                return Err(self.unexpected("the end (`@SECONDS` stands alone)"));
            }
            return Ok(());
        }
        while self.peek() != Tok::End {
            let start = self
                .tokens
                .get(self.pos)
                .map_or(self.source.len(), |t| t.start);
            let kind = self.item()?;
            self.items.push(Item {
                kind,
                start,
                end: self.consumed_end(),
            });
        }
        Ok(())
    }

    /// `item`: one date, time, zone, day, relative part, number or hybrid.
    fn item(&mut self) -> Result<ItemKind, ValueIssue> {
        let first = self.bump();
        match first.tok {
            Tok::UNumber(n) => self.after_unumber(n, first.start),
            Tok::SNumber(n) => match self.peek().unit() {
                Some(unit) => {
                    self.bump();
                    let rel = relunit(n.value, unit)
                        .ok_or_else(|| self.abort(first.start, "the count"))?;
                    self.rel_with_ago(rel, first.start)
                }
                None => Err(self.unexpected("a unit (`days`, `hours`…) after the signed number")),
            },
            Tok::SDecimal(t) | Tok::UDecimal(t) => {
                if self.peek() != Tok::Unit(Unit::Second) {
                    return Err(self.unexpected("`seconds` after the decimal number"));
                }
                self.bump();
                let rel = RelativeTime {
                    seconds: t.sec,
                    nanoseconds: t.nsec,
                    ..RelativeTime::default()
                };
                self.rel_with_ago(rel, first.start)
            }
            Tok::Ordinal(ordinal) => {
                if let Tok::Day(day) = self.peek() {
                    self.bump();
                    self.control.day_ordinal = ordinal;
                    self.control.day_number = day;
                    self.control.days_seen += 1;
                    return Ok(ItemKind::DayOfWeek);
                }
                match self.peek().unit() {
                    Some(unit) => {
                        self.bump();
                        let rel = relunit(ordinal, unit)
                            .ok_or_else(|| self.abort(first.start, "the count"))?;
                        self.rel_with_ago(rel, first.start)
                    }
                    None => Err(self.unexpected("a unit or a day of the week after the ordinal")),
                }
            }
            Tok::Unit(unit) => {
                let rel = relunit(1, unit).ok_or_else(|| self.abort(first.start, "the count"))?;
                self.rel_with_ago(rel, first.start)
            }
            Tok::DayShift(days) => {
                let rel = RelativeTime {
                    days,
                    ..RelativeTime::default()
                };
                self.apply_relative(rel, 1, first.start)?;
                Ok(ItemKind::Relative)
            }
            Tok::Day(day) => {
                if self.peek() == Tok::Byte(b',') {
                    self.bump();
                }
                self.control.day_ordinal = 0;
                self.control.day_number = day;
                self.control.days_seen += 1;
                Ok(ItemKind::DayOfWeek)
            }
            Tok::Month(month) => self.after_month(month, first.start),
            Tok::Zone(zone) => self.after_zone(zone, first.start),
            Tok::T => {
                // `T` is the military zone -07, and may carry a signed relative part.
                if let Tok::SNumber(n) = self.peek() {
                    self.bump();
                    let Some(unit) = self.peek().unit() else {
                        return Err(self.unexpected("a unit after `T` and a signed number"));
                    };
                    self.bump();
                    let rel = relunit(n.value, unit)
                        .ok_or_else(|| self.abort(first.start, "the count"))?;
                    self.control.time_zone = -7 * 3600;
                    self.apply_relative(rel, 1, first.start)?;
                } else {
                    self.control.time_zone = -7 * 3600;
                }
                self.control.zones_seen += 1;
                Ok(ItemKind::Zone)
            }
            Tok::DayZone(zone) => {
                self.control.time_zone = zone + 3600;
                self.control.zones_seen += 1;
                Ok(ItemKind::Zone)
            }
            _ => {
                self.pos -= 1;
                Err(self.unexpected(item_help(first.tok)))
            }
        }
    }

    /// `rel: relunit tAGO | relunit`: `ago` negates, `hence` keeps.
    fn rel_with_ago(&mut self, rel: RelativeTime, start: usize) -> Result<ItemKind, ValueIssue> {
        let mut factor = 1;
        if let Tok::Ago(f) = self.peek() {
            self.bump();
            factor = f;
            if f < 0 {
                self.control.has_ago = true;
            }
        }
        self.apply_relative(rel, factor, start)?;
        Ok(ItemKind::Relative)
    }

    /// Port of `apply_relative_time`: adds (or subtracts) `rel`, failing on any overflow.
    fn apply_relative(
        &mut self,
        rel: RelativeTime,
        factor: i64,
        start: usize,
    ) -> Result<(), ValueIssue> {
        let total = &self.control.rel;
        let combine = |a: i64, b: i64| {
            if factor < 0 {
                a.checked_sub(b)
            } else {
                a.checked_add(b)
            }
        };
        // The nanoseconds are a C `int` in gnulib: three fractions of a second can overflow it.
        let nanoseconds =
            combine(total.nanoseconds, rel.nanoseconds).filter(|&ns| i32::try_from(ns).is_ok());
        let sum = (|| {
            Some(RelativeTime {
                years: combine(total.years, rel.years)?,
                months: combine(total.months, rel.months)?,
                days: combine(total.days, rel.days)?,
                hours: combine(total.hours, rel.hours)?,
                minutes: combine(total.minutes, rel.minutes)?,
                seconds: combine(total.seconds, rel.seconds)?,
                nanoseconds: nanoseconds?,
            })
        })();
        match sum {
            Some(sum) => {
                self.control.rel = sum;
                self.control.rels_seen = true;
                Ok(())
            }
            None => Err(self.abort(start, "the sum of the relative parts")),
        }
    }

    /// The items that start with an unsigned number: times, ISO dates, `D/M/Y`, `17 jun 1992`,
    /// `3 friday`, `30 days`, hybrids and plain numbers.
    fn after_unumber(
        &mut self,
        n: super::lexer::TextInt,
        start: usize,
    ) -> Result<ItemKind, ValueIssue> {
        match self.peek() {
            Tok::Meridian(m) => {
                self.bump();
                self.set_clock(n.value, 0, 0, 0, m);
                self.control.times_seen += 1;
                Ok(ItemKind::Time)
            }
            Tok::Byte(b':') => {
                self.bump();
                let minutes = self.expect_unumber("the minutes after `:`")?.value;
                self.time_tail(n.value, minutes, false)?;
                self.control.times_seen += 1;
                Ok(ItemKind::Time)
            }
            Tok::SNumber(s) => {
                self.bump();
                match self.peek() {
                    Tok::SNumber(s2) => {
                        // `iso_8601_date`: YYYY-MM-DD, the signs being the dashes.
                        self.bump();
                        self.control.year = Some((n.value, n.digits));
                        self.control.month = Some(
                            0i64.checked_sub(s.value)
                                .ok_or_else(|| self.abort(start, "the month"))?,
                        );
                        self.control.day = Some(
                            0i64.checked_sub(s2.value)
                                .ok_or_else(|| self.abort(start, "the day"))?,
                        );
                        if self.peek() == Tok::T {
                            self.bump();
                            self.iso_time()?;
                            self.control.times_seen += 1;
                            self.control.dates_seen += 1;
                            return Ok(ItemKind::DateTime);
                        }
                        self.control.dates_seen += 1;
                        Ok(ItemKind::Date)
                    }
                    Tok::Unit(unit) => {
                        // `hybrid`: "YYYYMMDD +N days".
                        self.bump();
                        let rel =
                            relunit(s.value, unit).ok_or_else(|| self.abort(start, "the count"))?;
                        self.digits_to_date_time(n);
                        self.apply_relative(rel, 1, start)?;
                        Ok(ItemKind::Hybrid)
                    }
                    _ => {
                        // `iso_8601_time: tUNUMBER zone_offset`, an hour with a zone.
                        self.zone_offset_tail(s, start)?;
                        self.set_clock(n.value, 0, 0, 0, Meridian::H24);
                        self.control.times_seen += 1;
                        Ok(ItemKind::Time)
                    }
                }
            }
            Tok::Day(day) => {
                self.bump();
                self.control.day_ordinal = n.value;
                self.control.day_number = day;
                self.control.days_seen += 1;
                Ok(ItemKind::DayOfWeek)
            }
            Tok::Month(month) => {
                self.bump();
                self.control.day = Some(n.value);
                self.control.month = Some(month);
                match self.peek() {
                    Tok::SNumber(y) => {
                        // 17-JUN-1992
                        self.bump();
                        let year = 0i64
                            .checked_sub(y.value)
                            .ok_or_else(|| self.abort(start, "the year"))?;
                        self.control.year = Some((year, y.digits));
                    }
                    Tok::UNumber(y) => {
                        self.bump();
                        self.control.year = Some((y.value, y.digits));
                    }
                    _ => {}
                }
                self.control.dates_seen += 1;
                Ok(ItemKind::Date)
            }
            Tok::Byte(b'/') => {
                self.bump();
                let second = self.expect_unumber("a number after `/`")?;
                if self.peek() == Tok::Byte(b'/') {
                    self.bump();
                    let third = self.expect_unumber("a number after `/`")?;
                    // YYYY/MM/DD when the first number has four digits or more, else MM/DD/YY.
                    if n.digits >= 4 {
                        self.control.year = Some((n.value, n.digits));
                        self.control.month = Some(second.value);
                        self.control.day = Some(third.value);
                    } else {
                        self.control.month = Some(n.value);
                        self.control.day = Some(second.value);
                        self.control.year = Some((third.value, third.digits));
                    }
                } else {
                    self.control.month = Some(n.value);
                    self.control.day = Some(second.value);
                }
                self.control.dates_seen += 1;
                Ok(ItemKind::Date)
            }
            Tok::Unit(unit) => {
                self.bump();
                let rel = relunit(n.value, unit).ok_or_else(|| self.abort(start, "the count"))?;
                self.rel_with_ago(rel, start)
            }
            _ => {
                self.digits_to_date_time(n);
                Ok(ItemKind::Number)
            }
        }
    }

    /// After `HH:MM`: `:SS`, then a meridian or an optional zone offset. `iso` forbids the
    /// meridian (after the ISO `T`).
    fn time_tail(&mut self, hour: i64, minutes: i64, iso: bool) -> Result<(), ValueIssue> {
        let (mut sec, mut nsec) = (0, 0);
        if self.peek() == Tok::Byte(b':') {
            self.bump();
            match self.peek() {
                Tok::UNumber(s) => (sec, nsec) = (s.value, 0),
                Tok::UDecimal(t) => (sec, nsec) = (t.sec, t.nsec),
                _ => return Err(self.unexpected("the seconds after `:`")),
            }
            self.bump();
        }
        match self.peek() {
            Tok::Meridian(m) if !iso => {
                self.bump();
                self.set_clock(hour, minutes, sec, nsec, m);
            }
            Tok::SNumber(s) => {
                let start = self.bump().start;
                self.zone_offset_tail(s, start)?;
                self.set_clock(hour, minutes, sec, nsec, Meridian::H24);
            }
            _ => self.set_clock(hour, minutes, sec, nsec, Meridian::H24),
        }
        Ok(())
    }

    /// `iso_8601_time`, after the `T` of an ISO date: `HH` with a zone, or `HH:MM[:SS]`.
    fn iso_time(&mut self) -> Result<(), ValueIssue> {
        let hour = self.expect_unumber("an hour after the `T`")?.value;
        match self.peek() {
            Tok::Byte(b':') => {
                self.bump();
                let minutes = self.expect_unumber("the minutes after `:`")?.value;
                self.time_tail(hour, minutes, true)
            }
            Tok::SNumber(s) => {
                let start = self.bump().start;
                self.zone_offset_tail(s, start)?;
                self.set_clock(hour, 0, 0, 0, Meridian::H24);
                Ok(())
            }
            _ => Err(self.unexpected("`:` and minutes, or a zone offset, after the hour")),
        }
    }

    /// `zone_offset: tSNUMBER o_colon_minutes`, the signed number already read.
    fn zone_offset_tail(
        &mut self,
        s: super::lexer::TextInt,
        start: usize,
    ) -> Result<(), ValueIssue> {
        let minutes = self.colon_minutes()?;
        self.control.zones_seen += 1;
        self.time_zone_hhmm(s, minutes, start)
    }

    /// `o_colon_minutes`: `:MM`, or -1 when absent.
    fn colon_minutes(&mut self) -> Result<i64, ValueIssue> {
        if self.peek() != Tok::Byte(b':') {
            return Ok(-1);
        }
        self.bump();
        Ok(self.expect_unumber("the minutes of the zone offset")?.value)
    }

    /// Port of `time_zone_hhmm`: `+H`, `+HH`, `+HHMM` or `+HH:MM`, at most 24 hours.
    fn time_zone_hhmm(
        &mut self,
        s: super::lexer::TextInt,
        mm: i64,
        start: usize,
    ) -> Result<(), ValueIssue> {
        let minutes = if mm < 0 {
            let value = if s.digits <= 2 {
                s.value * 100
            } else {
                s.value
            };
            // C division truncates towards zero, as Rust's does.
            Some(value / 100 * 60 + value % 100)
        } else {
            s.value.checked_mul(60).and_then(|m| {
                if s.negative {
                    m.checked_sub(mm)
                } else {
                    m.checked_add(mm)
                }
            })
        };
        match minutes {
            Some(m) if (-24 * 60..=24 * 60).contains(&m) => {
                self.control.time_zone = m * 60;
                Ok(())
            }
            _ => Err(ValueIssue::new(
                "GNU date rejects a zone offset beyond 24 hours",
                start,
                self.consumed_end().max(start),
            )
            .with_help("write offsets as `+HH`, `+HHMM` or `+HH:MM`")),
        }
    }

    /// The items that start with a month name: `jun 17`, `jun 17, 1992`, `JUN-17-1992`.
    fn after_month(&mut self, month: i64, start: usize) -> Result<ItemKind, ValueIssue> {
        match self.peek() {
            Tok::SNumber(d) => {
                self.bump();
                let Tok::SNumber(y) = self.peek() else {
                    return Err(self.unexpected("`-YEAR` after the month and day"));
                };
                self.bump();
                let day = 0i64
                    .checked_sub(d.value)
                    .ok_or_else(|| self.abort(start, "the day"))?;
                let year = 0i64
                    .checked_sub(y.value)
                    .ok_or_else(|| self.abort(start, "the year"))?;
                self.control.month = Some(month);
                self.control.day = Some(day);
                self.control.year = Some((year, y.digits));
            }
            Tok::UNumber(d) => {
                self.bump();
                self.control.month = Some(month);
                self.control.day = Some(d.value);
                if self.peek() == Tok::Byte(b',') {
                    self.bump();
                    let y = self.expect_unumber("a year after the comma")?;
                    self.control.year = Some((y.value, y.digits));
                }
            }
            _ => return Err(self.unexpected("a day after the month name")),
        }
        self.control.dates_seen += 1;
        Ok(ItemKind::Date)
    }

    /// The items that start with a zone name: `UTC`, `EST DST`, `UTC+2`, `UTC+05:30`, and a
    /// zone followed by a signed relative part (`UTC -3 days`).
    fn after_zone(&mut self, zone: i64, start: usize) -> Result<ItemKind, ValueIssue> {
        match self.peek() {
            Tok::SNumber(s) => {
                self.bump();
                if let Some(unit) = self.peek().unit() {
                    self.bump();
                    let rel =
                        relunit(s.value, unit).ok_or_else(|| self.abort(start, "the count"))?;
                    self.control.time_zone = zone;
                    self.apply_relative(rel, 1, start)?;
                } else {
                    let minutes = self.colon_minutes()?;
                    self.time_zone_hhmm(s, minutes, start)?;
                    // Offsets are bounded by the hhmm check, so this cannot overflow.
                    self.control.time_zone += zone;
                }
            }
            Tok::Dst => {
                self.bump();
                self.control.time_zone = zone + 3600;
            }
            _ => self.control.time_zone = zone,
        }
        self.control.zones_seen += 1;
        Ok(ItemKind::Zone)
    }

    /// Port of `set_hhmmss`, with the meridian.
    fn set_clock(&mut self, hour: i64, minutes: i64, sec: i64, nsec: i64, meridian: Meridian) {
        self.control.clock = Some(Clock {
            hour,
            minutes,
            sec,
            nsec,
        });
        self.control.meridian = Some(meridian);
    }

    /// Port of `digits_to_date_time`: a bare number is a year after a date, YYYYMMDD when it
    /// has more than four digits, else HH or HHMM.
    fn digits_to_date_time(&mut self, n: super::lexer::TextInt) {
        if self.control.dates_seen > 0
            && self.control.year.is_none()
            && !self.control.rels_seen
            && (self.control.times_seen > 0 || n.digits > 2)
        {
            self.control.year = Some((n.value, n.digits));
        } else if n.digits > 4 {
            self.control.dates_seen += 1;
            self.control.day = Some(n.value % 100);
            self.control.month = Some(n.value / 100 % 100);
            self.control.year = Some((n.value / 10_000, n.digits - 4));
        } else {
            self.control.times_seen += 1;
            let (hour, minutes) = if n.digits <= 2 {
                (n.value, 0)
            } else {
                (n.value / 100, n.value % 100)
            };
            self.set_clock(hour, minutes, 0, 0, Meridian::H24);
        }
    }
}

/// What to say when a token cannot start an item.
fn item_help(tok: Tok) -> &'static str {
    match tok {
        Tok::Ago(_) => "a number and a unit before `ago`",
        Tok::Dst => "a zone name before `DST`",
        Tok::Meridian(_) => "an hour before `am`/`pm`",
        _ => "a date, a time, a zone, a day or a relative part such as `30 days ago`",
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    fn run(text: &str) -> Result<(Control, Vec<ItemKind>), ValueIssue> {
        let tokens = tokenize(text.as_bytes(), 0);
        parse(&tokens, text).map(|(c, items)| (c, items.into_iter().map(|i| i.kind).collect()))
    }

    fn kinds(text: &str) -> Vec<ItemKind> {
        run(text).expect(text).1
    }

    #[test]
    fn conflicts_resolve_by_shifting() {
        use ItemKind::*;
        // A signed number after an unsigned one continues the item: an ISO date, a hybrid,
        // or an hour with a zone; never a plain number followed by a relative part.
        assert_eq!(kinds("2024-01-01"), [Date]);
        assert_eq!(kinds("5 +3 days"), [Hybrid]);
        assert_eq!(kinds("5 -3"), [Time]);
        assert_eq!(kinds("12:00 -5 days"), [Time, Relative]);
        assert_eq!(kinds("UTC -3 days"), [Zone]);
        assert_eq!(kinds("2024-01-01T12:00"), [DateTime]);
        assert_eq!(kinds("3 fri"), [DayOfWeek]);
        assert_eq!(kinds("17 jun -1992"), [Date]);
        assert!(run("2024-01-01 T").is_err());
        assert!(run("T -1").is_err());
        assert!(run("5 +3 days ago").is_err());
    }

    #[test]
    fn numbers_become_years_dates_or_times() {
        let (c, _) = run("jan 5 2024").unwrap();
        assert_eq!(c.year, Some((2024, 4)));
        assert_eq!(c.times_seen, 0);
        let (c, _) = run("jan 5 24").unwrap();
        assert_eq!((c.year, c.times_seen), (None, 1));
        let (c, _) = run("jan 5 30 days ago 2024").unwrap();
        assert_eq!(
            (c.year, c.times_seen),
            (None, 1),
            "after a relative part: a time"
        );
        let (c, _) = run("20240229").unwrap();
        assert_eq!(
            (c.year, c.month, c.day),
            (Some((2024, 4)), Some(2), Some(29))
        );
        let (c, _) = run("1230").unwrap();
        assert_eq!(c.clock.map(|k| (k.hour, k.minutes)), Some((12, 30)));
    }

    #[test]
    fn zone_offsets() {
        let zone = |text: &str| run(text).map(|(c, _)| c.time_zone);
        assert_eq!(zone("UTC+2"), Ok(7200));
        assert_eq!(zone("UTC+0530"), Ok(19_800));
        assert_eq!(zone("UTC-05:30"), Ok(-19_800));
        assert_eq!(zone("UTC+130"), Ok(5400));
        assert_eq!(zone("CET+1"), Ok(7200));
        assert_eq!(zone("EST DST"), Ok(-4 * 3600));
        assert_eq!(zone("T"), Ok(-7 * 3600));
        assert!(zone("UTC+2401").is_err());
    }

    #[test]
    fn ago_negates_one_item() {
        let (c, _) = run("1 year 2 months ago 3 days hence").unwrap();
        assert_eq!((c.rel.years, c.rel.months, c.rel.days), (1, -2, 3));
        assert!(c.has_ago && c.rels_seen);
        let (c, _) = run("last week").unwrap();
        assert_eq!(c.rel.days, -7);
        let (c, _) = run("this month").unwrap();
        assert!(c.rels_seen && c.rel == RelativeTime::default());
    }
}
