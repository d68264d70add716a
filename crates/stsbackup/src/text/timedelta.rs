//! `backupRetentionTimeDelta`: the arguments of a Python `timedelta`, passed to `eval`.
//!
//! The expiry helper of the `stackstate` chart (4.3–5.1) runs
//! `eval('timedelta(' + value + ')')` and deletes every backup whose name is older than the
//! result. So the value is Python code: anything goes, and a mistake shows up only at 03:00, in
//! the pod, after the upload. [`parse`] accepts a strict, safe subset and computes the exact
//! `timedelta` CPython would build from it:
//!
//! ```text
//! value    = ws? argument ("," ws? argument)* ("," ws?)?
//! argument = keyword ws? "=" ws? number ws?
//! keyword  = "weeks" | "days" | "hours" | "minutes" | "seconds" | "milliseconds" | "microseconds"
//! number   = a non-negative Python decimal literal: 30, 1_000, 1.5, .5, 1., 2e3, 1.5E-3
//! ws       = space, tab, form feed, CR, LF (inside the call's parentheses Python ignores them all)
//! ```
//!
//! Each keyword may appear once (keywords are case-sensitive, as in Python); the total must be
//! positive and within `timedelta`'s range (|days| ≤ 999999999).
//!
//! Python accepts more, and we refuse it on purpose, saying so: a bare number (`30`, which
//! Python reads as days), signs, hexadecimal/octal/binary literals, parentheses and any other
//! expression (`86400*30`, `int(30)`). Where we follow Python instead: `1_000`, `.5`, `1.` and
//! exponents are plain literals, so they are accepted, and so is a trailing comma; CR, LF and
//! form feed count as whitespace because a YAML block scalar ends the value with a newline and
//! Python ignores it there.

use std::fmt;

use super::char_end;
use crate::issue::ValueIssue;

/// Longest value accepted, in bytes; a longer one is not a retention.
pub const MAX_LEN: usize = 1024;

/// `timedelta`'s keywords with their size in microseconds, in the order CPython's constructor
/// accumulates them (which decides how float fractions are rounded).
const KEYWORDS: [(&str, i128); 7] = [
    ("microseconds", 1),
    ("milliseconds", 1_000),
    ("seconds", 1_000_000),
    ("minutes", 60_000_000),
    ("hours", 3_600_000_000),
    ("days", 86_400_000_000),
    ("weeks", 604_800_000_000),
];

/// The order of `timedelta`'s positional parameters.
const POSITIONAL: [&str; 7] = [
    "days",
    "seconds",
    "microseconds",
    "milliseconds",
    "minutes",
    "hours",
    "weeks",
];

const MICROS_PER_DAY: i128 = 86_400_000_000;
const MAX_DAYS: i128 = 999_999_999;

const ZERO_CONSEQUENCE: &str =
    "every backup, the one just uploaded included, is deleted at each run";

/// A retention period: a positive `datetime.timedelta`, normalised as CPython stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RetentionDelta {
    total_microseconds: i128,
}

impl RetentionDelta {
    /// `timedelta.total_seconds()`: the microseconds divided by 10^6, correctly rounded as
    /// Python's integer true division is.
    pub fn total_seconds(&self) -> f64 {
        divide_by_million(self.total_microseconds)
    }

    /// The whole duration in microseconds.
    pub fn total_microseconds(&self) -> i128 {
        self.total_microseconds
    }

    /// `timedelta.days`.
    pub fn days(&self) -> i64 {
        (self.total_microseconds / MICROS_PER_DAY) as i64
    }

    /// `timedelta.seconds` (0–86399).
    pub fn seconds(&self) -> u32 {
        (self.total_microseconds % MICROS_PER_DAY / 1_000_000) as u32
    }

    /// `timedelta.microseconds` (0–999999).
    pub fn microseconds(&self) -> u32 {
        (self.total_microseconds % 1_000_000) as u32
    }
}

impl fmt::Display for RetentionDelta {
    /// CPython's `str(timedelta)`: `30 days, 0:00:00`, `1 day, 12:00:00`, `0:00:00.500000`.
    /// The alternate form (`{:#}`) drops a zero time of day: `30 days`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.days();
        let seconds = self.seconds();
        let micros = self.microseconds();
        if days != 0 {
            write!(f, "{days} day{}", if days == 1 { "" } else { "s" })?;
            if f.alternate() && seconds == 0 && micros == 0 {
                return Ok(());
            }
            f.write_str(", ")?;
        }
        write!(
            f,
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )?;
        if micros != 0 {
            write!(f, ".{micros:06}")?;
        }
        Ok(())
    }
}

