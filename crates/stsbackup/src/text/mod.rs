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

pub mod date_input;
pub mod gnu_date;
pub mod shell_template;
pub mod strptime;
pub mod time_value;
pub mod timedelta;

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
}
