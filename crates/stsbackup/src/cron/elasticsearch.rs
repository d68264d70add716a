//! Elasticsearch cron: the SLM policy `schedule` (`backup.elasticsearch.scheduled.schedule`).
//!
//! Elasticsearch 7.x checks an SLM schedule with
//! `x-pack/plugin/core/src/main/java/org/elasticsearch/xpack/core/scheduler/Cron.java`, a fork of
//! the Quartz `CronExpression`: `<seconds> <minutes> <hours> <day-of-month> <month> <day-of-week>
//! [year]`, always evaluated in UTC. "Valid" here has to mean "what that class accepts", and the
//! Java parser accepts a lot by reading part of an item and skipping the rest (`3PM` is 3, `MONDAY`
//! is MON, `*X` is `*`). A tidy grammar would disagree with it in both directions, so this module
//! follows the Java code step by step (`buildExpression`, `storeExpressionVals`, `checkNext`,
//! `addToSet`, `getValue`), including where it reads UTF-16 units and Unicode digits, and then
//! judges the result:
//!
//! - everything Elasticsearch rejects is an error that quotes Elasticsearch's own message;
//! - what it accepts by skipping or reinterpreting input is a warning that says what really runs;
//! - what it stores but then never runs or runs wrongly (the internal markers `99`/`98`, years
//!   outside 1970–2099, tokens after the 7th field, out-of-range days after `#`) and characters
//!   that break the JSON request the chart builds are errors of ours, and say so.
//!
//! [`ElasticsearchCron::next_after`] ports `getNextValidTimeAfter`, lenient calendar arithmetic
//! included, so a preview shows the days the cluster will really pick (`31W` in a 30-day month,
//! for one, follows Java's arithmetic rather than a tidier reading).

use std::collections::BTreeSet;

use crate::calendar::{self, DateTime};
use crate::cron::ParsedCron;
use crate::issue::ValueIssue;

/// Value Elasticsearch stores in a field's set for `*`; a literal `99` is read the same way.
const ALL_SPEC: i32 = 99;
/// Value Elasticsearch stores in a field's set for `?`; a literal `98` is read the same way.
const NO_SPEC: i32 = 98;
/// Where `*` in the year field starts.
const FIRST_YEAR: i32 = 1970;
/// The last year Elasticsearch documents; next-run searches give up after it.
const LAST_YEAR: i32 = 2099;
/// Upper bound on the steps of one next-run search. A search takes at most a few steps for each
/// month it passes over (a few thousand from 1970 to 2099; under 2,000 in a fuzz of 80,000
/// accepted schedules). Some schedules Elasticsearch accepts make its own search loop forever
/// (`L-30W` around February), and the bound turns those into `None`.
const MAX_SEARCH_STEPS: u32 = 20_000;
/// What Java's `String.charAt` sees for each half of a character outside the Basic Multilingual
/// Plane: never a digit, a letter or a delimiter.
const SURROGATE: char = '\u{FFFD}';

/// A schedule Elasticsearch accepts, in the form its `Cron` class evaluates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElasticsearchCron {
    expression: String,
    rules: Rules,
}

/// Parses an SLM `schedule` exactly as Elasticsearch 7.x does, then applies stsbackup's stricter
/// checks (see the module documentation).
///
/// `Err` carries the first problem, with the byte range of the offending text in `expr`; `Ok`
/// carries the schedule and warnings about input Elasticsearch skips or reinterprets.
pub fn parse(expr: &str) -> Result<ParsedCron<ElasticsearchCron>, ValueIssue> {
    check_request_safety(expr)?;
    let units = upper_case_units(expr);
    let tokens = tokenize(&units);
    if tokens.is_empty() {
        let end = expr.len();
        return Err(rejected(
            "the schedule is empty (unexpected end of expression)",
            Span { start: end, end },
        )
        .with_help("the chart's default is `0 0 3 * * ?` (every day at 03:00 UTC)"));
    }
    if let Some(issue) = shorthand_issue(expr, &tokens) {
        return Err(issue);
    }
    if let Some(issue) = time_zone_prefix_issue(expr, &tokens) {
        return Err(issue);
    }
    if tokens.len() < 6 {
        return Err(too_few_fields(expr, &tokens));
    }

    let mut parser = Parser::new(expr, DateTime::now().year + 100);
    parser.run(&tokens)?;

    let mut refusals = parser.refusals();
    if let (Some(first), Some(last)) = (tokens.get(7), tokens.last()) {
        let at = first.span.to(last.span);
        let extra = at.text(expr);
        refusals.push(
            ValueIssue::new(
                format!(
                    "`{extra}` comes after the 7th field (year): Elasticsearch would accept this \
                     schedule but silently ignores everything after the year, so this text has \
                     no effect"
                ),
                at.start,
                at.end,
            )
            .with_help(format!("remove `{extra}`")),
        );
    }
    if let Some((start, c)) = expr.char_indices().find(|(_, c)| !c.is_ascii()) {
        refusals.push(
            ValueIssue::new(
                format!(
                    "The schedule contains the non-ASCII character `{c}` (U+{:04X}): \
                     Elasticsearch would accept it, skipping or reinterpreting the character \
                     (it upper-cases the text and reads any Unicode digit as a number), but cron \
                     syntax is plain ASCII, so this is almost certainly a copy-paste accident",
                    u32::from(c)
                ),
                start,
                start + c.len_utf8(),
            )
            .with_help("retype the schedule in plain ASCII"),
        );
    }
    if let Some(first) = refusals.into_iter().min_by_key(|issue| issue.range.start) {
        return Err(first);
    }

    let warnings = parser.warnings();
    Ok(ParsedCron {
        schedule: ElasticsearchCron {
            expression: expr.to_string(),
            rules: parser.rules,
        },
        warnings,
    })
}

impl ElasticsearchCron {
    /// The first fire time strictly after `after` (UTC, second resolution), as Elasticsearch's
    /// `getNextValidTimeAfter` computes it, or `None` when the schedule never fires again:
    /// impossible dates (`0 0 0 30 2 ?`), an empty field (`L 0 3 * * ?`), a year set entirely in
    /// the past, nothing before the end of 2099, or a search Elasticsearch itself never finishes.
    ///
    /// Two departures from the Java code, both about schedules that do not really run: `0W`
    /// gives `None` (Elasticsearch's search loops forever on it, apart from a rare window where
    /// it fires on a 1st before looping), and an `after` before 1970 counts as the end of 1969
    /// (every fire time is in 1970 or later anyway).
    pub fn next_after(&self, after: DateTime) -> Option<DateTime> {
        self.rules.next_after(after)
    }

    /// Up to `count` consecutive fire times after `after`; fewer when the schedule stops firing.
    pub fn next_runs(&self, after: DateTime, count: usize) -> Vec<DateTime> {
        super::consecutive_runs(after, count, |from| self.next_after(from))
    }

    /// The expression as written (Elasticsearch stores it upper-cased).
    pub fn expression(&self) -> &str {
        &self.expression
    }
}

// ---------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

impl Field {
    const ALL: [Field; 7] = [
        Field::Second,
        Field::Minute,
        Field::Hour,
        Field::DayOfMonth,
        Field::Month,
        Field::DayOfWeek,
        Field::Year,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn name(self) -> &'static str {
        match self {
            Field::Second => "seconds",
            Field::Minute => "minutes",
            Field::Hour => "hours",
            Field::DayOfMonth => "day-of-month",
            Field::Month => "month",
            Field::DayOfWeek => "day-of-week",
            Field::Year => "year",
        }
    }

    /// What `*` means in this field, for messages.
    fn every(self) -> &'static str {
        match self {
            Field::Second => "every second",
            Field::Minute => "every minute",
            Field::Hour => "every hour",
            Field::DayOfMonth | Field::DayOfWeek => "every day",
            Field::Month => "every month",
            Field::Year => "every year",
        }
    }

    /// Where `*`, `/step` and open ranges start.
    fn min(self) -> i32 {
        match self {
            Field::Second | Field::Minute | Field::Hour => 0,
            Field::DayOfMonth | Field::Month | Field::DayOfWeek => 1,
            Field::Year => FIRST_YEAR,
        }
    }

    /// Where `*` and `start/step` end. Elasticsearch fills years up to "this year + 100".
    fn open_end(self, max_year: i32) -> i32 {
        match self {
            Field::Second | Field::Minute => 59,
            Field::Hour => 23,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 7,
            Field::Year => max_year,
        }
    }

    /// The modulus of a wrap-around range such as `22-2` (years never wrap).
    fn cycle(self) -> i32 {
        match self {
            Field::Second | Field::Minute => 60,
            Field::Hour => 24,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 7,
            Field::Year => 1,
        }
    }

    fn one_based(self) -> bool {
        matches!(self, Field::DayOfMonth | Field::Month | Field::DayOfWeek)
    }

    /// The largest step allowed after `*` or a bare `/`, and the limit as Elasticsearch's error
    /// message words it (`increment [60] > 60`).
    fn step_cap(self) -> Option<(i32, i32)> {
        match self {
            Field::Second | Field::Minute => Some((59, 60)),
            Field::Hour => Some((23, 24)),
            Field::DayOfMonth => Some((31, 31)),
            Field::Month => Some((12, 12)),
            Field::DayOfWeek => Some((7, 7)),
            Field::Year => None,
        }
    }

    /// Elasticsearch's message for a value out of range (`addToSet`).
    fn range_message(self) -> &'static str {
        match self {
            Field::Second | Field::Minute => "Minute and Second values must be between 0 and 59",
            Field::Hour => "Hour values must be between 0 and 23",
            Field::DayOfMonth => "Day of month values must be between 1 and 31",
            Field::Month => "Month values must be between 1 and 12",
            Field::DayOfWeek => "Day-of-Week values must be between 1 and 7",
            // Elasticsearch never range-checks years; kept for completeness.
            Field::Year => "Year values must be between 1970 and 2099",
        }
    }

    fn valid_values(self) -> &'static str {
        match self {
            Field::Second => "seconds are 0-59",
            Field::Minute => "minutes are 0-59",
            Field::Hour => "hours are 0-23 (UTC)",
            Field::DayOfMonth => "days of the month are 1-31",
            Field::Month => "months are 1-12 or JAN-DEC",
            Field::DayOfWeek => {
                "days of the week are 1-7 counted from Sunday (SUN=1 ... SAT=7), or SUN-SAT"
            }
            Field::Year => "years are 1970-2099",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text as the Java parser sees it
// ---------------------------------------------------------------------------------------------

/// A byte range in the original expression.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// The range covered by `units`; `fallback` when there are none.
    fn of(units: &[Unit], fallback: Span) -> Span {
        match (units.first(), units.last()) {
            (Some(first), Some(last)) => Span {
                start: first.start,
                end: last.end,
            },
            _ => fallback,
        }
    }

    fn to(self, other: Span) -> Span {
        Span {
            start: self.start,
            end: other.end,
        }
    }

    fn text(self, expr: &str) -> &str {
        expr.get(self.start..self.end).unwrap_or_default()
    }
}

/// One UTF-16 code unit of the upper-cased expression (what Java's `charAt` returns), with the
/// bytes of the original character it came from, so errors point at the text as written.
#[derive(Clone, Copy, Debug)]
struct Unit {
    c: char,
    start: usize,
    end: usize,
}