/// Parses a `backupRetentionTimeDelta` value. The issue's range points into `text`.
pub fn parse(text: &str) -> Result<RetentionDelta, ValueIssue> {
    if text.len() > MAX_LEN {
        return Err(ValueIssue::new(
            format!(
                "the value is {} bytes long; at most {MAX_LEN} are accepted",
                text.len()
            ),
            0,
            text.len(),
        ));
    }
    let trimmed = text.trim_matches(is_python_space);
    if trimmed.is_empty() {
        return Err(ValueIssue::new(
            format!(
                "the value is empty, so the chart evaluates `timedelta()`, which is zero: \
                 {ZERO_CONSEQUENCE}"
            ),
            0,
            text.len(),
        )
        .with_help("write `days = 30` (the chart's default)"));
    }
    if let Some(issue) = foreign_format(text) {
        return Err(issue);
    }
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() && !is_python_space(c))
    {
        return Err(ValueIssue::new(
            format!(
                "U+{:04X} is not whitespace to Python (SyntaxError: invalid non-printable \
                 character U+{:04X})",
                u32::from(c),
                u32::from(c)
            ),
            at,
            at + c.len_utf8(),
        )
        .with_help("replace it with a plain space"));
    }
    let arguments = split_arguments(text)?;
    let mut keywords: Vec<Keyword> = Vec::new();
    // First pass: what Python rejects when it compiles the call (syntax), and the code we
    // refuse to run.
    for (index, arg) in arguments.iter().enumerate() {
        if text[arg.start..arg.end]
            .trim_matches(is_python_space)
            .is_empty()
        {
            // Python allows one trailing comma after the last argument.
            if index + 1 == arguments.len() && index > 0 {
                continue;
            }
            return Err(ValueIssue::new(
                "empty argument (SyntaxError: invalid syntax)",
                arg.start,
                arg.end,
            )
            .with_help("remove the extra comma"));
        }
        let Some((name, name_start, name_end, value_start)) =
            split_keyword(text, arg.start, arg.end)
        else {
            let param = POSITIONAL.get(index).copied().unwrap_or("days");
            let value = read_number(text, arg.start, arg.end, None, param)?;
            if !keywords.is_empty() {
                return Err(ValueIssue::new(
                    "a bare value after a keyword argument (SyntaxError: positional argument \
                     follows keyword argument)",
                    value.start,
                    value.end,
                ));
            }
            return Err(bare_number(text, &arguments, index, &value));
        };
        let value = read_number(text, value_start, arg.end, Some(name), name)?;
        if keywords.iter().any(|k| k.name == name) {
            return Err(ValueIssue::new(
                format!("`{name}` is given twice (SyntaxError: keyword argument repeated: {name})"),
                name_start,
                name_end,
            )
            .with_help("give each keyword once"));
        }
        keywords.push(Keyword {
            name,
            value,
            name_start,
            name_end,
        });
    }
    // Second pass: what Python rejects when it calls `timedelta` (keywords), and signs.
    for keyword in &keywords {
        let name = keyword.name;
        if !KEYWORDS.iter().any(|&(k, _)| k == name) {
            let mut issue = ValueIssue::new(
                format!(
                    "`{name}` is not an argument of `timedelta` (TypeError: '{name}' is an \
                     invalid keyword argument for __new__()); the expiry job fails at each run"
                ),
                keyword.name_start,
                keyword.name_end,
            );
            if let Some(help) = keyword_help(name) {
                issue = issue.with_help(help);
            }
            return Err(issue);
        }
        let value = &keyword.value;
        if value.negative {
            return Err(ValueIssue::new(
                format!(
                    "`{}` is negative; only non-negative numbers are accepted (a negative \
                     retention means {ZERO_CONSEQUENCE})",
                    &text[value.start..value.end]
                ),
                value.start,
                value.end,
            )
            .with_help("drop the minus sign"));
        }
    }
    // Third pass: CPython's arithmetic.
    let total = total_microseconds(&keywords).map_err(|message| {
        // Point at the argument that overflows on its own, if one does.
        let (start, end) = keywords
            .iter()
            .find(|k| total_microseconds(std::slice::from_ref(*k)).is_err())
            .map_or((0, text.len()), |k| (k.name_start, k.value.end));
        ValueIssue::new(
            format!("the retention overflows `timedelta` (OverflowError: {message})"),
            start,
            end,
        )
        .with_help("`timedelta` allows at most 999999999 days")
    })?;
    if total <= 0 {
        return Err(ValueIssue::new(
            format!("the retention is zero: {ZERO_CONSEQUENCE}"),
            0,
            text.len(),
        )
        .with_help("write a positive retention such as `days = 30`"));
    }
    Ok(RetentionDelta {
        total_microseconds: total,
    })
}

/// A `keyword = number` argument.
struct Keyword<'a> {
    name: &'a str,
    value: Number,
    name_start: usize,
    name_end: usize,
}

