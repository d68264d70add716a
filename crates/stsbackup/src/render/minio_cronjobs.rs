//! The backup CronJobs of the MinIO generations after the classic chart: `stackstate-k8s` 1.x
//! (D1 to 1.11.3, D2 from 1.11.4), `suse-observability` 2.0 to 2.6 (D2) and 2.7 to 2.9 (E0).
//! StackGraph (`<fullname>-backup-sg`), the configuration or settings backup
//! (`<fullname>-backup-conf`) and, from `stackstate-k8s` 1.11.1, ClickHouse's full and
//! incremental backups, as each release's `cronjob-backup.yaml`, `cronjob-clickhouse-backup.yaml`
//! and `_helper-backup.tpl` render them.
//!
//! What differs between these releases is data: [`RELEASES`] says, per stretch of releases,
//! which switches gate each CronJob, which env vars the helper prints, how the configuration
//! backup runs, the labels, the Argo CD settings and the ClickHouse CronJobs' names and image;
//! [`DEFAULTS`] holds each release's default image tags. Values are read from the merged
//! document with the release's defaults (the catalogue's, for the backup keys), as Helm
//! coalesces them; what the pods take from the rest of the chart (the `wait` container, the
//! endpoints, base URLs, resources) is read by `render/platform.rs`'s `MinioPlatform`.

use super::platform::Lookup;
use super::platform::{MinioLayout, MinioPlatform, MinioRelease, MinioWait, Quorum};
use super::{CronJobOptions, RenderError, RenderedFile, ValidatedValues, templates};
use crate::generation::{ChartName, ChartVersion, Version};
use crate::load::{Node, NodeValue};
use serde::Serialize;

/// Which value turns the backups on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MasterSwitch {
    /// `backup.enabled`, with each store's `scheduled.enabled` (to 2.6.x).
    BackupEnabled,
    /// `global.backup.enabled`; the per-store switches are gone (2.7.0 to 2.9.x).
    GlobalBackupEnabled,
}

/// How the configuration backup reads the license (the settings backup only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum License {
    /// `LICENSE_KEY` from the key `sts-license-key` of `<fullname>-license`.
    KeyRef,
    /// `envFrom` the license Secret (`stackstate.license.fromExternalSecret`, or
    /// `<fullname>-license`).
    EnvFrom,
}

/// How the configuration backup runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Configuration {
    /// `backup-configuration` in the container-tools image under the `<fullname>-backup`
    /// service account; rendered only with `backup.enabled`, like StackGraph's.
    ContainerTools,
    /// `backup-settings` in the server image, keeping the settings on the
    /// `<fullname>-settings-backup-data` volume and uploading them only when backups are on;
    /// rendered without the master switch. `reset_service_account`: the chart writes
    /// `serviceAccount: ""` and `serviceAccountName: ""`.
    Settings {
        license: License,
        reset_service_account: bool,
    },
}

/// The `metadata.labels` of the StackGraph and configuration CronJobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Labels {
    /// `app.kubernetes.io/component: backup` only.
    ComponentOnly,
    /// `app.kubernetes.io/name` and a component per CronJob (StackGraph's, then `backup-settings`).
    Named {
        name: &'static str,
        stackgraph_component: &'static str,
    },
}

/// The container `securityContext` the chart's `common.container` gives the StackGraph and
/// settings containers (from stackstate-k8s 1.12 and suse-observability 2.1, whose templates
/// merge it in), as the `common` chart of the release sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum ContainerSecurity {
    /// `allowPrivilegeEscalation: false`, `capabilities.drop: [all]` (common 0.4.24, 0.4.25).
    NoEscalation,
    /// Also `runAsNonRoot: true` and the `RuntimeDefault` seccomp profile, dropping `ALL`
    /// (common 0.4.26, suse-observability 2.4.0).
    Restricted,
}

/// Where the ClickHouse CronJobs' image comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ClickhouseImage {
    /// Written in the template.
    Fixed(&'static str),
    /// `clickhouse.backup.image.{registry,repository,tag}`; `global.imageRegistry` overrides
    /// the registry when `global_registry`.
    FromValues { global_registry: bool },
}

/// The ClickHouse CronJobs of a release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Clickhouse {
    /// The names' prefix: `<prefix>-clickhouse-full-backup`, written in the template.
    prefix: &'static str,
    /// Also gated by `clickhouse.enabled` (from 1.11.5).
    needs_clickhouse_enabled: bool,
    image: ClickhouseImage,
    /// The pods get `global.imagePullSecrets` and `imagePullSecrets` (from 2.6.1).
    pull_secrets: bool,
}

/// What a stretch of releases renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Facts {
    switch: MasterSwitch,
    /// `BACKUP_STACKGRAPH_ARCHIVE_SPLIT_SIZE` (from 1.9.0).
    split_archive_size: bool,
    /// `BACKUP_CLICKHOUSE_*` in the env helper (from 1.11.0).
    clickhouse_env: bool,
    /// `BACKUP_*_S3_PREFIX` (suse-observability, and stackstate-k8s 2.0.0).
    s3_prefix: bool,
    configuration: Configuration,
    labels: Labels,
    /// `deployment.compatibleWithArgoCD` sets the TTL (86400), keeps one Job, and leaves the
    /// configuration and ClickHouse CronJobs without a TTL (from 2.3.0).
    argo_cd: bool,
    /// `ttlSecondsAfterFinished` otherwise: 600, and 3600 from 2.8.1.
    ttl_seconds: u32,
    /// `BACKUP_VICTORIA_METRICS_1_ENABLED` is `false` where instance 1 is not deployed (2.8.0).
    vm1_deployment_gates_env: bool,
    /// `common.container`'s security context on the StackGraph and settings containers.
    container_security: Option<ContainerSecurity>,
    /// The pull secrets also take `stackstate.components.all.image`'s (`pullSecretName`, or
    /// the chart's own `<fullname>-pull-secret`), to 2.2.x.
    image_pull_secret: bool,
    clickhouse: Option<Clickhouse>,
    /// `ZOOKEEPER_QUORUM` of the StackGraph backup follows `hbase.deployment.mode` (from 1.11.0).
    mono_quorum: bool,
    /// The server split read as `suse-observability.features.enabled`, and `PLATFORM_VERSION`
    /// among the backup variables (from 2.4.0).
    features: bool,
    /// The settings backup carries the authentication variable (stackstate-k8s 1.12, 2.1).
    settings_authentication: bool,
    /// `ZOOKEEPER_QUORUM` from the chart's `stackgraph.zookeeper.endpoint` (from 2.1.0), not
    /// written in the template.
    quorum_helper: bool,
    /// "Global mode" (`global.suseObservability`, from 2.9.0): `registry.rancher.com` and the
    /// sizing profile's HBase mode and server split.
    global_mode: bool,
}

const D1_FIRST: Facts = Facts {
    switch: MasterSwitch::BackupEnabled,
    split_archive_size: false,
    clickhouse_env: false,
    s3_prefix: false,
    configuration: Configuration::ContainerTools,
    labels: Labels::ComponentOnly,
    argo_cd: false,
    ttl_seconds: 600,
    vm1_deployment_gates_env: false,
    container_security: None,
    image_pull_secret: true,
    clickhouse: None,
    mono_quorum: false,
    quorum_helper: false,
    global_mode: false,
    features: false,
    settings_authentication: false,
};

