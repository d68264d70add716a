//! What `suse-observability` 2.10 and later put into a backup pod from outside `backup:`: the
//! images of the release (the server's, with the HBase 2.5 tag suffix, the `wait` container's,
//! ClickHouse backup's), the registry of "global mode" (`global.suseObservability`), the
//! `wait` init container and what it waits for (which follows the HBase deployment mode and
//! whether the server is split, both set by the sizing profile in global mode), the variables
//! of the rest of the platform (base URLs, router, Elasticsearch, vmagent, ZooKeeper quorum,
//! platform version), the containers' `resources` and the common container security context.
//!
//! Each is read from the merged document with the release's default, as the chart's helpers
//! read them (`common.image.registry`, `stackgraph.zookeeper.endpoint`,
//! `stackgraph.hbase.waitfor`, `suse-observability.features.get`, `stackstate.baseurls.envvars`,
//! `common.container`). `scripts/compare-with-chart` compares the result with the real chart
//! rendered by Helm.
//!
//! [`MinioPlatform`] does the same for the MinIO releases before 2.10 (stackstate-k8s 1.x,
//! suse-observability 2.0 to 2.9): the `wait` container and its targets, which changed with the
//! settings backup ([`MinioLayout`]), `ZOOKEEPER_QUORUM` ([`Quorum`]), the endpoints, the base
//! URLs and the resources, with each release's `wait` tag as data ([`MINIO_WAIT_TAGS`]); what
//! changes between stretches of releases comes from `render/minio_cronjobs.rs`'s table.

use super::RenderError;
use super::chart::{block, resources};
use crate::generation::{ChartName, Version};
use crate::load::{Node, NodeValue};

/// The defaults that change from one 2.10 release to the next.
struct ReleaseDefaults {
    version: Version,
    /// `stackstate.components.all.image.tag`.
    server_tag: &'static str,
    /// `global.wait.image.tag`.
    wait_tag: &'static str,
    /// `clickhouse.backup.image.tag`.
    clickhouse_backup_tag: &'static str,
    /// `hbase.version` (the HBase subchart's): `2.5` adds `-2.5` to the server tag.
    hbase_version: Option<&'static str>,
    /// `victoria-metrics-N.backup.enabled` as the chart prints it when the values leave it
    /// out (the parent chart's `true` from 2.10.3; before, the subchart's `false`).
    victoria_metrics_backup: bool,
}

/// Per release, oldest first; a later version takes the newest row at or below it.
const RELEASES: &[ReleaseDefaults] = &[
    ReleaseDefaults {
        version: Version::new(2, 10, 0),
        server_tag: "7.0.0-snapshot.20260508152936-master-ad3d22f",
        wait_tag: "1.0.12-9657337c-release-194",
        clickhouse_backup_tag: "2.6.43-7c9dc1f5-main-52",
        hbase_version: Some("2.5"),
        victoria_metrics_backup: false,
    },
    ReleaseDefaults {
        version: Version::new(2, 10, 1),
        server_tag: "7.0.0-snapshot.20260527142356-master-f7fa969",
        wait_tag: "1.0.12-18e7ac19-main-10",
        clickhouse_backup_tag: "2.6.43-b3764ea5-main-106",
        hbase_version: Some("2.5"),
        victoria_metrics_backup: false,
    },
    ReleaseDefaults {
        version: Version::new(2, 10, 2),
        server_tag: "7.0.0-snapshot.20260626140818-master-04f8523",
        wait_tag: "1.0.12-so5",
        clickhouse_backup_tag: "2.7.2-so1",
        hbase_version: Some("2.5"),
        victoria_metrics_backup: false,
    },
    ReleaseDefaults {
        version: Version::new(2, 10, 3),
        server_tag: "7.0.0-snapshot.20260803130756-master-8ad8817",
        wait_tag: "1.0.12-so8",
        clickhouse_backup_tag: "2.7.2-so9",
        hbase_version: Some("2.5"),
        victoria_metrics_backup: true,
    },
];

/// The same in every 2.10 release.
mod defaults {
    pub const REGISTRY: &str = "quay.io";
    /// `common.image.registry` in global mode with no `global.imageRegistry`.
    pub const GLOBAL_MODE_REGISTRY: &str = "registry.rancher.com";
    pub const SERVER_REPOSITORY: &str = "stackstate/stackstate-server";
    pub const WAIT_REPOSITORY: &str = "stackstate/wait";
    pub const CLICKHOUSE_BACKUP_REPOSITORY: &str = "stackstate/clickhouse-backup";
    pub const PULL_POLICY: &str = "IfNotPresent";
    /// `stackstate.components.backup.resources` (StackGraph v1 and v2).
    pub const BACKUP_RESOURCES: &str = r#"{"limits": {"cpu": "3000m", "ephemeral-storage": "1Gi", "memory": "4000Mi"}, "requests": {"cpu": "1000m", "ephemeral-storage": "1Mi", "memory": "4000Mi"}}"#;
    /// `stackstate.components.configurationBackup.resources` (settings).
    pub const CONFIGURATION_BACKUP_RESOURCES: &str = r#"{"limits": {"cpu": "1000m", "ephemeral-storage": "1Gi", "memory": "1000Mi"}, "requests": {"cpu": "1000m", "ephemeral-storage": "100Mi", "memory": "1000Mi"}}"#;
    /// The `common` chart's `container.securityContext`.
    pub const CONTAINER_SECURITY_CONTEXT: &str = r#"{"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}}"#;
    /// The sizing profiles with one HBase pod (`Mono`), an unsplit server and no second
    /// Victoria Metrics instance.
    pub const NON_HA_PROFILES: &[&str] =
        &["trial", "10-nonha", "20-nonha", "50-nonha", "100-nonha"];
}