/// The issue for a positional argument (`30`), with the keyword form of the whole call as help.
fn bare_number(text: &str, arguments: &[Span], index: usize, value: &Number) -> ValueIssue {
    let mut rewritten: Vec<String> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (position, arg) in arguments.iter().enumerate() {
        let source = text[arg.start..arg.end].trim_matches(is_python_space);
        if source.is_empty() {
            continue;
        }
        if let Some((name, ..)) = split_keyword(text, arg.start, arg.end) {
            names.push(name);
            rewritten.push(source.to_owned());
        } else {
            let name = POSITIONAL.get(position).copied().unwrap_or("days");
            names.push(name);
            rewritten.push(format!("{name} = {source}"));
        }
    }
    let param = POSITIONAL.get(index).copied().unwrap_or("days");
    let conflict = names
        .iter()
        .enumerate()
        .any(|(i, n)| names.get(..i).is_some_and(|before| before.contains(n)));
    let help = if conflict {
        format!(
            "Python also refuses this call (TypeError: argument for __new__() given by name \
             ('{param}') and position); write `{param} = N` once"
        )
    } else {
        format!("write `{}`", rewritten.join(", "))
    };
    ValueIssue::new(
        format!(
            "`{}` is a bare number: Python reads it as {}, but only keyword arguments are \
             accepted, so the unit is explicit",
            &text[value.start..value.end],
            POSITIONAL
                .get(index)
                .copied()
                .unwrap_or("an extra argument (TypeError)")
        ),
        value.start,
        value.end,
    )
    .with_help(help)
}

/// `n / 10**6` rounded to the nearest `f64` (ties to even), for `0 <= n < 2^100`.
fn divide_by_million(n: i128) -> f64 {
    const EXACT: i128 = 1 << 53;
    // Both operands are exact and IEEE division rounds correctly.
    if n < EXACT {
        return n as f64 / 1e6;
    }
    // Otherwise `n as f64` rounds first, so the quotient may be one unit off: pick the best
    // of it and its neighbours by exact integer comparison.
    let approx = n as f64 / 1e6;
    let candidates = [approx.next_down(), approx, approx.next_up()];
    // `c = m * 2^e`, with an integer mantissa.
    let decompose = |c: f64| -> (i128, i32) {
        let bits = c.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i32;
        let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
        (i128::from(mantissa), exponent - 1075)
    };
    let parts = candidates.map(decompose);
    let low = parts.iter().map(|&(_, e)| e).min().unwrap_or(0).min(0);
    let scaled_n = n << (-low) as u32;
    let mut best = (approx, i128::MAX, 1);
    for (&candidate, &(mantissa, exponent)) in candidates.iter().zip(&parts) {
        let scaled = (mantissa * 1_000_000) << (exponent - low) as u32;
        let error = (scaled - scaled_n).abs();
        let odd = mantissa & 1;
        if error < best.1 || (error == best.1 && odd < best.2) {
            best = (candidate, error, odd);
        }
    }
    best.0
}

/// Whitespace that Python skips between the tokens inside the call's parentheses.
fn is_python_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{c}' | '\r' | '\n')
}

/// A byte range of the text.
struct Span {
    start: usize,
    end: usize,
}

