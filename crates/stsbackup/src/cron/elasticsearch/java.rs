//! Text as the Java parser sees it: UTF-16 units upper-cased, Java's digits and integer
//! parsing, the month and day names.

use super::SURROGATE;
use crate::calendar::{self, MONTH_NAMES, WEEKDAY_NAMES};

/// A byte range in the original expression.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Span {
    /// The range covered by `units`; `fallback` when there are none.
    pub(super) fn of(units: &[Unit], fallback: Span) -> Span {
        match (units.first(), units.last()) {
            (Some(first), Some(last)) => Span {
                start: first.start,
                end: last.end,
            },
            _ => fallback,
        }
    }

    pub(super) fn to(self, other: Span) -> Span {
        Span {
            start: self.start,
            end: other.end,
        }
    }

    pub(super) fn text(self, expr: &str) -> &str {
        expr.get(self.start..self.end).unwrap_or_default()
    }
}

/// One UTF-16 code unit of the upper-cased expression (what Java's `charAt` returns), with the
/// bytes of the original character it came from, so errors point at the text as written.
#[derive(Clone, Copy, Debug)]
pub(super) struct Unit {
    pub(super) c: char,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Unit {
    pub(super) fn span(self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

/// `expression.toUpperCase(Locale.ROOT)` as UTF-16 units. Upper-casing may change the length
/// (`ß` becomes `SS`, `ſ` becomes `S`); every unit keeps the byte range of its source character.
pub(super) fn upper_case_units(expr: &str) -> Vec<Unit> {
    let mut units = Vec::with_capacity(expr.len());
    for (start, ch) in expr.char_indices() {
        let end = start + ch.len_utf8();
        for upper in ch.to_uppercase() {
            for _ in 0..upper.len_utf16() {
                let c = if upper.len_utf16() == 1 {
                    upper
                } else {
                    SURROGATE
                };
                units.push(Unit { c, start, end });
            }
        }
    }
    units
}

/// A whitespace-separated field, after Java's `trim()`.
pub(super) struct Token<'u> {
    pub(super) units: &'u [Unit],
    /// The token as written, before trimming.
    pub(super) span: Span,
}

/// `new StringTokenizer(expression, " \t")` followed by `trim()` on each token.
pub(super) fn tokenize(units: &[Unit]) -> Vec<Token<'_>> {
    units
        .split(|u| u.c == ' ' || u.c == '\t')
        .filter(|run| !run.is_empty())
        .map(|run| {
            let span = Span::of(run, Span::default());
            let first = run.iter().position(|u| u.c > ' ').unwrap_or(run.len());
            let last = run.iter().rposition(|u| u.c > ' ').map_or(first, |i| i + 1);
            Token {
                units: &run[first..last],
                span,
            }
        })
        .collect()
}

pub(super) fn unit_text(units: &[Unit]) -> String {
    units.iter().map(|u| u.c).collect()
}

/// How a unit appears in Elasticsearch's messages (`Unexpected character [X]`).
pub(super) fn shown(unit: Unit, expr: &str) -> String {
    if unit.c == SURROGATE {
        unit.span().text(expr).to_string()
    } else {
        unit.c.to_string()
    }
}

/// `Character.digit(c, 10)`: ASCII digits and the other Unicode decimal digits of the Basic
/// Multilingual Plane (Arabic-Indic, Devanagari, fullwidth, ...), which Java's
/// `Integer.parseInt` accepts too.
pub(super) fn java_digit(c: char) -> Option<i64> {
    // First code point ("zero") of every run of ten decimal digits in the BMP (Unicode 13, the
    // version of Java 17's tables).
    const ZEROS: [u32; 37] = [
        0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
        0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946,
        0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0,
        0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ];
    let code = u32::from(c);
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .map(|&zero| i64::from(code - zero))
}

/// `Integer.parseInt(s)`: an optional sign, then at least one (Unicode) digit, within `i32`.
pub(super) fn java_parse_int(chars: impl IntoIterator<Item = char>) -> Option<i32> {
    let mut chars = chars.into_iter().peekable();
    let negative = match chars.peek() {
        Some('-') => true,
        Some('+') => false,
        _ => {
            return java_parse_digits(chars, false);
        }
    };
    chars.next();
    java_parse_digits(chars, negative)
}

pub(super) fn java_parse_digits(chars: impl Iterator<Item = char>, negative: bool) -> Option<i32> {
    let limit = if negative {
        1_i64 << 31
    } else {
        i64::from(i32::MAX)
    };
    let mut value = 0_i64;
    let mut any = false;
    for c in chars {
        value = value * 10 + java_digit(c)?;
        if value > limit {
            return None;
        }
        any = true;
    }
    let value = if negative { -value } else { value };
    if any { i32::try_from(value).ok() } else { None }
}

/// The number of an upper-cased month abbreviation (`JAN` = 1).
pub(super) fn month_number(name: &str) -> Option<i32> {
    calendar::name_index(&MONTH_NAMES, name, true).map(|i| i as i32 + 1)
}

/// The number of an upper-cased day abbreviation (`SUN` = 1).
pub(super) fn weekday_number(name: &str) -> Option<i32> {
    calendar::name_index(&WEEKDAY_NAMES, name, true).map(|i| i as i32 + 1)
}

/// The English name of an Elasticsearch day-of-week number (1 = Sunday).
pub(super) fn weekday_name(dow: i32) -> &'static str {
    usize::try_from(dow - 1)
        .ok()
        .and_then(|i| WEEKDAY_NAMES.get(i))
        .copied()
        .unwrap_or("?")
}

pub(super) fn ordinal(n: i32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
