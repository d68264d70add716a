//! How long backups are kept: the StackGraph and configuration `timedelta` retention, and the
//! Elasticsearch SLM retention (time units and counts), plus the SLM `indices`.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};
use crate::memo::{Cache, memoize};
use crate::text::time_value::parse_time_value;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &RETENTION_TIMEDELTA,
        &RETENTION_DATE,
        &RETENTION_UNREADABLE,
        &EXPIRE_AFTER_TIME_UNIT,
        &RETENTION_COUNT,
        &RETENTION_MIN_OVER_MAX,
        &EXPIRE_UNDER_A_DAY,
        &INDICES,
        &KEEPS_ONE_BACKUP,
        &V2_WHOLE_DAYS,
    ],
    check: Some(check),
};

pub(crate) const RETENTION_TIMEDELTA: Rule = Rule {
    code: "SB401",
    name: "retention-timedelta",
    severity: Severity::Error,
    generations: Generations::until(Generation::D1),
    summary: "`backupRetentionTimeDelta` is not `keyword = number[, keyword = number]` with `timedelta` keywords and a positive total.",
    explanation: r#"## What it does
Checks `backup.stackGraph.scheduled.backupRetentionTimeDelta` and
`backup.configuration.scheduled.backupRetentionTimeDelta`. The chart's expiry script builds the
Python text `timedelta(` + value + `)` and passes it to `eval`, so only a safe, strict form
passes: `keyword = number`, comma-separated, each keyword once, from `weeks`, `days`, `hours`,
`minutes`, `seconds`, `milliseconds`, `microseconds`, with plain non-negative numbers and a total
above zero. Spaces are allowed, as in the default `days = 30`.

## Why is this bad?
The value runs as Python code in the backup pod, after the upload, at 03:00:
- `30 days` or `30 days ago` (the format of the later stackstate-k8s chart) is a SyntaxError:
  the Job fails every night, and old backups are never deleted until the volume or bucket fills;
- `day=30` is a TypeError, with the same result;
- an empty value, `days=0` or `days=-1` is a zero or negative delta: every backup is "expired"
  and deleted, the one just uploaded included;
- anything else is code: `__import__('os').system(...)` runs with the backup's credentials.

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      backupRetentionTimeDelta: 30 days
```

## Use instead
```yaml
      backupRetentionTimeDelta: days = 30
```

## References
- https://docs.python.org/3/library/datetime.html#timedelta-objects
"#,
};

pub(crate) const RETENTION_DATE: Rule = Rule {
    code: "SB408",
    name: "retention-date",
    severity: Severity::Error,
    generations: Generations::from(Generation::D2),
    summary: "`backupRetentionTimeDelta` is not a past date as GNU `date -d` reads it (stackstate-k8s 1.11.4 and later).",
    explanation: r#"## What it does
Checks `backup.stackGraph.scheduled.backupRetentionTimeDelta` and
`backup.configuration.scheduled.backupRetentionTimeDelta` from `stackstate-k8s` 1.11.4 and in
every `suse-observability` chart. The expiry script runs
`OLDER_THAN=$(date -d "$RETENTION" +"%Y%m%d-%H%M")` and deletes every backup older than that
moment. stsbackup reads the value exactly as GNU `date -d` does (a port of gnulib's
`parse-datetime`, tested against the real `date`), at the time of the lint.

## Why is this bad?
- A value `date` refuses (`days = 30`, the Python form of the older charts, or a typo) makes
  the backup Job fail after the upload, every night; old backups are never deleted until the
  bucket or volume fills. The StackGraph v2 backup (2.10.3, `implementation` not `v1`) expires
  its StackPacks backups with the value before it exports StackGraph: there the Job fails before
  any StackGraph backup is made.
- A value that resolves to now or to the future (`30 days`, without `ago`) makes every backup
  "older": each run deletes every backup, the one just uploaded included.

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      backupRetentionTimeDelta: 30 days
```

## Use instead
```yaml
      backupRetentionTimeDelta: 30 days ago
```
"#,
};