impl Unit {
    fn span(self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

/// `expression.toUpperCase(Locale.ROOT)` as UTF-16 units. Upper-casing may change the length
/// (`ß` becomes `SS`, `ſ` becomes `S`); every unit keeps the byte range of its source character.
fn upper_case_units(expr: &str) -> Vec<Unit> {
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
struct Token<'u> {
    units: &'u [Unit],
    /// The token as written, before trimming.
    span: Span,
}

/// `new StringTokenizer(expression, " \t")` followed by `trim()` on each token.
fn tokenize(units: &[Unit]) -> Vec<Token<'_>> {
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

fn unit_text(units: &[Unit]) -> String {
    units.iter().map(|u| u.c).collect()
}

/// How a unit appears in Elasticsearch's messages (`Unexpected character [X]`).
fn shown(unit: Unit, expr: &str) -> String {
    if unit.c == SURROGATE {
        unit.span().text(expr).to_string()
    } else {
        unit.c.to_string()
    }
}

/// `Character.digit(c, 10)`: ASCII digits and the other Unicode decimal digits of the Basic
/// Multilingual Plane (Arabic-Indic, Devanagari, fullwidth, ...), which Java's
/// `Integer.parseInt` accepts too.
fn java_digit(c: char) -> Option<i64> {
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
fn java_parse_int(chars: impl IntoIterator<Item = char>) -> Option<i32> {
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

fn java_parse_digits(chars: impl Iterator<Item = char>, negative: bool) -> Option<i32> {
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

fn month_number(name: &str) -> Option<i32> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    MONTHS.iter().position(|&m| m == name).map(|i| i as i32 + 1)
}

const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const WEEKDAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn weekday_number(name: &str) -> Option<i32> {
    WEEKDAYS
        .iter()
        .position(|&d| d == name)
        .map(|i| i as i32 + 1)
}

/// The English name of an Elasticsearch day-of-week number (1 = Sunday).
fn weekday_name(dow: i32) -> &'static str {
    usize::try_from(dow - 1)
        .ok()
        .and_then(|i| WEEKDAY_NAMES.get(i))
        .copied()
        .unwrap_or("?")
}

fn ordinal(n: i32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

// ---------------------------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------------------------

/// An error Elasticsearch raises itself; `text` is its message, minus the `at pos [n]` suffix
/// (the byte range says where).
fn rejected(text: impl AsRef<str>, at: Span) -> ValueIssue {
    let text = text.as_ref();
    let mut chars = text.chars();
    let text = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    ValueIssue::new(
        format!("Elasticsearch rejects this schedule: {text}"),
        at.start,
        at.end,
    )
}

/// The chart pastes the schedule unescaped into the JSON body of the SLM policy request
/// (`"schedule": "..."`), so these characters break the request before Elasticsearch parses it.
fn check_request_safety(expr: &str) -> Result<(), ValueIssue> {
    let Some((start, c)) = expr
        .char_indices()
        .find(|&(_, c)| c == '"' || c == '\\' || c.is_control())
    else {
        return Ok(());
    };
    let what = match c {
        '"' => "a double quote (`\"`)".to_string(),
        '\\' => "a backslash (`\\`)".to_string(),
        '\t' => "a tab".to_string(),
        '\n' | '\r' => "a line break".to_string(),
        _ => format!("the control character U+{:04X}", u32::from(c)),
    };
    let help = if c == '\t' || c == '\n' || c == '\r' {
        "separate the fields with single spaces"
    } else {
        "remove it: Elasticsearch cron never needs it"
    };
    Err(ValueIssue::new(
        format!(
            "The schedule contains {what}: the chart writes the schedule unescaped into the JSON \
             body of the SLM policy request, so this character breaks that request"
        ),
        start,
        start + c.len_utf8(),
    )
    .with_help(help))
}

/// `@daily` and friends: Kubernetes (robfig/cron) shorthands that Elasticsearch has no form of.
fn shorthand_issue(expr: &str, tokens: &[Token]) -> Option<ValueIssue> {
    let first = tokens.first()?;
    if first.units.first()?.c != '@' {
        return None;
    }
    let at = first.span.to(tokens.last()?.span);
    let written = at.text(expr);
    let equivalent = match first.span.text(expr).to_ascii_lowercase().as_str() {
        "@yearly" | "@annually" => Some(("0 0 0 1 1 ?", "every 1 January at 00:00 UTC")),
        "@monthly" => Some(("0 0 0 1 * ?", "every 1st of the month at 00:00 UTC")),
        "@weekly" => Some(("0 0 0 ? * SUN", "every Sunday at 00:00 UTC")),
        "@daily" | "@midnight" => Some(("0 0 0 * * ?", "every day at 00:00 UTC")),
        "@hourly" => Some(("0 0 * * * ?", "every hour, on the hour")),
        _ => None,
    };
    let issue = rejected(
        format!(
            "`{written}` is a Kubernetes cron shorthand, and Elasticsearch cron has none (its \
             parser stops at \"Unexpected character [@]\")"
        ),
        at,
    );
    Some(match equivalent {
        Some((cron, meaning)) => issue.with_help(format!("use `{cron}` ({meaning})")),
        None => issue.with_help(
            "write a 6-field Elasticsearch cron: seconds minutes hours day-of-month month \
             day-of-week, e.g. `0 0 3 * * ?` for every day at 03:00 UTC",
        ),
    })
}

/// `CRON_TZ=...`/`TZ=...` before the fields: Kubernetes syntax; Elasticsearch schedules are UTC.
fn time_zone_prefix_issue(expr: &str, tokens: &[Token]) -> Option<ValueIssue> {
    let first = tokens.first()?;
    let text = first.span.text(expr).to_ascii_uppercase();
    if !(text.starts_with("TZ=") || text.starts_with("CRON_TZ=")) {
        return None;
    }
    let name: String = unit_text(first.units).chars().take(3).collect();
    let issue = rejected(
        format!(
            "`{}` is a time-zone prefix, which Elasticsearch cron does not have (its parser \
             reports \"illegal characters [{name}]\")",
            first.span.text(expr)
        ),
        first.span,
    );
    let rest: Vec<&str> = tokens[1..].iter().map(|t| t.span.text(expr)).collect();
    let help = match kubernetes_equivalent(&rest) {
        Some(cron) => format!(
            "remove the prefix: Elasticsearch schedules always run in UTC; the rest is a \
             Kubernetes cron, which Elasticsearch writes as `{cron}`"
        ),
        None => "remove the prefix: Elasticsearch schedules always run in UTC".to_string(),
    };
    Some(issue.with_help(help))
}

/// Fewer than six fields: Elasticsearch's "unexpected end of expression". Five fields is almost
/// always a Kubernetes cron pasted into the wrong value, so the help translates it.
fn too_few_fields(expr: &str, tokens: &[Token]) -> ValueIssue {
    let count = tokens.len();
    let fields: Vec<&str> = tokens.iter().map(|t| t.span.text(expr)).collect();
    let end = tokens.last().map_or(expr.len(), |t| t.span.end);
    let plural = if count == 1 { "" } else { "s" };
    if count == 5 {
        let at = tokens[0].span.to(tokens[4].span);
        let issue = rejected(
            format!(
                "unexpected end of expression: `{}` has 5 fields and looks like Kubernetes cron \
                 (minute hour day-of-month month day-of-week), but Elasticsearch cron has 6 or 7: \
                 seconds minutes hours day-of-month month day-of-week [year]",
                at.text(expr)
            ),
            at,
        );
        let both_days = |s: &str| s != "*" && s != "?";
        return match kubernetes_equivalent(&fields) {
            Some(cron) => issue.with_help(format!(
                "in Elasticsearch cron this is `{cron}` (a seconds field first, day-of-week \
                 counted 1-7 from Sunday, and `?` in the day field that is not restricted)"
            )),
            None if both_days(fields[2]) && both_days(fields[4]) => issue.with_help(
                "Kubernetes fires when either day field matches; Elasticsearch needs `?` in one \
                 of them, so pick one, e.g. `0 0 3 ? * MON` for Mondays at 03:00 UTC",
            ),
            None => issue.with_help(
                "start with a seconds field and put `?` in day-of-month or day-of-week, e.g. \
                 `0 0 3 * * ?` for every day at 03:00 UTC",
            ),
        };
    }
    rejected(
        format!(
            "unexpected end of expression: the schedule has {count} field{plural}, but \
             Elasticsearch cron needs 6 or 7: seconds minutes hours day-of-month month \
             day-of-week [year]"
        ),
        Span { start: end, end },
    )
    .with_help("for example `0 0 3 * * ?` runs every day at 03:00 UTC")
}

/// The Elasticsearch form of a 5-field Kubernetes cron, when one exists and parses cleanly.
fn kubernetes_equivalent(fields: &[&str]) -> Option<String> {
    let &[minute, hour, dom, month, dow] = fields else {
        return None;
    };
    let any = |s: &str| s == "*" || s == "?";
    // Kubernetes allows `?` for "any" in every field; Elasticsearch only in the day fields.
    let star = |field: &str| {
        if field == "?" {
            "*".to_string()
        } else {
            field.to_string()
        }
    };
    let (dom, dow) = match (any(dom), any(dow)) {
        (true, true) => ("*".to_string(), "?".to_string()),
        (false, true) => (dom.to_string(), "?".to_string()),
        (true, false) => ("?".to_string(), kubernetes_weekdays(dow)?),
        // Kubernetes fires when either field matches; Elasticsearch cannot say that.
        (false, false) => return None,
    };
    let cron = format!(
        "0 {} {} {dom} {} {dow}",
        star(minute),
        star(hour),
        star(month)
    );
    match parse(&cron) {
        Ok(parsed) if parsed.warnings.is_empty() => Some(cron),
        _ => None,
    }
}

/// Kubernetes counts days of the week 0-6 from Sunday, Elasticsearch 1-7; names are the same.
fn kubernetes_weekdays(field: &str) -> Option<String> {
    let shift = |part: &str| -> Option<String> {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Some(part.to_string());
        }
        let day: u32 = part.parse().ok().filter(|&d| d <= 7)?;
        Some((day % 7 + 1).to_string())
    };
    let items = field.split(',').map(|item| {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (item, None),
        };
        let range = range
            .split('-')
            .map(shift)
            .collect::<Option<Vec<_>>>()?
            .join("-");
        Some(match step {
            Some(step) => format!("{range}/{step}"),
            None => range,
        })
    });
    Some(items.collect::<Option<Vec<_>>>()?.join(","))
}

// ---------------------------------------------------------------------------------------------
// The parser: a port of Cron.buildExpression and friends
// ---------------------------------------------------------------------------------------------

/// What Elasticsearch's `Cron` keeps after parsing: one value set per field plus the flags for
/// `L`, `W` and `#`. The sets hold Elasticsearch's markers (`99` with every `*`, `98` for `?`)
/// exactly as the Java `TreeSet`s do, because `?` is decided by looking for `98`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Rules {
    sets: [BTreeSet<i32>; 7],
    lastday_of_week: bool,
    nthday_of_week: i32,
    lastday_of_month: bool,
    nearest_weekday: bool,
    lastday_offset: i32,
}

impl Rules {
    fn set(&self, field: Field) -> &BTreeSet<i32> {
        &self.sets[field.index()]
    }

    /// Values of a day field other than the `*`/`?` markers.
    fn real_values(&self, field: Field) -> impl Iterator<Item = i32> + '_ {
        self.set(field)
            .iter()
            .copied()
            .filter(|&v| v != ALL_SPEC && v != NO_SPEC)
    }

    fn uses_day_of_month(&self) -> bool {
        !self.set(Field::DayOfMonth).contains(&NO_SPEC)
    }

    fn uses_day_of_week(&self) -> bool {
        !self.set(Field::DayOfWeek).contains(&NO_SPEC)
    }
}

/// Something the parser noticed on its way, judged once the whole expression is known to be
/// accepted by Elasticsearch.
#[derive(Clone, Debug)]
enum Note {
    /// Elasticsearch used `read` of an item and ignored `skipped`.
    Skipped {
        field: Field,
        item: Span,
        read: Span,
        skipped: Span,
    },
    /// A comma with nothing before or after it.
    EmptyItem { field: Field, comma: Span },
    /// A literal `99` (read as `*`) or `98` (read as `?`).
    Marker { field: Field, value: i32, at: Span },
    /// `d#n` with `d` outside 1-7: no range check there.
    UncheckedWeekday { value: i32, item: Span },
    /// A year written out, in or out of range.
    Year { value: i32, at: Span },
    /// `i += incr` overflows a Java `int` and the loop fills the set with stray values.
    StepOverflow { field: Field, item: Span },
    /// `*/0`, `*/-5`: a step of zero or less is dropped.
    StepIgnored { field: Field, item: Span },
    /// A step that leaves only its start value (`0/60`).
    SingleStep {
        field: Field,
        item: Span,
        value: i32,
    },
    /// A range in a 1-based field ending at 0 (`5-0`), read as `5-max`.
    WrapFromZero {
        field: Field,
        item: Span,
        start: i32,
    },
    /// `L` where it means nothing (seconds, minutes, hours, month, year).
    LastIgnored { field: Field, item: Span },
    /// `L-W`: no offset, read as `LW`.
    OffsetlessLast { item: Span },
    /// `0W`: a day 0 the `W` search never finds.
    ZeroWeekday { item: Span },
}

/// The tally of one `addToSet` call: how many values the loop produced and the first one.
struct Added {
    count: i64,
    first: i32,
}

struct Parser<'a> {
    expr: &'a str,
    /// Elasticsearch's `Cron.MAX_YEAR`: this year + 100, where `*` in the year field stops.
    max_year: i32,
    rules: Rules,
    spans: [Span; 7],
    notes: Vec<Note>,
}

impl<'a> Parser<'a> {
    fn new(expr: &'a str, max_year: i32) -> Self {
        Parser {
            expr,
            max_year,
            rules: Rules::default(),
            spans: [Span::default(); 7],
            notes: Vec::new(),
        }
    }

    /// `buildExpression`: fields in order (tokens after the 7th are never looked at), the
    /// implicit `*` year, then the day-of-month/day-of-week check.
    fn run(&mut self, tokens: &[Token]) -> Result<(), ValueIssue> {
        for (&field, token) in Field::ALL.iter().zip(tokens) {
            self.spans[field.index()] = token.span;
            self.store_field(field, token)?;
        }
        if tokens.len() < 6 {
            let end = self.expr.len();
            return Err(rejected(
                "unexpected end of expression",
                Span { start: end, end },
            ));
        }
        if tokens.len() < 7 {
            let end = self.expr.len();
            self.add_to_set(ALL_SPEC, -1, 0, Field::Year, Span { start: end, end })?;
        }
        let dom = self.rules.uses_day_of_month();
        let dow = self.rules.uses_day_of_week();
        if dom == dow {
            return Err(self.day_fields_issue(dom));
        }
        Ok(())
    }

    fn day_fields_issue(&self, both_restricted: bool) -> ValueIssue {
        let dom_span = self.spans[Field::DayOfMonth.index()];
        let dow_span = self.spans[Field::DayOfWeek.index()];
        let issue = rejected(
            "support for specifying both a day-of-week AND a day-of-month parameter is not \
             implemented.",
            dom_span.to(dow_span),
        );
        let with = |span: Span, text: &str| replaced(self.expr, span, text);
        let dom = dom_span.text(self.expr);
        let dow = dow_span.text(self.expr);
        if !both_restricted {
            return issue.with_help(format!(
                "exactly one of day-of-month and day-of-week must be `?`: use `{}`",
                with(dom_span, "*")
            ));
        }
        let help = if dow == "*" {
            format!(
                "use `{}`: `?` in day-of-week means \"whatever day of the week\"",
                with(dow_span, "?")
            )
        } else if dom == "*" {
            format!(
                "use `{}`: `?` in day-of-month means \"whatever day of the month\"",
                with(dom_span, "?")
            )
        } else {
            format!(
                "Elasticsearch cannot combine the two day fields; put `?` in one of them: `{}` \
                 (by day of the month) or `{}` (by day of the week)",
                with(dow_span, "?"),
                with(dom_span, "?")
            )
        };
        issue.with_help(help)
    }