/// Splits at top-level commas, refusing brackets and strings that do not balance (and a `)`
/// that would close the chart's `timedelta(` early, the classic injection).
fn split_arguments(text: &str) -> Result<Vec<Span>, ValueIssue> {
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
fn split_keyword(text: &str, start: usize, end: usize) -> Option<(&str, usize, usize, usize)> {
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

/// A validated number literal.
#[derive(Clone, Debug)]
struct Number {
    value: Value,
    negative: bool,
    start: usize,
    end: usize,
}

#[derive(Clone, Debug)]
enum Value {
    /// An integer literal (`None` when it does not even fit an `i128`: certainly an overflow).
    Int(Option<i128>),
    Float(f64),
}

/// Reads the value of an argument: a plain number, or an issue saying what it is instead.
/// `keyword` is the argument's keyword, if any; `param` the `timedelta` parameter it sets, for
/// CPython's messages.
fn read_number(
    text: &str,
    start: usize,
    end: usize,
    keyword: Option<&str>,
    param: &str,
) -> Result<Number, ValueIssue> {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start_matches(is_python_space).len();
    let source = raw.trim_matches(is_python_space);
    let (s, e) = (start + lead, start + lead + source.len());
    let shown = keyword.map_or_else(|| source.to_owned(), |k| format!("{k} = {source}"));
    if source.is_empty() {
        let name = keyword.unwrap_or("");
        return Err(ValueIssue::new(
            format!("`{name} =` has no value (SyntaxError: invalid syntax)"),
            s,
            e,
        )
        .with_help(format!("write `{name} = 30`")));
    }
    let (sign, digits) = match source.strip_prefix(['-', '+']) {
        Some(rest) => (
            source.chars().next(),
            rest.trim_start_matches(is_python_space),
        ),
        None => (None, source),
    };
    let kind = classify(digits);
    if sign == Some('+') && matches!(kind, Literal::Int(_) | Literal::Float(_)) {
        return Err(ValueIssue::new(
            format!("`{source}` has a sign; only plain numbers are accepted"),
            s,
            e,
        )
        .with_help(format!("write `{digits}`")));
    }
    let negative = sign == Some('-');
    let issue = |message: String| ValueIssue::new(message, s, e);
    let plain = || "only plain numbers are accepted, e.g. `days = 30`".to_owned();
    let value = match kind {
        Literal::Int(v) => Value::Int(v),
        Literal::Float(v) => Value::Float(v),
        Literal::LeadingZeros => {
            return Err(issue(format!(
                "`{digits}`: Python 3 refuses leading zeros in integers (SyntaxError: leading \
                 zeros in decimal integer literals are not permitted)"
            ))
            .with_help(format!("write `{}`", digits.trim_start_matches(['0', '_']))));
        }
        Literal::Radix => {
            return Err(issue(format!("`{digits}` is not a decimal number"))
                .with_help("write the number in decimal, e.g. `days = 30`"));
        }
        Literal::Imaginary => {
            return Err(issue(format!(
                "`{digits}` is a complex number (TypeError: unsupported type for timedelta \
                 {param} component: complex)"
            ))
            .with_help("drop the `j`"));
        }
        Literal::ElasticsearchUnit(number, unit) => {
            let keyword = match unit {
                "d" => "days",
                "h" => "hours",
                "m" => "minutes",
                "s" => "seconds",
                "ms" => "milliseconds",
                _ => "microseconds",
            };
            return Err(issue(format!(
                "`{digits}` is an Elasticsearch time value (the format of \
                 `snapshotRetentionExpireAfter`); Python reads it as a syntax error \
                 (SyntaxError: invalid decimal literal)"
            ))
            .with_help(format!("write `{keyword} = {number}`")));
        }
        Literal::Invalid => {
            return Err(issue(format!(
                "`{digits}` is not a valid Python number (SyntaxError)"
            ))
            .with_help(plain()));
        }
        Literal::String => {
            return Err(issue(format!(
                "`{source}` is a string, not a number (TypeError: unsupported type for \
                 timedelta {param} component: str)"
            ))
            .with_help("remove the quotes"));
        }
        Literal::NotANumber => {
            return Err(issue(format!(
                "`{shown}` is evaluated as Python code by the chart; only plain numbers are \
                 accepted"
            ))
            .with_help(plain()));
        }
    };
    Ok(Number {
        value,
        negative,
        start: s,
        end: e,
    })
}

enum Literal<'a> {
    Int(Option<i128>),
    Float(f64),
    LeadingZeros,
    Radix,
    Imaginary,
    ElasticsearchUnit(&'a str, &'a str),
    Invalid,
    String,
    NotANumber,
}

/// Classifies a value by Python's number grammar (3.11 tokenizer).
fn classify(source: &str) -> Literal<'_> {
    let bytes = source.as_bytes();
    let Some(&first) = bytes.first() else {
        return Literal::NotANumber;
    };
    if first == b'\'' || first == b'"' {
        let quoted = bytes.len() >= 2 && bytes.last() == Some(&first);
        return if quoted {
            Literal::String
        } else {
            Literal::NotANumber
        };
    }
    let starts_number =
        first.is_ascii_digit() || (first == b'.' && bytes.get(1).is_some_and(u8::is_ascii_digit));
    if !starts_number {
        return Literal::NotANumber;
    }
    // From here on, Python's tokenizer reads one number token; anything glued to it that is
    // not an operator makes it an invalid literal.
    if first == b'0' && matches!(bytes.get(1), Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')) {
        return Literal::Radix;
    }
    // `digit (["_"] digit)*` from `i`; returns its end, or `None` on a misplaced underscore.
    let digit_part = |i: usize| -> Option<usize> {
        let mut j = i;
        if !bytes.get(j).is_some_and(u8::is_ascii_digit) {
            return Some(j);
        }
        while let Some(&b) = bytes.get(j) {
            let next_is_digit = bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
            if b.is_ascii_digit() || (b == b'_' && next_is_digit) {
                j += 1;
            } else {
                break;
            }
        }
        if bytes.get(j) == Some(&b'_') {
            None
        } else {
            Some(j)
        }
    };
    let Some(int_end) = digit_part(0) else {
        return Literal::Invalid;
    };
    let mut end = int_end;
    let mut is_float = false;
    if bytes.get(end) == Some(&b'.') {
        is_float = true;
        let Some(fraction_end) = digit_part(end + 1) else {
            return Literal::Invalid;
        };
        end = fraction_end;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut j = end + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if !bytes.get(j).is_some_and(u8::is_ascii_digit) {
            return Literal::Invalid;
        }
        let Some(exponent_end) = digit_part(j) else {
            return Literal::Invalid;
        };
        is_float = true;
        end = exponent_end;
    }
    let number = &source[..end];
    let rest = &source[end..];
    if matches!(rest, "j" | "J") {
        return Literal::Imaginary;
    }
    if !rest.is_empty() {
        let glued = rest
            .as_bytes()
            .first()
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.');
        if !is_float && matches!(rest, "d" | "h" | "m" | "s" | "ms" | "micros" | "nanos") {
            return Literal::ElasticsearchUnit(number, rest);
        }
        return if glued {
            Literal::Invalid
        } else {
            Literal::NotANumber
        };
    }
    let cleaned: String = number.chars().filter(|&c| c != '_').collect();
    if is_float {
        // Rust's parser is correctly rounded, like Python's; overflow gives infinity, as in
        // Python.
        return cleaned.parse().map_or(Literal::Invalid, Literal::Float);
    }
    if cleaned.len() > 1 && cleaned.starts_with('0') && cleaned.bytes().any(|b| b != b'0') {
        return Literal::LeadingZeros;
    }
    Literal::Int(cleaned.parse().ok())
}

