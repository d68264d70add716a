//! Kubernetes CronJob `spec.schedule`, parsed exactly as the API server parses it.
//!
//! The API server (`kubernetes/kubernetes:pkg/apis/batch/validation/validation.go`) requires a
//! non-empty schedule, hands it to robfig/cron v3.0.1 `ParseStandard`, and refuses any schedule
//! that contains `TZ`. This module reproduces that parser step by step, with its own error
//! texts, so that what stsbackup accepts is exactly what `kubectl apply` accepts. robfig also
//! accepts some input by accident (stray commas, `*-5`, `+5`, steps wider than the field, …):
//! those schedules are accepted here too, and each oddity comes back as a warning that says
//! what Kubernetes really does with it.
//!
//! Next-run times follow robfig's `SpecSchedule.Next` in UTC: minute resolution (the standard
//! parser pins seconds to 0), the day-of-month/day-of-week AND/OR rule, and the five-year
//! horizon after which robfig gives up.

use std::cell::Cell;

use crate::calendar::{self, DateTime};
use crate::cron::ParsedCron;
use crate::issue::ValueIssue;

/// robfig's `starBit`: the field was written with `*` or `?` (and no step above 1). It decides
/// whether the two day fields are combined with AND or with OR.
const STAR_BIT: u64 = 1 << 63;

/// Every error message starts with this; what follows is the API server's own text.
const REJECTS: &str = "Kubernetes rejects this schedule: ";

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Month names; the value of a name is its index + 1.
const MONTH_NAMES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Day-of-week names; the value of a name is its index (Sunday = 0).
const DOW_NAMES: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// The descriptors robfig's `parseDescriptor` knows, besides `@every`.
const DESCRIPTORS: [&str; 7] = [
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
];

const FIVE_FIELDS_HELP: &str = "a Kubernetes schedule has five fields: minute, hour, day of \
     month, month and day of week; `0 3 * * *` runs at 03:00 every day";

thread_local! {
    /// Set while a help text checks that its suggested fix parses (see [`fix_parses`]).
    static CHECKING_A_FIX: Cell<bool> = const { Cell::new(false) };
}

/// Whether Kubernetes accepts `fixed`, a correction a help text is about to suggest. Whether a
/// schedule is accepted never depends on its help texts, so the nested parse builds none that
/// parse again: without that, each further bad item (`7,7,7,…`, `TZ=a TZ=a …`) nested one more
/// parse, enough to overflow the stack.
fn fix_parses(fixed: &str) -> bool {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            CHECKING_A_FIX.with(|checking| checking.set(false));
        }
    }
    if CHECKING_A_FIX.with(|checking| checking.replace(true)) {
        // Inside such a check: this help text is thrown away.
        return false;
    }
    let _reset = Reset;
    parse(fixed).is_ok()
}

/// A schedule that the Kubernetes API server accepts for `CronJob.spec.schedule`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubernetesCron {
    expression: String,
    schedule: Schedule,
    never_runs: Option<ValueIssue>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Schedule {
    /// robfig's `SpecSchedule` (seconds are always 0 for `ParseStandard`).
    Fields(Fields),
    /// robfig's `ConstantDelaySchedule` from `@every`: whole seconds, at least 1.
    Every { seconds: i64 },
}

/// One bit per allowed value, as robfig stores them, plus [`STAR_BIT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fields {
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
}

/// Parses a CronJob schedule as the Kubernetes API server does (robfig/cron v3.0.1
/// `ParseStandard` plus Kubernetes' own checks).
///
/// An `Err` is a schedule the API server refuses; its message quotes the server's text. An `Ok`
/// schedule may still carry warnings: input Kubernetes accepts but almost certainly does not do
/// what its author meant.
pub fn parse(expr: &str) -> Result<ParsedCron<KubernetesCron>, ValueIssue> {
    if expr.is_empty() {
        return Err(ValueIssue::new(
            "Kubernetes rejects an empty schedule (spec.schedule: Required value)",
            0,
            0,
        )
        .with_help("write a schedule such as `0 3 * * *` (03:00 every day)"));
    }
    // robfig would first strip a `TZ=`/`CRON_TZ=` prefix (or panic on one without a space), but
    // Kubernetes refuses every schedule containing `TZ` on create, whatever robfig says.
    if let Some(at) = expr.find("TZ") {
        return Err(time_zone_issue(expr, at));
    }
    let mut warnings = Vec::new();
    let mut never_runs = None;
    let schedule = if expr.starts_with('@') {
        parse_descriptor(expr, &mut warnings)?
    } else {
        let (fields, never) = parse_fields(expr, &mut warnings)?;
        never_runs = never;
        Schedule::Fields(fields)
    };
    Ok(ParsedCron {
        schedule: KubernetesCron {
            expression: expr.to_owned(),
            schedule,
            never_runs,
        },
        warnings,
    })
}

impl KubernetesCron {
    /// The first run strictly after `after` (UTC), or None when robfig's `Next` finds none (it
    /// gives up after 5 years: a schedule such as `0 0 31 2 *` never fires).
    pub fn next_after(&self, after: DateTime) -> Option<DateTime> {
        match self.schedule {
            // robfig's ConstantDelaySchedule.Next: the delay added to the given time.
            Schedule::Every { seconds } => Some(after.plus_seconds(seconds)),
            Schedule::Fields(fields) => fields.next_after(after),
        }
    }

    /// Up to `count` runs strictly after `after`.
    pub fn next_runs(&self, after: DateTime, count: usize) -> Vec<DateTime> {
        super::consecutive_runs(after, count, |from| self.next_after(from))
    }

    /// The source text it was parsed from.
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// Why the schedule never runs, pointing at the field at fault, when it is accepted but no
    /// time ever matches it (`0 0 31 2 *`).
    pub fn never_runs(&self) -> Option<&ValueIssue> {
        self.never_runs.as_ref()
    }
}

// ---------------------------------------------------------------------------------------------
// Fields and their bounds (robfig's spec.go)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl Field {
    const ALL: [Field; 5] = [
        Field::Minute,
        Field::Hour,
        Field::DayOfMonth,
        Field::Month,
        Field::DayOfWeek,
    ];

    fn min(self) -> u64 {
        match self {
            Field::DayOfMonth | Field::Month => 1,
            _ => 0,
        }
    }

    fn max(self) -> u64 {
        match self {
            Field::Minute => 59,
            Field::Hour => 23,
            Field::DayOfMonth => 31,
            Field::Month => 12,
            Field::DayOfWeek => 6,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::DayOfMonth => "day-of-month",
            Field::Month => "month",
            Field::DayOfWeek => "day-of-week",
        }
    }

    /// What one step of the field is, for "every …".
    fn unit(self) -> &'static str {
        match self {
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::DayOfMonth | Field::DayOfWeek => "day",
            Field::Month => "month",
        }
    }

    /// The values the field takes, for help texts.
    fn takes(self) -> &'static str {
        match self {
            Field::Minute => "0–59",
            Field::Hour => "0–23",
            Field::DayOfMonth => "1–31",
            Field::Month => "1–12 or JAN–DEC",
            Field::DayOfWeek => "0–6 or SUN–SAT, with Sunday as 0",
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Month => &MONTH_NAMES,
            Field::DayOfWeek => &DOW_NAMES,
            _ => &[],
        }
    }

    /// The value of a (lower-cased) name in this field.
    fn name_value(self, lower: &str) -> Option<u64> {
        let index = self.names().iter().position(|name| *name == lower)? as u64;
        Some(if self == Field::Month {
            index + 1
        } else {
            index
        })
    }

    fn is_day(self) -> bool {
        matches!(self, Field::DayOfMonth | Field::DayOfWeek)
    }
}

/// robfig's `getBits`: the values `min..=max` in steps of `step` (≥ 1).
fn bits(min: u64, max: u64, step: u64) -> u64 {
    let mut bits = 0;
    let mut value = min;
    while value <= max {
        bits |= 1 << value;
        match value.checked_add(step) {
            Some(next) => value = next,
            None => break,
        }
    }
    bits
}

/// robfig's `all`: every value of the field, marked as written with `*`.
fn all(field: Field) -> u64 {
    bits(field.min(), field.max(), 1) | STAR_BIT
}

/// The values set in `mask` (star bit excluded), in order.
fn values(mask: u64) -> impl Iterator<Item = u64> {
    (0..63).filter(move |v| mask & (1 << v) != 0)
}

// ---------------------------------------------------------------------------------------------
// Text pieces with their byte offsets in the expression

/// A slice of the expression and where it starts, so that issues can point at it.
#[derive(Clone, Copy, Debug)]
struct Piece<'a> {
    start: usize,
    text: &'a str,
}

impl<'a> Piece<'a> {
    fn end(self) -> usize {
        self.start + self.text.len()
    }

    /// `strings.Split`: every part, empty ones included.
    fn split(self, separator: char) -> Vec<Piece<'a>> {
        let mut parts = Vec::new();
        let mut start = 0;
        for (at, _) in self.text.match_indices(separator) {
            parts.push(Piece {
                start: self.start + start,
                text: &self.text[start..at],
            });
            start = at + separator.len_utf8();
        }
        parts.push(Piece {
            start: self.start + start,
            text: &self.text[start..],
        });
        parts
    }
}

/// Go's `strings.Fields`: runs of Unicode white space separate fields. Go's `unicode.IsSpace`
/// and Rust's `char::is_whitespace` are the same set (the Unicode `White_Space` property).
fn go_fields(expr: &str) -> Vec<Piece<'_>> {
    let mut fields = Vec::new();
    let mut start = None;
    for (at, c) in expr.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                fields.push(Piece {
                    start: s,
                    text: &expr[s..at],
                });
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        fields.push(Piece {
            start: s,
            text: &expr[s..],
        });
    }
    fields
}

// ---------------------------------------------------------------------------------------------
// `TZ` and descriptors