    /// One field: the whole-field checks of `buildExpression`, then each comma-separated item.
    fn store_field(&mut self, field: Field, token: &Token) -> Result<(), ValueIssue> {
        let units = token.units;
        let has = |c: char| units.iter().any(|u| u.c == c);
        if field == Field::DayOfMonth && has('L') && units.len() > 1 && has(',') {
            return Err(rejected(
                "support for specifying 'L' and 'LW' with other days of the month is not \
                 implemented",
                token.span,
            )
            .with_help("`L`, `LW` and `L-n` must be the only value in day-of-month"));
        }
        if field == Field::DayOfWeek && has('L') && units.len() > 1 && has(',') {
            return Err(rejected(
                "support for specifying 'L' with other days of the week is not implemented",
                token.span,
            )
            .with_help("`L` and `dL` must be the only value in day-of-week"));
        }
        if field == Field::DayOfWeek && units.iter().filter(|u| u.c == '#').count() > 1 {
            return Err(rejected(
                "support for specifying multiple \"nth\" days is not implemented.",
                token.span,
            )
            .with_help("use a single `d#n` in day-of-week, or one policy per day"));
        }

        // `new StringTokenizer(expr, ",")` drops empty items without a word.
        for (i, unit) in units.iter().enumerate() {
            let extra = unit.c == ',' && (i == 0 || i + 1 == units.len() || units[i - 1].c == ',');
            if extra {
                self.notes.push(Note::EmptyItem {
                    field,
                    comma: unit.span(),
                });
            }
        }
        for item in units.split(|u| u.c == ',').filter(|item| !item.is_empty()) {
            self.store(item, field)?;
        }
        Ok(())
    }

    /// `storeExpressionVals`: dispatch on the first character of an item.
    fn store(&mut self, s: &[Unit], field: Field) -> Result<(), ValueIssue> {
        let item = Span::of(s, Span::default());
        let c = s[0].c;
        if c.is_ascii_uppercase() && !is_last_day_form(s) {
            return self.store_name(s, field, item);
        }
        match c {
            '?' => self.store_no_spec(s, field, item),
            '*' | '/' => self.store_every(s, field, item),
            'L' => self.store_last(s, field, item),
            '0'..='9' => self.store_number(s, field, item),
            _ => Err(rejected(
                format!("Unexpected character [{}]", shown(s[0], self.expr)),
                s[0].span(),
            )),
        }
    }

    /// Three-letter names: `JAN`, `MON-FRI`, `FRI#3`, `FRIL`. Anything after what is read is
    /// ignored (`MONDAY` is `MON`).
    fn store_name(&mut self, s: &[Unit], field: Field, item: Span) -> Result<(), ValueIssue> {
        let name_at = |from: usize| -> Result<(String, Span), ValueIssue> {
            match s.get(from..from + 3) {
                Some(name) => Ok((unit_text(name), Span::of(name, item))),
                None => Err(rejected(
                    format!(
                        "`{}` is not a valid {} value{} (the parser fails with \
                         StringIndexOutOfBoundsException)",
                        item.text(self.expr),
                        field.name(),
                        if matches!(field, Field::Month | Field::DayOfWeek) {
                            ": Elasticsearch reads names as exactly three letters"
                        } else {
                            ""
                        }
                    ),
                    Span::of(&s[from.min(s.len())..], item),
                )
                .with_help(field.valid_values())),
            }
        };
        let (name, name_span) = name_at(0)?;
        let mut end = -1;
        let mut consumed = 3;
        let start = match field {
            Field::Month => {
                let invalid = |name: &str, at: Span| {
                    rejected(format!("invalid Month value [{name}]"), at)
                        .with_help(Field::Month.valid_values())
                };
                let start = month_number(&name).ok_or_else(|| invalid(&name, name_span))?;
                if s.len() > 3 && s[3].c == '-' {
                    let (name, span) = name_at(4)?;
                    end = month_number(&name).ok_or_else(|| invalid(&name, span))?;
                    consumed = 7;
                }
                start
            }
            Field::DayOfWeek => {
                let invalid = |name: &str, at: Span| {
                    rejected(format!("invalid Day-of-Week value [{name}]"), at)
                        .with_help(Field::DayOfWeek.valid_values())
                };
                let start = weekday_number(&name).ok_or_else(|| invalid(&name, name_span))?;
                if s.len() > 3 {
                    match s[3].c {
                        '-' => {
                            let (name, span) = name_at(4)?;
                            end = weekday_number(&name).ok_or_else(|| invalid(&name, span))?;
                            consumed = 7;
                        }
                        '#' => {
                            self.rules.nthday_of_week = self.nth(&s[4..], s[3].span())?;
                            consumed = s.len();
                        }
                        'L' => {
                            self.rules.lastday_of_week = true;
                            consumed = 4;
                        }
                        _ => {}
                    }
                }
                start
            }
            _ => {
                return Err(rejected(format!("illegal characters [{name}]"), name_span)
                    .with_help(field.valid_values()));
            }
        };
        let incr = if end == -1 { 0 } else { 1 };
        self.add_to_set(start, end, incr, field, item)?;
        self.note_skipped(s, consumed, field, item);
        Ok(())
    }

    /// The number after `#`: `Integer.parseInt` of the rest of the item, 1 to 5.
    fn nth(&self, digits: &[Unit], hash: Span) -> Result<i32, ValueIssue> {
        java_parse_int(digits.iter().map(|u| u.c))
            .filter(|n| (1..=5).contains(n))
            .ok_or_else(|| {
                rejected(
                    "a numeric value between 1 and 5 must follow the '#' option",
                    Span::of(digits, hash),
                )
                .with_help(
                    "`d#n` means the n-th (1-5) weekday d of the month, e.g. `6#3` = third Friday",
                )
            })
    }

    /// `?`: only in the day fields, and not in both.
    fn store_no_spec(&mut self, s: &[Unit], field: Field, item: Span) -> Result<(), ValueIssue> {
        // Java tests `(i + 1) < length` with `i` just past the `?`: one trailing character
        // slips through (`?X`), two do not.
        if s.len() >= 3 {
            return Err(rejected(
                format!("illegal character [{}] after '?'", shown(s[1], self.expr)),
                s[1].span(),
            ));
        }
        if field != Field::DayOfMonth && field != Field::DayOfWeek {
            return Err(rejected(
                "'?' can only be specified for Day-of-Month or Day-of-Week.",
                item,
            )
            .with_help(format!(
                "use `*` for {} in the {} field",
                field.every(),
                field.name()
            )));
        }
        if field == Field::DayOfWeek && !self.rules.lastday_of_month {
            let dom_span = self.spans[Field::DayOfMonth.index()];
            match self.rules.set(Field::DayOfMonth).last() {
                None => {
                    return Err(rejected(
                        "the day-of-month field has no value (the parser fails with \
                         NoSuchElementException)",
                        dom_span,
                    ));
                }
                Some(&NO_SPEC) => {
                    let fixed = replaced(self.expr, dom_span, "*");
                    return Err(rejected(
                        "'?' can only be specified for Day-of-Month -OR- Day-of-Week.",
                        item,
                    )
                    .with_help(format!(
                        "exactly one of day-of-month and day-of-week must be `?`: use `{fixed}`"
                    )));
                }
                Some(_) => {}
            }
        }
        self.add_to_set(NO_SPEC, -1, 0, field, item)?;
        self.note_skipped(s, 1, field, item);
        Ok(())
    }

    /// `*`, `*/step`, `/step`, and `*` followed by anything else (read as `*`).
    fn store_every(&mut self, s: &[Unit], field: Field, item: Span) -> Result<(), ValueIssue> {
        let c = s[0].c;
        if c == '*' && s.len() == 1 {
            self.add_to_set(ALL_SPEC, -1, 0, field, item)?;
            return Ok(());
        }
        if c == '/' && s.len() == 1 {
            return Err(rejected("'/' must be followed by an integer.", item));
        }
        let slash = usize::from(c == '*');
        if s[slash].c != '/' {
            // `*X`: Java fills the field and never looks at the rest.
            self.add_to_set(ALL_SPEC, -1, 1, field, item)?;
            self.note_skipped(s, 1, field, item);
            return Ok(());
        }
        let digits = &s[slash + 1..];
        if digits.is_empty() {
            return Err(rejected("Unexpected end of string.", s[slash].span()));
        }
        let step_span = Span::of(digits, item);
        let incr = java_parse_int(digits.iter().map(|u| u.c)).ok_or_else(|| {
            rejected(
                format!(
                    "the step `{}` is not a number (the parser fails with NumberFormatException)",
                    step_span.text(self.expr)
                ),
                step_span,
            )
        })?;
        if let Some((cap, limit)) = field.step_cap()
            && incr > cap
        {
            return Err(
                rejected(format!("increment [{incr}] > {limit}"), step_span).with_help(format!(
                    "the largest step after `*` in the {} field is {cap}",
                    field.name()
                )),
            );
        }
        let added = self.add_to_set(ALL_SPEC, -1, incr, field, item)?;
        if incr <= 0 {
            self.notes.push(Note::StepIgnored { field, item });
        } else {
            self.note_step(field, item, &added);
        }
        Ok(())
    }

    /// `L`, `LW`, `L-n`, `L-nW`. Only day-of-month gives them meaning; day-of-week reads `L` as
    /// Saturday; every other field accepts and ignores them.
    fn store_last(&mut self, s: &[Unit], field: Field, item: Span) -> Result<(), ValueIssue> {
        match field {
            Field::DayOfMonth => {
                self.rules.lastday_of_month = true;
                let mut i = 1;
                if s.len() > 1 {
                    if s[1].c == '-' {
                        let (offset, pos) = self.get_value(0, s, 2, 2, item)?;
                        if offset > 30 {
                            return Err(rejected(
                                "offset from last day must be <= 30",
                                Span::of(&s[2..pos.min(s.len())], item),
                            ));
                        }
                        self.rules.lastday_offset = offset;
                        if pos == 2 {
                            self.notes.push(Note::OffsetlessLast { item });
                        }
                        i = pos;
                    }
                    if s.get(i).is_some_and(|u| u.c == 'W') {
                        self.rules.nearest_weekday = true;
                    }
                }
            }
            Field::DayOfWeek => {
                self.add_to_set(7, 7, 0, field, item)?;
                self.note_skipped(s, 1, field, item);
            }
            _ => self.notes.push(Note::LastIgnored { field, item }),
        }
        Ok(())
    }

    /// A number, then whatever `checkNext` makes of the next character.
    fn store_number(&mut self, s: &[Unit], field: Field, item: Span) -> Result<(), ValueIssue> {
        let first = java_digit(s[0].c).unwrap_or_default() as i32;
        let (val, pos) = if s.len() > 1 && s[1].c.is_ascii_digit() {
            self.get_value(first, s, 1, 0, item)?
        } else {
            (first, 1)
        };
        self.note_number(field, val, Span::of(&s[..pos.min(s.len())], item));
        if s.len() == 1 {
            self.add_to_set(val, -1, -1, field, item)?;
            return Ok(());
        }
        self.check_next(pos, s, val, field, item)
    }

    fn note_number(&mut self, field: Field, value: i32, at: Span) {
        if value == ALL_SPEC || (value == NO_SPEC && field != Field::Year) {
            self.notes.push(Note::Marker { field, value, at });
        } else if field == Field::Year {
            self.notes.push(Note::Year { value, at });
        }
    }

    /// `getValue`: the digits from `i` appended to `v`, and where reading stopped (one past the
    /// end when the item ran out, as in Java). `number_start` is where the number began, for
    /// error positions.
    fn get_value(
        &self,
        v: i32,
        s: &[Unit],
        i: usize,
        number_start: usize,
        item: Span,
    ) -> Result<(i32, usize), ValueIssue> {
        if i >= s.len() {
            return Err(rejected(
                format!(
                    "`{}` needs a number after `-` (the parser fails with \
                     StringIndexOutOfBoundsException)",
                    item.text(self.expr)
                ),
                item,
            ));
        }
        let mut digits = v.to_string();
        let mut i = i;
        while let Some(unit) = s.get(i).filter(|u| u.c.is_ascii_digit()) {
            digits.push(unit.c);
            i += 1;
        }
        let at = Span::of(&s[number_start.min(s.len())..i], item);
        let value = java_parse_int(digits.chars()).ok_or_else(|| {
            rejected(
                format!(
                    "the number `{}` is too large (the parser fails with NumberFormatException)",
                    at.text(self.expr)
                ),
                at,
            )
        })?;
        Ok((value, if i < s.len() { i } else { i + 1 }))
    }

    /// `checkNext`: what follows a number. Characters it does not recognise end the item
    /// (`3PM` is 3).
    fn check_next(
        &mut self,
        pos: usize,
        s: &[Unit],
        val: i32,
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        let Some(&next) = s.get(pos) else {
            self.add_to_set(val, -1, -1, field, item)?;
            return Ok(());
        };
        let number = Span::of(&s[..pos], item);
        match next.c {
            'L' => {
                if field != Field::DayOfWeek {
                    return Err(rejected("'L' option is not valid here.", next.span())
                        .with_help(last_help(field)));
                }
                if !(1..=7).contains(&val) {
                    return Err(rejected(Field::DayOfWeek.range_message(), number)
                        .with_help(Field::DayOfWeek.valid_values()));
                }
                self.rules.lastday_of_week = true;
                self.rules.sets[field.index()].insert(val);
                self.note_skipped(s, pos + 1, field, item);
            }
            'W' => {
                if field != Field::DayOfMonth {
                    return Err(
                        rejected("'W' option is not valid here.", next.span()).with_help(
                            "`W` (nearest weekday) only works in day-of-month, e.g. `15W`",
                        ),
                    );
                }
                if val > 31 {
                    return Err(rejected(
                        "the 'W' option does not make sense with values larger than 31 (max \
                         number of days in a month)",
                        number,
                    ));
                }
                self.rules.nearest_weekday = true;
                self.rules.sets[field.index()].insert(val);
                if val == 0 {
                    self.notes.push(Note::ZeroWeekday { item });
                }
                self.note_skipped(s, pos + 1, field, item);
            }
            '#' => {
                if field != Field::DayOfWeek {
                    return Err(rejected("'#' option is not valid here.", next.span()).with_help(
                        "`d#n` (n-th weekday of the month) only works in day-of-week, e.g. `6#3`",
                    ));
                }
                self.rules.nthday_of_week = self.nth(&s[pos + 1..], next.span())?;
                self.rules.sets[field.index()].insert(val);
                if !(1..=7).contains(&val) && val != ALL_SPEC && val != NO_SPEC {
                    self.notes.push(Note::UncheckedWeekday { value: val, item });
                }
            }
            '-' => self.store_range(pos, s, val, field, item)?,
            '/' => {
                let (step, consumed) = self.step_after(pos, s, item, true)?;
                let added = self.add_to_set(val, -1, step, field, item)?;
                self.note_step(field, item, &added);
                self.note_skipped(s, consumed, field, item);
            }
            _ => {
                self.add_to_set(val, -1, 0, field, item)?;
                self.note_skipped(s, pos, field, item);
            }
        }
        Ok(())
    }

