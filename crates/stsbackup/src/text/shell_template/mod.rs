//! `backupNameTemplate`: a bash double-quoted string with `$(date +FORMAT)` substitutions.
//!
//! The backup script runs `eval "BACKUP_FILE=\"${TEMPLATE}\""`, so the value is the inside of
//! a double-quoted bash string, and any `$(...)` in it is executed in the backup pod. The name
//! then travels through `aws s3 cp`, the expiry helper's key listing, and on restore through
//! `sed "s/REPLACE_ME_BACKUP_FILE_REPLACE_ME/${BACKUP_FILE}/"` into a double-quoted YAML string.
//!
//! [`parse`] accepts the safe subset: literal text and `$(date [-u|--utc] +FORMAT)`, with the
//! characters each of those steps survives. It follows bash's double-quote rules for what it
//! accepts (a backslash escapes only `$`, `` ` ``, `"`, `\` and newline; inside `$(...)` a new
//! quoting context starts) and refuses, saying why:
//!
//! - anything else that bash would execute or expand: other commands, backticks, `$VAR`,
//!   `${VAR}`, `$1`, `$((...))`;
//! - a bare `"`, which ends the string that `eval` runs and turns the rest into shell code;
//! - characters that break the name downstream: `/`, `&` and `\` (the restore `sed`), `"`
//!   (the YAML string), `$` and `` ` ``, whitespace and control characters, the glob characters
//!   `* ? [ ]`, and `' ; | < >`;
//! - a date format that prints any of those (`%e` pads with a space, `%D` prints slashes), and
//!   unsupported `date` directives (see [`super::gnu_date`]).

mod date_format;
mod names;
mod substitution;
#[cfg(test)]
mod tests;

use crate::calendar::DateTime;
use crate::issue::ValueIssue;
use crate::text::gnu_date::DateFormat;
use names::{Builder, forbidden_char, name_char_issue};
use substitution::parse_dollar;

/// Longest template accepted, in bytes. Names are S3 keys, at most 1024 bytes.
pub const MAX_TEMPLATE_LEN: usize = 4096;

/// One piece of a backup name template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text copied into the name as is (after bash's quote removal).
    Literal(String),
    /// `$(date +FORMAT)`: the format, without the `+` and after quote removal.
    Date {
        /// The GNU `date` format.
        format: String,
    },
}

/// A parsed, safe `backupNameTemplate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameTemplate {
    parts: Vec<Part>,
    /// Byte range of each part in the template text.
    spans: Vec<(usize, usize)>,
    /// The parsed format of each `Date` part, in order.
    formats: Vec<DateFormat>,
}

impl NameTemplate {
    /// The name the backup pod would produce at `at` (UTC).
    pub fn render(&self, at: DateTime) -> String {
        let mut formats = self.formats.iter();
        let mut name = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => name.push_str(text),
                Part::Date { .. } => {
                    if let Some(format) = formats.next() {
                        name.push_str(&format.render(at));
                    }
                }
            }
        }
        name
    }

    /// The `date` formats, in order.
    pub fn date_formats(&self) -> impl Iterator<Item = &str> {
        self.formats.iter().map(DateFormat::as_str)
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The parts with the byte range each one covers in the template text.
    pub fn parts_with_spans(&self) -> impl Iterator<Item = (&Part, usize, usize)> {
        self.parts
            .iter()
            .zip(&self.spans)
            .map(|(part, &(start, end))| (part, start, end))
    }
}

/// Parses a `backupNameTemplate` value.
///
/// The issue's range points into `template`.
pub fn parse(template: &str) -> Result<NameTemplate, ValueIssue> {
    if template.is_empty() {
        return Err(ValueIssue::new(
            "the backup name template is empty, so every backup would get an empty name",
            0,
            0,
        )
        .with_help("the chart's default is `sts-backup-$(date +%Y%m%d-%H%M).graph`"));
    }
    if template.len() > MAX_TEMPLATE_LEN {
        return Err(ValueIssue::new(
            format!(
                "the backup name template is {} bytes long; at most {MAX_TEMPLATE_LEN} are \
                 accepted",
                template.len()
            ),
            0,
            template.len(),
        ));
    }
    let chars: Vec<(usize, char)> = template.char_indices().collect();
    let mut builder = Builder::default();
    let mut i = 0;
    while let Some(&(at, c)) = chars.get(i) {
        let next = chars.get(i + 1).map(|&(_, n)| n);
        match c {
            '"' => {
                return Err(ValueIssue::new(
                    "a bare `\"` ends the double-quoted string the chart evals \
                     (`BACKUP_FILE=\"…\"`), so the rest of the template runs as shell code",
                    at,
                    at + 1,
                )
                .with_help("remove it; a `\"` cannot be part of a backup name either"));
            }
            '`' => {
                let end = chars[i + 1..]
                    .iter()
                    .find(|&&(_, c)| c == '`')
                    .map_or(template.len(), |&(j, _)| j + 1);
                return Err(ValueIssue::new(
                    "a backtick command substitution runs arbitrary code in the backup pod",
                    at,
                    end,
                )
                .with_help("only `$(date +FORMAT)` is accepted"));
            }
            '\\' => match next {
                // A backslash-newline pair disappears (line continuation).
                Some('\n') => i += 2,
                // `\$ \` \" \\` put the character itself in the name, and none of them may be.
                Some(escaped @ ('$' | '`' | '"' | '\\')) => {
                    return Err(forbidden_char(escaped, at, at + 2));
                }
                // Any other backslash stays in the name as a backslash.
                _ => return Err(forbidden_char('\\', at, at + 1)),
            },
            '$' => {
                let (part, end) = parse_dollar(template, &chars, i)?;
                builder.date(part, at, end);
                i = chars.partition_point(|&(j, _)| j < end);
            }
            c => {
                if let Some(issue) = name_char_issue(c, at, at + c.len_utf8()) {
                    return Err(issue);
                }
                builder.literal(c, at);
                i += 1;
            }
        }
    }
    let template = builder.finish();
    if template.parts.is_empty() {
        return Err(ValueIssue::new(
            "the backup name template produces an empty name",
            0,
            chars.last().map_or(0, |&(j, c)| j + c.len_utf8()),
        ));
    }
    Ok(template)
}
