//! The restore and list Jobs of the charts after the classic one: `stackstate-k8s` and
//! `suse-observability` 2.x. Their restore scripts (`restore/*.sh`) take a Job manifest from
//! the `<fullname>-backup-restore-scripts` ConfigMap, fill in the name and the backup with
//! `sed`, and create it; here the same Job is built from the values, per release:
//!
//! | Release | Keys Secret | Job manifests of |
//! |---|---|---|
//! | `stackstate-k8s` up to 1.11.3 (D1) | MinIO `<minio.fullnameOverride>` | 1.11.3 |
//! | `stackstate-k8s` 1.11.4 on, `suse-observability` 2.0 to 2.6 (D2) | MinIO, with `backup.enabled` | 2.6.3 |
//! | `suse-observability` 2.7 to 2.9 (E0) | MinIO, with `global.backup.enabled` | 2.9.0 |
//! | `suse-observability` 2.10 and later (E) | S3Proxy's | 2.10.3 |
//!
//! `stackstate-k8s` 1.11.4 to 1.12.x and `suse-observability` 2.0.x sit between 1.11.3 and
//! 2.1.0 and take some of their ways from each ([`Manifests`], compared with each release).
//!
//! The values are read from the merged document with the release's defaults (the typed model
//! holds the classic chart's defaults); the default image tags are each release's own
//! ([`IMAGE_TAGS`]). Secrets never reach a Job: it mounts the Secret. The Jobs were compared
//! field by field with the real charts rendered by Helm (see the README's "Render" section).

use super::kubernetes::{Release, timestamped_name};
use super::platform::GlobalMode;
use super::{RenderError, ValidatedValues, templates};
use crate::calendar::DateTime;
use crate::generation::{ChartVersion, Generation};
use crate::load::{Node, NodeValue};
use serde::Serialize;

/// A Victoria Metrics instance of these charts (`victoria-metrics-0` and `-1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VictoriaMetricsInstance {
    /// `victoria-metrics-0`.
    Zero,
    /// `victoria-metrics-1`.
    One,
}

impl VictoriaMetricsInstance {
    /// The instance's name, which is also its subchart's key in the values.
    pub fn as_str(self) -> &'static str {
        match self {
            VictoriaMetricsInstance::Zero => "victoria-metrics-0",
            VictoriaMetricsInstance::One => "victoria-metrics-1",
        }
    }
}

/// The release family whose Job manifests are followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `stackstate-k8s` up to 1.11.3.
    D1,
    /// `stackstate-k8s` 1.11.4 and later, `suse-observability` 2.0 to 2.6.
    D2,
    /// `suse-observability` 2.7 to 2.9.
    E0,
    /// `suse-observability` 2.10 and later (`per_store` from 2.10.3).
    E { per_store: bool },
}

/// The defaults of the release the family's Jobs are read from.
struct Defaults {
    server_tag: &'static str,
    container_tools_tag: &'static str,
    vmrestore_tag: &'static str,
    wait_tag: &'static str,
    minio_fullname: &'static str,
    elasticsearch_cluster: &'static str,
    zookeeper_fullname: &'static str,
}

impl Family {
    fn of(release: ChartVersion) -> Option<Family> {
        match release.generation() {
            Generation::Classic => None,
            Generation::D1 => Some(Family::D1),
            Generation::D2 => Some(Family::D2),
            Generation::E0 => Some(Family::E0),
            Generation::E => Some(Family::E { per_store: false }),
            Generation::EPrime => Some(Family::E { per_store: true }),
        }
    }

    /// The release's defaults: its own image tags where the release is known, the family's
    /// otherwise.
    fn defaults_of(self, chart: ChartVersion) -> Defaults {
        let mut defaults = self.defaults();
        if Manifests::of(chart, self).stackstate_names {
            defaults.minio_fullname = "stackstate-minio";
            defaults.elasticsearch_cluster = "stackstate-elasticsearch";
            defaults.zookeeper_fullname = "stackstate-zookeeper";
        }
        // The `stackstate-k8s/2.0.0` tag holds suse-observability 2.0.0, read as such.
        let name = match chart.to_string().as_str() {
            "suse-observability@2.0.0" => "stackstate-k8s@2.0.0".to_owned(),
            other => other.to_owned(),
        };
        if let Some((_, server, tools, vmrestore, wait)) =
            IMAGE_TAGS.iter().find(|(release, ..)| *release == name)
        {
            defaults.server_tag = server;
            defaults.container_tools_tag = tools;
            defaults.vmrestore_tag = vmrestore;
            defaults.wait_tag = wait;
        }
        defaults
    }

    fn defaults(self) -> Defaults {
        match self {
            Family::D1 => Defaults {
                server_tag: "6.0.0-snapshot.20240815083601-master-bd8cfc5",
                container_tools_tag: "1.4.0",
                vmrestore_tag: "v1.93.14-21a6b0da",
                wait_tag: "1.0.10-025450d9",
                minio_fullname: "stackstate-minio",
                elasticsearch_cluster: "stackstate-elasticsearch",
                zookeeper_fullname: "stackstate-zookeeper",
            },
            Family::D2 => Defaults {
                server_tag: "7.0.0-snapshot.20251120152824-master-8cfee78",
                container_tools_tag: "1.8.0-bci",
                vmrestore_tag: "v1.109.0-4af7dbf5",
                wait_tag: "1.0.11-04b49abf",
                minio_fullname: "suse-observability-minio",
                elasticsearch_cluster: "suse-observability-elasticsearch",
                zookeeper_fullname: "suse-observability-zookeeper",
            },
            Family::E0 => Defaults {
                server_tag: "7.0.0-snapshot.20260323154506-master-0002b3f",
                container_tools_tag: "1.8.3-610",
                vmrestore_tag: "v1.109.0-97bc8d04-release-45",
                wait_tag: "1.0.12-9657337c-release-188",
                minio_fullname: "suse-observability-minio",
                elasticsearch_cluster: "suse-observability-elasticsearch",
                zookeeper_fullname: "suse-observability-zookeeper",
            },
            Family::E { .. } => Defaults {
                server_tag: "7.0.0-snapshot.20260803130756-master-8ad8817",
                container_tools_tag: "1.8.6-so18",
                vmrestore_tag: "1.144.0-so12",
                wait_tag: "1.0.12-so8",
                minio_fullname: "",
                elasticsearch_cluster: "suse-observability-elasticsearch",
                zookeeper_fullname: "suse-observability-zookeeper",
            },
        }
    }

    /// D1 and D2 still have `backup.<store>.restore.enabled`.
    fn has_restore_switches(self) -> bool {
        matches!(self, Family::D1 | Family::D2)
    }
}

/// How a release's manifests differ within its family: `stackstate-k8s` 1.11.4 to 1.12.x and
/// `suse-observability` 2.0.x sit between the families' reference releases (1.11.3 and 2.1.0)
/// and take some of their ways from each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Manifests {
    /// The list Jobs run the server image (up to 1.11.3), container-tools after.
    server_lists: bool,
    /// The `BACKUP_*_S3_PREFIX` variables (`suse-observability`; no `stackstate-k8s` has them).
    s3_prefixes: bool,
    /// The settings are kept on a local volume too (`stackstate-k8s` 1.12 and
    /// `suse-observability` 2.1 on): `.sty` names, `BACKUP_CONFIGURATION_UPLOAD_REMOTE` and
    /// `_MAX_LOCAL_FILES`, the server's `restore-settings` container.
    local_settings: bool,
    /// The distributed HBase's `ZOOKEEPER_QUORUM` where the manifest writes it out (up to
    /// 2.0.x; a mono HBase's is then `stackstate-hbase-stackgraph:2182` whatever the release
    /// name). 2.0.0 names a ZooKeeper the chart does not run (`-otel-`): followed as it is.
    fixed_quorum: Option<&'static str>,
    /// The services' default names start with `stackstate-` (`stackstate-k8s`).
    stackstate_names: bool,
}

impl Manifests {
    fn of(chart: ChartVersion, family: Family) -> Manifests {
        use crate::generation::{ChartName, Version};
        let k8s = chart.chart == ChartName::StackstateK8s;
        let since = |name, major, minor| chart.is_at_least(name, Version::new(major, minor, 0));
        Manifests {
            server_lists: family == Family::D1,
            s3_prefixes: !k8s,
            local_settings: if k8s {
                since(ChartName::StackstateK8s, 1, 12)
            } else {
                since(ChartName::SuseObservability, 2, 1)
            },
            fixed_quorum: if k8s {
                Some("stackstate-zookeeper-headless:2181")
            } else if since(ChartName::SuseObservability, 2, 1) {
                None
            } else if chart.version == Version::new(2, 0, 0) {
                Some("suse-observability-otel-zookeeper-headless:2181")
            } else {
                Some("suse-observability-zookeeper-headless:2181")
            },
            stackstate_names: k8s,
        }
    }
}

/// What is asked for: one Job of one store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Request<'a> {
    StackGraphRestore {
        backup: &'a str,
        force: bool,
    },
    StackGraphList,
    ElasticsearchRestore {
        snapshot: &'a str,
        indices: Option<&'a str>,
        delete_all_indices: bool,
    },
    ElasticsearchList,
    ConfigurationRestore {
        backup: &'a str,
        force: bool,
    },
    ConfigurationList,
    VictoriaMetricsRestore {
        instance: VictoriaMetricsInstance,
        backup: &'a str,
    },
    VictoriaMetricsList,
}

impl Request<'_> {
    fn artifact(&self) -> &'static str {
        match self {
            Request::StackGraphRestore { .. } => "StackGraph restore Job",
            Request::StackGraphList => "StackGraph list Job",
            Request::ElasticsearchRestore { .. } => "Elasticsearch restore Job",
            Request::ElasticsearchList => "Elasticsearch list Job",
            Request::ConfigurationRestore { .. } => "settings (configuration) restore Job",
            Request::ConfigurationList => "settings (configuration) list Job",
            Request::VictoriaMetricsRestore { .. } => "Victoria Metrics restore Job",
            Request::VictoriaMetricsList => "Victoria Metrics list Job",
        }
    }
}

