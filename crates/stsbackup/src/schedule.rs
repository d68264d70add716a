//! When backups run, and what the retention settings keep in steady state.
//!
//! The StackGraph and configuration CronJobs use Kubernetes cron and a Python `timedelta`
//! retention applied by the backup pod right after each upload; Elasticsearch's SLM policy uses
//! its own cron and an age, a minimum and a maximum count applied by a retention task that runs
//! once a day. All of it in UTC.

use crate::calendar::DateTime;
use crate::cron::{elasticsearch, kubernetes};
use crate::model::Values;
use crate::text::time_value::parse_time_value;
use crate::text::timedelta;
use serde::Serialize;

/// Runs looked at to work out what retention keeps: a year of a daily schedule is 366, an
/// hourly one needs 720 for 30 days; the cap bounds frequent schedules (then "at least").
const STEADY_STATE_RUNS: usize = 20_000;

/// Which backup a preview is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Store {
    /// StackGraph, backed up by a Kubernetes CronJob.
    StackGraph,
    /// The configuration (settings), backed up by a Kubernetes CronJob.
    Configuration,
    /// Elasticsearch, snapshotted by an SLM policy.
    Elasticsearch,
    /// `victoria-metrics-0`'s backup (stackstate-k8s and suse-observability before 2.10: one
    /// schedule, one incremental backup).
    #[serde(rename = "victoria-metrics-0")]
    VictoriaMetrics0,
    /// `victoria-metrics-1`'s backup (before 2.10).
    #[serde(rename = "victoria-metrics-1")]
    VictoriaMetrics1,
    /// `victoria-metrics-0`'s hourly backup (suse-observability 2.10 and later).
    #[serde(rename = "victoria-metrics-0-hourly")]
    VictoriaMetrics0Hourly,
    /// `victoria-metrics-0`'s daily copy.
    #[serde(rename = "victoria-metrics-0-daily")]
    VictoriaMetrics0Daily,
    /// `victoria-metrics-1`'s hourly backup.
    #[serde(rename = "victoria-metrics-1-hourly")]
    VictoriaMetrics1Hourly,
    /// `victoria-metrics-1`'s daily copy.
    #[serde(rename = "victoria-metrics-1-daily")]
    VictoriaMetrics1Daily,
    /// ClickHouse's full backup CronJob.
    #[serde(rename = "clickhouse-full")]
    ClickHouseFull,
    /// ClickHouse's incremental backup CronJob.
    #[serde(rename = "clickhouse-incremental")]
    ClickHouseIncremental,
}

impl Store {
    /// What the store's backups are called, for people.
    pub fn title(self) -> &'static str {
        match self {
            Store::StackGraph => "StackGraph backups",
            Store::Configuration => "Configuration backups",
            Store::Elasticsearch => "Elasticsearch snapshots",
            Store::VictoriaMetrics0 => "Victoria Metrics 0 backups",
            Store::VictoriaMetrics1 => "Victoria Metrics 1 backups",
            Store::VictoriaMetrics0Hourly => "Victoria Metrics 0 backups (hourly, the latest)",
            Store::VictoriaMetrics0Daily => "Victoria Metrics 0 copies (daily)",
            Store::VictoriaMetrics1Hourly => "Victoria Metrics 1 backups (hourly, the latest)",
            Store::VictoriaMetrics1Daily => "Victoria Metrics 1 copies (daily)",
            Store::ClickHouseFull => "ClickHouse full backups",
            Store::ClickHouseIncremental => "ClickHouse incremental backups",
        }
    }
}

/// The upcoming runs of one store's schedule and what its retention keeps.
#[derive(Clone, Debug, Serialize)]
pub struct StorePreview {
    /// The store.
    pub store: Store,
    /// The values path of the schedule.
    pub path: &'static str,
    /// The schedule as written.
    pub schedule: String,
    /// `Kubernetes CronJob` or `Elasticsearch SLM policy`.
    pub runner: &'static str,
    /// Whether the chart schedules it (`scheduled.enabled`).
    pub enabled: bool,
    /// Why it is not scheduled when `enabled` is false, when that is not its own
    /// `scheduled.enabled` (`victoria-metrics-0.backup.enabled is false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off_because: Option<String>,
    /// The next runs, in UTC; empty when the schedule never fires.
    pub runs: Vec<DateTime>,
    /// Why no runs could be computed (an invalid schedule), if so.
    pub error: Option<String>,
    /// The retention setting as written.
    pub retention: String,
    /// What the retention keeps in steady state, in words.
    pub keeps: Option<String>,
    /// For StackGraph and configuration backups: the most backups kept at once.
    pub max_kept: Option<Kept>,
}

