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

use super::gnu_date::{self, DateFormat};
use crate::calendar::DateTime;
use crate::issue::ValueIssue;

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

#[derive(Default)]
struct Builder {
    parts: Vec<Part>,
    spans: Vec<(usize, usize)>,
    formats: Vec<DateFormat>,
}

impl Builder {
    fn literal(&mut self, c: char, at: usize) {
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

    fn date(&mut self, format: DateFormat, start: usize, end: usize) {
        self.parts.push(Part::Date {
            format: format.as_str().to_owned(),
        });
        self.spans.push((start, end));
        self.formats.push(format);
    }

    fn finish(self) -> NameTemplate {
        NameTemplate {
            parts: self.parts,
            spans: self.spans,
            formats: self.formats,
        }
    }
}

/// The issue for a character known to be forbidden in names.
fn forbidden_char(c: char, start: usize, end: usize) -> ValueIssue {
    name_char_issue(c, start, end).unwrap_or_else(|| {
        ValueIssue::new(format!("`{c}` cannot appear in a backup name"), start, end)
    })
}

/// Why `c` cannot appear in a backup name, as an issue covering `start..end`.
fn name_char_issue(c: char, start: usize, end: usize) -> Option<ValueIssue> {
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

/// Parses what follows a `$` at `chars[i]`: only `$(date …)` is accepted.
fn parse_dollar(
    template: &str,
    chars: &[(usize, char)],
    i: usize,
) -> Result<(DateFormat, usize), ValueIssue> {
    let at = chars.get(i).map_or(0, |&(j, _)| j);
    let char_at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let byte_at = |k: usize| chars.get(k).map_or(template.len(), |&(j, _)| j);
    match char_at(i + 1) {
        Some('(') if char_at(i + 2) == Some('(') => {
            let end = template[at..]
                .find("))")
                .map_or(template.len(), |j| at + j + 2);
            Err(ValueIssue::new(
                "`$((...))` is an arithmetic expansion, evaluated by bash in the backup pod",
                at,
                end,
            )
            .with_help("write the number itself, or use `$(date +FORMAT)` for the date"))
        }
        Some('(') => parse_date_substitution(template, chars, i),
        Some('{') => {
            let end = template[at..]
                .find('}')
                .map_or(template.len(), |j| at + j + 1);
            Err(parameter_expansion(&template[at..end], at, end))
        }
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            let mut k = i + 1;
            while char_at(k).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                k += 1;
            }
            let end = byte_at(k);
            Err(parameter_expansion(&template[at..end], at, end))
        }
        Some(c) if c.is_ascii_digit() || "@*#?-$!".contains(c) => {
            let end = byte_at(i + 2);
            Err(parameter_expansion(&template[at..end], at, end))
        }
        // Anything else leaves a literal `$` in the name.
        _ => Err(forbidden_char('$', at, at + 1)),
    }
}

fn parameter_expansion(text: &str, start: usize, end: usize) -> ValueIssue {
    ValueIssue::new(
        format!(
            "`{text}` is a parameter expansion: bash substitutes a variable of the backup pod \
             (and the script's `set -u` aborts the backup when it is unset)"
        ),
        start,
        end,
    )
    .with_help("write the text itself; only `$(date +FORMAT)` is expanded")
}

/// One shell word inside `$(...)`: its value after quote removal, and for each byte of the
/// value the byte range of the template character it came from.
#[derive(Default)]
struct Word {
    value: String,
    origin: Vec<(usize, usize)>,
    start: usize,
    end: usize,
}

impl Word {
    fn push(&mut self, c: char, at: usize, len: usize) {
        self.value.push(c);
        self.origin
            .extend(std::iter::repeat_n((at, at + len), c.len_utf8()));
    }

    /// Maps a byte range of `value[from..]` back to the template.
    fn origin_range(&self, from: usize, start: usize, end: usize) -> (usize, usize) {
        let first = self.origin.get(from + start).map_or(self.start, |r| r.0);
        let last = if end > start {
            self.origin.get(from + end - 1).map_or(self.end, |r| r.1)
        } else {
            first
        };
        (first, last)
    }
}

