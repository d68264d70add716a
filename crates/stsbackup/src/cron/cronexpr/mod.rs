//! cronexpr: the Victoria Metrics backup schedules (`victoria-metrics-N.backup.scheduled.*`),
//! which the chart writes into a crontab that supercronic runs.
//!
//! supercronic (`crontab/crontab.go` `parseJobLine`) reads a crontab line by trying its first
//! 7, 6, 5 and then 1 white-space separated words as a schedule, with its in-tree fork of
//! gorhill/cronexpr (`cronexpr.ParseStrict`); the first that parses is the schedule and the rest
//! of the line is the command. In cronexpr:
//!
//! - 5 fields are `minute hour day-of-month month day-of-week`;
//! - 6 fields add the YEAR at the end (not seconds at the start: `0 */5 * * * *` runs every
//!   five hours, not every five minutes);
//! - 7 fields are `second minute hour day-of-month month day-of-week year`;
//! - `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily` and `@hourly` are replaced by
//!   7-field expressions wherever they occur in the text (there is no `@reboot`, `@midnight`
//!   or `@every`: cronexpr refuses them);
//! - years run from 1970 to 2099; `L`, `LW`, `nW` (day of month), `nL`, `n#k` (day of week);
//!   `?` means `*` in every field; names are English, short or long, in any case.
//!
//! Two flavours are modelled ([`Flavour`]): supercronic's fork (what runs in the `vmbackup`
//! sidecar) and gorhill's original `Parse` (Debian's `golang-github-gorhill-cronexpr-dev`),
//! which differ in three places: the fork refuses more than seven fields and backward ranges
//! (`5-1`), and reads month `01`–`09` as months 1–9 where gorhill reads month 0.
//!
//! [`parse`] reads one schedule as `Parse`/`ParseStrict` does; [`parse_crontab_line_schedule`]
//! reads a schedule value as supercronic reads the line `<schedule> <command>` the chart
//! writes. [`Schedule::next`] ports `Next`, edge cases included: a field that selects nothing,
//! a past year or a day that never comes make supercronic crash or spin, and
//! [`Schedule::never_fires`] says which and why.

use crate::calendar::DateTime;
use crate::cron::ParsedCron;
use crate::issue::ValueIssue;

mod next_run;
mod parser;
mod supercronic;
#[cfg(test)]
mod tests;

pub use next_run::NextRun;
pub use parser::Field;
// The crontab-line readers serve the differential tests (the `internals` feature).
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use supercronic::{
    CrontabEntry, CrontabLine, LINE_REFUSED, parse_crontab_line_schedule, parse_job_line,
    read_crontab_line,
};

use parser::{DaysOfMonth, DaysOfWeek, FIRST_YEAR, GoError, LAST_YEAR, Oddity};

/// Every refusal's message starts with this; cronexpr's own error text follows.
pub const REFUSES: &str = "cronexpr refuses this schedule: ";

/// Which cronexpr reads the schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flavour {
    /// supercronic's in-tree fork (`github.com/aptible/supercronic/cronexpr`, v0.2.2 and later,
    /// 2023): `ParseStrict`, backward ranges refused, `01`–`09` as month names.
    Supercronic,
    /// gorhill/cronexpr as published (1.0.0+git20180427.88b0669, Debian's package): `Parse`.
    Gorhill,
}

/// What the parser builds: the values of each field (upstream's `Expression`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParsedFields {
    seconds: Vec<i32>,
    minutes: Vec<i32>,
    hours: Vec<i32>,
    dom: DaysOfMonth,
    months: Vec<i32>,
    dow: DaysOfWeek,
    years: Vec<i32>,
    /// Each field read, with its byte range in the input.
    spans: Vec<(Field, usize, usize)>,
    /// Whether a descriptor (`@daily`) was expanded.
    descriptor: bool,
}

impl Default for ParsedFields {
    fn default() -> Self {
        ParsedFields {
            // Without a seconds field, second 0; without a year field, every year.
            seconds: vec![0],
            minutes: Vec::new(),
            hours: Vec::new(),
            dom: DaysOfMonth::default(),
            months: Vec::new(),
            dow: DaysOfWeek::default(),
            years: (FIRST_YEAR..=LAST_YEAR).collect(),
            spans: Vec::new(),
            descriptor: false,
        }
    }
}

/// A schedule cronexpr accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    expression: String,
    flavour: Flavour,
    fields: ParsedFields,
}

