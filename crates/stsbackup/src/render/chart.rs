//! The values outside `backup:` and `minio:` that the classic chart (5.1.4) reads to shape the
//! backup CronJobs and Jobs: the image registry, repositories, tags and pull policies, the pull
//! secrets, the containers' `resources`, the HBase datanode size the restore volume follows
//! when `tempData.size` is unset, and whether the server is split (what the `wait` container
//! waits for). Read from the merged document with the chart's defaults, as Helm coalesces them;
//! the typed model (`model::Values`) covers `backup:` and `minio:` only.

use super::RenderError;
use crate::load::{Node, NodeValue};
use serde::Serialize;
use serde_json::{Map, Value};

/// The chart's defaults for what is read here (chart 5.1.4 `values.yaml`, and the HBase
/// subchart's 0.1.139 for the datanode size).
mod defaults {
    pub const REGISTRY: &str = "quay.io";
    pub const REPOSITORY_SUFFIX: &str = "-stable";
    pub const TAG: &str = "5.1.4";
    pub const PULL_POLICY: &str = "IfNotPresent";
    pub const SERVER_REPOSITORY: &str = "stackstate/stackstate-server";
    pub const WAIT_REPOSITORY: &str = "stackstate/wait";
    pub const WAIT_TAG: &str = "1.0.7-2755960650";
    pub const CONTAINER_TOOLS_REPOSITORY: &str = "stackstate/container-tools";
    pub const CONTAINER_TOOLS_TAG: &str = "1.1.4";
    pub const DATANODE_SIZE: &str = "250Gi";
    /// `stackstate.components.backup.resources`.
    pub const BACKUP_RESOURCES: &str = r#"{"limits": {"cpu": "3000m", "ephemeral-storage": "1Gi", "memory": "4000Mi"}, "requests": {"cpu": "1000m", "ephemeral-storage": "1Mi", "memory": "4000Mi"}}"#;
    /// `stackstate.components.containerTools.resources`.
    pub const CONTAINER_TOOLS_RESOURCES: &str = r#"{"limits": {"cpu": "1000m", "ephemeral-storage": "1Gi", "memory": "2000Mi"}, "requests": {"cpu": "500m", "ephemeral-storage": "1Mi", "memory": "2000Mi"}}"#;
}

/// An image reference and its pull policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Image {
    pub image: String,
    pub pull_policy: String,
}

/// What the chart reads outside `backup:` and `minio:` for the backup objects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ChartSettings {
    /// The server image (StackGraph export, import and listing).
    pub server: Image,
    /// `container-tools` (Elasticsearch and configuration scripts).
    pub container_tools: Image,
    /// The `wait` init container's image; the CronJobs pull it `Always`, the Jobs with this
    /// policy.
    pub wait: Image,
    /// The pull secrets named in the values (`global.imagePullSecrets`, `imagePullSecrets`,
    /// `stackstate.components.all.image.pullSecretName`), in the chart's order.
    named_pull_secrets: Vec<String>,
    /// Whether the chart makes a pull secret of its own (`<fullname>-pull-secret`) from
    /// `pullSecretUsername` or `pullSecretDockerConfigJson`.
    chart_pull_secret: bool,
    /// `stackstate.components.backup.resources` as YAML lines (StackGraph containers, the
    /// configuration restore and list Jobs), `None` when the user emptied them.
    pub backup_resources: Option<String>,
    /// `stackstate.components.containerTools.resources` as YAML lines (configuration CronJob,
    /// Elasticsearch Jobs).
    pub container_tools_resources: Option<String>,
    /// `hbase.hdfs.datanode.persistence.size`: the restore volume's size by default.
    pub datanode_size: String,
    /// `stackstate.experimental.server.split` (default true): the backups wait for the
    /// initializer when split, for the server otherwise.
    pub server_split: bool,
    /// What the later generations read outside the classic model.
    pub later: LaterStores,
}

