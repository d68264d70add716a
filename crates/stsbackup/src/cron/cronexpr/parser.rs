//! cronexpr's parser (`cronexpr.go` `Parse`, `cronexpr_parse.go`), rewritten step by step.
//!
//! cronexpr matches every item of a field against a handful of anchored regular expressions
//! built from a per-field value pattern, and converts the matched text with a map lookup. The
//! value patterns describe finite sets of strings, so this port tests membership directly
//! ([`Field::value`]) instead of compiling the regular expressions, and keeps the lookups'
//! quirks: a number missing from the map reads as 0 (`*/60` is a step of 0), `07` in the
//! day-of-week field is Sunday, and, in gorhill's original, `01`–`09` in the month field are
//! month 0.

use super::{Flavour, ParsedFields};

/// What cronexpr's `Parse` returns as its error, and where in the input it points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct GoError {
    /// cronexpr's own error text (`syntax error in minute field: 'x'`).
    pub message: String,
    /// Which field, when the error is about one.
    pub field: Option<Field>,
    /// Byte range in the original input.
    pub start: usize,
    pub end: usize,
}

/// The seven fields in the order of a 7-field expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

impl Field {
    /// The field's name as cronexpr's `fieldDescriptor.name` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Second => "second",
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::DayOfMonth => "day-of-month",
            Field::Month => "month",
            Field::DayOfWeek => "day-of-week",
            Field::Year => "year",
        }
    }

    pub(super) fn min(self) -> i32 {
        match self {
            Field::Second | Field::Minute | Field::Hour | Field::DayOfWeek => 0,
            Field::DayOfMonth | Field::Month => 1,
            Field::Year => FIRST_YEAR,
        }
    }

    pub(super) fn max(self) -> i32 {
        match self {
            Field::Second | Field::Minute => 59,
            Field::Hour => 23,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 6,
            Field::Year => LAST_YEAR,
        }
    }

    /// The value of `token` (already lower-cased) when it matches the field's `valuePattern`,
    /// converted by the field's `atoi` (a map lookup that yields 0 for text it lacks).
    pub(super) fn value(self, token: &str, flavour: Flavour) -> Option<i32> {
        let bytes = token.as_bytes();
        let digit = |i: usize| i32::from(bytes[i] - b'0');
        let all_digits = !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit);
        match self {
            Field::Second | Field::Minute | Field::Hour | Field::DayOfMonth => {
                if !all_digits || bytes.len() > 2 {
                    return None;
                }
                // `0?[0-9]`-style patterns: a leading zero is allowed once.
                let value = if bytes.len() == 1 {
                    digit(0)
                } else {
                    digit(0) * 10 + digit(1)
                };
                let min = if self == Field::DayOfMonth { 1 } else { 0 };
                ((min..=self.max()).contains(&value)).then_some(value)
            }
            Field::Month => {
                if all_digits {
                    match bytes.len() {
                        1 if digit(0) >= 1 => Some(digit(0)),
                        // gorhill's `monthTokens` lacks `01`–`09`: the lookup yields 0.
                        // supercronic added them (f54190f, v0.2.2).
                        2 if bytes[0] == b'0' && digit(1) >= 1 => Some(match flavour {
                            Flavour::Gorhill => 0,
                            Flavour::Supercronic => digit(1),
                        }),
                        2 if bytes[0] == b'1' && digit(1) <= 2 => Some(10 + digit(1)),
                        _ => None,
                    }
                } else {
                    name_value(token, &MONTH_NAMES).map(|index| index as i32 + 1)
                }
            }
            Field::DayOfWeek => {
                if all_digits {
                    match bytes.len() {
                        // `7` maps to 0 in `dowTokens`.
                        1 if digit(0) <= 7 => Some(digit(0) % 7),
                        // `0?[0-7]` lets `00`–`07` through, but `dowTokens` has no such key:
                        // every one of them reads as 0, Sunday.
                        2 if bytes[0] == b'0' && digit(1) <= 7 => Some(0),
                        _ => None,
                    }
                } else {
                    name_value(token, &DAY_NAMES).map(|index| index as i32)
                }
            }
            Field::Year => {
                if !all_digits || bytes.len() != 4 {
                    return None;
                }
                let value = token.parse::<i32>().ok()?;
                ((FIRST_YEAR..=LAST_YEAR).contains(&value)).then_some(value)
            }
        }
    }
}