/// Parses `expr` as cronexpr's `Parse` (gorhill) or `ParseStrict` (supercronic) does.
///
/// `Err` is a schedule cronexpr refuses: the message is [`REFUSES`] followed by cronexpr's own
/// error text, and the range points at the field or item at fault. `Ok` carries warnings about
/// what cronexpr accepts but reads differently than it looks.
pub fn parse(expr: &str, flavour: Flavour) -> Result<ParsedCron<Schedule>, ValueIssue> {
    let (fields, oddities) = parser::parse_fields(expr, flavour).map_err(refusal)?;
    let mut warnings: Vec<ValueIssue> = oddities.iter().map(|o| oddity_warning(expr, o)).collect();
    if let Some(warning) = six_fields_warning(expr, &fields) {
        warnings.push(warning);
    }
    Ok(ParsedCron {
        schedule: Schedule {
            expression: expr.to_owned(),
            flavour,
            fields,
        },
        warnings,
    })
}

impl Schedule {
    /// What cronexpr's `Next` does for `after` (UTC; supercronic uses the container's zone,
    /// which is UTC in the chart's images).
    pub fn next(&self, after: DateTime) -> NextRun {
        next_run::next(&self.fields, after)
    }

    /// The next run after `after`, or None when `Next` finds none, panics or runs away (see
    /// [`Schedule::never_fires`] for which).
    pub fn next_after(&self, after: DateTime) -> Option<DateTime> {
        match self.next(after) {
            NextRun::At(time) => Some(time),
            _ => None,
        }
    }

    /// Up to `count` runs, each `Next` of the one before, as supercronic's loop asks for them.
    pub fn next_runs(&self, after: DateTime, count: usize) -> Vec<DateTime> {
        crate::cron::consecutive_runs(after, count, |from| self.next_after(from))
    }

    /// The source text it was parsed from.
    pub fn expression(&self) -> &str {
        &self.expression
    }

    pub fn flavour(&self) -> Flavour {
        self.flavour
    }

    /// The byte range of `field` in the expression, when it was written (not a descriptor's).
    pub fn field_span(&self, field: Field) -> Option<(usize, usize)> {
        self.fields
            .spans
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|&(_, start, end)| (start, end))
    }

    /// Why no backup ever runs after `from`, when that is so: the schedule names only past
    /// years, a day no month has (`30 2`), or a field that selects nothing, on which supercronic
    /// crashes. The range points at the field at fault.
    pub fn never_fires(&self, from: DateTime) -> Option<ValueIssue> {
        let outcome = self.next(from);
        match outcome {
            NextRun::At(time) if time > from => None,
            NextRun::At(time) => Some(self.issue_at(
                Field::Month,
                format!(
                    "cronexpr's next run after {from} is {time}, not later: gorhill's cronexpr \
                     reads month `01`–`09` as month 0, the December of the year before"
                ),
                "write the month without a leading zero (`1` or `jan`)",
            )),
            NextRun::RunsAway => Some(
                self.issue_at(
                    Field::Month,
                    "cronexpr's search never ends (gorhill reads month `01`–`09` as month 0, \
                 December of the year before, and no day of that December matches): the Go \
                 stack overflows and supercronic crashes"
                        .to_owned(),
                    "write the month without a leading zero (`1` or `jan`)",
                ),
            ),
            NextRun::Panics(field) => Some(self.issue_at(
                field,
                format!(
                    "the {} field selects no value, so cronexpr's Next indexes an empty list: \
                     supercronic crashes (panic: index out of range) and the backup sidecar \
                     restarts over and over",
                    field.name()
                ),
                "a range with a step must run forwards (`1-5/2`, not `5-1/2`)",
            )),
            NextRun::Never => Some(self.never_issue(from)),
        }
    }

    /// The issue for Go's zero time: which field leaves no time after `from`.
    fn never_issue(&self, from: DateTime) -> ValueIssue {
        const SPIN: &str = "supercronic never runs the job and logs \"job took too long to run\" \
                            in a busy loop";
        let years = &self.fields.years;
        if years.is_empty() {
            return self.issue_at(
                Field::Year,
                format!("the year field selects no year: {SPIN}"),
                "a range with a step must run forwards (`2030-2040/2`)",
            );
        }
        if years.iter().all(|&year| year < from.year) || from.year > LAST_YEAR {
            let last = years.last().copied().unwrap_or(LAST_YEAR);
            return self.issue_at(
                Field::Year,
                format!(
                    "the last year this schedule names is {last}, before {}: {SPIN}",
                    from.year
                ),
                "remove the year field (the sixth of six, the seventh of seven) to run every year",
            );
        }
        self.issue_at(
            Field::DayOfMonth,
            format!(
                "no day matches the day-of-month, month and day-of-week fields together in any \
                 year this schedule names (such as the 30th of February): {SPIN}"
            ),
            "pick a day every chosen month has; `L` is the last day of any month",
        )
    }

    fn issue_at(&self, field: Field, message: String, help: &str) -> ValueIssue {
        let (start, end) = self.field_span(field).unwrap_or((0, self.expression.len()));
        ValueIssue::new(message, start, end).with_help(help)
    }
}

/// cronexpr's error as an issue, with help where there is something specific to say.
fn refusal(error: GoError) -> ValueIssue {
    let help = refusal_help(&error);
    let issue = ValueIssue::new(
        format!("{REFUSES}{}", error.message),
        error.start,
        error.end,
    );
    match help {
        Some(help) => issue.with_help(help),
        None => issue,
    }
}