/// A count of backups, exact or a lower bound when the schedule is too frequent to follow for
/// the whole retention period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// The number of backups.
    pub count: usize,
    /// Whether `count` is a lower bound.
    pub at_least: bool,
}

impl std::fmt::Display for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.at_least {
            write!(f, "at least {}", self.count)
        } else {
            write!(f, "{}", self.count)
        }
    }
}

/// The schedules of all three stores, from `from` on.
pub fn preview(values: &Values, from: DateTime, count: usize) -> Vec<StorePreview> {
    let backup = &values.backup;
    let stack_graph = &backup.stack_graph.scheduled;
    let configuration = &backup.configuration.scheduled;
    let es = &backup.elasticsearch.scheduled;
    vec![
        kubernetes_preview(
            Store::StackGraph,
            "backup.stackGraph.scheduled.schedule",
            &stack_graph.schedule,
            stack_graph.enabled,
            &stack_graph.backup_retention_time_delta,
            from,
            count,
        ),
        kubernetes_preview(
            Store::Configuration,
            "backup.configuration.scheduled.schedule",
            &configuration.schedule,
            configuration.enabled,
            &configuration.backup_retention_time_delta,
            from,
            count,
        ),
        elasticsearch_preview(values, es.enabled, from, count),
    ]
}

fn kubernetes_preview(
    store: Store,
    path: &'static str,
    schedule: &str,
    enabled: bool,
    retention: &str,
    from: DateTime,
    count: usize,
) -> StorePreview {
    let mut preview = StorePreview {
        store,
        path,
        schedule: schedule.to_owned(),
        runner: "Kubernetes CronJob",
        enabled,
        off_because: None,
        runs: Vec::new(),
        error: None,
        retention: retention.to_owned(),
        keeps: None,
        max_kept: None,
    };
    let parsed = match kubernetes::parse(schedule) {
        Ok(parsed) => parsed.schedule,
        Err(issue) => {
            preview.error = Some(issue.message);
            return preview;
        }
    };
    preview.runs = parsed.next_runs(from, count);
    match timedelta::parse(retention) {
        Ok(delta) => {
            let window = delta.total_seconds();
            let kept = most_within(&parsed.next_runs(from, STEADY_STATE_RUNS), window);
            preview.keeps = Some(match kept {
                Some(kept) => format!(
                    "at most {kept} backups at a time (each run deletes the backups older than {delta:#})"
                ),
                None => "nothing: the schedule never runs".to_owned(),
            });
            preview.max_kept = kept;
        }
        Err(issue) => preview.keeps = Some(format!("unknown: {}", issue.message)),
    }
    preview
}

