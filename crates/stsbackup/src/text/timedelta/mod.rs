//! `backupRetentionTimeDelta`: the arguments of a Python `timedelta`, passed to `eval`.
//!
//! The expiry helper of the `stackstate` chart (4.3–5.1) runs
//! `eval('timedelta(' + value + ')')` and deletes every backup whose name is older than the
//! result. So the value is Python code: anything goes, and a mistake shows up only at 03:00, in
//! the pod, after the upload. [`parse`] accepts a strict, safe subset and computes the exact
//! `timedelta` CPython would build from it:
//!
//! ```text
//! value    = ws? argument ("," ws? argument)* ("," ws?)?
//! argument = keyword ws? "=" ws? number ws?
//! keyword  = "weeks" | "days" | "hours" | "minutes" | "seconds" | "milliseconds" | "microseconds"
//! number   = a non-negative Python decimal literal: 30, 1_000, 1.5, .5, 1., 2e3, 1.5E-3
//! ws       = space, tab, form feed, CR, LF (inside the call's parentheses Python ignores them all)
//! ```
//!
//! Each keyword may appear once (keywords are case-sensitive, as in Python); the total must be
//! positive and within `timedelta`'s range (|days| ≤ 999999999).
//!
//! Python accepts more, and we refuse it on purpose, saying so: a bare number (`30`, which
//! Python reads as days), signs, hexadecimal/octal/binary literals, parentheses and any other
//! expression (`86400*30`, `int(30)`). Where we follow Python instead: `1_000`, `.5`, `1.` and
//! exponents are plain literals, so they are accepted, and so is a trailing comma; CR, LF and
//! form feed count as whitespace because a YAML block scalar ends the value with a newline and
//! Python ignores it there.

mod arguments;
mod arithmetic;
mod help;
mod literals;
#[cfg(test)]
mod tests;

use crate::issue::ValueIssue;
use arguments::{Keyword, is_python_space, split_arguments, split_keyword};
use arithmetic::{divide_by_million, total_microseconds};
use help::{bare_number, foreign_format, keyword_help};
use literals::read_number;
use std::fmt;

/// Longest value accepted, in bytes; a longer one is not a retention.
pub const MAX_LEN: usize = 1024;

/// `timedelta`'s keywords with their size in microseconds, in the order CPython's constructor
/// accumulates them (which decides how float fractions are rounded).
const KEYWORDS: [(&str, i128); 7] = [
    ("microseconds", 1),
    ("milliseconds", 1_000),
    ("seconds", 1_000_000),
    ("minutes", 60_000_000),
    ("hours", 3_600_000_000),
    ("days", 86_400_000_000),
    ("weeks", 604_800_000_000),
];

/// The order of `timedelta`'s positional parameters.
const POSITIONAL: [&str; 7] = [
    "days",
    "seconds",
    "microseconds",
    "milliseconds",
    "minutes",
    "hours",
    "weeks",
];

const MICROS_PER_DAY: i128 = 86_400_000_000;
const MAX_DAYS: i128 = 999_999_999;

const ZERO_CONSEQUENCE: &str =
    "every backup, the one just uploaded included, is deleted at each run";

/// A retention period: a positive `datetime.timedelta`, normalised as CPython stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RetentionDelta {
    total_microseconds: i128,
}

impl RetentionDelta {
    /// `timedelta.total_seconds()`: the microseconds divided by 10^6, correctly rounded as
    /// Python's integer true division is.
    pub fn total_seconds(&self) -> f64 {
        divide_by_million(self.total_microseconds)
    }

    /// The whole duration in microseconds.
    pub fn total_microseconds(&self) -> i128 {
        self.total_microseconds
    }

    /// `timedelta.days`.
    pub fn days(&self) -> i64 {
        (self.total_microseconds / MICROS_PER_DAY) as i64
    }

    /// `timedelta.seconds` (0–86399).
    pub fn seconds(&self) -> u32 {
        (self.total_microseconds % MICROS_PER_DAY / 1_000_000) as u32
    }

    /// `timedelta.microseconds` (0–999999).
    pub fn microseconds(&self) -> u32 {
        (self.total_microseconds % 1_000_000) as u32
    }
}

impl fmt::Display for RetentionDelta {
    /// CPython's `str(timedelta)`: `30 days, 0:00:00`, `1 day, 12:00:00`, `0:00:00.500000`.
    /// The alternate form (`{:#}`) drops a zero time of day: `30 days`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.days();
        let seconds = self.seconds();
        let micros = self.microseconds();
        if days != 0 {
            write!(f, "{days} day{}", if days == 1 { "" } else { "s" })?;
            if f.alternate() && seconds == 0 && micros == 0 {
                return Ok(());
            }
            f.write_str(", ")?;
        }
        write!(
            f,
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )?;
        if micros != 0 {
            write!(f, ".{micros:06}")?;
        }
        Ok(())
    }
}

