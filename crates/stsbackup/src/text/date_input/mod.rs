//! GNU `date -d STRING`, as the backup pod runs it: TZ=UTC, the C locale, coreutils 9.1.
//!
//! From chart generation D2 on, `backupRetentionTimeDelta` (default `30 days ago`) goes to
//! `OLDER_THAN=$(date -d "$RETENTION" +"%Y%m%d-%H%M")`, and every backup older than that is
//! deleted; from 2.10.3 the StackGraph v2 also turns it into whole days with
//! `ceil((now − date -d v) / 86400)`. So stsbackup must read these strings exactly as `date`
//! does: a retention without `ago` resolves to the future and deletes every backup.
//!
//! This module is a port of gnulib's `parse-datetime.y` (the version coreutils 9.1 ships):
//! `lexer` is `yylex` and `lookup_word`, `grammar` the bison grammar and its actions,
//! `resolve` the second half of `parse_datetime_body` (`mktime` and the relative parts).
//! It reads everything `date -d` reads: relative items (`N unit`, `ago`, `hence`,
//! `last`/`this`/`next` and the ordinal words), `yesterday`/`today`/`now`/`tomorrow`, days of
//! the week, absolute dates (`2024-01-01`, `1/31/2024`, `31 jan 2024`, `jan 31, 2024`,
//! `20240131`), times (`12:00`, `3pm`, `12:00:30.5+02:00`), zones (`UTC`, `CEST`, `Z`,
//! `UTC+2`), `@SECONDS` and comments in parentheses.
//!
//! Deliberate differences from `date` (see `fixtures/date/README.md`): a leading `TZ="…"`
//! naming another zone than UTC is refused, as is a NUL byte (which no environment variable can
//! carry) and an input over [`MAX_INPUT_LEN`] bytes. [`DateInput::resolve_precise`] gives
//! every instant `date` prints; [`DateInput::resolve`] also refuses the years between
//! 2 147 483 648 and 2 147 485 547, which `date` prints but [`DateTime`] cannot hold.

mod grammar;
mod lexer;
mod resolve;
#[cfg(test)]
mod tests;

use crate::calendar::DateTime;
use crate::issue::ValueIssue;

/// Longest input accepted, in bytes. A retention is a few words; the bound keeps the work
/// linear and small for any value.
pub const MAX_INPUT_LEN: usize = 4096;

/// The relative part of an input: the sum of all its `N unit` items, `ago` applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelativeTime {
    pub years: i64,
    pub months: i64,
    /// Weeks and fortnights count as 7 and 14 days.
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
    pub seconds: i64,
    /// From fractional seconds (`1.5 seconds`); may be negative or above one second.
    pub nanoseconds: i64,
}

/// The kind of one item of the input, in the grammar's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// `@SECONDS`: the whole input is an absolute instant.
    Epoch,
    /// An ISO 8601 date and time, `2024-01-01T12:00`.
    DateTime,
    /// A calendar date: `2024-01-01`, `1/31`, `31 jan 2024`, `20240131`.
    Date,
    /// A time of day: `12:00`, `3pm`, `12+02` (an hour with a zone).
    Time,
    /// A day of the week, maybe with an ordinal: `friday`, `next friday`, `3 fri`.
    DayOfWeek,
    /// A time zone: `UTC`, `CEST`, `UTC+2`.
    Zone,
    /// A relative part: `30 days ago`, `next month`, `yesterday`, `now`.
    Relative,
    /// A bare number: a year after a date, `YYYYMMDD`, or a time `HH`/`HHMM`.
    Number,
    /// A number followed by a signed relative part: `20240101 +3 days`.
    Hybrid,
}

/// One item of the input and the bytes it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    pub start: usize,
    pub end: usize,
}

/// A `date -d` string, parsed: what it says, independent of when it is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateInput {
    control: grammar::Control,
    items: Vec<Item>,
    source: String,
}