/// The keys of `stackstate-k8s` and `suse-observability` that the typed model does not cover
/// (yet): the master switch of 2.7.0, the S3Proxy backends of 2.10.0, the per-store switches
/// of 2.10.3, and the Victoria Metrics and ClickHouse buckets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LaterStores {
    /// `global.backup.enabled` (2.7.0 and later): the master switch.
    pub global_backup_enabled: bool,
    /// The S3Proxy backend (2.10.0 and later), by the chart's precedence: PVC
    /// (`backup.storage.backend.pvc.enabled` or `minio.persistence.enabled`), then S3
    /// (`backend.s3` or `minio.s3gateway`), then Azure; `None` when none is enabled.
    pub backend: Option<Backend>,
    /// `backup.elasticsearch.enabled` (2.10.3 and later, default true).
    pub elasticsearch_enabled: bool,
    /// `victoria-metrics-0/1.backup.bucketName` with their values paths.
    pub victoria_metrics_buckets: Vec<(String, String)>,
    /// `clickhouse.backup.bucketName`.
    pub clickhouse_bucket: String,
}

/// Where S3Proxy stores the backups (`suse-observability` 2.10.0 and later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Backend {
    Pvc,
    S3,
    Azure,
}

impl LaterStores {
    fn read(root: Option<&Node>) -> Result<Self, RenderError> {
        let at = |path: &[&str]| root.and_then(|root| root.at(path.iter().copied()));
        let flag = |path: &[&str], default: bool| match at(path) {
            None => default,
            Some(node) if matches!(node.value, NodeValue::Null) => default,
            Some(node) => truthy(node),
        };
        let text = |path: &[&str], default: &str| -> Result<String, RenderError> {
            Ok(scalar(path, at(path))?
                .filter(|text| !text.is_empty())
                .unwrap_or_else(|| default.to_owned()))
        };
        let backend = if flag(&["backup", "storage", "backend", "pvc", "enabled"], false)
            || flag(&["minio", "persistence", "enabled"], false)
        {
            Some(Backend::Pvc)
        } else if flag(&["backup", "storage", "backend", "s3", "enabled"], false)
            || flag(&["minio", "s3gateway", "enabled"], false)
        {
            Some(Backend::S3)
        } else if flag(&["backup", "storage", "backend", "azure", "enabled"], false)
            || flag(&["minio", "azuregateway", "enabled"], false)
        {
            Some(Backend::Azure)
        } else {
            None
        };
        let mut victoria_metrics_buckets = Vec::new();
        for instance in ["victoria-metrics-0", "victoria-metrics-1"] {
            victoria_metrics_buckets.push((
                format!("{instance}.backup.bucketName"),
                text(
                    &[instance, "backup", "bucketName"],
                    "sts-victoria-metrics-backup",
                )?,
            ));
        }
        Ok(LaterStores {
            global_backup_enabled: flag(&["global", "backup", "enabled"], false),
            backend,
            elasticsearch_enabled: flag(&["backup", "elasticsearch", "enabled"], true),
            victoria_metrics_buckets,
            clickhouse_bucket: text(
                &["clickhouse", "backup", "bucketName"],
                "sts-clickhouse-backup",
            )?,
        })
    }
}

impl Default for ChartSettings {
    fn default() -> Self {
        ChartSettings::read(None).expect("the chart's defaults are valid")
    }
}

impl ChartSettings {
    /// `imagePullSecrets` of every backup pod of the release `fullname`, in the chart's
    /// order, without repeats.
    pub fn pull_secrets(&self, fullname: &str) -> Vec<String> {
        let mut names = self.named_pull_secrets.clone();
        if self.chart_pull_secret {
            names.push(format!("{fullname}-pull-secret"));
        }
        let mut seen = std::collections::HashSet::new();
        names.retain(|name| seen.insert(name.clone()));
        names
    }