/// cronexpr's year range (`yearDescriptor`).
pub(super) const FIRST_YEAR: i32 = 1970;
pub(super) const LAST_YEAR: i32 = 2099;

/// Short and long month names; a name's value is its index + 1.
const MONTH_NAMES: [(&str, &str); 12] = [
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may", "may"),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
];

/// Short and long day names; a name's value is its index (Sunday = 0).
const DAY_NAMES: [(&str, &str); 7] = [
    ("sun", "sunday"),
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
];

fn name_value(token: &str, names: &[(&str, &str)]) -> Option<usize> {
    names
        .iter()
        .position(|(short, long)| token == *short || token == *long)
}

/// cronexpr's `atoi`: a lookup in `numberTokens` (`0`–`59`, `00`–`09`, `1970`–`2099`), 0 for
/// anything else. Steps are read with it, so `*/60` and `*/005` are steps of 0.
fn number_token(text: &str) -> i32 {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return 0;
    }
    match bytes.len() {
        1 => i32::from(bytes[0] - b'0'),
        2 if bytes[0] <= b'5' => text.parse().unwrap_or(0),
        4 => match text.parse::<i32>() {
            Ok(year) if (FIRST_YEAR..=LAST_YEAR).contains(&year) => year,
            _ => 0,
        },
        _ => 0,
    }
}