/// The merged values, read as the chart's templates read them (what the renderers take from
/// outside `backup:`, with the release's defaults).
pub(crate) struct Lookup<'a> {
    pub root: Option<&'a Node>,
}

impl<'a> Lookup<'a> {
    /// The merged values' root.
    pub fn new(root: Option<&'a Node>) -> Self {
        Lookup { root }
    }

    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        self.root.and_then(|root| root.at(path.iter().copied()))
    }

    /// A scalar as the chart prints it, or the default when absent, `null` or empty (Go
    /// templates' `default`). A mapping or a list where the chart prints a scalar is refused.
    pub fn text(&self, path: &[&str], default: &str) -> Result<String, RenderError> {
        match self.at(path).map(|node| &node.value) {
            None | Some(NodeValue::Null) => Ok(default.to_owned()),
            Some(NodeValue::String(s)) if s.is_empty() => Ok(default.to_owned()),
            Some(NodeValue::String(s)) => Ok(s.clone()),
            Some(NodeValue::Bool(b)) => Ok(b.to_string()),
            Some(NodeValue::Int(i)) => Ok(i.to_string()),
            Some(NodeValue::Float(_)) => Ok(self
                .at(path)
                .map(|node| node.to_json().to_string())
                .unwrap_or_default()),
            Some(NodeValue::Seq(_) | NodeValue::Map(_)) => Err(RenderError::InvalidInput {
                what: "value",
                value: path.join("."),
                reason: "the chart prints it into the CronJob as a string, so it cannot be a mapping or a list".into(),
            }),
        }
    }

    /// A switch as Go templates test it: absent takes the default; `false`, `0`, `""` and
    /// `null` are off.
    pub fn flag(&self, path: &[&str], default: bool) -> bool {
        match self.at(path).map(|node| &node.value) {
            None => default,
            Some(NodeValue::Null) => false,
            Some(NodeValue::Bool(b)) => *b,
            Some(NodeValue::Int(i)) => *i != 0,
            Some(NodeValue::String(s)) => !s.is_empty(),
            Some(_) => true,
        }
    }

    /// `global.imagePullSecrets` and `stackstate.components.all.image.pullSecretName`... the
    /// chart's `stackstate.image.pullSecret.name`: the global list's names.
    pub fn pull_secrets(&self) -> Vec<String> {
        let mut names = Vec::new();
        if let Some(Node {
            value: NodeValue::Seq(items),
            ..
        }) = self.at(&["global", "imagePullSecrets"])
        {
            for item in items {
                match &item.value {
                    NodeValue::String(name) if !name.is_empty() => names.push(name.clone()),
                    NodeValue::Map(_) => {
                        if let Some(name) = item.at(["name"]).and_then(Node::as_str) {
                            names.push(name.to_owned());
                        }
                    }
                    _ => {}
                }
            }
        }
        names
    }

    /// `global.imageRegistry`, else the image's own registry (`quay.io` by default): the
    /// MinIO releases' `common.image.registry`, which has no global mode.
    pub fn registry(&self, own: &[&str]) -> Result<String, RenderError> {
        let global = self.text(&["global", "imageRegistry"], "")?;
        let own = self.text(own, "quay.io")?;
        Ok(if global.is_empty() { own } else { global })
    }
}

/// The chart's "global mode" (`suse-observability.global.enabled`, from 2.8.0): on when
/// `global.suseObservability` sets a license, a base URL or a sizing profile. Its profile
/// decides what the values would otherwise: the registry, the HBase mode, the server split,
/// the second Victoria Metrics instance and the StackGraph pod's volume. Shared by the
/// CronJobs and the restore Jobs.
pub(crate) struct GlobalMode {
    pub on: bool,
    /// `global.suseObservability.sizing.profile`, empty when none.
    pub profile: String,
}

impl GlobalMode {
    pub fn read(root: Option<&Node>) -> Result<GlobalMode, RenderError> {
        let values = Lookup { root };
        let profile = values.text(&["global", "suseObservability", "sizing", "profile"], "")?;
        let on = ["license", "baseUrl"]
            .iter()
            .any(|key| values.flag(&["global", "suseObservability", key], false))
            || !profile.is_empty();
        Ok(GlobalMode { on, profile })
    }

    /// Whether the profile is one of the non-HA ones (one HBase pod, an unsplit server, no
    /// second Victoria Metrics instance).
    pub fn non_ha(&self) -> bool {
        defaults::NON_HA_PROFILES.contains(&self.profile.as_str())
    }

