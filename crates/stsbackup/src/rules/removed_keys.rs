//! Keys the later charts removed: `backup.enabled: true`, which fails every install from
//! suse-observability 2.7.0; the keys whose setting became a constant in 2.10.0, which fail when
//! set; and the switches that are silently ignored since 2.7.0 (2.10.0 for `splitArchiveSize`).

use super::{Context, Family, Rule};
use crate::catalogue;
use crate::finding::Severity;
use crate::generation::{Generation, Generations};
use crate::load::NodeValue;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &BACKUP_ENABLED_REMOVED,
        &REMOVED_KEY_FAILS,
        &REMOVED_KEY_IGNORED,
        &SUBCHART_SWITCH_REMOVED,
    ],
    check: Some(check),
};

pub(crate) const BACKUP_ENABLED_REMOVED: Rule = Rule {
    code: "SB611",
    name: "backup-enabled-removed",
    severity: Severity::Error,
    generations: Generations::from(Generation::E0),
    summary: "`backup.enabled: true` makes suse-observability 2.7.0 and later fail to install; the switch is `global.backup.enabled`.",
    explanation: r#"## What it does
Reports `backup.enabled: true` on suse-observability 2.7.0 and later.

## Why is this bad?
From 2.7.0 the master switch of backups is `global.backup.enabled`. The chart keeps
`backup.enabled` only to refuse it: `templates/validations.yaml` fails the render with
`Please use global.backup.enabled=true instead of backup.enabled=true`. Every `helm install` and
`helm upgrade` with a values file carried over from 2.6 or earlier fails.

## Example
```yaml
backup:
  enabled: true
```

## Use instead
```yaml
global:
  backup:
    enabled: true
```
"#,
};

pub(crate) const REMOVED_KEY_FAILS: Rule = Rule {
    code: "SB612",
    name: "removed-key-fails",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "A key that suse-observability 2.10.0 removed is set: the chart fails to render.",
    explanation: r#"## What it does
Reports, on suse-observability 2.10.0 and later, a non-empty value for a key whose setting the
chart turned into a constant: `backup.elasticsearch.snapshotRepositoryName`,
`backup.elasticsearch.scheduled.{indices,snapshotPolicyName,snapshotNameTemplate}`, the
`backupNameTemplate`, `backupNameParseRegexp` and `backupDatetimeParseFormat` of
`backup.stackGraph.scheduled` and `backup.configuration.scheduled`, and any
`backup.elasticsearch.restore` mapping.

## Why is this bad?
`templates/validations.yaml` fails the render with `<key> is removed. Please delete it from your
values file.` (for `backup.elasticsearch.restore`: `scaleDownLabels is now an internal
constant`). The test is Helm's truthiness, so a values file of 2.9 or earlier that spells out
the old defaults fails every install and upgrade. The chart now always uses those old defaults
(`sts-backup`, `sts*`, `auto-sts-backup`, ...).

## Example
```yaml
backup:
  elasticsearch:
    snapshotRepositoryName: sts-backup
```

## Use instead
Delete the key.
"#,
};