/// Go's `strings.ToLower` as far as it matters here: the layouts match ASCII only, and the
/// only characters Go lower-cases into ASCII letters are ASCII itself, U+0130 `İ` (to `i`) and
/// U+212A KELVIN SIGN (to `k`). Anything else stays non-ASCII and matches nothing; its exact
/// lower case never shows (error messages quote the original text).
pub(super) fn go_lower(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{130}' => 'i',
            '\u{212A}' => 'k',
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Go's `\s` (RE2 Perl class): tab, newline, form feed, carriage return and space. A vertical
/// tab or a Unicode space is part of a field.
pub(super) fn is_go_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Byte ranges of the `\S+` runs of `text` (`fieldFinder`, supercronic's `jobLineSeparator`).
pub(super) fn go_fields(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut fields = Vec::new();
    let mut start = None;
    for (i, &byte) in bytes.iter().enumerate() {
        match (is_go_space(byte), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                fields.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        fields.push((s, bytes.len()));
    }
    fields
}

/// `cronNormalizer`: each descriptor, wherever it occurs, becomes a 7-field expression.
const DESCRIPTORS: [(&str, &str); 6] = [
    ("@yearly", "0 0 0 1 1 * *"),
    ("@annually", "0 0 0 1 1 * *"),
    ("@monthly", "0 0 0 1 * * *"),
    ("@weekly", "0 0 0 * * 0 *"),
    ("@daily", "0 0 0 * * * *"),
    ("@hourly", "0 0 * * * * *"),
];

/// The expression after `cronNormalizer.Replace`, with a map back to the input's bytes.
pub(super) struct Normalized {
    pub text: String,
    /// (start in `text`, end in `text`, start in input, end in input) of each replacement.
    replaced: Vec<(usize, usize, usize, usize)>,
}

impl Normalized {
    /// `strings.NewReplacer(...).Replace`: scans left to right and replaces every occurrence,
    /// anywhere, case-sensitively (`x@hourly` becomes `x0 0 * * * * *`).
    pub fn new(input: &str) -> Self {
        let mut text = String::with_capacity(input.len());
        let mut replaced = Vec::new();
        let mut copied_from = 0;
        let mut i = 0;
        while i < input.len() {
            let found = if input.as_bytes()[i] == b'@' {
                DESCRIPTORS
                    .iter()
                    .find(|(name, _)| input[i..].starts_with(name))
            } else {
                None
            };
            match found {
                Some((name, expansion)) => {
                    text.push_str(&input[copied_from..i]);
                    let start = text.len();
                    text.push_str(expansion);
                    replaced.push((start, text.len(), i, i + name.len()));
                    i += name.len();
                    copied_from = i;
                }
                None => i += 1,
            }
        }
        text.push_str(&input[copied_from..]);
        Normalized { text, replaced }
    }

    /// Whether a descriptor was replaced.
    pub fn has_descriptor(&self) -> bool {
        !self.replaced.is_empty()
    }

    /// Maps a byte offset in the normalized text to the input; inside a replacement, to the
    /// start (or, with `at_end`, the end) of the descriptor.
    fn to_input(&self, offset: usize, at_end: bool) -> usize {
        // The replacements before `offset` (binary search: an input may hold thousands).
        let before =
            self.replaced.partition_point(
                |&(_, end, _, _)| {
                    if at_end { end < offset } else { end <= offset }
                },
            );
        if let Some(&(start, end, input_start, input_end)) = self.replaced.get(before) {
            let inside = if at_end {
                start < offset && offset <= end
            } else {
                start <= offset && offset < end
            };
            if inside {
                return if at_end { input_end } else { input_start };
            }
        }
        match before.checked_sub(1).map(|i| self.replaced[i]) {
            Some((_, end, _, input_end)) => offset - end + input_end,
            None => offset,
        }
    }

    pub fn range_to_input(&self, start: usize, end: usize) -> (usize, usize) {
        (self.to_input(start, false), self.to_input(end, true))
    }
}

/// One item of a field, as `genericFieldParse` classifies it (`cronDirective`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Directive {
    /// Matched no layout; the day fields try their own (`L`, `W`, `#`).
    None,
    One(i32),
    Span {
        first: i32,
        last: i32,
        step: i32,
    },
    /// `*` or `?`.
    All,
}

/// An item with its byte range inside the field.
struct Item<'a> {
    directive: Directive,
    /// The item as written, and lower-cased.
    text: &'a str,
    lower: String,
    start: usize,
    end: usize,
}

/// A field's text and where it sits in the input (after mapping back through descriptors).
#[derive(Clone, Copy, Debug)]
pub(super) struct FieldText<'a> {
    pub field: Field,
    pub text: &'a str,
    /// Offset of `text` in the normalized expression.
    pub offset: usize,
}

/// The layouts that carry a `/step` all check the step the same way.
fn interval(
    field: Field,
    lower: &str,
    first: i32,
    last: i32,
    step_text: &str,
) -> Result<Directive, String> {
    let step = number_token(step_text);
    if step < 1 || step > field.max() {
        return Err(format!("invalid interval {lower}"));
    }
    Ok(Directive::Span { first, last, step })
}

fn is_ascii_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `genericFieldParse`: the items of a field, classified in the layouts' order. Errors (a
/// field of commas only, a bad step, and in supercronic a backward range) stop at once; an item
/// no layout matches is kept as [`Directive::None`] for the caller.
fn classify<'a>(field: &FieldText<'a>, flavour: Flavour) -> Result<Vec<Item<'a>>, GoError> {
    let text = field.text;
    let error = |message: String, start: usize, end: usize| GoError {
        message,
        field: Some(field.field),
        start: field.offset + start,
        end: field.offset + end,
    };
    let mut items = Vec::new();
    let mut position = 0;
    for piece in text.split(',') {
        let (start, end) = (position, position + piece.len());
        position = end + 1;
        if piece.is_empty() {
            // `entryFinder` is `[^,]+`: empty items do not exist.
            continue;
        }
        let lower = go_lower(piece);
        let directive = classify_item(field.field, &lower, flavour)
            .map_err(|message| error(message, start, end))?;
        items.push(Item {
            directive,
            text: piece,
            lower,
            start,
            end,
        });
    }
    if items.is_empty() {
        return Err(error(
            format!("{} field: missing directive", field.field.name()),
            0,
            text.len(),
        ));
    }
    Ok(items)
}