fn elasticsearch_preview(
    values: &Values,
    enabled: bool,
    from: DateTime,
    count: usize,
) -> StorePreview {
    let es = &values.backup.elasticsearch.scheduled;
    let retention = format!(
        "expire after {}, keep {} to {}",
        es.snapshot_retention_expire_after,
        es.snapshot_retention_min_count,
        es.snapshot_retention_max_count
    );
    let mut preview = StorePreview {
        store: Store::Elasticsearch,
        path: "backup.elasticsearch.scheduled.schedule",
        schedule: es.schedule.clone(),
        runner: "Elasticsearch SLM policy",
        enabled,
        off_because: None,
        runs: Vec::new(),
        error: None,
        retention,
        keeps: None,
        max_kept: None,
    };
    let parsed = match elasticsearch::parse(&es.schedule) {
        Ok(parsed) => parsed.schedule,
        Err(issue) => {
            preview.error = Some(issue.message);
            return preview;
        }
    };
    preview.runs = parsed.next_runs(from, count);
    let age = parse_time_value(&es.snapshot_retention_expire_after)
        .ok()
        .filter(|t| t.nanos >= 0);
    let min = es
        .snapshot_retention_min_count
        .as_str()
        .parse::<usize>()
        .ok();
    let max = es
        .snapshot_retention_max_count
        .as_str()
        .parse::<usize>()
        .ok();
    let (Some(age), Some(min), Some(max)) = (age, min, max) else {
        preview.keeps =
            Some("unknown: the retention settings are invalid (see `stsbackup lint`)".into());
        return preview;
    };
    let runs = parsed.next_runs(from, STEADY_STATE_RUNS);
    // The retention task runs once a day, so a snapshot may outlive its age by up to a day.
    let fewest = most_within(&runs, age.seconds());
    let most = most_within(&runs, age.seconds() + 86_400.0);
    preview.keeps = Some(match (fewest, most) {
        (Some(fewest), Some(most)) => {
            let low = fewest.count.max(min).min(max);
            let high = most.count.max(min).min(max);
            let cap = if most.count > max {
                " (the maximum count wins before the age)"
            } else {
                ""
            };
            let floor = if fewest.count < min {
                " (the minimum count keeps snapshots past their age)"
            } else {
                ""
            };
            let at_least = if most.at_least && high < max {
                "at least "
            } else {
                ""
            };
            if low == high {
                format!("{at_least}{high} snapshots{cap}{floor}")
            } else {
                format!("between {low} and {at_least}{high} snapshots{cap}{floor}")
            }
        }
        _ => "nothing: the schedule never runs".to_owned(),
    });
    preview
}