/// What the template reads.
#[derive(Serialize)]
struct JobContext<'a> {
    name: String,
    namespace: Option<&'a str>,
    claim: Option<Claim>,
    active_deadline_seconds: Option<u32>,
    ttl_seconds: u32,
    container: &'static str,
    image: String,
    pull_policy: String,
    script: &'static str,
    args: Vec<String>,
    /// The container's `resources`, as YAML lines.
    resources: Option<String>,
    /// The `wait` init container, when the manifest has one.
    wait: Option<WaitContainer>,
    license_secret: Option<String>,
    env: Vec<(&'static str, String)>,
    /// Variables from existing Secrets: name, Secret, key.
    secret_env: Vec<(String, String, String)>,
    mounts: Vec<Mount>,
    pull_secrets: Vec<String>,
    service_account: Option<String>,
    security_context: Option<serde_json::Value>,
    volumes: Vec<Volume>,
}

/// The `wait` init container: `/entrypoint -c <host:port,...> -t 300`.
#[derive(Serialize)]
struct WaitContainer {
    command: String,
    image: String,
    pull_policy: String,
}

#[derive(Serialize)]
struct Claim {
    access_modes: Vec<String>,
    size: String,
    storage_class: Option<String>,
}

#[derive(Serialize)]
struct Mount {
    name: &'static str,
    path: &'static str,
    sub_path: Option<&'static str>,
}

#[derive(Serialize, Default)]
struct Volume {
    name: &'static str,
    config_map: Option<String>,
    mode: Option<u32>,
    secret: Option<String>,
    claim: Option<String>,
}

/// The merged values, read as the chart's templates read them.
struct Lookup<'a> {
    root: Option<&'a Node>,
}

impl Lookup<'_> {
    fn at(&self, path: &[&str]) -> Option<&Node> {
        self.root.and_then(|root| root.at(path.iter().copied()))
    }

    /// A scalar as `quote` prints it: the default when the key is absent, `""` for `null`.
    /// A mapping or a list where the chart prints a scalar is refused.
    fn text(&self, path: &[&str], default: &str) -> Result<String, RenderError> {
        match self.at(path).map(|node| &node.value) {
            None => Ok(default.to_owned()),
            Some(NodeValue::Null) => Ok(String::new()),
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
                reason: "the chart prints it into the Job as a string, so it cannot be a mapping or a list".into(),
            }),
        }
    }

    /// As [`Lookup::text`], with Go templates' `default`: empty or `null` takes the default.
    fn text_or(&self, path: &[&str], default: &str) -> Result<String, RenderError> {
        let text = self.text(path, default)?;
        Ok(if text.is_empty() {
            default.to_owned()
        } else {
            text
        })
    }

    /// A switch as Go templates test it ([`super::platform::Lookup::flag`]).
    fn flag(&self, path: &[&str], default: bool) -> bool {
        super::platform::Lookup::new(self.root).flag(path, default)
    }

    /// The names of `global.imagePullSecrets` ([`super::platform::Lookup::pull_secrets`]).
    fn pull_secrets(&self) -> Vec<String> {
        super::platform::Lookup::new(self.root).pull_secrets()
    }

    /// A pod securityContext without its `enabled` switch, or `None` when it is off.
    fn security_context(
        &self,
        path: &[&'static str],
    ) -> Result<Option<serde_json::Value>, RenderError> {
        let key = |k: &'static str| [path, &[k]].concat();
        if !self.flag(&key("enabled"), true) {
            return Ok(None);
        }
        let number = |k: &'static str| -> Result<serde_json::Value, RenderError> {
            let text = self.text(&key(k), "65534")?;
            text.parse::<i64>()
                .map(serde_json::Value::from)
                .map_err(|_| RenderError::InvalidInput {
                    what: "security context",
                    value: key(k).join("."),
                    reason: format!("`{}` is not a whole number", text.escape_debug()),
                })
        };
        Ok(Some(serde_json::json!({
            "fsGroup": number("fsGroup")?,
            "runAsGroup": number("runAsGroup")?,
            "runAsNonRoot": self.flag(&key("runAsNonRoot"), true),
            "runAsUser": number("runAsUser")?,
        })))
    }
}

/// The chart's `ensureTrailingSlashIfNotEmpty` and `trimTrailingSlashes`.
fn with_trailing_slash(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", prefix.trim_end_matches('/'))
    }
}

fn without_trailing_slash(prefix: &str) -> String {
    prefix.trim_end_matches('/').to_owned()
}

/// Everything a Job of the release shares.
struct Shared<'a> {
    chart: ChartVersion,
    family: Family,
    manifests: Manifests,
    defaults: Defaults,
    lookup: Lookup<'a>,
    fullname: String,
    global: bool,
    /// The chart's global mode (from 2.8.0; earlier charts ignore `global.suseObservability`).
    global_mode: GlobalMode,
}