fn classify_item(field: Field, lower: &str, flavour: Flavour) -> Result<Directive, String> {
    // `*` or `?` (layoutWildcard)
    if lower == "*" || lower == "?" {
        return Ok(Directive::All);
    }
    // `5` (layoutValue)
    if let Some(value) = field.value(lower, flavour) {
        return Ok(Directive::One(value));
    }
    // `5-20` (layoutRange); no value contains `-`, so the first `-` splits it.
    if let Some((a, b)) = lower.split_once('-')
        && let (Some(first), Some(last)) = (field.value(a, flavour), field.value(b, flavour))
    {
        if flavour == Flavour::Supercronic && last < first {
            // supercronic 4438829: a backward range is refused instead of matching nothing.
            return Err(format!(
                "invalid interval {lower} (normalized to {first}-{last})"
            ));
        }
        return Ok(Directive::Span {
            first,
            last,
            step: 1,
        });
    }
    if let Some((head, step)) = lower.split_once('/')
        && is_ascii_number(step)
    {
        // `*/2` (layoutWildcardAndInterval)
        if head == "*" {
            return interval(field, lower, field.min(), field.max(), step);
        }
        // `5/2` (layoutValueAndInterval): from the value to the field's maximum.
        if let Some(first) = field.value(head, flavour) {
            return interval(field, lower, first, field.max(), step);
        }
        // `5-20/2` (layoutRangeAndInterval): never refused when backward, even by supercronic.
        if let Some((a, b)) = head.split_once('-')
            && let (Some(first), Some(last)) = (field.value(a, flavour), field.value(b, flavour))
        {
            return interval(field, lower, first, last, step);
        }
    }
    Ok(Directive::None)
}

/// Adds `first..=last` by `step` (`populateMany`); a backward span adds nothing.
fn populate(values: &mut Vec<i32>, first: i32, last: i32, step: i32) {
    let mut value = first;
    while value <= last {
        values.push(value);
        value += step.max(1);
    }
}

fn sorted(mut values: Vec<i32>) -> Vec<i32> {
    values.sort_unstable();
    values.dedup();
    values
}

fn syntax_error(field: &FieldText<'_>, item: &Item<'_>) -> GoError {
    GoError {
        message: format!(
            "syntax error in {} field: '{}'",
            field.field.name(),
            item.text
        ),
        field: Some(field.field),
        start: field.offset + item.start,
        end: field.offset + item.end,
    }
}

/// Something cronexpr accepts that does not do what it seems to; turned into a warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Oddity {
    /// Items after a `*` in a field other than the day fields are never read
    /// (`genericFieldHandler` returns at `*`).
    IgnoredAfterStar { start: usize, end: usize },
    /// A day-of-week range ending in `7`: cronexpr reads 7 as 0 first, so `0-7` is Sunday only
    /// and `1-7/1` is empty.
    RangeToSeven { start: usize, end: usize },
    /// gorhill's month `01`–`09`, which reads as month 0.
    MonthZero { start: usize, end: usize },
}

/// `genericFieldHandler`: the sorted values of a second, minute, hour, month or year field.
pub(super) fn generic_field(
    field: &FieldText<'_>,
    flavour: Flavour,
    oddities: &mut Vec<Oddity>,
) -> Result<Vec<i32>, GoError> {
    let items = classify(field, flavour)?;
    let mut values = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if field.field == Field::Month && flavour == Flavour::Gorhill {
            note_month_zero(field, item, oddities);
        }
        match item.directive {
            Directive::None => return Err(syntax_error(field, item)),
            Directive::One(value) => values.push(value),
            Directive::Span { first, last, step } => populate(&mut values, first, last, step),
            Directive::All => {
                if let Some(rest) = items.get(index + 1) {
                    oddities.push(Oddity::IgnoredAfterStar {
                        start: field.offset + rest.start,
                        end: field.offset + field.text.len(),
                    });
                }
                return Ok((field.field.min()..=field.field.max()).collect());
            }
        }
    }
    Ok(sorted(values))
}