const FIXED_CLICKHOUSE_IMAGE: &str = "quay.io/stackstate/clickhouse-backup:2.5.20-2b2c95ed";

const STACKSTATE_CLICKHOUSE: Clickhouse = Clickhouse {
    prefix: "stackstate",
    needs_clickhouse_enabled: false,
    image: ClickhouseImage::Fixed(FIXED_CLICKHOUSE_IMAGE),
    pull_secrets: false,
};

const SUSE_CLICKHOUSE: Clickhouse = Clickhouse {
    prefix: "suse-observability",
    needs_clickhouse_enabled: true,
    image: ClickhouseImage::Fixed(FIXED_CLICKHOUSE_IMAGE),
    pull_secrets: false,
};

/// Suse-observability 2.0.0 (also tagged `stackstate-k8s/2.0.0`) to 2.0.1.
const SUSE_2_0: Facts = Facts {
    split_archive_size: true,
    mono_quorum: true,
    clickhouse_env: true,
    s3_prefix: true,
    clickhouse: Some(SUSE_CLICKHOUSE),
    ..D1_FIRST
};

const SUSE_2_1: Facts = Facts {
    configuration: Configuration::Settings {
        license: License::KeyRef,
        reset_service_account: false,
    },
    container_security: Some(ContainerSecurity::NoEscalation),
    settings_authentication: true,
    quorum_helper: true,
    labels: Labels::Named {
        name: "suse-observability",
        stackgraph_component: "backup-sg",
    },
    clickhouse: Some(Clickhouse {
        image: ClickhouseImage::FromValues {
            global_registry: false,
        },
        ..SUSE_CLICKHOUSE
    }),
    ..SUSE_2_0
};

const SUSE_2_2: Facts = Facts {
    settings_authentication: false,
    configuration: Configuration::Settings {
        license: License::EnvFrom,
        reset_service_account: true,
    },
    clickhouse: Some(Clickhouse {
        image: ClickhouseImage::FromValues {
            global_registry: true,
        },
        ..SUSE_CLICKHOUSE
    }),
    ..SUSE_2_1
};

const SUSE_2_3: Facts = Facts {
    argo_cd: true,
    image_pull_secret: false,
    ..SUSE_2_2
};

const SUSE_2_4: Facts = Facts {
    container_security: Some(ContainerSecurity::Restricted),
    features: true,
    ..SUSE_2_3
};

const SUSE_2_6_1: Facts = Facts {
    clickhouse: Some(Clickhouse {
        pull_secrets: true,
        image: ClickhouseImage::FromValues {
            global_registry: true,
        },
        ..SUSE_CLICKHOUSE
    }),
    ..SUSE_2_4
};

/// What each stretch of releases renders, read from the tags' templates: (chart, first
/// release, facts), each stretch lasting until the next of its chart. `stackstate-k8s` 1.12.x
/// came from a maintenance branch after 2.0.0 was cut, so it has the settings backup and not
/// the `s3Prefix` variables. The tag `stackstate-k8s/2.0.0` is `suse-observability` 2.0.0.
const RELEASES: &[(ChartName, Version, Facts)] = &[
    (ChartName::StackstateK8s, Version::new(1, 1, 2), D1_FIRST),
    (
        ChartName::StackstateK8s,
        Version::new(1, 9, 0),
        Facts {
            split_archive_size: true,
            ..D1_FIRST
        },
    ),
    (
        ChartName::StackstateK8s,
        Version::new(1, 11, 0),
        Facts {
            split_archive_size: true,
            clickhouse_env: true,
            mono_quorum: true,
            ..D1_FIRST
        },
    ),
    (
        ChartName::StackstateK8s,
        Version::new(1, 11, 1),
        Facts {
            split_archive_size: true,
            clickhouse_env: true,
            mono_quorum: true,
            clickhouse: Some(STACKSTATE_CLICKHOUSE),
            ..D1_FIRST
        },
    ),
    (
        ChartName::StackstateK8s,
        Version::new(1, 11, 5),
        Facts {
            split_archive_size: true,
            clickhouse_env: true,
            mono_quorum: true,
            clickhouse: Some(Clickhouse {
                needs_clickhouse_enabled: true,
                ..STACKSTATE_CLICKHOUSE
            }),
            ..D1_FIRST
        },
    ),
    (
        ChartName::StackstateK8s,
        Version::new(1, 12, 0),
        Facts {
            split_archive_size: true,
            clickhouse_env: true,
            mono_quorum: true,
            configuration: Configuration::Settings {
                license: License::KeyRef,
                reset_service_account: false,
            },
            labels: Labels::Named {
                name: "stackstate-k8s",
                stackgraph_component: "backup-stackgraph",
            },
            container_security: Some(ContainerSecurity::NoEscalation),
            settings_authentication: true,
            clickhouse: Some(Clickhouse {
                needs_clickhouse_enabled: true,
                ..STACKSTATE_CLICKHOUSE
            }),
            ..D1_FIRST
        },
    ),
    (
        ChartName::StackstateK8s,
        Version::new(1, 12, 1),
        Facts {
            split_archive_size: true,
            clickhouse_env: true,
            mono_quorum: true,
            configuration: Configuration::Settings {
                license: License::KeyRef,
                reset_service_account: true,
            },
            labels: Labels::Named {
                name: "stackstate-k8s",
                stackgraph_component: "backup-stackgraph",
            },
            container_security: Some(ContainerSecurity::NoEscalation),
            settings_authentication: true,
            clickhouse: Some(Clickhouse {
                needs_clickhouse_enabled: true,
                ..STACKSTATE_CLICKHOUSE
            }),
            ..D1_FIRST
        },
    ),
    (ChartName::StackstateK8s, Version::new(2, 0, 0), SUSE_2_0),
    (
        ChartName::SuseObservability,
        Version::new(2, 0, 0),
        SUSE_2_0,
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 0, 2),
        Facts {
            clickhouse: Some(Clickhouse {
                image: ClickhouseImage::FromValues {
                    global_registry: false,
                },
                ..SUSE_CLICKHOUSE
            }),
            ..SUSE_2_0
        },
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 1, 0),
        SUSE_2_1,
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 2, 0),
        SUSE_2_2,
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 3, 0),
        SUSE_2_3,
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 4, 0),
        SUSE_2_4,
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 6, 1),
        SUSE_2_6_1,
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 7, 0),
        Facts {
            switch: MasterSwitch::GlobalBackupEnabled,
            ..SUSE_2_6_1
        },
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 8, 0),
        Facts {
            switch: MasterSwitch::GlobalBackupEnabled,
            vm1_deployment_gates_env: true,
            ..SUSE_2_6_1
        },
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 8, 1),
        Facts {
            switch: MasterSwitch::GlobalBackupEnabled,
            vm1_deployment_gates_env: true,
            ttl_seconds: 3600,
            ..SUSE_2_6_1
        },
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 9, 0),
        Facts {
            switch: MasterSwitch::GlobalBackupEnabled,
            vm1_deployment_gates_env: true,
            ttl_seconds: 3600,
            global_mode: true,
            ..SUSE_2_6_1
        },
    ),
];

