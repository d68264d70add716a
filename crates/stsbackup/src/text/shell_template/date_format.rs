//! The `+FORMAT` of a `date` substitution: what each directive can print, checked against what
//! a backup name may contain.

use super::names::name_char_issue;
use super::substitution::Word;
use crate::issue::ValueIssue;
use crate::text::gnu_date::{self, DateFormat};

/// Parses the format of a `+FORMAT` word and checks that what it prints can be part of a name:
/// its literal characters, and what each directive can print. Ranges point into the template.
pub(super) fn check_date_format(format_word: &Word) -> Result<DateFormat, ValueIssue> {
    let value = format_word.value.get(1..).unwrap_or("");
    let parsed = gnu_date::parse(value).map_err(|issue| {
        let (s, e) = format_word.origin_range(1, issue.range.start, issue.range.end);
        ValueIssue {
            range: s..e,
            ..issue
        }
    })?;
    for (offset, literal) in parsed.literals() {
        for (j, c) in literal.char_indices() {
            let (s, e) = format_word.origin_range(1, offset + j, offset + j + c.len_utf8());
            if let Some(issue) = name_char_issue(c, s, e) {
                let issue = ValueIssue {
                    message: format!("in the date format: {}", issue.message),
                    ..issue
                };
                return Err(issue);
            }
        }
    }
    for directive in parsed.directives() {
        let (s, e) = format_word.origin_range(1, directive.start(), directive.end());
        let shown = value.get(directive.start()..directive.end()).unwrap_or("");
        let problem = if directive.may_emit(|c| c == '\n' || c == '\t') {
            Some("prints a newline or a tab")
        } else if directive.may_emit(char::is_whitespace) {
            Some("can print spaces (it pads short values with spaces)")
        } else if directive.may_emit(|c| c == '/') {
            Some("prints `/`, which breaks the restore `sed`")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(ValueIssue::new(
                format!("`{shown}` {problem}, and backup names cannot contain it"),
                s,
                e,
            )
            .with_help(padding_help(directive.conversion())));
        }
    }
    Ok(parsed)
}

/// How to avoid a directive that prints whitespace or `/`.
pub(super) fn padding_help(conversion: char) -> &'static str {
    match conversion {
        'e' => "use `%d` (zero-padded day)",
        'k' => "use `%H` (zero-padded hour)",
        'l' => "use `%I` (zero-padded hour)",
        'D' => "use `%m%d%y` or `%F`",
        'n' | 't' => "remove it",
        _ => "use the `0` or `-` flag instead of `_`, or drop the width",
    }
}