fn note_month_zero(field: &FieldText<'_>, item: &Item<'_>, oddities: &mut Vec<Oddity>) {
    let range = item.lower.split('/').next().unwrap_or("");
    let zero_padded = range
        .split('-')
        .any(|part| part.len() == 2 && part.starts_with('0') && part != "00");
    if zero_padded && item.directive != Directive::None {
        oddities.push(Oddity::MonthZero {
            start: field.offset + item.start,
            end: field.offset + item.end,
        });
    }
}

/// What the day-of-month field selects (`domFieldHandler`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct DaysOfMonth {
    /// False for `*` or `?` anywhere in the field.
    pub restricted: bool,
    /// Bit n: day n.
    pub days: u64,
    /// Bit n: the weekday nearest day n (`nW`).
    pub workdays: u64,
    /// `L`
    pub last_day: bool,
    /// `LW`
    pub last_workday: bool,
}

/// What the day-of-week field selects (`dowFieldHandler`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct DaysOfWeek {
    /// False for `*` or `?` anywhere in the field.
    pub restricted: bool,
    /// Bit n: weekday n (Sunday = 0).
    pub days: u64,
    /// Bit (week - 1) * 7 + weekday: `weekday#week`.
    pub nth: u64,
    /// Bit n: the last weekday n of the month (`nL`).
    pub last: u64,
}

fn set_bits(mask: &mut u64, first: i32, last: i32, step: i32) {
    let mut values = Vec::new();
    populate(&mut values, first, last, step);
    for value in values {
        if (0..64).contains(&value) {
            *mask |= 1 << value;
        }
    }
}

pub(super) fn day_of_month_field(
    field: &FieldText<'_>,
    flavour: Flavour,
) -> Result<DaysOfMonth, GoError> {
    let mut dom = DaysOfMonth {
        restricted: true,
        ..DaysOfMonth::default()
    };
    for item in classify(field, flavour)? {
        match item.directive {
            Directive::None => {
                let lower = item.lower.as_str();
                if lower == "l" {
                    dom.last_day = true;
                } else if lower == "lw" {
                    dom.last_workday = true;
                } else if let Some(day) = lower
                    .strip_suffix('w')
                    .and_then(|day| Field::DayOfMonth.value(day, flavour))
                {
                    dom.workdays |= 1 << day;
                } else {
                    return Err(syntax_error(field, &item));
                }
            }
            Directive::One(day) => dom.days |= 1 << day,
            Directive::Span { first, last, step } => set_bits(&mut dom.days, first, last, step),
            Directive::All => {
                set_bits(&mut dom.days, 1, 31, 1);
                dom.restricted = false;
            }
        }
    }
    Ok(dom)
}

pub(super) fn day_of_week_field(
    field: &FieldText<'_>,
    flavour: Flavour,
    oddities: &mut Vec<Oddity>,
) -> Result<DaysOfWeek, GoError> {
    let mut dow = DaysOfWeek {
        restricted: true,
        ..DaysOfWeek::default()
    };
    for item in classify(field, flavour)? {
        let lower = item.lower.as_str();
        match item.directive {
            Directive::None => {
                if let Some(day) = lower
                    .strip_suffix('l')
                    .and_then(|day| Field::DayOfWeek.value(day, flavour))
                {
                    // `5L`
                    dow.last |= 1 << day;
                } else if let Some((day, week)) = lower.split_once('#')
                    && let Some(day) = Field::DayOfWeek.value(day, flavour)
                    && let Some(week @ 1..=5) = single_digit(week)
                {
                    // `5#3`
                    dow.nth |= 1 << ((week - 1) * 7 + day % 7);
                } else {
                    return Err(syntax_error(field, &item));
                }
            }
            Directive::One(day) => dow.days |= 1 << day,
            Directive::Span { first, last, step } => {
                let range = lower.split('/').next().unwrap_or("");
                let from_seven = range.starts_with("7-") || range.starts_with("07-");
                if (range.ends_with("-7") || range.ends_with("-07")) && !from_seven {
                    oddities.push(Oddity::RangeToSeven {
                        start: field.offset + item.start,
                        end: field.offset + item.end,
                    });
                }
                set_bits(&mut dow.days, first, last, step);
            }
            Directive::All => {
                set_bits(&mut dow.days, 0, 6, 1);
                dow.restricted = false;
            }
        }
    }
    Ok(dow)
}