    /// Reads the settings from the values (the merged document's root), falling back to the
    /// chart's defaults.
    pub fn read(root: Option<&Node>) -> Result<Self, RenderError> {
        let at = |path: &[&str]| root.and_then(|root| root.at(path.iter().copied()));
        let text = |path: &[&str], default: &str| -> Result<String, RenderError> {
            Ok(scalar(path, at(path))?.unwrap_or_else(|| default.to_owned()))
        };
        // Go templates' `default`: an empty string falls back too.
        let or = |first: String, second: String| if first.is_empty() { second } else { first };
        let all = ["stackstate", "components", "all", "image"];
        let path = |component: &[&'static str], key: &'static str| -> Vec<&'static str> {
            component.iter().copied().chain([key]).collect()
        };
        let global_registry = text(&["global", "imageRegistry"], "")?;
        let registry = |component_registry: String| or(global_registry.clone(), component_registry);

        let server = ["stackstate", "components", "server", "image"];
        let server_tag = or(
            text(&path(&server, "tag"), "")?,
            text(&path(&all, "tag"), defaults::TAG)?,
        );
        let server_image = Image {
            image: format!(
                "{}/{}{}:{}",
                registry(text(&path(&all, "registry"), defaults::REGISTRY)?),
                text(&path(&server, "repository"), defaults::SERVER_REPOSITORY)?,
                text(&path(&all, "repositorySuffix"), defaults::REPOSITORY_SUFFIX)?,
                server_tag
            ),
            pull_policy: or(
                text(&path(&server, "pullPolicy"), "")?,
                text(&path(&all, "pullPolicy"), defaults::PULL_POLICY)?,
            ),
        };
        let plain_image =
            |component: &'static str, repository: &str, tag: &str| -> Result<Image, RenderError> {
                let base = ["stackstate", "components", component, "image"];
                Ok(Image {
                    image: format!(
                        "{}/{}:{}",
                        registry(text(&path(&base, "registry"), defaults::REGISTRY)?),
                        text(&path(&base, "repository"), repository)?,
                        text(&path(&base, "tag"), tag)?
                    ),
                    pull_policy: text(&path(&base, "pullPolicy"), defaults::PULL_POLICY)?,
                })
            };

        let mut pull_secrets: Vec<String> = Vec::new();
        let mut chart_pull_secret = false;
        if let Some(list) = at(&["global", "imagePullSecrets"]) {
            for (index, item) in sequence(&["global", "imagePullSecrets"], list)?
                .iter()
                .enumerate()
            {
                let item_path = format!("global.imagePullSecrets[{index}]");
                pull_secrets.push(scalar_at(&item_path, item)?.unwrap_or_default());
            }
        }
        if let Some(list) = at(&["imagePullSecrets"]) {
            for (index, item) in sequence(&["imagePullSecrets"], list)?.iter().enumerate() {
                let item_path = format!("imagePullSecrets[{index}].name");
                let name = item.at(["name"]);
                pull_secrets.push(match name {
                    Some(name) => scalar_at(&item_path, name)?.unwrap_or_default(),
                    None => String::new(),
                });
            }
        }
        if let Some(name) = scalar(
            &path(&all, "pullSecretName"),
            at(&path(&all, "pullSecretName")),
        )?
        .filter(|name| !name.is_empty())
        {
            pull_secrets.push(name);
        } else if [
            path(&all, "pullSecretUsername"),
            path(&all, "pullSecretDockerConfigJson"),
        ]
        .iter()
        .any(|key| at(key).is_some_and(truthy))
        {
            chart_pull_secret = true;
        }

        let split = match at(&["stackstate", "experimental", "server", "split"]) {
            None => true,
            Some(node) => match &node.value {
                NodeValue::Null => true,
                _ => truthy(node),
            },
        };

        Ok(ChartSettings {
            server: server_image,
            container_tools: plain_image(
                "containerTools",
                defaults::CONTAINER_TOOLS_REPOSITORY,
                defaults::CONTAINER_TOOLS_TAG,
            )?,
            wait: plain_image("wait", defaults::WAIT_REPOSITORY, defaults::WAIT_TAG)?,
            named_pull_secrets: pull_secrets,
            chart_pull_secret,
            backup_resources: resources(
                &["stackstate", "components", "backup", "resources"],
                at(&["stackstate", "components", "backup", "resources"]),
                defaults::BACKUP_RESOURCES,
            )?,
            container_tools_resources: resources(
                &["stackstate", "components", "containerTools", "resources"],
                at(&["stackstate", "components", "containerTools", "resources"]),
                defaults::CONTAINER_TOOLS_RESOURCES,
            )?,
            datanode_size: text(
                &["hbase", "hdfs", "datanode", "persistence", "size"],
                defaults::DATANODE_SIZE,
            )?,
            server_split: split,
            later: LaterStores::read(root)?,
        })
    }
}

