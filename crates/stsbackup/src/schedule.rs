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
