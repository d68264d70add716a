//! The releases at which backup keys changed, named for the catalogue's table.

use crate::generation::{ChartName, ChartVersion, Version};

const fn release(chart: ChartName, major: u32, minor: u32, patch: u32) -> ChartVersion {
    ChartVersion::new(chart, Version::new(major, minor, patch))
}

use ChartName::{Stackstate, StackstateK8s, SuseObservability};

/// The first classic release stsbackup models (era B layout).
pub const STACKSTATE_4_3_0: ChartVersion = release(Stackstate, 4, 3, 0);
/// Configuration backups; `indices` becomes a pattern string.
pub const STACKSTATE_5_1_0: ChartVersion = release(Stackstate, 5, 1, 0);
/// The first `stackstate-k8s` release: Victoria Metrics backups.
pub const STACKSTATE_K8S_1_1_2: ChartVersion = release(StackstateK8s, 1, 1, 2);
/// `splitArchiveSize`.
pub const STACKSTATE_K8S_1_9_0: ChartVersion = release(StackstateK8s, 1, 9, 0);
/// ClickHouse backups, `initJobAnnotations`.
pub const STACKSTATE_K8S_1_11_0: ChartVersion = release(StackstateK8s, 1, 11, 0);
/// `stackstate.components.all.envsFromExistingSecrets` (`3d094a76a`).
pub const STACKSTATE_K8S_1_11_3: ChartVersion = release(StackstateK8s, 1, 11, 3);
/// GNU `date -d` retention.
pub const STACKSTATE_K8S_1_11_4: ChartVersion = release(StackstateK8s, 1, 11, 4);
/// Settings kept on a volume; `configuration.s3Prefix`.
pub const STACKSTATE_K8S_1_12_0: ChartVersion = release(StackstateK8s, 1, 12, 0);
/// `s3Prefix` for every store.
pub const SUSE_OBSERVABILITY_2_0_0: ChartVersion = release(SuseObservability, 2, 0, 0);
/// `clickhouse.backup.image`.
pub const SUSE_OBSERVABILITY_2_0_2: ChartVersion = release(SuseObservability, 2, 0, 2);
/// Settings kept on a volume.
pub const SUSE_OBSERVABILITY_2_1_0: ChartVersion = release(SuseObservability, 2, 1, 0);
/// ClickHouse backup image tags of these releases.
pub const SUSE_OBSERVABILITY_2_3_1: ChartVersion = release(SuseObservability, 2, 3, 1);
pub const SUSE_OBSERVABILITY_2_6_1: ChartVersion = release(SuseObservability, 2, 6, 1);
/// `global.backup.enabled`; per-store switches removed.
pub const SUSE_OBSERVABILITY_2_7_0: ChartVersion = release(SuseObservability, 2, 7, 0);
/// ClickHouse backup image tags of these releases.
pub const SUSE_OBSERVABILITY_2_8_0: ChartVersion = release(SuseObservability, 2, 8, 0);
pub const SUSE_OBSERVABILITY_2_8_1: ChartVersion = release(SuseObservability, 2, 8, 1);
pub const SUSE_OBSERVABILITY_2_9_0: ChartVersion = release(SuseObservability, 2, 9, 0);
/// S3Proxy replaces MinIO.
pub const SUSE_OBSERVABILITY_2_10_0: ChartVersion = release(SuseObservability, 2, 10, 0);
/// ClickHouse backup image tags of these releases.
pub const SUSE_OBSERVABILITY_2_10_1: ChartVersion = release(SuseObservability, 2, 10, 1);
pub const SUSE_OBSERVABILITY_2_10_2: ChartVersion = release(SuseObservability, 2, 10, 2);
/// Per-store `enabled`, StackGraph backup v2.
pub const SUSE_OBSERVABILITY_2_10_3: ChartVersion = release(SuseObservability, 2, 10, 3);