/// Each release's default image tags (its `values.yaml`): the server
/// (`stackstate.components.all.image.tag`), container-tools and, from 2.0.2, ClickHouse's
/// backup image. A release not listed takes the last one before it.
const DEFAULTS: &[(ChartName, Version, &str, &str, Option<&str>)] = &[
    release(
        StackstateK8s,
        1,
        1,
        2,
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        3,
        0,
        "6.0.0-snapshot.20231113134919-master-fe0fa28",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        4,
        0,
        "6.0.0-snapshot.20231128123928-master-416565e",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        5,
        0,
        "6.0.0-snapshot.20231130112743-master-817f8df",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        6,
        0,
        "6.0.0-snapshot.20231211113404-master-92a28ae",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        6,
        1,
        "6.0.0-snapshot.20231212093005-master-991c31f",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        7,
        0,
        "6.0.0-snapshot.20240116133029-master-941caf7",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        8,
        0,
        "6.0.0-snapshot.20240226082145-master-ac8c016",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        9,
        0,
        "6.0.0-snapshot.20240323081922-master-5890d0b",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        9,
        1,
        "6.0.0-snapshot.20240328085140-master-9d0f85c",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        9,
        2,
        "6.0.0-snapshot.20240402131555-master-485026b",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        10,
        0,
        "6.0.0-snapshot.20240411092708-master-91af6ab",
        "1.2.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        11,
        0,
        "6.0.0-snapshot.20240718165243-master-aeb7185",
        "1.4.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        11,
        1,
        "6.0.0-snapshot.20240801152215-master-5897512",
        "1.4.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        11,
        2,
        "6.0.0-snapshot.20240806150819-master-716b65e",
        "1.4.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        11,
        3,
        "6.0.0-snapshot.20240815083601-master-bd8cfc5",
        "1.4.0",
        None,
    ),
    release(
        StackstateK8s,
        1,
        11,
        4,
        "6.0.0-snapshot.20240829112751-master-8082a57",
        "1.4.1",
        None,
    ),
    release(
        StackstateK8s,
        1,
        12,
        0,
        "6.0.0-snapshot.20241023094532-stackstate-6.x-7be52ad",
        "1.4.1",
        None,
    ),
    release(
        StackstateK8s,
        2,
        0,
        0,
        "7.0.0-snapshot.20240911112250-master-f9361e0",
        "1.4.1",
        None,
    ),
    release(
        SuseObservability,
        2,
        0,
        0,
        "7.0.0-snapshot.20240911112250-master-f9361e0",
        "1.4.1",
        None,
    ),
    release(
        SuseObservability,
        2,
        0,
        1,
        "7.0.0-snapshot.20240918082712-master-8d36ec2",
        "1.4.1",
        None,
    ),
    release(
        SuseObservability,
        2,
        0,
        2,
        "7.0.0-snapshot.20241001154902-master-e89f93c",
        "1.4.1",
        Some("2.5.20-2b2c95ed"),
    ),
    release(
        SuseObservability,
        2,
        1,
        0,
        "7.0.0-snapshot.20241023133226-master-a9f30a7",
        "1.4.1",
        Some("2.5.20-2b2c95ed"),
    ),
    release(
        SuseObservability,
        2,
        2,
        0,
        "7.0.0-snapshot.20241204151219-master-db9515b",
        "1.4.1",
        Some("2.5.20-2b2c95ed"),
    ),
    release(
        SuseObservability,
        2,
        3,
        0,
        "7.0.0-snapshot.20250124171607-master-8a3bd61",
        "1.5.1",
        Some("2.5.20-2b2c95ed"),
    ),
    release(
        SuseObservability,
        2,
        3,
        1,
        "7.0.0-snapshot.20250312150320-master-1f9655b",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        3,
        2,
        "7.0.0-snapshot.20250422152320-master-70cbfa3",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        3,
        3,
        "7.0.0-snapshot.20250430171416-master-f683b3c",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        3,
        4,
        "7.0.0-snapshot.20250530144354-master-5eda9c3",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        3,
        5,
        "7.0.0-snapshot.20250617133841-master-fb294f8",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        3,
        6,
        "7.0.0-snapshot.20250722112540-master-34e65ce",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        3,
        7,
        "7.0.0-snapshot.20250728075040-version-2.3.6-bb2abf0",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        4,
        0,
        "7.0.0-snapshot.20250820143359-master-7cb8e40",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        5,
        0,
        "7.0.0-snapshot.20250903124607-master-be6b85c",
        "1.5.5",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        5,
        1,
        "7.0.0-snapshot.20250924111101-master-69882d4",
        "1.7.0",
        Some("2.6.5-3c1fce8a"),
    ),
    release(
        SuseObservability,
        2,
        6,
        1,
        "7.0.0-snapshot.20251009195131-master-48c0883",
        "1.8.0-bci",
        Some("2.6.38-9157204e"),
    ),
    release(
        SuseObservability,
        2,
        6,
        2,
        "7.0.0-snapshot.20251030130227-master-9bdda25",
        "1.8.0-bci",
        Some("2.6.38-9157204e"),
    ),
    release(
        SuseObservability,
        2,
        6,
        3,
        "7.0.0-snapshot.20251120152824-master-8cfee78",
        "1.8.0-bci",
        Some("2.6.38-9157204e"),
    ),
    release(
        SuseObservability,
        2,
        7,
        0,
        "7.0.0-snapshot.20260112180233-master-bdc7466",
        "1.8.1-bci",
        Some("2.6.39-d0d7ba46-65"),
    ),
    release(
        SuseObservability,
        2,
        8,
        0,
        "7.0.0-snapshot.20260227114630-master-dfb9ea3",
        "1.8.3-610",
        Some("2.6.39-8b7e3abd-125"),
    ),
    release(
        SuseObservability,
        2,
        8,
        1,
        "7.0.0-snapshot.20260316080614-master-8da9082",
        "1.8.3-610",
        Some("2.6.39-a7171eea-145-release"),
    ),
    release(
        SuseObservability,
        2,
        9,
        0,
        "7.0.0-snapshot.20260323154506-master-0002b3f",
        "1.8.3-610",
        Some("2.6.39-a7171eea-149-release"),
    ),
];

use ChartName::{StackstateK8s, SuseObservability};

#[allow(clippy::too_many_arguments)]
const fn release(
    chart: ChartName,
    major: u32,
    minor: u32,
    patch: u32,
    server_tag: &'static str,
    container_tools_tag: &'static str,
    clickhouse_tag: Option<&'static str>,
) -> (
    ChartName,
    Version,
    &'static str,
    &'static str,
    Option<&'static str>,
) {
    (
        chart,
        Version::new(major, minor, patch),
        server_tag,
        container_tools_tag,
        clickhouse_tag,
    )
}

/// The last entry of `table` at or before `release` in its chart.
fn at_or_before<T>(
    table: &'static [T],
    release: ChartVersion,
    key: impl Fn(&T) -> (ChartName, Version),
) -> Option<&'static T> {
    table
        .iter()
        .filter(|entry| {
            let (chart, first) = key(entry);
            chart == release.chart && first <= release.version
        })
        .last()
}

/// The release whose defaults apply: the tag `stackstate-k8s/2.0.0` is the chart
/// `suse-observability` 2.0.0 (its `Chart.yaml` already says so).
pub(crate) fn same_chart_as(release: ChartVersion) -> ChartVersion {
    if release.chart == ChartName::StackstateK8s && release.version.major >= 2 {
        ChartVersion::new(ChartName::SuseObservability, release.version)
    } else {
        release
    }
}

/// The facts of a release of `stackstate-k8s` or `suse-observability` before 2.10.
fn facts_of(release: ChartVersion) -> Option<Facts> {
    at_or_before(RELEASES, release, |(chart, first, _)| (*chart, *first)).map(|(_, _, f)| *f)
}