pub(crate) const RETENTION_UNREADABLE: Rule = Rule {
    code: "SB409",
    name: "retention-unreadable",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "`backupRetentionTimeDelta` is neither a Python `timedelta` nor a date GNU `date -d` reads.",
    explanation: r#"## What it does
When the chart generation is not known (no `--chart`, and the file fits both the charts that
hand the retention to Python and those that hand it to GNU `date`), reports a retention that
neither reads.

## Why is this bad?
Whatever the chart, the expiry step fails after every upload, and old backups are never deleted
(or, with Python's `eval`, the value runs as code).

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      backupRetentionTimeDelta: thirty days
```

## Use instead
```yaml
      # stackstate (4.3 to 5.1) and stackstate-k8s up to 1.11.3:
      backupRetentionTimeDelta: days = 30
      # stackstate-k8s 1.11.4 and later, suse-observability:
      backupRetentionTimeDelta: 30 days ago
```
"#,
};

pub(crate) const EXPIRE_AFTER_TIME_UNIT: Rule = Rule {
    code: "SB402",
    name: "expire-after-time-unit",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "`snapshotRetentionExpireAfter` is not an Elasticsearch time value (`30d`, `12h`).",
    explanation: r#"## What it does
Checks `backup.elasticsearch.scheduled.snapshotRetentionExpireAfter` the way Elasticsearch parses
time values: a whole number and one of the units `d`, `h`, `m`, `s`, `ms`, `micros`, `nanos`.
Units are case-insensitive except `m`: `30M` is refused because `M` means months in date math.

## Why is this bad?
The chart's init Job sends the value in the SLM policy; Elasticsearch refuses the policy
(`failed to parse setting [expire_after]`), the Job fails, and no snapshot is ever scheduled.

## Example
```yaml
backup:
  elasticsearch:
    scheduled:
      snapshotRetentionExpireAfter: 4w
```

## Use instead
```yaml
      snapshotRetentionExpireAfter: 28d
```

## References
- https://www.elastic.co/guide/en/elasticsearch/reference/7.6/common-options.html#time-units
"#,
};

pub(crate) const RETENTION_COUNT: Rule = Rule {
    code: "SB403",
    name: "retention-count",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "A snapshot retention count is not a whole number of at least 1.",
    explanation: r#"## What it does
Checks `snapshotRetentionMinCount` and `snapshotRetentionMaxCount`: whole numbers, at least 1.
They may be written as strings (`"5"`, the chart's form) or as numbers (`5`); Helm quotes them
either way.

## Why is this bad?
Elasticsearch refuses the SLM policy ("minimum snapshot count must be at least 1"), the init
Job fails, and no snapshot is ever scheduled.
"#,
};

pub(crate) const RETENTION_MIN_OVER_MAX: Rule = Rule {
    code: "SB404",
    name: "retention-min-over-max",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "`snapshotRetentionMinCount` is larger than `snapshotRetentionMaxCount`.",
    explanation: r#"## What it does
Reports a minimum snapshot count above the maximum.

## Why is this bad?
Elasticsearch refuses the policy ("minimum snapshot count 5 cannot be larger than maximum
snapshot count 3"), so no snapshot is ever scheduled.
"#,
};

pub(crate) const EXPIRE_UNDER_A_DAY: Rule = Rule {
    code: "SB405",
    name: "expire-under-a-day",
    severity: Severity::Warning,
    generations: Generations::ALL,
    summary: "Snapshots expire in under a day, but the retention task runs only daily.",
    explanation: r#"## What it does
Warns when `snapshotRetentionExpireAfter` is shorter than a day.

## Why is this bad?
Elasticsearch applies SLM retention once a day (at 01:30 UTC by default), so snapshots live up
to a day longer than the setting says; and a value this short is often a unit slip (`30m` for
30 days, or `30s`).
"#,
};

pub(crate) const INDICES: Rule = Rule {
    code: "SB406",
    name: "indices",
    severity: Severity::Error,
    generations: Generations::until(Generation::E0),
    summary: "`indices` would break the JSON body of the SLM policy.",
    explanation: r#"## What it does
Checks `backup.elasticsearch.scheduled.indices`. The 4.x charts paste the text into the SLM
policy's JSON body as it is, so it must be a valid JSON array of strings (`'["*"]'`). From 5.1
(and in stackstate-k8s and suse-observability up to 2.9) the chart wraps it in quotes, so it
must be a comma-separated pattern (`"sts*"`) without `"`, `\` or control characters: the array
`'["sts_*"]'`, right on 4.x, is invalid JSON there. When the release is named (or the file is
for a later chart), the form is checked against it.

## Why is this bad?
Elasticsearch refuses the malformed request, the init Job fails, and no snapshot is scheduled.

## Example
```yaml
      indices: '["sts_*", ]'
```

## Use instead
```yaml
      indices: '["sts_*"]'
```
"#,
};

pub(crate) const KEEPS_ONE_BACKUP: Rule = Rule {
    code: "SB407",
    name: "retention-keeps-one-backup",
    severity: Severity::Warning,
    generations: Generations::ALL,
    summary: "The retention is shorter than the time between backups: only the newest backup is ever kept.",
    explanation: r#"## What it does
Compares `backupRetentionTimeDelta` of StackGraph and configuration backups with their schedule,
and warns when every run's expiry deletes the previous backup: the retention is shorter than the
time between two runs. The retention is the Python `timedelta` (up to stackstate-k8s 1.11.3),
the time back to the GNU `date -d` moment (later charts), and for the StackGraph v2 backup of
suse-observability 2.10.3 the whole days it rounds that up to (SB415).

## Why is this bad?
Only one backup exists at any time. A backup taken while the data was already damaged replaces
the last good one, and there is nothing older to go back to. `stsbackup schedule` shows how many
backups a setting keeps.

## Example
```yaml
      schedule: "0 3 * * *"
      backupRetentionTimeDelta: hours = 12
```

## Use instead
```yaml
      backupRetentionTimeDelta: days = 14
```
"#,
};

pub(crate) const V2_WHOLE_DAYS: Rule = Rule {
    code: "SB415",
    name: "stackgraph-v2-whole-days",
    severity: Severity::Warning,
    generations: Generations::from(Generation::EPrime),
    summary: "The StackGraph v2 backup rounds `backupRetentionTimeDelta` up to whole days: a retention under a day keeps a day.",
    explanation: r#"## What it does
Reports, on suse-observability 2.10.3 and later when the StackGraph v2 backup runs
(`backup.stackGraph.scheduled.implementation` is not `v1`), a StackGraph retention that is not
a whole number of days.

## Why is this bad?
v1 deletes the backups older than `date -d "$RETENTION"`. v2 hands the StackGraph server a day
count instead, computed by `backup-stackgraph-v2.sh` as
`(( ($(date +%s) - $(date -d "$RETENTION" +%s) + 86399) / 86400 ))`: the retention rounded
up to whole days. `12 hours ago` keeps StackGraph backups for a day, `36 hours ago` for two,
while the StackPacks backups of the same run are still expired by the exact value. A
retention of `now` or later gives 0 or fewer days (SB408 reports it). The same script runs the
StackPacks expiry before the StackGraph export: a retention `date` refuses makes the Job fail
before any StackGraph backup is made.

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      implementation: v2
      backupRetentionTimeDelta: 12 hours ago
```

## Use instead
```yaml
      backupRetentionTimeDelta: 1 day ago
```
"#,
};

/// Whether the StackGraph v2 backup runs on every release checked: 2.10.3 and later, with an
/// `implementation` other than `v1` (the chart suspends v2 only for exactly `v1`).
fn v2_runs(cx: &Context<'_>) -> bool {
    cx.generations == Generations::from(Generation::EPrime)
        && cx
            .values
            .backup
            .stack_graph
            .scheduled
            .implementation
            .clone()
            .or_else(|| cx.release_default("backup.stackGraph.scheduled.implementation"))
            .is_some_and(|implementation| implementation != "v1")
}

/// The retention of the charts that hand it to GNU `date -d` (SB408), or, when the file may
/// also be for a chart that hands it to Python, a value that neither reads (SB409).
fn check_date_retention(
    cx: &mut Context<'_>,
    path: &str,
    value: &str,
    python_too: bool,
    schedule: Option<&str>,
) {
    use crate::text::date_input;
    let parsed = date_input::parse(value);
    let v2 = path.starts_with("backup.stackGraph.") && v2_runs(cx);
    if python_too {
        if parsed.is_err() && crate::text::timedelta::parse(value).is_err() {
            cx.report(
                &RETENTION_UNREADABLE,
                path,
                format!("`{value}` is neither a Python timedelta (`days = 30`) nor a date GNU `date -d` reads (`30 days ago`): the expiry step fails after every upload, whatever the chart"),
                Some("write `days = 30` for stackstate 4.3 to 5.1 and stackstate-k8s up to 1.11.3, `30 days ago` for later charts; --chart says which".into()),
            );
        }
        return;
    }
    match parsed {
        Err(issue) => {
            let help = if crate::text::timedelta::parse(value).is_ok() {
                Some(format!(
                    "`{value}` is the Python timedelta form of stackstate 4.3 to 5.1 and stackstate-k8s up to 1.11.3; from stackstate-k8s 1.11.4 the chart hands the value to GNU `date -d`: write for example `30 days ago`"
                ))
            } else {
                issue
                    .help
                    .clone()
                    .or_else(|| Some("for example `30 days ago`".into()))
            };
            // v2 expires the StackPacks backups with the same value before the export.
            let consequence = if v2 {
                "the StackGraph v2 Job fails at the StackPacks expiry, before the StackGraph export: no StackGraph backup is made"
            } else {
                "the backup Job fails after the upload and old backups are never deleted"
            };
            cx.report_within(
                &RETENTION_DATE,
                path,
                issue.range.clone(),
                format!(
                    "GNU `date -d` refuses `{value}` ({}): {consequence}",
                    issue.message
                ),
                help,
            );
        }
        Ok(input) => match input.resolve(cx.now) {
            Err(issue) => cx.report_issue(&RETENTION_DATE, path, issue),
            Ok(moment) if moment >= cx.now => {
                let v2_days = if v2 {
                    crate::text::date_input::retention_days(value, cx.now)
                        .map(|days| {
                            format!("; StackGraph v2 is told to keep its backups {days} days")
                        })
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                cx.report(
                    &RETENTION_DATE,
                    path,
                    format!("`{value}` is now or in the future to GNU `date -d`: every backup is older than that, so each run deletes every backup, the one just uploaded included{v2_days}"),
                    Some(if input.has_ago() { "check the signs: `ago` turns only the item before it around".to_owned() } else { format!("add `ago`: `{} ago`", value.trim()) }),
                );
            }
            Ok(moment) => {
                let mut kept_seconds = (cx.now.to_unix() - moment.to_unix()) as f64;
                if v2 && let Ok(days) = crate::text::date_input::retention_days(value, cx.now) {
                    let whole = days * 86_400;
                    if whole as f64 != kept_seconds {
                        cx.report(
                            &V2_WHOLE_DAYS,
                            path,
                            format!("StackGraph v2 keeps its backups a whole number of days: `{value}` becomes {days} day{} (`backup-stackgraph-v2.sh` rounds up), while v1 and the StackPacks expiry keep exactly `{value}`", if days == 1 { "" } else { "s" }),
                            Some(format!("write whole days, such as `{days} day{} ago`", if days == 1 { "" } else { "s" })),
                        );
                    }
                    kept_seconds = whole as f64;
                }
                if let Some(schedule) = schedule {
                    report_keeps_one(cx, path, value, schedule, kept_seconds);
                }
            }
        },
    }
}

/// A retention count as Elasticsearch reads it from the policy: a whole number, at least 1.
fn parse_count(text: &str) -> Result<u32, String> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{text}` is not a whole number"));
    }
    match text.parse::<u32>() {
        Ok(0) => Err("it is 0; Elasticsearch requires at least 1".into()),
        Ok(count) if count <= i32::MAX as u32 => Ok(count),
        _ => Err("it is too large".into()),
    }
}

