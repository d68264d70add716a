//! The StackGraph and configuration backup schedules: Kubernetes CronJob cron, exactly as the
//! API server accepts it.

use super::{Context, Family, Rule};
use crate::cron::ParsedCron;
use crate::cron::kubernetes::{self, KubernetesCron};
use crate::finding::Severity;
use crate::generation::Generations;
use crate::issue::ValueIssue;
use crate::memo::{Cache, memoize};

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[&INVALID, &NEVER_FIRES, &ODDITY],
    check: Some(check),
};

pub(crate) const INVALID: Rule = Rule {
    code: "SB301",
    name: "kubernetes-cron-invalid",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "A CronJob schedule the Kubernetes API server refuses.",
    explanation: r#"## What it does
Checks `backup.stackGraph.scheduled.schedule` and `backup.configuration.scheduled.schedule`, and
the ClickHouse `clickhouse.backup.scheduled.full_schedule` and `incremental_schedule`
(stackstate-k8s 1.11.0 and later, whose docs wrongly call them cronexpr), as
the Kubernetes API server does (robfig/cron v3 `ParseStandard` plus Kubernetes' own checks):
exactly five fields (minute, hour, day of month, month, day of week) or a descriptor such as
`@daily`; ranges, steps, lists and three-letter names; day of week 0 to 6; no `TZ=` or
`CRON_TZ=` prefix (the chart sets no `timeZone` either). Elasticsearch-style schedules (six
fields, `?`, `L`, `W`, `#`) are recognised and translated in the help.

## Why is this bad?
`helm install` or `helm upgrade` fails: the API server refuses the CronJob with
`spec.schedule: Invalid value`, and the release is left half applied.

The suse-observability 2.7.0 docs told users to turn one store's backup off with the schedule
`'0 0 1 1 1970'`. No cron of the chart reads `1970` as a year, so it is refused here too; the
finding says so and names what turns the backup off on the release checked
(`backup.<store>.enabled: false` from 2.10.3, the `scheduled.enabled` switches up to 2.6.x, and
nothing for one store on 2.7.0 to 2.10.2).

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      schedule: "0 0 3 * * ?"
```

## Use instead
```yaml
      schedule: "0 3 * * *"
```

## References
- https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
"#,
};

pub(crate) const NEVER_FIRES: Rule = Rule {
    code: "SB302",
    name: "kubernetes-cron-never-fires",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "A CronJob schedule Kubernetes accepts but that never runs.",
    explanation: r#"## What it does
Reports schedules that are valid but match no time at all, such as `0 0 31 2 *` (31 February)
or `0 0 30 2 *`.

## Why is this bad?
Kubernetes creates the CronJob without a complaint and it never starts a Job: no backup is ever
taken, and nothing fails to tell you.
"#,
};

pub(crate) const ODDITY: Rule = Rule {
    code: "SB303",
    name: "kubernetes-cron-oddity",
    severity: Severity::Warning,
    generations: Generations::ALL,
    summary: "A CronJob schedule Kubernetes accepts but reads differently than it looks.",
    explanation: r#"## What it does
Warns about input Kubernetes accepts by quietly reinterpreting it: a step wider than its field
(`*/61` runs once an hour), empty list items (`1,,2`), `*-5` (the `-5` is ignored), `+5`,
`?` outside the day fields, an uneven step (`*/45` runs at :00 and :45), day of month and day of
week both restricted (they are OR-ed: `0 0 13 * 5` runs on every 13th and on every Friday), and
`@every` (undocumented, counted from the controller's last run).

## Why is this bad?
The backups run, but not when the schedule's author thinks; with the OR rule they may run far
more often, filling the bucket faster than the retention expects.
"#,
};

thread_local! {
    static PARSED: Cache<Result<ParsedCron<KubernetesCron>, ValueIssue>> = Default::default();
}

/// A schedule parsed once per distinct text (parsing is pure; most files share the default).
pub(crate) fn parsed(expression: &str) -> Result<ParsedCron<KubernetesCron>, ValueIssue> {
    memoize(&PARSED, expression, || kubernetes::parse(expression))
}

fn check(cx: &mut Context<'_>) {
    let schedules = [
        (
            "backup.stackGraph.scheduled.schedule",
            cx.values.backup.stack_graph.scheduled.schedule.clone(),
        ),
        (
            "backup.configuration.scheduled.schedule",
            cx.values.backup.configuration.scheduled.schedule.clone(),
        ),
    ];
    let clickhouse = &cx.values.clickhouse.backup.scheduled;
    let clickhouse = [
        (
            "clickhouse.backup.scheduled.full_schedule",
            clickhouse.full_schedule.clone(),
        ),
        (
            "clickhouse.backup.scheduled.incremental_schedule",
            clickhouse.incremental_schedule.clone(),
        ),
    ];
    // The ClickHouse schedules are checked where the file writes them; the chart's defaults
    // (`45 0 * * *`, `45 3-23 * * *`) are valid.
    let written = clickhouse
        .into_iter()
        .filter_map(|(path, schedule)| schedule.map(|s| (path, s)));
    for (path, schedule) in schedules.into_iter().chain(written) {
        match parsed(&schedule) {
            Err(issue) => {
                let issue = super::disable_trick::explained(issue, &schedule, path, cx.generations);
                cx.report_issue(&INVALID, path, issue);
            }
            Ok(parsed) => {
                for warning in parsed.warnings {
                    cx.report_issue(&ODDITY, path, warning);
                }
                if let Some(never) = parsed.schedule.never_runs() {
                    cx.report_issue(&NEVER_FIRES, path, never.clone());
                } else if parsed.schedule.next_after(cx.now).is_none() {
                    cx.report(
                        &NEVER_FIRES,
                        path,
                        format!("`{schedule}` has no run in the next five years: Kubernetes never starts a backup"),
                        None,
                    );
                }
            }
        }
    }
}
