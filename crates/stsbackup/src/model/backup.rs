//! `backup:` — StackGraph, Elasticsearch and (chart 5.1) configuration backups.

use super::constraints::{
    BUCKET_NAME_MAX_LENGTH, BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_PATTERN, COUNT_PATTERN,
    TIME_VALUE_PATTERN, TIMEDELTA_PATTERN,
};
use super::scalars::{CountText, IntOrString};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Backup and restore settings of the StackState chart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Backup {
    /// Additional logback config for the backup components.
    pub additional_logging: String,
    /// Enables backup and restore, including the MinIO subsystem (the subchart's condition).
    pub enabled: bool,
    /// Elasticsearch snapshots, taken by an Elasticsearch SLM policy.
    pub elasticsearch: ElasticsearchBackup,
    /// PodDisruptionBudget of the backup pods.
    pub poddisruptionbudget: PodDisruptionBudget,
    /// StackGraph backups, taken by a Kubernetes CronJob.
    pub stack_graph: StackGraphBackup,
    /// Configuration (settings) backups, taken by a Kubernetes CronJob (chart 5.1 and later).
    pub configuration: ConfigurationBackup,
    /// Where S3Proxy keeps the backups (suse-observability 2.10.0 and later).
    #[schemars(skip)]
    pub storage: super::storage::BackupStorage,
}

/// Maximum number of backup pods that can be unavailable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct PodDisruptionBudget {
    /// Maximum number of pods that can be unavailable during the backup.
    pub max_unavailable: IntOrString,
}

impl Default for PodDisruptionBudget {
    fn default() -> Self {
        PodDisruptionBudget {
            max_unavailable: IntOrString::Int(0),
        }
    }
}

/// Whether a store's restore Jobs are shipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct RestoreToggle {
    /// Enable restore functionality (if `backup.enabled` is set to `true`).
    pub enabled: bool,
}

impl Default for RestoreToggle {
    fn default() -> Self {
        RestoreToggle { enabled: true }
    }
}

/// Elasticsearch snapshot settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ElasticsearchBackup {
    /// Name of the MinIO bucket where Elasticsearch snapshots are stored.
    #[schemars(
        length(min = BUCKET_NAME_MIN_LENGTH, max = BUCKET_NAME_MAX_LENGTH),
        regex(pattern = BUCKET_NAME_PATTERN)
    )]
    pub bucket_name: String,
    /// Name of the Elasticsearch snapshot repository (`PUT /_snapshot/<name>`).
    pub snapshot_repository_name: String,
    /// Elasticsearch restore.
    pub restore: RestoreToggle,
    /// Scheduled Elasticsearch snapshots (an SLM policy).
    pub scheduled: ElasticsearchSchedule,
    /// Base path of the snapshot repository in the bucket (suse-observability 2.0.0 and later; absent: the release's default, `""`).
    #[schemars(skip)]
    pub s3_prefix: Option<String>,
    /// Whether the SLM policy is created (suse-observability 2.10.3 and later; absent: `true`).
    #[schemars(skip)]
    pub enabled: Option<bool>,
}

impl Default for ElasticsearchBackup {
    fn default() -> Self {
        ElasticsearchBackup {
            bucket_name: "sts-elasticsearch-backup".into(),
            snapshot_repository_name: "sts-backup".into(),
            restore: RestoreToggle::default(),
            scheduled: ElasticsearchSchedule::default(),
            s3_prefix: None,
            enabled: None,
        }
    }
}

/// The Elasticsearch SLM policy that takes the snapshots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ElasticsearchSchedule {
    /// Enable scheduled Elasticsearch snapshots (if `backup.enabled` is set to `true`).
    pub enabled: bool,
    /// Cron schedule in Elasticsearch (Quartz) syntax, always UTC: seconds first, and exactly one of day-of-month and day-of-week is `?` (default `0 0 3 * * ?`).
    pub schedule: String,
    /// Indices to snapshot: a JSON array string (chart 4.x, `["*"]`) or a comma-separated pattern string (chart 5.1, `sts*`).
    pub indices: String,
    /// Name of the Elasticsearch snapshot policy (`PUT /_slm/policy/<name>`).
    pub snapshot_policy_name: String,
    /// Snapshot name in Elasticsearch date math, in angle brackets.
    pub snapshot_name_template: String,
    /// How long to keep snapshots, in Elasticsearch time units (`30d`, `12h`). The retention task runs daily at 01:30 UTC.
    #[schemars(regex(pattern = TIME_VALUE_PATTERN))]
    pub snapshot_retention_expire_after: String,
    /// Minimum number of snapshots to keep (a whole number, written as a string by the chart).
    #[schemars(regex(pattern = COUNT_PATTERN), range(min = 1))]
    pub snapshot_retention_min_count: CountText,
    /// Maximum number of snapshots to keep (a whole number, written as a string by the chart).
    #[schemars(regex(pattern = COUNT_PATTERN), range(min = 1))]
    pub snapshot_retention_max_count: CountText,
}