fn check(cx: &mut Context<'_>) {
    let deltas = [
        (
            "backup.stackGraph.scheduled.backupRetentionTimeDelta",
            cx.values
                .backup
                .stack_graph
                .scheduled
                .backup_retention_time_delta
                .clone(),
        ),
        (
            "backup.configuration.scheduled.backupRetentionTimeDelta",
            cx.values
                .backup
                .configuration
                .scheduled
                .backup_retention_time_delta
                .clone(),
        ),
    ];
    let schedules = [
        cx.values.backup.stack_graph.scheduled.schedule.clone(),
        cx.values.backup.configuration.scheduled.schedule.clone(),
    ];
    let python = cx
        .generations
        .intersection(Generations::until(Generation::D1));
    let gnu = cx
        .generations
        .intersection(Generations::from(Generation::D2));
    for ((path, delta), schedule) in deltas.into_iter().zip(schedules) {
        if !gnu.is_empty() {
            // The model holds the classic default where the file is silent; the later charts'
            // own defaults (`30 days ago`) are right by construction.
            if cx.is_written(path) {
                // SB407 needs one reading of the value: GNU's, where every candidate is GNU.
                let schedule = python.is_empty().then_some(schedule.as_str());
                check_date_retention(cx, path, &delta, !python.is_empty(), schedule);
            }
            continue;
        }
        match crate::text::timedelta::parse(&delta) {
            Err(issue) => cx.report_issue(&RETENTION_TIMEDELTA, path, issue),
            Ok(parsed) => report_keeps_one(cx, path, &delta, &schedule, parsed.total_seconds()),
        }
    }
    check_elasticsearch(cx);
}

