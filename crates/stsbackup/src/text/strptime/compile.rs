//! The format compiled as `_strptime.TimeRE` compiles it: directives to named groups, with
//! CPython's errors for bad directives and repeated group names.

use super::MAX_LEN;
use crate::issue::ValueIssue;

/// Matched groups: `(name, start, end)` in char indices.
pub(super) type Groups = Vec<(char, usize, usize)>;

/// One piece of a compiled format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token {
    /// A literal character, matched case-insensitively.
    Literal(char),
    /// `\s+`
    Whitespace,
    /// A directive's group, by CPython's group name (the directive letter).
    Group(char),
}

pub(super) struct Compiled {
    pub(super) tokens: Vec<Token>,
    /// Byte range in the format of the directive that produced each group name.
    pub(super) directive_at: Vec<(char, usize, usize)>,
}

/// CPython's regex for each directive (the `TimeRE` table in the C locale, UTC zone).
pub(super) fn fragment(name: char) -> Option<&'static str> {
    Some(match name {
        'd' => r"(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])",
        'f' => r"(?P<f>[0-9]{1,6})",
        'H' => r"(?P<H>2[0-3]|[0-1]\d|\d)",
        'I' => r"(?P<I>1[0-2]|0[1-9]|[1-9])",
        'G' => r"(?P<G>\d\d\d\d)",
        'j' => r"(?P<j>36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])",
        'm' => r"(?P<m>1[0-2]|0[1-9]|[1-9])",
        'M' => r"(?P<M>[0-5]\d|\d)",
        'S' => r"(?P<S>6[0-1]|[0-5]\d|\d)",
        'U' => r"(?P<U>5[0-3]|[0-4]\d|\d)",
        'w' => r"(?P<w>[0-6])",
        'u' => r"(?P<u>[1-7])",
        'V' => r"(?P<V>5[0-3]|0[1-9]|[1-4]\d|\d)",
        'y' => r"(?P<y>\d\d)",
        'Y' => r"(?P<Y>\d\d\d\d)",
        'z' => r"(?P<z>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z))",
        'A' => "(?P<A>wednesday|thursday|saturday|tuesday|monday|friday|sunday)",
        'a' => "(?P<a>mon|tue|wed|thu|fri|sat|sun)",
        'B' => {
            "(?P<B>september|february|november|december|january|october|august|march|april\
                |june|july|may)"
        }
        'b' => "(?P<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
        'p' => "(?P<p>am|pm)",
        'Z' => "(?P<Z>utc|gmt)",
        'W' => r"(?P<W>5[0-3]|[0-4]\d|\d)",
        _ => return None,
    })
}

/// The tokens of each directive: one group, or the C-locale expansion of `%c`, `%x`, `%X`
/// (`%a %b %d %H:%M:%S %Y`, `%m/%d/%y`, `%H:%M:%S`), or the literal `%` of `%%`.
pub(super) fn expansion(directive: char) -> Option<Vec<Token>> {
    use Token::{Group as G, Literal as L, Whitespace as Ws};
    Some(match directive {
        'c' => vec![
            G('a'),
            Ws,
            G('b'),
            Ws,
            G('d'),
            Ws,
            G('H'),
            L(':'),
            G('M'),
            L(':'),
            G('S'),
            Ws,
            G('Y'),
        ],
        'x' => vec![G('m'), L('/'), G('d'), L('/'), G('y')],
        'X' => vec![G('H'), L(':'), G('M'), L(':'), G('S')],
        '%' => vec![L('%')],
        c if fragment(c).is_some() => vec![G(c)],
        _ => return None,
    })
}

/// Python's `str.isspace`, which is what `\s` matches in a `str` pattern.
pub(super) fn py_isspace(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1c}'..='\u{20}'
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Characters that `_strptime` escapes before building its regex.
pub(super) fn is_regex_char(c: char) -> bool {
    "\\.^$*+?(){}[]|".contains(c)
}

