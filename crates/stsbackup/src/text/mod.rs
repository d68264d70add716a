//! Parsers for the free-text backup values that the chart hands to bash, GNU `date` and Python.
//!
//! Each of these values is pasted into code that only runs in the backup pod, at 03:00, after
//! the upload: a broken one fails silently or deletes backups. Every parser here reproduces its
//! consumer closely enough to catch that failure first, and refuses what it cannot vouch for.
//!
//! - [`shell_template`]: `backupNameTemplate`, a bash double-quoted string that the backup
//!   script `eval`s, with `$(date +FORMAT)` substitutions.
//! - [`gnu_date`]: the `+FORMAT` of GNU coreutils `date`, rendered in UTC.
//! - [`strptime`]: CPython 3.11 `datetime.strptime`, which the expiry helper applies to the
//!   text that `backupNameParseRegexp` captures, with `backupDatetimeParseFormat`.
//! - [`timedelta`]: `backupRetentionTimeDelta`, pasted into `eval('timedelta(' + value + ')')`.
//!
//! All inputs are untrusted: the parsers never panic and bound their work by input length.

use std::fmt;

pub mod gnu_date;
pub mod shell_template;
pub mod strptime;
pub mod time_value;
pub mod timedelta;

/// A problem in one of the text values, with the byte range of the offending text inside that
/// value (so a caller can point at it in the values file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextIssue {
    /// What is wrong, in one sentence; quotes the consumer's own error text where it has one.
    pub message: String,
    /// How to fix it, when there is something specific to say.
    pub help: Option<String>,
    /// Byte offset of the offending text in the value.
    pub start: usize,
    /// Byte offset just past the offending text (`start == end` for "missing" problems).
    pub end: usize,
}

impl TextIssue {
    /// An issue without help text.
    pub fn new(message: impl Into<String>, start: usize, end: usize) -> Self {
        TextIssue {
            message: message.into(),
            help: None,
            start,
            end,
        }
    }

    /// The same issue with help text attached.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for TextIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TextIssue {}

/// Byte offset just past the character that starts at `start` (or `start` at the end of text),
/// so that one-character issue ranges never split a UTF-8 sequence.
fn char_end(text: &str, start: usize) -> usize {
    text.get(start..)
        .and_then(|rest| rest.chars().next())
        .map_or(start, |c| start + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_end_respects_utf8() {
        assert_eq!(char_end("aé", 1), 3);
        assert_eq!(char_end("ab", 2), 2);
        assert_eq!(char_end("ab", 7), 7);
    }

    #[test]
    fn issue_builders() {
        let issue = TextIssue::new("bad", 1, 2).with_help("fix it");
        assert_eq!(issue.help.as_deref(), Some("fix it"));
        assert_eq!(issue.to_string(), "bad");
    }
}
