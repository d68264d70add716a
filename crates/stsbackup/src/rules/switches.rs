//! Switches whose meaning changed between releases: the Victoria Metrics and ClickHouse
//! `backup.enabled` that 2.10.3 reads again, the StackGraph backup `implementation`, and the
//! `splitArchiveSize` the chart checks with its own pattern.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};
use crate::model::IntOrString;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &SUBCHART_BACKUP_OFF,
        &STACKGRAPH_IMPLEMENTATION,
        &SPLIT_ARCHIVE_SIZE,
    ],
    check: Some(check),
};

pub(crate) const SUBCHART_BACKUP_OFF: Rule = Rule {
    code: "SB618",
    name: "subchart-backup-off",
    severity: Severity::Warning,
    generations: Generations::from(Generation::EPrime),
    summary: "`victoria-metrics-N.backup.enabled: false` or `clickhouse.backup.enabled: false` turns those backups off from 2.10.3, whatever `global.backup.enabled` says.",
    explanation: r#"## What it does
Reports, on suse-observability 2.10.3 and later, `victoria-metrics-0.backup.enabled`,
`victoria-metrics-1.backup.enabled` or `clickhouse.backup.enabled` written as `false`.

## Why is this bad?
Up to 2.6 these switches defaulted to `false` and `backup.enabled` turned them on; values files
of that time often spell the old default out. 2.7.0 to 2.10.2 ignore them, so nothing shows. From
2.10.3 they are read again, with the default `true`, and a backup runs only when
`global.backup.enabled` and the switch are both true: the carried-over `false` silently stops
the Victoria Metrics (or ClickHouse) backups, while StackGraph and Elasticsearch keep running.
Keep the `false` only if you mean it.

## Example
```yaml
global:
  backup:
    enabled: true
victoria-metrics-0:
  backup:
    enabled: false
```

## Use instead
```yaml
global:
  backup:
    enabled: true
```
"#,
};

pub(crate) const STACKGRAPH_IMPLEMENTATION: Rule = Rule {
    code: "SB619",
    name: "stackgraph-implementation",
    severity: Severity::Warning,
    generations: Generations::from(Generation::EPrime),
    summary: "`backup.stackGraph.scheduled.implementation` is neither `v1` nor `v2`: both StackGraph backup CronJobs run.",
    explanation: r#"## What it does
Checks `backup.stackGraph.scheduled.implementation` (suse-observability 2.10.3 and later).

## Why is this bad?
The chart suspends the v1 CronJob when the value is exactly `v2`, and the v2 CronJob when it is
exactly `v1`; it checks nothing else. `all`, `V2`, `both` or an empty string unsuspend both:
two full StackGraph backups start in the same minute, every day, each with its own temporary
volume, and the retention of each deletes only its own backups.

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      implementation: all
```

## Use instead
```yaml
      implementation: v2
```
"#,
};

pub(crate) const SPLIT_ARCHIVE_SIZE: Rule = Rule {
    code: "SB620",
    name: "split-archive-size",
    severity: Severity::Error,
    generations: Generations::range(Generation::D1, Generation::E0),
    summary: "`backup.stackGraph.splitArchiveSize` does not match the chart's pattern: the chart fails to render.",
    explanation: r#"## What it does
Checks `backup.stackGraph.splitArchiveSize` (stackstate-k8s 1.9.0 to suse-observability 2.9.x)
against the chart's own check, `^[0-9]+([KMG]?|[KMG]?[B]?)$` on the value as text: a whole
number of bytes, optionally with `K`, `M`, `G`, `KB`, `MB` or `GB`. `0` uploads the archive as
one file; any other size runs `split -b <size>`.

## Why is this bad?
The chart fails the render with `splitArchiveSize (...) has to be an integer greater or equal to
0 with an optional suffix K,M,G,KB,MB,GB`. From 2.1.0 the check runs on every render, whether
backups are enabled or not, so every install and upgrade fails. Lowercase units (`100m`),
decimals (`1.5G`) and binary units (`1Gi`) are refused.

## Example
```yaml
backup:
  stackGraph:
    splitArchiveSize: 1Gi
```

## Use instead
```yaml
    splitArchiveSize: 1G
```
"#,
};

/// The chart's pattern: digits, then nothing, `K`/`M`/`G`, `B`, or `KB`/`MB`/`GB`.
fn chart_accepts_split_size(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    matches!(
        &text[digits..],
        "" | "K" | "M" | "G" | "B" | "KB" | "MB" | "GB"
    )
}

fn check(cx: &mut Context<'_>) {
    let switches = [
        (
            "victoria-metrics-0.backup.enabled",
            cx.values.victoria_metrics_0.backup.enabled,
            "Victoria Metrics instance 0",
        ),
        (
            "victoria-metrics-1.backup.enabled",
            cx.values.victoria_metrics_1.backup.enabled,
            "Victoria Metrics instance 1",
        ),
        (
            "clickhouse.backup.enabled",
            cx.values.clickhouse.backup.enabled,
            "ClickHouse",
        ),
    ];
    for (path, enabled, what) in switches {
        if enabled == Some(false) {
            cx.report(
                &SUBCHART_BACKUP_OFF,
                path,
                // The literal value is not quoted: the redactor masks a message's words that
                // equal a secret-looking value of the file, and `false` often is one.
                format!("from suse-observability 2.10.3 switching `{path}` off stops the {what} backups, even with `global.backup.enabled` on (up to 2.6 off was this switch's default, and 2.7.0 to 2.10.2 ignored it)"),
                Some("delete it to back these data up (the default is `true`), or keep it only to turn them off on purpose".into()),
            );
        }
    }

    if let Some(implementation) = cx
        .values
        .backup
        .stack_graph
        .scheduled
        .implementation
        .clone()
        && implementation != "v1"
        && implementation != "v2"
    {
        cx.report(
            &STACKGRAPH_IMPLEMENTATION,
            "backup.stackGraph.scheduled.implementation",
            format!("`{implementation}` is neither `v1` nor `v2`: the chart suspends neither StackGraph backup CronJob, so v1 and v2 both run at every scheduled time"),
            Some("write `v1` or `v2`".into()),
        );
    }

    if let Some(size) = &cx.values.backup.stack_graph.split_archive_size {
        let text = match size {
            IntOrString::Int(n) => n.to_string(),
            IntOrString::String(s) => s.clone(),
        };
        if !chart_accepts_split_size(&text) {
            cx.report(
                &SPLIT_ARCHIVE_SIZE,
                "backup.stackGraph.splitArchiveSize",
                format!("the chart fails on `{text}`: splitArchiveSize \"has to be an integer greater or equal to 0 with an optional suffix K,M,G,KB,MB,GB\""),
                Some("write a whole number of bytes with an optional K, M, G, KB, MB or GB, for example `1G`; `0` uploads one file".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chart_accepts_split_size;

    #[test]
    fn the_charts_split_size_pattern() {
        // `^[0-9]+([KMG]?|[KMG]?[B]?)$`
        let pattern = regex::Regex::new("^[0-9]+([KMG]?|[KMG]?[B]?)$").unwrap();
        for text in [
            "0", "100", "1G", "10MB", "5KB", "100B", "0K", "1Gi", "1.5G", "100m", "", "G", "-1",
            "1 G", "1GB ", "01M", "1BB", "1KM",
        ] {
            assert_eq!(
                chart_accepts_split_size(text),
                pattern.is_match(text),
                "{text:?}"
            );
        }
    }
}