impl Shared<'_> {
    /// Whether the release is `stackstate-k8s` at or after `major.minor.patch`, or any later
    /// chart.
    fn since_k8s(&self, major: u32, minor: u32, patch: u32) -> bool {
        self.chart.is_at_least(
            crate::generation::ChartName::StackstateK8s,
            crate::generation::Version::new(major, minor, patch),
        )
    }

    /// Whether the release is `suse-observability` at or after `major.minor.patch`.
    fn since(&self, major: u32, minor: u32, patch: u32) -> bool {
        self.chart.is_at_least(
            crate::generation::ChartName::SuseObservability,
            crate::generation::Version::new(major, minor, patch),
        )
    }

    /// `backup.enabled` up to 2.6, `global.backup.enabled` from 2.7.
    fn backups_on(&self) -> bool {
        match self.family {
            Family::D1 | Family::D2 => self.lookup.flag(&["backup", "enabled"], false),
            Family::E0 | Family::E { .. } => self.global,
        }
    }

    fn backups_switch(&self) -> &'static str {
        match self.family {
            Family::D1 | Family::D2 => "backup.enabled",
            Family::E0 | Family::E { .. } => "global.backup.enabled",
        }
    }

    fn registry(&self, own: &[&str]) -> Result<String, RenderError> {
        let global = self.lookup.text(&["global", "imageRegistry"], "")?;
        if !global.is_empty() {
            return Ok(global);
        }
        if let Some(registry) = self.global_mode.registry() {
            return Ok(registry.to_owned());
        }
        self.lookup.text_or(own, "quay.io")
    }

    /// The server image (`stackstate.components.server.image`, tag and pull policy falling
    /// back to `stackstate.components.all.image`); 2.x lets the server's own registry win.
    fn server_image(&self) -> Result<(String, String), RenderError> {
        let l = &self.lookup;
        let server = |k: &'static str| ["stackstate", "components", "server", "image", k];
        let all = |k: &'static str| ["stackstate", "components", "all", "image", k];
        let own = if self.family == Family::D1 {
            String::new()
        } else {
            l.text(&server("imageRegistry"), "")?
        };
        let registry = if own.is_empty() {
            self.registry(&all("registry"))?
        } else {
            own
        };
        // `stackstate.server.image.tag`: HBase 2.5 (2.x's default) takes the `-2.5` images.
        // HBase 2.5 came with chart 2.0 (`stackstate-k8s` 1.x runs 1.2).
        let hbase_default = if self.chart.version.major >= 2 {
            "2.5"
        } else {
            "1.2"
        };
        let suffix = if l.text_or(&["hbase", "version"], hbase_default)? == "2.5" {
            "-2.5"
        } else {
            ""
        };
        let tag = format!(
            "{}{suffix}",
            l.text_or(
                &server("tag"),
                &l.text_or(&all("tag"), self.defaults.server_tag)?,
            )?
        );
        let image = format!(
            "{registry}/{}{}:{tag}",
            l.text_or(&server("repository"), "stackstate/stackstate-server")?,
            l.text(&all("repositorySuffix"), "")?,
        );
        let pull_policy = l.text_or(
            &server("pullPolicy"),
            &l.text_or(&all("pullPolicy"), "IfNotPresent")?,
        )?;
        Ok((image, pull_policy))
    }

    fn container_tools_image(&self) -> Result<(String, String), RenderError> {
        let l = &self.lookup;
        let key = |k: &'static str| ["stackstate", "components", "containerTools", "image", k];
        Ok((
            format!(
                "{}/{}:{}",
                self.registry(&key("registry"))?,
                l.text_or(&key("repository"), "stackstate/container-tools")?,
                l.text_or(&key("tag"), self.defaults.container_tools_tag)?,
            ),
            l.text_or(&key("pullPolicy"), "IfNotPresent")?,
        ))
    }

    fn vmrestore_image(&self) -> Result<(String, String), RenderError> {
        let l = &self.lookup;
        let key = |k: &'static str| ["victoria-metrics", "restore", "image", k];
        Ok((
            format!(
                "{}/{}:{}",
                self.registry(&key("registry"))?,
                l.text_or(&key("repository"), "stackstate/vmrestore")?,
                l.text_or(&key("tag"), self.defaults.vmrestore_tag)?,
            ),
            l.text_or(&key("pullPolicy"), "IfNotPresent")?,
        ))
    }

    /// The `wait` image: `stackstate.components.wait.image` up to 2.6, `global.wait.image`
    /// from 2.7.
    fn wait_image(&self) -> Result<(String, String), RenderError> {
        let l = &self.lookup;
        let global_wait = self.chart.is_at_least(
            crate::generation::ChartName::SuseObservability,
            crate::generation::Version::new(2, 7, 0),
        );
        let key = |k: &'static str| -> Vec<&'static str> {
            if global_wait {
                vec!["global", "wait", "image", k]
            } else {
                vec!["stackstate", "components", "wait", "image", k]
            }
        };
        Ok((
            format!(
                "{}/{}:{}",
                self.registry(&key("registry"))?,
                l.text_or(&key("repository"), "stackstate/wait")?,
                l.text_or(&key("tag"), self.defaults.wait_tag)?,
            ),
            l.text_or(&key("pullPolicy"), "IfNotPresent")?,
        ))
    }

    /// The object store's service: MinIO's up to 2.9, S3Proxy's from 2.10.
    fn store_endpoint(&self) -> Result<String, RenderError> {
        match self.family {
            Family::E { .. } => Ok("suse-observability-s3proxy:9000".to_owned()),
            _ => Ok(format!("{}:9000", self.minio_fullname()?)),
        }
    }

    /// `suse-observability.hbase.deploymentMode`: the sizing profile's in global mode,
    /// `hbase.deployment.mode` otherwise.
    fn hbase_distributed(&self) -> Result<bool, RenderError> {
        if let Some(mono) = self.global_mode.hbase_mono() {
            return Ok(!mono);
        }
        Ok(self
            .lookup
            .text_or(&["hbase", "deployment", "mode"], "Distributed")?
            == "Distributed")
    }

    /// `stackgraph.hbase.waitfor`: ZooKeeper and the HDFS name node, or the StackGraph pod.
    fn hbase_wait_targets(&self, release: &Release) -> Result<String, RenderError> {
        let quorum = self.zookeeper_endpoint(release)?;
        let distributed = self.hbase_distributed()?;
        Ok(if distributed {
            format!("{quorum},{}-hbase-hdfs-nn-headful:9000", release.name())
        } else {
            quorum
        })
    }

    fn minio_fullname(&self) -> Result<String, RenderError> {
        self.lookup
            .text_or(&["minio", "fullnameOverride"], self.defaults.minio_fullname)
    }

    /// The Secret with the object store's keys, which the scripts read from `/aws-keys`.
    fn keys_secret(&self) -> Result<String, RenderError> {
        match self.family {
            Family::E { .. } => self.lookup.text_or(
                &["global", "s3proxy", "credentials", "fromExternalSecret"],
                "suse-observability-s3proxy",
            ),
            _ => self.minio_fullname(),
        }
    }

    /// `stackstate.es.endpoint`.
    fn elasticsearch_endpoint(&self) -> Result<String, RenderError> {
        let l = &self.lookup;
        if matches!(self.family, Family::E { .. }) {
            return Ok(format!(
                "{}-master-headless:9200",
                self.defaults.elasticsearch_cluster
            ));
        }
        if l.flag(&["elasticsearch", "enabled"], true) {
            Ok(format!(
                "{}-{}-headless:9200",
                l.text_or(
                    &["elasticsearch", "clusterName"],
                    self.defaults.elasticsearch_cluster
                )?,
                l.text_or(&["elasticsearch", "nodeGroup"], "master")?,
            ))
        } else {
            l.text(
                &["stackstate", "components", "all", "elasticsearchEndpoint"],
                "",
            )
        }
    }

    /// `stackgraph.zookeeper.endpoint`: ZooKeeper for the distributed HBase, the StackGraph
    /// pod for the mono one (`hbase.deployment.mode`; a sizing profile's mode is not read).
    fn zookeeper_quorum(&self, release: &Release) -> Result<String, RenderError> {
        let distributed = self.hbase_distributed()?;
        match (self.manifests.fixed_quorum, distributed) {
            (Some(quorum), true) => Ok(quorum.to_owned()),
            (Some(_), false) => Ok("stackstate-hbase-stackgraph:2182".to_owned()),
            (None, _) => self.zookeeper_endpoint(release),
        }
    }

    /// The chart's `stackgraph.zookeeper.endpoint` helper (the wait targets, and the quorum
    /// from 2.1).
    fn zookeeper_endpoint(&self, release: &Release) -> Result<String, RenderError> {
        let l = &self.lookup;
        let distributed = self.hbase_distributed()?;
        Ok(match (self.family, distributed) {
            (Family::D1, true) => "stackstate-zookeeper-headless:2181".to_owned(),
            (Family::D1, false) => "stackstate-hbase-stackgraph:2182".to_owned(),
            (_, false) => format!("{}-hbase-stackgraph:2182", release.name()),
            (Family::E { .. }, true) => {
                format!("{}-headless:2181", self.defaults.zookeeper_fullname)
            }
            (_, true) if l.flag(&["zookeeper", "enabled"], true) => format!(
                "{}-headless:2181",
                l.text_or(
                    &["zookeeper", "fullnameOverride"],
                    self.defaults.zookeeper_fullname
                )?
            ),
            (_, true) => l.text(
                &["stackstate", "components", "all", "zookeeperEndpoint"],
                "",
            )?,
        })
    }

    /// `stackstate.job.ttlSecondsAfterFinished`: 600 seconds, a day under Argo CD (from 2.x),
    /// an hour from 2.8.1.
    fn ttl_seconds(&self) -> u32 {
        let argo_cd = self
            .lookup
            .flag(&["deployment", "compatibleWithArgoCD"], false);
        let hour = self.chart.is_at_least(
            crate::generation::ChartName::SuseObservability,
            crate::generation::Version::new(2, 8, 1),
        );
        match self.family {
            Family::D1 => 600,
            // Before 2.3 the manifests say 600 whatever Argo CD.
            Family::D2 if !self.since(2, 3, 0) => 600,
            _ if argo_cd => 86400,
            _ if hour => 3600,
            _ => 600,
        }
    }

    /// `stackstate.backup.envvars` of the release, in the chart's order (less the platform
    /// version, which comes from the chart's own version).
    fn envvars(&self) -> Result<Vec<(&'static str, String)>, RenderError> {
        let l = &self.lookup;
        let family = self.family;
        let d1 = family == Family::D1;
        let switches = family.has_restore_switches();
        let e = matches!(family, Family::E { .. });
        let per_store = matches!(family, Family::E { per_store: true });
        let t = |path: &[&str], default: &str| l.text(path, default);
        let es =
            |k: &[&str], default: &str| t(&[&["backup", "elasticsearch"], k].concat(), default);
        let sg = |k: &[&str], default: &str| t(&[&["backup", "stackGraph"], k].concat(), default);
        let conf =
            |k: &[&str], default: &str| t(&[&["backup", "configuration"], k].concat(), default);
        // Up to 2.6 a store's switches default to `true`; 2.7 removed them (`quote` of nothing
        // prints `""`).
        let switch_default = if switches { "true" } else { "" };
        // 2.10 hard-codes what 2.9 still read from the values (and refuses them when set).
        let fixed_or = |value: &'static str,
                        read: &dyn Fn() -> Result<String, RenderError>|
         -> Result<String, RenderError> {
            if e { Ok(value.to_owned()) } else { read() }
        };
        let retention_default = |d1_value: &'static str, later: &'static str| {
            if d1 { d1_value } else { later }
        };
        let mut env: Vec<(&'static str, String)> = Vec::new();
        if e {
            env.push((
                "BACKUP_STACKPACKS_SERVICE_URL",
                format!("http://{}-backup-stackpacks:7090", self.fullname),
            ));
        }
        env.push((
            "BACKUP_ELASTICSEARCH_BUCKET_NAME",
            es(&["bucketName"], "sts-elasticsearch-backup")?,
        ));
        if self.manifests.s3_prefixes {
            env.push((
                "BACKUP_ELASTICSEARCH_S3_PREFIX",
                without_trailing_slash(&es(&["s3Prefix"], "")?),
            ));
        }
        if switches {
            env.push((
                "BACKUP_ELASTICSEARCH_RESTORE_ENABLED",
                es(&["restore", "enabled"], "true")?,
            ));
        }
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_ENABLED",
            if per_store {
                es(&["enabled"], "true")?
            } else {
                es(&["scheduled", "enabled"], switch_default)?
            },
        ));
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_SCHEDULED",
            es(&["scheduled", "schedule"], "0 0 3 * * ?")?,
        ));
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_INDICES",
            fixed_or("sts*", &|| es(&["scheduled", "indices"], "sts*"))?,
        ));
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_REPOSITORY_NAME",
            fixed_or("sts-backup", &|| {
                es(&["snapshotRepositoryName"], "sts-backup")
            })?,
        ));
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_POLICY_NAME",
            fixed_or("auto-sts-backup", &|| {
                es(&["scheduled", "snapshotPolicyName"], "auto-sts-backup")
            })?,
        ));
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_NAME_TEMPLATE",
            fixed_or(SNAPSHOT_NAME_TEMPLATE, &|| {
                es(
                    &["scheduled", "snapshotNameTemplate"],
                    SNAPSHOT_NAME_TEMPLATE,
                )
            })?,
        ));
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_EXPIRE_AFTER",
            es(&["scheduled", "snapshotRetentionExpireAfter"], "30d")?,
        ));
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_MIN_COUNT",
            es(&["scheduled", "snapshotRetentionMinCount"], "5")?,
        ));
        env.push((
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_MAX_COUNT",
            es(&["scheduled", "snapshotRetentionMaxCount"], "30")?,
        ));
        env.push((
            "BACKUP_STACKGRAPH_BUCKET_NAME",
            sg(&["bucketName"], "sts-stackgraph-backup")?,
        ));
        if self.manifests.s3_prefixes {
            env.push((
                "BACKUP_STACKGRAPH_S3_PREFIX",
                with_trailing_slash(&sg(&["s3Prefix"], "")?),
            ));
        }
        if switches {
            env.push((
                "BACKUP_STACKGRAPH_RESTORE_ENABLED",
                sg(&["restore", "enabled"], "true")?,
            ));
            env.push((
                "BACKUP_STACKGRAPH_SCHEDULED_ENABLED",
                sg(&["scheduled", "enabled"], "true")?,
            ));
        }
        // `splitArchiveSize` came with stackstate-k8s 1.9.0 and went with 2.10.
        if !e && self.since_k8s(1, 9, 0) {
            env.push((
                "BACKUP_STACKGRAPH_ARCHIVE_SPLIT_SIZE",
                sg(&["splitArchiveSize"], "0")?,
            ));
        }
        env.push((
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_NAME_TEMPLATE",
            fixed_or(STACKGRAPH_NAME_TEMPLATE, &|| {
                sg(
                    &["scheduled", "backupNameTemplate"],
                    STACKGRAPH_NAME_TEMPLATE,
                )
            })?,
        ));
        env.push((
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_NAME_PARSE_REGEXP",
            fixed_or(STACKGRAPH_NAME_REGEXP, &|| {
                sg(
                    &["scheduled", "backupNameParseRegexp"],
                    STACKGRAPH_NAME_REGEXP,
                )
            })?,
        ));
        env.push((
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_DATETIME_PARSE_FORMAT",
            fixed_or(DATETIME_FORMAT, &|| {
                sg(&["scheduled", "backupDatetimeParseFormat"], DATETIME_FORMAT)
            })?,
        ));
        env.push((
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
            sg(
                &["scheduled", "backupRetentionTimeDelta"],
                retention_default("days = 30", "30 days ago"),
            )?,
        ));
        if self.manifests.local_settings {
            env.push((
                "BACKUP_CONFIGURATION_UPLOAD_REMOTE",
                self.backups_on().to_string(),
            ));
        }
        env.push((
            "BACKUP_CONFIGURATION_BUCKET_NAME",
            conf(&["bucketName"], "sts-configuration-backup")?,
        ));
        if self.manifests.s3_prefixes {
            env.push((
                "BACKUP_CONFIGURATION_S3_PREFIX",
                with_trailing_slash(&conf(&["s3Prefix"], "")?),
            ));
        }
        if switches {
            env.push((
                "BACKUP_CONFIGURATION_RESTORE_ENABLED",
                conf(&["restore", "enabled"], "true")?,
            ));
        }
        env.push((
            "BACKUP_CONFIGURATION_SCHEDULED_ENABLED",
            if per_store {
                conf(&["enabled"], "true")?
            } else {
                conf(&["scheduled", "enabled"], switch_default)?
            },
        ));
        let (conf_template, conf_regexp) = configuration_naming(self.manifests);
        env.push((
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_TEMPLATE",
            fixed_or(conf_template, &|| {
                conf(&["scheduled", "backupNameTemplate"], conf_template)
            })?,
        ));
        env.push((
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_PARSE_REGEXP",
            fixed_or(conf_regexp, &|| {
                conf(&["scheduled", "backupNameParseRegexp"], conf_regexp)
            })?,
        ));
        env.push((
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_DATETIME_PARSE_FORMAT",
            fixed_or(DATETIME_FORMAT, &|| {
                conf(&["scheduled", "backupDatetimeParseFormat"], DATETIME_FORMAT)
            })?,
        ));
        env.push((
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
            conf(
                &["scheduled", "backupRetentionTimeDelta"],
                retention_default("days = 365", "365 days ago"),
            )?,
        ));
        if self.manifests.local_settings {
            env.push((
                "BACKUP_CONFIGURATION_MAX_LOCAL_FILES",
                conf(&["maxLocalFiles"], "10")?,
            ));
        }
        if e {
            env.push(("BACKUP_STACKPACKS_DIR", "stackpacks/".to_owned()));
        }
        env.push((
            "STACKSTATE_ROUTER_ENDPOINT",
            format!("http://{}-router:8080", self.fullname),
        ));
        env.push(("ELASTICSEARCH_ENDPOINT", self.elasticsearch_endpoint()?));
        let vm_enabled_default = if per_store { "true" } else { "false" };
        for instance in [VictoriaMetricsInstance::Zero, VictoriaMetricsInstance::One] {
            let vm = |k: &[&str], default: &str| t(&[&[instance.as_str()], k].concat(), default);
            let (enabled, bucket, prefix, restore) = match instance {
                VictoriaMetricsInstance::Zero => (
                    "BACKUP_VICTORIA_METRICS_0_ENABLED",
                    "BACKUP_VICTORIA_METRICS_0_BUCKET_NAME",
                    "BACKUP_VICTORIA_METRICS_0_S3_PREFIX",
                    "BACKUP_VICTORIA_METRICS_0_RESTORE_ENABLED",
                ),
                VictoriaMetricsInstance::One => (
                    "BACKUP_VICTORIA_METRICS_1_ENABLED",
                    "BACKUP_VICTORIA_METRICS_1_BUCKET_NAME",
                    "BACKUP_VICTORIA_METRICS_1_S3_PREFIX",
                    "BACKUP_VICTORIA_METRICS_1_RESTORE_ENABLED",
                ),
            };
            // From 2.9 the second instance's switch is `false` when the instance is off.
            let instance_off = instance == VictoriaMetricsInstance::One
                && self.chart.is_at_least(
                    crate::generation::ChartName::SuseObservability,
                    crate::generation::Version::new(2, 9, 0),
                )
                && (!l.flag(&["victoria-metrics-1", "enabled"], true)
                    || self.global_mode.without_second_victoria_metrics());
            env.push((
                enabled,
                if instance_off {
                    "false".to_owned()
                } else {
                    vm(&["backup", "enabled"], vm_enabled_default)?
                },
            ));
            env.push((
                bucket,
                vm(&["backup", "bucketName"], "sts-victoria-metrics-backup")?,
            ));
            if self.manifests.s3_prefixes {
                env.push((
                    prefix,
                    without_trailing_slash(&vm(&["backup", "s3Prefix"], instance.as_str())?),
                ));
            }
            if switches {
                env.push((restore, vm(&["restore", "enabled"], "false")?));
            }
        }
        // ClickHouse backups came with stackstate-k8s 1.11.0.
        let clickhouse = self.since_k8s(1, 11, 0);
        if clickhouse {
            env.push((
                "BACKUP_CLICKHOUSE_BUCKET_NAME",
                t(
                    &["clickhouse", "backup", "bucketName"],
                    "sts-clickhouse-backup",
                )?,
            ));
        }
        if self.manifests.s3_prefixes {
            env.push((
                "BACKUP_CLICKHOUSE_S3_PREFIX",
                with_trailing_slash(&t(&["clickhouse", "backup", "s3Prefix"], "")?),
            ));
        }
        if switches && clickhouse {
            env.push((
                "BACKUP_CLICKHOUSE_RESTORE_ENABLED",
                t(&["clickhouse", "restore", "enabled"], "false")?,
            ));
            env.push((
                "BACKUP_CLICKHOUSE_SCHEDULED_ENABLED",
                t(&["clickhouse", "backup", "enabled"], "false")?,
            ));
        }
        if self.since(2, 3, 1) {
            // `.Chart.Version`: the released version.
            env.push(("PLATFORM_VERSION", self.chart.version.to_string()));
        }
        if e {
            env.push(("S3_ENDPOINT", "suse-observability-s3proxy:9000".to_owned()));
            env.push(("S3_BUCKET_SETTINGS", "local-settings-backup".to_owned()));
        } else {
            env.push(("MINIO_ENDPOINT", format!("{}:9000", self.minio_fullname()?)));
        }
        Ok(env)
    }

    /// `stackstate.backup.volumeMounts` and `stackstate.backup.volumes`: the keys Secret only
    /// where the release mounts it (from 2.0 only with backups on).
    fn volumes(&self) -> Result<(Vec<Mount>, Vec<Volume>), RenderError> {
        let mut mounts = vec![
            Mount {
                name: "backup-log",
                path: "/opt/docker/etc_log",
                sub_path: None,
            },
            Mount {
                name: "backup-restore-scripts",
                path: "/backup-restore-scripts",
                sub_path: None,
            },
        ];
        let mut volumes = vec![
            Volume {
                name: "backup-log",
                config_map: Some(format!("{}-backup-log", self.fullname)),
                ..Volume::default()
            },
            Volume {
                name: "backup-restore-scripts",
                config_map: Some(format!("{}-backup-restore-scripts", self.fullname)),
                // The chart's 0755, in decimal (YAML 1.1 and 1.2 read `0755` differently).
                mode: Some(493),
                ..Volume::default()
            },
        ];
        let keys = match self.family {
            // The keys are mounted whatever `backup.enabled` until the settings were kept
            // locally too.
            Family::D1 | Family::D2 if !self.manifests.local_settings => Some("minio-keys"),
            Family::D1 | Family::D2 | Family::E0 => self.backups_on().then_some("minio-keys"),
            Family::E { .. } => Some("s3proxy-keys"),
        };
        if let Some(name) = keys {
            mounts.push(Mount {
                name,
                path: "/aws-keys",
                sub_path: None,
            });
            volumes.push(Volume {
                name,
                secret: Some(self.keys_secret()?),
                ..Volume::default()
            });
        }
        if matches!(self.family, Family::E { .. }) {
            mounts.push(Mount {
                name: "config-volume",
                path: "/opt/docker/etc/application_stackstate.conf",
                sub_path: Some("application_stackstate.conf"),
            });
            volumes.push(Volume {
                name: "config-volume",
                config_map: Some(format!("{}-sts-backup-conf", self.fullname)),
                ..Volume::default()
            });
        }
        Ok((mounts, volumes))
    }
}