    /// `a-b` and `a-b/c` (the `-` branch of `checkNext`).
    fn store_range(
        &mut self,
        pos: usize,
        s: &[Unit],
        val: i32,
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        let end_start = pos + 1;
        let (mut end, mut i) = self.single_digit(s, end_start, s[pos].span(), "range end")?;
        if i < s.len() && s[i].c.is_ascii_digit() {
            (end, i) = self.get_value(end, s, i, end_start, item)?;
        }
        if field == Field::Year {
            let at = Span::of(&s[end_start..i.min(s.len())], item);
            self.notes.push(Note::Year { value: end, at });
        }
        if s.get(i).is_some_and(|u| u.c == '/') {
            let (step, consumed) = self.step_after(i, s, item, false)?;
            let added = self.add_to_set(val, end, step, field, item)?;
            self.note_step(field, item, &added);
            self.note_skipped(s, consumed, field, item);
        } else {
            self.add_to_set(val, end, 1, field, item)?;
            self.note_skipped(s, i, field, item);
        }
        Ok(())
    }

    /// The step after the `/` at `slash`: one digit (any Unicode digit, as
    /// `Integer.parseInt(String.valueOf(c))` reads it), then more ASCII digits. After `a/b`
    /// Java rejects a stray character right after a one-digit step (`5/2X`); after `a-b/c` it
    /// ignores it (`1-5/2X`). Returns the step and how many units were read.
    fn step_after(
        &self,
        slash: usize,
        s: &[Unit],
        item: Span,
        strict: bool,
    ) -> Result<(i32, usize), ValueIssue> {
        let (step, i) = self.single_digit(s, slash + 1, s[slash].span(), "step")?;
        match s.get(i) {
            None => Ok((step, i)),
            Some(u) if u.c.is_ascii_digit() => self.get_value(step, s, i, slash + 1, item),
            Some(&u) if strict => Err(rejected(
                format!("Unexpected character [{}] after '/'", shown(u, self.expr)),
                u.span(),
            )),
            Some(_) => Ok((step, i)),
        }
    }

    /// `Integer.parseInt(String.valueOf(s.charAt(i)))`, with the position after it.
    fn single_digit(
        &self,
        s: &[Unit],
        i: usize,
        before: Span,
        what: &str,
    ) -> Result<(i32, usize), ValueIssue> {
        let Some(&unit) = s.get(i) else {
            return Err(rejected(
                format!(
                    "`{}` ends without a {what} (the parser fails with \
                     StringIndexOutOfBoundsException)",
                    Span::of(s, before).text(self.expr)
                ),
                before,
            ));
        };
        match java_digit(unit.c) {
            Some(d) => Ok((d as i32, i + 1)),
            None => Err(rejected(
                format!(
                    "the {what} `{}` is not a number (the parser fails with \
                     NumberFormatException)",
                    unit.span().text(self.expr)
                ),
                unit.span(),
            )),
        }
    }

    /// `addToSet`: the range check, then the values from `val` to `end` by `incr` (with
    /// wrap-around when `end < val`). `end == -1` means "to the end of the field"; `incr` 0 or -1
    /// means a single value.
    fn add_to_set(
        &mut self,
        val: i32,
        end: i32,
        incr: i32,
        field: Field,
        item: Span,
    ) -> Result<Added, ValueIssue> {
        // Java checks each field by hand; the one quirk kept here is which markers skip the
        // check: `99` everywhere, `98` in the day fields, and years are never checked.
        let exempt = val == ALL_SPEC
            || (val == NO_SPEC && matches!(field, Field::DayOfMonth | Field::DayOfWeek));
        let (low, high) = (field.min(), field.open_end(self.max_year));
        let out_of_range =
            field != Field::Year && !exempt && (!(low..=high).contains(&val) || end > high);
        if out_of_range {
            let mut issue = rejected(field.range_message(), item);
            issue = if field == Field::DayOfWeek && val == 0 {
                issue.with_help(
                    "Elasticsearch counts days of the week from 1 (SUN=1 ... SAT=7): for Sunday \
                     write 1 or SUN",
                )
            } else {
                issue.with_help(field.valid_values())
            };
            return Err(issue);
        }

        let set = field.index();
        if (incr == 0 || incr == -1) && val != ALL_SPEC {
            let value = if val == -1 { NO_SPEC } else { val };
            self.rules.sets[set].insert(value);
            return Ok(Added {
                count: 1,
                first: value,
            });
        }
        let mut incr = incr;
        if val == ALL_SPEC && incr <= 0 {
            incr = 1;
            self.rules.sets[set].insert(ALL_SPEC);
        }
        let start = if val == -1 || val == ALL_SPEC {
            field.min()
        } else {
            val
        };
        let mut stop = if end == -1 {
            field.open_end(self.max_year)
        } else {
            end
        };
        let mut cycle = None;
        if stop < start {
            if field == Field::Year {
                return Err(rejected("Start year must be less than stop year", item));
            }
            if end == 0 && field.one_based() {
                self.notes.push(Note::WrapFromZero { field, item, start });
            }
            stop += field.cycle();
            cycle = Some(field.cycle());
        }

        let (start, stop, incr) = (i64::from(start), i64::from(stop), i64::from(incr.max(1)));
        let count = (stop - start) / incr + 1;
        let last = start + (count - 1) * incr;
        if last + incr > i64::from(i32::MAX) {
            // Java's `i += incr` wraps to a negative number that is still `<= stopAt`, and the
            // loop goes on adding values nobody wrote.
            self.notes.push(Note::StepOverflow { field, item });
        }
        let value_at = |k: i64| -> i32 {
            let i = start + k * incr;
            match cycle {
                None => i as i32,
                Some(m) => {
                    let v = (i % i64::from(m)) as i32;
                    if v == 0 && field.one_based() { m } else { v }
                }
            }
        };
        // Only values a search can use are stored: Java's loop can run to 2^31 (`1970-2147483647`
        // in the year field, or `99-2147483647` anywhere, as `99` skips the range check), and the
        // values outside the field come only from input that is refused anyway.
        let (first_k, last_k) = match cycle {
            Some(_) => (0, count - 1),
            None => {
                let (low, high) = match field {
                    Field::Year => (FIRST_YEAR, LAST_YEAR),
                    _ => (field.min(), field.open_end(self.max_year)),
                };
                let low = start.max(i64::from(low));
                let high = stop.min(i64::from(high));
                (
                    (low - start + incr - 1) / incr,
                    (high - start).div_euclid(incr).min(count - 1),
                )
            }
        };
        for k in first_k..=last_k {
            self.rules.sets[set].insert(value_at(k));
        }
        if cycle.is_none() && count > 0 {
            // Keep what the parser itself looks at among the values left out: whether `98` (the
            // `?` marker) is in the set, and the largest value (`daysOfMonth.last()`).
            if (start..=last).contains(&i64::from(NO_SPEC))
                && (i64::from(NO_SPEC) - start) % incr == 0
            {
                self.rules.sets[set].insert(NO_SPEC);
            }
            self.rules.sets[set].insert(value_at(count - 1));
        }
        Ok(Added {
            count,
            first: value_at(0),
        })
    }

    fn note_step(&mut self, field: Field, item: Span, added: &Added) {
        if added.count == 1 {
            self.notes.push(Note::SingleStep {
                field,
                item,
                value: added.first,
            });
        }
    }

    /// Records the unread rest of an item, if any.
    fn note_skipped(&mut self, s: &[Unit], consumed: usize, field: Field, item: Span) {
        if consumed < s.len() {
            let read = Span::of(&s[..consumed], item);
            let skipped = Span::of(&s[consumed..], item);
            // Upper-casing can split one character into two units (`ß`); only report whole
            // characters.
            if skipped.start >= read.end {
                self.notes.push(Note::Skipped {
                    field,
                    item,
                    read,
                    skipped,
                });
            }
        }
    }

    /// Our errors: what Elasticsearch stores but never runs or runs wrongly.
    fn refusals(&self) -> Vec<ValueIssue> {
        let expr = self.expr;
        let mut issues = Vec::new();
        for note in &self.notes {
            let issue = match *note {
                Note::Marker { field, value, at } => {
                    let (stands_for, meaning) = if value == ALL_SPEC {
                        ("*", format!("runs it {}", field.every()))
                    } else {
                        ("?", format!("treats the {} field as `?`", field.name()))
                    };
                    ValueIssue::new(
                        format!(
                            "`{value}` is Elasticsearch's internal marker for `{stands_for}`: \
                             Elasticsearch would accept it in the {} field and {meaning}, which \
                             is surely not what `{value}` was meant to say",
                            field.name()
                        ),
                        at.start,
                        at.end,
                    )
                    .with_help(field.valid_values())
                }
                Note::UncheckedWeekday { value, item } => {
                    let help = if value == 0 {
                        "Elasticsearch counts days of the week from 1: for Sunday write `1#n` or \
                         `SUN#n`"
                    } else {
                        Field::DayOfWeek.valid_values()
                    };
                    ValueIssue::new(
                        format!(
                            "Day-of-week {value} in `{}` is outside 1-7: Elasticsearch would \
                             accept it (there is no range check before `#`), but its next-run \
                             arithmetic then picks days nobody asked for",
                            item.text(expr)
                        ),
                        item.start,
                        item.end,
                    )
                    .with_help(help)
                }
                Note::Year { value, at } if !(FIRST_YEAR..=LAST_YEAR).contains(&value) => {
                    let consequence = if value < FIRST_YEAR {
                        "so the policy would be stored and never run".to_string()
                    } else {
                        format!("so the policy would be stored and not run before {value}, if ever")
                    };
                    ValueIssue::new(
                        format!(
                            "The year {value} is outside 1970-2099: Elasticsearch would accept it \
                             (it does not range-check years written out), {consequence}"
                        ),
                        at.start,
                        at.end,
                    )
                    .with_help("years are 1970-2099; leave the year field out to run every year")
                }
                Note::StepOverflow { field, item } => ValueIssue::new(
                    format!(
                        "`{}` makes Elasticsearch's parser overflow a Java int: its loop then \
                         adds {} values nobody wrote, or never ends",
                        item.text(expr),
                        field.name()
                    ),
                    item.start,
                    item.end,
                )
                .with_help(field.valid_values()),
                _ => continue,
            };
            issues.push(issue);
        }
        issues
    }

    /// Warnings: what Elasticsearch accepts by skipping or reinterpreting input, and schedules it
    /// accepts that can never fire because of one item.
    fn warnings(&self) -> Vec<ValueIssue> {
        let expr = self.expr;
        let mut warnings = Vec::new();
        for note in &self.notes {
            let warning = match *note {
                Note::Skipped {
                    field,
                    item,
                    read,
                    skipped,
                } => skipped_warning(expr, field, item, read, skipped),
                Note::EmptyItem { field, comma } => ValueIssue::new(
                    format!(
                        "Empty item in the {} list: Elasticsearch skips it without a word",
                        field.name()
                    ),
                    comma.start,
                    comma.end,
                )
                .with_help("remove the extra comma"),
                Note::StepIgnored { field, item } => ValueIssue::new(
                    format!(
                        "Elasticsearch ignores a step of zero or less and reads `{}` as `*` ({} \
                         in the {} field)",
                        item.text(expr),
                        field.every(),
                        field.name()
                    ),
                    item.start,
                    item.end,
                )
                .with_help("write `*`, or a positive step such as `*/5`"),
                Note::SingleStep { field, item, value } => ValueIssue::new(
                    format!(
                        "`{}` selects only {value} in the {} field: the step reaches past the end \
                         of the range, so only the start value is left{}",
                        item.text(expr),
                        field.name(),
                        if item.text(expr).starts_with(['*', '/']) {
                            ""
                        } else {
                            " (Elasticsearch limits the step after `*`, but not after a number)"
                        }
                    ),
                    item.start,
                    item.end,
                )
                .with_help(format!("write `{value}` if that is what you mean")),
                Note::WrapFromZero { field, item, start } => ValueIssue::new(
                    format!(
                        "The range `{}` ends at 0, below the smallest {} value: Elasticsearch \
                         wraps it around and reads it as {start}-{}",
                        item.text(expr),
                        field.name(),
                        field.open_end(LAST_YEAR)
                    ),
                    item.start,
                    item.end,
                )
                .with_help(field.valid_values()),
                Note::LastIgnored { field, item } => ValueIssue::new(
                    format!(
                        "`L` means nothing in the {} field: Elasticsearch accepts `{}` there and \
                         ignores it",
                        field.name(),
                        item.text(expr)
                    ),
                    item.start,
                    item.end,
                )
                .with_help(last_help(field)),
                Note::OffsetlessLast { item } => ValueIssue::new(
                    format!(
                        "`{}` has no offset after `L-`: Elasticsearch reads it as `LW`",
                        item.text(expr)
                    ),
                    item.start,
                    item.end,
                )
                .with_help("write `LW` (last weekday of the month) or `L-nW` with a number n"),
                Note::ZeroWeekday { item } if self.rules.uses_day_of_month() => ValueIssue::new(
                    format!(
                        "`{}` asks for the weekday nearest day 0: Elasticsearch accepts it (there \
                         is no range check before `W`), but its next-run search never settles on \
                         a day, so the policy never runs",
                        item.text(expr)
                    ),
                    item.start,
                    item.end,
                )
                .with_help("use `1W` for the first weekday of the month"),
                _ => continue,
            };
            warnings.push(warning);
        }
        self.day_rule_warnings(&mut warnings);
        warnings
    }