/// Kubernetes' `cannot use TZ or CRON_TZ in schedule` (on create), with a fix when the rest of
/// the schedule is fine.
fn time_zone_issue(expr: &str, at: usize) -> ValueIssue {
    let mut message =
        format!("{REJECTS}cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    let prefix = ["CRON_TZ=", "TZ="]
        .into_iter()
        .find(|p| expr.starts_with(p));
    let Some(prefix) = prefix else {
        return ValueIssue::new(message, at, at + 2).with_help(
            "Kubernetes refuses any schedule that contains `TZ`; the chart does not set the \
             CronJob's `timeZone`, so the schedule runs in the kube-controller-manager's time \
             zone (UTC on most clusters)",
        );
    };
    if !expr.contains(' ') {
        // parser.go slices up to `strings.Index(spec, " ")`, which is -1 here.
        message.push_str(
            " (robfig/cron v3.0.1 itself panics on a `TZ=` prefix with no space after it)",
        );
    }
    let end = expr.find(char::is_whitespace).unwrap_or(expr.len());
    let zone = &expr[prefix.len()..end];
    let rest = expr[end..].trim();
    let issue = ValueIssue::new(message, 0, end);
    let removal = format!(
        "remove `{}`: the chart does not set the CronJob's `timeZone`, so the schedule runs in \
         the kube-controller-manager's time zone (UTC on most clusters)",
        &expr[..end]
    );
    if rest.is_empty() || !fix_parses(rest) {
        return issue.with_help(removal);
    }
    let utc = [
        "",
        "UTC",
        "Etc/UTC",
        "GMT",
        "Etc/GMT",
        "Zulu",
        "Etc/Zulu",
        "Universal",
        "UCT",
    ];
    if utc.contains(&zone) {
        issue.with_help(format!("{removal}; that leaves `{rest}`"))
    } else {
        issue.with_help(format!(
            "{removal}; convert the times of `{rest}` from {zone} to that zone"
        ))
    }
}

/// robfig's `parseDescriptor`: the exact, case-sensitive names and `@every <duration>`.
fn parse_descriptor(expr: &str, warnings: &mut Vec<ValueIssue>) -> Result<Schedule, ValueIssue> {
    let (dom, month, dow) = (Field::DayOfMonth, Field::Month, Field::DayOfWeek);
    let fields = match expr {
        "@yearly" | "@annually" => Some(Fields {
            minute: 1,
            hour: 1,
            dom: 1 << 1,
            month: 1 << 1,
            dow: all(dow),
        }),
        "@monthly" => Some(Fields {
            minute: 1,
            hour: 1,
            dom: 1 << 1,
            month: all(month),
            dow: all(dow),
        }),
        "@weekly" => Some(Fields {
            minute: 1,
            hour: 1,
            dom: all(dom),
            month: all(month),
            dow: 1,
        }),
        "@daily" | "@midnight" => Some(Fields {
            minute: 1,
            hour: 1,
            dom: all(dom),
            month: all(month),
            dow: all(dow),
        }),
        "@hourly" => Some(Fields {
            minute: 1,
            hour: all(Field::Hour),
            dom: all(dom),
            month: all(month),
            dow: all(dow),
        }),
        _ => None,
    };
    if let Some(fields) = fields {
        return Ok(Schedule::Fields(fields));
    }
    if let Some(duration) = expr.strip_prefix("@every ") {
        return parse_every(expr, duration, warnings);
    }
    let trimmed = expr.trim_end();
    let lower = expr.to_lowercase();
    let help = if trimmed != expr && DESCRIPTORS.contains(&trimmed) {
        format!("remove the white space after `{trimmed}`")
    } else if DESCRIPTORS.contains(&lower.as_str()) {
        format!("descriptors are case-sensitive: write `{lower}`")
    } else if lower == "@reboot" {
        "Kubernetes has no `@reboot`: a CronJob runs only on its schedule; write one such as \
         `0 3 * * *`"
            .to_owned()
    } else if lower.starts_with("@every") {
        "write `@every`, one space and a Go duration, such as `@every 6h`; better, a five-field \
         schedule at fixed times, such as `0 */6 * * *`"
            .to_owned()
    } else {
        "Kubernetes knows @yearly (or @annually), @monthly, @weekly, @daily (or @midnight) and \
         @hourly; or write five fields such as `0 3 * * *`"
            .to_owned()
    };
    Err(ValueIssue::new(
        format!("{REJECTS}unrecognized descriptor: {expr}"),
        0,
        expr.len(),
    )
    .with_help(help))
}

/// `@every <Go duration>`: accepted, with robfig's rounding, and always worth a warning.
fn parse_every(
    expr: &str,
    duration: &str,
    warnings: &mut Vec<ValueIssue>,
) -> Result<Schedule, ValueIssue> {
    let start = expr.len() - duration.len();
    let nanos = go_parse_duration(duration).map_err(|error| {
        let help = if duration.trim() != duration {
            "remove the white space around the duration".to_owned()
        } else if duration.ends_with('d') {
            "Go durations have no day unit: write `24h` for a day".to_owned()
        } else {
            "write a Go duration such as `30m`, `6h` or `1h30m` (units ns, us, ms, s, m, h)"
                .to_owned()
        };
        ValueIssue::new(
            format!("{REJECTS}failed to parse duration {expr}: {error}"),
            start,
            expr.len(),
        )
        .with_help(help)
    })?;
    // constantdelay.go `Every`: under a second becomes a second, then the fraction is dropped.
    let delay = if nanos < NANOS_PER_SECOND {
        NANOS_PER_SECOND
    } else {
        nanos - nanos % NANOS_PER_SECOND
    };
    let seconds = delay / NANOS_PER_SECOND;

    let mut warning = ValueIssue::new(
        format!(
            "`@every` is accepted by Kubernetes but not documented: the CronJob controller counts \
             the interval from the last scheduled run (or the CronJob's creation), not from fixed \
             clock times, and Kubernetes 1.21 mis-scheduled it after controller restarts \
             (kubernetes/kubernetes#104012); `{expr}` runs every {}",
            format_seconds(seconds)
        ),
        0,
        expr.len(),
    );
    warning = match every_as_cron(seconds) {
        Some(cron) => warning.with_help(format!(
            "use a cron schedule at fixed clock times instead, such as `{cron}`"
        )),
        None => warning.with_help("use a five-field cron schedule instead, such as `0 3 * * *`"),
    };
    warnings.push(warning);
    if nanos < NANOS_PER_SECOND {
        warnings.push(ValueIssue::new(
            format!(
                "`{duration}` is rounded up to one second: Kubernetes runs this every second \
                 (robfig/cron turns any delay under a second, zero and negative ones included, \
                 into 1s)"
            ),
            start,
            expr.len(),
        ));
    } else if nanos % NANOS_PER_SECOND != 0 {
        warnings.push(ValueIssue::new(
            format!(
                "the fraction of a second in `{duration}` is dropped: Kubernetes runs this \
                 every {}",
                format_seconds(seconds)
            ),
            start,
            expr.len(),
        ));
    }
    Ok(Schedule::Every { seconds })
}

/// `90061` → `1d1h1m1s`-like text, in Go's units (no days): `25h1m1s`.
fn format_seconds(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut text = String::new();
    if h > 0 {
        text.push_str(&format!("{h}h"));
    }
    if m > 0 {
        text.push_str(&format!("{m}m"));
    }
    if s > 0 || text.is_empty() {
        text.push_str(&format!("{s}s"));
    }
    text
}

/// A cron schedule that fires at the same rate as `@every <seconds>`, when there is a plain one.
fn every_as_cron(seconds: i64) -> Option<String> {
    match seconds {
        604_800 => Some("0 0 * * 0".to_owned()),
        86_400 => Some("0 0 * * *".to_owned()),
        3_600 => Some("0 * * * *".to_owned()),
        60 => Some("* * * * *".to_owned()),
        s if s % 3_600 == 0 && 24 % (s / 3_600) == 0 => Some(format!("0 */{} * * *", s / 3_600)),
        s if s % 60 == 0 && s < 3_600 && 60 % (s / 60) == 0 => {
            Some(format!("*/{} * * * *", s / 60))
        }
        _ => None,
    }
}

/// Go's `time.ParseDuration`, with its error texts: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, in
/// nanoseconds.
fn go_parse_duration(orig: &str) -> Result<i64, String> {
    const LIMIT: u64 = 1 << 63;
    let invalid = || format!("time: invalid duration {}", go_time_quote(orig));
    let b = orig.as_bytes();
    let mut i = 0;
    let mut neg = false;
    if let Some(&c) = b.first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        i = 1;
    }
    if &orig[i..] == "0" {
        return Ok(0);
    }
    if i == b.len() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while i < b.len() {
        if !(b[i] == b'.' || b[i].is_ascii_digit()) {
            return Err(invalid());
        }
        // leadingInt
        let before = i;
        let mut v: u64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(b[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = before != i;
        // leadingFraction: stops accumulating precision on overflow instead of failing.
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let before = i;
            let mut overflow = false;
            while i < b.len() && b[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(b[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = before != i;
        }
        if !pre && !post {
            return Err(invalid());
        }
        let unit_start = i;
        while i < b.len() && !(b[i] == b'.' || b[i].is_ascii_digit()) {
            i += 1;
        }
        if i == unit_start {
            return Err(format!(
                "time: missing unit in duration {}",
                go_time_quote(orig)
            ));
        }
        // The unit ends at an ASCII byte (or the end), so this is a char boundary.
        let unit_text = &orig[unit_start..i];
        let unit: u64 = match unit_text {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_time_quote(unit_text),
                    go_time_quote(orig)
                ));
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // Go does this in float64, truncating; so do we, for the same nanoseconds.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        // Go adds in uint64 and checks afterwards; 2^63 + 2^63 wraps to 0 there too.
        total = total.wrapping_add(v);
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((total as i64).wrapping_neg());
    }
    if total > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(total as i64)
}

/// The `quote` of Go's time package: non-ASCII and control bytes as `\xNN`.
fn go_time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if !c.is_ascii() || c < ' ' {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// Five fields (robfig's parser.go `getField`/`getRange`)

fn parse_fields(
    expr: &str,
    warnings: &mut Vec<ValueIssue>,
) -> Result<(Fields, Option<ValueIssue>), ValueIssue> {
    let pieces = go_fields(expr);
    if pieces.len() != 5 {
        return Err(field_count_issue(expr, &pieces));
    }
    let mut masks = [0u64; 5];
    for ((mask, field), piece) in masks.iter_mut().zip(Field::ALL).zip(&pieces) {
        *mask = parse_field(expr, field, *piece, warnings)?;
    }
    let [minute, hour, dom, month, dow] = masks;
    let fields = Fields {
        minute,
        hour,
        dom,
        month,
        dow,
    };

    if dom & STAR_BIT == 0 && dow & STAR_BIT == 0 {
        warnings.push(
            ValueIssue::new(
                format!(
                    "day-of-month `{}` and day-of-week `{}` are both restricted, so Kubernetes \
                     runs on every day that matches either one, not only on days that match both",
                    pieces[2].text, pieces[4].text
                ),
                pieces[2].start,
                pieces[4].end(),
            )
            .with_help("to use only one of them, set the other to `*`"),
        );
    }
    let never = if minute & !STAR_BIT == 0 {
        Some((pieces[0], "the minute field matches nothing"))
    } else if hour & !STAR_BIT == 0 {
        Some((pieces[1], "the hour field matches nothing"))
    } else if !fields.fires_on_some_day() {
        let days = Piece {
            start: pieces[2].start,
            text: &expr[pieces[2].start..pieces[4].end()],
        };
        Some((
            days,
            "no date matches its day-of-month, month and day-of-week fields",
        ))
    } else {
        None
    };
    let never = never.map(|(piece, why)| {
        ValueIssue::new(
            format!(
                "Kubernetes accepts this schedule, but it never runs: {why} (robfig/cron gives \
                 up looking after five years)"
            ),
            piece.start,
            piece.end(),
        )
    });
    Ok((fields, never))
}

/// robfig's `getField`: a comma list of ranges; `strings.FieldsFunc` drops empty items.
fn parse_field(
    expr: &str,
    field: Field,
    piece: Piece<'_>,
    warnings: &mut Vec<ValueIssue>,
) -> Result<u64, ValueIssue> {
    let items = piece.split(',');
    let kept: Vec<&str> = items
        .iter()
        .map(|item| item.text)
        .filter(|t| !t.is_empty())
        .collect();
    if kept.is_empty() {
        warnings.push(ValueIssue::new(
            format!(
                "the {} field `{}` lists no values, only commas: Kubernetes accepts it, and it \
                 matches nothing",
                field.label(),
                piece.text
            ),
            piece.start,
            piece.end(),
        ));
        return Ok(0);
    }
    if let Some(index) = items.iter().position(|item| item.text.is_empty()) {
        // Point at the stray comma: the one after the empty item, or before it at the end.
        let comma = if index + 1 < items.len() {
            items[index].start
        } else {
            items[index].start - 1
        };
        warnings.push(
            ValueIssue::new(
                format!(
                    "Kubernetes silently drops empty list items: `{}` means `{}`",
                    piece.text,
                    kept.join(",")
                ),
                comma,
                comma + 1,
            )
            .with_help("remove the extra comma"),
        );
    }
    let mut mask = 0;
    for item in items.into_iter().filter(|item| !item.text.is_empty()) {
        mask |= parse_range(expr, field, item, warnings)?;
    }
    Ok(mask)
}

/// robfig's `getRange`: `*`, `?`, `N` or `N-M`, optionally `/step`, checked in robfig's order
/// so that the first error is the one the API server reports.
fn parse_range(
    expr: &str,
    field: Field,
    item: Piece<'_>,
    warnings: &mut Vec<ValueIssue>,
) -> Result<u64, ValueIssue> {
    let range_and_step = item.split('/');
    let range = range_and_step[0];
    let low_and_high = range.split('-');
    let single = low_and_high.len() == 1;
    let reject = |message: String, start: usize, end: usize| {
        ValueIssue::new(format!("{REJECTS}{message}"), start, end)
    };

    let (start, mut end, mut star);
    let low = low_and_high[0];
    if low.text == "*" || low.text == "?" {
        (start, end, star) = (field.min(), field.max(), true);
        if low.text == "?" && !field.is_day() {
            warnings.push(ValueIssue::new(
                format!(
                    "`?` in the {} field means `*` to Kubernetes (every {}); it is meant for the \
                     day-of-month and day-of-week fields",
                    field.label(),
                    field.unit()
                ),
                low.start,
                low.end(),
            ));
        }
        if !single {
            // robfig never looks past the star: `*-5` is `*`, and so is `*-5-9`.
            let ignored = Piece {
                start: low.end(),
                text: &expr[low.end()..range.end()],
            };
            let step = &expr[range.end()..item.end()];
            warnings.push(
                ValueIssue::new(
                    format!(
                        "Kubernetes ignores `{}` after `{}`, so `{}` means `{}{step}`",
                        ignored.text, low.text, item.text, low.text
                    ),
                    ignored.start,
                    ignored.end(),
                )
                .with_help(format!(
                    "write `{}{step}`, or a range such as `0-5`",
                    low.text
                )),
            );
        }
    } else {
        start = parse_int_or_name(field, low, item, false, warnings)?;
        end = match low_and_high.len() {
            1 => start,
            2 => parse_int_or_name(field, low_and_high[1], item, false, warnings)?,
            _ => {
                return Err(reject(
                    format!("too many hyphens: {}", item.text),
                    item.start,
                    item.end(),
                )
                .with_help("a range has one hyphen: `N-M`, optionally followed by `/step`"));
            }
        };
        star = false;
    }

    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = parse_int_or_name(field, range_and_step[1], item, true, warnings)?;
            // "N/step" means "N-max/step".
            if single {
                end = field.max();
            }
            if step > 1 {
                star = false;
            }
            step
        }
        _ => {
            return Err(reject(
                format!("too many slashes: {}", item.text),
                item.start,
                item.end(),
            )
            .with_help("a step is written once: `N-M/S`"));
        }
    };

    let (min, max) = (field.min(), field.max());
    if start < min {
        return Err(reject(
            format!(
                "beginning of range ({start}) below minimum ({min}): {}",
                item.text
            ),
            item.start,
            item.end(),
        )
        .with_help(format!(
            "the {} field takes {}",
            field.label(),
            field.takes()
        )));
    }
    if end > max {
        let issue = reject(
            format!("end of range ({end}) above maximum ({max}): {}", item.text),
            item.start,
            item.end(),
        );
        return Err(above_maximum_help(expr, field, item, start, end, issue));
    }
    if start > end {
        let issue = reject(
            format!(
                "beginning of range ({start}) beyond end of range ({end}): {}",
                item.text
            ),
            item.start,
            item.end(),
        );
        let help = if range_and_step.len() == 1 && low_and_high.len() == 2 {
            let (a, b) = (low.text, low_and_high[1].text);
            let upper = if start == max {
                a.to_owned()
            } else {
                format!("{a}-{max}")
            };
            let lower = if end == min {
                b.to_owned()
            } else {
                format!("{min}-{b}")
            };
            format!("Kubernetes ranges do not wrap around: write `{upper},{lower}`")
        } else if single {
            format!("the {} field takes {}", field.label(), field.takes())
        } else {
            "Kubernetes ranges do not wrap around: split the range in two at the field's end"
                .to_owned()
        };
        return Err(issue.with_help(help));
    }
    if step == 0 {
        return Err(reject(
            format!("step of range should be a positive number: {}", item.text),
            item.start,
            item.end(),
        )
        .with_help("the step after `/` must be 1 or more, e.g. `*/15`"));
    }

    if step > 1 {
        step_warnings(field, item, start, end, step, warnings);
    }
    Ok(bits(start, end, step) | if star { STAR_BIT } else { 0 })
}

/// Steps that are valid but do not do what they seem to.
fn step_warnings(
    field: Field,
    item: Piece<'_>,
    start: u64,
    end: u64,
    step: u64,
    warnings: &mut Vec<ValueIssue>,
) {
    if start + step > end {
        let help = match field {
            Field::Minute => Some("to run every few hours, step the hour field: `0 */2 * * *`"),
            Field::Hour => {
                Some("to run every few days, step the day-of-month field: `0 0 */2 * *`")
            }
            _ => None,
        };
        let warning = ValueIssue::new(
            format!(
                "`{}` selects only {} {start}: the step {step} is larger than the range \
                 {start}–{end}",
                item.text,
                field.unit(),
            ),
            item.start,
            item.end(),
        );
        warnings.push(match help {
            Some(help) => warning.with_help(help),
            None => warning,
        });
        return;
    }
    // `*/45` in minutes runs at :00 and :45: gaps of 45 and 15 minutes, not "every 45".
    let cycle = field.max() - field.min() + 1;
    let whole_field = start == field.min() && end == field.max();
    if whole_field && matches!(field, Field::Minute | Field::Hour) && !cycle.is_multiple_of(step) {
        let last = start + (end - start) / step * step;
        let listed: Vec<String> = values(bits(start, end, step))
            .map(|v| v.to_string())
            .collect();
        let parent = if field == Field::Minute {
            "hour"
        } else {
            "day"
        };
        warnings.push(ValueIssue::new(
            format!(
                "`{}` does not divide the {parent} evenly: it runs at {}s {} of every {parent}, so \
                 the gap from {last} to the next {start} is {} {}s, not {step}",
                item.text,
                field.unit(),
                listed.join(","),
                cycle - (last - start),
                field.unit(),
            ),
            item.start,
            item.end(),
        ));
    }
}

/// The help for `end of range (N) above maximum (M)`; day-of-week 7 gets its own.
fn above_maximum_help(
    expr: &str,
    field: Field,
    item: Piece<'_>,
    start: u64,
    end: u64,
    issue: ValueIssue,
) -> ValueIssue {
    if field == Field::DayOfWeek && end == 7 {
        let explain = "Kubernetes numbers the days of the week 0–6 with Sunday as 0 and rejects 7 \
                       (unlike Vixie cron)";
        let low = item.text.split('-').next().unwrap_or_default();
        let replacement = if item.text.contains('/') {
            None
        } else if start == 7 {
            Some("0".to_owned())
        } else if start == 0 {
            Some(format!("{low}-6"))
        } else if start == 6 {
            Some(format!("{low},0"))
        } else {
            Some(format!("{low}-6,0"))
        };
        let Some(replacement) = replacement else {
            return issue.with_help(format!("{explain}: use 0 or SUN for Sunday"));
        };
        let fixed = format!(
            "{}{replacement}{}",
            &expr[..item.start],
            &expr[item.end()..]
        );
        let help = if fix_parses(&fixed) {
            format!("{explain}: write `{replacement}`, as in `{fixed}`")
        } else {
            format!("{explain}: write `{replacement}`")
        };
        return issue.with_help(help);
    }
    let help = match (field, end) {
        (Field::Hour, 24) => "hours run 0–23: midnight is hour 0".to_owned(),
        (Field::Minute, 60) => "minutes run 0–59: the top of the hour is minute 0".to_owned(),
        _ => format!("the {} field takes {}", field.label(), field.takes()),
    };
    issue.with_help(help)
}

/// robfig's `parseIntOrName` (names only for the range ends of month and day-of-week) and
/// `mustParseInt`, with robfig's error texts.
fn parse_int_or_name(
    field: Field,
    piece: Piece<'_>,
    item: Piece<'_>,
    is_step: bool,
    warnings: &mut Vec<ValueIssue>,
) -> Result<u64, ValueIssue> {
    if !is_step
        && let Some(value) = go_lower_name(piece.text).and_then(|lower| field.name_value(&lower))
    {
        return Ok(value);
    }
    // Point at the piece, or at the whole item when the piece is empty (`-5`, `*/`).
    let (start, end) = if piece.text.is_empty() {
        (item.start, item.end())
    } else {
        (piece.start, piece.end())
    };
    match go_atoi(piece.text) {
        Ok(n) if n < 0 => Err(ValueIssue::new(
            format!("{REJECTS}negative number ({n}) not allowed: {}", piece.text),
            start,
            end,
        )
        .with_help("a step must be a positive number, e.g. `*/15`")),
        Ok(n) => {
            if piece.text.starts_with('+') {
                warnings.push(
                    ValueIssue::new(
                        format!("Kubernetes reads `{}` as {n}", piece.text),
                        piece.start,
                        piece.end(),
                    )
                    .with_help("drop the `+`"),
                );
            }
            Ok(n as u64)
        }
        Err(error) => {
            let issue = ValueIssue::new(
                format!(
                    "{REJECTS}failed to parse int from {}: strconv.Atoi: parsing {}: {}",
                    piece.text,
                    go_strconv_quote(piece.text),
                    error.text()
                ),
                start,
                end,
            );
            match int_help(field, piece.text, item.text, is_step, error) {
                Some(help) => Err(issue.with_help(help)),
                None => Err(issue),
            }
        }
    }
}

/// Help for a value robfig could not read.
fn int_help(
    field: Field,
    piece: &str,
    item: &str,
    is_step: bool,
    error: AtoiError,
) -> Option<String> {
    if piece.is_empty() {
        return Some(if is_step {
            "write a number after `/`, e.g. `*/15`".to_owned()
        } else if item.starts_with('-') {
            "Kubernetes takes no negative values, and a range needs a start: `N-M`".to_owned()
        } else {
            "a range needs both ends: `N-M`".to_owned()
        });
    }
    if error == AtoiError::Range {
        return Some(format!(
            "the {} field takes {}",
            field.label(),
            field.takes()
        ));
    }
    let upper = piece.to_ascii_uppercase();
    let quartz = |what: &str| {
        format!("{what} is Elasticsearch (Quartz) cron syntax; Kubernetes cron has no equivalent")
    };
    if field.is_day() {
        let core = upper.trim_start_matches(|c: char| c.is_ascii_digit());
        let numbered = core.len() < upper.len();
        if upper.contains('#') {
            return Some(quartz("`#` (the nth weekday of the month, as in `5#3`)"));
        }
        match (field, core, numbered) {
            (Field::DayOfMonth, "L", false) => {
                return Some(quartz("`L` (the last day of the month)"));
            }
            (Field::DayOfMonth, "LW", false) => {
                return Some(quartz("`LW` (the last weekday of the month)"));
            }
            (Field::DayOfMonth, "W", true) => {
                return Some(quartz("`W` (the weekday nearest a day of the month)"));
            }
            (Field::DayOfWeek, "L", _) => {
                return Some(quartz("`L` (the last given weekday of the month)"));
            }
            _ => {}
        }
    }
    if is_step {
        return Some(format!(
            "a step is a number of {}s, e.g. `*/15`",
            field.unit()
        ));
    }
    if piece.chars().all(|c| c.is_ascii_alphabetic()) {
        let lower = piece.to_ascii_lowercase();
        if lower.len() > 3 && field.name_value(&lower[..3]).is_some() {
            return Some(format!(
                "Kubernetes takes three-letter names only: write `{}`",
                &piece[..3]
            ));
        }
        for other in [Field::Month, Field::DayOfWeek] {
            if other != field && other.name_value(&lower).is_some() {
                return Some(format!(
                    "`{piece}` is a {} name, but this is the {} field",
                    other.label(),
                    field.label()
                ));
            }
        }
        if field.names().is_empty() {
            return Some(format!(
                "the {} field takes numbers only ({})",
                field.label(),
                field.takes()
            ));
        }
    }
    None
}

/// Lower-cases a would-be name as Go's `strings.ToLower` does, as far as it matters for matching
/// the ASCII names: only two non-ASCII letters lower-case to ASCII (U+0130 `İ` → `i` and U+212A
/// KELVIN SIGN → `k`), so robfig accepts `FRİ`; anything else non-ASCII cannot match.
fn go_lower_name(text: &str) -> Option<String> {
    text.chars()
        .map(|c| match c {
            '\u{130}' => Some('i'),
            '\u{212a}' => Some('k'),
            c if c.is_ascii() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AtoiError {
    Syntax,
    Range,
}

impl AtoiError {
    fn text(self) -> &'static str {
        match self {
            AtoiError::Syntax => "invalid syntax",
            AtoiError::Range => "value out of range",
        }
    }
}

/// Go's `strconv.Atoi` on a 64-bit platform: an optional sign and ASCII digits; no spaces, no
/// underscores. Which error it reports for long inputs depends on where it stops, as in Go.
fn go_atoi(s: &str) -> Result<i64, AtoiError> {
    let b = s.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return Err(AtoiError::Syntax);
    }
    if b.len() < 19 {
        // The fast path: at most 18 digits always fit.
        let mut n: i64 = 0;
        for &c in digits {
            if !c.is_ascii_digit() {
                return Err(AtoiError::Syntax);
            }
            n = n * 10 + i64::from(c - b'0');
        }
        return Ok(if neg { -n } else { n });
    }
    // ParseInt(s, 10, 0) → ParseUint: overflow is reported as soon as it happens, so a later
    // bad character does not matter then.
    const CUTOFF: u64 = u64::MAX / 10 + 1;
    let mut n: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return Err(AtoiError::Syntax);
        }
        if n >= CUTOFF {
            return Err(AtoiError::Range);
        }
        n *= 10;
        n = n.checked_add(u64::from(c - b'0')).ok_or(AtoiError::Range)?;
    }
    const SIGNED: u64 = 1 << 63;
    match (neg, n) {
        (false, n) if n >= SIGNED => Err(AtoiError::Range),
        (true, n) if n > SIGNED => Err(AtoiError::Range),
        (true, n) => Ok((n as i64).wrapping_neg()),
        (false, n) => Ok(n as i64),
    }
}

/// Go's `strconv.Quote`, as robfig's messages show pieces. Go's `IsPrint` uses Unicode tables;
/// this approximates it with the categories that can occur in a field (control and format
/// characters, private use, non-characters); unassigned code points are shown as they are.
fn go_strconv_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if go_is_print(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

fn go_is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    match c as u32 {
        // Format characters (Cf), private use (Co) and non-characters.
        0xad
        | 0x600..=0x605
        | 0x61c
        | 0x6dd
        | 0x70f
        | 0x890..=0x891
        | 0x8e2
        | 0x180e
        | 0x200b..=0x200f
        | 0x202a..=0x202e
        | 0x2060..=0x206f
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0xe000..=0xf8ff
        | 0xfdd0..=0xfdef
        | 0xfffe
        | 0xffff
        | 0x110bd
        | 0x110cd
        | 0x13430..=0x1343f
        | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a
        | 0xe0000..=0xe0fff
        | 0xf0000.. => false,
        _ => true,
    }
}

// ---------------------------------------------------------------------------------------------
// Wrong number of fields, and the Elasticsearch (Quartz) dialect

fn field_count_issue(expr: &str, pieces: &[Piece<'_>]) -> ValueIssue {
    let listed: Vec<&str> = pieces.iter().map(|p| p.text).collect();
    let message = format!(
        "{REJECTS}expected exactly 5 fields, found {}: [{}]",
        pieces.len(),
        listed.join(" ")
    );
    let (start, end) = match (pieces.first(), pieces.last()) {
        (Some(first), Some(last)) => (first.start, last.end()),
        _ => (0, expr.len()),
    };
    let help = match pieces.len() {
        0 => "the schedule is blank; write five fields such as `0 3 * * *` (03:00 every day)"
            .to_owned(),
        _ if pieces[0].text.starts_with('@') => format!(
            "Kubernetes reads `{}` as a descriptor only when `@` is the very first character of \
             the schedule: remove the white space before it",
            expr.trim()
        ),
        6 | 7 => quartz_help(pieces),
        _ => FIVE_FIELDS_HELP.to_owned(),
    };
    ValueIssue::new(message, start, end).with_help(help)
}

/// Six or seven fields: most likely the Elasticsearch (Quartz) dialect, seconds first and an
/// optional year, which the chart uses for the Elasticsearch snapshot schedule.
fn quartz_help(pieces: &[Piece<'_>]) -> String {
    if !pieces.iter().all(|p| looks_like_cron_field(p.text)) {
        return FIVE_FIELDS_HELP.to_owned();
    }
    match quartz_to_kubernetes(pieces) {
        Ok(converted) => {
            let seconds = pieces[0].text;
            let note = if seconds.trim_start_matches('0').is_empty() {
                String::new()
            } else {
                format!(" (Kubernetes cannot start at second {seconds}; it starts at second 0)")
            };
            format!(
                "this is Elasticsearch (Quartz) syntax, with seconds first; a Kubernetes CronJob \
                 schedule has no seconds field: `{converted}`{note}"
            )
        }
        Err(reason) => format!(
            "this looks like Elasticsearch (Quartz) syntax, with seconds first and an optional \
             year; a Kubernetes CronJob schedule has five fields (minute, hour, day of month, \
             month, day of week), and {reason}"
        ),
    }
}

/// Digits, `* ? , - / #`, and words that are month or day names or Quartz's `L`, `W`, `LW`.
fn looks_like_cron_field(text: &str) -> bool {
    let symbols = |c: char| c.is_ascii_digit() || matches!(c, '*' | '?' | ',' | '-' | '/' | '#');
    text.chars().all(|c| symbols(c) || c.is_ascii_alphabetic())
        && text
            .split(symbols)
            .filter(|word| !word.is_empty())
            .all(|word| {
                let lower = word.to_ascii_lowercase();
                matches!(lower.as_str(), "l" | "w" | "lw")
                    || MONTH_NAMES.contains(&lower.as_str())
                    || DOW_NAMES.contains(&lower.as_str())
            })
}

/// The Kubernetes schedule that fires like a Quartz one, when there is one.
fn quartz_to_kubernetes(pieces: &[Piece<'_>]) -> Result<String, String> {
    let seconds = pieces[0].text;
    let single_second = !seconds.is_empty()
        && seconds.bytes().all(|b| b.is_ascii_digit())
        && seconds.parse::<u32>().is_ok_and(|s| s <= 59);
    if !single_second {
        return Err(format!(
            "the seconds field `{seconds}` has no equivalent: Kubernetes runs at most once a minute"
        ));
    }
    if let Some(year) = pieces.get(6)
        && year.text != "*"
    {
        return Err(format!("the year `{}` has no equivalent", year.text));
    }
    let (dom, dow) = (
        pieces[3].text.to_ascii_uppercase(),
        pieces[5].text.to_ascii_uppercase(),
    );
    if dom.contains('L') || dom.contains('W') {
        return Err("`L` and `W` in the day of month have no equivalent".to_owned());
    }
    if dow.contains('L') || dow.contains('#') {
        return Err("`L` and `#` in the day of week have no equivalent".to_owned());
    }
    let dom = if dom == "?" {
        "*".to_owned()
    } else {
        pieces[3].text.to_owned()
    };
    let dow = quartz_dow_to_kubernetes(pieces[5].text)?;
    let converted = format!(
        "{} {} {dom} {} {dow}",
        pieces[1].text, pieces[2].text, pieces[4].text
    );
    if fix_parses(&converted) {
        Ok(converted)
    } else {
        Err(format!(
            "its fields translate to `{converted}`, which Kubernetes rejects too"
        ))
    }
}

/// Quartz numbers the days of the week 1–7 from Sunday; Kubernetes 0–6. Names are the same.
fn quartz_dow_to_kubernetes(dow: &str) -> Result<String, String> {
    if dow == "?" {
        return Ok("*".to_owned());
    }
    let shift = |value: &str| -> Result<String, String> {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(value.replace('?', "*"));
        }
        match value.parse::<u8>() {
            Ok(day @ 1..=7) => Ok((day - 1).to_string()),
            _ => Err(format!(
                "`{value}` is not a day of the week in either dialect"
            )),
        }
    };
    let mut items = Vec::new();
    for item in dow.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (item, None),
        };
        let ends: Result<Vec<String>, String> = range.split('-').map(shift).collect();
        let mut converted = ends?.join("-");
        if let Some(step) = step {
            converted = format!("{converted}/{step}");
        }
        items.push(converted);
    }
    Ok(items.join(","))
}

// ---------------------------------------------------------------------------------------------
// Next runs (robfig's spec.go `Next` and `dayMatches`)

impl Fields {
    /// robfig's `dayMatches`: AND when either day field has the star bit, OR otherwise.
    fn day_matches(&self, day: u8, weekday: u8) -> bool {
        let dom = self.dom & (1 << day) != 0;
        let dow = self.dow & (1 << weekday) != 0;
        if (self.dom | self.dow) & STAR_BIT != 0 {
            dom && dow
        } else {
            dom || dow
        }
    }

    /// Whether some date ever matches the day and month fields. Every (day of month, weekday)
    /// pair, 29 February included, occurs within the 400-year Gregorian cycle.
    fn fires_on_some_day(&self) -> bool {
        (1..=12u8)
            .filter(|m| self.month & (1 << m) != 0)
            .any(|month| {
                let days = if month == 2 {
                    29
                } else {
                    calendar::days_in_month(2001, month)
                };
                (1..=days).any(|day| (0..7).any(|weekday| self.day_matches(day, weekday)))
            })
    }

    /// The first (hour, minute) at or after `hour:minute` on a matching day.
    fn time_on_or_after(&self, hour: u8, minute: u8) -> Option<(u8, u8)> {
        if self.hour & (1 << hour) != 0
            && let Some(m) = next_value(self.minute, minute, 59)
        {
            return Some((hour, m));
        }
        let h = next_value(self.hour, hour + 1, 23)?;
        Some((h, next_value(self.minute, 0, 59)?))
    }

    /// The earliest whole minute after `after` that matches, searched day by day (skipping
    /// months that cannot match) up to the end of the fifth year after `after`, like robfig.
    fn next_after(&self, after: DateTime) -> Option<DateTime> {
        let after = after.to_unix();
        // robfig starts at the next second; with seconds pinned to 0 that is the next minute.
        let start = DateTime::from_unix(after.div_euclid(60) * 60 + 60);
        let year_limit = DateTime::from_unix(after + 1).year.saturating_add(5);
        let mut day = calendar::days_from_civil(start.year, start.month, start.day);
        let mut first = true;
        // Six years of days bound the loop even if the year arithmetic were to misbehave.
        for _ in 0..(6 * 366 + 31) {
            let (year, month, dom) = calendar::civil_from_days(day);
            if year > year_limit {
                return None;
            }
            if self.month & (1 << month) == 0 {
                // On to the first of the next month.
                day += i64::from(calendar::days_in_month(year, month) - dom + 1);
                first = false;
                continue;
            }
            if self.day_matches(dom, calendar::weekday(year, month, dom)) {
                let (hour, minute) = if first {
                    (start.hour, start.minute)
                } else {
                    (0, 0)
                };
                if let Some((hour, minute)) = self.time_on_or_after(hour, minute) {
                    return Some(DateTime {
                        year,
                        month,
                        day: dom,
                        hour,
                        minute,
                        second: 0,
                    });
                }
            }
            day += 1;
            first = false;
        }
        None
    }
}

/// The smallest value ≥ `from` (and ≤ `max`) set in `mask`.
fn next_value(mask: u64, from: u8, max: u8) -> Option<u8> {
    if from > max {
        return None;
    }
    let rest = (mask & !STAR_BIT) >> from;
    if rest == 0 {
        return None;
    }
    let value = from + rest.trailing_zeros() as u8;
    (value <= max).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Wednesday.
    const NOW: &str = "2026-11-25T10:00:00Z";

    fn t(text: &str) -> DateTime {
        DateTime::parse_rfc3339(text).unwrap()
    }

    fn ok(expr: &str) -> ParsedCron<KubernetesCron> {
        parse(expr).unwrap_or_else(|issue| panic!("{expr:?} rejected: {issue:?}"))
    }

    fn err(expr: &str) -> ValueIssue {
        match parse(expr) {
            Ok(parsed) => panic!("{expr:?} accepted: {parsed:?}"),
            Err(issue) => issue,
        }
    }

    fn runs(expr: &str, after: &str, count: usize) -> Vec<String> {
        ok(expr)
            .schedule
            .next_runs(t(after), count)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn span<'a>(expr: &'a str, issue: &ValueIssue) -> &'a str {
        &expr[issue.range.start..issue.range.end]
    }

    fn help(issue: &ValueIssue) -> &str {
        issue
            .help
            .as_deref()
            .unwrap_or_else(|| panic!("no help: {issue:?}"))
    }

    /// The only warning of an accepted schedule.
    fn warning(expr: &str) -> ValueIssue {
        let parsed = ok(expr);
        assert_eq!(parsed.warnings.len(), 1, "{expr:?}: {:?}", parsed.warnings);
        parsed.warnings.into_iter().next().unwrap()
    }

    // --- validation-rules.md A.4 -----------------------------------------------------------------

    #[test]
    fn reference_valid_examples_parse_without_warnings() {
        for expr in [
            "0 3 * * *",
            "*/15 * * * *",
            "0 0 1 jan *",
            "30 2 * * MON-FRI",
            "0 0 * * 0,6",
            "0 4 ? * *",
            "@daily",
        ] {
            let parsed = ok(expr);
            assert!(parsed.warnings.is_empty(), "{expr}: {:?}", parsed.warnings);
            assert_eq!(parsed.schedule.expression(), expr);
        }
    }

    #[test]
    fn reference_invalid_examples_quote_the_api_server() {
        let cases = [
            (
                "0 0 3 * * ?",
                "expected exactly 5 fields, found 6: [0 0 3 * * ?]",
                "0 0 3 * * ?",
            ),
            ("0 3 * * 7", "end of range (7) above maximum (6): 7", "7"),
            (
                "60 * * * *",
                "end of range (60) above maximum (59): 60",
                "60",
            ),
            (
                "0 24 * * *",
                "end of range (24) above maximum (23): 24",
                "24",
            ),
            (
                "0 0 0 * *",
                "beginning of range (0) below minimum (1): 0",
                "0",
            ),
            (
                "0 0 * 13 *",
                "end of range (13) above maximum (12): 13",
                "13",
            ),
            (
                "CRON_TZ=UTC 0 3 * * *",
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
                "CRON_TZ=UTC",
            ),
            ("@reboot", "unrecognized descriptor: @reboot", "@reboot"),
            (
                "0 0 L * *",
                r#"failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax"#,
                "L",
            ),
            (
                "0 0 1W * *",
                r#"failed to parse int from 1W: strconv.Atoi: parsing "1W": invalid syntax"#,
                "1W",
            ),
            (
                "0 0 * * 5#3",
                r#"failed to parse int from 5#3: strconv.Atoi: parsing "5#3": invalid syntax"#,
                "5#3",
            ),
        ];
        for (expr, message, offending) in cases {
            let issue = err(expr);
            assert_eq!(issue.message, format!("{REJECTS}{message}"), "{expr}");
            assert_eq!(span(expr, &issue), offending, "{expr}");
            assert!(issue.help.is_some(), "{expr}");
        }
        // The day-of-month 0 is the third field, not the first two zeros.
        assert_eq!(err("0 0 0 * *").range.start, 4);
    }

    #[test]
    fn quirk_table_schedules_are_accepted_with_warnings() {
        for expr in [
            "*/61 * * * *",
            "*/60 * * * *",
            "0 0 31 2 *",
            "0 0 30 2 *",
            "1,,2 * * * *",
            ",5 * * * *",
            "*-5 * * * *",
            "+5 * * * *",
            "@every 24h",
        ] {
            let parsed = ok(expr);
            assert!(
                !parsed.warnings.is_empty() || parsed.schedule.never_runs().is_some(),
                "{expr}"
            );
        }
    }

    // --- error texts and byte ranges -------------------------------------------------------------

    #[test]
    fn range_errors_use_robfig_texts_and_point_at_the_item() {
        let cases = [
            (
                "61 * * * *",
                "end of range (61) above maximum (59): 61",
                "61",
            ),
            (
                "0 22-2 * * *",
                "beginning of range (22) beyond end of range (2): 22-2",
                "22-2",
            ),
            (
                "*/0 * * * *",
                "step of range should be a positive number: */0",
                "*/0",
            ),
            ("1-2-3 * * * *", "too many hyphens: 1-2-3", "1-2-3"),
            ("*/2/3 * * * *", "too many slashes: */2/3", "*/2/3"),
            ("*/-5 * * * *", "negative number (-5) not allowed: -5", "-5"),
            (
                "0 0 1,32 * *",
                "end of range (32) above maximum (31): 32",
                "32",
            ),
            (
                "0 0 * 0-5 *",
                "beginning of range (0) below minimum (1): 0-5",
                "0-5",
            ),
            // "N/step" means "N-max/step", so 61/5 is 61-59.
            (
                "61/5 * * * *",
                "beginning of range (61) beyond end of range (59): 61/5",
                "61/5",
            ),
            // The bounds are checked before the step.
            (
                "61/0 * * * *",
                "beginning of range (61) beyond end of range (59): 61/0",
                "61/0",
            ),
            (
                "0 0 * * 0-7",
                "end of range (7) above maximum (6): 0-7",
                "0-7",
            ),
        ];
        for (expr, message, offending) in cases {
            let issue = err(expr);
            assert_eq!(issue.message, format!("{REJECTS}{message}"), "{expr}");
            assert_eq!(span(expr, &issue), offending, "{expr}");
        }
    }

    #[test]
    fn unreadable_numbers_use_go_strconv_texts() {
        let cases = [
            (
                "99999999999999999999 * * * *",
                "99999999999999999999",
                "value out of range",
            ),
            // ParseUint reports an overflow as soon as it happens, before reaching the `x` …
            (
                "18446744073709551616x * * * *",
                "18446744073709551616x",
                "value out of range",
            ),
            // … but 2^63 does not overflow uint64, so the `x` is found first.
            (
                "9223372036854775808x * * * *",
                "9223372036854775808x",
                "invalid syntax",
            ),
            ("0 0 * * MONDAY", "MONDAY", "invalid syntax"),
            ("0 0 * * 1.5", "1.5", "invalid syntax"),
            ("0 x * * *", "x", "invalid syntax"),
        ];
        for (expr, piece, why) in cases {
            let issue = err(expr);
            assert_eq!(
                issue.message,
                format!(
                    "{REJECTS}failed to parse int from {piece}: strconv.Atoi: parsing \"{piece}\": \
                     {why}"
                ),
                "{expr}"
            );
            assert_eq!(span(expr, &issue), piece, "{expr}");
        }
    }

    #[test]
    fn pieces_are_quoted_like_go_strconv_quote() {
        let issue = err("\u{1} * * * *");
        assert!(
            issue.message.ends_with(r#"parsing "\x01": invalid syntax"#),
            "{}",
            issue.message
        );
        let issue = err("é * * * *");
        assert!(
            issue.message.ends_with(r#"parsing "é": invalid syntax"#),
            "{}",
            issue.message
        );
        let issue = err("\u{200b} * * * *");
        assert!(
            issue
                .message
                .ends_with(r#"parsing "\u200b": invalid syntax"#),
            "{}",
            issue.message
        );
        let issue = err(r#"a"b\ * * * *"#);
        assert!(
            issue
                .message
                .ends_with(r#"parsing "a\"b\\": invalid syntax"#),
            "{}",
            issue.message
        );
    }

    #[test]
    fn an_empty_piece_points_at_its_whole_item() {
        let issue = err("0 -5 * * *");
        assert_eq!(
            issue.message,
            format!(
                r#"{REJECTS}failed to parse int from : strconv.Atoi: parsing "": invalid syntax"#
            )
        );
        assert_eq!(span("0 -5 * * *", &issue), "-5");
        assert!(help(&issue).contains("negative"));
        let issue = err("*/ * * * *");
        assert_eq!(span("*/ * * * *", &issue), "*/");
        assert!(help(&issue).contains("after `/`"));
    }

    #[test]
    fn the_first_error_in_field_order_wins() {
        // robfig parses minute, hour, day of month, month, day of week, each item left to right.
        let issue = err("0 99 0 13 9");
        assert_eq!(
            issue.message,
            format!("{REJECTS}end of range (99) above maximum (23): 99")
        );
        let issue = err("1,70,80 * * * *");
        assert_eq!(span("1,70,80 * * * *", &issue), "70");
        assert_eq!((issue.range.start, issue.range.end), (2, 4));
    }

    #[test]
    fn field_count_errors_list_the_fields_like_go() {
        let issue = err("1 2 3");
        assert_eq!(
            issue.message,
            format!("{REJECTS}expected exactly 5 fields, found 3: [1 2 3]")
        );
        assert_eq!(help(&issue), FIVE_FIELDS_HELP);
        let expr = "  \t ";
        let issue = err(expr);
        assert_eq!(
            issue.message,
            format!("{REJECTS}expected exactly 5 fields, found 0: []")
        );
        assert_eq!((issue.range.start, issue.range.end), (0, expr.len()));
        let expr = " 0 3 * * * * * * ";
        let issue = err(expr);
        assert!(
            issue.message.ends_with("found 8: [0 3 * * * * * *]"),
            "{}",
            issue.message
        );
        assert_eq!(span(expr, &issue), "0 3 * * * * * *");
    }

    #[test]
    fn an_empty_schedule_is_required() {
        let issue = err("");
        assert_eq!(
            issue.message,
            "Kubernetes rejects an empty schedule (spec.schedule: Required value)"
        );
        assert_eq!((issue.range.start, issue.range.end), (0, 0));
    }

    #[test]
    fn helpful_fixes_for_common_mistakes() {
        let cases = [
            ("0 22-2 * * *", "`22-23,0-2`"),
            ("0 0 * * SAT-SUN", "`SAT,SUN`"),
            ("0 0 * NOV-FEB *", "`NOV-12,1-FEB`"),
            ("0 0 * * MONDAY", "`MON`"),
            ("0 0 * JANUARY *", "`JAN`"),
            (
                "0 0 * MON *",
                "day-of-week name, but this is the month field",
            ),
            (
                "0 0 * * JAN",
                "month name, but this is the day-of-week field",
            ),
            (
                "0 MON * * *",
                "day-of-week name, but this is the hour field",
            ),
            ("0 0 abc * *", "numbers only"),
            ("0 24 * * *", "midnight is hour 0"),
            ("60 * * * *", "minute 0"),
            ("0 0 L * *", "last day of the month"),
            ("0 0 LW * *", "last weekday of the month"),
            ("0 0 15W * *", "nearest"),
            ("0 0 * * 5L", "last given weekday"),
            ("0 0 * * 5#3", "nth weekday"),
            ("0 0 * * 7", "`0`, as in `0 0 * * 0`"),
            ("0 0 * * 1-7", "`1-6,0`, as in `0 0 * * 1-6,0`"),
            ("0 0 * * 6-7", "`6,0`"),
            ("0 0 * * 0-7", "`0-6`"),
            ("0 0 * * */7/", "too many slashes"),
            ("*/0 * * * *", "1 or more"),
            ("0 0 * 99999999999999999999 *", "1–12 or JAN–DEC"),
        ];
        for (expr, expected) in cases {
            let issue = err(expr);
            let text = format!("{} {}", issue.message, issue.help.unwrap_or_default());
            assert!(text.contains(expected), "{expr}: {text}");
        }
    }

    #[test]
    fn day_of_week_seven_is_rejected_with_a_sunday_fix() {
        let issue = err("0 3 * * 7");
        assert_eq!(
            help(&issue),
            "Kubernetes numbers the days of the week 0–6 with Sunday as 0 and rejects 7 (unlike \
             Vixie cron): write `0`, as in `0 3 * * 0`"
        );
        // With a step there is no one-item fix, but the rule is still explained.
        let issue = err("0 3 * * 1-7/2");
        assert!(
            help(&issue).ends_with("use 0 or SUN for Sunday"),
            "{}",
            help(&issue)
        );
    }

    // --- the Elasticsearch (Quartz) dialect ------------------------------------------------------

    #[test]
    fn quartz_schedules_get_their_kubernetes_equivalent() {
        let cases = [
            ("0 0 3 * * ?", "0 3 * * *"),
            ("0 30 1 * * ?", "30 1 * * *"),
            ("0 0 2 ? * MON-FRI", "0 2 * * MON-FRI"),
            // Quartz counts the days of the week 1–7 from Sunday.
            ("0 0 12 ? * 2-6", "0 12 * * 1-5"),
            ("0 0 12 ? * 1,7", "0 12 * * 0,6"),
            ("0 0/15 * * * ?", "0/15 * * * *"),
            ("0 0 3 * * ? *", "0 3 * * *"),
            ("0 0 0 1 1 ?", "0 0 1 1 *"),
        ];
        for (expr, converted) in cases {
            let issue = err(expr);
            assert_eq!(
                help(&issue),
                format!(
                    "this is Elasticsearch (Quartz) syntax, with seconds first; a Kubernetes \
                     CronJob schedule has no seconds field: `{converted}`"
                ),
                "{expr}"
            );
            assert!(ok(converted).warnings.is_empty(), "{converted}");
        }
        let issue = err("30 0 3 * * ?");
        assert!(help(&issue).contains("`0 3 * * *` (Kubernetes cannot start at second 30"));
    }

    #[test]
    fn quartz_schedules_without_an_equivalent_say_why() {
        let cases = [
            ("0 0 3 * * ? 2030", "the year `2030` has no equivalent"),
            ("0 15 10 ? * 6#3", "`L` and `#` in the day of week"),
            ("0 0 0 L * ?", "`L` and `W` in the day of month"),
            (
                "*/30 * * * * ?",
                "the seconds field `*/30` has no equivalent",
            ),
            (
                "0 0 22-2 * * ?",
                "translate to `0 22-2 * * *`, which Kubernetes rejects too",
            ),
        ];
        for (expr, reason) in cases {
            let help = help(&err(expr)).to_owned();
            assert!(
                help.starts_with("this looks like Elasticsearch (Quartz) syntax"),
                "{help}"
            );
            assert!(help.contains(reason), "{expr}: {help}");
        }
        // Six fields that are not cron syntax get the plain explanation.
        assert_eq!(help(&err("every day at 3 am please")), FIVE_FIELDS_HELP);
    }

    // --- TZ --------------------------------------------------------------------------------------

    #[test]
    fn any_tz_is_rejected_even_where_robfig_would_panic() {
        let message =
            format!("{REJECTS}cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        let issue = err("TZ=Europe/Amsterdam 0 3 * * *");
        assert_eq!(issue.message, message);
        assert_eq!(
            span("TZ=Europe/Amsterdam 0 3 * * *", &issue),
            "TZ=Europe/Amsterdam"
        );
        assert!(
            help(&issue)
                .ends_with("convert the times of `0 3 * * *` from Europe/Amsterdam to that zone"),
            "{}",
            help(&issue)
        );
        assert!(help(&err("CRON_TZ=UTC 0 3 * * *")).ends_with("that leaves `0 3 * * *`"));
        for expr in ["TZ=", "TZ=UTC", "CRON_TZ=UTC\t0\t3\t*\t*\t*"] {
            let issue = err(expr);
            assert!(issue.message.starts_with(&message), "{expr}");
            assert!(
                issue.message.contains("panics"),
                "{expr}: {}",
                issue.message
            );
        }
        // Anywhere in the schedule, not only as a prefix.
        let issue = err("0 3 * * * TZ");
        assert_eq!(issue.message, message);
        assert_eq!((issue.range.start, issue.range.end), (10, 12));
        // The check is case-sensitive, as in Kubernetes: `tz=` is just a sixth field.
        assert!(
            err("tz=UTC 0 3 * * *")
                .message
                .contains("expected exactly 5 fields, found 6")
        );
    }

    // --- quirks that Kubernetes accepts ----------------------------------------------------------

    #[test]
    fn steps_larger_than_the_range_keep_only_the_first_value() {
        for expr in ["*/61 * * * *", "*/60 * * * *"] {
            let w = warning(expr);
            assert_eq!(span(expr, &w), &expr[..4]);
            assert!(w.message.contains("selects only minute 0"), "{}", w.message);
            assert_eq!(
                runs(expr, NOW, 2),
                ["2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z"]
            );
        }
        let w = warning("0 */24 * * *");
        assert!(w.message.contains("selects only hour 0"), "{}", w.message);
        assert!(help(&w).contains("`0 0 */2 * *`"));
        assert!(
            warning("5/60 * * * *")
                .message
                .contains("selects only minute 5")
        );
    }

    #[test]
    fn uneven_steps_warn_about_the_short_gap() {
        let w = warning("*/45 * * * *");
        assert_eq!(
            w.message,
            "`*/45` does not divide the hour evenly: it runs at minutes 0,45 of every hour, so the \
             gap from 45 to the next 0 is 15 minutes, not 45"
        );
        assert_eq!(
            runs("*/45 * * * *", NOW, 3),
            [
                "2026-11-25T10:45:00Z",
                "2026-11-25T11:00:00Z",
                "2026-11-25T11:45:00Z"
            ]
        );
        assert!(
            warning("0 */5 * * *")
                .message
                .contains("gap from 20 to the next 0 is 4 hours")
        );
        for expr in ["*/15 * * * *", "*/20 * * * *", "0 */6 * * *", "0 0 */2 * *"] {
            assert!(ok(expr).warnings.is_empty(), "{expr}");
        }
    }

    #[test]
    fn empty_list_items_are_dropped() {
        let w = warning("1,,2 * * * *");
        assert_eq!((w.range.start, w.range.end), (2, 3));
        assert_eq!(
            w.message,
            "Kubernetes silently drops empty list items: `1,,2` means `1,2`"
        );
        assert_eq!(
            runs("1,,2 * * * *", NOW, 3),
            [
                "2026-11-25T10:01:00Z",
                "2026-11-25T10:02:00Z",
                "2026-11-25T11:01:00Z"
            ]
        );
        let w = warning(",5 * * * *");
        assert_eq!((w.range.start, w.range.end), (0, 1));
        let w = warning("5, * * * *");
        assert_eq!((w.range.start, w.range.end), (1, 2));
        assert_eq!(runs("5, * * * *", NOW, 1), ["2026-11-25T10:05:00Z"]);
    }

    #[test]
    fn a_field_of_only_commas_matches_nothing() {
        let parsed = ok(", * * * *");
        assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
        assert!(parsed.warnings[0].message.contains("lists no values"));
        let never = parsed.schedule.never_runs().expect("never runs");
        assert!(never.message.contains("never runs"));
        assert_eq!(parsed.schedule.next_after(t(NOW)), None);
        // An empty day-of-month under OR leaves the day-of-week alone in charge.
        assert_eq!(
            runs("0 0 , * 5", NOW, 2),
            ["2026-11-27T00:00:00Z", "2026-12-04T00:00:00Z"]
        );
    }

    #[test]
    fn a_hyphen_after_a_star_is_ignored() {
        let w = warning("*-5 * * * *");
        assert_eq!((w.range.start, w.range.end), (1, 3));
        assert_eq!(
            w.message,
            "Kubernetes ignores `-5` after `*`, so `*-5` means `*`"
        );
        assert_eq!(
            runs("*-5 * * * *", NOW, 2),
            ["2026-11-25T10:01:00Z", "2026-11-25T10:02:00Z"]
        );
        // Anything goes after the star, even what would be an error elsewhere.
        let w = &ok("*-x-99/30 * * * *").warnings[0];
        assert_eq!(span("*-x-99/30 * * * *", w), "-x-99");
        assert!(w.message.ends_with("means `*/30`"), "{}", w.message);
    }

    #[test]
    fn a_plus_sign_is_read_as_part_of_the_number() {
        let w = warning("+5 * * * *");
        assert_eq!((w.range.start, w.range.end), (0, 2));
        assert_eq!(w.message, "Kubernetes reads `+5` as 5");
        assert_eq!(runs("+5 * * * *", NOW, 1), ["2026-11-25T10:05:00Z"]);
        let w = warning("*/+20 * * * *");
        assert_eq!(span("*/+20 * * * *", &w), "+20");
        // 19 characters leave Go's fast path; the result is the same.
        let parsed = ok("+000000000000000005 * * * *");
        assert_eq!(parsed.warnings.len(), 1);
        assert!(ok("0000000000000000005 * * * *").warnings.is_empty());
    }

    #[test]
    fn question_marks_outside_the_day_fields_are_stars() {
        let parsed = ok("? ? * ? *");
        assert_eq!(parsed.warnings.len(), 3, "{:?}", parsed.warnings);
        assert!(
            parsed.warnings[0]
                .message
                .starts_with("`?` in the minute field means `*`")
        );
        assert_eq!(
            parsed
                .warnings
                .iter()
                .map(|w| w.range.start)
                .collect::<Vec<_>>(),
            [0, 2, 6]
        );
        assert_eq!(runs("? ? * ? *", NOW, 1), ["2026-11-25T10:01:00Z"]);
        assert!(ok("0 0 ? * ?").warnings.is_empty());
    }

    #[test]
    fn both_day_fields_restricted_warns_about_or() {
        let expr = "0 0 13 * 5";
        let w = warning(expr);
        assert_eq!(span(expr, &w), "13 * 5");
        assert!(w.message.contains("either one"), "{}", w.message);
        assert_eq!(help(&w), "to use only one of them, set the other to `*`");
    }

    #[test]
    fn schedules_that_never_run_are_flagged() {
        for expr in ["0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *"] {
            let parsed = ok(expr);
            assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
            let w = parsed.schedule.never_runs().expect("never runs").clone();
            assert!(w.message.contains("never runs"), "{}", w.message);
            assert_eq!(span(expr, &w), &expr[4..], "{expr}");
            assert_eq!(ok(expr).schedule.next_after(t(NOW)), None, "{expr}");
        }
        // 29 February does come round.
        assert!(ok("0 0 29 2 *").warnings.is_empty());
        assert!(ok("0 0 29 2 *").schedule.never_runs().is_none());
    }

    // --- AND/OR day rule and next runs -----------------------------------------------------------

    #[test]
    fn both_day_fields_restricted_fire_on_either() {
        assert_eq!(
            runs("0 0 13 * 5", NOW, 6),
            [
                "2026-11-27T00:00:00Z",
                "2026-12-04T00:00:00Z",
                "2026-12-11T00:00:00Z",
                "2026-12-13T00:00:00Z", // a Sunday, but the 13th
                "2026-12-18T00:00:00Z",
                "2026-12-25T00:00:00Z",
            ]
        );
    }

    #[test]
    fn a_star_in_either_day_field_means_and() {
        assert_eq!(
            runs("0 0 * * 5", NOW, 2),
            ["2026-11-27T00:00:00Z", "2026-12-04T00:00:00Z"]
        );
        assert_eq!(
            runs("0 0 13 * *", NOW, 2),
            ["2026-12-13T00:00:00Z", "2027-01-13T00:00:00Z"]
        );
        // `*/1` keeps the star; `?` is a star too.
        assert_eq!(
            runs("0 0 */1 * 1", NOW, 2),
            ["2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z"]
        );
        assert_eq!(runs("0 0 ? * 1", NOW, 1), ["2026-11-30T00:00:00Z"]);
    }

    #[test]
    fn a_step_above_one_or_a_full_range_is_not_a_star() {
        // `*/2` drops the star: odd days OR Mondays.
        assert_eq!(
            runs("0 0 */2 * 1", NOW, 5),
            [
                "2026-11-27T00:00:00Z",
                "2026-11-29T00:00:00Z",
                "2026-11-30T00:00:00Z",
                "2026-12-01T00:00:00Z",
                "2026-12-03T00:00:00Z",
            ]
        );
        // `1-31` is not a star: with a day of week, it fires every day.
        assert_eq!(
            runs("0 0 1-31 * 1", NOW, 3),
            [
                "2026-11-26T00:00:00Z",
                "2026-11-27T00:00:00Z",
                "2026-11-28T00:00:00Z"
            ]
        );
    }

    #[test]
    fn names_are_case_insensitive_three_letter_words() {
        assert_eq!(
            runs("0 0 1 JAN-MAR *", NOW, 3),
            [
                "2027-01-01T00:00:00Z",
                "2027-02-01T00:00:00Z",
                "2027-03-01T00:00:00Z"
            ]
        );
        assert_eq!(
            runs("0 0 * * sAt,Sun", NOW, 2),
            ["2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z"]
        );
        assert_eq!(runs("0 0 1 dec/1 *", NOW, 1), ["2026-12-01T00:00:00Z"]);
        // Go's strings.ToLower maps U+0130 to `i`, so robfig accepts this.
        assert_eq!(runs("0 0 * * FR\u{130}", NOW, 1), ["2026-11-27T00:00:00Z"]);
        // Names are not numbers for steps.
        assert!(
            err("*/mon * * * *")
                .message
                .contains("failed to parse int from mon")
        );
    }

    #[test]
    fn next_runs_of_common_schedules() {
        assert_eq!(
            runs("0 3 * * *", NOW, 3),
            [
                "2026-11-26T03:00:00Z",
                "2026-11-27T03:00:00Z",
                "2026-11-28T03:00:00Z"
            ]
        );
        // Friday 23:50 → Monday.
        assert_eq!(
            runs("*/15 * * * MON-FRI", "2026-11-27T23:50:00Z", 3),
            [
                "2026-11-30T00:00:00Z",
                "2026-11-30T00:15:00Z",
                "2026-11-30T00:30:00Z"
            ]
        );
        assert_eq!(
            runs("0 0 29 2 *", NOW, 2),
            ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]
        );
        assert_eq!(ok("0 0 31 2 *").schedule.next_after(t(NOW)), None);
        assert_eq!(
            runs("30 2 * * MON-FRI", NOW, 3),
            [
                "2026-11-26T02:30:00Z",
                "2026-11-27T02:30:00Z",
                "2026-11-30T02:30:00Z"
            ]
        );
        assert_eq!(runs("59 23 31 12 *", NOW, 1), ["2026-12-31T23:59:00Z"]);
    }

    #[test]
    fn runs_are_strictly_after_and_on_whole_minutes() {
        assert_eq!(
            runs("0 3 * * *", "2026-11-26T03:00:00Z", 1),
            ["2026-11-27T03:00:00Z"]
        );
        assert_eq!(
            runs("0 3 * * *", "2026-11-26T02:59:59Z", 1),
            ["2026-11-26T03:00:00Z"]
        );
        assert_eq!(
            runs("* * * * *", "2026-11-26T02:59:30Z", 1),
            ["2026-11-26T03:00:00Z"]
        );
        assert_eq!(
            runs("* * * * *", "2026-12-31T23:59:00Z", 1),
            ["2027-01-01T00:00:00Z"]
        );
    }

    #[test]
    fn the_search_gives_up_after_five_years_like_robfig() {
        // 2100 is no leap year: the next 29 February after 2096 is in 2104.
        assert_eq!(
            ok("0 0 29 2 *")
                .schedule
                .next_after(t("2097-03-01T00:00:00Z")),
            None
        );
        assert_eq!(
            runs("0 0 29 2 *", "2099-03-01T00:00:00Z", 1),
            ["2104-02-29T00:00:00Z"]
        );
        // The horizon is counted from one second after `after`, as robfig does.
        assert_eq!(
            ok("0 0 29 2 *")
                .schedule
                .next_after(t("2098-12-31T23:59:58Z")),
            None
        );
        assert_eq!(
            runs("0 0 29 2 *", "2098-12-31T23:59:59Z", 1),
            ["2104-02-29T00:00:00Z"]
        );
    }

    #[test]
    fn descriptors() {
        let cases = [
            ("@yearly", "2027-01-01T00:00:00Z"),
            ("@annually", "2027-01-01T00:00:00Z"),
            ("@monthly", "2026-12-01T00:00:00Z"),
            ("@weekly", "2026-11-29T00:00:00Z"),
            ("@daily", "2026-11-26T00:00:00Z"),
            ("@midnight", "2026-11-26T00:00:00Z"),
            ("@hourly", "2026-11-25T11:00:00Z"),
        ];
        for (expr, next) in cases {
            let parsed = ok(expr);
            assert!(parsed.warnings.is_empty(), "{expr}");
            assert_eq!(runs(expr, NOW, 1), [next], "{expr}");
        }
        assert_eq!(
            ok("@yearly").schedule.schedule,
            ok("0 0 1 1 *").schedule.schedule
        );
        assert_eq!(
            ok("@monthly").schedule.schedule,
            ok("0 0 1 * *").schedule.schedule
        );
        assert_eq!(
            ok("@weekly").schedule.schedule,
            ok("0 0 * * 0").schedule.schedule
        );
        assert_eq!(
            ok("@daily").schedule.schedule,
            ok("0 0 * * *").schedule.schedule
        );
        assert_eq!(
            ok("@hourly").schedule.schedule,
            ok("0 * * * *").schedule.schedule
        );
    }

    #[test]
    fn descriptors_are_exact() {
        let issue = err("@Daily");
        assert_eq!(
            issue.message,
            format!("{REJECTS}unrecognized descriptor: @Daily")
        );
        assert_eq!(
            help(&issue),
            "descriptors are case-sensitive: write `@daily`"
        );
        let issue = err("@daily ");
        assert_eq!(
            issue.message,
            format!("{REJECTS}unrecognized descriptor: @daily ")
        );
        assert_eq!(help(&issue), "remove the white space after `@daily`");
        assert!(help(&err("@reboot")).contains("no `@reboot`"));
        assert!(help(&err("@every")).contains("one space"));
        // Not the first character: just one field.
        let issue = err(" @daily");
        assert_eq!(
            issue.message,
            format!("{REJECTS}expected exactly 5 fields, found 1: [@daily]")
        );
        assert!(help(&issue).contains("remove the white space before it"));
        let issue = err("\t@every 1h");
        assert!(help(&issue).starts_with("Kubernetes reads `@every 1h` as a descriptor only"));
    }

    #[test]
    fn every_takes_go_durations() {
        let cases = [
            ("@every 1h30m", 5_400),
            ("@every 90s", 90),
            ("@every 1.5h", 5_400),
            ("@every 24h", 86_400),
            ("@every 1h1h", 7_200),
            ("@every +2m", 120),
            ("@every 2000000us", 2),
            ("@every 2000000\u{b5}s", 2),
            ("@every .5m", 30),
        ];
        for (expr, seconds) in cases {
            let after = t(NOW);
            assert_eq!(
                ok(expr).schedule.next_runs(after, 2),
                [after.plus_seconds(seconds), after.plus_seconds(2 * seconds)],
                "{expr}"
            );
        }
        let w = &ok("@every 24h").warnings;
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("kubernetes/kubernetes#104012"));
        assert_eq!((w[0].range.start, w[0].range.end), (0, 10));
        assert_eq!(
            help(&w[0]),
            "use a cron schedule at fixed clock times instead, such as `0 0 * * *`"
        );
        assert!(help(&ok("@every 30m").warnings[0]).contains("`*/30 * * * *`"));
        assert!(help(&ok("@every 6h").warnings[0]).contains("`0 */6 * * *`"));
    }

    #[test]
    fn every_rounds_like_robfig() {
        // Under a second (zero and negative included) becomes one second.
        for expr in ["@every 300ms", "@every 0", "@every -1h", "@every 0s"] {
            let parsed = ok(expr);
            assert_eq!(parsed.warnings.len(), 2, "{expr}");
            assert!(
                parsed.warnings[1]
                    .message
                    .contains("rounded up to one second"),
                "{expr}"
            );
            assert_eq!(span(expr, &parsed.warnings[1]), &expr[7..]);
            assert_eq!(
                parsed.schedule.next_after(t(NOW)),
                Some(t("2026-11-25T10:00:01Z"))
            );
        }
        // The fraction of a second is dropped.
        let parsed = ok("@every 1m1.9s");
        assert!(
            parsed.warnings[1].message.ends_with("every 1m1s"),
            "{}",
            parsed.warnings[1].message
        );
        assert_eq!(
            parsed.schedule.next_after(t(NOW)),
            Some(t("2026-11-25T10:01:01Z"))
        );
        // Go adds 2^63 + 2^63 in uint64: it wraps to 0, which robfig then makes 1s.
        let parsed = ok("@every 9223372036854775808ns9223372036854775808ns");
        assert_eq!(
            parsed.schedule.next_after(t(NOW)),
            Some(t("2026-11-25T10:00:01Z"))
        );
    }

    #[test]
    fn every_duration_errors_use_go_texts() {
        let cases = [
            (
                "@every 1d",
                r#"time: unknown unit "d" in duration "1d""#,
                "Go durations have no day unit",
            ),
            (
                "@every 1",
                r#"time: missing unit in duration "1""#,
                "Go duration such as",
            ),
            (
                "@every .s",
                r#"time: invalid duration ".s""#,
                "Go duration such as",
            ),
            (
                "@every ",
                r#"time: invalid duration """#,
                "Go duration such as",
            ),
            (
                "@every  1h",
                r#"time: invalid duration " 1h""#,
                "white space",
            ),
            (
                "@every 1h ",
                r#"time: unknown unit "h " in duration "1h ""#,
                "white space",
            ),
            (
                "@every 2562048h",
                r#"time: invalid duration "2562048h""#,
                "Go duration such as",
            ),
            (
                "@every 1é",
                r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#,
                "such as",
            ),
        ];
        for (expr, go_error, advice) in cases {
            let issue = err(expr);
            assert_eq!(
                issue.message,
                format!("{REJECTS}failed to parse duration {expr}: {go_error}")
            );
            assert_eq!(
                (issue.range.start, issue.range.end),
                (7, expr.len()),
                "{expr}"
            );
            assert!(help(&issue).contains(advice), "{expr}: {}", help(&issue));
        }
        // The largest duration Go accepts.
        assert!(parse("@every 2562047h").is_ok());
    }

    #[test]
    fn white_space_is_any_unicode_space() {
        let expr = "\u{3000}0\u{a0}3\t*\n*  *\n";
        let parsed = ok(expr);
        assert!(parsed.warnings.is_empty());
        assert_eq!(parsed.schedule.expression(), expr);
        assert_eq!(parsed.schedule.schedule, ok("0 3 * * *").schedule.schedule);
        // A zero-width space is not white space: it is part of the field.
        assert!(
            err("0\u{200b} 3 * * *")
                .message
                .contains("failed to parse int")
        );
    }

    #[test]
    fn next_runs_stops_at_count_or_when_nothing_fires() {
        assert!(ok("0 3 * * *").schedule.next_runs(t(NOW), 0).is_empty());
        assert!(
            ok("0 0 31 2 *")
                .schedule
                .next_runs(t(NOW), usize::MAX)
                .is_empty()
        );
        // 2092 and 2096; from 2096-02-29 the next one (2104) is beyond robfig's five years.
        assert_eq!(
            ok("0 0 29 2 *")
                .schedule
                .next_runs(t("2090-01-01T00:00:00Z"), 100),
            [t("2092-02-29T00:00:00Z"), t("2096-02-29T00:00:00Z")]
        );
    }

    /// The day-skipping search against a plain minute-by-minute reading of the rules.
    #[test]
    fn the_search_agrees_with_a_minute_by_minute_walk() {
        fn brute(fields: &Fields, after: DateTime, minutes: i64) -> Option<DateTime> {
            let first = after.to_unix().div_euclid(60) * 60 + 60;
            (0..minutes)
                .map(|i| DateTime::from_unix(first + i * 60))
                .find(|m| {
                    fields.minute & (1 << m.minute) != 0
                        && fields.hour & (1 << m.hour) != 0
                        && fields.month & (1 << m.month) != 0
                        && fields.day_matches(m.day, m.weekday())
                })
        }
        let exprs = [
            "0 3 * * *",
            "*/7 */5 * * *",
            "5-10 22-23 * * 0,6",
            "0 0 13 * 5",
            "0 12 */3 * 2",
            "30 0 1 */2 *",
            "0 0 31 * *",
            "15 4 28-31 2,3 *",
            "0 0 * 2,3 1",
            "59 23 1,15 * *",
        ];
        let afters = [
            NOW,
            "2026-12-31T23:59:59Z",
            "2027-02-28T23:59:00Z",
            "2028-02-28T12:34:56Z",
        ];
        for expr in exprs {
            let parsed = ok(expr);
            let Schedule::Fields(fields) = parsed.schedule.schedule else {
                unreachable!()
            };
            for after in afters {
                let expected = brute(&fields, t(after), 100 * 24 * 60);
                assert!(
                    expected.is_some(),
                    "{expr} after {after}: pick a denser schedule"
                );
                assert_eq!(
                    fields.next_after(t(after)),
                    expected,
                    "{expr} after {after}"
                );
            }
        }
    }

    #[test]
    fn nothing_panics_on_hostile_input() {
        let hostile = [
            "TZ=",
            "TZ=UTC",
            "CRON_TZ=",
            "TZ",
            "\0",
            "💥 * * * *",
            "* * * * 💥",
            "*/💥 * * * *",
            "@every 💥",
            "@💥",
            "@every 123456789012345678901234567890ns",
            "@every 0.00000000000000000000000000001h",
            "@every -9223372036854775808ns",
            "*/99999999999999999999 * * * *",
            "*/9223372036854775807 * * * *",
            "0-9223372036854775807 * * * *",
            "-",
            ",",
            "/",
            "*/",
            "--",
            "1-",
            "@",
            "?",
            ", , , , ,",
            "- - - - -",
            "/ / / / /",
            "* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *",
            "\u{feff}0 3 * * *",
            "0 3 * * *\u{feff}",
            "0 0 * * \u{212a}",
            "İİİ * * * *",
        ];
        let long = "1,".repeat(10_000) + " * * * *";
        for expr in hostile.iter().copied().chain([long.as_str()]) {
            check_no_panic(expr);
        }
        // Every string of up to three characters from an alphabet of troublemakers, alone and as
        // each field of an otherwise valid schedule.
        let alphabet = [
            "", " ", "*", "?", "-", "/", ",", "0", "7", "9", "L", "W", "#", "@", "T", "Z", "=",
            "é", "\t",
        ];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    let piece = format!("{a}{b}{c}");
                    check_no_panic(&piece);
                    for field in 0..5 {
                        let mut fields = ["0", "3", "*", "*", "*"].map(str::to_owned);
                        fields[field] = piece.clone();
                        check_no_panic(&fields.join(" "));
                    }
                }
            }
        }
    }

    #[test]
    fn help_texts_check_one_fix_not_one_per_bad_item() {
        // Found by the kubernetes_cron fuzz target: the help for day-of-week 7 parses the fixed
        // schedule, whose next 7 parsed its own fix, and so on: one nested parse per item, which
        // overflowed the stack with a few hundred items (and took quadratic time). `TZ=`
        // prefixes did the same.
        let sevens = format!("0 0 * * {}7", "7,".repeat(50_000));
        let issue = err(&sevens);
        assert!(
            issue
                .message
                .contains("end of range (7) above maximum (6): 7")
        );
        assert!(help(&issue).contains("write `0`"), "{issue:?}");
        let zones = format!("{}0 3 * * *", "TZ=UTC ".repeat(50_000));
        let issue = err(&zones);
        assert!(issue.message.contains("cannot use TZ"), "{issue:?}");
        assert_eq!(span(&zones, &issue), "TZ=UTC");
        // The fix is still checked where it matters.
        assert_eq!(
            help(&err("0 0 * * 7")),
            "Kubernetes numbers the days of the week 0–6 with Sunday as 0 and rejects 7 (unlike \
             Vixie cron): write `0`, as in `0 0 * * 0`"
        );
        assert_eq!(
            help(&err("0 0 * * 7,7")),
            "Kubernetes numbers the days of the week 0–6 with Sunday as 0 and rejects 7 (unlike \
             Vixie cron): write `0`"
        );
        assert!(help(&err("TZ=UTC 0 3 * * *")).ends_with("that leaves `0 3 * * *`"));
        assert!(!help(&err("TZ=UTC TZ=UTC 0 3 * * *")).contains("that leaves"));
    }

    fn check_no_panic(expr: &str) {
        let in_expr = |issue: &ValueIssue| {
            assert!(
                issue.range.start <= issue.range.end && issue.range.end <= expr.len(),
                "{expr:?}: {issue:?}"
            );
            assert!(
                expr.is_char_boundary(issue.range.start),
                "{expr:?}: {issue:?}"
            );
            assert!(
                expr.is_char_boundary(issue.range.end),
                "{expr:?}: {issue:?}"
            );
            assert!(!issue.message.is_empty());
        };
        match parse(expr) {
            Ok(parsed) => {
                parsed.warnings.iter().for_each(in_expr);
                let _ = parsed.schedule.next_runs(t(NOW), 3);
                let _ = parsed.schedule.next_after(DateTime {
                    year: i32::MAX,
                    month: 200,
                    day: 200,
                    hour: 200,
                    minute: 200,
                    second: 200,
                });
            }
            Err(issue) => in_expr(&issue),
        }
    }
}