pub(crate) const REMOVED_KEY_IGNORED: Rule = Rule {
    code: "SB613",
    name: "removed-key-ignored",
    severity: Severity::Warning,
    generations: Generations::from(Generation::E0),
    summary: "A key the chart removed is set: the chart ignores it silently.",
    explanation: r#"## What it does
Reports keys that the release checked no longer reads, with what replaced them: the per-store
`scheduled.enabled` and `restore.enabled` switches and the Victoria Metrics and ClickHouse
`backup.enabled` and `restore.enabled` (removed in suse-observability 2.7.0), and
`backup.stackGraph.splitArchiveSize` (removed in 2.10.0, which uploads in parts by itself).

## Why is this bad?
Nothing fails, and nothing happens: `scheduled.enabled: false` no longer turns a backup off, a
`restore.enabled` no longer ships or removes restore jobs. The file says one thing and the
cluster does another. From 2.10.3 `backup.<store>.enabled` switches a store off. (2.10.0 to
2.10.2 list `victoria-metrics-N.backup.enabled` again without reading it: it is reported there
too.)

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      enabled: false
```

## Use instead
```yaml
backup:
  stackGraph:
    enabled: false   # suse-observability 2.10.3 and later
```
"#,
};

pub(crate) const SUBCHART_SWITCH_REMOVED: Rule = Rule {
    code: "SB623",
    name: "subchart-switch-removed",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "`clickhouse.enabled: false` makes suse-observability 2.10.0 and later fail: ClickHouse can no longer be switched off.",
    explanation: r#"## What it does
Reports `clickhouse.enabled` written as `false` on suse-observability 2.10.0 and later.

## Why is this bad?
From 2.10.0 ClickHouse is always installed, and `templates/validations.yaml` fails the render
when the key is there and false: `clickhouse.enabled is removed. ClickHouse is always installed
and cannot be disabled by setting enabled: false. Please remove this key from your values
file.` `false` was the default of stackstate-k8s and of suse-observability up to 2.0.x, so
values files of that time often spell it out: every install and upgrade to 2.10 fails.
(`clickhouse.enabled: true` is silently ignored: SB613.)

The chart fails the same way on `elasticsearch`, `opentelemetry`, `kafka`, `zookeeper` and
`hbase.enabled: false`; those are not backup keys, and stsbackup does not read them.

## Example
```yaml
clickhouse:
  enabled: false
```

## Use instead
Delete the key.
"#,
};

/// The switch of a subchart that 2.10.0 installs always, and fails on when it is false.
const SUBCHART_SWITCH: &str = "clickhouse.enabled";

/// The keys whose non-empty value makes suse-observability 2.10.0 and later fail.
const FAILING_KEYS: &[&str] = &[
    "backup.elasticsearch.snapshotRepositoryName",
    "backup.elasticsearch.scheduled.indices",
    "backup.elasticsearch.scheduled.snapshotPolicyName",
    "backup.elasticsearch.scheduled.snapshotNameTemplate",
    "backup.stackGraph.scheduled.backupNameTemplate",
    "backup.stackGraph.scheduled.backupNameParseRegexp",
    "backup.stackGraph.scheduled.backupDatetimeParseFormat",
    "backup.configuration.scheduled.backupNameTemplate",
    "backup.configuration.scheduled.backupNameParseRegexp",
    "backup.configuration.scheduled.backupDatetimeParseFormat",
];

/// The mapping that fails as a whole when it holds anything.
const FAILING_MAPPING: &str = "backup.elasticsearch.restore";

/// Helm's truthiness of a written value.
fn truthy(value: &NodeValue) -> bool {
    match value {
        NodeValue::Null => false,
        NodeValue::Bool(b) => *b,
        NodeValue::Int(i) => *i != 0,
        NodeValue::Float(f) => *f != 0.0,
        NodeValue::String(s) => !s.is_empty(),
        NodeValue::Seq(items) => !items.is_empty(),
        NodeValue::Map(entries) => !entries.is_empty(),
    }
}

fn check(cx: &mut Context<'_>) {
    if cx.values.backup.enabled {
        let help = catalogue::replacement(
            "backup.enabled",
            crate::catalogue::releases::SUSE_OBSERVABILITY_2_7_0,
        )
        .map(|key| format!("delete `backup.enabled` and set `{key}: true`"));
        cx.report(
            &BACKUP_ENABLED_REMOVED,
            "backup.enabled",
            "from suse-observability 2.7.0 the chart fails on `backup.enabled: true` (\"Please use `global.backup.enabled=true` instead of `backup.enabled=true`\"): every install and upgrade fails",
            help,
        );
    }
    let fails_here = cx
        .generations
        .intersection(Generations::from(Generation::E))
        == cx.generations;
    let mut failing = Vec::new();
    if fails_here {
        for path in FAILING_KEYS {
            if cx.written(path).is_some_and(|node| truthy(&node.value)) {
                let old = catalogue::last_default(path).unwrap_or("its old default");
                cx.report(
                    &REMOVED_KEY_FAILS,
                    path,
                    format!("`{path}` was removed in suse-observability 2.10.0 and the chart fails when it is set (\"{path} is removed. Please delete it from your values file.\")"),
                    Some(format!("delete it: the chart now always uses {old}")),
                );
                failing.push(*path);
            }
        }
        if cx
            .written(FAILING_MAPPING)
            .is_some_and(|node| truthy(&node.value))
        {
            cx.report(
                &REMOVED_KEY_FAILS,
                FAILING_MAPPING,
                "`backup.elasticsearch.restore` was removed in suse-observability 2.10.0 and the chart fails when it holds anything (\"backup.elasticsearch.restore is removed (scaleDownLabels is now an internal constant)\")",
                Some("delete the whole `restore:` mapping".into()),
            );
            failing.push(FAILING_MAPPING);
        }
        // The chart's test: `hasKey` and not truthy (a `null` is deleted by Helm first).
        if cx
            .written(SUBCHART_SWITCH)
            .is_some_and(|node| node.value != NodeValue::Null && !truthy(&node.value))
        {
            cx.report(
                &SUBCHART_SWITCH_REMOVED,
                SUBCHART_SWITCH,
                "from suse-observability 2.10.0 ClickHouse is always installed and the chart fails when `clickhouse.enabled` switches it off (\"clickhouse.enabled is removed. ClickHouse is always installed and cannot be disabled\"): every install and upgrade fails",
                Some("delete `clickhouse.enabled`".into()),
            );
            failing.push(SUBCHART_SWITCH);
        }
    }
    // 2.10.0 lists the Victoria Metrics switches again but reads them only from 2.10.3.
    if cx.generations == Generations::range(Generation::E, Generation::E) {
        for path in [
            "victoria-metrics-0.backup.enabled",
            "victoria-metrics-1.backup.enabled",
        ] {
            if cx.is_written(path) {
                cx.report(
                    &REMOVED_KEY_IGNORED,
                    path,
                    format!("`{path}` is listed by suse-observability 2.10.0 to 2.10.2 but not read: the chart ignores it (2.10.3 reads it again, with the default `true`)"),
                    Some("`global.backup.enabled` is the switch on these releases".into()),
                );
            }
        }
    }
    // Every other key the checked releases removed, from the catalogue.
    let releases = cx.releases.clone();
    for key in catalogue::keys() {
        let gone_everywhere = releases
            .iter()
            .all(|release| key.state_at(*release) == Some(catalogue::State::Gone));
        if !gone_everywhere
            || failing
                .iter()
                .any(|f| key.path == *f || key.path.starts_with(&format!("{f}.")))
            || (fails_here && FAILING_KEYS.contains(&key.path))
            || !super::context::is_known_path(key.path)
            || cx.written(key.path).is_none()
        {
            continue;
        }
        let removed_in = releases
            .iter()
            .filter_map(|release| removal_of(key, *release))
            .min()
            .map_or_else(String::new, |at| format!(" in {at}"));
        let replacement = releases
            .first()
            .and_then(|release| catalogue::replacement(key.path, *release));
        let help = match replacement {
            Some(new) => format!("delete it; `{new}` is the switch now"),
            None if key.path.ends_with("restore.enabled") => {
                "delete it: restore jobs are no longer switched".to_owned()
            }
            None => "delete it".to_owned(),
        };
        cx.report(
            &REMOVED_KEY_IGNORED,
            key.path,
            format!(
                "`{}` was removed{removed_in}: the chart ignores it silently",
                key.path
            ),
            Some(help),
        );
    }
}

/// The release from which `key` is gone, as the era start for `release`'s chart.
fn removal_of(key: &catalogue::Key, release: crate::generation::ChartVersion) -> Option<String> {
    key.eras
        .iter()
        .rev()
        .find(|era| catalogue::starts_by(era.from, release))
        .filter(|era| era.state == catalogue::State::Gone)
        .and_then(|era| {
            era.from
                .iter()
                .find(|start| start.chart == release.chart)
                .or(era.from.first())
        })
        .map(|start| format!("{} {}", start.chart, start.version))
}