    /// Warnings that need the whole schedule: fields left empty, `?` mixed with values, and `W`
    /// or `#` applied to a list.
    fn day_rule_warnings(&self, warnings: &mut Vec<ValueIssue>) {
        let rules = &self.rules;
        let span = |field: Field| self.spans[field.index()];
        for field in [
            Field::Second,
            Field::Minute,
            Field::Hour,
            Field::Month,
            Field::Year,
        ] {
            if rules.set(field).is_empty() {
                warnings.push(never_runs(self.expr, field, span(field)));
            }
        }
        if rules.uses_day_of_week() && rules.real_values(Field::DayOfWeek).next().is_none() {
            let field = Field::DayOfWeek;
            warnings.push(never_runs(self.expr, field, span(field)));
        }
        for field in [Field::DayOfMonth, Field::DayOfWeek] {
            let set = rules.set(field);
            if set.contains(&NO_SPEC) && set.len() > 1 {
                let at = span(field);
                warnings.push(
                    ValueIssue::new(
                        format!(
                            "The {} field `{}` mixes `?` with other values: Elasticsearch treats \
                             the whole field as `?` and ignores the rest",
                            field.name(),
                            at.text(self.expr)
                        ),
                        at.start,
                        at.end,
                    )
                    .with_help("write `?` alone"),
                );
            }
        }
        let mut days = rules.real_values(Field::DayOfMonth);
        if rules.uses_day_of_month()
            && rules.nearest_weekday
            && !rules.lastday_of_month
            && let (Some(day), Some(_)) = (days.next(), days.next())
            && day != 0
        {
            let at = span(Field::DayOfMonth);
            warnings.push(
                ValueIssue::new(
                    format!(
                        "`W` works on a single day: with `{}` Elasticsearch uses only the \
                         smallest day, {day}, fires on the weekday nearest the {} and ignores \
                         the other days",
                        at.text(self.expr),
                        ordinal(day)
                    ),
                    at.start,
                    at.end,
                )
                .with_help("use `nW` alone, or one policy per day"),
            );
        }
        let mut weekdays = rules.real_values(Field::DayOfWeek);
        if rules.uses_day_of_week()
            && rules.nthday_of_week != 0
            && let (Some(dow), Some(_)) = (weekdays.next(), weekdays.next())
        {
            let at = span(Field::DayOfWeek);
            let n = rules.nthday_of_week;
            warnings.push(
                ValueIssue::new(
                    format!(
                        "`#{n}` works on a single day of the week: with `{}` Elasticsearch uses \
                         only the smallest one, {dow} ({}), fires on the {} {} of the month and \
                         ignores the other days",
                        at.text(self.expr),
                        weekday_name(dow),
                        ordinal(n),
                        weekday_name(dow)
                    ),
                    at.start,
                    at.end,
                )
                .with_help("use `d#n` alone, or one policy per day"),
            );
        }
    }
}

/// `expr` with the text at `span` replaced, for suggestions.
fn replaced(expr: &str, span: Span, text: &str) -> String {
    format!("{}{text}{}", &expr[..span.start], &expr[span.end..])
        .trim()
        .to_string()
}

/// `L`, `LW` and `L-digits[W]` take the `L` branch; other items starting with a letter are
/// read as names (`s.matches("^L-[0-9]*[W]?")` in Java).
fn is_last_day_form(s: &[Unit]) -> bool {
    let text = unit_text(s);
    if text == "L" || text == "LW" {
        return true;
    }
    let Some(rest) = text.strip_prefix("L-") else {
        return false;
    };
    let digits = rest.strip_suffix('W').unwrap_or(rest);
    digits.bytes().all(|b| b.is_ascii_digit())
}

fn last_help(field: Field) -> &'static str {
    match field {
        Field::DayOfMonth => "`L` means the last day of the month, `LW` the last weekday",
        _ => {
            "`L` only means something in day-of-month (`L`, `LW`, `L-3`) and day-of-week \
             (`6L` = last Friday)"
        }
    }
}

fn never_runs(expr: &str, field: Field, at: Span) -> ValueIssue {
    ValueIssue::new(
        format!(
            "The {} field `{}` selects no value: Elasticsearch accepts the schedule, but the \
             policy never runs",
            field.name(),
            at.text(expr)
        ),
        at.start,
        at.end,
    )
    .with_help(field.valid_values())
}

fn skipped_warning(expr: &str, field: Field, item: Span, read: Span, skipped: Span) -> ValueIssue {
    let item_text = item.text(expr);
    let read_text = read.text(expr);
    let skipped_text = skipped.text(expr);
    let mut message =
        format!("Elasticsearch reads `{item_text}` as `{read_text}` and ignores `{skipped_text}`");
    if field == Field::DayOfWeek && read_text.eq_ignore_ascii_case("L") {
        message.push_str(" (`L` alone in day-of-week means Saturday)");
    }
    let warning = ValueIssue::new(message, skipped.start, skipped.end);
    let suffix = skipped_text.to_ascii_uppercase();
    match read_text.parse::<u8>() {
        Ok(hour) if field == Field::Hour && suffix.starts_with("PM") && hour < 12 => warning
            .with_help(format!(
                "hours are 0-23 in UTC: for {hour} p.m. write `{}`",
                hour + 12
            )),
        _ => warning.with_help(format!("write `{read_text}` if that is what you mean")),
    }
}

// ---------------------------------------------------------------------------------------------
// Next fire time: a port of Cron.getNextValidTimeAfter
// ---------------------------------------------------------------------------------------------

/// `java.util.GregorianCalendar` in lenient mode, reduced to what `getNextValidTimeAfter` uses:
/// fields may be set out of range (day 0, day 32, month 13, hour 24) and carry over the next time
/// one is read. Months are 1-based here (Java's are 0-based).
#[derive(Clone, Copy, Debug)]
struct LenientCalendar {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

impl LenientCalendar {
    fn at(epoch_seconds: i64) -> Self {
        let t = DateTime::from_unix(epoch_seconds);
        LenientCalendar {
            year: i64::from(t.year),
            month: i64::from(t.month),
            day: i64::from(t.day),
            hour: i64::from(t.hour),
            minute: i64::from(t.minute),
            second: i64::from(t.second),
        }
    }

    fn date(year: i64, month: i64, day: i64) -> Self {
        LenientCalendar {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }

    fn epoch_seconds(&self) -> i64 {
        let months = self.year * 12 + self.month - 1;
        let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
        let days = calendar::days_from_civil(year as i32, month as u8, 1) + self.day - 1;
        days * 86_400 + self.hour * 3600 + self.minute * 60 + self.second
    }

    /// What Java does before answering any `get`: recompute every field from the instant.
    fn normalize(&mut self) -> &Self {
        *self = Self::at(self.epoch_seconds());
        self
    }

    fn year(&mut self) -> i64 {
        self.normalize().year
    }

    fn month(&mut self) -> i64 {
        self.normalize().month
    }

    fn day(&mut self) -> i64 {
        self.normalize().day
    }

    fn hour(&mut self) -> i64 {
        self.normalize().hour
    }

    fn minute(&mut self) -> i64 {
        self.normalize().minute
    }

    fn second(&mut self) -> i64 {
        self.normalize().second
    }

    /// `Calendar.DAY_OF_WEEK`: 1 = Sunday ... 7 = Saturday.
    fn day_of_week(&mut self) -> i64 {
        let t = *self.normalize();
        i64::from(calendar::weekday(t.year as i32, t.month as u8, t.day as u8)) + 1
    }

    /// `add(Calendar.YEAR, 1)`: normalize, add, clamp the day into the month.
    fn add_year(&mut self) {
        self.normalize();
        self.year += 1;
        self.day = self.day.min(last_day(self.month, self.year));
    }
}

fn last_day(month: i64, year: i64) -> i64 {
    i64::from(calendar::days_in_month(year as i32, month as u8))
}

/// `set.tailSet(v).first()`.
fn ceiling(set: &BTreeSet<i32>, v: i64) -> Option<i64> {
    let v = i32::try_from(v).ok()?;
    set.range(v..).next().map(|&x| i64::from(x))
}

/// `set.first()`; Java throws `NoSuchElementException` where this is `None`.
fn first(set: &BTreeSet<i32>) -> Option<i64> {
    set.first().map(|&x| i64::from(x))
}

/// Days from weekday `from` forward to weekday `to` (both 1-7), 0 when equal.
fn days_until(from: i64, to: i64) -> i64 {
    if from < to {
        to - from
    } else if from > to {
        to + 7 - from
    } else {
        0
    }
}

/// The `tcal` block of the `W` branches: where the weekday nearest `day` falls, and the
/// candidate fire time. Java sets day and month on a fresh lenient calendar, reads the weekday
/// (which normalizes it, so a day 0 in January moves the year back), then sets day and month
/// again without the year; both quirks are kept.
fn nearest_weekday(year: i64, month: i64, day: i64, time: (i64, i64, i64)) -> (i64, i64) {
    let mut tcal = LenientCalendar::date(year, month, day);
    let last = last_day(month, year);
    let day = match tcal.day_of_week() {
        7 if day == 1 => day + 2,
        7 => day - 1,
        1 if day == last => day - 2,
        1 => day + 1,
        _ => day,
    };
    (tcal.hour, tcal.minute, tcal.second) = time;
    tcal.day = day;
    tcal.month = month;
    (day, tcal.epoch_seconds())
}

impl Rules {
    /// Java's search would throw `NoSuchElementException` (an empty field) or loop forever (`0W`).
    fn never_fires(&self) -> bool {
        let empty = |field: Field| self.set(field).is_empty();
        [
            Field::Second,
            Field::Minute,
            Field::Hour,
            Field::Month,
            Field::Year,
        ]
        .into_iter()
        .any(empty)
            || (self.uses_day_of_week() && empty(Field::DayOfWeek))
            || (self.uses_day_of_month() && !self.lastday_of_month && empty(Field::DayOfMonth))
            || (self.uses_day_of_month()
                && self.nearest_weekday
                && !self.lastday_of_month
                && self.set(Field::DayOfMonth).first() == Some(&0))
    }

    /// `getNextValidTimeAfter`, step for step: each pass fixes the first field that does not
    /// match and starts over, exactly where Java's `continue`s are.
    fn next_after(&self, after: DateTime) -> Option<DateTime> {
        if self.never_fires() {
            return None;
        }
        let earliest = DateTime::from_date(FIRST_YEAR, 1, 1).to_unix() - 1;
        let latest = DateTime::from_date(LAST_YEAR + 1, 1, 1).to_unix() - 1;
        let after = after.to_unix().max(earliest);
        if after >= latest {
            return None;
        }
        // Java moves one second ahead: the time must be strictly after `after`.
        let after_time = after + 1;
        let seconds = self.set(Field::Second);
        let minutes = self.set(Field::Minute);
        let hours = self.set(Field::Hour);
        let days_of_month = self.set(Field::DayOfMonth);
        let months = self.set(Field::Month);
        let days_of_week = self.set(Field::DayOfWeek);
        let years = self.set(Field::Year);
        let offset = i64::from(self.lastday_offset);

        let mut cl = LenientCalendar::at(after_time);
        for _ in 0..MAX_SEARCH_STEPS {
            if cl.year() > i64::from(LAST_YEAR) {
                return None;
            }

            // Second.
            let mut sec = cl.second();
            let mut min = cl.minute();
            match ceiling(seconds, sec) {
                Some(s) => sec = s,
                None => {
                    sec = first(seconds)?;
                    min += 1;
                    cl.minute = min;
                }
            }
            cl.second = sec;

            // Minute.
            min = cl.minute();
            let mut hr = cl.hour();
            let mut t = -1;
            match ceiling(minutes, min) {
                Some(m) => {
                    t = min;
                    min = m;
                }
                None => {
                    min = first(minutes)?;
                    hr += 1;
                }
            }
            if min != t {
                (cl.second, cl.minute, cl.hour) = (0, min, hr);
                continue;
            }
            cl.minute = min;

            // Hour.
            hr = cl.hour();
            let mut day = cl.day();
            t = -1;
            match ceiling(hours, hr) {
                Some(h) => {
                    t = hr;
                    hr = h;
                }
                None => {
                    hr = first(hours)?;
                    day += 1;
                }
            }
            if hr != t {
                (cl.second, cl.minute, cl.day, cl.hour) = (0, 0, day, hr);
                continue;
            }
            cl.hour = hr;

            // Day, by day of month or by day of week.
            day = cl.day();
            let mut mon = cl.month();
            t = -1;
            let mut tmon = mon;
            let time = (hr, min, sec);
            if self.uses_day_of_month() && !self.uses_day_of_week() {
                if self.lastday_of_month {
                    t = day;
                    let year = cl.year();
                    day = last_day(mon, year) - offset;
                    if !self.nearest_weekday {
                        if t > day {
                            mon += 1;
                            if mon > 12 {
                                mon = 1;
                                tmon = 3333; // make sure the `mon != tmon` test below fires
                                cl.add_year();
                            }
                            day = 1;
                        }
                    } else {
                        let (weekday, fire) = nearest_weekday(year, mon, day, time);
                        day = weekday;
                        if fire < after_time {
                            day = 1;
                            mon += 1;
                        }
                    }
                } else if self.nearest_weekday {
                    t = day;
                    let (weekday, fire) =
                        nearest_weekday(cl.year(), mon, first(days_of_month)?, time);
                    day = weekday;
                    if fire < after_time {
                        day = first(days_of_month)?;
                        mon += 1;
                    }
                } else if let Some(d) = ceiling(days_of_month, day) {
                    t = day;
                    day = d;
                    // Do not run past the end of a short month.
                    if day > last_day(mon, cl.year()) {
                        day = first(days_of_month)?;
                        mon += 1;
                    }
                } else {
                    day = first(days_of_month)?;
                    mon += 1;
                }
                if day != t || mon != tmon {
                    cl = LenientCalendar::date(cl.year, mon, day);
                    continue;
                }
            } else if self.uses_day_of_week() && !self.uses_day_of_month() {
                let current = cl.day_of_week();
                if self.lastday_of_week {
                    let dow = first(days_of_week)?;
                    let mut days_to_add = days_until(current, dow);
                    let last = last_day(mon, cl.year());
                    if day + days_to_add > last {
                        // Already past the last one this month.
                        cl = LenientCalendar::date(cl.year, mon + 1, 1);
                        continue;
                    }
                    while day + days_to_add + 7 <= last {
                        days_to_add += 7;
                    }
                    day += days_to_add;
                    if days_to_add > 0 {
                        cl = LenientCalendar::date(cl.year, mon, day);
                        continue;
                    }
                } else if self.nthday_of_week != 0 {
                    let dow = first(days_of_week)?;
                    let shift = days_until(current, dow);
                    day += shift;
                    let mut week_of_month = day / 7;
                    if day % 7 > 0 {
                        week_of_month += 1;
                    }
                    let days_to_add = (i64::from(self.nthday_of_week) - week_of_month) * 7;
                    day += days_to_add;
                    if days_to_add < 0 || day > last_day(mon, cl.year()) {
                        cl = LenientCalendar::date(cl.year, mon + 1, 1);
                        continue;
                    } else if days_to_add > 0 || shift > 0 {
                        cl = LenientCalendar::date(cl.year, mon, day);
                        continue;
                    }
                } else {
                    let dow = ceiling(days_of_week, current).or_else(|| first(days_of_week))?;
                    let days_to_add = days_until(current, dow);
                    let last = last_day(mon, cl.year());
                    if day + days_to_add > last {
                        cl = LenientCalendar::date(cl.year, mon + 1, 1);
                        continue;
                    } else if days_to_add > 0 {
                        cl = LenientCalendar::date(cl.year, mon, day + days_to_add);
                        continue;
                    }
                }
            } else {
                return None;
            }
            cl.day = day;

            // Month.
            mon = cl.month();
            let mut year = cl.year();
            t = -1;
            if year > i64::from(LAST_YEAR) {
                return None;
            }
            match ceiling(months, mon) {
                Some(m) => {
                    t = mon;
                    mon = m;
                }
                None => {
                    mon = first(months)?;
                    year += 1;
                }
            }
            if mon != t {
                cl = LenientCalendar::date(year, mon, 1);
                continue;
            }
            cl.month = mon;

            // Year.
            year = cl.year();
            let wanted = ceiling(years, year)?;
            if wanted != year {
                cl = LenientCalendar::date(wanted, 1, 1);
                continue;
            }

            let fire = cl.epoch_seconds();
            return (fire >= after_time && fire <= latest).then(|| DateTime::from_unix(fire));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference instant of the project's examples: Wednesday 2026-11-25, 10:00 UTC.
    const AFTER: &str = "2026-11-25T10:00:00Z";

    fn at(text: &str) -> DateTime {
        DateTime::parse_rfc3339(text).unwrap_or_else(|| panic!("bad test time {text}"))
    }

    fn ok(expr: &str) -> ParsedCron<ElasticsearchCron> {
        parse(expr).unwrap_or_else(|issue| panic!("{expr:?} should parse: {issue:?}"))
    }

    fn clean(expr: &str) -> ElasticsearchCron {
        let parsed = ok(expr);
        assert!(
            parsed.warnings.is_empty(),
            "{expr:?}: unexpected warnings {:?}",
            parsed.warnings
        );
        parsed.schedule
    }

    fn err(expr: &str) -> ValueIssue {
        match parse(expr) {
            Ok(parsed) => panic!("{expr:?} should fail, got warnings {:?}", parsed.warnings),
            Err(issue) => issue,
        }
    }

    /// The text an issue points at.
    fn pointed<'e>(expr: &'e str, issue: &ValueIssue) -> &'e str {
        &expr[issue.range.start..issue.range.end]
    }