    /// The registry of images without `global.imageRegistry`: `registry.rancher.com`.
    pub fn registry(&self) -> Option<&'static str> {
        self.on.then_some(defaults::GLOBAL_MODE_REGISTRY)
    }

    /// The HBase mode the profile decides (`Some(true)` for `Mono`), `None` without one.
    pub fn hbase_mono(&self) -> Option<bool> {
        (self.on && !self.profile.is_empty()).then(|| self.non_ha())
    }

    /// Whether the profile leaves the second Victoria Metrics instance out.
    pub fn without_second_victoria_metrics(&self) -> bool {
        !self.profile.is_empty() && self.non_ha()
    }

    /// `common.sizing.hbase.stackgraph.persistence.size`: the StackGraph pod's volume of the
    /// profile, when it has one.
    pub fn stackgraph_volume(&self) -> Option<&'static str> {
        Some(match self.profile.as_str() {
            "trial" => "20Gi",
            "10-nonha" | "20-nonha" => "50Gi",
            "50-nonha" | "100-nonha" => "100Gi",
            "150-ha" | "250-ha" | "500-ha" => "250Gi",
            "4000-ha" => "1000Gi",
            _ => return None,
        })
    }

    /// `global.suseObservability.baseUrl` in global mode, if set.
    pub fn base_url(&self, root: Option<&Node>) -> Result<Option<String>, RenderError> {
        if !self.on {
            return Ok(None);
        }
        let url = Lookup { root }.text(&["global", "suseObservability", "baseUrl"], "")?;
        Ok((!url.is_empty()).then_some(url))
    }
}

/// HBase's deployment mode: what StackGraph's clients connect to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum HbaseMode {
    /// ZooKeeper and HDFS of their own (HA profiles, and the default without a profile).
    Distributed,
    /// One `hbase-stackgraph` pod (the non-HA profiles).
    Mono,
}

/// What the backup pods of a 2.10 release take from the rest of the chart.
pub(crate) struct Platform {
    /// The server image of StackGraph v1 and the settings backup
    /// (`stackstate.components.all.image.registry`).
    pub server_image: String,
    /// The server image of StackGraph v2, which also honours
    /// `stackstate.components.server.image.imageRegistry`.
    pub server_image_v2: String,
    pub server_pull_policy: String,
    pub clickhouse_backup_image: String,
    /// The `wait` init container, as YAML-ready data.
    pub wait: WaitContainer,
    /// `STACKSTATE_BASE_URL` and the rest, in the chart's order.
    pub env: PlatformEnv,
    pub backup_resources: Option<String>,
    pub configuration_backup_resources: Option<String>,
    /// The common container security context, as YAML lines; `None` when emptied.
    pub container_security_context: Option<String>,
}

/// The `wait` init container of the server-image CronJobs.
#[derive(serde::Serialize)]
pub(crate) struct WaitContainer {
    pub image: String,
    /// The `/entrypoint -c` endpoints.
    pub endpoints: String,
}

/// The variables of the rest of the platform.
pub(crate) struct PlatformEnv {
    pub stackstate_router_endpoint: String,
    pub elasticsearch_endpoint: String,
    pub victoria_metrics_0_enabled: String,
    pub victoria_metrics_1_enabled: String,
    pub platform_version: String,
    pub base_url: String,
    pub prometheus_write_endpoint: String,
    pub zookeeper_quorum: String,
    /// `CONFIG_FORCE_stackstate_yaml_codePointLimit` of the settings backup; `None` when
    /// `backup.configuration.yaml.maxSizeLimit` is emptied.
    pub yaml_code_point_limit: Option<String>,
}