/// Go's truth of a value (`if`): false, 0, "", null, empty lists and maps are false.
fn truthy(node: &Node) -> bool {
    match &node.value {
        NodeValue::Null => false,
        NodeValue::Bool(b) => *b,
        NodeValue::Int(i) => *i != 0,
        NodeValue::Float(f) => *f != 0.0,
        NodeValue::String(s) => !s.is_empty(),
        NodeValue::Seq(items) => !items.is_empty(),
        NodeValue::Map(entries) => !entries.is_empty(),
    }
}

fn refused(path: &str, reason: &str) -> RenderError {
    RenderError::InvalidInput {
        what: "value",
        value: path.to_owned(),
        reason: reason.to_owned(),
    }
}

/// A scalar as the chart prints it into a string; `None` when absent or `null` (the default
/// then applies). A list or a mapping is refused: Go would print `map[...]` into the name.
fn scalar(path: &[&str], node: Option<&Node>) -> Result<Option<String>, RenderError> {
    match node {
        None => Ok(None),
        Some(node) => scalar_at(&path.join("."), node),
    }
}

fn scalar_at(path: &str, node: &Node) -> Result<Option<String>, RenderError> {
    match &node.value {
        NodeValue::Null => Ok(None),
        NodeValue::Bool(b) => Ok(Some(b.to_string())),
        NodeValue::Int(i) => Ok(Some(i.to_string())),
        NodeValue::Float(_) => Ok(Some(node.to_json().to_string())),
        NodeValue::String(s) => Ok(Some(s.clone())),
        NodeValue::Seq(_) | NodeValue::Map(_) => Err(refused(
            path,
            "the chart prints it into an image or object name, so it must be a string",
        )),
    }
}

fn sequence<'a>(path: &[&str], node: &'a Node) -> Result<&'a [Node], RenderError> {
    match &node.value {
        NodeValue::Seq(items) => Ok(items),
        NodeValue::Null => Ok(&[]),
        _ => Err(refused(&path.join("."), "the chart reads it as a list")),
    }
}

/// A `resources` block: the chart's default coalesced with the user's mapping as Helm
/// coalesces values (mappings merge key by key, a `null` deletes the default's key), written
/// as the YAML lines of `toYaml` (keys sorted). Leaves must be scalars (Kubernetes
/// quantities). `None` when nothing is left: the chart then writes no `resources`.
pub(super) fn resources(
    path: &[&str],
    node: Option<&Node>,
    default: &str,
) -> Result<Option<String>, RenderError> {
    let mut value: Value = serde_json::from_str(default).expect("a valid default");
    if let Some(node) = node {
        let user = node.to_json();
        match (&mut value, user) {
            // Helm's `null` deletes the chart's default: no `resources` at all.
            (_, Value::Null) => return Ok(None),
            (Value::Object(base), Value::Object(user)) => coalesce(base, user),
            _ => {
                return Err(refused(
                    &path.join("."),
                    "the chart writes it as a container's `resources`, so it must be a mapping",
                ));
            }
        }
    }
    let Value::Object(map) = &value else {
        unreachable!("the default is a mapping")
    };
    if map.is_empty() {
        return Ok(None);
    }
    let mut lines = String::new();
    write_block(&path.join("."), map, 0, &mut lines)?;
    Ok(Some(lines.trim_end().to_owned()))
}

