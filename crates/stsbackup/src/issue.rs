//! A problem a parser found inside one value: what is wrong, how to fix it, and where.
//!
//! The cron and text parsers report these, and the rules turn them into findings that point
//! at the offending bytes in the values file. A leaf module: it depends on nothing in the crate,
//! so every parser can use it without pulling in the rules.

use std::fmt;
use std::ops::Range;

/// A problem in a value, with the byte range of the offending text inside that value (so a
/// caller can point at it in the values file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueIssue {
    /// What is wrong, in one sentence; quotes the consumer's own error text where it has one.
    pub message: String,
    /// How to fix it, when there is something specific to say.
    pub help: Option<String>,
    /// Byte range of the offending text in the value (empty for "missing" problems).
    pub range: Range<usize>,
}

impl ValueIssue {
    /// An issue without help text, at the bytes `start..end` of the value.
    pub fn new(message: impl Into<String>, start: usize, end: usize) -> Self {
        ValueIssue {
            message: message.into(),
            help: None,
            range: start..end,
        }
    }

    /// The same issue with help text attached.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same issue with help text attached when there is some.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl fmt::Display for ValueIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValueIssue {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_attach_help_and_keep_the_range() {
        let issue = ValueIssue::new("bad", 1, 2).with_help("fix it");
        assert_eq!(issue.help.as_deref(), Some("fix it"));
        assert_eq!(issue.range, 1..2);
        assert_eq!(issue.to_string(), "bad");
        assert_eq!(issue.with_optional_help(None).help, None);
    }
}