/// The chart's defaults that are the same in every release here.
mod defaults {
    pub const REGISTRY: &str = "quay.io";
    pub const SERVER_REPOSITORY: &str = "stackstate/stackstate-server";
    pub const CONTAINER_TOOLS_REPOSITORY: &str = "stackstate/container-tools";
    pub const PULL_POLICY: &str = "IfNotPresent";
    pub const CLICKHOUSE_BACKUP_REPOSITORY: &str = "stackstate/clickhouse-backup";
}

/// One StackGraph or configuration CronJob.
#[derive(Serialize)]
struct BackupCronJob<'a> {
    api_version: &'static str,
    name: String,
    namespace: Option<&'a str>,
    /// `app.kubernetes.io/name`, when the release writes one.
    name_label: Option<&'static str>,
    /// `app.kubernetes.io/component` of the CronJob.
    component: &'static str,
    schedule: String,
    argo_cd: bool,
    ttl_seconds: Option<u32>,
    container: &'static str,
    script: &'static str,
    image: String,
    pull_policy: String,
    /// `envFrom` this Secret (the license).
    env_from_secret: Option<String>,
    /// `LICENSE_KEY` from this Secret's `sts-license-key`.
    license_key_secret: Option<String>,
    env: Vec<(&'static str, Option<String>)>,
    /// `CONFIG_FORCE_..._defaultPlatformPassword` from this Secret's `platformAdminPassword`.
    authentication_secret: Option<String>,
    /// The `wait` init container.
    wait: MinioWait,
    resources: Option<String>,
    fullname: String,
    /// The MinIO Secret, when the release mounts it.
    minio_secret: Option<String>,
    /// The extra volume: (name, mount path, claim).
    data_volume: (&'static str, &'static str, String),
    service_account_name: Option<String>,
    reset_service_account: bool,
    security_context: Option<serde_json::Value>,
    container_security: Option<ContainerSecurity>,
    pull_secrets: Vec<String>,
}

/// One ClickHouse CronJob.
#[derive(Serialize)]
struct ClickhouseCronJob<'a> {
    api_version: &'static str,
    prefix: &'static str,
    job: &'static str,
    namespace: Option<&'a str>,
    schedule: String,
    argo_cd: bool,
    ttl_seconds: Option<u32>,
    image: String,
    pull_policy: String,
    tables: String,
    pull_secrets: Vec<String>,
}

/// The values as the chart reads them, with the release's defaults.
struct Reader<'a> {
    settings: Lookup<'a>,
    release: ChartVersion,
}

impl Reader<'_> {
    /// The value at `path` as Helm's `quote` prints it: the release's default when the file
    /// does not set it, `""` for `null`. A mapping or a list is refused (Go would print
    /// `map[...]` into the env var).
    fn quoted(&self, path: &str) -> Result<String, RenderError> {
        let segments: Vec<&str> = path.split('.').collect();
        match self.settings.at(&segments) {
            None => Ok(self.default_of(path)),
            Some(node) => printed(path, node),
        }
    }

    /// The value at `path` as the chart's env helper prints it: `None` (YAML `null`) where
    /// `quote` gets nothing (the key unset with no default, or `null`), which Sprig's `quote`
    /// skips.
    fn quoted_env(&self, path: &str) -> Result<Option<String>, RenderError> {
        let segments: Vec<&str> = path.split('.').collect();
        match self.settings.at(&segments) {
            None => {
                let json =
                    crate::catalogue::lookup(path).and_then(|key| key.default_at(self.release));
                Ok(match json.map(serde_json::from_str::<serde_json::Value>) {
                    Some(Ok(serde_json::Value::String(text))) => Some(text),
                    Some(Ok(serde_json::Value::Null)) | None | Some(Err(_)) => None,
                    Some(Ok(other)) => Some(other.to_string()),
                })
            }
            Some(Node {
                value: NodeValue::Null,
                ..
            }) => Ok(None),
            Some(node) => printed(path, node).map(Some),
        }
    }

    /// The catalogue's default of a backup key at this release, as `quote` prints it.
    fn default_of(&self, path: &str) -> String {
        let json = crate::catalogue::lookup(path).and_then(|key| key.default_at(self.release));
        match json.map(serde_json::from_str::<serde_json::Value>) {
            Some(Ok(serde_json::Value::String(text))) => text,
            Some(Ok(serde_json::Value::Null)) | None | Some(Err(_)) => String::new(),
            Some(Ok(other)) => other.to_string(),
        }
    }

    /// A switch as Go templates test it, with the catalogue's default.
    fn flag(&self, path: &str) -> bool {
        let default = self.default_of(path) == "true";
        let segments: Vec<&str> = path.split('.').collect();
        self.settings.flag(&segments, default)
    }
}

/// A scalar as `quote` prints it.
fn printed(path: &str, node: &Node) -> Result<String, RenderError> {
    match &node.value {
        NodeValue::Null => Ok(String::new()),
        NodeValue::String(text) => Ok(text.clone()),
        NodeValue::Bool(b) => Ok(b.to_string()),
        NodeValue::Int(i) => Ok(i.to_string()),
        NodeValue::Float(_) => Ok(node.to_json().to_string()),
        NodeValue::Seq(_) | NodeValue::Map(_) => Err(RenderError::InvalidInput {
            what: "value",
            value: path.to_owned(),
            reason: "the chart prints it into the CronJob as a string, so it cannot be a mapping or a list".into(),
        }),
    }
}

/// The chart's `ensureTrailingSlashIfNotEmpty` and `trimTrailingSlashes`.
fn with_trailing_slash(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", prefix.strip_suffix('/').unwrap_or(prefix))
    }
}

fn without_trailing_slash(prefix: &str) -> String {
    prefix.strip_suffix('/').unwrap_or(prefix).to_owned()
}

/// Whether `release` is a release this module renders.
pub(crate) fn renders(release: ChartVersion) -> bool {
    use crate::generation::Generation;
    matches!(
        release.generation(),
        Generation::D1 | Generation::D2 | Generation::E0
    ) && facts_of(release).is_some()
}