/// Parses a `backupRetentionTimeDelta` value. The issue's range points into `text`.
pub fn parse(text: &str) -> Result<RetentionDelta, ValueIssue> {
    if text.len() > MAX_LEN {
        return Err(ValueIssue::new(
            format!(
                "the value is {} bytes long; at most {MAX_LEN} are accepted",
                text.len()
            ),
            0,
            text.len(),
        ));
    }
    let trimmed = text.trim_matches(is_python_space);
    if trimmed.is_empty() {
        return Err(ValueIssue::new(
            format!(
                "the value is empty, so the chart evaluates `timedelta()`, which is zero: \
                 {ZERO_CONSEQUENCE}"
            ),
            0,
            text.len(),
        )
        .with_help("write `days = 30` (the chart's default)"));
    }
    if let Some(issue) = foreign_format(text) {
        return Err(issue);
    }
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() && !is_python_space(c))
    {
        return Err(ValueIssue::new(
            format!(
                "U+{:04X} is not whitespace to Python (SyntaxError: invalid non-printable \
                 character U+{:04X})",
                u32::from(c),
                u32::from(c)
            ),
            at,
            at + c.len_utf8(),
        )
        .with_help("replace it with a plain space"));
    }
    let arguments = split_arguments(text)?;
    let mut keywords: Vec<Keyword> = Vec::new();
    // First pass: what Python rejects when it compiles the call (syntax), and the code we
    // refuse to run.
    for (index, arg) in arguments.iter().enumerate() {
        if text[arg.start..arg.end]
            .trim_matches(is_python_space)
            .is_empty()
        {
            // Python allows one trailing comma after the last argument.
            if index + 1 == arguments.len() && index > 0 {
                continue;
            }
            return Err(ValueIssue::new(
                "empty argument (SyntaxError: invalid syntax)",
                arg.start,
                arg.end,
            )
            .with_help("remove the extra comma"));
        }
        let Some((name, name_start, name_end, value_start)) =
            split_keyword(text, arg.start, arg.end)
        else {
            let param = POSITIONAL.get(index).copied().unwrap_or("days");
            let value = read_number(text, arg.start, arg.end, None, param)?;
            if !keywords.is_empty() {
                return Err(ValueIssue::new(
                    "a bare value after a keyword argument (SyntaxError: positional argument \
                     follows keyword argument)",
                    value.start,
                    value.end,
                ));
            }
            return Err(bare_number(text, &arguments, index, &value));
        };
        let value = read_number(text, value_start, arg.end, Some(name), name)?;
        if keywords.iter().any(|k| k.name == name) {
            return Err(ValueIssue::new(
                format!("`{name}` is given twice (SyntaxError: keyword argument repeated: {name})"),
                name_start,
                name_end,
            )
            .with_help("give each keyword once"));
        }
        keywords.push(Keyword {
            name,
            value,
            name_start,
            name_end,
        });
    }
    // Second pass: what Python rejects when it calls `timedelta` (keywords), and signs.
    for keyword in &keywords {
        let name = keyword.name;
        if !KEYWORDS.iter().any(|&(k, _)| k == name) {
            let mut issue = ValueIssue::new(
                format!(
                    "`{name}` is not an argument of `timedelta` (TypeError: '{name}' is an \
                     invalid keyword argument for __new__()); the expiry job fails at each run"
                ),
                keyword.name_start,
                keyword.name_end,
            );
            if let Some(help) = keyword_help(name) {
                issue = issue.with_help(help);
            }
            return Err(issue);
        }
        let value = &keyword.value;
        if value.negative {
            return Err(ValueIssue::new(
                format!(
                    "`{}` is negative; only non-negative numbers are accepted (a negative \
                     retention means {ZERO_CONSEQUENCE})",
                    &text[value.start..value.end]
                ),
                value.start,
                value.end,
            )
            .with_help("drop the minus sign"));
        }
    }
    // Third pass: CPython's arithmetic.
    let total = total_microseconds(&keywords).map_err(|message| {
        // Point at the argument that overflows on its own, if one does.
        let (start, end) = keywords
            .iter()
            .find(|k| total_microseconds(std::slice::from_ref(*k)).is_err())
            .map_or((0, text.len()), |k| (k.name_start, k.value.end));
        ValueIssue::new(
            format!("the retention overflows `timedelta` (OverflowError: {message})"),
            start,
            end,
        )
        .with_help("`timedelta` allows at most 999999999 days")
    })?;
    if total <= 0 {
        return Err(ValueIssue::new(
            format!("the retention is zero: {ZERO_CONSEQUENCE}"),
            0,
            text.len(),
        )
        .with_help("write a positive retention such as `days = 30`"));
    }
    Ok(RetentionDelta {
        total_microseconds: total,
    })
}
