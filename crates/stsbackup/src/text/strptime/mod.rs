//! CPython 3.11 `datetime.strptime`, as the expiry helper uses it.
//!
//! For every key in the bucket that `backupNameParseRegexp` matches, the helper runs
//! `datetime.strptime(m.group(1), backupDatetimeParseFormat)`; one failure aborts the whole
//! expiry run, every night. This module reproduces `Lib/_strptime.py` closely enough to give
//! the same result and the same error message:
//!
//! - the format becomes a regular expression: directives become CPython's regexes (`%m` is
//!   `1[0-2]|0[1-9]|[1-9]`, …), regex metacharacters are escaped, each run of whitespace
//!   becomes `\s+`, and the whole is matched case-insensitively from the start of the text,
//!   with backtracking in the regex engine's order; then the whole text must be consumed;
//! - the captured fields are combined with CPython's rules and defaults (1900-01-01 00:00,
//!   `%y` 69–99 → 19xx, `%I` with `%p`, `%j`, `%U`/`%W` and `%G`/`%V` with a weekday);
//! - errors carry CPython's messages (`time data '2026' does not match format '%Y%m%d-%H%M'`,
//!   `unconverted data remains: 5`, `'Q' is a bad directive in format '%Q'`, `day is out of
//!   range for month`, …).
//!
//! Directives: `%Y %y %m %d %H %I %M %S %f %p %j %b %B %a %A %w %u %U %W %z %Z %G %V %%`, and
//! `%c %x %X` with their C-locale expansions. The pod's locale is assumed to be C (English
//! names) and its zone UTC (so `%Z` matches `UTC` or `GMT`).
//!
//! Known differences, all on text no backup name contains: `\d` and `\s` are Unicode classes in
//! CPython; here `\d` matches ASCII digits only (`\s` follows `str.isspace` exactly). Case
//! folding uses simple lower-casing, without CPython's special equivalences (`ſ`~`s`, `ı`~`i`).
//! Unassigned code points are not escaped in the quoted text of "does not match" messages.

mod build;
mod compile;
mod matching;
mod python;
#[cfg(test)]
mod tests;

use crate::calendar::DateTime;
use crate::issue::ValueIssue;
use build::{Field, build};
use compile::compile;
use python::py_repr;

/// Longest text and format accepted, in bytes. The text is part of an S3 key (at most 1024
/// bytes); the bound keeps the matcher's work small.
pub const MAX_LEN: usize = 1024;

/// The fields of the `datetime` that `strptime` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub microsecond: u32,
    /// The UTC offset in microseconds when the format has `%z`. Such a `datetime` is "aware",
    /// and the expiry helper's `datetime.now() - parsed` then fails with `TypeError: can't
    /// subtract offset-naive and offset-aware datetimes`.
    pub utc_offset: Option<i64>,
}

impl ParsedTime {
    /// The moment as a naive (zone-less) date and time, dropping microseconds, which is how the
    /// expiry helper compares it with `datetime.now()`.
    pub fn to_datetime(&self) -> DateTime {
        DateTime {
            year: self.year,
            month: self.month,
            day: self.day,
            hour: self.hour,
            minute: self.minute,
            second: self.second,
        }
    }

    /// Whether the result carries a UTC offset (see [`ParsedTime::utc_offset`]).
    pub fn is_aware(&self) -> bool {
        self.utc_offset.is_some()
    }
}

/// Checks a format on its own: every error that does not depend on the text.
///
/// That is CPython's bad directive, stray `%` and duplicate-directive (`re.error: redefinition
/// of group name`) errors, and the `%G`/`%V` combination errors that `strptime` raises for
/// every text that matches. The issue's range points into `format`.
pub fn check_format(format: &str) -> Result<(), ValueIssue> {
    let compiled = compile(format)?;
    compiled.check_iso_directives()
}

/// `datetime.strptime(text, format)`.
///
/// Errors that [`check_format`] reports point into `format`; all others point into `text`.
/// Call `check_format` first to tell them apart.
pub fn parse(text: &str, format: &str) -> Result<ParsedTime, ValueIssue> {
    let compiled = compile(format)?;
    if text.len() > MAX_LEN {
        return Err(ValueIssue::new(
            format!(
                "the text is {} bytes long; at most {MAX_LEN} are accepted",
                text.len()
            ),
            0,
            text.len(),
        ));
    }
    let chars: Vec<char> = text.chars().collect();
    // Byte offset of each character, plus the end of the text.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte = |i: usize| offsets.get(i).copied().unwrap_or(text.len());
    let (end, captures) = match compiled.match_text(&chars) {
        Ok(found) => found,
        Err(furthest) => {
            return Err(ValueIssue::new(
                format!(
                    "time data {} does not match format {}",
                    py_repr(text),
                    py_repr(format)
                ),
                byte(furthest),
                text.len(),
            ));
        }
    };
    if end != chars.len() {
        let rest = &text[byte(end)..];
        return Err(ValueIssue::new(
            format!("unconverted data remains: {rest}"),
            byte(end),
            text.len(),
        ));
    }
    let fields: Vec<Field> = captures
        .into_iter()
        .map(|(name, start, end)| Field {
            name,
            text: chars.get(start..end).unwrap_or_default().iter().collect(),
            start: byte(start),
            end: byte(end),
        })
        .collect();
    build(&compiled, &fields, text.len())
}
