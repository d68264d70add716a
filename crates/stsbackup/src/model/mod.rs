//! The typed `backup:` and `minio:` values of the classic `stackstate` chart (4.3 to 5.1),
//! with the chart's real defaults.
//!
//! The model is plain data (no spans) so installers can build and inspect it directly; the
//! validator finds positions through the loaded tree. Every struct denies unknown keys, which
//! is what makes the generated JSON Schema reject a misspelt key. Types are what the chart's
//! templates need, not what YAML happens to produce: a bucket name is a string, so an unquoted
//! `12345678` (a number to Helm) is a finding, not a silent conversion.

mod backup;
pub mod constraints;
mod minio;
mod scalars;
mod storage;
mod subcharts;

pub use backup::*;
pub use minio::*;
pub use scalars::*;
pub use storage::*;
pub use subcharts::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The sections stsbackup models, as dotted paths: `backup` and `minio` whole, and the backup
/// parts of sections that belong mostly to the rest of the chart. Every other key is accepted
/// as it is.
pub const SECTIONS: [&str; 12] = [
    "backup",
    "minio",
    "global.backup",
    "global.s3proxy",
    "victoria-metrics-0.backup",
    "victoria-metrics-0.restore",
    "victoria-metrics-1.backup",
    "victoria-metrics-1.restore",
    "clickhouse.enabled",
    "clickhouse.backup",
    "clickhouse.restore",
    "stackstate.components.all.envsFromExistingSecrets",
];

/// The parts of a StackState values file that stsbackup models. Every other top-level key
/// belongs to the rest of the chart and is accepted as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Values {
    /// Backup and restore of StackGraph, Elasticsearch and the configuration.
    pub backup: Backup,
    /// The MinIO subchart (8.0.10-stackstate.N) that stores the backups.
    pub minio: Minio,
    /// The backup switch and S3Proxy credentials (suse-observability 2.7.0 and later).
    #[schemars(skip)]
    pub global: Global,
    /// Victoria Metrics instance 0 (stackstate-k8s and later): its backups.
    #[serde(rename = "victoria-metrics-0")]
    #[schemars(skip)]
    pub victoria_metrics_0: VictoriaMetrics,
    /// Victoria Metrics instance 1 (stackstate-k8s and later): its backups.
    #[serde(rename = "victoria-metrics-1")]
    #[schemars(skip)]
    pub victoria_metrics_1: VictoriaMetrics,
    /// ClickHouse (stackstate-k8s 1.11.0 and later): its backups.
    #[schemars(skip)]
    pub clickhouse: Clickhouse,
    /// The StackState components: the one setting of theirs that reaches the backup pods.
    #[schemars(skip)]
    pub stackstate: Stackstate,
}

/// Where MinIO keeps the backups, as the subchart decides it from its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StorageMode {
    /// `minio.s3gateway.enabled`: MinIO is a gateway to AWS S3.
    S3Gateway,
    /// `minio.azuregateway.enabled`: MinIO is a gateway to Azure Blob Storage.
    AzureGateway,
    /// `minio.persistence.enabled` without a gateway: a PersistentVolumeClaim.
    LocalVolume,
    /// Nothing enabled: MinIO writes to an `emptyDir` that vanishes with the pod.
    EmptyDir,
}

impl Values {
    /// The storage MinIO actually uses. The subchart checks the gateways in this order, so
    /// the first enabled one wins when several are (which the rules report).
    pub fn storage_mode(&self) -> StorageMode {
        if self.minio.s3gateway.enabled {
            StorageMode::S3Gateway
        } else if self.minio.azuregateway.enabled {
            StorageMode::AzureGateway
        } else if self.minio.persistence.enabled
            && !self.minio.gcsgateway.enabled
            && !self.minio.nasgateway.enabled
        {
            StorageMode::LocalVolume
        } else {
            StorageMode::EmptyDir
        }
    }

    /// Whether backups are switched on, whichever generation's switch is on: `backup.enabled`
    /// or `global.backup.enabled`. For one generation, [`Values::backups_enabled_in`] says.
    pub fn backups_enabled(&self) -> bool {
        self.backup.enabled || self.global.backup.enabled == Some(true)
    }

    /// Whether the chart of `generation` backs up: `backup.enabled` up to suse-observability
    /// 2.6.x; from 2.7.0 `global.backup.enabled` alone, where `backup.enabled: true` does not
    /// switch anything on but fails the chart (SB611). The one place that decides it: the
    /// rules ask through `Context::backups_enabled`.
    pub fn backups_enabled_in(&self, generation: crate::generation::Generation) -> bool {
        if generation <= crate::generation::Generation::D2 {
            self.backup.enabled
        } else {
            self.global.backup.enabled == Some(true)
        }
    }

    /// The buckets in use, each with the values path that names it: StackGraph and
    /// Elasticsearch always, configuration where its backups or restores are on.
    pub fn buckets(&self) -> Vec<(&'static str, &str)> {
        let backup = &self.backup;
        let mut buckets = vec![
            (
                "backup.stackGraph.bucketName",
                backup.stack_graph.bucket_name.as_str(),
            ),
            (
                "backup.elasticsearch.bucketName",
                backup.elasticsearch.bucket_name.as_str(),
            ),
        ];
        if backup.configuration.scheduled.enabled || backup.configuration.restore.enabled {
            buckets.push((
                "backup.configuration.bucketName",
                backup.configuration.bucket_name.as_str(),
            ));
        }
        buckets
    }
}