impl Platform {
    /// Reads the platform of `version` (a 2.10 release or later) for a release whose
    /// `common.fullname.short` is `fullname`, installed as `release_name`.
    pub fn read(
        root: Option<&Node>,
        version: Version,
        fullname: &str,
        release_name: &str,
    ) -> Result<Platform, RenderError> {
        let values = Lookup { root };
        let release = RELEASES
            .iter()
            .rev()
            .find(|row| row.version <= version)
            .unwrap_or(&RELEASES[0]);
        // `suse-observability.global.enabled` and its sizing profile.
        let global = GlobalMode::read(root)?;
        let (global_mode, non_ha) = (global.on, global.non_ha());
        let profile = global.profile.clone();
        let registry = |own: &[&str], default: &str| -> Result<String, RenderError> {
            let global = values.text(&["global", "imageRegistry"], "")?;
            Ok(if !global.is_empty() {
                global
            } else if global_mode {
                defaults::GLOBAL_MODE_REGISTRY.to_owned()
            } else {
                values.text(own, default)?
            })
        };
        let all_registry = registry(
            &["stackstate", "components", "all", "image", "registry"],
            defaults::REGISTRY,
        )?;
        let server_own_registry = values.text(
            &[
                "stackstate",
                "components",
                "server",
                "image",
                "imageRegistry",
            ],
            "",
        )?;
        let hbase_version =
            values.text(&["hbase", "version"], release.hbase_version.unwrap_or(""))?;
        let tag = format!(
            "{}{}",
            values.text(
                &["stackstate", "components", "server", "image", "tag"],
                &values.text(
                    &["stackstate", "components", "all", "image", "tag"],
                    release.server_tag,
                )?,
            )?,
            if hbase_version == "2.5" { "-2.5" } else { "" }
        );
        let repository = format!(
            "{}{}",
            values.text(
                &["stackstate", "components", "server", "image", "repository"],
                defaults::SERVER_REPOSITORY,
            )?,
            values.text(
                &[
                    "stackstate",
                    "components",
                    "all",
                    "image",
                    "repositorySuffix"
                ],
                "",
            )?,
        );
        let server_image = format!("{all_registry}/{repository}:{tag}");
        let server_image_v2 = if server_own_registry.is_empty() {
            server_image.clone()
        } else {
            format!("{server_own_registry}/{repository}:{tag}")
        };
        let server_pull_policy = values.text(
            &["stackstate", "components", "server", "image", "pullPolicy"],
            &values.text(
                &["stackstate", "components", "all", "image", "pullPolicy"],
                defaults::PULL_POLICY,
            )?,
        )?;
        // The ClickHouse subchart knows no global mode: `default registry global.imageRegistry`.
        let clickhouse_registry = {
            let global = values.text(&["global", "imageRegistry"], "")?;
            if global.is_empty() {
                values.text(
                    &["clickhouse", "backup", "image", "registry"],
                    defaults::REGISTRY,
                )?
            } else {
                global
            }
        };
        let clickhouse_backup_image = format!(
            "{}/{}:{}",
            clickhouse_registry,
            values.text(
                &["clickhouse", "backup", "image", "repository"],
                defaults::CLICKHOUSE_BACKUP_REPOSITORY,
            )?,
            values.text(
                &["clickhouse", "backup", "image", "tag"],
                release.clickhouse_backup_tag,
            )?,
        );
        let wait_image = format!(
            "{}/{}:{}",
            registry(&["global", "wait", "image", "registry"], defaults::REGISTRY)?,
            values.text(
                &["global", "wait", "image", "repository"],
                defaults::WAIT_REPOSITORY
            )?,
            values.text(&["global", "wait", "image", "tag"], release.wait_tag)?,
        );
        // `suse-observability.hbase.deploymentMode`: the profile's in global mode, else
        // `hbase.deployment.mode`, `Distributed` by default.
        let mode = if global_mode && !profile.is_empty() {
            if non_ha {
                HbaseMode::Mono
            } else {
                HbaseMode::Distributed
            }
        } else {
            match values
                .text(&["hbase", "deployment", "mode"], "Distributed")?
                .as_str()
            {
                "Distributed" => HbaseMode::Distributed,
                _ => HbaseMode::Mono,
            }
        };
        // `suse-observability.features.enabled "server.split"`: the profile decides when
        // there is one, else `stackstate.features.server.split` (default true).
        let server_split = if !profile.is_empty() {
            !non_ha
        } else {
            match values.at(&["stackstate", "features", "server", "split"]) {
                None => true,
                Some(node) => {
                    !matches!(&node.value, NodeValue::Null | NodeValue::Bool(false))
                        && !matches!(&node.value, NodeValue::String(s) if s.is_empty() || s == "false")
                }
            }
        };
        let zookeeper = "suse-observability-zookeeper-headless:2181";
        let (zookeeper_quorum, hbase_wait) = match mode {
            HbaseMode::Distributed => (
                zookeeper.to_owned(),
                format!("{zookeeper},{release_name}-hbase-hdfs-nn-headful:9000"),
            ),
            HbaseMode::Mono => {
                let stackgraph = format!("{release_name}-hbase-stackgraph:2182");
                (stackgraph.clone(), stackgraph)
            }
        };
        let server_target = if server_split {
            format!("{fullname}-initializer:1618")
        } else {
            format!("{fullname}-server-headless:7070")
        };
        let base_url = {
            let global_base = if global_mode {
                values.text(&["global", "suseObservability", "baseUrl"], "")?
            } else {
                String::new()
            };
            let base = if !global_base.is_empty() {
                global_base
            } else {
                values.text(
                    &["stackstate", "baseUrl"],
                    &values.text(&["stackstate", "receiver", "baseUrl"], "")?,
                )?
            };
            let base = base.strip_suffix('/').unwrap_or(&base).to_owned();
            if base.is_empty() {
                return Err(RenderError::MissingValue {
                    path: "stackstate.baseUrl",
                    reason: "the chart fails without a base URL (`stackstate.baseUrl or global.suseObservability.baseUrl is required`) and puts it into every backup pod; give the values file that sets it too (`-f values.yaml -f backup.yaml`) or `--set stackstate.baseUrl=https://...`".into(),
                });
            }
            base
        };
        let vm_backup = |n: &str| {
            values.flag(
                &[&format!("victoria-metrics-{n}"), "backup", "enabled"],
                release.victoria_metrics_backup,
            )
        };
        // `victoria-metrics-1.effectivelyEnabled`: off in the non-HA profiles.
        let vm1_enabled = if !profile.is_empty() && non_ha {
            false
        } else {
            values.flag(&["victoria-metrics-1", "enabled"], true)
        };
        let yaml_code_point_limit = {
            let limit = values.text(
                &["backup", "configuration", "yaml", "maxSizeLimit"],
                "100Mi",
            )?;
            let emptied = matches!(
                values
                    .at(&["backup", "configuration", "yaml", "maxSizeLimit"])
                    .map(|n| &n.value),
                Some(NodeValue::Null)
            );
            (!emptied).then(|| code_point_limit(&limit))
        };
        let version_text = version.to_string();
        let env = PlatformEnv {
            stackstate_router_endpoint: format!("http://{fullname}-router:8080"),
            elasticsearch_endpoint: "suse-observability-elasticsearch-master-headless:9200".into(),
            victoria_metrics_0_enabled: vm_backup("0").to_string(),
            victoria_metrics_1_enabled: (vm1_enabled && vm_backup("1")).to_string(),
            platform_version: version_text,
            prometheus_write_endpoint: "http://suse-observability-vmagent:8429/api/v1/write".into(),
            zookeeper_quorum,
            base_url,
            yaml_code_point_limit,
        };
        // The chart pastes these after `ZOOKEEPER_QUORUM` without indenting them: Helm's
        // `fromYaml` fails on the container, and what the chart renders in its place is the
        // `common` chart's default container (`suse-observability`, `nginx:latest`).
        if let Some(Node {
            value: NodeValue::Seq(items),
            ..
        }) = values.at(&["stackstate", "components", "all", "envsFromExistingSecrets"])
            && !items.is_empty()
        {
            return Err(RenderError::InvalidInput {
                what: "setting for the backup CronJobs",
                value: "stackstate.components.all.envsFromExistingSecrets".into(),
                reason: "suse-observability 2.10 pastes these variables into each backup container without indenting them, so Helm cannot read the container and the chart renders, in its place, a container `suse-observability` running `nginx:latest`: the backups do not run. stsbackup does not render what the chart breaks; move these variables to the components that need them".into(),
            });
        }
        Ok(Platform {
            server_image,
            server_image_v2,
            server_pull_policy,
            clickhouse_backup_image,
            wait: WaitContainer {
                image: wait_image,
                endpoints: format!("suse-observability-s3proxy:9000,{hbase_wait},{server_target}"),
            },
            env,
            backup_resources: resources(
                &["stackstate", "components", "backup", "resources"],
                values.at(&["stackstate", "components", "backup", "resources"]),
                defaults::BACKUP_RESOURCES,
            )?,
            configuration_backup_resources: resources(
                &[
                    "stackstate",
                    "components",
                    "configurationBackup",
                    "resources",
                ],
                values.at(&[
                    "stackstate",
                    "components",
                    "configurationBackup",
                    "resources",
                ]),
                defaults::CONFIGURATION_BACKUP_RESOURCES,
            )?,
            container_security_context: block(
                &["common", "container", "securityContext"],
                values.at(&["common", "container", "securityContext"]),
                defaults::CONTAINER_SECURITY_CONTEXT,
                true,
            )?,
        })
    }
}