/// Parses `input` as GNU `date -d` (TZ=UTC, C locale) does; fails where `date` fails to parse
/// it, with the offending bytes.
///
/// A string that parses can still fail to resolve (`2024-02-30`); see [`DateInput::resolve`].
///
/// ```
/// use stsbackup::text::date_input::{parse, ItemKind};
///
/// let retention = parse("30 days ago").unwrap();
/// assert!(retention.is_purely_relative() && retention.has_ago());
/// assert_eq!(retention.relative().days, -30);
///
/// let typo = parse("30 days").unwrap(); // accepted: thirty days in the FUTURE
/// assert!(!typo.has_ago());
///
/// assert!(parse("days = 30").is_err()); // the Python timedelta of older charts
/// assert_eq!(parse("2024-01-01").unwrap().items()[0].kind, ItemKind::Date);
/// ```
pub fn parse(input: &str) -> Result<DateInput, ValueIssue> {
    if input.len() > MAX_INPUT_LEN {
        return Err(ValueIssue::new(
            format!(
                "the date is {} bytes long; at most {MAX_INPUT_LEN} are accepted",
                input.len()
            ),
            0,
            input.len(),
        ));
    }
    if let Some(at) = input.find('\0') {
        return Err(ValueIssue::new(
            "a NUL character cannot reach `date`: no environment variable can hold it",
            at,
            at + 1,
        ));
    }
    let bytes = input.as_bytes();
    let start = bytes
        .iter()
        .position(|&b| !lexer::is_space(b))
        .unwrap_or(bytes.len());
    let mut start = start;
    if let Some((end, zone)) = tz_prefix(bytes, start) {
        if !UTC_ZONES.contains(&zone.as_slice()) {
            return Err(ValueIssue::new(
                "a `TZ=\"…\"` prefix naming another time zone is not supported: stsbackup reads \
                 dates in UTC, as the backup pod does",
                start,
                end,
            )
            .with_help("remove the prefix; the backup pod runs in UTC"));
        }
        start = end
            + bytes[end..]
                .iter()
                .position(|&b| !lexer::is_space(b))
                .unwrap_or(bytes.len() - end);
    }
    // gnulib reads an empty string as "0", midnight today.
    let tokens = if start == bytes.len() {
        vec![
            lexer::Token {
                tok: lexer::Tok::UNumber(lexer::TextInt {
                    negative: false,
                    value: 0,
                    digits: 1,
                }),
                start,
                end: start,
            },
            lexer::Token {
                tok: lexer::Tok::End,
                start,
                end: start,
            },
        ]
    } else {
        lexer::tokenize(bytes, start)
    };
    let (control, items) =
        grammar::parse(&tokens, input).map_err(|issue| with_help(issue, input, true))?;
    Ok(DateInput {
        control,
        items,
        source: input.to_owned(),
    })
}

/// Resolves `input` against `now` exactly as `date -d input` run at `now` does.
///
/// ```
/// use stsbackup::calendar::DateTime;
/// use stsbackup::text::date_input::resolve;
///
/// let now = DateTime::parse_rfc3339("2026-03-31T03:00:00Z").unwrap();
/// // 2026-02-31 does not exist: GNU date normalises it to 2026-03-03.
/// assert_eq!(resolve("1 month ago", now).unwrap().to_string(), "2026-03-03T03:00:00Z");
/// assert_eq!(resolve("30 days ago", now).unwrap().to_string(), "2026-03-01T03:00:00Z");
/// ```
pub fn resolve(input: &str, now: DateTime) -> Result<DateTime, ValueIssue> {
    parse(input)?.resolve(now)
}

