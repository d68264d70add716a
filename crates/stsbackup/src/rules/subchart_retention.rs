//! How many Victoria Metrics and ClickHouse backups are kept: counts the scripts and
//! clickhouse-backup read as whole numbers.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};
use crate::model::IntOrString;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[&KEEP_COUNT, &KEEP_REMOTE_ZERO],
    check: Some(check),
};

pub(crate) const KEEP_COUNT: Rule = Rule {
    code: "SB413",
    name: "backup-keep-count",
    severity: Severity::Error,
    generations: Generations::from(Generation::D1),
    summary: "`keepLastDaily`, `keepLastWeekly` or `keep_remote` is not a whole number of at least 0.",
    explanation: r#"## What it does
Checks `victoria-metrics-0/1.backup.keepLastDaily` and `keepLastWeekly` (suse-observability
2.10.0 and later), which the daily job compares in shell integer tests, and
`clickhouse.backup.config.keep_remote`, clickhouse-backup's `backups_to_keep_remote`.

## Why is this bad?
The shell refuses `7d` or `"seven"` (`integer expression expected`): the daily Victoria
Metrics job fails after its copy, and old copies are never deleted. clickhouse-backup does not
start with a count it cannot read, so no ClickHouse backup is taken.

## Example
```yaml
victoria-metrics-0:
  backup:
    keepLastDaily: 7d
```

## Use instead
```yaml
    keepLastDaily: 7
```
"#,
};

pub(crate) const KEEP_REMOTE_ZERO: Rule = Rule {
    code: "SB414",
    name: "clickhouse-keep-remote-zero",
    severity: Severity::Warning,
    generations: Generations::from(Generation::D1),
    summary: "`clickhouse.backup.config.keep_remote: 0` keeps every ClickHouse backup forever.",
    explanation: r#"## What it does
Reports `clickhouse.backup.config.keep_remote: 0`.

## Why is this bad?
For clickhouse-backup, 0 backups to keep means no limit: nothing is ever deleted, and with a full
backup a day and an incremental one an hour the bucket grows without end. The chart's default,
308, keeps about two weeks.

## Example
```yaml
clickhouse:
  backup:
    config:
      keep_remote: 0
```

## Use instead
```yaml
      keep_remote: 308
```
"#,
};

/// A count as the shell's `[ ... -gt ... ]` and Go's integer parsing read it: optional
/// surrounding spaces for the shell are not allowed in YAML text either way, so digits only.
fn whole_number(value: &IntOrString) -> Result<i64, String> {
    match value {
        IntOrString::Int(n) if *n >= 0 => Ok(*n),
        IntOrString::Int(n) => Err(format!("`{n}` is negative")),
        IntOrString::String(text) => {
            if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                text.parse::<i64>()
                    .map_err(|_| format!("`{text}` is too large"))
            } else {
                Err(format!("`{text}` is not a whole number"))
            }
        }
    }
}

fn check(cx: &mut Context<'_>) {
    let mut counts = Vec::new();
    for (instance, backup) in [
        ("victoria-metrics-0", &cx.values.victoria_metrics_0.backup),
        ("victoria-metrics-1", &cx.values.victoria_metrics_1.backup),
    ] {
        if let Some(value) = &backup.keep_last_daily {
            counts.push((format!("{instance}.backup.keepLastDaily"), value.clone(), "the daily Victoria Metrics job's shell test fails (`integer expression expected`) after the copy, and no copy is ever deleted"));
        }
        if let Some(value) = &backup.keep_last_weekly {
            counts.push((format!("{instance}.backup.keepLastWeekly"), value.clone(), "the daily Victoria Metrics job's shell test fails (`integer expression expected`) after the copy, and no copy is ever deleted"));
        }
    }
    let keep_remote = cx.values.clickhouse.backup.config.keep_remote.clone();
    if let Some(value) = &keep_remote {
        counts.push((
            "clickhouse.backup.config.keep_remote".to_owned(),
            value.clone(),
            "clickhouse-backup cannot read its configuration, and no ClickHouse backup is taken",
        ));
    }
    for (path, value, consequence) in counts {
        match whole_number(&value) {
            Err(why) => cx.report(
                &KEEP_COUNT,
                &path,
                format!("{why}: {consequence}"),
                Some("write a whole number such as 7".into()),
            ),
            Ok(0) if path.starts_with("clickhouse.") => cx.report(
                &KEEP_REMOTE_ZERO,
                &path,
                "`keep_remote: 0` means no limit to clickhouse-backup: no ClickHouse backup is ever deleted",
                Some("keep a number of backups, such as the default 308 (about two weeks)".into()),
            ),
            Ok(_) => {}
        }
    }
}
