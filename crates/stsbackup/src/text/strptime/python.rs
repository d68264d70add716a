//! Python's `repr` of the values that CPython's error messages quote.

use super::compile::py_isspace;
use std::fmt::Write as _;

/// `repr(timedelta(microseconds=total))`, e.g. `datetime.timedelta(days=-1, seconds=86399)`.
pub(super) fn timedelta_repr(total_microseconds: i64) -> String {
    let days = total_microseconds.div_euclid(86_400_000_000);
    let rest = total_microseconds.rem_euclid(86_400_000_000);
    let (seconds, micros) = (rest / 1_000_000, rest % 1_000_000);
    let parts: Vec<String> = [
        ("days", days),
        ("seconds", seconds),
        ("microseconds", micros),
    ]
    .iter()
    .filter(|(_, v)| *v != 0)
    .map(|(k, v)| format!("{k}={v}"))
    .collect();
    if parts.is_empty() {
        "datetime.timedelta(0)".into()
    } else {
        format!("datetime.timedelta({})", parts.join(", "))
    }
}

/// Python's `repr()` of a `str`.
pub(super) fn py_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !py_isprintable(c) => {
                let code = u32::from(c);
                // Writing to a `String` cannot fail.
                let _ = if code < 0x100 {
                    write!(out, "\\x{code:02x}")
                } else if code < 0x10000 {
                    write!(out, "\\u{code:04x}")
                } else {
                    write!(out, "\\U{code:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable` for one character: false for control, format, separator
/// (except the space), private-use and non-characters.
pub(super) fn py_isprintable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() || py_isspace(c) {
        return false;
    }
    !matches!(
        u32::from(c),
        0xad | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x890..=0x891
            | 0x8e2
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x2064
            | 0x2066..=0x206f
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0x110bd
            | 0x110cd
            | 0x13430..=0x13438
            | 0x1bca0..=0x1bca3
            | 0x1d173..=0x1d17a
            | 0xe0001
            | 0xe0020..=0xe007f
            | 0xe000..=0xf8ff
            | 0xf0000..=0x10ffff
            | 0xfdd0..=0xfdef
    ) && u32::from(c) & 0xfffe != 0xfffe
}