/// The default image tags of every released `stackstate-k8s` and `suse-observability` chart
/// (`values.yaml` at the release's tag): the server (`stackstate.components.all.image.tag`),
/// container-tools, `vmrestore` (`victoria-metrics.restore.image.tag`) and `wait`.
const IMAGE_TAGS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "stackstate-k8s@1.1.2",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.1.3",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.1.4",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.1.5",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.1.6",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.1.7",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.1.8",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.1.9",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.2.0",
        "6.0.0-snapshot.20231009162833-master-bbb323a",
        "1.2.0",
        "v1.87.9-965f4361",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.3.0",
        "6.0.0-snapshot.20231113134919-master-fe0fa28",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.4.0",
        "6.0.0-snapshot.20231128123928-master-416565e",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.5.0",
        "6.0.0-snapshot.20231130112743-master-817f8df",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.8-a6ec1609",
    ),
    (
        "stackstate-k8s@1.6.0",
        "6.0.0-snapshot.20231211113404-master-92a28ae",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.9-104f3090",
    ),
    (
        "stackstate-k8s@1.6.1",
        "6.0.0-snapshot.20231212093005-master-991c31f",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.9-104f3090",
    ),
    (
        "stackstate-k8s@1.7.0",
        "6.0.0-snapshot.20240116133029-master-941caf7",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.9-b6a3cb01",
    ),
    (
        "stackstate-k8s@1.8.0",
        "6.0.0-snapshot.20240226082145-master-ac8c016",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.9-b6a3cb01",
    ),
    (
        "stackstate-k8s@1.9.0",
        "6.0.0-snapshot.20240323081922-master-5890d0b",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.9-b6a3cb01",
    ),
    (
        "stackstate-k8s@1.9.1",
        "6.0.0-snapshot.20240328085140-master-9d0f85c",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.9-b6a3cb01",
    ),
    (
        "stackstate-k8s@1.9.2",
        "6.0.0-snapshot.20240402131555-master-485026b",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.9-b6a3cb01",
    ),
    (
        "stackstate-k8s@1.10.0",
        "6.0.0-snapshot.20240411092708-master-91af6ab",
        "1.2.0",
        "v1.93.7-09d9481f",
        "1.0.9-b6a3cb01",
    ),
    (
        "stackstate-k8s@1.11.0",
        "6.0.0-snapshot.20240718165243-master-aeb7185",
        "1.4.0",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "stackstate-k8s@1.11.1",
        "6.0.0-snapshot.20240801152215-master-5897512",
        "1.4.0",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "stackstate-k8s@1.11.2",
        "6.0.0-snapshot.20240806150819-master-716b65e",
        "1.4.0",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "stackstate-k8s@1.11.3",
        "6.0.0-snapshot.20240815083601-master-bd8cfc5",
        "1.4.0",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "stackstate-k8s@1.11.4",
        "6.0.0-snapshot.20240829112751-master-8082a57",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "stackstate-k8s@1.11.5",
        "6.0.0-snapshot.20240829112751-master-8082a57",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "stackstate-k8s@1.12.0",
        "6.0.0-snapshot.20241023094532-stackstate-6.x-7be52ad",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "stackstate-k8s@1.12.1",
        "6.0.0-snapshot.20241023094532-stackstate-6.x-7be52ad",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "stackstate-k8s@2.0.0",
        "7.0.0-snapshot.20240911112250-master-f9361e0",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "suse-observability@2.0.1",
        "7.0.0-snapshot.20240918082712-master-8d36ec2",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "suse-observability@2.0.2",
        "7.0.0-snapshot.20241001154902-master-e89f93c",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "suse-observability@2.1.0",
        "7.0.0-snapshot.20241023133226-master-a9f30a7",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "suse-observability@2.2.0",
        "7.0.0-snapshot.20241204151219-master-db9515b",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "suse-observability@2.2.1",
        "7.0.0-snapshot.20241204151219-master-db9515b",
        "1.4.1",
        "v1.93.14-21a6b0da",
        "1.0.10-025450d9",
    ),
    (
        "suse-observability@2.3.0",
        "7.0.0-snapshot.20250124171607-master-8a3bd61",
        "1.5.1",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.3.1",
        "7.0.0-snapshot.20250312150320-master-1f9655b",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.3.2",
        "7.0.0-snapshot.20250422152320-master-70cbfa3",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.3.3",
        "7.0.0-snapshot.20250430171416-master-f683b3c",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.3.4",
        "7.0.0-snapshot.20250530144354-master-5eda9c3",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.3.5",
        "7.0.0-snapshot.20250617133841-master-fb294f8",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.3.6",
        "7.0.0-snapshot.20250722112540-master-34e65ce",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.3.7",
        "7.0.0-snapshot.20250728075040-version-2.3.6-bb2abf0",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.4.0",
        "7.0.0-snapshot.20250820143359-master-7cb8e40",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.5.0",
        "7.0.0-snapshot.20250903124607-master-be6b85c",
        "1.5.5",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.5.1",
        "7.0.0-snapshot.20250924111101-master-69882d4",
        "1.7.0",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.6.0",
        "7.0.0-snapshot.20250924111101-master-69882d4",
        "1.7.0",
        "v1.109.0-219ea492",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.6.1",
        "7.0.0-snapshot.20251009195131-master-48c0883",
        "1.8.0-bci",
        "v1.109.0-4af7dbf5",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.6.2",
        "7.0.0-snapshot.20251030130227-master-9bdda25",
        "1.8.0-bci",
        "v1.109.0-4af7dbf5",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.6.3",
        "7.0.0-snapshot.20251120152824-master-8cfee78",
        "1.8.0-bci",
        "v1.109.0-4af7dbf5",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.7.0",
        "7.0.0-snapshot.20260112180233-master-bdc7466",
        "1.8.1-bci",
        "v1.109.0-4af7dbf5",
        "1.0.11-04b49abf",
    ),
    (
        "suse-observability@2.8.0",
        "7.0.0-snapshot.20260227114630-master-dfb9ea3",
        "1.8.3-610",
        "v1.109.0-3c122dc6-37",
        "1.0.12-ee4bfadf-180",
    ),
    (
        "suse-observability@2.8.1",
        "7.0.0-snapshot.20260316080614-master-8da9082",
        "1.8.3-610",
        "v1.109.0-d1e2ca0c-release-42",
        "1.0.12-6dabb0fe-release-185",
    ),
    (
        "suse-observability@2.9.0",
        "7.0.0-snapshot.20260323154506-master-0002b3f",
        "1.8.3-610",
        "v1.109.0-97bc8d04-release-45",
        "1.0.12-9657337c-release-188",
    ),
    (
        "suse-observability@2.10.0",
        "7.0.0-snapshot.20260508152936-master-ad3d22f",
        "1.8.6-7c9dc1f5-main-55",
        "v1.142.0-7c9dc1f5-main-16",
        "1.0.12-9657337c-release-194",
    ),
    (
        "suse-observability@2.10.1",
        "7.0.0-snapshot.20260527142356-master-f7fa969",
        "1.8.6-b3764ea5-main-109",
        "v1.143.0-b3764ea5-main-76",
        "1.0.12-18e7ac19-main-10",
    ),
    (
        "suse-observability@2.10.2",
        "7.0.0-snapshot.20260626140818-master-04f8523",
        "1.8.6-so9",
        "1.144.0-so6",
        "1.0.12-so5",
    ),
    (
        "suse-observability@2.10.3",
        "7.0.0-snapshot.20260803130756-master-8ad8817",
        "1.8.6-so18",
        "1.144.0-so12",
        "1.0.12-so8",
    ),
];

