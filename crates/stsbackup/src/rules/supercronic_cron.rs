//! The Victoria Metrics backup schedules (`victoria-metrics-N.backup.scheduled.*`): lines of the
//! crontab that supercronic runs in the `vmbackup` sidecar, in gorhill's cronexpr dialect; and
//! the two ClickHouse CronJobs that must not fire together.

use super::{Context, Family, Rule};
use crate::cron::ParsedCron;
use crate::cron::cronexpr::{self, Schedule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};
use crate::issue::ValueIssue;
use crate::memo::{Cache, memoize};

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[&INVALID, &ODDITY, &DEPRECATED_ALIAS, &CLICKHOUSE_COLLISION],
    check: Some(check),
};

pub(crate) const INVALID: Rule = Rule {
    code: "SB307",
    name: "supercronic-cron-invalid",
    severity: Severity::Error,
    generations: Generations::from(Generation::D1),
    summary: "A Victoria Metrics backup schedule supercronic refuses, or one that never runs.",
    explanation: r#"## What it does
Reads `victoria-metrics-0/1.backup.scheduled.schedule` (and from suse-observability 2.10.0
`hourly` and `daily`) as supercronic reads the crontab line the chart writes: its first 7, 6 or
5 words, or 1 (`@hourly`), with supercronic's fork of gorhill/cronexpr. In this dialect 6 fields
add a YEAR at the end, and 7 fields put seconds first. It also reports schedules that never run
(`0 0 30 2 *`, a past year) and those on which cronexpr crashes.

## Why is this bad?
supercronic stops on a `bad crontab line`: the `vmbackup` sidecar restarts over and over, and no
Victoria Metrics backup is taken. A schedule that takes only part of the value leaves the rest
as the start of the command, which fails at every run.

The suse-observability 2.7.0 docs told users to turn one store's backup off with the schedule
`'0 0 1 1 1970'`. No cron of the chart reads `1970` as a year, so it is refused here too; the
finding says so and names what turns the backup off on the release checked
(`backup.<store>.enabled: false` from 2.10.3, the `scheduled.enabled` switches up to 2.6.x, and
nothing for one store on 2.7.0 to 2.10.2).

## Example
```yaml
victoria-metrics-0:
  backup:
    scheduled:
      hourly: "0 25 * * * ?"
```

## Use instead
```yaml
      hourly: "25 * * * *"
```

## References
- https://github.com/aptible/supercronic
- https://github.com/gorhill/cronexpr
"#,
};

pub(crate) const ODDITY: Rule = Rule {
    code: "SB308",
    name: "supercronic-cron-oddity",
    severity: Severity::Warning,
    generations: Generations::from(Generation::D1),
    summary: "A Victoria Metrics backup schedule cronexpr accepts but reads differently than it looks.",
    explanation: r#"## What it does
Warns about what cronexpr accepts by reading it its own way: six fields (the last is a year, not
seconds at the front), a step wider than its field, and the other quirks the cronexpr port
knows.

## Why is this bad?
The backups run, but not when the schedule's author thinks: `0 */5 * * * *` runs every five
hours, not every five minutes.
"#,
};

pub(crate) const DEPRECATED_ALIAS: Rule = Rule {
    code: "SB309",
    name: "victoria-metrics-schedule-alias",
    severity: Severity::Warning,
    generations: Generations::from(Generation::E),
    summary: "`victoria-metrics-N.backup.scheduled.schedule` is a deprecated alias that overrides `hourly`.",
    explanation: r#"## What it does
Reports `victoria-metrics-0/1.backup.scheduled.schedule` on suse-observability 2.10.0 and later,
where the backups have an `hourly` and a `daily` schedule.

## Why is this bad?
The chart still honours the old key: when it is set, it replaces `hourly`, whatever `hourly`
says. A values file carried over from 2.9 keeps its old schedule, and a new `hourly` beside it is
silently ignored.

## Example
```yaml
victoria-metrics-0:
  backup:
    scheduled:
      schedule: "25 * * * *"
```

## Use instead
```yaml
      hourly: "25 * * * *"
```
"#,
};

pub(crate) const CLICKHOUSE_COLLISION: Rule = Rule {
    code: "SB310",
    name: "clickhouse-schedules-collide",
    severity: Severity::Error,
    generations: Generations::from(Generation::D1),
    summary: "The full and the incremental ClickHouse backups start in the same minute.",
    explanation: r#"## What it does
Compares `clickhouse.backup.scheduled.full_schedule` and `incremental_schedule` over the next
runs and reports a minute in which both CronJobs start.

## Why is this bad?
Both Jobs ask the same `clickhouse-backup` server to create a backup at once; it runs one
command at a time, so one of the two fails (the chart's own comment warns that the schedules
must not overlap). The defaults keep them apart: the full backup at 00:45, the incremental ones
at minute 45 of the hours 3 to 23.

## Example
```yaml
clickhouse:
  backup:
    scheduled:
      full_schedule: "45 0 * * *"
      incremental_schedule: "45 * * * *"
```

## Use instead
```yaml
      incremental_schedule: "45 3-23 * * *"
```
"#,
};