fn not_date(text: &str, start: usize, end: usize) -> ValueIssue {
    ValueIssue::new(
        format!("`{text}` runs a command other than `date` in the backup pod"),
        start,
        end,
    )
    .with_help("only `$(date +FORMAT)`, optionally with `-u`, is accepted")
}

/// Parses `$(date [-u|--utc] +FORMAT)` starting at the `$` at `chars[i]`; returns the format
/// and the byte offset just past the closing `)`.
fn parse_date_substitution(
    template: &str,
    chars: &[(usize, char)],
    i: usize,
) -> Result<(DateFormat, usize), ValueIssue> {
    let start = chars.get(i).map_or(0, |&(j, _)| j);
    let mut words: Vec<Word> = Vec::new();
    let mut word: Option<Word> = None;
    let mut k = i + 2;
    let whole = |end: usize| &template[start..end.min(template.len())];
    // Where the substitution ends, for error ranges, when it is malformed.
    let close_guess = template[start..]
        .find(')')
        .map_or(template.len(), |j| start + j + 1);
    let end = loop {
        let Some(&(at, c)) = chars.get(k) else {
            return Err(
                ValueIssue::new("`$(` is never closed", start, template.len())
                    .with_help("write `$(date +FORMAT)`"),
            );
        };
        let len = c.len_utf8();
        match c {
            ' ' | '\t' => {
                words.extend(word.take());
                k += 1;
                continue;
            }
            ')' => {
                words.extend(word.take());
                break at + 1;
            }
            _ => {}
        }
        let w = word.get_or_insert_with(|| Word {
            start: at,
            ..Word::default()
        });
        match c {
            '\n' | ';' | '&' | '|' | '<' | '>' | '(' => {
                return Err(not_date(whole(close_guess), start, close_guess).with_help(
                    "only a single `date` command is accepted: no newlines, `;`, `&`, `|`, \
                     redirections or subshells",
                ));
            }
            '`' | '$' => {
                return Err(ValueIssue::new(
                    format!(
                        "`{}` inside `$(...)` expands shell code in the backup pod",
                        if c == '$' { "$" } else { "`" }
                    ),
                    at,
                    at + 1,
                )
                .with_help("only `$(date +FORMAT)` with a literal format is accepted"));
            }
            '#' if w.start == at => {
                return Err(ValueIssue::new(
                    "`#` starts a comment inside `$(...)`, which swallows the closing `)`",
                    at,
                    at + 1,
                )
                .with_help("quote it: `$(date '+…#…')`"));
            }
            '{' | '}' => {
                return Err(ValueIssue::new(
                    "an unquoted brace in the date command is subject to brace expansion",
                    at,
                    at + 1,
                )
                .with_help("quote the format: `$(date '+FORMAT')`"));
            }
            '\'' => k = read_single_quoted(chars, k, w)?,
            '"' => k = read_double_quoted(chars, k, w)?,
            '\\' => match chars.get(k + 1) {
                Some(&(_, '\n')) => k += 2,
                Some(&(_, e)) => {
                    w.push(e, at, 1 + e.len_utf8());
                    w.end = at + 1 + e.len_utf8();
                    k += 2;
                }
                None => {
                    return Err(ValueIssue::new(
                        "`$(` is never closed",
                        start,
                        template.len(),
                    ));
                }
            },
            c => {
                w.push(c, at, len);
                w.end = at + len;
                k += 1;
            }
        }
    };
    check_date_words(template, start, end, &words)
}

/// Reads `'...'` starting at the quote at `chars[k]` into `word` (no escapes inside); returns
/// the index just past the closing quote.
fn read_single_quoted(
    chars: &[(usize, char)],
    k: usize,
    word: &mut Word,
) -> Result<usize, ValueIssue> {
    let at = chars.get(k).map_or(0, |&(j, _)| j);
    let inside = chars.get(k + 1..).unwrap_or_default();
    let Some(length) = inside.iter().position(|&(_, c)| c == '\'') else {
        return Err(ValueIssue::new(
            "unterminated `'` in the date command",
            at,
            at + 1,
        ));
    };
    for &(j, c) in inside.iter().take(length) {
        word.push(c, j, c.len_utf8());
    }
    let close = k + 1 + length;
    word.end = chars.get(close).map_or(at, |&(j, _)| j + 1);
    Ok(close + 1)
}