/// The containers' default `resources` (the same in every release that has them).
const BACKUP_RESOURCES: &str = r#"{"limits": {"cpu": "3000m", "ephemeral-storage": "1Gi", "memory": "4000Mi"}, "requests": {"cpu": "1000m", "ephemeral-storage": "1Mi", "memory": "4000Mi"}}"#;
const CONTAINER_TOOLS_RESOURCES: &str = r#"{"limits": {"cpu": "1000m", "ephemeral-storage": "1Gi", "memory": "2000Mi"}, "requests": {"cpu": "500m", "ephemeral-storage": "1Mi", "memory": "2000Mi"}}"#;
const CONFIGURATION_BACKUP_RESOURCES: &str = r#"{"limits": {"cpu": "1000m", "ephemeral-storage": "1Gi", "memory": "1000Mi"}, "requests": {"cpu": "1000m", "ephemeral-storage": "100Mi", "memory": "1000Mi"}}"#;

const SNAPSHOT_NAME_TEMPLATE: &str = "<sts-backup-{now{yyyyMMdd-HHmm}}>";
const STACKGRAPH_NAME_TEMPLATE: &str = "sts-backup-$(date +%Y%m%d-%H%M).graph";
const STACKGRAPH_NAME_REGEXP: &str = "sts-backup-([0-9]*-[0-9]*).graph";
const DATETIME_FORMAT: &str = "%Y%m%d-%H%M";

/// The settings backups' name template and regexp defaults: `.stj` up to 1.11.3, `.sty` after.
fn configuration_naming(manifests: Manifests) -> (&'static str, &'static str) {
    if !manifests.local_settings {
        (
            "sts-backup-$(date +%Y%m%d-%H%M).stj",
            "sts-backup-([0-9]*-[0-9]*).stj",
        )
    } else {
        (
            "sts-backup-$(date +%Y%m%d-%H%M).sty",
            "sts-backup-([0-9]*-[0-9]*).sty",
        )
    }
}