/// The `wait` image's default tag in the releases before 2.10
/// (`stackstate.components.wait.image.tag`, `global.wait.image.tag` from 2.7.0), from each tag's
/// `values.yaml`: (chart, first release, tag), each lasting until the next of its chart.
const MINIO_WAIT_TAGS: &[(ChartName, Version, &str)] = &[
    (
        ChartName::StackstateK8s,
        Version::new(1, 1, 2),
        "1.0.8-a6ec1609",
    ),
    (
        ChartName::StackstateK8s,
        Version::new(1, 6, 0),
        "1.0.9-104f3090",
    ),
    (
        ChartName::StackstateK8s,
        Version::new(1, 7, 0),
        "1.0.9-b6a3cb01",
    ),
    (
        ChartName::StackstateK8s,
        Version::new(1, 11, 0),
        "1.0.10-025450d9",
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 0, 0),
        "1.0.10-025450d9",
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 3, 0),
        "1.0.11-04b49abf",
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 8, 0),
        "1.0.12-ee4bfadf-180",
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 8, 1),
        "1.0.12-6dabb0fe-release-185",
    ),
    (
        ChartName::SuseObservability,
        Version::new(2, 9, 0),
        "1.0.12-9657337c-release-188",
    ),
];

/// `stackstate.components.containerTools.resources` (the configuration backup before the
/// settings backup).
const CONTAINER_TOOLS_RESOURCES: &str = r#"{"limits": {"cpu": "1000m", "ephemeral-storage": "1Gi", "memory": "2000Mi"}, "requests": {"cpu": "500m", "ephemeral-storage": "1Mi", "memory": "2000Mi"}}"#;

/// Where a MinIO release's backup pods wait, and what they read from the rest of the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MinioLayout {
    /// To suse-observability 2.0.x and stackstate-k8s 1.11.x (the container-tools
    /// configuration backup): StackGraph waits for Elasticsearch, MinIO, ZooKeeper, HDFS and
    /// the server; the configuration backup for MinIO and the server.
    ContainerTools,
    /// From stackstate-k8s 1.12 and suse-observability 2.1 (the settings backup): both wait
    /// for MinIO (the settings backup only with backups on, after `-c` without a space), HBase
    /// (`hbase.deployment.mode`) and the server.
    Settings,
}