    fn runs(expr: &str, after: &str, count: usize) -> Vec<String> {
        ok(expr)
            .schedule
            .next_runs(at(after), count)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn only_warning(expr: &str) -> ValueIssue {
        let parsed = ok(expr);
        assert_eq!(parsed.warnings.len(), 1, "{expr:?}: {:?}", parsed.warnings);
        parsed.warnings[0].clone()
    }

    // --- What Elasticsearch accepts -------------------------------------------------------------

    #[test]
    fn reference_valid_examples_parse_cleanly() {
        for expr in [
            "0 0 3 * * ?",
            "0 30 1 * * ?",
            "0 0 12 1/5 * ?",
            "0 15 10 ? * 6#3",
            "0 0 0 L * ?",
            "0 0 2 ? * MON-FRI",
            "0 0 3 * * ? 2030",
            "0 0 3 ? * *",
            "0 0 22-2 * * ?",
            "0 0 3 ? NOV-FEB MON",
            "0 0 12 LW * ?",
            "0 0 12 L-3 * ?",
            "0 0 12 L-3W * ?",
            "0 0 12 15W * ?",
            "0 0 12 ? * 6L",
            "0 0 12 ? * FRIL",
            "0 0 12 ? * FRI#3",
            "0 0 3 ? * L",
            "0/15 */7 1-5/2 ? JAN-MAR,OCT MON-FRI",
            "0 0 3 * * ? 2027-2030",
            "0 0 3 * * ? 2027/2",
            "  0  0\u{20}3 * * ?  ",
            "0 0 3 ? * SAT-MON",
        ] {
            clean(expr);
        }
    }

    #[test]
    fn names_and_specials_are_case_insensitive() {
        let lower = clean("0 0 2 ? jan-mar mon-fri");
        let upper = clean("0 0 2 ? JAN-MAR MON-FRI");
        assert_eq!(lower.rules, upper.rules);
        assert_eq!(clean("0 0 0 lw * ?").rules, clean("0 0 0 LW * ?").rules);
        // The expression is kept as written.
        assert_eq!(lower.expression(), "0 0 2 ? jan-mar mon-fri");
    }

    // --- What Elasticsearch rejects -------------------------------------------------------------

    #[test]
    fn both_day_fields_restricted_quotes_elasticsearch() {
        let expr = "0 0 3 * * *";
        let issue = err(expr);
        assert_eq!(
            issue.message,
            "Elasticsearch rejects this schedule: Support for specifying both a day-of-week AND a \
             day-of-month parameter is not implemented."
        );
        assert_eq!(pointed(expr, &issue), "* * *");
        assert!(
            issue.help.as_deref().unwrap().contains("`0 0 3 * * ?`"),
            "{issue:?}"
        );

        let issue = err("0 0 3 * * MON");
        assert!(
            issue.help.as_deref().unwrap().contains("`0 0 3 ? * MON`"),
            "{issue:?}"
        );
        let issue = err("0 0 3 15 * MON");
        let help = issue.help.unwrap();
        assert!(
            help.contains("`0 0 3 15 * ?`") && help.contains("`0 0 3 ? * MON`"),
            "{help}"
        );
    }

    #[test]
    fn question_mark_rules() {
        let expr = "0 0 3 ? * ?";
        let issue = err(expr);
        assert_eq!(
            issue.message,
            "Elasticsearch rejects this schedule: '?' can only be specified for Day-of-Month -OR- \
             Day-of-Week."
        );
        assert_eq!((issue.range.start, issue.range.end), (10, 11));
        assert!(issue.help.unwrap().contains("`0 0 3 * * ?`"));

        let expr = "0 0 ? * * ?";
        let issue = err(expr);
        assert_eq!(
            issue.message,
            "Elasticsearch rejects this schedule: '?' can only be specified for Day-of-Month or \
             Day-of-Week."
        );
        assert_eq!(pointed(expr, &issue), "?");

        let expr = "0 0 3 * * ?XY";
        assert!(
            err(expr)
                .message
                .contains("Illegal character [X] after '?'")
        );
        // `98` in day-of-week is Elasticsearch's own `?`: neither day field is then restricted.
        assert!(
            err("0 0 3 ? * 98")
                .message
                .contains("Support for specifying both")
        );
    }

    #[test]
    fn reference_invalid_examples() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "0 0 3 ? * 0",
                "Day-of-Week values must be between 1 and 7",
                "0",
            ),
            (
                "0 60 3 * * ?",
                "Minute and Second values must be between 0 and 59",
                "60",
            ),
            (
                "60 0 3 * * ?",
                "Minute and Second values must be between 0 and 59",
                "60",
            ),
            ("0 0 24 * * ?", "Hour values must be between 0 and 23", "24"),
            (
                "0 0 3 0 * ?",
                "Day of month values must be between 1 and 31",
                "0",
            ),
            (
                "0 0 3 32 * ?",
                "Day of month values must be between 1 and 31",
                "32",
            ),
            ("0 0 3 * 0 ?", "Month values must be between 1 and 12", "0"),
            (
                "0 0 3 * 1-13 ?",
                "Month values must be between 1 and 12",
                "1-13",
            ),
            (
                "0 0 3 ? * 8",
                "Day-of-Week values must be between 1 and 7",
                "8",
            ),
            (
                "0 0 3 ? * 6#6",
                "A numeric value between 1 and 5 must follow the '#' option",
                "6",
            ),
            (
                "0 0 3 ? * 6#0",
                "A numeric value between 1 and 5 must follow the '#' option",
                "0",
            ),
            (
                "0 0 3 ? * 6#",
                "A numeric value between 1 and 5 must follow the '#' option",
                "#",
            ),
            (
                "0 0 3 ? * 6#3X",
                "A numeric value between 1 and 5 must follow the '#' option",
                "3X",
            ),
            (
                "0 0 3 ? * MON#9",
                "A numeric value between 1 and 5 must follow the '#' option",
                "9",
            ),
            (
                "0 0 3 ? * 6#3,2#1",
                "Support for specifying multiple \"nth\" days",
                "6#3,2#1",
            ),
            ("0 0 3 ? * #3", "Unexpected character [#]", "#"),
            ("0 0 3 3#2 * ?", "'#' option is not valid here.", "#"),
            (
                "0 0 3 L,15 * ?",
                "'L' and 'LW' with other days of the month",
                "L,15",
            ),
            ("0 0 3 ? * 6L,2", "'L' with other days of the week", "6L,2"),
            ("0 0 3 L-31 * ?", "Offset from last day must be <= 30", "31"),
            ("0 0 3 L- * ?", "`L-` needs a number after `-`", "L-"),
            ("0 0 5L * * ?", "'L' option is not valid here.", "L"),
            (
                "0 0 3 ? * 8L",
                "Day-of-Week values must be between 1 and 7",
                "8",
            ),
            ("0 0 3 32W * ?", "The 'W' option does not make sense", "32"),
            ("0 0 3 ? * 5W", "'W' option is not valid here.", "W"),
            ("0 */60 * * * ?", "Increment [60] > 60", "60"),
            ("0 0 */24 * * ?", "Increment [24] > 24", "24"),
            ("0 0 0 */32 * ?", "Increment [32] > 31", "32"),
            ("0 0 0 ? * */8", "Increment [8] > 7", "8"),
            ("0 0 0 * /13 ?", "Increment [13] > 12", "13"),
            ("0 */5X * * * ?", "The step `5X` is not a number", "5X"),
            ("0 / * * * ?", "'/' must be followed by an integer.", "/"),
            ("0 */ * * * ?", "Unexpected end of string.", "/"),
            ("0 5/ * * * ?", "`5/` ends without a step", "/"),
            ("0 5/2X * * * ?", "Unexpected character [X] after '/'", "X"),
            ("0 5- * * * ?", "`5-` ends without a range end", "-"),
            ("0 5-X * * * ?", "The range end `X` is not a number", "X"),
            ("0 0 3 * FOO ?", "Invalid Month value [FOO]", "FOO"),
            ("0 0 3 * JA ?", "`JA` is not a valid month value", "JA"),
            (
                "0 0 3 * JAN-FE ?",
                "`JAN-FE` is not a valid month value",
                "FE",
            ),
            ("0 0 3 * JAN-3XY ?", "Invalid Month value [3XY]", "3XY"),
            ("0 0 3 ? * FOO", "Invalid Day-of-Week value [FOO]", "FOO"),
            ("0 0 ABC * * ?", "Illegal characters [ABC]", "ABC"),
            ("0 0 3 1-FEB * ?", "The range end `F` is not a number", "F"),
            (
                "0 0 3 * * ? 2030-2020",
                "Start year must be less than stop year",
                "2030-2020",
            ),
            (
                "0 0 99999999999 * * ?",
                "The number `99999999999` is too large",
                "99999999999",
            ),
            ("0 0 3 , * ?", "The day-of-month field has no value", ","),
            ("0 0 3 é * ?", "Unexpected character [É]", "é"),
        ];
        for &(expr, text, at) in cases {
            let issue = err(expr);
            assert!(
                issue
                    .message
                    .starts_with("Elasticsearch rejects this schedule: "),
                "{expr:?}: {}",
                issue.message
            );
            assert!(issue.message.contains(text), "{expr:?}: {}", issue.message);
            assert_eq!(pointed(expr, &issue), at, "{expr:?}: {issue:?}");
        }
    }

    #[test]
    fn helpful_hints_on_common_mistakes() {
        let help = err("0 0 3 ? * 0").help.unwrap();
        assert!(help.contains("for Sunday write 1 or SUN"), "{help}");
        let help = err("0 */60 * * * ?").help.unwrap();
        assert!(help.contains("59"), "{help}");
    }