fn single_digit(text: &str) -> Option<i32> {
    match text.as_bytes() {
        [digit @ b'0'..=b'9'] => Some(i32::from(digit - b'0')),
        _ => None,
    }
}

/// `Parse` (gorhill) or `ParseStrict` (supercronic): the fields of a 5-, 6- or 7-field
/// expression, descriptors expanded. Five fields are minute to day of week; a sixth is the
/// YEAR (not seconds); with seven, the first is seconds.
pub(super) fn parse_fields(
    input: &str,
    flavour: Flavour,
) -> Result<(ParsedFields, Vec<Oddity>), GoError> {
    let normalized = Normalized::new(input);
    let map_error = |mut error: GoError| {
        let (start, end) = normalized.range_to_input(error.start, error.end);
        error.start = start;
        error.end = end;
        error
    };
    let fields = go_fields(&normalized.text);
    if fields.len() < 5 {
        return Err(GoError {
            message: "missing field(s)".to_owned(),
            field: None,
            start: input.len(),
            end: input.len(),
        });
    }
    if fields.len() > 7 && flavour == Flavour::Supercronic {
        let (start, end) = normalized.range_to_input(fields[7].0, fields[fields.len() - 1].1);
        return Err(GoError {
            message: "too many fields".to_owned(),
            field: None,
            start,
            end,
        });
    }
    // gorhill's Parse ignores the fields after the 7th.
    let count = fields.len().min(7);
    let names: &[Field] = match count {
        7 => &[
            Field::Second,
            Field::Minute,
            Field::Hour,
            Field::DayOfMonth,
            Field::Month,
            Field::DayOfWeek,
            Field::Year,
        ],
        6 => &[
            Field::Minute,
            Field::Hour,
            Field::DayOfMonth,
            Field::Month,
            Field::DayOfWeek,
            Field::Year,
        ],
        _ => &[
            Field::Minute,
            Field::Hour,
            Field::DayOfMonth,
            Field::Month,
            Field::DayOfWeek,
        ],
    };
    let mut oddities = Vec::new();
    let mut parsed = ParsedFields::default();
    for (&field, &(start, end)) in names.iter().zip(&fields) {
        let text = FieldText {
            field,
            text: &normalized.text[start..end],
            offset: start,
        };
        let (input_start, input_end) = normalized.range_to_input(start, end);
        parsed.spans.push((field, input_start, input_end));
        match field {
            Field::Second => {
                parsed.seconds = generic_field(&text, flavour, &mut oddities).map_err(map_error)?
            }
            Field::Minute => {
                parsed.minutes = generic_field(&text, flavour, &mut oddities).map_err(map_error)?
            }
            Field::Hour => {
                parsed.hours = generic_field(&text, flavour, &mut oddities).map_err(map_error)?
            }
            Field::DayOfMonth => {
                parsed.dom = day_of_month_field(&text, flavour).map_err(map_error)?
            }
            Field::Month => {
                parsed.months = generic_field(&text, flavour, &mut oddities).map_err(map_error)?
            }
            Field::DayOfWeek => {
                parsed.dow = day_of_week_field(&text, flavour, &mut oddities).map_err(map_error)?
            }
            Field::Year => {
                parsed.years = generic_field(&text, flavour, &mut oddities).map_err(map_error)?
            }
        }
    }
    for oddity in &mut oddities {
        let (start, end) = match oddity {
            Oddity::IgnoredAfterStar { start, end }
            | Oddity::RangeToSeven { start, end }
            | Oddity::MonthZero { start, end } => (start, end),
        };
        let (s, e) = normalized.range_to_input(*start, *end);
        *start = s;
        *end = e;
    }
    parsed.descriptor = normalized.has_descriptor();
    Ok((parsed, oddities))
}
