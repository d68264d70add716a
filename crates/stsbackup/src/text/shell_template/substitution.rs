//! `$(...)`: only `$(date +FORMAT)` (with `-u`/`--utc`), its words read as bash reads them.

use super::date_format::check_date_format;
use super::names::forbidden_char;
use crate::issue::ValueIssue;
use crate::text::gnu_date::DateFormat;

/// Parses what follows a `$` at `chars[i]`: only `$(date …)` is accepted.
pub(super) fn parse_dollar(
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

pub(super) fn parameter_expansion(text: &str, start: usize, end: usize) -> ValueIssue {
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
pub(super) struct Word {
    pub(super) value: String,
    pub(super) origin: Vec<(usize, usize)>,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Word {
    pub(super) fn push(&mut self, c: char, at: usize, len: usize) {
        self.value.push(c);
        self.origin
            .extend(std::iter::repeat_n((at, at + len), c.len_utf8()));
    }

    /// Maps a byte range of `value[from..]` back to the template.
    pub(super) fn origin_range(&self, from: usize, start: usize, end: usize) -> (usize, usize) {
        let first = self.origin.get(from + start).map_or(self.start, |r| r.0);
        let last = if end > start {
            self.origin.get(from + end - 1).map_or(self.end, |r| r.1)
        } else {
            first
        };
        (first, last)
    }
}

pub(super) fn not_date(text: &str, start: usize, end: usize) -> ValueIssue {
    ValueIssue::new(
        format!("`{text}` runs a command other than `date` in the backup pod"),
        start,
        end,
    )
    .with_help("only `$(date +FORMAT)`, optionally with `-u`, is accepted")
}

/// Parses `$(date [-u|--utc] +FORMAT)` starting at the `$` at `chars[i]`; returns the format
/// and the byte offset just past the closing `)`.
pub(super) fn parse_date_substitution(
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
pub(super) fn read_single_quoted(
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
pub(super) fn read_double_quoted(
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
pub(super) fn check_date_words(
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