fn coalesce(base: &mut Map<String, Value>, user: Map<String, Value>) {
    for (key, value) in user {
        match (base.get_mut(&key), value) {
            (_, Value::Null) => {
                base.remove(&key);
            }
            (Some(Value::Object(inner)), Value::Object(user_inner)) => coalesce(inner, user_inner),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Block YAML of a mapping with sorted keys (serde_json's map is ordered by key), every key
/// and string JSON-quoted unless it is a plain word, so no value can add structure.
fn write_block(
    path: &str,
    map: &Map<String, Value>,
    indent: usize,
    out: &mut String,
) -> Result<(), RenderError> {
    for (key, value) in map {
        let key_text = if !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            key.clone()
        } else {
            crate::render::templates::escape_yaml_unprintable(
                &Value::String(key.clone()).to_string(),
            )
        };
        out.push_str(&" ".repeat(indent));
        out.push_str(&key_text);
        out.push(':');
        match value {
            Value::Object(inner) if inner.is_empty() => out.push_str(" {}\n"),
            Value::Object(inner) => {
                out.push('\n');
                write_block(path, inner, indent + 2, out)?;
            }
            Value::Array(_) => {
                return Err(refused(
                    path,
                    "a container's resources are quantities, not lists",
                ));
            }
            scalar => {
                out.push(' ');
                out.push_str(&crate::render::templates::escape_yaml_unprintable(
                    &scalar.to_string(),
                ));
                out.push('\n');
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(yaml: &str) -> Result<ChartSettings, RenderError> {
        let document = crate::load::load_str("values.yaml", yaml);
        ChartSettings::read(document.root.as_ref())
    }

    #[test]
    fn the_chart_defaults() {
        let chart = ChartSettings::default();
        assert_eq!(
            chart.server.image,
            "quay.io/stackstate/stackstate-server-stable:5.1.4"
        );
        assert_eq!(
            chart.container_tools.image,
            "quay.io/stackstate/container-tools:1.1.4"
        );
        assert_eq!(chart.wait.image, "quay.io/stackstate/wait:1.0.7-2755960650");
        assert!(chart.pull_secrets("stackstate").is_empty());
        assert_eq!(chart.datanode_size, "250Gi");
        assert!(chart.server_split);
        assert_eq!(
            chart.backup_resources.as_deref(),
            Some(
                "limits:\n  cpu: \"3000m\"\n  ephemeral-storage: \"1Gi\"\n  memory: \"4000Mi\"\nrequests:\n  cpu: \"1000m\"\n  ephemeral-storage: \"1Mi\"\n  memory: \"4000Mi\""
            )
        );
    }

    #[test]
    fn a_private_registry_pull_secrets_and_overrides() {
        let chart = settings(
            "global:\n  imageRegistry: registry.acme.io\n  imagePullSecrets: [acme-pull, acme-pull]\nimagePullSecrets:\n  - name: other\nstackstate:\n  components:\n    all:\n      image:\n        tag: 5.1.3\n        pullSecretUsername: robot\n    server:\n      image:\n        repository: mirror/server\n    wait:\n      image:\n        tag: 2\n    backup:\n      resources:\n        limits:\n          memory: 8Gi\n          ephemeral-storage: null\n  experimental:\n    server:\n      split: false\nhbase:\n  hdfs:\n    datanode:\n      persistence:\n        size: 500Gi\n",
        )
        .unwrap();
        assert_eq!(
            chart.server.image,
            "registry.acme.io/mirror/server-stable:5.1.3"
        );
        assert_eq!(chart.wait.image, "registry.acme.io/stackstate/wait:2");
        assert_eq!(
            chart.pull_secrets("prod-stackstate"),
            ["acme-pull", "other", "prod-stackstate-pull-secret"]
        );
        assert_eq!(chart.datanode_size, "500Gi");
        assert!(!chart.server_split);
        let resources = chart.backup_resources.unwrap();
        assert!(resources.contains("memory: \"8Gi\""), "{resources}");
        assert!(resources.contains("cpu: \"3000m\""), "{resources}");
        assert!(!resources.contains("limits:\n  ephemeral"), "{resources}");
    }

    #[test]
    fn structures_where_a_name_goes_are_refused() {
        let error = settings("global:\n  imageRegistry: {a: b}\n").unwrap_err();
        assert!(
            error.to_string().contains("global.imageRegistry"),
            "{error}"
        );
        assert!(
            settings("stackstate:\n  components:\n    backup:\n      resources: [1]\n").is_err()
        );
        // A hostile key stays one quoted key.
        let chart = settings(
            "stackstate:\n  components:\n    backup:\n      resources:\n        \"a: b\\n- c\": 1\n",
        )
        .unwrap();
        assert!(
            chart
                .backup_resources
                .unwrap()
                .contains("\"a: b\\n- c\": 1")
        );
    }
}