/// The StackGraph v2 retention in whole days (2.10.3+), as `backup-stackgraph-v2.sh` computes it
/// in bash: `(( ($(date +%s) - $(date -d input +%s) + 86399) / 86400 ))` on whole seconds, with
/// bash's division, which truncates toward zero. For a past date that is
/// `ceil((now − date -d input) / 86400)`; zero or less means the retention resolves to now or
/// the future (`30 days` gives -29, not -30).
///
/// ```
/// use stsbackup::calendar::DateTime;
/// use stsbackup::text::date_input::retention_days;
///
/// let now = DateTime::parse_rfc3339("2026-12-31T23:59:59Z").unwrap();
/// assert_eq!(retention_days("30 days ago", now).unwrap(), 30);
/// assert_eq!(retention_days("1 month ago", now).unwrap(), 30);
/// assert_eq!(retention_days("36 hours ago", now).unwrap(), 2);
/// assert_eq!(retention_days("12 hours ago", now).unwrap(), 1);
/// assert_eq!(retention_days("now", now).unwrap(), 0);
/// assert_eq!(retention_days("30 days", now).unwrap(), -29);
/// ```
pub fn retention_days(input: &str, now: DateTime) -> Result<i64, ValueIssue> {
    let (seconds, _) = parse(input)?.resolve_precise(now)?;
    let elapsed = now.to_unix() - seconds;
    // Rust's `/` on integers truncates toward zero, as bash's does.
    Ok((elapsed + 86_399) / 86_400)
}

impl DateInput {
    /// The items of the input in order, with their byte ranges.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The sum of the relative items (`ago` applied), zero when there are none.
    pub fn relative(&self) -> RelativeTime {
        self.control.rel
    }

    /// Whether an `ago` negated a relative item.
    pub fn has_ago(&self) -> bool {
        self.control.has_ago
    }

    /// Whether every item is relative (`30 days ago`, `yesterday`, `now`): the result then
    /// moves with "now", keeping the time of day.
    pub fn is_purely_relative(&self) -> bool {
        !self.items.is_empty() && self.items.iter().all(|i| i.kind == ItemKind::Relative)
    }

    /// Whether the input names any absolute part: a date, a time, a zone, a day of the week,
    /// `@SECONDS` or a bare number (the empty string reads as the number 0).
    pub fn has_absolute_parts(&self) -> bool {
        self.items.is_empty() || self.items.iter().any(|i| i.kind != ItemKind::Relative)
    }

    /// The instant `date -d` gives at `now`, to the second (GNU `+%s` truncates towards the
    /// past, as this does).
    ///
    /// ```
    /// use stsbackup::calendar::DateTime;
    /// use stsbackup::text::date_input::parse;
    ///
    /// let now = DateTime::parse_rfc3339("2024-02-29T12:00:00Z").unwrap();
    /// let next_year = parse("1 year").unwrap().resolve(now).unwrap();
    /// assert_eq!(next_year.to_string(), "2025-03-01T12:00:00Z");
    /// assert!(parse("2024-02-30").unwrap().resolve(now).is_err());
    /// ```
    pub fn resolve(&self, now: DateTime) -> Result<DateTime, ValueIssue> {
        let (seconds, _) = self.resolve_precise(now)?;
        resolve::to_date_time(seconds).ok_or_else(|| {
            ValueIssue::new(
                "GNU date rejects this value: the date it names is out of range",
                0,
                self.source.len(),
            )
        })
    }

    /// The instant `date -d` gives at `now` as seconds since the epoch and nanoseconds
    /// (0–999 999 999), for callers that compare with `date +%s.%N`.
    ///
    /// ```
    /// use stsbackup::calendar::DateTime;
    /// use stsbackup::text::date_input::parse;
    ///
    /// let now = DateTime::from_unix(1_700_000_000);
    /// let earlier = parse("1.5 seconds ago").unwrap().resolve_precise(now).unwrap();
    /// assert_eq!(earlier, (1_699_999_998, 500_000_000));
    /// ```
    pub fn resolve_precise(&self, now: DateTime) -> Result<(i64, u32), ValueIssue> {
        let (seconds, nanoseconds) = resolve::resolve(&self.control, now.to_unix())
            .map_err(|f| with_help(self.failure_issue(f), &self.source, false))?;
        if !resolve::printable(seconds) {
            return Err(ValueIssue::new(
                "GNU date rejects this value: the date it names is out of range",
                0,
                self.source.len(),
            ));
        }
        Ok((seconds, nanoseconds as u32))
    }