/// How a MinIO release writes `ZOOKEEPER_QUORUM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quorum {
    /// Written in the template: `<stackstate|suse-observability>-zookeeper-headless:2181`,
    /// or with `mono` (from 1.11.0) `stackstate-hbase-stackgraph:2182` when
    /// `hbase.deployment.mode` is not `Distributed` (to 2.0.x and in stackstate-k8s 1.12).
    Written { mono: bool },
    /// `stackgraph.zookeeper.endpoint`: ZooKeeper's service (`zookeeper.fullnameOverride`), or
    /// `<release>-hbase-stackgraph:2182` (from 2.1.0).
    Helper,
}

/// What distinguishes a MinIO release's platform, from `render/minio_cronjobs.rs`'s facts.
pub(crate) struct MinioRelease {
    pub release: crate::generation::ChartVersion,
    pub layout: MinioLayout,
    pub quorum: Quorum,
    /// `suse-observability.features.enabled "server.split"` (from 2.4.0: `stackstate.experimental`
    /// first, then `stackstate.features`); before, `stackstate.experimental.server.split`.
    pub split_from_features: bool,
    /// `PLATFORM_VERSION` in the backup variables (from 2.4.0).
    pub platform_version: bool,
    /// The wait image under `global.wait.image` (from 2.7.0), else `stackstate.components.wait.image`.
    pub global_wait_image: bool,
    /// The authentication variable of the settings backup (stackstate-k8s 1.12, 2.1).
    pub settings_authentication: bool,
    /// "Global mode" (from 2.9.0): `global.suseObservability` switches the registry, and its
    /// sizing profile the HBase mode and the server split.
    pub global_mode: bool,
    /// The common container security context, also on the `wait` container (the settings era).
    pub wait_security: bool,
}

/// The `wait` init container of a MinIO release: the whole `sh -c` line.
#[derive(serde::Serialize, Clone)]
pub(crate) struct MinioWait {
    pub image: String,
    pub command: String,
    pub security: bool,
}

/// `registry.rancher.com`, the registry of "global mode".
pub(crate) const GLOBAL_MODE_REGISTRY: &str = defaults::GLOBAL_MODE_REGISTRY;

/// Whether `global.suseObservability` sets a license, a base URL or a sizing profile: the
/// `common` chart's "global mode" (suse-observability 2.9.0 and later).
pub(crate) fn global_mode_active(root: Option<&Node>) -> Result<bool, RenderError> {
    let values = Lookup { root };
    Ok(["license", "baseUrl"]
        .iter()
        .any(|key| values.flag(&["global", "suseObservability", key], false))
        || !values
            .text(&["global", "suseObservability", "sizing", "profile"], "")?
            .is_empty())
}