/// The stores `suse-observability` 2.10 and later add, read from the values (the typed model
/// covers `backup:` and `minio:`): each Victoria Metrics instance's hourly backup and daily
/// copy (supercronic in the `vmbackup` sidecar, cronexpr's dialect) and ClickHouse's full and
/// incremental CronJobs (Kubernetes cron), with the chart's defaults. `per_store_switches` is
/// for 2.10.3 and later, where `victoria-metrics-N.backup.enabled` and
/// `clickhouse.backup.enabled` (default true) switch each store under `global.backup.enabled`.
pub fn preview_s3proxy_stores(
    root: Option<&crate::load::Node>,
    per_store_switches: bool,
    from: DateTime,
    count: usize,
) -> Vec<StorePreview> {
    use crate::cron::cronexpr::{self, Flavour};
    let at = |path: &[&str]| root.and_then(|root| root.at(path.iter().copied()));
    let text = |path: &[&str], default: &str| -> String {
        match at(path).map(|node| &node.value) {
            Some(crate::load::NodeValue::String(s)) if !s.is_empty() => s.clone(),
            Some(crate::load::NodeValue::Int(i)) => i.to_string(),
            _ => default.to_owned(),
        }
    };
    let flag = |path: &[&str], default: bool| match at(path).map(|node| &node.value) {
        Some(crate::load::NodeValue::Bool(b)) => *b,
        _ => default,
    };
    let global = flag(&["global", "backup", "enabled"], false);
    let mut previews = Vec::new();
    let instances = [
        (
            "victoria-metrics-0",
            Store::VictoriaMetrics0Hourly,
            Store::VictoriaMetrics0Daily,
            ("victoria-metrics-0.backup.scheduled.hourly", "25 * * * *"),
            ("victoria-metrics-0.backup.scheduled.daily", "55 0 * * *"),
        ),
        (
            "victoria-metrics-1",
            Store::VictoriaMetrics1Hourly,
            Store::VictoriaMetrics1Daily,
            ("victoria-metrics-1.backup.scheduled.hourly", "35 * * * *"),
            ("victoria-metrics-1.backup.scheduled.daily", "5 1 * * *"),
        ),
    ];
    for (instance, hourly_store, daily_store, hourly, daily) in instances {
        let enabled =
            global && (!per_store_switches || flag(&[instance, "backup", "enabled"], true));
        // `scheduled.schedule` is deprecated but still overrides `hourly`.
        let hourly_schedule = match at(&[instance, "backup", "scheduled", "schedule"]) {
            Some(node) if node.as_str().is_some_and(|s| !s.is_empty()) => {
                node.as_str().unwrap_or_default().to_owned()
            }
            _ => text(&[instance, "backup", "scheduled", "hourly"], hourly.1),
        };
        let daily_schedule = text(&[instance, "backup", "scheduled", "daily"], daily.1);
        let keep_daily = text(&[instance, "backup", "keepLastDaily"], "7");
        let keep_weekly = text(&[instance, "backup", "keepLastWeekly"], "4");
        for (store, path, schedule, retention, keeps) in [
            (
                hourly_store,
                hourly.0,
                hourly_schedule,
                "each run overwrites <s3Prefix>-latest".to_owned(),
                "1 backup, the latest".to_owned(),
            ),
            (
                daily_store,
                daily.0,
                daily_schedule,
                format!("keepLastDaily {keep_daily}, keepLastWeekly {keep_weekly}"),
                format!(
                    "the last {keep_daily} daily copies and the last {keep_weekly} weekly ones"
                ),
            ),
        ] {
            let mut preview = StorePreview {
                store,
                path,
                schedule: schedule.clone(),
                runner: "supercronic, cronexpr",
                enabled,
                off_because: None,
                runs: Vec::new(),
                error: None,
                retention,
                keeps: Some(keeps),
                max_kept: None,
            };
            match cronexpr::parse(&schedule, Flavour::Supercronic) {
                Ok(parsed) => preview.runs = parsed.schedule.next_runs(from, count),
                Err(issue) => {
                    preview.error = Some(issue.message);
                    preview.keeps = None;
                }
            }
            previews.push(preview);
        }
    }
    let clickhouse_enabled =
        global && (!per_store_switches || flag(&["clickhouse", "backup", "enabled"], true));
    let keep_remote = text(&["clickhouse", "backup", "config", "keep_remote"], "308");
    for (store, path, key, default) in [
        (
            Store::ClickHouseFull,
            "clickhouse.backup.scheduled.full_schedule",
            "full_schedule",
            "45 0 * * *",
        ),
        (
            Store::ClickHouseIncremental,
            "clickhouse.backup.scheduled.incremental_schedule",
            "incremental_schedule",
            "45 3-23 * * *",
        ),
    ] {
        let schedule = text(&["clickhouse", "backup", "scheduled", key], default);
        let mut preview = StorePreview {
            store,
            path,
            schedule: schedule.clone(),
            runner: "Kubernetes CronJob",
            enabled: clickhouse_enabled,
            off_because: None,
            runs: Vec::new(),
            error: None,
            retention: format!("keep_remote {keep_remote}"),
            keeps: Some(format!(
                "the newest {keep_remote} backups, full and incremental together"
            )),
            max_kept: None,
        };
        match kubernetes::parse(&schedule) {
            Ok(parsed) => preview.runs = parsed.schedule.next_runs(from, count),
            Err(issue) => {
                preview.error = Some(issue.message);
                preview.keeps = None;
            }
        }
        previews.push(preview);
    }
    previews
}