thread_local! {
    static KEEPS_ONE: Cache<bool> = Default::default();
}

/// SB407, for a retention that keeps backups `seconds` long after each run of `schedule`.
fn report_keeps_one(cx: &mut Context<'_>, path: &str, delta: &str, schedule: &str, seconds: f64) {
    let key = format!("{schedule}\u{0}{seconds}");
    let keeps_one = memoize(&KEEPS_ONE, &key, || keeps_one_backup(schedule, seconds));
    if keeps_one {
        let example = if delta.contains('=') {
            "`days = 14`"
        } else {
            "`14 days ago`"
        };
        cx.report(
            &KEEPS_ONE_BACKUP,
            path,
            format!("`{delta}` is shorter than the time between two runs of `{schedule}`: each run deletes the previous backup, so only one is ever kept"),
            Some(format!("keep backups for several runs, for example {example} with a daily schedule")),
        );
    }
}

/// Whether an expiry by age of `seconds` after each run of `schedule` keeps a single backup.
fn keeps_one_backup(schedule: &str, seconds: f64) -> bool {
    let Ok(parsed) = super::kubernetes_cron::parsed(schedule) else {
        return false;
    };
    let reference = crate::calendar::DateTime::from_date(2026, 1, 1);
    let runs = parsed.schedule.next_runs(reference, 64);
    runs.len() > 1
        && crate::schedule::most_within(&runs, seconds).is_some_and(|kept| kept.count <= 1)
}