/// What the backup pods of a MinIO release take from the rest of the chart.
pub(crate) struct MinioPlatform {
    pub stackgraph_wait: MinioWait,
    pub configuration_wait: MinioWait,
    /// `STACKSTATE_ROUTER_ENDPOINT`, `ELASTICSEARCH_ENDPOINT` and (2.4.0) `PLATFORM_VERSION`.
    pub env: Vec<(&'static str, Option<String>)>,
    pub zookeeper_quorum: String,
    /// `STACKSTATE_BASE_URL`, without a trailing `/`; `None` when the values have none.
    pub base_url: Option<String>,
    pub prometheus_write_endpoint: String,
    pub yaml_code_point_limit: Option<String>,
    /// The Secret of `CONFIG_FORCE_..._defaultPlatformPassword` (1.12, 2.1).
    pub authentication_secret: Option<String>,
    pub backup_resources: Option<String>,
    pub container_tools_resources: Option<String>,
    pub configuration_backup_resources: Option<String>,
}

impl MinioPlatform {
    /// Reads the platform of a MinIO release for a release whose `common.fullname.short` is
    /// `fullname`, installed as `release_name`, with MinIO at `minio` and the master switch
    /// `backups_on`.
    pub fn read(
        root: Option<&Node>,
        facts: &MinioRelease,
        fullname: &str,
        release_name: &str,
        minio: &str,
        backups_on: bool,
    ) -> Result<MinioPlatform, RenderError> {
        let values = Lookup { root };
        let release = facts.release;
        // The names the chart's values give the shared services: `stackstate-…` in 1.x,
        // `suse-observability-…` from 2.0.0.
        let product = if release.version.major >= 2 {
            "suse-observability"
        } else {
            "stackstate"
        };
        // `release` is already suse-observability for the tag stackstate-k8s/2.0.0.
        let wait_tag = MINIO_WAIT_TAGS
            .iter()
            .rfind(|(chart, first, _)| *chart == release.chart && *first <= release.version)
            .map(|(_, _, tag)| *tag)
            .unwrap_or(MINIO_WAIT_TAGS[0].2);
        let global_mode = facts.global_mode && global_mode_active(root)?;
        // In global mode the sizing profile, when there is one, decides HBase's mode and the
        // server split (`suse-observability.hbase.deploymentMode`, `features.get`).
        let profile = if facts.global_mode {
            values.text(&["global", "suseObservability", "sizing", "profile"], "")?
        } else {
            String::new()
        };
        let non_ha = defaults::NON_HA_PROFILES.contains(&profile.as_str());
        let wait_image = {
            let base: &[&str] = if facts.global_wait_image {
                &["global", "wait", "image"]
            } else {
                &["stackstate", "components", "wait", "image"]
            };
            let key = |last: &'static str| base.iter().copied().chain([last]).collect::<Vec<_>>();
            let global = values.text(&["global", "imageRegistry"], "")?;
            let registry = if !global.is_empty() {
                global
            } else if global_mode {
                defaults::GLOBAL_MODE_REGISTRY.to_owned()
            } else {
                values.text(&key("registry"), defaults::REGISTRY)?
            };
            format!(
                "{registry}/{}:{}",
                values.text(&key("repository"), defaults::WAIT_REPOSITORY)?,
                values.text(&key("tag"), wait_tag)?,
            )
        };
        let zookeeper = if values.flag(&["zookeeper", "enabled"], true) {
            format!(
                "{}-headless:2181",
                values.text(
                    &["zookeeper", "fullnameOverride"],
                    &format!("{product}-zookeeper")
                )?
            )
        } else {
            values.text(
                &["stackstate", "components", "all", "zookeeperEndpoint"],
                "",
            )?
        };
        let elasticsearch = if values.flag(&["elasticsearch", "enabled"], true) {
            format!(
                "{}-{}-headless:9200",
                values.text(
                    &["elasticsearch", "clusterName"],
                    &format!("{product}-elasticsearch")
                )?,
                values.text(&["elasticsearch", "nodeGroup"], "master")?,
            )
        } else {
            values.text(
                &["stackstate", "components", "all", "elasticsearchEndpoint"],
                "",
            )?
        };
        let distributed = if global_mode && !profile.is_empty() {
            !non_ha
        } else {
            values.text(&["hbase", "deployment", "mode"], "Distributed")? == "Distributed"
        };
        let split = if !profile.is_empty() {
            !non_ha
        } else if facts.split_from_features {
            // `suse-observability.features.get`: the first of the two sections that has the
            // key; only `false` turns it off.
            let at = |section: &str| values.at(&["stackstate", section, "server", "split"]);
            match at("experimental")
                .or_else(|| at("features"))
                .map(|n| &n.value)
            {
                Some(NodeValue::Bool(false)) => false,
                Some(NodeValue::String(s)) => s != "false",
                _ => true,
            }
        } else {
            values.flag(&["stackstate", "experimental", "server", "split"], true)
        };
        let server = if split {
            format!("{fullname}-initializer:1618")
        } else {
            format!("{fullname}-server-headless:7070")
        };
        let minio_endpoint = format!("{minio}:9000");
        let hbase_wait = if distributed {
            format!("{zookeeper},{release_name}-hbase-hdfs-nn-headful:9000")
        } else {
            format!("{release_name}-hbase-stackgraph:2182")
        };
        let wait = |command: String| MinioWait {
            image: wait_image.clone(),
            command: format!("{command} -t 300\n"),
            security: facts.wait_security,
        };
        let zookeeper_quorum = match facts.quorum {
            Quorum::Written { mono } if mono && !distributed => {
                "stackstate-hbase-stackgraph:2182".to_owned()
            }
            Quorum::Written { .. } => format!("{product}-zookeeper-headless:2181"),
            Quorum::Helper if distributed => zookeeper.clone(),
            Quorum::Helper => format!("{release_name}-hbase-stackgraph:2182"),
        };
        let (stackgraph_wait, configuration_wait) = match facts.layout {
            MinioLayout::ContainerTools => (
                wait(format!(
                    "/entrypoint -c {elasticsearch},{minio_endpoint},{zookeeper},{release_name}-hbase-hdfs-nn-headful:9000,{server}"
                )),
                wait(format!("/entrypoint -c {minio_endpoint},{server}")),
            ),
            MinioLayout::Settings => (
                wait(format!(
                    "/entrypoint -c {minio_endpoint},{hbase_wait},{server}"
                )),
                wait(format!(
                    "/entrypoint -c{}{hbase_wait},{server}",
                    if backups_on {
                        format!("{minio_endpoint},")
                    } else {
                        String::new()
                    }
                )),
            ),
        };
        let mut env = vec![
            (
                "STACKSTATE_ROUTER_ENDPOINT",
                Some(format!("http://{fullname}-router:8080")),
            ),
            ("ELASTICSEARCH_ENDPOINT", Some(elasticsearch)),
        ];
        if facts.platform_version {
            env.push(("PLATFORM_VERSION", Some(release.version.to_string())));
        }
        let base_url = {
            let global = if release.version >= Version::new(2, 9, 0) {
                values.text(&["global", "suseObservability", "baseUrl"], "")?
            } else {
                String::new()
            };
            let base = if global.is_empty() {
                values.text(
                    &["stackstate", "baseUrl"],
                    &values.text(&["stackstate", "receiver", "baseUrl"], "")?,
                )?
            } else {
                global
            };
            let base = base.strip_suffix('/').unwrap_or(&base).to_owned();
            (!base.is_empty()).then_some(base)
        };
        let vmagent_path = ["stackstate", "components", "vmagent", "fullNameOverride"];
        // `stackstate.vmagent.endpoint`: the override, or when emptied
        // `http://<fullname>-vmagent`, to which the settings backup adds another `http://`.
        let vmagent = if values.at(&vmagent_path).is_some() && !values.flag(&vmagent_path, false) {
            format!("http://{fullname}-vmagent")
        } else {
            values.text(&vmagent_path, &format!("{product}-vmagent"))?
        };
        let yaml_code_point_limit = values
            .flag(&["backup", "configuration", "yaml", "maxSizeLimit"], true)
            .then(|| {
                values
                    .text(
                        &["backup", "configuration", "yaml", "maxSizeLimit"],
                        "100Mi",
                    )
                    .map(|limit| code_point_limit(&limit))
            })
            .transpose()?;
        let resources_of = |component: &str, default: &str| {
            let path = ["stackstate", "components", component, "resources"];
            resources(&path, values.at(&path), default)
        };
        Ok(MinioPlatform {
            stackgraph_wait,
            configuration_wait,
            env,
            zookeeper_quorum,
            base_url,
            prometheus_write_endpoint: format!("http://{vmagent}:8429/api/v1/write"),
            yaml_code_point_limit,
            authentication_secret: facts
                .settings_authentication
                .then(|| format!("{fullname}-common")),
            backup_resources: resources_of("backup", defaults::BACKUP_RESOURCES)?,
            container_tools_resources: resources_of("containerTools", CONTAINER_TOOLS_RESOURCES)?,
            configuration_backup_resources: resources_of(
                "configurationBackup",
                defaults::CONFIGURATION_BACKUP_RESOURCES,
            )?,
        })
    }
}

/// `stackstate.backup.yaml.maxSizeLimit`: the limit in bytes as the chart computes it
/// (`stackstate.storage.to.megabytes` times a million; Sprig's `mulf` multiplies in exact
/// decimals, so whole numbers of bytes come out), or the value as written when it has no
/// unit.
fn code_point_limit(limit: &str) -> String {
    // Sprig's `int` of a string that is not a whole number is 0.
    let whole = |text: &str| -> i128 { text.parse::<i128>().unwrap_or(0) };
    let bytes_per_unit: &[(&str, i128)] = &[
        ("Ti", 1_100_000 * 1_000_000),
        ("T", 1_000_000 * 1_000_000),
        ("Gi", 1_073_740_000),
        ("G", 1_000 * 1_000_000),
        ("Mi", 1_048_576),
        ("M", 1_000_000),
    ];
    for (unit, bytes) in bytes_per_unit {
        if let Some(number) = limit.strip_suffix(unit) {
            return (whole(number).saturating_mul(*bytes)).to_string();
        }
    }
    limit.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_point_limit_follows_the_charts_arithmetic() {
        assert_eq!(code_point_limit("100Mi"), "104857600");
        assert_eq!(code_point_limit("1Gi"), "1073740000");
        assert_eq!(code_point_limit("50M"), "50000000");
        assert_eq!(code_point_limit("2000000"), "2000000");
    }

    fn platform(yaml: &str, version: Version) -> Result<Platform, RenderError> {
        let document = crate::load::load_str("values.yaml", yaml);
        Platform::read(
            document.root.as_ref(),
            version,
            "suse-observability",
            "suse-observability",
        )
    }

    #[test]
    fn global_mode_takes_the_rancher_registry_and_the_profiles_hbase() {
        let legacy = platform(
            "stackstate:\n  baseUrl: https://o.example.com/\n",
            Version::new(2, 10, 3),
        )
        .unwrap();
        assert_eq!(
            legacy.server_image,
            "quay.io/stackstate/stackstate-server:7.0.0-snapshot.20260803130756-master-8ad8817-2.5"
        );
        assert_eq!(legacy.env.base_url, "https://o.example.com");
        assert_eq!(
            legacy.env.zookeeper_quorum,
            "suse-observability-zookeeper-headless:2181"
        );
        assert!(
            legacy
                .wait
                .endpoints
                .ends_with("suse-observability-initializer:1618")
        );
        let global = platform(
            "global:\n  suseObservability:\n    baseUrl: https://g.example.com\n    sizing:\n      profile: 10-nonha\n",
            Version::new(2, 10, 3),
        )
        .unwrap();
        assert!(global.server_image.starts_with("registry.rancher.com/"));
        assert_eq!(
            global.env.zookeeper_quorum,
            "suse-observability-hbase-stackgraph:2182"
        );
        assert!(
            global
                .wait
                .endpoints
                .ends_with("suse-observability-server-headless:7070")
        );
        assert_eq!(global.env.victoria_metrics_1_enabled, "false");
    }

    #[test]
    fn no_base_url_is_refused_as_the_chart_refuses_it() {
        let error = platform("backup: {}\n", Version::new(2, 10, 3))
            .err()
            .unwrap();
        assert!(error.to_string().contains("stackstate.baseUrl"), "{error}");
    }

    #[test]
    fn each_release_has_its_own_image_tags() {
        let yaml = "stackstate:\n  baseUrl: https://o.example.com\n";
        let old = platform(yaml, Version::new(2, 10, 0)).unwrap();
        assert_eq!(
            old.server_image,
            "quay.io/stackstate/stackstate-server:7.0.0-snapshot.20260508152936-master-ad3d22f-2.5"
        );
        assert_eq!(old.env.victoria_metrics_0_enabled, "false");
        let newer = platform(yaml, Version::new(2, 10, 9)).unwrap();
        assert!(newer.clickhouse_backup_image.ends_with(":2.7.2-so9"));
    }
}