/// The Job (and, for a StackGraph restore, its claim) that the release's restore script
/// creates, or why the release cannot restore it.
pub(crate) fn render(
    values: &ValidatedValues,
    chart: ChartVersion,
    release: &Release,
    request: &Request<'_>,
    at: DateTime,
) -> Result<String, RenderError> {
    let Some(family) = Family::of(chart) else {
        return Err(RenderError::Template(
            "the classic chart's restore Jobs are rendered by restore_jobs.rs".into(),
        ));
    };
    let lookup = Lookup {
        root: values.root(),
    };
    let global = lookup.flag(&["global", "backup", "enabled"], false);
    let global_mode = if chart.is_at_least(
        crate::generation::ChartName::SuseObservability,
        crate::generation::Version::new(2, 8, 0),
    ) {
        GlobalMode::read(values.root())?
    } else {
        GlobalMode {
            on: false,
            profile: String::new(),
        }
    };
    let shared = Shared {
        global_mode,
        chart,
        family,
        manifests: Manifests::of(chart, family),
        defaults: family.defaults_of(chart),
        fullname: release.fullname_of(chart.chart.as_str()),
        lookup,
        global,
    };
    let artifact = request.artifact();
    check_available(values, &shared, chart, request, artifact)?;
    let l = &shared.lookup;
    let (mut mounts, mut volumes) = shared.volumes()?;
    let mut env = shared.envvars()?;
    let mut args = Vec::new();
    let mut secret_env = Vec::new();
    let mut claim = None;
    let mut license_secret = None;
    let mut service_account = None;
    let mut active_deadline_seconds = None;
    let server_lists = shared.manifests.server_lists;
    let local_settings = shared.manifests.local_settings;
    let sg_context = || l.security_context(&["backup", "stackGraph", "securityContext"]);
    let (prefix, container, script, (image, pull_policy), security_context) = match request {
        Request::StackGraphRestore { backup, force } => {
            let regexp = match family {
                Family::E { .. } => STACKGRAPH_NAME_REGEXP.to_owned(),
                _ => l.text_or(
                    &["backup", "stackGraph", "scheduled", "backupNameParseRegexp"],
                    STACKGRAPH_NAME_REGEXP,
                )?,
            };
            super::restore_jobs::check_backup_name(
                backup,
                &regexp,
                "StackGraph backup name",
                "backup.stackGraph.scheduled.backupNameParseRegexp",
            )?;
            env.push(("BACKUP_FILE", (*backup).to_owned()));
            env.push((
                "FORCE_DELETE",
                if *force { "-force" } else { "" }.to_owned(),
            ));
            env.push(("ZOOKEEPER_QUORUM", shared.zookeeper_quorum(release)?));
            claim = Some(stackgraph_claim(&shared)?);
            mounts.push(Mount {
                name: "tmp-data",
                path: "/tmp-data",
                sub_path: None,
            });
            (
                "stackgraph-restore",
                "restore",
                "/backup-restore-scripts/restore-stackgraph-backup.sh",
                shared.server_image()?,
                sg_context()?,
            )
        }
        Request::StackGraphList => (
            "stackgraph-list-backups",
            "list",
            "/backup-restore-scripts/list-stackgraph-backups.sh",
            if server_lists {
                shared.server_image()?
            } else {
                shared.container_tools_image()?
            },
            if shared.since(2, 4, 0) {
                sg_context()?
            } else {
                None
            },
        ),
        Request::ElasticsearchRestore {
            snapshot,
            indices,
            delete_all_indices,
        } => {
            let template = match family {
                Family::E { .. } => SNAPSHOT_NAME_TEMPLATE.to_owned(),
                _ => l.text_or(
                    &[
                        "backup",
                        "elasticsearch",
                        "scheduled",
                        "snapshotNameTemplate",
                    ],
                    SNAPSHOT_NAME_TEMPLATE,
                )?,
            };
            super::restore_jobs::check_snapshot_name(snapshot, &template)?;
            if let Some(indices) = indices {
                super::restore_jobs::check_indices(indices)?;
            }
            if *delete_all_indices && !shared.since(2, 6, 1) {
                return Err(RenderError::InvalidInput {
                    what: "option for this release",
                    value: "--delete-all-indices".into(),
                    reason: format!(
                        "{chart}'s restore script has no `--delete-all-indices` (it came with suse-observability 2.6.1)"
                    ),
                });
            }
            env.push(("SNAPSHOT_NAME", (*snapshot).to_owned()));
            // The script leaves it empty without indices; the Job's script then restores
            // the indices the snapshots take.
            env.push(("INDICES_TO_RESTORE", indices.unwrap_or("").to_owned()));
            if shared.since(2, 6, 1) {
                env.push(("DELETE_ALL_INDICES", delete_all_indices.to_string()));
            }
            (
                "elasticsearch-restore",
                "restore",
                "/backup-restore-scripts/restore-elasticsearch-snapshot.sh",
                shared.container_tools_image()?,
                elasticsearch_context(&shared)?,
            )
        }
        Request::ElasticsearchList => (
            "elasticsearch-list-snapshots",
            "list",
            "/backup-restore-scripts/list-elasticsearch-snapshots.sh",
            shared.container_tools_image()?,
            elasticsearch_context(&shared)?,
        ),
        Request::ConfigurationRestore { backup, force } => {
            let (_, default_regexp) = configuration_naming(shared.manifests);
            let regexp = match family {
                Family::E { .. } => default_regexp.to_owned(),
                _ => l.text_or(
                    &[
                        "backup",
                        "configuration",
                        "scheduled",
                        "backupNameParseRegexp",
                    ],
                    default_regexp,
                )?,
            };
            super::restore_jobs::check_backup_name(
                backup,
                &regexp,
                "settings backup name",
                "backup.configuration.scheduled.backupNameParseRegexp",
            )?;
            if !local_settings {
                env.push(("BACKUP_FILE", (*backup).to_owned()));
                env.push((
                    "FORCE_DELETE",
                    if *force { "-force" } else { "" }.to_owned(),
                ));
                service_account = Some(format!("{}-backup", shared.fullname));
                (
                    "configuration-restore",
                    "restore",
                    "/backup-restore-scripts/restore-configuration-backup.sh",
                    shared.container_tools_image()?,
                    l.security_context(&["backup", "configuration", "securityContext"])?,
                )
            } else {
                settings_restore_env(&shared, &mut env, &mut secret_env)?;
                env.push(("HADOOP_USER_NAME", "nobody".to_owned()));
                env.push(("ZOOKEEPER_QUORUM", shared.zookeeper_quorum(release)?));
                env.push(("BACKUP_FILE", (*backup).to_owned()));
                env.push((
                    "FORCE_DELETE",
                    if *force { "-force" } else { "" }.to_owned(),
                ));
                if shared.since(2, 2, 0) {
                    license_secret = Some(l.text_or(
                        &["stackstate", "license", "fromExternalSecret"],
                        &format!("{}-license", shared.fullname),
                    )?);
                } else {
                    // 1.12 and 2.1 name the license key and the admin password one by one,
                    // from the chart's own license Secret whatever `fromExternalSecret`.
                    secret_env.push((
                        "LICENSE_KEY".into(),
                        format!("{}-license", shared.fullname),
                        "sts-license-key".into(),
                    ));
                    secret_env.push((
                        "CONFIG_FORCE_stackstate_api_authentication_authServer_stackstateAuthServer_defaultPlatformPassword".into(),
                        format!("{}-common", shared.fullname),
                        "platformAdminPassword".into(),
                    ));
                }
                active_deadline_seconds = Some(1200);
                // 2.10 keeps the settings in S3Proxy's local bucket, not on this volume.
                if !matches!(family, Family::E { .. }) {
                    settings_volume(&shared, &mut mounts, &mut volumes);
                }
                (
                    "configuration-restore",
                    "restore-settings",
                    "/backup-restore-scripts/restore-configuration-backup.sh",
                    shared.server_image()?,
                    sg_context()?,
                )
            }
        }
        Request::ConfigurationList => {
            if local_settings && matches!(family, Family::D2 | Family::E0) {
                settings_volume(&shared, &mut mounts, &mut volumes);
            }
            (
                "configuration-list-backups",
                "list",
                "/backup-restore-scripts/list-configuration-backups.sh",
                if server_lists {
                    shared.server_image()?
                } else {
                    shared.container_tools_image()?
                },
                if shared.since(2, 3, 1) {
                    sg_context()?
                } else {
                    None
                },
            )
        }
        Request::VictoriaMetricsRestore { instance, backup } => {
            if !shared.since_k8s(1, 5, 0) {
                return Err(RenderError::NotFollowed {
                    artifact: request.artifact(),
                    release: chart.to_string(),
                    reason: "its restore takes no backup folder (it came with stackstate-k8s 1.5.0); run the release's `restore/restore-victoria-metrics-backup.sh <instance>`".into(),
                });
            }
            let configured = without_trailing_slash(&l.text_or(
                &[instance.as_str(), "backup", "s3Prefix"],
                instance.as_str(),
            )?);
            check_victoria_metrics_backup(backup, &configured, *instance)?;
            args = vec![instance.as_str().to_owned(), (*backup).to_owned()];
            mounts.push(Mount {
                name: "victoria-metrics-storage",
                path: "/storage",
                sub_path: None,
            });
            let chart_name = if chart.chart == crate::generation::ChartName::StackstateK8s {
                "stackstate"
            } else {
                "suse-observability"
            };
            volumes.push(Volume {
                name: "victoria-metrics-storage",
                claim: Some(format!(
                    "server-volume-{chart_name}-{}-0",
                    instance.as_str()
                )),
                ..Volume::default()
            });
            (
                "victoria-metrics-restore-backup",
                "restore",
                "/backup-restore-scripts/restore-victoria-metrics-backup.sh",
                shared.vmrestore_image()?,
                l.security_context(&["victoria-metrics", "restore", "securityContext"])?,
            )
        }
        Request::VictoriaMetricsList => (
            "victoria-metrics-list-backups",
            "list",
            "/backup-restore-scripts/list-victoria-metrics-backups.sh",
            if server_lists {
                shared.server_image()?
            } else {
                shared.container_tools_image()?
            },
            if shared.since(2, 6, 3) {
                l.security_context(&["victoria-metrics", "restore", "securityContext"])?
            } else {
                None
            },
        ),
    };
    if matches!(request, Request::StackGraphRestore { .. }) {
        volumes.push(Volume {
            name: "tmp-data",
            claim: Some(timestamped_name(prefix, at)?),
            ..Volume::default()
        });
    }
    let context = JobContext {
        name: timestamped_name(prefix, at)?,
        namespace: release.namespace(),
        claim,
        active_deadline_seconds,
        ttl_seconds: shared.ttl_seconds(),
        container,
        image,
        pull_policy,
        script,
        args,
        resources: container_resources(&shared, request)?,
        wait: wait_container(&shared, release, request)?,
        license_secret,
        env,
        secret_env,
        mounts,
        pull_secrets: l.pull_secrets(),
        service_account,
        security_context,
        volumes,
    };
    templates::render("job-restore-release.yaml.j2", context)
}