fn check_elasticsearch(cx: &mut Context<'_>) {
    let scheduled = &cx.values.backup.elasticsearch.scheduled;
    let expire_path = "backup.elasticsearch.scheduled.snapshotRetentionExpireAfter";
    let expire_after = scheduled.snapshot_retention_expire_after.clone();
    match parse_time_value(&expire_after) {
        Ok(value) if value.nanos < 0 => cx.report(
            &EXPIRE_AFTER_TIME_UNIT,
            expire_path,
            "`-1` is not a retention period",
            Some("use a period such as `30d`".into()),
        ),
        Ok(value) if value.seconds() < 86_400.0 => cx.report(
            &EXPIRE_UNDER_A_DAY,
            expire_path,
            format!("snapshots expire after `{}`, under a day, but the retention task runs only once a day", expire_after.trim()),
            Some("use days, for example `30d`".into()),
        ),
        Ok(_) => {}
        Err(why) => cx.report(
            &EXPIRE_AFTER_TIME_UNIT,
            expire_path,
            format!("`{expire_after}` is not an Elasticsearch time value: {why}"),
            Some("for example `30d` or `12h`".into()),
        ),
    }

    let min_path = "backup.elasticsearch.scheduled.snapshotRetentionMinCount";
    let max_path = "backup.elasticsearch.scheduled.snapshotRetentionMaxCount";
    let min_text = scheduled.snapshot_retention_min_count.as_str().to_owned();
    let max_text = scheduled.snapshot_retention_max_count.as_str().to_owned();
    let mut counts = Vec::new();
    for (path, text) in [(min_path, &min_text), (max_path, &max_text)] {
        match parse_count(text) {
            Ok(count) => counts.push(count),
            Err(why) => cx.report(
                &RETENTION_COUNT,
                path,
                format!("`{path}` is not a valid snapshot count: {why}"),
                Some("a whole number of at least 1, such as \"5\"".into()),
            ),
        }
    }
    if let [min, max] = counts[..]
        && min > max
    {
        cx.report(
                &RETENTION_MIN_OVER_MAX,
                min_path,
                format!("the minimum snapshot count ({min}) is larger than the maximum ({max}): Elasticsearch refuses the policy"),
                Some("make the minimum at most the maximum".into()),
            );
    }

    let indices_path = "backup.elasticsearch.scheduled.indices";
    let indices = scheduled.indices.clone();
    if let Some(why) = indices_problem(&indices) {
        cx.report(&INDICES, indices_path, format!("`indices` {why}"), Some(r#"a JSON array such as '["sts*"]' (chart 4.x) or a pattern such as "sts*" (chart 5.1)"#.into()));
    } else if let Some(wants_array) = indices_form(cx) {
        let is_array = indices.trim().starts_with('[');
        if is_array && !wants_array {
            cx.report(
                &INDICES,
                indices_path,
                format!("from stackstate 5.1 the chart wraps `indices` in quotes, so the JSON array `{}` makes the SLM policy's body invalid JSON: Elasticsearch refuses it and no snapshot is ever taken", indices.trim()),
                Some(format!("write the patterns comma-separated, without brackets or quotes: `{}`", array_as_pattern(&indices))),
            );
        } else if wants_array && !is_array {
            cx.report(
                &INDICES,
                indices_path,
                format!("the 4.x chart pastes `indices` into the SLM policy's JSON without quotes, so `{}` makes the body invalid JSON: Elasticsearch refuses it and no snapshot is ever taken", indices.trim()),
                Some(format!("write a JSON array: '[\"{}\"]'", indices.trim().replace(',', "\", \""))),
            );
        }
    }
}

/// Whether the releases checked paste `indices` as a JSON array (4.x: `true`) or quote it as a
/// pattern (5.1 and later: `false`); `None` when they differ or may (the classic chart without
/// a named release is 4.x or 5.1) or when the key is gone.
fn indices_form(cx: &Context<'_>) -> Option<bool> {
    if cx.chart.is_none() && cx.generations.contains(Generation::Classic) {
        return None;
    }
    let key = crate::catalogue::lookup("backup.elasticsearch.scheduled.indices")?;
    let mut forms = cx
        .releases
        .iter()
        .map(|release| key.default_at(*release).map(|d| d.starts_with("\"[")));
    let first = forms.next()??;
    forms.all(|form| form == Some(first)).then_some(first)
}

/// The patterns of a JSON array of strings, comma-separated.
fn array_as_pattern(indices: &str) -> String {
    match serde_json::from_str::<Vec<String>>(indices.trim()) {
        Ok(items) => items.join(","),
        Err(_) => "sts*".into(),
    }
}

fn indices_problem(indices: &str) -> Option<String> {
    let trimmed = indices.trim();
    if trimmed.is_empty() {
        return Some("is empty: the policy would snapshot nothing, or fail".into());
    }
    if trimmed.starts_with('[') {
        return match serde_json::from_str::<serde_json::Value>(trimmed) {
            Ok(serde_json::Value::Array(items)) if items.is_empty() => {
                Some("is an empty array".into())
            }
            Ok(serde_json::Value::Array(items))
                if items
                    .iter()
                    .all(|i| i.as_str().is_some_and(|s| !s.is_empty())) =>
            {
                None
            }
            Ok(serde_json::Value::Array(_)) => Some("must be an array of non-empty strings".into()),
            Ok(_) => Some("is not a JSON array".into()),
            Err(error) => Some(format!("is not valid JSON: {error}")),
        };
    }
    if let Some(bad) = trimmed
        .chars()
        .find(|c| *c == '"' || *c == '\\' || c.is_control())
    {
        let shown = if bad.is_control() {
            "a control character".to_owned()
        } else {
            format!("`{bad}`")
        };
        return Some(format!(
            "contains {shown}, which breaks the JSON body the chart sends to Elasticsearch"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::constraints::{TIME_VALUE_PATTERN, TIMEDELTA_PATTERN};

    #[test]
    fn the_schema_pattern_only_refuses_what_the_rule_refuses() {
        let pattern = regex::Regex::new(TIME_VALUE_PATTERN).unwrap();
        for text in [
            "30d",
            "30M",
            "1.5d",
            "30",
            "-1",
            "0",
            " 12 h ",
            "4w",
            "9999999999999999999999d",
            "5MICROS",
        ] {
            if !pattern.is_match(text) {
                assert!(
                    parse_time_value(text).is_err(),
                    "schema refuses {text} but the rule accepts it"
                );
            }
        }
    }

    #[test]
    fn the_timedelta_pattern_only_refuses_what_the_rule_refuses() {
        let pattern = regex::Regex::new(TIMEDELTA_PATTERN).unwrap();
        for text in [
            "days = 30",
            "days=30",
            "weeks=4, days=2",
            "hours=36",
            "days=1.5",
            "30",
            "",
            "days=-1",
            "day=30",
            "30 days ago",
            "days=30, days=1",
            "days=1e9",
            "seconds=86400*30",
            " days = 30 , ",
            "Days=30",
            "days = 30 # keep",
            "days=.5",
            "days=1_000",
            "days = 30\n",
        ] {
            if !pattern.is_match(text) {
                assert!(
                    crate::text::timedelta::parse(text).is_err(),
                    "schema refuses {text:?} but the rule accepts it"
                );
            }
        }
    }

    #[test]
    fn counts_and_indices() {
        assert_eq!(parse_count("5"), Ok(5));
        assert!(parse_count("0").is_err());
        assert!(parse_count("-1").is_err());
        assert!(parse_count("5.0").is_err());
        assert_eq!(indices_problem(r#"["*"]"#), None);
        assert_eq!(indices_problem("sts*"), None);
        assert!(indices_problem(r#"["sts*", ]"#).is_some());
        assert!(indices_problem(r#"sts*","x"#).is_some());
        assert!(indices_problem("[]").is_some());
    }
}