/// The backup CronJobs of a `stackstate-k8s` or `suse-observability` release before 2.10,
/// each as a file, in the chart's order; `NotApplicable` when none renders.
pub(crate) fn cronjobs(
    values: &ValidatedValues,
    release_of_chart: ChartVersion,
    options: &CronJobOptions,
) -> Result<Vec<RenderedFile>, RenderError> {
    let facts = facts_of(release_of_chart).ok_or_else(|| RenderError::NotYetRendered {
        artifact: "backup CronJobs",
        release: release_of_chart.to_string(),
    })?;
    let (_, _, server_tag, container_tools_tag, clickhouse_tag) =
        at_or_before(DEFAULTS, release_of_chart, |entry| (entry.0, entry.1))
            .copied()
            .ok_or_else(|| RenderError::NotYetRendered {
                artifact: "backup CronJobs",
                release: release_of_chart.to_string(),
            })?;
    let reader = Reader {
        settings: Lookup::new(values.root()),
        release: same_chart_as(release_of_chart),
    };
    let settings = &reader.settings;
    let api_version = options.api_version.as_str();
    let release = &options.release;
    let namespace = release.namespace();
    // `common.fullname.short` uses the `Chart.yaml` name: `stackstate-k8s` for 1.x, and
    // `suse-observability` from 2.0.0 (the tag `stackstate-k8s/2.0.0` included).
    let chart_name = if release_of_chart.version.major >= 2 {
        "suse-observability"
    } else {
        "stackstate-k8s"
    };
    let fullname = release.fullname_of(chart_name);
    let minio_default = if release_of_chart.version.major >= 2 {
        "suse-observability-minio"
    } else {
        "stackstate-minio"
    };
    let minio = match settings.at(&["minio", "fullnameOverride"]) {
        None => minio_default.to_owned(),
        Some(node) => printed("minio.fullnameOverride", node)?,
    };
    let switch_path = match facts.switch {
        MasterSwitch::BackupEnabled => "backup.enabled",
        MasterSwitch::GlobalBackupEnabled => "global.backup.enabled",
    };
    let master = settings.flag(&switch_path.split('.').collect::<Vec<_>>(), false);
    let per_store = facts.switch == MasterSwitch::BackupEnabled;
    let argo_cd = facts.argo_cd && settings.flag(&["deployment", "compatibleWithArgoCD"], false);
    let ttl = if argo_cd { 86400 } else { facts.ttl_seconds };
    let pull_policy = settings.text(
        &["stackstate", "components", "server", "image", "pullPolicy"],
        &settings.text(
            &["stackstate", "components", "all", "image", "pullPolicy"],
            defaults::PULL_POLICY,
        )?,
    )?;
    let pull_secrets = pull_secrets_of(settings, &fullname, facts.image_pull_secret)?;
    // `stackstate.server.image.tag`: the server's tag or all's, and `-2.5` for HBase 2.5
    // (`hbase.version`, 1.2 in stackstate-k8s 1.x and 2.5 from 2.0.0).
    let hbase_default = if release_of_chart.version.major >= 2 {
        "2.5"
    } else {
        "1.2"
    };
    let hbase_suffix = if settings.text(&["hbase", "version"], hbase_default)? == "2.5" {
        "-2.5"
    } else {
        ""
    };
    // `common.image.registry`: `global.imageRegistry`, then `registry.rancher.com` in global
    // mode (2.9.0), then the image's own.
    let rancher = facts.global_mode && super::platform::global_mode_active(values.root())?;
    let registry = |own: &[&str]| -> Result<String, RenderError> {
        if rancher && settings.text(&["global", "imageRegistry"], "")?.is_empty() {
            Ok(super::platform::GLOBAL_MODE_REGISTRY.to_owned())
        } else {
            settings.registry(own)
        }
    };
    let server_image = format!(
        "{}/{}{}:{}{hbase_suffix}",
        registry(&["stackstate", "components", "all", "image", "registry"])?,
        settings.text(
            &["stackstate", "components", "server", "image", "repository"],
            defaults::SERVER_REPOSITORY,
        )?,
        settings.text(
            &[
                "stackstate",
                "components",
                "all",
                "image",
                "repositorySuffix"
            ],
            "",
        )?,
        settings.text(
            &["stackstate", "components", "server", "image", "tag"],
            &settings.text(
                &["stackstate", "components", "all", "image", "tag"],
                server_tag
            )?,
        )?,
    );
    let mut env = env(&reader, &facts, &minio, master)?;
    let settings_era = matches!(facts.configuration, Configuration::Settings { .. });
    let platform = MinioPlatform::read(
        values.root(),
        &MinioRelease {
            release: same_chart_as(release_of_chart),
            layout: if settings_era {
                MinioLayout::Settings
            } else {
                MinioLayout::ContainerTools
            },
            quorum: if facts.quorum_helper {
                Quorum::Helper
            } else {
                Quorum::Written {
                    mono: facts.mono_quorum,
                }
            },
            split_from_features: facts.features,
            platform_version: facts.features,
            global_wait_image: facts.switch == MasterSwitch::GlobalBackupEnabled,
            settings_authentication: facts.settings_authentication,
            global_mode: facts.global_mode,
            wait_security: facts.container_security.is_some(),
        },
        &fullname,
        release.name(),
        &minio,
        master,
    )?;
    // `STACKSTATE_ROUTER_ENDPOINT` and the rest come before `MINIO_ENDPOINT`, in the helper;
    // the order is not the chart's exactly (Kubernetes does not care).
    let minio_endpoint = env.pop();
    env.extend(platform.env.iter().cloned());
    env.extend(minio_endpoint);
    // From the settings backup on, the chart pastes these variables into the settings
    // container at the wrong indentation: Helm cannot read the container back.
    if settings_era
        && let Some(Node {
            value: NodeValue::Seq(items),
            ..
        }) = settings.at(&["stackstate", "components", "all", "envsFromExistingSecrets"])
        && !items.is_empty()
    {
        return Err(RenderError::InvalidInput {
            what: "setting for the backup CronJobs",
            value: "stackstate.components.all.envsFromExistingSecrets".into(),
            reason: format!(
                "{release_of_chart} pastes these variables into the settings backup container without indenting them, so Helm cannot read the container and the chart renders, in its place, a container running `nginx:latest`: the settings backup does not run. stsbackup does not render what the chart breaks; move these variables to the components that need them"
            ),
        });
    }
    let security_context = |enabled: bool| -> Result<Option<serde_json::Value>, RenderError> {
        if !enabled {
            return Ok(None);
        }
        let field = |key: &str| -> Result<serde_json::Value, RenderError> {
            let path = format!("backup.stackGraph.securityContext.{key}");
            let text = reader.quoted(&path)?;
            Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
        };
        Ok(Some(serde_json::json!({
            "fsGroup": field("fsGroup")?,
            "runAsGroup": field("runAsGroup")?,
            "runAsNonRoot": field("runAsNonRoot")?,
            "runAsUser": field("runAsUser")?,
        })))
    };
    let minio_secret = |mounted: bool| mounted.then(|| minio.clone());
    // From the settings backup on, the MinIO keys are mounted only when backups are on.
    let keys_mounted = matches!(facts.configuration, Configuration::ContainerTools) || master;
    let (name_label, stackgraph_component, configuration_component) = match facts.labels {
        Labels::ComponentOnly => (None, "backup", "backup"),
        Labels::Named {
            name,
            stackgraph_component,
        } => (Some(name), stackgraph_component, "backup-settings"),
    };
    let mut files = Vec::new();
    let mut reasons = Vec::new();
    let stackgraph_on =
        master && (!per_store || reader.flag("backup.stackGraph.scheduled.enabled"));
    if stackgraph_on {
        let job = BackupCronJob {
            api_version,
            name: release.cronjob_name_of(chart_name, "-backup-sg")?,
            namespace,
            name_label,
            component: stackgraph_component,
            schedule: reader.quoted("backup.stackGraph.scheduled.schedule")?,
            argo_cd,
            ttl_seconds: Some(ttl),
            container: "backup-stackgraph",
            script: "/backup-restore-scripts/backup-stackgraph.sh",
            image: server_image.clone(),
            pull_policy: pull_policy.clone(),
            env_from_secret: None,
            license_key_secret: None,
            env: {
                let mut env = env.clone();
                env.push(("ZOOKEEPER_QUORUM", Some(platform.zookeeper_quorum.clone())));
                env
            },
            authentication_secret: None,
            wait: platform.stackgraph_wait.clone(),
            resources: platform.backup_resources.clone(),
            fullname: fullname.clone(),
            minio_secret: minio_secret(keys_mounted),
            data_volume: (
                "tmp-data",
                "/tmp-data",
                format!("{fullname}-backup-stackgraph-tmp-data"),
            ),
            service_account_name: None,
            reset_service_account: false,
            security_context: security_context(
                reader.flag("backup.stackGraph.securityContext.enabled"),
            )?,
            container_security: facts.container_security,
            pull_secrets: pull_secrets.clone(),
        };
        files.push(RenderedFile {
            name: "cronjob-backup-sg.yaml".into(),
            text: templates::render("cronjob-minio.yaml.j2", job)?,
        });
    } else if !master {
        reasons.push(format!("`{switch_path}` is off"));
    } else {
        reasons.push("`backup.stackGraph.scheduled.enabled` is false".to_owned());
    }
    let configuration_on = match (facts.configuration, facts.switch) {
        (_, MasterSwitch::GlobalBackupEnabled) => true,
        (Configuration::ContainerTools, _) => {
            master && reader.flag("backup.configuration.scheduled.enabled")
        }
        (Configuration::Settings { .. }, _) => {
            reader.flag("backup.configuration.scheduled.enabled")
        }
    };
    if configuration_on {
        let schedule = reader.quoted("backup.configuration.scheduled.schedule")?;
        let name = release.cronjob_name_of(chart_name, "-backup-conf")?;
        let job = match facts.configuration {
            Configuration::ContainerTools => BackupCronJob {
                api_version,
                name,
                namespace,
                name_label,
                component: configuration_component,
                schedule,
                argo_cd,
                ttl_seconds: Some(ttl),
                container: "backup-configuration",
                script: "/backup-restore-scripts/backup-configuration.sh",
                image: format!(
                    "{}/{}:{}",
                    registry(&[
                        "stackstate",
                        "components",
                        "containerTools",
                        "image",
                        "registry"
                    ])?,
                    settings.text(
                        &[
                            "stackstate",
                            "components",
                            "containerTools",
                            "image",
                            "repository"
                        ],
                        defaults::CONTAINER_TOOLS_REPOSITORY,
                    )?,
                    settings.text(
                        &["stackstate", "components", "containerTools", "image", "tag"],
                        container_tools_tag,
                    )?,
                ),
                pull_policy: settings.text(
                    &[
                        "stackstate",
                        "components",
                        "containerTools",
                        "image",
                        "pullPolicy",
                    ],
                    defaults::PULL_POLICY,
                )?,
                env_from_secret: None,
                license_key_secret: None,
                env: env.clone(),
                authentication_secret: None,
                wait: platform.configuration_wait.clone(),
                resources: platform.container_tools_resources.clone(),
                fullname: fullname.clone(),
                minio_secret: minio_secret(true),
                data_volume: ("", "", String::new()),
                service_account_name: Some(format!("{fullname}-backup")),
                reset_service_account: false,
                security_context: security_context(
                    reader.flag("backup.stackGraph.securityContext.enabled"),
                )?,
                container_security: None,
                pull_secrets: pull_secrets.clone(),
            },
            Configuration::Settings {
                license,
                reset_service_account,
            } => {
                let license_secret = match license {
                    License::KeyRef => format!("{fullname}-license"),
                    License::EnvFrom => settings.text(
                        &["stackstate", "license", "fromExternalSecret"],
                        &format!("{fullname}-license"),
                    )?,
                };
                let mut env = env.clone();
                let base_url = platform.base_url.clone().ok_or_else(|| RenderError::MissingValue {
                    path: "stackstate.baseUrl",
                    reason: format!("{release_of_chart} fails without a base URL (`stackstate.baseUrl is required`) and puts it into the settings backup pod; give the values file that sets it too (`-f values.yaml -f backup.yaml`) or `--set stackstate.baseUrl=https://...`"),
                })?;
                env.push(("RECEIVER_BASE_URL", Some(format!("{base_url}/receiver"))));
                env.push(("STACKSTATE_BASE_URL", Some(base_url)));
                if let Some(limit) = &platform.yaml_code_point_limit {
                    env.push((
                        "CONFIG_FORCE_stackstate_yaml_codePointLimit",
                        Some(limit.clone()),
                    ));
                }
                env.push((
                    "PROMETHEUS_WRITE_ENDPOINT",
                    Some(platform.prometheus_write_endpoint.clone()),
                ));
                env.push(("HADOOP_USER_NAME", Some("nobody".into())));
                env.push(("ZOOKEEPER_QUORUM", Some(platform.zookeeper_quorum.clone())));
                BackupCronJob {
                    api_version,
                    name,
                    namespace,
                    name_label,
                    component: configuration_component,
                    schedule,
                    argo_cd,
                    // Under Argo CD the chart leaves the settings backup without a TTL.
                    ttl_seconds: (!argo_cd).then_some(ttl),
                    container: "backup-settings",
                    script: "/backup-restore-scripts/backup-configuration.sh",
                    image: server_image.clone(),
                    pull_policy: pull_policy.clone(),
                    env_from_secret: (license == License::EnvFrom).then(|| license_secret.clone()),
                    license_key_secret: (license == License::KeyRef).then_some(license_secret),
                    env,
                    authentication_secret: platform.authentication_secret.clone(),
                    wait: platform.configuration_wait.clone(),
                    resources: platform.configuration_backup_resources.clone(),
                    fullname: fullname.clone(),
                    minio_secret: minio_secret(keys_mounted),
                    data_volume: (
                        "settings-backup-data",
                        "/settings-backup-data",
                        format!("{fullname}-settings-backup-data"),
                    ),
                    service_account_name: None,
                    reset_service_account,
                    // The chart tests the configuration's switch and writes StackGraph's
                    // context.
                    security_context: security_context(
                        reader.flag("backup.configuration.securityContext.enabled"),
                    )?,
                    container_security: facts.container_security,
                    pull_secrets: pull_secrets.clone(),
                }
            }
        };
        files.push(RenderedFile {
            name: "cronjob-backup-conf.yaml".into(),
            text: templates::render("cronjob-minio.yaml.j2", job)?,
        });
    } else if matches!(facts.configuration, Configuration::ContainerTools) && !master {
        reasons.push(format!("`{switch_path}` is off"));
    } else {
        reasons.push("`backup.configuration.scheduled.enabled` is false".to_owned());
    }
    if let Some(clickhouse) = facts.clickhouse {
        let clickhouse_enabled = !clickhouse.needs_clickhouse_enabled
            || settings.flag(
                &["clickhouse", "enabled"],
                clickhouse_default_on(release_of_chart),
            );
        let on = master
            && clickhouse_enabled
            && (!per_store || reader.flag("clickhouse.backup.enabled"));
        if on {
            let image = match clickhouse.image {
                ClickhouseImage::Fixed(image) => image.to_owned(),
                ClickhouseImage::FromValues { global_registry } => format!(
                    "{}/{}:{}",
                    if global_registry {
                        registry(&["clickhouse", "backup", "image", "registry"])?
                    } else {
                        settings.text(
                            &["clickhouse", "backup", "image", "registry"],
                            defaults::REGISTRY,
                        )?
                    },
                    settings.text(
                        &["clickhouse", "backup", "image", "repository"],
                        defaults::CLICKHOUSE_BACKUP_REPOSITORY,
                    )?,
                    settings.text(
                        &["clickhouse", "backup", "image", "tag"],
                        clickhouse_tag.unwrap_or_default(),
                    )?,
                ),
            };
            for (job, key) in [
                ("full-backup", "full_schedule"),
                ("incremental-backup", "incremental_schedule"),
            ] {
                let context = ClickhouseCronJob {
                    api_version,
                    prefix: clickhouse.prefix,
                    job,
                    namespace,
                    schedule: reader.quoted(&format!("clickhouse.backup.scheduled.{key}"))?,
                    argo_cd,
                    ttl_seconds: (!argo_cd).then_some(ttl),
                    image: image.clone(),
                    pull_policy: pull_policy.clone(),
                    tables: reader.quoted("clickhouse.backup.config.tables")?,
                    pull_secrets: if clickhouse.pull_secrets {
                        pull_secrets_of(settings, &fullname, false)?
                    } else {
                        Vec::new()
                    },
                };
                files.push(RenderedFile {
                    name: format!("cronjob-clickhouse-{job}.yaml"),
                    text: templates::render("cronjob-clickhouse-minio.yaml.j2", context)?,
                });
            }
        }
    }
    if files.is_empty() {
        reasons.dedup();
        return Err(RenderError::NotApplicable {
            artifact: "backup CronJob",
            reason: reasons.join("; "),
        });
    }
    Ok(files)
}