/// Reads `"..."` starting at the quote at `chars[k]` into `word`, with bash's double-quote
/// escapes (a backslash escapes `$`, `` ` ``, `"`, `\` and newline, and is kept before anything
/// else); returns the index just past the closing quote. Expansions are refused.
fn read_double_quoted(
    chars: &[(usize, char)],
    k: usize,
    word: &mut Word,
) -> Result<usize, ValueIssue> {
    let at = chars.get(k).map_or(0, |&(j, _)| j);
    let mut k = k + 1;
    loop {
        let Some(&(j, c)) = chars.get(k) else {
            return Err(ValueIssue::new(
                "unterminated `\"` in the date command",
                at,
                at + 1,
            ));
        };
        match c {
            '"' => break,
            '$' | '`' => {
                return Err(ValueIssue::new(
                    format!("`{c}` inside `$(...)` expands shell code in the backup pod"),
                    j,
                    j + 1,
                )
                .with_help("only `$(date +FORMAT)` with a literal format is accepted"));
            }
            '\\' => match chars.get(k + 1) {
                Some(&(_, '\n')) => k += 1,
                Some(&(_, e @ ('$' | '`' | '"' | '\\'))) => {
                    word.push(e, j, 1 + e.len_utf8());
                    k += 1;
                }
                _ => word.push('\\', j, 1),
            },
            c => word.push(c, j, c.len_utf8()),
        }
        k += 1;
    }
    word.end = chars.get(k).map_or(at, |&(j, _)| j + 1);
    Ok(k + 1)
}

/// Checks the words of a `$(...)` and parses its format.
fn check_date_words(
    template: &str,
    start: usize,
    end: usize,
    words: &[Word],
) -> Result<(DateFormat, usize), ValueIssue> {
    let text = &template[start..end];
    let Some((command, args)) = words.split_first() else {
        return Err(
            ValueIssue::new("`$()` is an empty command substitution", start, end)
                .with_help("write `$(date +FORMAT)`"),
        );
    };
    if command.value != "date" {
        return Err(not_date(text, start, end));
    }
    let mut format: Option<&Word> = None;
    for arg in args {
        match arg.value.as_str() {
            "-u" | "--utc" | "--universal" => {}
            value if value.starts_with('+') => {
                if format.is_some() {
                    return Err(ValueIssue::new(
                        "`date` accepts one `+FORMAT`; it fails with `extra operand` here",
                        arg.start,
                        arg.end,
                    ));
                }
                format = Some(arg);
            }
            value => {
                return Err(ValueIssue::new(
                    format!("`date` argument `{value}` is not accepted"),
                    arg.start,
                    arg.end,
                )
                .with_help(
                    "only `-u`/`--utc` and one `+FORMAT` are accepted; the name must use \
                            the current time",
                ));
            }
        }
    }
    let Some(format_word) = format else {
        return Err(ValueIssue::new(
            "`date` without `+FORMAT` prints the locale's default format, with spaces and colons",
            start,
            end,
        )
        .with_help("write `$(date +%Y%m%d-%H%M)`"));
    };
    Ok((check_date_format(format_word)?, end))
}

