//! The call's arguments as Python's tokenizer splits them: commas, `keyword = value`, and
//! the whitespace Python skips.

use super::literals::Number;
use crate::issue::ValueIssue;
use crate::text::char_end;

/// Whitespace that Python skips between the tokens inside the call's parentheses.
pub(super) fn is_python_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{c}' | '\r' | '\n')
}

/// A byte range of the text.
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Splits at top-level commas, refusing brackets and strings that do not balance (and a `)`
/// that would close the chart's `timedelta(` early, the classic injection).
pub(super) fn split_arguments(text: &str) -> Result<Vec<Span>, ValueIssue> {
    let mut arguments = Vec::new();
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<(usize, char)> = None;
    let mut escaped = false;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if let Some((_, q)) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some((at, c)),
            '(' | '[' | '{' => open.push((at, c)),
            ')' | ']' | '}' => {
                let Some(_) = open.pop() else {
                    return Err(ValueIssue::new(
                        format!(
                            "`{c}` closes the chart's `timedelta(` early: what follows is \
                             evaluated as Python code by the chart"
                        ),
                        at,
                        at + 1,
                    )
                    .with_help("only plain numbers are accepted, e.g. `days = 30`"));
                };
            }
            '#' => {
                return Err(ValueIssue::new(
                    "`#` starts a Python comment, which swallows the chart's closing `)` \
                     (SyntaxError: '(' was never closed)",
                    at,
                    text.len(),
                )
                .with_help("remove the comment"));
            }
            ',' if open.is_empty() => {
                arguments.push(Span { start, end: at });
                start = at + 1;
            }
            _ => {}
        }
    }
    if let Some((at, q)) = quote {
        return Err(ValueIssue::new(
            format!("unterminated string starting with {q}"),
            at,
            text.len(),
        )
        .with_help("only plain numbers are accepted, e.g. `days = 30`"));
    }
    if let Some(&(at, c)) = open.first() {
        return Err(
            ValueIssue::new(format!("`{c}` is never closed"), at, char_end(text, at))
                .with_help("only plain numbers are accepted, e.g. `days = 30`"),
        );
    }
    arguments.push(Span {
        start,
        end: text.len(),
    });
    Ok(arguments)
}

/// `name = value` inside `text[start..end]`: the name, its range, and where the value starts.
/// `None` when the argument has no top-level `=` (a positional argument).
pub(super) fn split_keyword(
    text: &str,
    start: usize,
    end: usize,
) -> Option<(&str, usize, usize, usize)> {
    let source = text.get(start..end)?;
    let bytes = source.as_bytes();
    // The first `=` that is not part of `==`, `<=`, `>=`, `!=` (or `:=`).
    let eq = (0..bytes.len()).find(|&i| {
        bytes.get(i) == Some(&b'=')
            && bytes.get(i + 1) != Some(&b'=')
            && !matches!(
                i.checked_sub(1).and_then(|p| bytes.get(p)),
                Some(b'=' | b'<' | b'>' | b'!' | b':')
            )
    })?;
    let name_part = &source[..eq];
    let name = name_part.trim_matches(is_python_space);
    let lead = name_part.len() - name_part.trim_start_matches(is_python_space).len();
    let is_identifier = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !is_identifier {
        return None;
    }
    let name_start = start + lead;
    Some((name, name_start, name_start + name.len(), start + eq + 1))
}

/// A `keyword = number` argument.
pub(super) struct Keyword<'a> {
    pub(super) name: &'a str,
    pub(super) value: Number,
    pub(super) name_start: usize,
    pub(super) name_end: usize,
}