/// `clickhouse.enabled` by default: on from suse-observability 2.1.0.
fn clickhouse_default_on(release: ChartVersion) -> bool {
    release.is_at_least(ChartName::SuseObservability, Version::new(2, 1, 0))
}

/// The chart's `stackstate.image.pullSecret.name`: `global.imagePullSecrets`, the names of
/// `imagePullSecrets` and, to 2.2.x, the server image's own (`pullSecretName`, or the chart's
/// `<fullname>-pull-secret` made from `pullSecretUsername` or `pullSecretDockerConfigJson`);
/// without repeats.
fn pull_secrets_of(
    settings: &Lookup<'_>,
    fullname: &str,
    image_pull_secret: bool,
) -> Result<Vec<String>, RenderError> {
    let mut names = settings.pull_secrets();
    if let Some(Node {
        value: NodeValue::Seq(items),
        ..
    }) = settings.at(&["imagePullSecrets"])
    {
        for item in items {
            if let Some(name) = item.at(["name"]) {
                names.push(printed("imagePullSecrets.name", name)?);
            }
        }
    }
    if image_pull_secret {
        let image = ["stackstate", "components", "all", "image"];
        let key = |last: &'static str| image.iter().copied().chain([last]).collect::<Vec<_>>();
        let own = settings.text(&key("pullSecretName"), "")?;
        if !own.is_empty() {
            names.push(own);
        } else if settings.flag(&key("pullSecretUsername"), false)
            || settings.flag(&key("pullSecretDockerConfigJson"), false)
        {
            names.push(format!("{fullname}-pull-secret"));
        }
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|name| !name.is_empty() && seen.insert(name.clone()));
    Ok(names)
}

