//! What a backup name may contain: the parts gathered while reading, and the characters that
//! bash, S3 or the restore scripts would trip over.

use super::{NameTemplate, Part};
use crate::issue::ValueIssue;
use crate::text::gnu_date::DateFormat;

#[derive(Default)]
pub(super) struct Builder {
    pub(super) parts: Vec<Part>,
    pub(super) spans: Vec<(usize, usize)>,
    pub(super) formats: Vec<DateFormat>,
}

impl Builder {
    pub(super) fn literal(&mut self, c: char, at: usize) {
        let end = at + c.len_utf8();
        if let (Some(Part::Literal(text)), Some(span)) =
            (self.parts.last_mut(), self.spans.last_mut())
        {
            text.push(c);
            span.1 = end;
            return;
        }
        self.parts.push(Part::Literal(c.to_string()));
        self.spans.push((at, end));
    }

    pub(super) fn date(&mut self, format: DateFormat, start: usize, end: usize) {
        self.parts.push(Part::Date {
            format: format.as_str().to_owned(),
        });
        self.spans.push((start, end));
        self.formats.push(format);
    }

    pub(super) fn finish(self) -> NameTemplate {
        NameTemplate {
            parts: self.parts,
            spans: self.spans,
            formats: self.formats,
        }
    }
}

/// The issue for a character known to be forbidden in names.
pub(super) fn forbidden_char(c: char, start: usize, end: usize) -> ValueIssue {
    name_char_issue(c, start, end).unwrap_or_else(|| {
        ValueIssue::new(format!("`{c}` cannot appear in a backup name"), start, end)
    })
}

/// Why `c` cannot appear in a backup name, as an issue covering `start..end`.
pub(super) fn name_char_issue(c: char, start: usize, end: usize) -> Option<ValueIssue> {
    let (message, help) = match c {
        '/' => (
            "`/` in a backup name breaks restore: the restore scripts insert the name with \
             `sed \"s/…/NAME/\"`, where `/` ends the replacement",
            "use `-` or `_` instead",
        ),
        '&' => (
            "`&` in a backup name breaks restore: in the restore scripts' `sed` replacement it \
             stands for the matched placeholder",
            "use `-` or `_` instead",
        ),
        '\\' => (
            "a backslash in a backup name breaks restore: both the restore `sed` and the \
             double-quoted YAML value of the restore Job read it as an escape",
            "remove it",
        ),
        '"' => (
            "a `\"` in a backup name breaks restore: the name is inserted into a double-quoted \
             YAML value of the restore Job",
            "remove it",
        ),
        '$' => (
            "a `$` in a backup name is expanded by any shell that handles the name, such as the \
             one running the restore command",
            "remove it",
        ),
        '`' => (
            "a backtick in a backup name starts a command substitution in any shell",
            "remove it",
        ),
        '*' | '?' | '[' | ']' => (
            "glob characters (`* ? [ ]`) in a backup name are expanded as file patterns by \
             the shells that handle the name",
            "use `-` or `_` instead",
        ),
        '\'' | ';' | '|' | '<' | '>' => (
            "shell metacharacters (`' ; | < >`) in a backup name break the restore commands \
             that pass the name to a shell",
            "use `-` or `_` instead",
        ),
        c if c.is_control() && c != '\t' => (
            "control characters in a backup name break the expiry helper, which splits the \
             bucket listing into lines, and the restore Job's YAML",
            "remove it",
        ),
        c if c.is_whitespace() => (
            "whitespace in a backup name has to be quoted at every restore step \
             (`restore-stackgraph-backup.sh NAME`), and breaks the name's use as one shell word",
            "use `-` or `_` instead",
        ),
        _ => return None,
    };
    let shown = if c.is_control() || c.is_whitespace() {
        format!(" (U+{:04X})", u32::from(c))
    } else {
        String::new()
    };
    Some(ValueIssue::new(format!("{message}{shown}"), start, end).with_help(help))
}