fn refusal_help(error: &GoError) -> Option<String> {
    let message = error.message.as_str();
    if message == "missing field(s)" {
        return Some(
            "cronexpr wants 5 fields (minute hour day-of-month month day-of-week), 6 (a year \
             after them) or 7 (seconds first, year last), or a descriptor such as `@hourly`; \
             `25 * * * *` runs at minute 25 of every hour"
                .to_owned(),
        );
    }
    if message == "too many fields" {
        return Some("supercronic reads at most 7 fields: seconds to year".to_owned());
    }
    if message.contains("(normalized to") {
        return Some(
            "cronexpr refuses a range that runs backwards (in the day of week 7 reads as 0, so \
             `1-7` is `1-0`); split it, as in `22-23,0-2`, or `1-6,0`"
                .to_owned(),
        );
    }
    let field = error.field?;
    if message.starts_with("invalid interval") {
        return Some(format!(
            "a step in the {} field must be 1 to {} (cronexpr reads only the numbers 0–59 and \
             1970–2099; anything else is a step of 0)",
            field.name(),
            field.max()
        ));
    }
    if message.ends_with("missing directive") {
        return Some(format!("the {} field has only commas", field.name()));
    }
    Some(match field {
        Field::Second | Field::Minute => {
            format!(
                "a {} is 0 to 59, `*`, `a-b`, `*/n`, `a/n` or `a-b/n`",
                field.name()
            )
        }
        Field::Hour => "an hour is 0 to 23, `*`, `a-b`, `*/n`, `a/n` or `a-b/n`".to_owned(),
        Field::DayOfMonth => {
            "a day of month is 1 to 31, `L` (last day), `LW` (last weekday), `15W` (weekday \
             nearest the 15th), `*`, a range or a step"
                .to_owned()
        }
        Field::Month => {
            "a month is 1 to 12 or a name (`jan`, `january`), `*`, a range or a step".to_owned()
        }
        Field::DayOfWeek => {
            let year_like = message.contains("'19") || message.contains("'20");
            let mut help = "a day of week is 0 to 7 (0 and 7 are Sunday) or a name (`mon`, \
                            `monday`), `5L` (last Friday), `5#3` (third Friday), `*`, a range or \
                            a step"
                .to_owned();
            if year_like {
                help.push_str(
                    "; a year goes in a sixth field, after the day of week (`0 0 1 1 * 2030`), \
                     and the documented `0 0 1 1 1970` is not a way to turn the backup off: \
                     set `victoria-metrics-N.backup.enabled: false` instead",
                );
            }
            help
        }
        Field::Year => "a year is 1970 to 2099, `*`, a range or a step".to_owned(),
    })
}

fn oddity_warning(expr: &str, oddity: &Oddity) -> ValueIssue {
    match *oddity {
        Oddity::IgnoredAfterStar { start, end } => ValueIssue::new(
            format!(
                "cronexpr stops reading this field at `*`: `{}` is ignored, unchecked",
                &expr[start..end]
            ),
            start,
            end,
        )
        .with_help("remove the items after `*`"),
        Oddity::RangeToSeven { start, end } => ValueIssue::new(
            format!(
                "cronexpr reads 7 as 0 before it builds the range, so `{}` does not reach Sunday \
                 (`0-7` is Sunday alone, `1-7/2` is nothing)",
                &expr[start..end]
            ),
            start,
            end,
        )
        .with_help("write Sunday as `0` on its own: `1-6,0`, or `*` for every day"),
        Oddity::MonthZero { start, end } => ValueIssue::new(
            format!(
                "gorhill's cronexpr reads the month `{}` with a leading zero as month 0, \
                 December of the year before",
                &expr[start..end]
            ),
            start,
            end,
        )
        .with_help("write the month without a leading zero (`1` or `jan`)"),
    }
}

/// Six fields are read with the year last, not seconds first: warn when the sixth is `*`,
/// which is how a seconds-first (Quartz, Spring) schedule ends.
fn six_fields_warning(expr: &str, fields: &ParsedFields) -> Option<ValueIssue> {
    if fields.descriptor || fields.spans.len() != 6 {
        return None;
    }
    let &(_, start, end) = fields.spans.last()?;
    if !matches!(&expr[start..end], "*" | "?") {
        return None;
    }
    let (first_start, _) = fields.spans.first().map(|&(_, s, e)| (s, e))?;
    Some(
        ValueIssue::new(
            "with six fields cronexpr reads the last as the year and the first as the minute, \
             not the first as seconds (`0 */5 * * * *` runs every five hours)",
            first_start,
            end,
        )
        .with_help(
            "drop the trailing `*` for a 5-field schedule, or write seven fields with seconds \
             first and the year last",
        ),
    )
}