    fn failure_issue(&self, failure: resolve::Failure) -> ValueIssue {
        let span = |kinds: &[ItemKind]| {
            let mut matching = self.items.iter().filter(|i| kinds.contains(&i.kind));
            let first = matching.next();
            let last = matching.next_back().or(first);
            match (first, last) {
                (Some(f), Some(l)) => (f.start, l.end),
                _ => (0, self.source.len()),
            }
        };
        use ItemKind::*;
        match failure {
            resolve::Failure::SeveralOf(what) => {
                let kinds: &[ItemKind] = match what {
                    "time" => &[Time, DateTime, Number, Hybrid],
                    "date" => &[Date, DateTime, Number, Hybrid],
                    "day of the week" => &[DayOfWeek],
                    _ => &[Zone, Time, DateTime],
                };
                let (start, end) = span(kinds);
                ValueIssue::new(
                    format!("GNU date rejects this value: it gives more than one {what}"),
                    start,
                    end,
                )
            }
            resolve::Failure::Hour => {
                let (start, end) = span(&[Time, DateTime, Number, Hybrid]);
                ValueIssue::new(
                    "GNU date rejects this value: the hour is not on the clock (0–23, or 1–12 with am/pm)",
                    start,
                    end,
                )
            }
            resolve::Failure::InvalidDate => {
                let (start, end) = span(&[Date, DateTime, Time, Number, Hybrid]);
                ValueIssue::new(
                    "GNU date rejects this value: no such date or time of day",
                    start,
                    end,
                )
            }
            resolve::Failure::OutOfRange => ValueIssue::new(
                "GNU date rejects this value: the date it names is out of range",
                0,
                self.source.len(),
            ),
        }
    }
}

/// The byte just past an issue that starts at `start` and nominally ends at `end`, moved
/// forward to a character boundary so the range never splits a UTF-8 sequence.
fn issue_end(source: &str, start: usize, end: usize) -> usize {
    let mut end = end.max(start).min(source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    if end == start {
        end = crate::text::char_end(source, start);
    }
    end
}

/// The `TZ="…"` values that name UTC itself, with or without tzdata in the pod.
const UTC_ZONES: [&[u8]; 6] = [b"", b"UTC", b"UTC0", b"GMT", b"GMT0", b"Etc/UTC"];

/// A `TZ="…"` prefix at `start` that gnulib would apply: its end and its unescaped value. It
/// needs its closing quote, and inside, only the escapes `\\` and `\"`.
fn tz_prefix(bytes: &[u8], start: usize) -> Option<(usize, Vec<u8>)> {
    let body = bytes.get(start..)?.strip_prefix(b"TZ=\"")?;
    let mut value = Vec::new();
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' if matches!(body.get(i + 1), Some(b'\\' | b'"')) => {
                value.push(body[i + 1]);
                i += 2;
            }
            b'\\' => return None,
            b'"' => return Some((start + 4 + i + 1, value)),
            other => {
                value.push(other);
                i += 1;
            }
        }
    }
    None
}

/// Adds the help that fits a rejected string, from what it looks like; `generic` adds a
/// reminder of the usual forms when nothing more specific applies.
fn with_help(issue: ValueIssue, input: &str, generic: bool) -> ValueIssue {
    if issue.help.is_some() {
        return issue;
    }
    let trimmed = input.trim();
    let flagged = input.get(issue.range.clone()).unwrap_or("");
    let help = if trimmed.contains('=') {
        "this looks like a Python timedelta (`days = 30`), which the classic chart and D1 read; \
         GNU date (D2 onwards) wants `30 days ago`"
    } else if trimmed.len() > 1
        && trimmed.starts_with(['P', 'p'])
        && trimmed[1..].starts_with(|c: char| c.is_ascii_digit() || c == 'T' || c == 't')
    {
        "GNU date does not read ISO 8601 durations; write `30 days ago`"
    } else if flagged.len() > 1 && flagged.ends_with('.') {
        "GNU date reads a `.` after letters as part of the word; remove it"
    } else if generic {
        "GNU date reads relative dates such as `30 days ago`, `2 weeks ago` or `1 month ago`"
    } else {
        return issue;
    };
    issue.with_help(help)
}