impl Default for ElasticsearchSchedule {
    fn default() -> Self {
        ElasticsearchSchedule {
            enabled: true,
            schedule: "0 0 3 * * ?".into(),
            indices: "sts*".into(),
            snapshot_policy_name: "auto-sts-backup".into(),
            snapshot_name_template: "<sts-backup-{now{yyyyMMdd-HHmm}}>".into(),
            snapshot_retention_expire_after: "30d".into(),
            snapshot_retention_min_count: "5".into(),
            snapshot_retention_max_count: "30".into(),
        }
    }
}

/// StackGraph backup settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct StackGraphBackup {
    /// Name of the MinIO bucket to store StackGraph backups.
    #[schemars(
        length(min = BUCKET_NAME_MIN_LENGTH, max = BUCKET_NAME_MAX_LENGTH),
        regex(pattern = BUCKET_NAME_PATTERN)
    )]
    pub bucket_name: String,
    /// StackGraph restore.
    pub restore: StackGraphRestore,
    /// Scheduled StackGraph backups (a CronJob).
    pub scheduled: StackGraphSchedule,
    /// Security context of the backup pods.
    pub security_context: SecurityContext,
    /// Prefix of the backup objects in the bucket (suse-observability 2.0.0 and later; absent: the release's default, `""`).
    #[schemars(skip)]
    pub s3_prefix: Option<String>,
    /// Split the archive into parts of this size for `split -b` (stackstate-k8s 1.9.0 to suse-observability 2.9.x; `0`: one file).
    #[schemars(skip)]
    pub split_archive_size: Option<IntOrString>,
    /// Whether the StackGraph v1 CronJob renders (suse-observability 2.10.3 and later; absent: `true`).
    #[schemars(skip)]
    pub enabled: Option<bool>,
}

impl Default for StackGraphBackup {
    fn default() -> Self {
        StackGraphBackup {
            bucket_name: "sts-stackgraph-backup".into(),
            restore: StackGraphRestore::default(),
            scheduled: StackGraphSchedule::default(),
            security_context: SecurityContext::default(),
            s3_prefix: None,
            split_archive_size: None,
            enabled: None,
        }
    }
}

/// StackGraph restore settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct StackGraphRestore {
    /// Enable StackGraph backup restore functionality (if `backup.enabled` is set to `true`).
    pub enabled: bool,
    /// Volume for temporary restore data.
    pub temp_data: TempData,
}

impl Default for StackGraphRestore {
    fn default() -> Self {
        StackGraphRestore {
            enabled: true,
            temp_data: TempData::default(),
        }
    }
}

/// A volume for temporary backup data: it must hold one whole backup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct TempData {
    /// Access modes of the volume.
    pub access_modes: Vec<String>,
    /// Size of the volume (rendered with `tpl`).
    pub size: String,
    /// Storage class of the volume (`-` renders `storageClassName: ""`).
    pub storage_class: Option<String>,
}

impl Default for TempData {
    fn default() -> Self {
        TempData {
            access_modes: vec!["ReadWriteOnce".into()],
            size: "{{ .Values.hbase.hdfs.datanode.persistence.size }}".into(),
            storage_class: None,
        }
    }
}

/// The StackGraph backup CronJob.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct StackGraphSchedule {
    /// Enable scheduled StackGraph backups (if `backup.enabled` is set to `true`).
    pub enabled: bool,
    /// Cron schedule in Kubernetes CronJob syntax (5 fields, or `@daily`); the chart sets no time zone.
    pub schedule: String,
    /// Backup name as a double-quoted shell string; `$(date +FORMAT)` is the only command substitution allowed.
    pub backup_name_template: String,
    /// Python regular expression that matches backup names; group 1 is the date and time.
    pub backup_name_parse_regexp: String,
    /// Python `strptime` format of group 1 of the regular expression.
    pub backup_datetime_parse_format: String,
    /// How long to keep backups, as Python `timedelta` keyword arguments (`days = 30`).
    #[schemars(regex(pattern = TIMEDELTA_PATTERN))]
    pub backup_retention_time_delta: String,
    /// Volume for temporary backup data.
    pub temp_data: TempData,
    /// Which StackGraph backup runs: `v1` or `v2` (suse-observability 2.10.3 and later; absent: `v1`).
    #[schemars(skip)]
    pub implementation: Option<String>,
}