/// CPython's `timedelta.__new__` (`delta_new` and `accum` in `_datetimemodule.c`): integers are
/// exact; a float's integral part is exact, and its fractional parts are summed in a double and
/// rounded half-to-even at the end. Returns the overflow message CPython would raise.
fn total_microseconds(keywords: &[Keyword]) -> Result<i128, String> {
    const TOO_LARGE: &str = "Python int too large to convert to C int";
    let mut total: i128 = 0;
    let mut leftover = 0.0f64;
    for &(name, factor) in &KEYWORDS {
        let Some(number) = keywords.iter().find(|k| k.name == name).map(|k| &k.value) else {
            continue;
        };
        match number.value {
            Value::Int(value) => {
                let product = value.and_then(|v| v.checked_mul(factor)).ok_or(TOO_LARGE)?;
                total = total.checked_add(product).ok_or(TOO_LARGE)?;
            }
            Value::Float(value) => {
                if !value.is_finite() {
                    return Err("cannot convert float infinity to integer".into());
                }
                let integral = value.trunc();
                // Beyond ±1.7e38 the product overflows `timedelta` anyway.
                if integral.abs() >= 1e38 {
                    return Err(TOO_LARGE.into());
                }
                let product = (integral as i128).checked_mul(factor).ok_or(TOO_LARGE)?;
                total = total.checked_add(product).ok_or(TOO_LARGE)?;
                let fraction = value - integral;
                if fraction != 0.0 {
                    let scaled = factor as f64 * fraction;
                    let whole = scaled.trunc();
                    total = total.checked_add(whole as i128).ok_or(TOO_LARGE)?;
                    leftover += scaled - whole;
                }
            }
        }
    }
    if leftover != 0.0 {
        let mut whole = leftover.round();
        if (whole - leftover).abs() == 0.5 {
            let odd = total.rem_euclid(2) as f64;
            whole = 2.0 * ((leftover + odd) * 0.5).round() - odd;
        }
        total = total.checked_add(whole as i128).ok_or(TOO_LARGE)?;
    }
    let days = total.div_euclid(MICROS_PER_DAY);
    if days.abs() > i128::from(i32::MAX) {
        return Err(TOO_LARGE.into());
    }
    if days.abs() > MAX_DAYS {
        return Err(format!("days={days}; must have magnitude <= 999999999"));
    }
    Ok(total)
}

/// Did-you-mean for an unknown keyword.
fn keyword_help(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let alias = match lower.as_str() {
        "w" | "wk" | "wks" | "week" => Some("weeks"),
        "d" | "day" => Some("days"),
        "h" | "hr" | "hrs" | "hour" => Some("hours"),
        "m" | "min" | "mins" | "minute" => Some("minutes"),
        "s" | "sec" | "secs" | "second" => Some("seconds"),
        "ms" | "msec" | "msecs" | "millis" | "millisecond" => Some("milliseconds"),
        "us" | "µs" | "usec" | "usecs" | "micros" | "microsecond" => Some("microseconds"),
        _ => None,
    };
    if let Some(keyword) = alias {
        return Some(format!("did you mean `{keyword}`?"));
    }
    if matches!(lower.as_str(), "month" | "months" | "year" | "years") {
        return Some(format!(
            "`timedelta` has no `{lower}`; count days instead, e.g. `days = {}`",
            if lower.starts_with('m') { 30 } else { 365 }
        ));
    }
    // An abbreviation (`micro`, `milli`), then a near miss (`minuts`, `dys`).
    let prefixed: Vec<&str> = KEYWORDS
        .iter()
        .map(|&(k, _)| k)
        .filter(|k| lower.len() >= 3 && k.starts_with(&lower))
        .collect();
    if let [keyword] = prefixed.as_slice() {
        return Some(format!("did you mean `{keyword}`?"));
    }
    let (best, distance) = KEYWORDS
        .iter()
        .map(|&(k, _)| (k, edit_distance(&lower, k)))
        .min_by_key(|&(_, d)| d)?;
    (distance <= 2).then(|| format!("did you mean `{best}`?"))
}