/// What the settings restore of 2.x adds to the environment: the base URLs (the chart requires
/// one), the YAML size limit, the metrics write endpoint and `envsFromExistingSecrets`.
fn settings_restore_env(
    shared: &Shared<'_>,
    env: &mut Vec<(&'static str, String)>,
    secret_env: &mut Vec<(String, String, String)>,
) -> Result<(), RenderError> {
    let l = &shared.lookup;
    // `default .Values.stackstate.baseUrl | default .Values.stackstate.receiver.baseUrl |
    // trimSuffix "/" | required`.
    // Global mode's `global.suseObservability.baseUrl` comes first.
    let base = match shared.global_mode.base_url(l.root)? {
        Some(url) => url,
        None => l.text_or(
            &["stackstate", "baseUrl"],
            &l.text(&["stackstate", "receiver", "baseUrl"], "")?,
        )?,
    };
    let base = base.strip_suffix('/').unwrap_or(&base).to_owned();
    if base.is_empty() {
        return Err(RenderError::MissingValue {
            path: "stackstate.baseUrl",
            reason: format!(
                "{} requires it for the settings restore Job (the URL SUSE Observability is reached at); give the values file that sets it too (`-f values.yaml -f backup.yaml`) or `--set stackstate.baseUrl=https://...`",
                shared.chart
            ),
        });
    }
    env.push(("STACKSTATE_BASE_URL", base.clone()));
    env.push(("RECEIVER_BASE_URL", format!("{base}/receiver")));
    let limit_path = ["backup", "configuration", "yaml", "maxSizeLimit"];
    let limit = l.text(&limit_path, "100Mi")?;
    if l.flag(&limit_path, true) {
        env.push((
            "CONFIG_FORCE_stackstate_yaml_codePointLimit",
            code_point_limit(&limit),
        ));
    }
    let vmagent = match shared.family {
        Family::E { .. } => "suse-observability-vmagent".to_owned(),
        _ => {
            let default = if shared.chart.chart == crate::generation::ChartName::StackstateK8s {
                "stackstate-vmagent"
            } else {
                "suse-observability-vmagent"
            };
            let name = l.text(
                &["stackstate", "components", "vmagent", "fullNameOverride"],
                default,
            )?;
            if name.is_empty() {
                // The chart's fallback, with its doubled scheme.
                format!("http://{}-vmagent", shared.fullname)
            } else {
                name
            }
        }
    };
    env.push((
        "PROMETHEUS_WRITE_ENDPOINT",
        format!("http://{vmagent}:8429/api/v1/write"),
    ));
    if let Some(Node {
        value: NodeValue::Seq(items),
        ..
    }) = l.at(&["stackstate", "components", "all", "envsFromExistingSecrets"])
    {
        for item in items {
            let field = |key: &str| -> Result<String, RenderError> {
                item.at([key])
                    .and_then(Node::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| RenderError::InvalidInput {
                        what: "value",
                        value: "stackstate.components.all.envsFromExistingSecrets".into(),
                        reason: format!(
                            "each entry needs a string `{key}` (`name`, `secretName`, `secretKey`)"
                        ),
                    })
            };
            secret_env.push((field("name")?, field("secretName")?, field("secretKey")?));
        }
    }
    Ok(())
}

/// `stackstate.backup.yaml.maxSizeLimit`: the size in bytes through the chart's
/// `stackstate.storage.to.megabytes` (its factors, `Ti` as 1,100,000 MB) and Sprig's `mulf`,
/// which multiplies the decimal forms of its floats exactly; a plain number is kept as it is.
fn code_point_limit(limit: &str) -> String {
    // Sprig's `int` of text that is not a whole number is 0.
    let int = |text: &str| text.parse::<i64>().unwrap_or(0).to_string();
    let (number, factor) = if let Some(n) = limit.strip_suffix("Ti") {
        (int(n), "1100000")
    } else if let Some(n) = limit.strip_suffix('T') {
        (int(n), "1000000")
    } else if let Some(n) = limit.strip_suffix("Gi") {
        (int(n), "1073.74")
    } else if let Some(n) = limit.strip_suffix('G') {
        (int(n), "1000")
    } else if let Some(n) = limit.strip_suffix("Mi") {
        (int(n), "1.048576")
    } else if let Some(n) = limit.strip_suffix('M') {
        (int(n), "1")
    } else if limit.chars().all(|c| c.is_ascii_digit()) {
        let number = int(limit);
        // `{{ . | int }}`, compared with the value as text.
        if number == limit {
            return number;
        }
        (number, "1")
    } else {
        ("0".to_owned(), "1")
    };
    let megabytes = decimal_product(&number, factor);
    (decimal_product(&format!("{megabytes}"), "1000000") as i64).to_string()
}

/// The product of two decimal numbers computed exactly, then rounded to a float (what
/// `decimal.NewFromFloat(a).Mul(decimal.NewFromFloat(b)).Float64()` gives).
fn decimal_product(a: &str, b: &str) -> f64 {
    fn parts(text: &str) -> Option<(i128, u32)> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = format!("{whole}{fraction}");
        Some((digits.parse().ok()?, u32::try_from(fraction.len()).ok()?))
    }
    match (parts(a), parts(b)) {
        (Some((x, sx)), Some((y, sy))) => match x.checked_mul(y) {
            Some(product) => {
                let scale = sx + sy;
                let text = format!("{product}e-{scale}");
                text.parse().unwrap_or(f64::NAN)
            }
            None => a.parse::<f64>().unwrap_or(0.0) * b.parse::<f64>().unwrap_or(0.0),
        },
        _ => 0.0,
    }
}

/// The `wait` init container of the release's Job manifest: the object store (and
/// Elasticsearch, or for the settings restore from 2.x the HBase it writes to). The settings
/// Jobs of 2.0 to 2.9 wait for MinIO only with backups on (and the list Job then has none).
fn wait_container(
    shared: &Shared<'_>,
    release: &Release,
    request: &Request<'_>,
) -> Result<Option<WaitContainer>, RenderError> {
    let store = shared.store_endpoint()?;
    let minio_optional =
        shared.manifests.local_settings && matches!(shared.family, Family::D2 | Family::E0);
    let targets = match request {
        Request::ElasticsearchRestore { .. } | Request::ElasticsearchList => {
            format!("{},{store}", shared.elasticsearch_endpoint()?)
        }
        Request::ConfigurationList if minio_optional && !shared.backups_on() => return Ok(None),
        Request::ConfigurationRestore { .. } if shared.manifests.local_settings => {
            let hbase = shared.hbase_wait_targets(release)?;
            if minio_optional && !shared.backups_on() {
                hbase
            } else {
                format!("{store},{hbase}")
            }
        }
        _ => store,
    };
    // 2.0 to 2.9's settings restore template trims the space after `-c` (`-c {{- if`).
    let separator = match request {
        Request::ConfigurationRestore { .. } if minio_optional => "",
        _ => " ",
    };
    let (image, pull_policy) = shared.wait_image()?;
    Ok(Some(WaitContainer {
        command: format!("/entrypoint -c{separator}{targets} -t 300\n"),
        image,
        pull_policy,
    }))
}

/// `resources` as the release's Job manifest takes them: container-tools' for Elasticsearch,
/// the settings backup's for its Jobs from 2.6.1, the backup component's for the rest;
/// coalesced with the chart's defaults as Helm coalesces values.
fn container_resources(
    shared: &Shared<'_>,
    request: &Request<'_>,
) -> Result<Option<String>, RenderError> {
    let (component, default) = match request {
        Request::ElasticsearchRestore { .. } | Request::ElasticsearchList => {
            ("containerTools", CONTAINER_TOOLS_RESOURCES)
        }
        Request::ConfigurationRestore { .. } | Request::ConfigurationList
            if shared.since(2, 6, 1) =>
        {
            ("configurationBackup", CONFIGURATION_BACKUP_RESOURCES)
        }
        _ => ("backup", BACKUP_RESOURCES),
    };
    let path = ["stackstate", "components", component, "resources"];
    super::chart::resources(&path, shared.lookup.at(&path), default)
}

/// The Elasticsearch Jobs' security context: `backup.elasticsearch.securityContext` from 2.6.1.
fn elasticsearch_context(shared: &Shared<'_>) -> Result<Option<serde_json::Value>, RenderError> {
    if !shared.since(2, 6, 1) {
        return Ok(None);
    }
    shared
        .lookup
        .security_context(&["backup", "elasticsearch", "securityContext"])
}

/// The settings backups' local volume, `<fullname>-settings-backup-data` (from 2.1).
fn settings_volume(shared: &Shared<'_>, mounts: &mut Vec<Mount>, volumes: &mut Vec<Volume>) {
    mounts.push(Mount {
        name: "settings-backup-data",
        path: "/settings-backup-data",
        sub_path: None,
    });
    volumes.push(Volume {
        name: "settings-backup-data",
        claim: Some(format!("{}-settings-backup-data", shared.fullname)),
        ..Volume::default()
    });
}