/// The chart's `victoria-metrics-1.effectivelyEnabled` (2.8.0): `victoria-metrics-1.enabled`,
/// except under a non-HA `global.suseObservability.sizing.profile`, where the instance is off.
fn vm1_deployed(reader: &Reader<'_>) -> bool {
    let profile = reader
        .settings
        .text(&["global", "suseObservability", "sizing", "profile"], "")
        .unwrap_or_default();
    if ["trial", "10-nonha", "20-nonha", "50-nonha", "100-nonha"].contains(&profile.as_str()) {
        return false;
    }
    reader
        .settings
        .flag(&["victoria-metrics-1", "enabled"], true)
}

/// `stackstate.backup.envvars` of the release, without the variables whose values come from
/// other parts of the chart (the endpoints of Elasticsearch and the router, the platform
/// version); `MINIO_ENDPOINT` last, as in the chart.
fn env(
    reader: &Reader<'_>,
    facts: &Facts,
    minio: &str,
    master: bool,
) -> Result<Vec<(&'static str, Option<String>)>, RenderError> {
    // E0 removed the restore and per-store scheduled switches from the helper, except the
    // Elasticsearch and configuration ones, which print the removed keys (empty unless set).
    let per_store = facts.switch == MasterSwitch::BackupEnabled;
    let settings = matches!(facts.configuration, Configuration::Settings { .. });
    let q = |path: &str| reader.quoted_env(path);
    // The chart prints the prefixes of StackGraph, the configuration, Victoria Metrics and
    // ClickHouse without `quote`: an empty one is `null`.
    let unquoted = |text: String| (!text.is_empty()).then_some(text);
    let mut env: Vec<(&'static str, Option<String>)> = Vec::new();
    let mut push = |name: &'static str, value: Result<Option<String>, RenderError>, on: bool| {
        if on {
            env.push((name, value?));
        }
        Ok::<(), RenderError>(())
    };
    push(
        "BACKUP_ELASTICSEARCH_BUCKET_NAME",
        q("backup.elasticsearch.bucketName"),
        true,
    )?;
    push(
        "BACKUP_ELASTICSEARCH_S3_PREFIX",
        q("backup.elasticsearch.s3Prefix")
            .map(|p| Some(without_trailing_slash(&p.unwrap_or_default()))),
        facts.s3_prefix,
    )?;
    push(
        "BACKUP_ELASTICSEARCH_RESTORE_ENABLED",
        q("backup.elasticsearch.restore.enabled"),
        per_store,
    )?;
    push(
        "BACKUP_ELASTICSEARCH_SCHEDULED_ENABLED",
        q("backup.elasticsearch.scheduled.enabled"),
        true,
    )?;
    for (name, path, on) in [
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SCHEDULED",
            "backup.elasticsearch.scheduled.schedule",
            true,
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_INDICES",
            "backup.elasticsearch.scheduled.indices",
            true,
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_REPOSITORY_NAME",
            "backup.elasticsearch.snapshotRepositoryName",
            true,
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_POLICY_NAME",
            "backup.elasticsearch.scheduled.snapshotPolicyName",
            true,
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_NAME_TEMPLATE",
            "backup.elasticsearch.scheduled.snapshotNameTemplate",
            true,
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_EXPIRE_AFTER",
            "backup.elasticsearch.scheduled.snapshotRetentionExpireAfter",
            true,
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_MIN_COUNT",
            "backup.elasticsearch.scheduled.snapshotRetentionMinCount",
            true,
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_MAX_COUNT",
            "backup.elasticsearch.scheduled.snapshotRetentionMaxCount",
            true,
        ),
        (
            "BACKUP_STACKGRAPH_BUCKET_NAME",
            "backup.stackGraph.bucketName",
            true,
        ),
    ] {
        push(name, q(path), on)?;
    }
    push(
        "BACKUP_STACKGRAPH_S3_PREFIX",
        q("backup.stackGraph.s3Prefix")
            .map(|p| unquoted(with_trailing_slash(&p.unwrap_or_default()))),
        facts.s3_prefix,
    )?;
    push(
        "BACKUP_STACKGRAPH_RESTORE_ENABLED",
        q("backup.stackGraph.restore.enabled"),
        per_store,
    )?;
    push(
        "BACKUP_STACKGRAPH_SCHEDULED_ENABLED",
        q("backup.stackGraph.scheduled.enabled"),
        per_store,
    )?;
    push(
        "BACKUP_STACKGRAPH_ARCHIVE_SPLIT_SIZE",
        q("backup.stackGraph.splitArchiveSize"),
        facts.split_archive_size,
    )?;
    for (name, path) in [
        (
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_NAME_TEMPLATE",
            "backup.stackGraph.scheduled.backupNameTemplate",
        ),
        (
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_NAME_PARSE_REGEXP",
            "backup.stackGraph.scheduled.backupNameParseRegexp",
        ),
        (
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_DATETIME_PARSE_FORMAT",
            "backup.stackGraph.scheduled.backupDatetimeParseFormat",
        ),
        (
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
            "backup.stackGraph.scheduled.backupRetentionTimeDelta",
        ),
    ] {
        push(name, q(path), true)?;
    }
    // `backup.enabled | toString | lower` (2.7.0: `global.backup.enabled`).
    push(
        "BACKUP_CONFIGURATION_UPLOAD_REMOTE",
        Ok(Some(master.to_string())),
        settings,
    )?;
    push(
        "BACKUP_CONFIGURATION_BUCKET_NAME",
        q("backup.configuration.bucketName"),
        true,
    )?;
    push(
        "BACKUP_CONFIGURATION_S3_PREFIX",
        q("backup.configuration.s3Prefix")
            .map(|p| unquoted(with_trailing_slash(&p.unwrap_or_default()))),
        facts.s3_prefix,
    )?;
    push(
        "BACKUP_CONFIGURATION_RESTORE_ENABLED",
        q("backup.configuration.restore.enabled"),
        per_store,
    )?;
    push(
        "BACKUP_CONFIGURATION_SCHEDULED_ENABLED",
        q("backup.configuration.scheduled.enabled"),
        true,
    )?;
    for (name, path) in [
        (
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_TEMPLATE",
            "backup.configuration.scheduled.backupNameTemplate",
        ),
        (
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_PARSE_REGEXP",
            "backup.configuration.scheduled.backupNameParseRegexp",
        ),
        (
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_DATETIME_PARSE_FORMAT",
            "backup.configuration.scheduled.backupDatetimeParseFormat",
        ),
        (
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
            "backup.configuration.scheduled.backupRetentionTimeDelta",
        ),
    ] {
        push(name, q(path), true)?;
    }
    push(
        "BACKUP_CONFIGURATION_MAX_LOCAL_FILES",
        q("backup.configuration.maxLocalFiles"),
        settings,
    )?;
    for n in ["0", "1"] {
        let (enabled, bucket, prefix, restore) = match n {
            "0" => (
                "BACKUP_VICTORIA_METRICS_0_ENABLED",
                "BACKUP_VICTORIA_METRICS_0_BUCKET_NAME",
                "BACKUP_VICTORIA_METRICS_0_S3_PREFIX",
                "BACKUP_VICTORIA_METRICS_0_RESTORE_ENABLED",
            ),
            _ => (
                "BACKUP_VICTORIA_METRICS_1_ENABLED",
                "BACKUP_VICTORIA_METRICS_1_BUCKET_NAME",
                "BACKUP_VICTORIA_METRICS_1_S3_PREFIX",
                "BACKUP_VICTORIA_METRICS_1_RESTORE_ENABLED",
            ),
        };
        let instance = format!("victoria-metrics-{n}");
        // E0 still prints the removed switch (empty unless set); from 2.8.0 instance 1's is
        // `false` where the instance is not deployed.
        // Unset, the Victoria Metrics subchart's own default: `false`.
        let switch = q(&format!("{instance}.backup.enabled"))
            .map(|value| value.or_else(|| Some("false".to_owned())));
        let switch = if n == "1" && facts.vm1_deployment_gates_env && !vm1_deployed(reader) {
            Ok(Some("false".to_owned()))
        } else {
            switch
        };
        push(enabled, switch, true)?;
        push(bucket, q(&format!("{instance}.backup.bucketName")), true)?;
        push(
            prefix,
            q(&format!("{instance}.backup.s3Prefix"))
                .map(|p| unquoted(without_trailing_slash(&p.unwrap_or_default()))),
            facts.s3_prefix,
        )?;
        push(
            restore,
            q(&format!("{instance}.restore.enabled")),
            per_store,
        )?;
    }
    push(
        "BACKUP_CLICKHOUSE_BUCKET_NAME",
        q("clickhouse.backup.bucketName"),
        facts.clickhouse_env,
    )?;
    push(
        "BACKUP_CLICKHOUSE_S3_PREFIX",
        q("clickhouse.backup.s3Prefix")
            .map(|p| unquoted(with_trailing_slash(&p.unwrap_or_default()))),
        facts.clickhouse_env && facts.s3_prefix,
    )?;
    push(
        "BACKUP_CLICKHOUSE_RESTORE_ENABLED",
        q("clickhouse.restore.enabled"),
        facts.clickhouse_env && per_store,
    )?;
    push(
        "BACKUP_CLICKHOUSE_SCHEDULED_ENABLED",
        q("clickhouse.backup.enabled"),
        facts.clickhouse_env && per_store,
    )?;
    push("MINIO_ENDPOINT", Ok(Some(format!("{minio}:9000"))), true)?;
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(chart: ChartName, major: u32, minor: u32, patch: u32) -> Facts {
        facts_of(ChartVersion::new(chart, Version::new(major, minor, patch))).unwrap()
    }

    #[test]
    fn the_stretches_follow_the_tags() {
        assert!(!at(StackstateK8s, 1, 8, 0).split_archive_size);
        assert!(at(StackstateK8s, 1, 9, 2).split_archive_size);
        assert_eq!(at(StackstateK8s, 1, 11, 0).clickhouse, None);
        assert_eq!(
            at(StackstateK8s, 1, 11, 3).clickhouse.map(|c| c.prefix),
            Some("stackstate")
        );
        assert!(
            !at(StackstateK8s, 1, 11, 4)
                .clickhouse
                .unwrap()
                .needs_clickhouse_enabled
        );
        // The maintenance branch: settings backup, no s3Prefix.
        let k8s_1_12 = at(StackstateK8s, 1, 12, 1);
        assert!(matches!(
            k8s_1_12.configuration,
            Configuration::Settings { .. }
        ));
        assert!(!k8s_1_12.s3_prefix);
        // The tag stackstate-k8s/2.0.0 is suse-observability 2.0.0.
        assert_eq!(at(StackstateK8s, 2, 0, 0), at(SuseObservability, 2, 0, 0));
        assert!(!at(SuseObservability, 2, 2, 1).argo_cd);
        assert!(at(SuseObservability, 2, 3, 0).argo_cd);
        assert_eq!(
            at(SuseObservability, 2, 9, 0).switch,
            MasterSwitch::GlobalBackupEnabled
        );
        assert_eq!(
            at(SuseObservability, 2, 6, 3).switch,
            MasterSwitch::BackupEnabled
        );
    }

    #[test]
    fn every_release_has_defaults() {
        for (chart, first, _) in RELEASES {
            let release = ChartVersion::new(*chart, *first);
            assert!(
                at_or_before(DEFAULTS, release, |entry| (entry.0, entry.1)).is_some(),
                "{release}"
            );
        }
    }

    #[test]
    fn prefixes_as_the_chart_helpers_write_them() {
        assert_eq!(with_trailing_slash(""), "");
        assert_eq!(with_trailing_slash("a"), "a/");
        assert_eq!(with_trailing_slash("a/"), "a/");
        assert_eq!(without_trailing_slash("a/"), "a");
    }
}
