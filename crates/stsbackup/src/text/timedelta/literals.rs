//! Python number literals as the `eval` reads them: integers, floats, underscores, and what
//! Python refuses (leading zeros, stray characters).

use super::arguments::is_python_space;
use crate::issue::ValueIssue;

/// A validated number literal.
#[derive(Clone, Debug)]
pub(super) struct Number {
    pub(super) value: Value,
    pub(super) negative: bool,
    pub(super) start: usize,
    pub(super) end: usize,
}

#[derive(Clone, Debug)]
pub(super) enum Value {
    /// An integer literal (`None` when it does not even fit an `i128`: certainly an overflow).
    Int(Option<i128>),
    Float(f64),
}

/// Reads the value of an argument: a plain number, or an issue saying what it is instead.
/// `keyword` is the argument's keyword, if any; `param` the `timedelta` parameter it sets, for
/// CPython's messages.
pub(super) fn read_number(
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
    // Quoted as written (the file may have no spaces around `=`), with its keyword named apart.
    let shown = keyword.map_or_else(
        || format!("`{source}`"),
        |k| format!("`{source}`, the value of `{k}`,"),
    );
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
                "{shown} is evaluated as Python code by the chart; only plain numbers are \
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

pub(super) enum Literal<'a> {
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
pub(super) fn classify(source: &str) -> Literal<'_> {
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