/// Levenshtein distance (insertions, deletions, substitutions), over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// Recognises the retention formats of other places: GNU `date -d` relative dates (the
/// `stackstate-k8s` chart's format since 2024-08) and Elasticsearch time values.
fn foreign_format(text: &str) -> Option<ValueIssue> {
    const UNITS: [&str; 10] = [
        "year",
        "month",
        "fortnight",
        "week",
        "day",
        "hour",
        "minute",
        "min",
        "second",
        "sec",
    ];
    let lower = text.trim_matches(is_python_space).to_lowercase();
    if lower.contains(['=', ',']) {
        return None;
    }
    // Split `30days` into `30` `days` as GNU date does.
    let mut words: Vec<String> = Vec::new();
    for chunk in lower.split_whitespace() {
        let mut word = String::new();
        for c in chunk.chars() {
            let boundary = word
                .chars()
                .last()
                .is_some_and(|l| l.is_ascii_digit() != c.is_ascii_digit());
            if boundary && !(word == "-" || word == "+") {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        words.push(word);
    }
    let is_unit = |w: &str| {
        UNITS
            .iter()
            .any(|u| w == *u || w.strip_suffix('s') == Some(u))
    };
    let is_number = |w: &str| {
        let digits = w.trim_start_matches(['+', '-']);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let is_gnu_word = |w: &str| {
        is_unit(w)
            || is_number(w)
            || matches!(
                w,
                "ago" | "yesterday" | "today" | "now" | "tomorrow" | "last" | "next" | "this"
            )
    };
    let has_unit = words
        .iter()
        .any(|w| is_unit(w) || matches!(w.as_str(), "yesterday" | "today" | "now"));
    let trimmed_start = text.len() - text.trim_start_matches(is_python_space).len();
    let trimmed_end = text.trim_end_matches(is_python_space).len();
    if has_unit && words.iter().all(|w| is_gnu_word(w)) {
        return Some(
            ValueIssue::new(
                format!(
                    "`{}` is a GNU `date -d` relative date, which Python cannot evaluate: \
                     the expiry job fails at each run",
                    &text[trimmed_start..trimmed_end]
                ),
                trimmed_start,
                trimmed_end,
            )
            .with_help(format!(
                "this is the `date -d` format of the stackstate-k8s chart from 2024-08; this \
                 chart (4.3–5.1) expects Python timedelta arguments such as `days = 30`{}",
                translate_relative_date(&words)
                    .map(|keywords| format!("; here: `{keywords}`"))
                    .unwrap_or_default()
            )),
        );
    }
    None
}

/// `30 days ago` → `days = 30`, for the units `timedelta` has (the sign and `ago` are dropped:
/// a retention is a length of time either way).
fn translate_relative_date(words: &[String]) -> Option<String> {
    let mut keywords: Vec<String> = Vec::new();
    let mut number: Option<&str> = None;
    for word in words {
        let unit = word.strip_suffix('s').unwrap_or(word);
        let keyword = match unit {
            "week" => "weeks",
            "day" => "days",
            "hour" => "hours",
            "minute" | "min" => "minutes",
            "second" | "sec" => "seconds",
            "ago" => continue,
            _ if number.is_none() && word.bytes().any(|b| b.is_ascii_digit()) => {
                number = Some(word.trim_start_matches(['+', '-']));
                continue;
            }
            _ => return None,
        };
        let count = number.take().unwrap_or("1");
        keywords.push(format!("{keyword} = {count}"));
    }
    (number.is_none() && !keywords.is_empty()).then(|| keywords.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(value, str(timedelta), total_seconds())` from CPython 3.11.7's
    /// `eval('timedelta(' + value + ')')`; 60,000 further random keyword/number combinations
    /// were compared during development.
    #[rustfmt::skip]
    const ACCEPTED: &[(&str, &str, f64)] = &[
        ("days = 30", "30 days, 0:00:00", 2592000.0),
        ("days=30", "30 days, 0:00:00", 2592000.0),
        ("  days = 30  ", "30 days, 0:00:00", 2592000.0),
        ("days = 30\n", "30 days, 0:00:00", 2592000.0),
        ("\tdays=30,", "30 days, 0:00:00", 2592000.0),
        ("days=\r30", "30 days, 0:00:00", 2592000.0),
        ("days=\u{c}30", "30 days, 0:00:00", 2592000.0),
        ("days = 365", "365 days, 0:00:00", 31536000.0),
        ("weeks=4, days=2", "30 days, 0:00:00", 2592000.0),
        ("weeks = 4 , days = 2", "30 days, 0:00:00", 2592000.0),
        ("hours=36", "1 day, 12:00:00", 129600.0),
        ("days=1.5", "1 day, 12:00:00", 129600.0),
        ("days=1", "1 day, 0:00:00", 86400.0),
        ("days=1_000", "1000 days, 0:00:00", 86400000.0),
        ("days=.5", "12:00:00", 43200.0),
        ("days=1.", "1 day, 0:00:00", 86400.0),
        ("days=00.5", "12:00:00", 43200.0),
        ("days=1e2", "100 days, 0:00:00", 8640000.0),
        ("days=.5e1", "5 days, 0:00:00", 432000.0),
        ("days=1.e1", "10 days, 0:00:00", 864000.0),
        ("seconds=1.5E-3", "0:00:00.001500", 0.0015),
        ("milliseconds=1", "0:00:00.001000", 0.001),
        ("microseconds=1", "0:00:00.000001", 1e-06),
        ("microseconds=1.5", "0:00:00.000002", 2e-06),
        ("microseconds=2.5", "0:00:00.000002", 2e-06),
        ("seconds=0.0000015", "0:00:00.000002", 2e-06),
        ("days=0.1, seconds=0.3, microseconds=0.7", "2:24:00.300001", 8640.300001),
        ("weeks=1, days=1.5, hours=0.1, microseconds=0.5", "8 days, 12:06:00", 734760.0),
        ("days=999999999", "999999999 days, 0:00:00", 86399999913600.0),
        ("days=999999999, hours=23.99999999", "999999999 days, 23:59:59.999964", 86400000000000.0),
        ("milliseconds= 2987 , weeks= 32224517.957411915 , microseconds= 99741.99377404382", "225571625 days, 16:50:45.812973", 19489388460645.812),
        ("minutes=1, seconds=1, milliseconds=1", "0:01:01.001000", 61.001),
        ("days=0, hours=1", "1:00:00", 3600.0),
    ];

    #[test]
    fn accepted_values_match_cpython() {
        for &(value, shown, seconds) in ACCEPTED {
            let delta = parse(value).unwrap_or_else(|e| panic!("{value:?}: {e:?}"));
            assert_eq!(delta.to_string(), shown, "{value:?}");
            assert_eq!(delta.total_seconds(), seconds, "{value:?}");
        }
    }

    #[test]
    fn fields_and_compact_display() {
        let delta = parse("days = 1, hours = 12, microseconds = 5").unwrap();
        assert_eq!(
            (delta.days(), delta.seconds(), delta.microseconds()),
            (1, 43200, 5)
        );
        assert_eq!(delta.total_microseconds(), 129_600_000_005);
        assert_eq!(format!("{:#}", parse("days = 30").unwrap()), "30 days");
        assert_eq!(format!("{:#}", parse("days = 1").unwrap()), "1 day");
        assert_eq!(
            format!("{:#}", parse("hours = 36").unwrap()),
            "1 day, 12:00:00"
        );
        assert_eq!(format!("{:#}", parse("hours = 1").unwrap()), "1:00:00");
        assert!(parse("days = 30").unwrap() > parse("weeks = 4").unwrap());
    }

    /// `(value, byte range, text the message must contain, text the help must contain)`.
    #[rustfmt::skip]
    const REJECTED: &[(&str, (usize, usize), &str, &str)] = &[
        ("", (0, 0), "`timedelta()`, which is zero", "days = 30"),
        ("  \n", (0, 3), "the one just uploaded included", "days = 30"),
        ("days=0", (0, 6), "zero", "positive"),
        ("days=0, hours=0.0", (0, 17), "zero", "positive"),
        ("seconds=0.0000001", (0, 17), "zero", ""),
        ("days=1e-300", (0, 11), "zero", ""),
        ("days=-1", (5, 7), "negative", "minus"),
        ("days = - 1", (7, 10), "negative", "minus"),
        ("days=2, hours=-1", (14, 16), "negative", "minus"),
        ("days=+30", (5, 8), "sign", "`30`"),
        ("day=30", (0, 3), "'day' is an invalid keyword argument", "`days`"),
        ("Days=30", (0, 4), "'Days'", "`days`"),
        ("days=1, hour=2", (8, 12), "'hour'", "`hours`"),
        ("mins=5", (0, 4), "'mins'", "`minutes`"),
        ("secs=5", (0, 4), "'secs'", "`seconds`"),
        ("milisecond=5", (0, 10), "'milisecond'", "`milliseconds`"),
        ("dys=5", (0, 3), "'dys'", "`days`"),
        ("months=1", (0, 6), "'months'", "days = 30"),
        ("year=1", (0, 4), "'year'", "days = 365"),
        ("xyz=1", (0, 3), "'xyz'", ""),
        ("days=30, days=1", (9, 13), "keyword argument repeated: days", "once"),
        ("30", (0, 2), "bare number", "`days = 30`"),
        (" 30 ", (1, 3), "bare number", "`days = 30`"),
        ("30, 12", (0, 2), "bare number", "`days = 30, seconds = 12`"),
        ("30, hours=1", (0, 2), "bare number", "`days = 30, hours=1`"),
        ("30, days=1", (0, 2), "bare number", "given by name ('days') and position"),
        ("-30", (0, 3), "bare number", "`days = -30`"),
        ("days=1, 30", (8, 10), "positional argument follows keyword argument", ""),
        ("seconds=86400*30", (8, 16), "evaluated as Python code", "plain numbers"),
        ("seconds = 86400 * 30", (10, 20), "evaluated as Python code", ""),
        ("int(30)", (0, 7), "evaluated as Python code", ""),
        ("__import__('os').system('id')", (0, 29), "evaluated as Python code", ""),
        ("days=(30)", (5, 9), "evaluated as Python code", ""),
        ("days=10**3", (5, 10), "evaluated as Python code", ""),
        ("days=True", (5, 9), "evaluated as Python code", ""),
        ("days=inf", (5, 8), "evaluated as Python code", ""),
        ("days==30", (0, 8), "evaluated as Python code", ""),
        ("a.b=1", (0, 5), "evaluated as Python code", ""),
        ("days = 3 0", (7, 10), "evaluated as Python code", ""),
        ("days=30; x=1", (5, 12), "evaluated as Python code", ""),
        ("days=30), print(1", (7, 8), "closes the chart's `timedelta(` early", ""),
        ("days=[30", (5, 6), "never closed", ""),
        ("days=30 # thirty", (8, 16), "comment", "remove"),
        ("days='30", (5, 8), "unterminated string", ""),
        ("days=\"30\"", (5, 9), "string, not a number", "quotes"),
        ("'days = 30'", (0, 11), "unsupported type for timedelta days component: str", "quotes"),
        ("days=030", (5, 8), "leading zeros", "`30`"),
        ("days=0x1e", (5, 9), "not a decimal number", "decimal"),
        ("days=30j", (5, 8), "timedelta days component: complex", ""),
        ("days=1.2.3", (5, 10), "not a valid Python number", ""),
        ("days=1__0", (5, 9), "not a valid Python number", ""),
        ("days=1_", (5, 7), "not a valid Python number", ""),
        ("days=1e", (5, 7), "not a valid Python number", ""),
        ("days=1e+", (5, 8), "not a valid Python number", ""),
        ("days=", (5, 5), "has no value", "`days = 30`"),
        ("days = ", (7, 7), "has no value", ""),
        ("=30", (0, 3), "evaluated as Python code", ""),
        (",days=1", (0, 0), "empty argument", "comma"),
        ("days=1,,hours=2", (7, 7), "empty argument", "comma"),
        ("days=1, ,", (7, 8), "empty argument", "comma"),
        ("days=\u{a0}30", (5, 7), "U+00A0 is not whitespace to Python", "plain space"),
        ("days=\u{b}30", (5, 6), "U+000B", ""),
        ("30d", (0, 3), "Elasticsearch time value", "`days = 30`"),
        ("days=30d", (5, 8), "Elasticsearch time value", "`days = 30`"),
        ("12h", (0, 3), "Elasticsearch time value", "`hours = 12`"),
        ("30 days ago", (0, 11), "GNU `date -d` relative date", "stackstate-k8s chart from 2024-08"),
        ("30 days ago", (0, 11), "GNU `date -d`", "; here: `days = 30`"),
        ("2 weeks 3 days ago", (0, 18), "GNU `date -d`", "; here: `weeks = 2, days = 3`"),
        ("1 month ago", (0, 11), "GNU `date -d`", "such as `days = 30`"),
        (" 30 days ", (1, 8), "GNU `date -d`", "`days = 30`"),
        ("30days ago", (0, 10), "GNU `date -d`", ""),
        ("-30 days", (0, 8), "GNU `date -d`", ""),
        ("30 Days Ago", (0, 11), "GNU `date -d`", ""),
        ("1 month ago", (0, 11), "GNU `date -d`", ""),
        ("2 weeks 3 days ago", (0, 18), "GNU `date -d`", ""),
        ("yesterday", (0, 9), "GNU `date -d`", ""),
        ("days=1e9", (0, 8), "days=1000000000; must have magnitude <= 999999999", "999999999"),
        ("days=999999999, hours=24", (0, 24), "days=1000000000", ""),
        ("hours=1, days=1e20", (9, 18), "Python int too large to convert to C int", ""),
        ("days=1e400", (0, 10), "cannot convert float infinity to integer", ""),
        ("days=99999999999999999999999999999999999999999", (0, 46), "too large", ""),
    ];

    #[test]
    fn rejections_say_why_and_where() {
        let mut bad = Vec::new();
        for &(value, range, message, help) in REJECTED {
            match parse(value) {
                Ok(delta) => bad.push(format!("{value:?} accepted as {delta}")),
                Err(issue) => {
                    let help_text = issue.help.clone().unwrap_or_default();
                    if (issue.range.start, issue.range.end) != range
                        || !issue.message.contains(message)
                        || !help_text.contains(help)
                    {
                        bad.push(format!(
                            "{value:?}: {:?} {} / {help_text}",
                            (issue.range.start, issue.range.end),
                            issue.message
                        ));
                    }
                    assert!(
                        value.get(issue.range.start..issue.range.end).is_some(),
                        "{value:?}"
                    );
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn did_you_mean() {
        assert_eq!(edit_distance("day", "days"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            keyword_help("minuts").as_deref(),
            Some("did you mean `minutes`?")
        );
        assert_eq!(
            keyword_help("micro").as_deref(),
            Some("did you mean `microseconds`?")
        );
        assert_eq!(
            keyword_help("HOURS").as_deref(),
            Some("did you mean `hours`?")
        );
        assert_eq!(keyword_help("frobnicate"), None);
    }

    #[test]
    fn exact_total_seconds_for_huge_values() {
        // `(n / 10**6)` as CPython's true division rounds it.
        for (micros, seconds) in [
            (19_489_388_460_645_812_973i128, 19489388460645.812),
            (86_399_999_999_999_999_999, 86400000000000.0),
            (9_007_199_254_740_993, 9007199254.740993),
            (123_456_789_012_345_678, 123456789012.34567),
        ] {
            assert_eq!(divide_by_million(micros), seconds, "{micros}");
        }
    }

    #[test]
    fn hostile_inputs_are_bounded() {
        assert!(
            parse(&"days=1,".repeat(200))
                .unwrap_err()
                .message
                .contains("at most")
        );
        assert!(parse(&"(".repeat(MAX_LEN)).is_err());
        assert!(parse(&format!("days={}", "9".repeat(1000))).is_err());
        for value in [
            "\"",
            "'",
            "\\",
            "=",
            ",",
            ")",
            "days=\"\\",
            "é=1",
            "1e99999",
            "0.",
            "._1",
        ] {
            let _ = parse(value);
        }
    }
}