/// `pvc-stackgraph-restore-backup.yaml`: `tempData.size`, or the StackGraph volume's size
/// when it is not set (2.x: the datanode's for the distributed HBase, the StackGraph pod's for
/// the mono one; a sizing profile's sizes are not read).
fn stackgraph_claim(shared: &Shared<'_>) -> Result<Claim, RenderError> {
    let l = &shared.lookup;
    let temp = |k: &'static str| ["backup", "stackGraph", "restore", "tempData", k];
    let access_modes = match l.at(&temp("accessModes")).map(|node| &node.value) {
        Some(NodeValue::Seq(items)) => items
            .iter()
            .map(|item| match &item.value {
                NodeValue::String(mode) => Ok(mode.clone()),
                _ => Err(RenderError::InvalidInput {
                    what: "value",
                    value: "backup.stackGraph.restore.tempData.accessModes".into(),
                    reason: "an access mode is a string such as `ReadWriteOnce`".into(),
                }),
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => vec!["ReadWriteOnce".to_owned()],
    };
    let distributed = shared.hbase_distributed()?;
    let datanode = l.text_or(
        &["hbase", "hdfs", "datanode", "persistence", "size"],
        "250Gi",
    )?;
    let size = if shared.family == Family::D1 {
        // 1.x: a `tpl` string, the datanode's size by default.
        let size = l.text_or(
            &temp("size"),
            "{{ .Values.hbase.hdfs.datanode.persistence.size }}",
        )?;
        super::restore_jobs::temp_data_size(&size, &datanode)?.to_owned()
    } else {
        let fallback = if distributed {
            datanode
        } else {
            l.text_or(
                &["hbase", "stackgraph", "persistence", "size"],
                shared.global_mode.stackgraph_volume().unwrap_or("250Gi"),
            )?
        };
        let size = l.text_or(&temp("size"), &fallback)?;
        super::restore_jobs::temp_data_size(&size, &fallback)?.to_owned()
    };
    let class = l.text(&temp("storageClass"), "")?;
    let global_class = l.text(&["global", "storageClass"], "")?;
    // `-` asks for `storageClassName: ""`; 2.x's `common.storage.class` falls back to
    // `global.storageClass`.
    let storage_class = match (class.as_str(), shared.family) {
        ("-", _) => Some(String::new()),
        ("", Family::D1) => None,
        ("", _) if global_class == "-" => Some(String::new()),
        ("", _) if !global_class.is_empty() => Some(global_class),
        ("", _) => None,
        (class, _) => Some(class.to_owned()),
    };
    Ok(Claim {
        access_modes,
        size,
        storage_class,
    })
}

/// A Victoria Metrics backup is a folder of the instance's bucket named after its prefix:
/// `<s3Prefix>-<generation>` up to 2.9, `<s3Prefix>-latest` or `<s3Prefix>-<YYYYmmddHHMMSS>`
/// from 2.10. The script pastes it into `sed` with `#` and the Job passes it to `vmrestore`.
fn check_victoria_metrics_backup(
    backup: &str,
    configured: &str,
    instance: VictoriaMetricsInstance,
) -> Result<(), RenderError> {
    let invalid = |reason: String| RenderError::InvalidInput {
        what: "Victoria Metrics backup",
        value: backup.to_owned(),
        reason,
    };
    let bare = backup.trim_end_matches('/');
    if bare.is_empty() || bare.len() > 1024 {
        return Err(invalid("a backup folder has 1 to 1024 bytes".into()));
    }
    if let Some(c) = bare
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
    {
        return Err(invalid(format!(
            "it contains `{}`; backup folders are letters, digits, `-`, `_`, `.` and `/`",
            c.escape_debug()
        )));
    }
    if bare.starts_with('/') || bare.split('/').any(|segment| segment == "..") {
        return Err(invalid("it is not a folder of the bucket".into()));
    }
    let stem = format!("{configured}-");
    if !bare.starts_with(&stem) || bare.len() == stem.len() {
        return Err(invalid(format!(
            "{} backs up into `{}<generation>` (`{}.backup.s3Prefix`), as `list-victoria-metrics-backups` lists them",
            instance.as_str(),
            stem.escape_debug(),
            instance.as_str()
        )));
    }
    Ok(())
}

/// Refuses what the release cannot restore: a store it does not back up, or backups off.
fn check_available(
    values: &ValidatedValues,
    shared: &Shared<'_>,
    chart: ChartVersion,
    request: &Request<'_>,
    artifact: &'static str,
) -> Result<(), RenderError> {
    let l = &shared.lookup;
    let family = shared.family;
    let off = |reason: String| Err(RenderError::NotApplicable { artifact, reason });
    // Where the switch was set, or that it is the release's default.
    let set_at = |key: &str| {
        let path: Vec<&str> = key.split('.').collect();
        match values.where_set(&path) {
            Some(place) => format!("set at {place}"),
            None => format!("{chart}'s default"),
        }
    };
    let backups_off = || {
        let switch = shared.backups_switch();
        off(format!(
            "`{switch}` is off ({}), so {chart} makes no backups to restore (and runs no {})",
            set_at(switch),
            match family {
                Family::E { .. } => "S3Proxy backend",
                _ => "MinIO",
            }
        ))
    };
    let restore_off = |store: &str| {
        let key = format!("{store}.restore.enabled");
        off(format!(
            "`{key}` is false ({}), so {chart} does not ship the Job manifest its restore script uses",
            set_at(&key)
        ))
    };
    let store_off = |key: &str| {
        off(format!(
            "`{key}` is false ({}), so {chart} does not back this store up",
            set_at(key)
        ))
    };
    let per_store = matches!(family, Family::E { per_store: true });
    match request {
        Request::StackGraphRestore { .. } | Request::StackGraphList => {
            if !shared.backups_on() {
                return backups_off();
            }
            if family.has_restore_switches()
                && !l.flag(&["backup", "stackGraph", "restore", "enabled"], true)
            {
                return restore_off("backup.stackGraph");
            }
            if per_store && !l.flag(&["backup", "stackGraph", "enabled"], true) {
                return store_off("backup.stackGraph.enabled");
            }
        }
        Request::ElasticsearchRestore { .. } | Request::ElasticsearchList => {
            if !shared.backups_on() {
                return backups_off();
            }
            if family.has_restore_switches()
                && !l.flag(&["backup", "elasticsearch", "restore", "enabled"], true)
            {
                return restore_off("backup.elasticsearch");
            }
            if per_store && !l.flag(&["backup", "elasticsearch", "enabled"], true) {
                return store_off("backup.elasticsearch.enabled");
            }
        }
        Request::ConfigurationRestore { .. } | Request::ConfigurationList => {
            // From 2.1 the settings are kept on a local volume too, so they restore without
            // remote backups; 1.x keeps them in MinIO only.
            if !shared.manifests.local_settings && !shared.backups_on() {
                return backups_off();
            }
            if family.has_restore_switches()
                && !l.flag(&["backup", "configuration", "restore", "enabled"], true)
            {
                return restore_off("backup.configuration");
            }
            if per_store && !l.flag(&["backup", "configuration", "enabled"], true) {
                return store_off("backup.configuration.enabled");
            }
        }
        Request::VictoriaMetricsRestore { instance, .. } => {
            if !shared.backups_on() {
                return backups_off();
            }
            if family.has_restore_switches()
                && !l.flag(&[instance.as_str(), "restore", "enabled"], false)
            {
                return restore_off(instance.as_str());
            }
            if per_store && !l.flag(&[instance.as_str(), "backup", "enabled"], true) {
                return store_off(&format!("{}.backup.enabled", instance.as_str()));
            }
        }
        Request::VictoriaMetricsList => {
            if !shared.backups_on() {
                return backups_off();
            }
            if family.has_restore_switches()
                && !l.flag(&["victoria-metrics-0", "restore", "enabled"], false)
                && !l.flag(&["victoria-metrics-1", "restore", "enabled"], false)
            {
                return off(format!(
                    "`victoria-metrics-0.restore.enabled` and `victoria-metrics-1.restore.enabled` are false, so {chart} does not ship the Job manifest its list script uses"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn victoria_metrics_backups_are_folders_of_the_instance() {
        let zero = VictoriaMetricsInstance::Zero;
        assert!(
            check_victoria_metrics_backup(
                "victoria-metrics-0-20240601120000",
                "victoria-metrics-0",
                zero
            )
            .is_ok()
        );
        assert!(
            check_victoria_metrics_backup("victoria-metrics-0-latest/", "victoria-metrics-0", zero)
                .is_ok()
        );
        for bad in [
            "",
            "victoria-metrics-0-",
            "victoria-metrics-1-latest",
            "victoria-metrics-0-x#y",
            "victoria-metrics-0-a b",
            "/victoria-metrics-0-latest",
            "victoria-metrics-0-x/../y",
        ] {
            assert!(
                check_victoria_metrics_backup(bad, "victoria-metrics-0", zero).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn yaml_size_limits_as_the_chart_converts_them() {
        assert_eq!(code_point_limit("100Mi"), "104857600");
        assert_eq!(code_point_limit("1Gi"), "1073740000");
        assert_eq!(code_point_limit("50M"), "50000000");
        assert_eq!(code_point_limit("2000"), "2000");
        assert_eq!(code_point_limit("0100"), "100000000");
        assert_eq!(code_point_limit("lots"), "0");
        assert_eq!(code_point_limit("1Ti"), "1100000000000");
    }

    #[test]
    fn trailing_slashes_as_the_chart_writes_them() {
        assert_eq!(with_trailing_slash(""), "");
        assert_eq!(with_trailing_slash("prod//"), "prod/");
        assert_eq!(without_trailing_slash("prod//"), "prod");
    }
}