    #[test]
    fn kubernetes_cron_gets_its_elasticsearch_equivalent() {
        let cases = [
            ("0 3 * * *", "0 0 3 * * ?"),
            ("30 2 * * 1-5", "0 30 2 ? * 2-6"),
            ("0 0 * * 0", "0 0 0 ? * 1"),
            ("0 0 * * 0,6", "0 0 0 ? * 1,7"),
            ("0 0 * * sun", "0 0 0 ? * sun"),
            ("0 0 1,15 * *", "0 0 0 1,15 * ?"),
            ("*/15 * * * *", "0 */15 * * * ?"),
            ("0 4 ? * *", "0 0 4 * * ?"),
            ("0 0 * * */2", "0 0 0 ? * */2"),
        ];
        for (kubernetes, elasticsearch) in cases {
            let issue = err(kubernetes);
            assert!(
                issue.message.contains("Unexpected end of expression"),
                "{issue:?}"
            );
            assert!(issue.message.contains("Kubernetes"), "{issue:?}");
            assert_eq!((issue.range.start, issue.range.end), (0, kubernetes.len()));
            let help = issue.help.unwrap();
            assert!(
                help.contains(&format!("`{elasticsearch}`")),
                "{kubernetes}: {help}"
            );
            clean(elasticsearch);
        }
        // Kubernetes ORs the two day fields; Elasticsearch cannot.
        let help = err("0 0 13 * 5").help.unwrap();
        assert!(help.contains("either day field"), "{help}");
        // No clean equivalent (`*/60` is fine in Kubernetes, refused by Elasticsearch).
        let help = err("*/60 * * * *").help.unwrap();
        assert!(help.contains("`0 0 3 * * ?`"), "{help}");
    }

    #[test]
    fn shorthands_and_time_zone_prefixes() {
        for (shorthand, cron) in [
            ("@daily", "0 0 0 * * ?"),
            ("@midnight", "0 0 0 * * ?"),
            ("@hourly", "0 0 * * * ?"),
            ("@weekly", "0 0 0 ? * SUN"),
            ("@monthly", "0 0 0 1 * ?"),
            ("@yearly", "0 0 0 1 1 ?"),
            ("@annually", "0 0 0 1 1 ?"),
        ] {
            let issue = err(shorthand);
            assert!(
                issue.message.contains("Unexpected character [@]"),
                "{issue:?}"
            );
            assert_eq!((issue.range.start, issue.range.end), (0, shorthand.len()));
            assert!(issue.help.unwrap().contains(&format!("`{cron}`")));
            clean(cron);
        }
        let issue = err("@every 1h");
        assert_eq!(issue.range.end, "@every 1h".len());
        assert!(issue.help.unwrap().contains("6-field"));

        let expr = "CRON_TZ=UTC 0 3 * * *";
        let issue = err(expr);
        assert_eq!(pointed(expr, &issue), "CRON_TZ=UTC");
        assert!(
            issue.message.contains("illegal characters [CRO]"),
            "{issue:?}"
        );
        let help = issue.help.unwrap();
        assert!(
            help.contains("UTC") && help.contains("`0 0 3 * * ?`"),
            "{help}"
        );
    }

    #[test]
    fn too_few_fields_and_empty_input() {
        let issue = err("0 0 3");
        assert!(issue.message.contains("Unexpected end of expression"));
        assert!(issue.message.contains("3 fields"));
        assert_eq!((issue.range.start, issue.range.end), (5, 5));
        for expr in ["", "   ", "\u{a0}"] {
            let issue = err(expr);
            assert!(
                issue
                    .message
                    .starts_with("Elasticsearch rejects this schedule"),
                "{issue:?}"
            );
            assert!(issue.range.start <= expr.len() && issue.range.end <= expr.len());
        }
    }

    // --- Our errors: accepted by Elasticsearch, but never run or run wrongly --------------------

    fn refused(expr: &str) -> ValueIssue {
        let issue = err(expr);
        assert!(
            !issue.message.starts_with("Elasticsearch rejects"),
            "{expr:?} should be refused by us, not by Elasticsearch: {}",
            issue.message
        );
        issue
    }