impl Default for StackGraphSchedule {
    fn default() -> Self {
        StackGraphSchedule {
            enabled: true,
            schedule: "0 3 * * *".into(),
            backup_name_template: "sts-backup-$(date +%Y%m%d-%H%M).graph".into(),
            backup_name_parse_regexp: "sts-backup-([0-9]*-[0-9]*).graph".into(),
            backup_datetime_parse_format: "%Y%m%d-%H%M".into(),
            backup_retention_time_delta: "days = 30".into(),
            temp_data: TempData::default(),
            implementation: None,
        }
    }
}

/// The pod security context of a backup component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SecurityContext {
    /// Whether or not to enable the securityContext.
    pub enabled: bool,
    /// The GID of all files on all mounted volumes.
    pub fs_group: i64,
    /// The GID of the owning user of the process.
    pub run_as_group: i64,
    /// Ensure that the user is not root.
    pub run_as_non_root: bool,
    /// The UID of the owning user of the process.
    pub run_as_user: i64,
}

impl Default for SecurityContext {
    fn default() -> Self {
        SecurityContext {
            enabled: true,
            fs_group: 65534,
            run_as_group: 65534,
            run_as_non_root: true,
            run_as_user: 65534,
        }
    }
}

/// Configuration (settings) backup settings (chart 5.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ConfigurationBackup {
    /// Name of the MinIO bucket to store configuration backups.
    #[schemars(
        length(min = BUCKET_NAME_MIN_LENGTH, max = BUCKET_NAME_MAX_LENGTH),
        regex(pattern = BUCKET_NAME_PATTERN)
    )]
    pub bucket_name: String,
    /// Configuration restore.
    pub restore: RestoreToggle,
    /// Scheduled configuration backups (a CronJob).
    pub scheduled: ConfigurationSchedule,
    /// Security context of the configuration backup pods.
    pub security_context: SecurityContext,
    /// Prefix of the backup objects in the bucket (stackstate-k8s 1.12.0, suse-observability 2.0.0 and later; absent: `""`).
    #[schemars(skip)]
    pub s3_prefix: Option<String>,
    /// Whether the settings backup CronJob renders (suse-observability 2.10.3 and later; absent: `true`).
    #[schemars(skip)]
    pub enabled: Option<bool>,
}

impl Default for ConfigurationBackup {
    fn default() -> Self {
        ConfigurationBackup {
            bucket_name: "sts-configuration-backup".into(),
            restore: RestoreToggle::default(),
            scheduled: ConfigurationSchedule::default(),
            security_context: SecurityContext::default(),
            s3_prefix: None,
            enabled: None,
        }
    }
}

/// The configuration backup CronJob.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ConfigurationSchedule {
    /// Enable scheduled configuration backups (if `backup.enabled` is set to `true`).
    pub enabled: bool,
    /// Cron schedule in Kubernetes CronJob syntax (5 fields, or `@daily`); the chart sets no time zone.
    pub schedule: String,
    /// Backup name as a double-quoted shell string; `$(date +FORMAT)` is the only command substitution allowed.
    pub backup_name_template: String,
    /// Python regular expression that matches backup names; group 1 is the date and time.
    pub backup_name_parse_regexp: String,
    /// Python `strptime` format of group 1 of the regular expression.
    pub backup_datetime_parse_format: String,
    /// How long to keep backups, as Python `timedelta` keyword arguments (`days = 365`).
    #[schemars(regex(pattern = TIMEDELTA_PATTERN))]
    pub backup_retention_time_delta: String,
}

impl Default for ConfigurationSchedule {
    fn default() -> Self {
        ConfigurationSchedule {
            enabled: true,
            schedule: "0 4 * * *".into(),
            backup_name_template: "sts-backup-$(date +%Y%m%d-%H%M).stj".into(),
            backup_name_parse_regexp: "sts-backup-([0-9]*-[0-9]*).stj".into(),
            backup_datetime_parse_format: "%Y%m%d-%H%M".into(),
            backup_retention_time_delta: "days = 365".into(),
        }
    }
}
