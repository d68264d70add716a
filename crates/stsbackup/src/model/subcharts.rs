//! The backup values outside `backup:` and `minio:` (stackstate-k8s and suse-observability):
//! `global.backup`, `global.s3proxy`, and the `backup`/`restore` of the Victoria Metrics and
//! ClickHouse subcharts.
//!
//! The sections these live in belong mostly to the rest of the chart (`global.imageRegistry`,
//! `victoria-metrics-0.server`), so only their backup parts are modelled, and only those are
//! checked for unknown keys. Every value is an `Option`: absent from the file, it takes the
//! default of the release the file is checked against.

use super::scalars::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `global:` — only its backup parts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct Global {
    /// The master switch of remote backups (suse-observability 2.7.0 and later).
    pub backup: GlobalBackup,
    /// What the backup pods use to reach S3Proxy (suse-observability 2.10.0 and later).
    pub s3proxy: GlobalS3proxy,
}

/// `global.backup`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct GlobalBackup {
    /// Enables every remote backup and S3Proxy (absent: `false`).
    pub enabled: Option<bool>,
}

/// `global.s3proxy`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct GlobalS3proxy {
    /// The keys of S3Proxy itself (not of the backend).
    pub credentials: S3proxyCredentials,
}

/// `global.s3proxy.credentials`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct S3proxyCredentials {
    /// S3Proxy's access key (absent: the chart's placeholder `default-for-settings-only`).
    pub access_key: Option<String>,
    /// S3Proxy's secret key (absent: the chart's placeholder).
    pub secret_key: Option<String>,
    /// Name of an existing Secret with `accesskey` and `secretkey`; the chart then makes none.
    pub from_external_secret: Option<String>,
}

/// `victoria-metrics-0:` or `victoria-metrics-1:` — only its backup parts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct VictoriaMetrics {
    /// The `vmbackup` sidecar and its supercronic crontab.
    pub backup: VictoriaMetricsBackup,
    /// Restore jobs (stackstate-k8s up to suse-observability 2.6.x).
    pub restore: RestoreSwitch,
}

/// `victoria-metrics-N.backup`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct VictoriaMetricsBackup {
    /// The sidecar's switch: read up to 2.6.x (default `false`) and again from 2.10.3 (default
    /// `true`); 2.7.0 to 2.10.2 ignore it.
    pub enabled: Option<bool>,
    /// The bucket of the backups.
    pub bucket_name: Option<String>,
    /// The name stem of the backup folders (`<prefix>-<generation>`, `<prefix>-latest`).
    pub s3_prefix: Option<String>,
    /// When the backups run, as supercronic crontab schedules.
    pub scheduled: VictoriaMetricsSchedule,
    /// How many daily backups to keep (suse-observability 2.10.0 and later).
    pub keep_last_daily: Option<IntOrString>,
    /// How many weekly backups to keep (suse-observability 2.10.0 and later).
    pub keep_last_weekly: Option<IntOrString>,
}

/// `victoria-metrics-N.backup.scheduled`: supercronic crontab schedules (cronexpr).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct VictoriaMetricsSchedule {
    /// The one schedule up to 2.9.x; from 2.10.0 a deprecated alias that overrides `hourly`.
    pub schedule: Option<String>,
    /// The hourly incremental backup (2.10.0 and later).
    pub hourly: Option<String>,
    /// The daily copy that is kept (2.10.0 and later).
    pub daily: Option<String>,
}

/// A `restore.enabled` switch of a subchart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct RestoreSwitch {
    /// Ship the restore jobs (up to 2.6.x; 2.7.0 removed it).
    pub enabled: Option<bool>,
}

/// `clickhouse:` — only its backup parts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Clickhouse {
    /// Whether the chart installs ClickHouse (stackstate-k8s 1.11.0 to suse-observability
    /// 2.9.x; default `false` up to 2.0.x, then `true`). 2.10.0 removed it and fails on `false`.
    pub enabled: Option<bool>,
    /// The `clickhouse-backup` sidecar and the two CronJobs that call it.
    pub backup: ClickhouseBackup,
    /// Restore jobs (stackstate-k8s up to suse-observability 2.6.x).
    pub restore: RestoreSwitch,
}

/// `clickhouse.backup`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ClickhouseBackup {
    /// The switch: read up to 2.6.x (default `false`) and again from 2.10.3 (default `true`).
    pub enabled: Option<bool>,
    /// The bucket of the backups.
    pub bucket_name: Option<String>,
    /// The path of the backups in the bucket (suse-observability 2.0.0 and later).
    pub s3_prefix: Option<String>,
    /// clickhouse-backup's settings.
    pub config: ClickhouseBackupConfig,
    /// When the backups run: Kubernetes CronJob schedules.
    pub scheduled: ClickhouseSchedule,
}

/// `clickhouse.backup.config`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ClickhouseBackupConfig {
    /// Which tables: comma-separated patterns, `?` and `*` allowed (absent: `otel.*`).
    pub tables: Option<String>,
    /// How many backups to keep in the bucket, full and incremental (absent: `308`).
    pub keep_remote: Option<IntOrString>,
}

/// `clickhouse.backup.scheduled`: Kubernetes CronJob schedules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ClickhouseSchedule {
    /// The full backup (absent: `45 0 * * *`).
    pub full_schedule: Option<String>,
    /// The incremental backups (absent: `45 3-23 * * *`).
    pub incremental_schedule: Option<String>,
}

/// `stackstate`: what of the components' settings the backups depend on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Stackstate {
    /// `stackstate.components`.
    pub components: StackstateComponents,
}

/// `stackstate.components`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct StackstateComponents {
    /// `stackstate.components.all`: settings of every component, the backup pods included.
    pub all: AllComponents,
}

/// `stackstate.components.all`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct AllComponents {
    /// Variables from existing Secrets, each `{name, secretName, secretKey}` (stackstate-k8s
    /// 1.11.3 and later); the chart pastes them into some backup containers unindented.
    pub envs_from_existing_secrets: Option<Vec<serde_json::Value>>,
}