thread_local! {
    static PARSED: Cache<Result<ParsedCron<Schedule>, ValueIssue>> = Default::default();
}

fn parsed(expression: &str) -> Result<ParsedCron<Schedule>, ValueIssue> {
    memoize(&PARSED, expression, || {
        cronexpr::parse_crontab_line_schedule(expression)
    })
}

fn check(cx: &mut Context<'_>) {
    let instances = [
        (
            "victoria-metrics-0",
            &cx.values.victoria_metrics_0.backup.scheduled,
        ),
        (
            "victoria-metrics-1",
            &cx.values.victoria_metrics_1.backup.scheduled,
        ),
    ];
    let mut schedules = Vec::new();
    for (instance, scheduled) in instances {
        for (key, value) in [
            ("schedule", &scheduled.schedule),
            ("hourly", &scheduled.hourly),
            ("daily", &scheduled.daily),
        ] {
            if let Some(value) = value {
                schedules.push((format!("{instance}.backup.scheduled.{key}"), value.clone()));
            }
        }
    }
    let hourly_era = cx
        .generations
        .intersection(Generations::from(Generation::E))
        == cx.generations;
    for (path, schedule) in schedules {
        match parsed(&schedule) {
            Err(issue) => {
                let issue =
                    super::disable_trick::explained(issue, &schedule, &path, cx.generations);
                cx.report_issue(&INVALID, &path, issue);
            }
            Ok(parsed) => {
                for warning in parsed.warnings {
                    cx.report_issue(&ODDITY, &path, warning);
                }
                if let Some(never) = parsed.schedule.never_fires(cx.now) {
                    cx.report_issue(&INVALID, &path, never);
                }
            }
        }
        if hourly_era && path.ends_with(".scheduled.schedule") {
            let hourly = path.replace(".scheduled.schedule", ".scheduled.hourly");
            let also = if cx.is_written(&hourly) {
                format!(": the `{hourly}` beside it is ignored")
            } else {
                String::new()
            };
            cx.report(
                &DEPRECATED_ALIAS,
                &path,
                format!("`{path}` is deprecated and replaces `hourly`{also}"),
                Some(format!("rename it to `{hourly}`")),
            );
        }
    }
    check_clickhouse_collision(cx);
}

/// How many runs of each ClickHouse schedule are compared: two weeks of hourly runs.
const RUNS_COMPARED: usize = 400;

fn check_clickhouse_collision(cx: &mut Context<'_>) {
    let scheduled = &cx.values.clickhouse.backup.scheduled;
    if scheduled.full_schedule.is_none() && scheduled.incremental_schedule.is_none() {
        return;
    }
    // Where the file is silent, the release's default schedule runs.
    let full_path = "clickhouse.backup.scheduled.full_schedule";
    let incremental_path = "clickhouse.backup.scheduled.incremental_schedule";
    let (Some(full), Some(incremental)) = (
        scheduled
            .full_schedule
            .clone()
            .or_else(|| cx.release_default(full_path)),
        scheduled
            .incremental_schedule
            .clone()
            .or_else(|| cx.release_default(incremental_path)),
    ) else {
        return;
    };
    let (Ok(full_parsed), Ok(incremental_parsed)) = (
        super::kubernetes_cron::parsed(&full),
        super::kubernetes_cron::parsed(&incremental),
    ) else {
        return;
    };
    let full_runs = full_parsed.schedule.next_runs(cx.now, RUNS_COMPARED);
    let incremental_runs = incremental_parsed.schedule.next_runs(cx.now, RUNS_COMPARED);
    let horizon = match (full_runs.last(), incremental_runs.last()) {
        (Some(a), Some(b)) => (*a).min(*b),
        _ => return,
    };
    if let Some(both) = full_runs
        .iter()
        .filter(|run| **run <= horizon)
        .find(|run| incremental_runs.binary_search(run).is_ok())
    {
        let path = if cx.is_written(incremental_path) {
            incremental_path
        } else {
            full_path
        };
        cx.report(
            &CLICKHOUSE_COLLISION,
            path,
            format!("the full (`{full}`) and the incremental (`{incremental}`) ClickHouse backups both start at {both}: clickhouse-backup runs one at a time, so one of them fails"),
            Some("leave the full backup's hour out of the incremental schedule, as the defaults do (`45 0 * * *` and `45 3-23 * * *`)".into()),
        );
    }
}
