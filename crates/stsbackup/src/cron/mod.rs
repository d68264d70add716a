//! The two cron dialects of the chart, each parsed exactly as its consumer parses it.
//!
//! - [`kubernetes`]: `backup.stackGraph.scheduled.schedule` and
//!   `backup.configuration.scheduled.schedule` become `CronJob.spec.schedule`, which the API
//!   server checks with robfig/cron v3 `ParseStandard`.
//! - [`elasticsearch`]: `backup.elasticsearch.scheduled.schedule` becomes the SLM policy's
//!   `schedule`, parsed by Elasticsearch's fork of the Quartz `CronExpression`.
//!
//! No published crate matches either dialect exactly (see the project README), so both parsers
//! live here, with next-run computation on the parsed form.

use crate::calendar::DateTime;
use crate::issue::ValueIssue;

pub mod cronexpr;
pub mod elasticsearch;
pub mod kubernetes;

/// A schedule the consumer accepts, and what it accepts without complaint that is most likely
/// a mistake (warnings).
#[derive(Clone, Debug)]
pub struct ParsedCron<S> {
    pub schedule: S,
    pub warnings: Vec<ValueIssue>,
}

/// Up to `count` consecutive runs after `after`, asking `next_after` for each one in turn;
/// fewer when the schedule stops firing.
pub(crate) fn consecutive_runs(
    after: DateTime,
    count: usize,
    next_after: impl Fn(DateTime) -> Option<DateTime>,
) -> Vec<DateTime> {
    let mut runs = Vec::with_capacity(count.min(1024));
    let mut from = after;
    while runs.len() < count {
        match next_after(from) {
            Some(next) => {
                runs.push(next);
                from = next;
            }
            None => break,
        }
    }
    runs
}
