//! The Elasticsearch snapshot schedule: the SLM policy's Quartz-style cron, exactly as
//! Elasticsearch 7.x parses it, always in UTC.

use super::{Context, Family, Rule};
use crate::cron::ParsedCron;
use crate::cron::elasticsearch::{self, ElasticsearchCron};
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
    code: "SB304",
    name: "elasticsearch-cron-invalid",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "An Elasticsearch snapshot schedule Elasticsearch refuses (or would store and then mis-run).",
    explanation: r#"## What it does
Checks `backup.elasticsearch.scheduled.schedule` as Elasticsearch's Quartz-derived parser does:
`<seconds> <minutes> <hours> <day-of-month> <month> <day-of-week> [year]`, exactly one of
day-of-month and day-of-week is `?`, `L`, `W`, `#`, and the range of each field (day of week 1–7
with Sunday = 1). Also refused, although Elasticsearch stores them: tokens after the seventh
field (silently ignored), the parser's internal markers `99`/`98` as values, years outside
1970–2099, and `"`, `\` or control characters (the chart pastes the schedule raw into the JSON
of the SLM request). Kubernetes-style five-field schedules are recognised and translated in the
help.

## Why is this bad?
The chart's init Job sends the schedule in the SLM policy; Elasticsearch refuses it (`invalid
schedule: must be a valid cron expression`), the Job fails, and no snapshot is ever scheduled.

The suse-observability 2.7.0 docs told users to turn one store's backup off with the schedule
`'0 0 1 1 1970'`. No cron of the chart reads `1970` as a year, so it is refused here too; the
finding says so and names what turns the backup off on the release checked
(`backup.<store>.enabled: false` from 2.10.3, the `scheduled.enabled` switches up to 2.6.x, and
nothing for one store on 2.7.0 to 2.10.2).

## Example
```yaml
backup:
  elasticsearch:
    scheduled:
      schedule: "0 3 * * *"
```

## Use instead
```yaml
      schedule: "0 0 3 * * ?"
```

## References
- https://www.elastic.co/guide/en/elasticsearch/reference/7.6/cron-expressions.html
"#,
};

pub(crate) const NEVER_FIRES: Rule = Rule {
    code: "SB305",
    name: "elasticsearch-cron-never-fires",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "An Elasticsearch snapshot schedule that is accepted but never runs.",
    explanation: r#"## What it does
Reports schedules Elasticsearch accepts but that match no future time: `0 0 0 30 2 ?`
(30 February), `0 0 0 31 4 ?`, `L 0 3 * * ?` (an empty seconds field), `0 0 3 0W * ?`, or a year
that is already past.

## Why is this bad?
Elasticsearch stores the policy without a complaint and never takes a snapshot.
"#,
};

pub(crate) const ODDITY: Rule = Rule {
    code: "SB306",
    name: "elasticsearch-cron-oddity",
    severity: Severity::Warning,
    generations: Generations::ALL,
    summary: "An Elasticsearch schedule that Elasticsearch reads differently than it looks.",
    explanation: r#"## What it does
Warns about input Elasticsearch accepts by skipping part of it: `3PM` is read as 3, `MONDAY` as
`MON`, `*X` as `*`, `MON-FRI/2` as `MON-FRI`, empty list items, a step that leaves only its start
value (`0/60`), `W` or `#` inside a list (they apply to one item only).

## Why is this bad?
Snapshots run, but not when the schedule's author thinks (`3PM` runs at 03:00, not 15:00).
"#,
};

thread_local! {
    static PARSED: Cache<Result<ParsedCron<ElasticsearchCron>, ValueIssue>> = Default::default();
}

fn check(cx: &mut Context<'_>) {
    let path = "backup.elasticsearch.scheduled.schedule";
    let schedule = cx.values.backup.elasticsearch.scheduled.schedule.clone();
    match memoize(&PARSED, &schedule, || elasticsearch::parse(&schedule)) {
        Err(issue) => {
            let issue = super::disable_trick::explained(issue, &schedule, path, cx.generations);
            cx.report_issue(&INVALID, path, issue);
        }
        Ok(parsed) => {
            for warning in parsed.warnings {
                cx.report_issue(&ODDITY, path, warning);
            }
            if parsed.schedule.next_after(cx.now).is_none() {
                cx.report(
                    &NEVER_FIRES,
                    path,
                    format!("Elasticsearch accepts `{schedule}`, but it has no run after {}: no snapshot is ever taken", cx.now),
                    Some("check the day-of-month, month and year fields: `0 0 3 * * ?` runs daily at 03:00 UTC".into()),
                );
            }
        }
    }
}
