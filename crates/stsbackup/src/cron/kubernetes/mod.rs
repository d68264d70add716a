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

mod descriptors;
mod field_count;
mod fields;
mod go;
mod next_run;
mod parser;
#[cfg(test)]
mod tests;

use crate::calendar::DateTime;
use crate::cron::ParsedCron;
use crate::issue::ValueIssue;
use descriptors::{parse_descriptor, time_zone_issue};
use parser::parse_fields;
use std::cell::Cell;

/// robfig's `starBit`: the field was written with `*` or `?` (and no step above 1). It decides
/// whether the two day fields are combined with AND or with OR.
const STAR_BIT: u64 = 1 << 63;

/// Every error message starts with this; what follows is the API server's own text.
const REJECTS: &str = "Kubernetes rejects this schedule: ";

const NANOS_PER_SECOND: i64 = 1_000_000_000;

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