    #[test]
    fn tokens_after_the_year_are_refused() {
        let expr = "0 0 3 * * ? 2030 extra tokens";
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), "extra tokens");
        assert!(issue.message.contains("would accept"), "{issue:?}");
        assert!(issue.message.contains("ignores everything after the year"));
    }

    #[test]
    fn internal_markers_are_refused() {
        let expr = "0 0 99 * * ?";
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), "99");
        assert!(issue.message.contains("marker for `*`"), "{issue:?}");
        assert!(issue.message.contains("every hour"), "{issue:?}");

        let expr = "0 0 3 98 * MON";
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), "98");
        assert!(issue.message.contains("marker for `?`"), "{issue:?}");

        for expr in [
            "99 0 3 * * ?",
            "0 0 3 * 99 ?",
            "0 0 3 ? * 99",
            "0 0 3 * * ? 99",
            "0 0 99-5 * * ?",
        ] {
            assert!(refused(expr).message.contains("marker"), "{expr}");
        }
        let expr = "0 0 3 ? * 99#2";
        assert_eq!(pointed(expr, &refused(expr)), "99");
    }

    #[test]
    fn explicit_years_outside_1970_to_2099_are_refused() {
        for (expr, year) in [
            ("0 0 3 * * ? 1900", "1900"),
            ("0 0 3 * * ? 2200", "2200"),
            ("0 0 3 * * ? 2030,1969", "1969"),
            ("0 0 3 * * ? 2090-2100", "2100"),
            ("0 0 3 * * ? 5", "5"),
            ("0 0 3 * * ? 98", "98"),
            ("0 0 3 * * ? 1969/10", "1969"),
        ] {
            let issue = refused(expr);
            assert_eq!(pointed(expr, &issue), year, "{expr}");
            assert!(issue.message.contains("outside 1970-2099"), "{issue:?}");
            assert!(issue.message.contains("would accept"), "{issue:?}");
        }
        clean("0 0 3 * * ? 1970");
        clean("0 0 3 * * ? 2099");
    }

    #[test]
    fn weekdays_outside_one_to_seven_after_hash_are_refused() {
        let expr = "0 0 3 ? * 0#3";
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), "0#3");
        assert!(issue.help.unwrap().contains("SUN#n"));
        assert_eq!(pointed("0 0 3 ? * 8#2", &refused("0 0 3 ? * 8#2")), "8#2");
    }

    #[test]
    fn steps_that_overflow_java_int_are_refused() {
        let expr = "5/2147483647 * * * * ?";
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), "5/2147483647");
        assert!(issue.message.contains("overflow a Java int"), "{issue:?}");
        refused("0 0 3 * * ? 2000/2147483000");
        // A huge step that does not overflow just leaves the start value.
        let warning = only_warning("0/2147483647 0 3 * * ?");
        assert!(warning.message.contains("selects only 0"), "{warning:?}");
    }

    #[test]
    fn non_ascii_text_is_refused_even_when_elasticsearch_reads_it() {
        // `ſ` upper-cases to `S`, so Elasticsearch reads `ſun` as SUN.
        let expr = "0 0 3 ? * ſun";
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), "ſ");
        assert!(issue.message.contains("U+017F"), "{issue:?}");
        // Java's parseInt reads any Unicode digit: `6#٣` is the third Friday to Elasticsearch.
        let expr = "0 0 3 ? * 6#٣";
        assert_eq!(pointed(expr, &refused(expr)), "٣");
        // Skipped text after a number is read past, but still refused.
        let expr = "0 0 3é * * ?";
        assert_eq!(pointed(expr, &refused(expr)), "é");
    }

    #[test]
    fn characters_that_break_the_json_request_are_refused() {
        for (expr, bad) in [
            ("0 0 3 * * \"?\"", "\""),
            ("0 0 3 * * \\?", "\\"),
            ("0 0 3\t* * ?", "\t"),
            ("0 0 3 * * ?\n", "\n"),
            ("0 0 3 * * ?\u{0}", "\u{0}"),
            ("0 0 3 * * ?\u{7f}", "\u{7f}"),
        ] {
            let issue = refused(expr);
            assert_eq!(pointed(expr, &issue), bad, "{expr:?}");
            assert!(issue.message.contains("JSON"), "{issue:?}");
        }
    }

    // --- Warnings: accepted by skipping or reinterpreting input ---------------------------------

    #[test]
    fn skipped_text_is_a_warning_that_says_what_runs() {
        let cases = [
            ("0 0 3PM * * ?", "reads `3PM` as `3` and ignores `PM`", "PM"),
            (
                "0 0 3 ? * MONDAY",
                "reads `MONDAY` as `MON` and ignores `DAY`",
                "DAY",
            ),
            (
                "0 0 3 ? * monday",
                "reads `monday` as `mon` and ignores `day`",
                "day",
            ),
            ("0 *X 3 * * ?", "reads `*X` as `*` and ignores `X`", "X"),
            (
                "0 0 3 ? * MON-FRI/2",
                "reads `MON-FRI/2` as `MON-FRI` and ignores `/2`",
                "/2",
            ),
            (
                "0 0 3 * JANUARY ?",
                "reads `JANUARY` as `JAN` and ignores `UARY`",
                "UARY",
            ),
            ("0 0 3 * * ?X", "reads `?X` as `?` and ignores `X`", "X"),
            (
                "0 0 1-5X * * ?",
                "reads `1-5X` as `1-5` and ignores `X`",
                "X",
            ),
            (
                "0 0 1-5/2X * * ?",
                "reads `1-5/2X` as `1-5/2` and ignores `X`",
                "X",
            ),
            (
                "0 5/23X * * * ?",
                "reads `5/23X` as `5/23` and ignores `X`",
                "X",
            ),
            (
                "0 0 3 ? * 1-3#2",
                "reads `1-3#2` as `1-3` and ignores `#2`",
                "#2",
            ),
            ("0 0 3 ? * 6LX", "reads `6LX` as `6L` and ignores `X`", "X"),
            (
                "0 0 3 15WX * ?",
                "reads `15WX` as `15W` and ignores `X`",
                "X",
            ),
            ("0 0 3 ? * L-3", "reads `L-3` as `L` and ignores `-3`", "-3"),
        ];
        for (expr, text, at) in cases {
            let warning = only_warning(expr);
            assert!(
                warning.message.contains(text),
                "{expr}: {}",
                warning.message
            );
            assert_eq!(pointed(expr, &warning), at, "{expr}");
        }
        let warning = only_warning("0 0 3PM * * ?");
        assert!(warning.help.unwrap().contains("`15`"));
        assert!(only_warning("0 0 3 ? * L-3").message.contains("Saturday"));
    }

    #[test]
    fn empty_list_items_are_warnings() {
        let expr = "0 0 1,,15 * * ?";
        let warning = only_warning(expr);
        assert!(warning.message.contains("Empty item"), "{warning:?}");
        assert_eq!((warning.range.start, warning.range.end), (6, 7));
        assert_eq!(ok(expr).schedule.rules, clean("0 0 1,15 * * ?").rules);
        assert_eq!(ok("0 ,5, 3 * * ?").warnings.len(), 2);
    }

    #[test]
    fn uncapped_steps_after_a_number_select_only_the_start() {
        for (expr, item, value) in [
            ("0 0/60 * * * ?", "0/60", "0"),
            ("0 5/90 * * * ?", "5/90", "5"),
            ("0 0 0 ? * 1/8", "1/8", "1"),
            ("0 0 0 1 7/6 ?", "7/6", "7"),
            ("0 0/0 * * * ?", "0/0", "0"),
            ("0 0 0 ? * */7", "*/7", "1"),
        ] {
            let warning = only_warning(expr);
            assert_eq!(pointed(expr, &warning), item, "{expr}");
            assert!(
                warning.message.contains(&format!("selects only {value}")),
                "{warning:?}"
            );
        }
        assert_eq!(
            runs("0 0/60 * * * ?", AFTER, 2),
            ["2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z"]
        );
        assert_eq!(
            runs("0 0 0 1 7/6 ?", AFTER, 2),
            ["2027-07-01T00:00:00Z", "2028-07-01T00:00:00Z"]
        );
    }

    #[test]
    fn non_positive_steps_after_a_star_are_dropped() {
        for expr in ["0 */0 * * * ?", "0 */-5 * * * ?", "0 /0 * * * ?"] {
            let warning = only_warning(expr);
            assert!(warning.message.contains("as `*`"), "{warning:?}");
            assert_eq!(ok(expr).schedule.rules.set(Field::Minute).len(), 61);
        }
    }

    #[test]
    fn w_and_hash_in_lists_say_which_day_really_counts() {
        let warning = only_warning("0 0 0 1W,15 * ?");
        assert!(warning.message.contains("smallest day, 1"), "{warning:?}");
        assert!(warning.message.contains("nearest the 1st"), "{warning:?}");
        // Order does not matter: the smallest day wins, even without the `W` on it.
        assert!(
            only_warning("0 0 0 15W,1 * ?")
                .message
                .contains("nearest the 1st")
        );

        let warning = only_warning("0 0 0 ? * 5#2,3");
        assert!(warning.message.contains("2nd Tuesday"), "{warning:?}");
        assert_eq!(
            runs("0 0 0 ? * 5#2,3", AFTER, 2),
            ["2026-12-08T00:00:00Z", "2027-01-12T00:00:00Z"]
        );
        assert_eq!(
            runs("0 0 0 1W,15 * ?", AFTER, 2),
            ["2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"]
        );
    }

    #[test]
    fn other_quirks_are_warnings() {
        let warning = only_warning("0 0 3 5-0 * ?");
        assert!(warning.message.contains("reads it as 5-31"), "{warning:?}");
        let warning = only_warning("0 0 3 L-W * ?");
        assert!(warning.message.contains("as `LW`"), "{warning:?}");
        assert_eq!(
            ok("0 0 3 L-W * ?").schedule.rules,
            clean("0 0 3 LW * ?").rules
        );

        let expr = "0 0 3 ?,5 * MON";
        let warning = only_warning(expr);
        assert!(warning.message.contains("mixes `?`"), "{warning:?}");
        assert_eq!(pointed(expr, &warning), "?,5");
    }

    // --- Accepted but never fires ---------------------------------------------------------------

    #[test]
    fn schedules_that_never_fire_parse_and_have_no_next_run() {
        for expr in [
            "0 0 0 30 2 ?",
            "0 0 0 31 4 ?",
            "0 0 0 29 2 ? 2027",
            "0 0 3 * * ? 2025",
            "0 0 3 * * ? 1970-2000",
            "0 0 0 ? 2 1#5 2027-2031",
        ] {
            assert_eq!(clean(expr).next_after(at(AFTER)), None, "{expr}");
        }
        // Never fires because of one item, which also gets a warning.
        for expr in [
            "L 0 3 * * ?",
            "0 LW 3 * * ?",
            "0 0 3 0W * ?",
            "0 0 3 ? * ,",
            "0 0 3 * L ?",
        ] {
            let parsed = ok(expr);
            assert!(!parsed.warnings.is_empty(), "{expr}");
            assert_eq!(parsed.schedule.next_after(at(AFTER)), None, "{expr}");
        }
        let warnings = ok("L 0 3 * * ?").warnings;
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains("`L` means nothing")),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().any(|w| w.message.contains("never runs")),
            "{warnings:?}"
        );
        assert!(only_warning("0 0 3 0W * ?").message.contains("never runs"));
    }

    // --- Next fire times (checked against Elasticsearch's Cron.java) ----------------------------

    #[test]
    fn default_schedule() {
        assert_eq!(
            runs("0 0 3 * * ?", AFTER, 3),
            [
                "2026-11-26T03:00:00Z",
                "2026-11-27T03:00:00Z",
                "2026-11-28T03:00:00Z"
            ]
        );
        // Strictly after: a run exactly at `after` is not returned.
        assert_eq!(
            runs("0 0 3 * * ?", "2026-11-26T03:00:00Z", 1),
            ["2026-11-27T03:00:00Z"]
        );
        assert_eq!(
            runs("0 0 3 * * ?", "2026-11-26T02:59:59Z", 1),
            ["2026-11-26T03:00:00Z"]
        );
    }

    #[test]
    fn last_day_of_month() {
        assert_eq!(
            runs("0 0 12 L * ?", AFTER, 3),
            [
                "2026-11-30T12:00:00Z",
                "2026-12-31T12:00:00Z",
                "2027-01-31T12:00:00Z"
            ]
        );
        assert_eq!(
            runs("0 0 12 L-3 * ?", AFTER, 4),
            [
                "2026-11-27T12:00:00Z",
                "2026-12-28T12:00:00Z",
                "2027-01-28T12:00:00Z",
                "2027-02-25T12:00:00Z"
            ]
        );
        assert_eq!(
            runs("0 0 0 L 2 ?", AFTER, 2),
            ["2027-02-28T00:00:00Z", "2028-02-29T00:00:00Z"]
        );
    }

    #[test]
    fn last_weekday_and_nearest_weekday() {
        assert_eq!(
            runs("0 0 12 LW * ?", AFTER, 4),
            [
                "2026-11-30T12:00:00Z",
                "2026-12-31T12:00:00Z",
                "2027-01-29T12:00:00Z",
                "2027-02-26T12:00:00Z"
            ]
        );
        // 15 Nov 2026 has passed; 15 May 2027 is a Saturday (the Friday wins).
        assert_eq!(
            runs("0 0 12 15W * ?", AFTER, 3),
            [
                "2026-12-15T12:00:00Z",
                "2027-01-15T12:00:00Z",
                "2027-02-15T12:00:00Z"
            ]
        );
        assert_eq!(runs("0 0 12 15W 5 ?", AFTER, 1), ["2027-05-14T12:00:00Z"]);
        // 1 May 2027 is a Saturday: `1W` does not jump back into April, it moves to Monday 3rd.
        assert_eq!(runs("0 0 12 1W 5 ?", AFTER, 1), ["2027-05-03T12:00:00Z"]);
        // 30 April 2028 is a Sunday: back to Friday 28th, not forward into May.
        assert_eq!(
            runs("0 0 0 30W 4 ?", AFTER, 2),
            ["2027-04-30T00:00:00Z", "2028-04-28T00:00:00Z"]
        );
        assert_eq!(
            runs("0 0 12 L-3W * ?", AFTER, 3),
            [
                "2026-11-27T12:00:00Z",
                "2026-12-28T12:00:00Z",
                "2027-01-28T12:00:00Z"
            ]
        );
    }

    #[test]
    fn nearest_weekday_past_the_end_of_a_short_month_follows_java() {
        // Java's lenient calendar turns 31 April into 1 May; when that is a Saturday the
        // schedule fires on Friday 30 April, and June 2027 (31 June = Thursday 1 July) is skipped.
        assert_eq!(
            runs("0 0 12 31W * ?", "2027-03-25T10:00:00Z", 4),
            [
                "2027-03-31T12:00:00Z",
                "2027-04-30T12:00:00Z",
                "2027-05-31T12:00:00Z",
                "2027-07-30T12:00:00Z"
            ]
        );
    }

    #[test]
    fn nth_and_last_weekday_of_month() {
        assert_eq!(
            runs("0 0 12 ? * 6#3", AFTER, 3),
            [
                "2026-12-18T12:00:00Z",
                "2027-01-15T12:00:00Z",
                "2027-02-19T12:00:00Z"
            ]
        );
        assert_eq!(
            runs("0 15 10 ? * FRI#3", AFTER, 1),
            ["2026-12-18T10:15:00Z"]
        );
        assert_eq!(
            runs("0 0 12 ? * 6L", AFTER, 3),
            [
                "2026-11-27T12:00:00Z",
                "2026-12-25T12:00:00Z",
                "2027-01-29T12:00:00Z"
            ]
        );
        // Fifth Monday: only months that have one.
        assert_eq!(
            runs("0 0 12 ? * 2#5", AFTER, 3),
            [
                "2026-11-30T12:00:00Z",
                "2027-03-29T12:00:00Z",
                "2027-05-31T12:00:00Z"
            ]
        );
        assert_eq!(
            runs("0 0 0 ? 2 1#5", AFTER, 2),
            ["2032-02-29T00:00:00Z", "2060-02-29T00:00:00Z"]
        );
        // `L` alone in day-of-week is Saturday.
        assert_eq!(
            runs("0 0 3 ? * L", AFTER, 2),
            ["2026-11-28T03:00:00Z", "2026-12-05T03:00:00Z"]
        );
    }

    #[test]
    fn wrap_around_ranges() {
        assert_eq!(
            runs("0 0 22-2 * * ?", AFTER, 6),
            [
                "2026-11-25T22:00:00Z",
                "2026-11-25T23:00:00Z",
                "2026-11-26T00:00:00Z",
                "2026-11-26T01:00:00Z",
                "2026-11-26T02:00:00Z",
                "2026-11-26T22:00:00Z"
            ]
        );
        assert_eq!(
            runs("0 0 3 ? NOV-FEB MON", "2027-02-25T10:00:00Z", 2),
            ["2027-11-01T03:00:00Z", "2027-11-08T03:00:00Z"]
        );
        assert_eq!(
            runs("0 0 0 ? * SAT-MON", AFTER, 4),
            [
                "2026-11-28T00:00:00Z",
                "2026-11-29T00:00:00Z",
                "2026-11-30T00:00:00Z",
                "2026-12-05T00:00:00Z"
            ]
        );
    }

    #[test]
    fn year_field_and_search_bounds() {
        assert_eq!(
            runs("0 0 3 * * ? 2030", AFTER, 2),
            ["2030-01-01T03:00:00Z", "2030-01-02T03:00:00Z"]
        );
        assert_eq!(
            runs("0 0 0 29 2 ?", AFTER, 2),
            ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]
        );
        // Before 1970 the search starts at the epoch; after 2099 it gives up.
        assert_eq!(
            runs("0 0 3 * * ?", "1900-01-01T00:00:00Z", 1),
            ["1970-01-01T03:00:00Z"]
        );
        assert_eq!(
            runs("0 0 3 * * ?", "2099-12-31T03:00:00Z", 1),
            Vec::<String>::new()
        );
        assert_eq!(
            runs("0 0 3 * * ?", "2150-01-01T00:00:00Z", 1),
            Vec::<String>::new()
        );
        let schedule = clean("0 0 12 31 12 ?");
        assert_eq!(schedule.next_runs(at("2097-01-01T00:00:00Z"), 10).len(), 3);
    }

    #[test]
    fn seconds_minutes_and_steps() {
        assert_eq!(
            runs("*/20 * * * * ?", "2026-11-25T10:00:59Z", 3),
            [
                "2026-11-25T10:01:00Z",
                "2026-11-25T10:01:20Z",
                "2026-11-25T10:01:40Z"
            ]
        );
        assert_eq!(
            runs("0 0 12 1/5 * ?", AFTER, 3),
            [
                "2026-11-26T12:00:00Z",
                "2026-12-01T12:00:00Z",
                "2026-12-06T12:00:00Z"
            ]
        );
        assert_eq!(
            runs("0 0 2 ? * MON-FRI", "2026-11-27T10:00:00Z", 2),
            ["2026-11-30T02:00:00Z", "2026-12-01T02:00:00Z"]
        );
    }

    #[test]
    fn a_search_java_never_finishes_gives_none() {
        // `L-30W` sends Java's search back and forth between February and March forever.
        assert_eq!(
            runs("0 0 12 L-30W * ?", AFTER, 3),
            ["2026-12-01T12:00:00Z", "2027-01-01T12:00:00Z"]
        );
    }

    // --- Robustness -----------------------------------------------------------------------------

    #[test]
    fn hostile_input_never_panics_and_ranges_stay_on_char_boundaries() {
        let long_digits = "9".repeat(5000);
        let long_commas = format!("0 0 3 {} * ?", ",".repeat(5000));
        let many_fields = "0 ".repeat(2000);
        let hostile: Vec<String> = [
            "",
            " ",
            "\t",
            "?",
            "*",
            "#",
            "/",
            "-",
            ",",
            "L",
            "W",
            "LW",
            "L-",
            "L-W",
            "#3",
            "6#",
            "0 0 3 ? * #",
            "0 0 3 ? * 6#",
            "0 0 3 ? * 6##3",
            "0 0 3 ? * 6#-1",
            "0 0 3 ? * 6#+3",
            "0 0 3 ? * MON#",
            "0 0 3 ? * MO",
            "0 0 3 ? * MON-",
            "0 0 3 ? * MON-TU",
            "0 0 3 * J ?",
            "0 0 3 L-99999999999 * ?",
            "0 0 3 ? * 6L-",
            "0 0 3 W * ?",
            "0 0 3 LX * ?",
            "0 0 3 * * ? -1",
            "0 0 3 * * ? +1",
            "*/2147483648 * * * * ?",
            "0-2147483647 * * * * ?",
            "0 0 3 * * ? 1970-2147483647",
            "0 0 3 * * ? 0/1",
            "0 0 3 * * ? */1000000000",
            "٣ ٣ ٣ * * ?",
            "０ ０ ３ * * ?",
            "ß ß ß ß ß ß",
            "😀 😀 😀 😀 😀 😀",
            "0 0 3 ? * 😀",
            "0 0 3 ? * 6#😀",
            "0 0 3 1-😀 * ?",
            "0 0 3 ?😀 * ?",
            "ǅ ǆ ŉ ﬀ ﬆ ı",
            "ſ ſ ſ ſ ſ ſ",
            "\u{0} \u{0}",
            "\u{feff}0 0 3 * * ?",
            "0\u{a0}0 3 * * ? x",
            "0 0 3 * * ? 2030 \u{200b}",
            "@",
            "@daily extra",
            "@ÿ",
            "TZ=",
            "CRON_TZ=",
            "tz=x 1 2 3",
            "0 0 3 ? * ?X",
            "0 0 3 ?? * MON",
            "0 0 3 * * ?,?",
            "0 0 3 ?,* * ?",
            "0 0 3 98-5 * ?",
            "0 0 3 * * ? 98",
            "0 0 3 ? * 98",
            "0 0 3 ? * 0-0",
            "0 0 3 ? * 7-0",
            "99-99 * * * * ?",
            "0 0 0 0W * ?",
            "0 0 0 ? * 0#1",
            "1-0/0 * * * * ?",
            "0 0 0 31W 2 ?",
            "0 0 0 L-30W 2 ?",
        ]
        .iter()
        .map(ToString::to_string)
        .chain([long_digits, long_commas, many_fields])
        .collect();
        for expr in &hostile {
            let issues = match parse(expr) {
                Ok(parsed) => {
                    // A next-run search on whatever was accepted must end, too.
                    let _ = parsed.schedule.next_runs(at(AFTER), 3);
                    parsed.warnings
                }
                Err(issue) => vec![issue],
            };
            for issue in issues {
                assert!(
                    issue.range.start <= issue.range.end && issue.range.end <= expr.len(),
                    "{expr:?}: {issue:?}"
                );
                assert!(
                    expr.is_char_boundary(issue.range.start)
                        && expr.is_char_boundary(issue.range.end),
                    "{expr:?}: {issue:?}"
                );
                assert!(!issue.message.is_empty());
            }
        }
    }

    #[test]
    fn byte_ranges_refer_to_the_original_text() {
        // `ß` upper-cases to two letters; positions after it must still point into the original.
        let expr = "0 0 ß * * ?";
        let issue = err(expr);
        assert_eq!(pointed(expr, &issue), "ß");
        let expr = "0 0 3 ? * mondaß";
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), "ß");
    }

    #[test]
    fn next_runs_stops_when_the_schedule_does() {
        let schedule = clean("0 0 3 * * ? 2030");
        assert_eq!(schedule.next_runs(at("2030-12-30T12:00:00Z"), 5).len(), 1);
        assert!(schedule.next_runs(at(AFTER), 0).is_empty());
    }

    #[test]
    fn java_number_parsing() {
        assert_eq!(java_parse_int("+5".chars()), Some(5));
        assert_eq!(java_parse_int("-2147483648".chars()), Some(i32::MIN));
        assert_eq!(java_parse_int("2147483648".chars()), None);
        assert_eq!(java_parse_int("٣".chars()), Some(3));
        assert_eq!(java_parse_int("+".chars()), None);
        assert_eq!(java_parse_int("".chars()), None);
        assert_eq!(java_parse_int("0000000000000000000007".chars()), Some(7));
        assert_eq!(java_digit('\u{FF19}'), Some(9));
        assert_eq!(java_digit('\u{1D7CE}'), None);
    }
}