/// Parses the format of a `+FORMAT` word and checks that what it prints can be part of a name:
/// its literal characters, and what each directive can print. Ranges point into the template.
fn check_date_format(format_word: &Word) -> Result<DateFormat, ValueIssue> {
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
fn padding_help(conversion: char) -> &'static str {
    match conversion {
        'e' => "use `%d` (zero-padded day)",
        'k' => "use `%H` (zero-padded hour)",
        'l' => "use `%I` (zero-padded hour)",
        'D' => "use `%m%d%y` or `%F`",
        'n' | 't' => "remove it",
        _ => "use the `0` or `-` flag instead of `_`, or drop the width",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime {
        DateTime::parse_rfc3339("2026-03-05T03:07:09Z").unwrap()
    }

    fn ok(template: &str) -> NameTemplate {
        parse(template).unwrap_or_else(|e| panic!("{template:?}: {e:?}"))
    }

    fn err(template: &str) -> ValueIssue {
        match parse(template) {
            Ok(t) => panic!("{template:?} accepted: {t:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn chart_default() {
        let t = ok("sts-backup-$(date +%Y%m%d-%H%M).graph");
        assert_eq!(t.render(at()), "sts-backup-20260305-0307.graph");
        assert_eq!(t.date_formats().collect::<Vec<_>>(), ["%Y%m%d-%H%M"]);
        assert_eq!(
            t.parts(),
            [
                Part::Literal("sts-backup-".into()),
                Part::Date {
                    format: "%Y%m%d-%H%M".into()
                },
                Part::Literal(".graph".into()),
            ]
        );
        let spans: Vec<_> = t.parts_with_spans().map(|(_, s, e)| (s, e)).collect();
        assert_eq!(spans, [(0, 11), (11, 31), (31, 37)]);
    }

    #[test]
    fn accepted_spellings_of_the_date_command() {
        for template in [
            "x-$(date +%Y%m%d).graph",
            "x-$(date \"+%Y%m%d\").graph",
            "x-$(date '+%Y%m%d').graph",
            "x-$(date -u +%Y%m%d).graph",
            "x-$(date --utc +%Y%m%d).graph",
            "x-$(date +%Y%m%d -u).graph",
            "x-$( date  +%Y%m%d ).graph",
            "x-$(date +%Y'%m'\"%d\").graph",
            "x-$(date \\+%Y%m%d).graph",
            "x-$(\"date\" +%Y%m%d).graph",
            "x-$(date\t+%Y%m%d).graph",
        ] {
            let t = ok(template);
            assert_eq!(t.render(at()), "x-20260305.graph", "{template}");
            assert_eq!(
                t.date_formats().collect::<Vec<_>>(),
                ["%Y%m%d"],
                "{template}"
            );
        }
    }

    #[test]
    fn several_dates_literals_and_continuations() {
        let t = ok("b_$(date +%G-W%V)_$(date +%s)\\\n.graph");
        assert_eq!(t.render(at()), "b_2026-W10_1772680029.graph");
        assert_eq!(t.date_formats().collect::<Vec<_>>(), ["%G-W%V", "%s"]);
        // Characters that are harmless in bash double quotes and in the restore path.
        let t = ok("backup(1)~{x},a=b:c@d+e%f!g#h.é");
        assert_eq!(t.render(at()), "backup(1)~{x},a=b:c@d+e%f!g#h.é");
        assert!(t.date_formats().next().is_none());
        // A quoted `)` or `#` inside the format does not end the substitution.
        assert_eq!(ok("a$(date '+%H)%M')").render(at()), "a03)07");
    }

    #[test]
    fn empty_templates() {
        let issue = err("");
        assert_eq!((issue.range.start, issue.range.end), (0, 0));
        assert!(issue.message.contains("empty"));
        assert!(err("\\\n").message.contains("empty name"));
        assert_eq!(ok("x$(date +)").render(at()), "x");
    }

    /// `(template, expected range, a word the message must contain)`.
    #[rustfmt::skip]
    const REJECTED: &[(&str, (usize, usize), &str)] = &[
        ("sts-\"; rm -rf /; \"", (4, 5), "ends the double-quoted string"),
        ("sts-`id`.graph", (4, 8), "backtick"),
        ("sts-$(id).graph", (4, 9), "other than `date`"),
        ("sts-$(curl x|sh).graph", (4, 16), "other than `date`"),
        ("sts-$(date +%Y; id).graph", (4, 19), "other than `date`"),
        ("sts-$(date +%Y)$(date -d yesterday +%d)", (22, 24), "argument `-d`"),
        ("sts-$(date +%Y +%m)", (15, 18), "one `+FORMAT`"),
        ("sts-$(date).graph", (4, 11), "without `+FORMAT`"),
        ("sts-$(date +%Y", (4, 14), "never closed"),
        ("sts-$().graph", (4, 7), "empty command"),
        ("sts-$(TZ=UTC date +%Y)", (4, 22), "other than `date`"),
        ("sts-$(date +$FMT)", (12, 13), "expands shell code"),
        ("sts-$(date \"+%Y$x\")", (15, 16), "expands shell code"),
        ("sts-$(date +%Y`x`)", (14, 15), "expands shell code"),
        ("sts-$(date #x)", (11, 12), "comment"),
        ("sts-$(date +{%Y,%m})", (12, 13), "brace"),
        ("sts-$(date '+%Y)", (11, 12), "unterminated"),
        ("sts-$(date \"+%Y)", (11, 12), "unterminated"),
        ("sts-$((1+2)).graph", (4, 12), "arithmetic"),
        ("sts-$HOSTNAME.graph", (4, 13), "parameter expansion"),
        ("sts-${HOSTNAME}.graph", (4, 15), "parameter expansion"),
        ("sts-${HOSTNAME", (4, 14), "parameter expansion"),
        ("sts-$1.graph", (4, 6), "parameter expansion"),
        ("sts-$$.graph", (4, 6), "parameter expansion"),
        ("sts-$", (4, 5), "`$`"),
        ("sts-\\$x", (4, 6), "`$`"),
        ("sts-\\\\x", (4, 6), "backslash"),
        ("sts-\\\"x", (4, 6), "`\"`"),
        ("sts-\\`x", (4, 6), "backtick"),
        ("sts-\\x", (4, 5), "backslash"),
        ("sts-x\\", (5, 6), "backslash"),
        ("backups/sts-$(date +%Y)", (7, 8), "`/`"),
        ("sts $(date +%Y)", (3, 4), "whitespace"),
        ("sts\t$(date +%Y)", (3, 4), "whitespace"),
        ("sts\n$(date +%Y)", (3, 4), "control"),
        ("sts-\u{a0}x", (4, 6), "whitespace"),
        ("sts-*.graph", (4, 5), "glob"),
        ("sts-?.graph", (4, 5), "glob"),
        ("sts-[1].graph", (4, 5), "glob"),
        ("sts-'1'.graph", (4, 5), "metacharacters"),
        ("sts-a;b", (5, 6), "metacharacters"),
        ("sts-a|b", (5, 6), "metacharacters"),
        ("sts-a<b", (5, 6), "metacharacters"),
        ("sts-a>b", (5, 6), "metacharacters"),
        ("sts-a&b", (5, 6), "`&`"),
        ("sts-$(date '+%Y %m')", (15, 16), "whitespace"),
        ("sts-$(date +%Y/%m)", (14, 15), "`/`"),
        ("sts-$(date \"+%Y\\\\%m\")", (15, 17), "backslash"),
        ("sts-$(date +%Y\\ %m)", (14, 16), "whitespace"),
        ("sts-$(date +%Y*)", (14, 15), "glob"),
        ("sts-$(date +%Y%e)", (14, 16), "`%e`"),
        ("sts-$(date +%_H)", (12, 15), "`%_H`"),
        ("sts-$(date +%D)", (12, 14), "`/`"),
        ("sts-$(date +%Y%n)", (14, 16), "newline"),
        ("sts-$(date +%10a)", (12, 16), "spaces"),
        ("sts-$(date +%Y%Q)", (14, 16), "unknown date directive"),
        ("sts-$(date '+%Y%'\"Q\")", (15, 19), "unknown date directive"),
        ("sts-$(date +%c)", (12, 14), "locale"),
        ("sts-$(date +%Y%)", (14, 15), "incomplete"),
    ];

    #[test]
    fn rejections_say_why_and_where() {
        let mut bad = Vec::new();
        for &(template, range, needle) in REJECTED {
            let issue = err(template);
            if (issue.range.start, issue.range.end) != range || !issue.message.contains(needle) {
                bad.push(format!(
                    "{template:?} {range:?} {needle}: got {:?} {}",
                    (issue.range.start, issue.range.end),
                    issue.message
                ));
            }
            assert!(
                template.get(issue.range.start..issue.range.end).is_some(),
                "{template:?}"
            );
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn long_and_hostile_inputs_do_not_panic() {
        let long = "a".repeat(MAX_TEMPLATE_LEN + 1);
        assert!(err(&long).message.contains("at most"));
        for template in [
            "$",
            "$(",
            "$((",
            "${",
            "\\",
            "`",
            "$(date '",
            "$(date \"\\",
            "$(\\",
            "é$(é)",
        ] {
            let _ = parse(template);
        }
        let many = "$(date +%Y)".repeat(300);
        assert_eq!(ok(&many).render(at()).len(), 1200);
    }
}