/// The schedules of a `stackstate-k8s` or `suse-observability` release before 2.10 (MinIO):
/// StackGraph, configuration and Elasticsearch as [`preview`] gives them, but with the
/// release's retention (a GNU `date -d` string from `stackstate-k8s` 1.11.4, whose default is
/// then `30 days ago`) and switches (none per store from 2.7.0, where `global.backup.enabled`
/// is the only one); then each Victoria Metrics instance (one `scheduled.schedule`, a
/// supercronic line in cronexpr's dialect, switched by `victoria-metrics-N.backup.enabled` up
/// to 2.6.x) and, from `stackstate-k8s` 1.11.1, ClickHouse's full and incremental CronJobs
/// (switched by `backup.enabled` and `clickhouse.backup.enabled`, also `clickhouse.enabled`
/// from 1.11.5; by `clickhouse.enabled` and `global.backup.enabled` from 2.7.0), with
/// `keep_remote`. Values are read from the merged document with the release's defaults.
pub fn preview_minio_release(
    values: &Values,
    root: Option<&crate::load::Node>,
    release: crate::generation::ChartVersion,
    from: DateTime,
    count: usize,
) -> Vec<StorePreview> {
    use crate::cron::cronexpr::{self, Flavour};
    use crate::generation::{ChartName, ChartVersion, Version};
    // The tag `stackstate-k8s/2.0.0` is the chart `suse-observability` 2.0.0.
    let release = if release.chart == ChartName::StackstateK8s && release.version.major >= 2 {
        ChartVersion::new(ChartName::SuseObservability, release.version)
    } else {
        release
    };
    let at = |path: &str| root.and_then(|root| root.at(path.split('.')));
    let default_of = |path: &str| -> Option<serde_json::Value> {
        crate::catalogue::lookup(path)
            .and_then(|key| key.default_at(release))
            .and_then(|json| serde_json::from_str(json).ok())
    };
    // A value as the chart prints it into a string, or the release's default.
    let text = |path: &str| -> String {
        match at(path).map(|node| &node.value) {
            Some(crate::load::NodeValue::String(s)) => s.clone(),
            Some(crate::load::NodeValue::Int(i)) => i.to_string(),
            Some(crate::load::NodeValue::Null) => String::new(),
            Some(_) => at(path)
                .map(|node| node.to_json().to_string())
                .unwrap_or_default(),
            None => match default_of(path) {
                Some(serde_json::Value::String(s)) => s,
                Some(serde_json::Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            },
        }
    };
    // A switch as Go templates test it; absent takes the release's default (off if none).
    let flag = |path: &str| match at(path).map(|node| &node.value) {
        None => default_of(path) == Some(serde_json::Value::Bool(true)),
        Some(crate::load::NodeValue::Null) => false,
        Some(crate::load::NodeValue::Bool(b)) => *b,
        Some(crate::load::NodeValue::Int(i)) => *i != 0,
        Some(crate::load::NodeValue::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    let global_switch = release.is_at_least(ChartName::SuseObservability, Version::new(2, 7, 0));
    let master_path = if global_switch {
        "global.backup.enabled"
    } else {
        "backup.enabled"
    };
    let master = if global_switch {
        flag(master_path)
    } else {
        values.backup.enabled
    };
    let gnu_retention = release.is_at_least(ChartName::StackstateK8s, Version::new(1, 11, 4));
    let mut previews = preview(values, from, count);
    for preview in previews.iter_mut() {
        let (retention_path, scheduled_path) = match preview.store {
            Store::StackGraph => (
                "backup.stackGraph.scheduled.backupRetentionTimeDelta",
                "backup.stackGraph.scheduled.enabled",
            ),
            Store::Configuration => (
                "backup.configuration.scheduled.backupRetentionTimeDelta",
                "backup.configuration.scheduled.enabled",
            ),
            _ => {
                if global_switch {
                    preview.enabled = true;
                }
                continue;
            }
        };
        if global_switch {
            preview.enabled = true;
        } else {
            preview.enabled = flag(scheduled_path);
        }
        if gnu_retention {
            let retention = text(retention_path);
            gnu_keeps(preview, &retention, from);
        }
    }
    let instances = [
        (
            "victoria-metrics-0",
            Store::VictoriaMetrics0,
            "victoria-metrics-0.backup.scheduled.schedule",
        ),
        (
            "victoria-metrics-1",
            Store::VictoriaMetrics1,
            "victoria-metrics-1.backup.scheduled.schedule",
        ),
    ];
    for (instance, store, path) in instances {
        let schedule = text(path);
        let mut preview = StorePreview {
            store,
            path,
            schedule: schedule.clone(),
            runner: "supercronic, cronexpr",
            enabled: if global_switch {
                master
            } else {
                flag(&format!("{instance}.backup.enabled"))
            },
            off_because: (!global_switch).then(|| format!("{instance}.backup.enabled is not true")),
            runs: Vec::new(),
            error: None,
            retention: "none: each run adds to the same incremental backup".to_owned(),
            keeps: Some(format!(
                "1 backup, under `{}-<generation>`, brought up to date by each run",
                text(&format!("{instance}.backup.s3Prefix"))
            )),
            max_kept: None,
        };
        match cronexpr::parse(&schedule, Flavour::Supercronic) {
            Ok(parsed) => preview.runs = parsed.schedule.next_runs(from, count),
            Err(issue) => {
                preview.error = Some(issue.message);
                preview.keeps = None;
            }
        }
        previews.push(preview);
    }
    if release.is_at_least(ChartName::StackstateK8s, Version::new(1, 11, 1)) {
        let installed = if !release.is_at_least(ChartName::StackstateK8s, Version::new(1, 11, 5)) {
            true
        } else {
            match at("clickhouse.enabled").map(|node| &node.value) {
                // `clickhouse.enabled` is on by default from suse-observability 2.1.0.
                None => release.is_at_least(ChartName::SuseObservability, Version::new(2, 1, 0)),
                Some(_) => flag("clickhouse.enabled"),
            }
        };
        let enabled = master && installed && (global_switch || flag("clickhouse.backup.enabled"));
        let keep_remote = text("clickhouse.backup.config.keep_remote");
        for (store, path) in [
            (
                Store::ClickHouseFull,
                "clickhouse.backup.scheduled.full_schedule",
            ),
            (
                Store::ClickHouseIncremental,
                "clickhouse.backup.scheduled.incremental_schedule",
            ),
        ] {
            let schedule = text(path);
            let mut preview = StorePreview {
                store,
                path,
                schedule: schedule.clone(),
                runner: "Kubernetes CronJob",
                enabled,
                off_because: Some(if !master {
                    format!("{master_path} is not true")
                } else if !installed {
                    "clickhouse.enabled is not true: ClickHouse is not installed".to_owned()
                } else {
                    "clickhouse.backup.enabled is not true".to_owned()
                }),
                runs: Vec::new(),
                error: None,
                retention: format!("keep_remote {keep_remote}"),
                keeps: Some(format!(
                    "the newest {keep_remote} backups, full and incremental together"
                )),
                max_kept: None,
            };
            match kubernetes::parse(&schedule) {
                Ok(parsed) => preview.runs = parsed.schedule.next_runs(from, count),
                Err(issue) => {
                    preview.error = Some(issue.message);
                    preview.keeps = None;
                }
            }
            previews.push(preview);
        }
    }
    previews
}

/// Whether the release's configuration (settings) backup runs with the master switch off,
/// keeping the settings on its own volume and uploading none: `stackstate-k8s` 1.12 and
/// `suse-observability` from 2.1.0 (the tag `stackstate-k8s/2.0.0` is 2.0.0, without it).
pub fn settings_backup_runs_without_master_switch(
    release: crate::generation::ChartVersion,
) -> bool {
    use crate::generation::{ChartName, Version};
    match release.chart {
        ChartName::Stackstate => false,
        ChartName::StackstateK8s => {
            release.version >= Version::new(1, 12, 0) && release.version.major < 2
        }
        ChartName::SuseObservability => release.version >= Version::new(2, 1, 0),
    }
}

/// What a GNU `date -d` retention keeps (`expire-s3-backups.sh` from stackstate-k8s 1.11.4):
/// after each upload, the backups whose time is before `date -d <retention>` are deleted. A
/// retention that resolves to now or later deletes every backup, the new one too.
fn gnu_keeps(preview: &mut StorePreview, retention: &str, from: DateTime) {
    preview.retention = retention.to_owned();
    preview.max_kept = None;
    let resolved = match crate::text::date_input::resolve(retention, from) {
        Ok(resolved) => resolved,
        Err(issue) => {
            preview.keeps = Some(format!("unknown: {}", issue.message));
            return;
        }
    };
    let window = from.to_unix() - resolved.to_unix();
    if window <= 0 {
        preview.keeps = Some(format!(
            "nothing: `{retention}` is not in the past, so each run deletes every backup, the new one too"
        ));
        preview.max_kept = Some(Kept {
            count: 0,
            at_least: false,
        });
        return;
    }
    let Ok(parsed) = kubernetes::parse(&preview.schedule) else {
        return;
    };
    let kept = most_within(
        &parsed.schedule.next_runs(from, STEADY_STATE_RUNS),
        window as f64,
    );
    preview.keeps = Some(match kept {
        Some(kept) => format!(
            "at most {kept} backups at a time (each run deletes the backups older than `date -d '{retention}'`)"
        ),
        None => "nothing: the schedule never runs".to_owned(),
    });
    preview.max_kept = kept;
}

/// The most runs that fall within any window of `seconds` ending at a run: how many backups an
/// expiry by age keeps at most. `None` when there are no runs.
pub(crate) fn most_within(runs: &[DateTime], seconds: f64) -> Option<Kept> {
    if runs.is_empty() {
        return None;
    }
    let times: Vec<i64> = runs.iter().map(DateTime::to_unix).collect();
    let mut start = 0;
    let mut best = 0;
    for end in 0..times.len() {
        while (times[end] - times[start]) as f64 > seconds {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    // When the runs we looked at do not even span the window, more would fit.
    let spanned = (times[times.len() - 1] - times[0]) as f64;
    let at_least = runs.len() == STEADY_STATE_RUNS && spanned < seconds;
    Some(Kept {
        count: best,
        at_least,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from() -> DateTime {
        DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
    }

    #[test]
    fn the_chart_defaults() {
        let previews = preview(&Values::default(), from(), 3);
        let stack_graph = &previews[0];
        assert_eq!(
            stack_graph
                .runs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "2026-11-26T03:00:00Z",
                "2026-11-27T03:00:00Z",
                "2026-11-28T03:00:00Z"
            ]
        );
        assert_eq!(
            stack_graph.max_kept,
            Some(Kept {
                count: 31,
                at_least: false
            })
        );
        let configuration = &previews[1];
        assert_eq!(configuration.runs[0].to_string(), "2026-11-26T04:00:00Z");
        assert_eq!(configuration.max_kept.map(|k| k.count), Some(366));
        let es = &previews[2];
        assert_eq!(es.runs[0].to_string(), "2026-11-26T03:00:00Z");
        // 30 days of daily snapshots, capped at the maximum of 30.
        assert_eq!(
            es.keeps.as_deref(),
            Some("30 snapshots (the maximum count wins before the age)")
        );
    }

    /// `preview_minio_release` for a values text (the model is the classic one; what differs
    /// per release is read from the document).
    fn minio(text: &str, release: &str) -> Vec<StorePreview> {
        let document = crate::load::load_str("values.yaml", text);
        let values = crate::validate::validate(&document)
            .values
            .unwrap_or_default();
        preview_minio_release(
            &values,
            document.root.as_ref(),
            release.parse().unwrap(),
            from(),
            2,
        )
    }

    fn stores(previews: &[StorePreview]) -> Vec<Store> {
        previews.iter().map(|p| p.store).collect()
    }

    #[test]
    fn the_minio_releases_add_victoria_metrics_and_clickhouse() {
        let on = "backup:\n  enabled: true\n";
        assert_eq!(
            stores(&minio(on, "stackstate-k8s@1.11.0")),
            [
                Store::StackGraph,
                Store::Configuration,
                Store::Elasticsearch,
                Store::VictoriaMetrics0,
                Store::VictoriaMetrics1,
            ]
        );
        let d1 = minio(on, "stackstate-k8s@1.11.3");
        assert_eq!(d1.len(), 7);
        assert_eq!(d1[0].retention, "days = 30");
        assert_eq!(d1[3].schedule, "25 * * * *");
        assert_eq!(d1[3].runs[0].to_string(), "2026-11-25T10:25:00Z");
        assert_eq!(d1[4].schedule, "35 * * * *");
        // `victoria-metrics-N.backup.enabled` is off by default; ClickHouse's switch too.
        assert!(!d1[3].enabled && !d1[5].enabled);
        assert_eq!(d1[5].retention, "keep_remote 308");
        assert_eq!(d1[6].runs[0].to_string(), "2026-11-25T10:45:00Z");
        let switched = minio(
            "backup:\n  enabled: true\nvictoria-metrics-1:\n  backup:\n    enabled: true\n    scheduled:\n      schedule: '0 */6 * * *'\nclickhouse:\n  backup:\n    enabled: true\n",
            "stackstate-k8s@1.11.3",
        );
        assert!(switched[4].enabled && switched[5].enabled);
        assert_eq!(switched[4].runs[0].to_string(), "2026-11-25T12:00:00Z");
        // From 1.11.5 ClickHouse must be installed too: by default from 2.1.0.
        assert!(
            !minio(
                &format!("{on}clickhouse:\n  backup:\n    enabled: true\n"),
                "stackstate-k8s@1.11.5"
            )[5]
            .enabled
        );
        assert!(
            minio(
                &format!("{on}clickhouse:\n  backup:\n    enabled: true\n"),
                "suse-observability@2.1.0"
            )[5]
            .enabled
        );
    }

    #[test]
    fn gnu_retention_from_1_11_4() {
        let d2 = minio("backup:\n  enabled: true\n", "suse-observability@2.6.3");
        assert_eq!(d2[0].retention, "30 days ago");
        assert_eq!(d2[0].max_kept.map(|k| k.count), Some(31));
        assert_eq!(d2[1].retention, "365 days ago");
        let future = minio(
            "backup:\n  enabled: true\n  stackGraph:\n    scheduled:\n      backupRetentionTimeDelta: 30 days\n",
            "suse-observability@2.6.3",
        );
        assert_eq!(future[0].max_kept.map(|k| k.count), Some(0));
        assert!(
            future[0]
                .keeps
                .as_deref()
                .unwrap()
                .contains("deletes every backup")
        );
    }

    #[test]
    fn which_releases_run_the_settings_backup_without_the_master_switch() {
        let runs =
            |release: &str| settings_backup_runs_without_master_switch(release.parse().unwrap());
        assert!(!runs("stackstate@5.1.4"));
        assert!(!runs("stackstate-k8s@1.11.5"));
        assert!(runs("stackstate-k8s@1.12.0"));
        assert!(!runs("stackstate-k8s@2.0.0"));
        assert!(!runs("suse-observability@2.0.2"));
        assert!(runs("suse-observability@2.1.0"));
        assert!(runs("suse-observability@2.9.0"));
    }

    #[test]
    fn e0_has_only_the_global_switch() {
        let off = minio(
            "backup:\n  stackGraph:\n    bucketName: x\n",
            "suse-observability@2.7.0",
        );
        // The per-store switches are gone: every store is scheduled, the master switch decides.
        assert!(off[0].enabled && off[1].enabled && off[2].enabled);
        assert!(!off[3].enabled && !off[5].enabled);
        assert_eq!(
            off[5].off_because.as_deref(),
            Some("global.backup.enabled is not true")
        );
        let on = minio(
            "global:\n  backup:\n    enabled: true\n",
            "suse-observability@2.9.0",
        );
        assert!(on[3].enabled && on[4].enabled && on[5].enabled && on[6].enabled);
    }

    #[test]
    fn counting_runs_within_a_window() {
        let runs: Vec<DateTime> = (0..10).map(|d| from().plus_seconds(d * 86_400)).collect();
        assert_eq!(
            most_within(&runs, 2.0 * 86_400.0),
            Some(Kept {
                count: 3,
                at_least: false
            })
        );
        assert_eq!(
            most_within(&runs, 3600.0),
            Some(Kept {
                count: 1,
                at_least: false
            })
        );
        assert_eq!(most_within(&[], 3600.0), None);
    }

    #[test]
    fn a_short_retention_keeps_one_backup_and_invalid_schedules_say_why() {
        let mut values = Values::default();
        values
            .backup
            .stack_graph
            .scheduled
            .backup_retention_time_delta = "hours = 1".into();
        values.backup.configuration.scheduled.schedule = "61 * * * *".into();
        let previews = preview(&values, from(), 2);
        assert_eq!(previews[0].max_kept.map(|k| k.count), Some(1));
        assert!(
            previews[1]
                .error
                .as_deref()
                .unwrap()
                .contains("above maximum")
        );
        assert!(previews[1].runs.is_empty());
    }
}