/// CPython's `TimeRE.pattern` and `re.compile`, as far as they can fail.
pub(super) fn compile(format: &str) -> Result<Compiled, ValueIssue> {
    if format.len() > MAX_LEN {
        return Err(ValueIssue::new(
            format!(
                "the format is {} bytes long; at most {MAX_LEN} are accepted",
                format.len()
            ),
            0,
            format.len(),
        ));
    }
    let mut tokens = Vec::new();
    // The regex text CPython builds, to reproduce the positions in its error messages.
    let mut pattern = String::new();
    let mut directive_at = Vec::new();
    let mut rest = format.char_indices().peekable();
    while let Some((at, c)) = rest.next() {
        if py_isspace(c) {
            while rest.next_if(|&(_, n)| py_isspace(n)).is_some() {}
            tokens.push(Token::Whitespace);
            pattern.push_str(r"\s+");
            continue;
        }
        if c != '%' {
            tokens.push(Token::Literal(c));
            if is_regex_char(c) {
                pattern.push('\\');
            }
            pattern.push(c);
            continue;
        }
        let Some((next_at, directive)) = rest.next() else {
            return Err(
                ValueIssue::new(format!("stray % in format '{format}'"), at, at + 1)
                    .with_help("write `%%` for a literal `%`"),
            );
        };
        let end = next_at + directive.len_utf8();
        let Some(expanded) = expansion(directive) else {
            // CPython looks the character after `%` up in its table *after* escaping regex
            // characters and replacing whitespace, so those report the backslash, as `%`.
            let shown = if py_isspace(directive) || is_regex_char(directive) {
                '%'
            } else {
                directive
            };
            return Err(ValueIssue::new(
                format!("'{shown}' is a bad directive in format '{format}'"),
                at,
                end,
            )
            .with_help(
                "supported: %Y %y %m %d %H %I %M %S %f %p %j %b %B %a %A %w %u %U %W %z %Z %G \
                 %V %c %x %X %%",
            ));
        };
        for token in &expanded {
            match *token {
                Token::Group(name) => {
                    pattern.push_str(fragment(name).unwrap_or_default());
                    directive_at.push((name, at, end));
                }
                Token::Whitespace => pattern.push_str(r"\s+"),
                Token::Literal(l) => pattern.push(l),
            }
        }
        tokens.extend(expanded);
    }
    check_group_names(&pattern, &directive_at)?;
    Ok(Compiled {
        tokens,
        directive_at,
    })
}

/// `re.compile` refuses a group name used twice, as when a directive appears twice (`%Y%Y`,
/// or `%d` with `%c`). Reproduces its message, numbering groups as the regex does.
pub(super) fn check_group_names(
    pattern: &str,
    directive_at: &[(char, usize, usize)],
) -> Result<(), ValueIssue> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut seen: Vec<(char, usize)> = Vec::new();
    let (mut group, mut named, mut i) = (0usize, 0usize, 0usize);
    while let Some(&c) = chars.get(i) {
        if c == '\\' {
            i += 2;
            continue;
        }
        if c == '(' {
            let question = chars.get(i + 1) == Some(&'?');
            if !question {
                group += 1;
            } else if chars.get(i + 2..i + 4) == Some(&['P', '<'][..]) {
                group += 1;
                let name = chars.get(i + 4).copied().unwrap_or('?');
                if let Some(&(_, first)) = seen.iter().find(|&&(n, _)| n == name) {
                    let (_, start, end) = directive_at.get(named).copied().unwrap_or((name, 0, 0));
                    return Err(ValueIssue::new(
                        format!(
                            "redefinition of group name '{name}' as group {group}; was group \
                             {first} at position {}",
                            i + 4
                        ),
                        start,
                        end,
                    )
                    .with_help(format!(
                        "`%{name}` appears twice (`%c`, `%x` and `%X` include several \
                         directives); CPython raises re.error"
                    )));
                }
                seen.push((name, group));
                named += 1;
            }
        }
        i += 1;
    }
    Ok(())
}
