//! The key catalogue: every backup key of every chart generation, with the releases that have
//! it and its default in each. One table for all generations, so that a generation is data, not
//! a copy of the model: the unknown-key check, the JSON Schema per generation, the docs and the
//! rules read it.
//!
//! A key's history is a list of [`Era`]s, oldest first: from a release on, the key is present
//! with a default, or gone. Releases are ordered chart first (`stackstate` < `stackstate-k8s` <
//! `suse-observability`), then by version; an era may start at a different version in each
//! chart (settings kept on a volume arrived in `stackstate-k8s` 1.12.0 and in
//! `suse-observability` 2.1.0, so 2.0.0 does not have them).
//!
//! The catalogued sections are the ones whose every key is a backup key: `backup`, `minio`,
//! `s3proxy`, `global.backup`, `global.s3proxy`, and `backup`/`restore` of `victoria-metrics-0`,
//! `victoria-metrics-1` and `clickhouse`. Keys were drafted from the charts' own values files
//! (the parent chart's merged over its subcharts') and corrected from the templates; between
//! two sampled releases the exact release of a change is the one `chart-generations.md` gives,
//! or the later sample's generation start where the facts name none.

mod keys;
pub(crate) mod releases;

use crate::generation::ChartVersion;

/// The JSON type of a key's value, as the chart's templates use it. The shape check and the
/// per-release JSON Schema take a key's types from here ([`Kind::json_types`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// `true`, `false` or `null` (the template tests whether it was set).
    OptionalBool,
    /// A whole number.
    Int,
    /// Any number.
    Number,
    /// A string.
    String,
    /// A string or `null` (the template tests whether it was set).
    OptionalString,
    /// A whole number or a string (Kubernetes `IntOrString`, or a count the chart writes as a
    /// string, `"30"`, and Helm quotes either way).
    IntOrString,
    /// A list of anything.
    List,
    /// A list of strings.
    StringList,
    /// A mapping the chart passes through whole (`toYaml`): any keys.
    Map,
    /// A mapping passed through whole, or `null`.
    OptionalMap,
    /// Any value (the chart's default is `null` and nothing narrows it).
    Any,
}

impl Kind {
    /// The JSON Schema types of the value (`[]` for [`Kind::Any`]), in the order messages name
    /// them: a draft-07 validator's (null, boolean, integer, number, string, array, object).
    pub const fn json_types(self) -> &'static [&'static str] {
        match self {
            Kind::Bool => &["boolean"],
            Kind::OptionalBool => &["null", "boolean"],
            Kind::Int => &["integer"],
            Kind::Number => &["number"],
            Kind::String => &["string"],
            Kind::OptionalString => &["null", "string"],
            Kind::IntOrString => &["integer", "string"],
            Kind::List | Kind::StringList => &["array"],
            Kind::Map => &["object"],
            Kind::OptionalMap => &["null", "object"],
            Kind::Any => &[],
        }
    }

    /// The JSON Schema type of each item of a list, when the chart narrows it.
    pub const fn item_type(self) -> Option<&'static str> {
        match self {
            Kind::StringList => Some("string"),
            _ => None,
        }
    }

    /// Whether the value may hold any keys, untyped: the check stops there.
    pub const fn is_free_form(self) -> bool {
        matches!(self, Kind::Map | Kind::OptionalMap | Kind::Any)
    }

    /// Whether a JSON value has this kind (a list's items included).
    pub fn admits(self, value: &serde_json::Value) -> bool {
        let types = self.json_types();
        (types.is_empty() || types.iter().any(|t| json_type_admits(t, value)))
            && match (self.item_type(), value) {
                (Some(item), serde_json::Value::Array(items)) => {
                    items.iter().all(|i| json_type_admits(item, i))
                }
                _ => true,
            }
    }
}

/// Whether a JSON value is of a JSON Schema (draft-07) type: a number with no fraction is an
/// integer, as the draft says.
pub fn json_type_admits(json_type: &str, value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (json_type, value) {
        ("null", Value::Null)
        | ("boolean", Value::Bool(_))
        | ("string", Value::String(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_))
        | ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

/// What a key is from a release on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The key exists.
    Present {
        /// Its default, as JSON text.
        default: &'static str,
    },
    /// The chart no longer has the key.
    Gone,
}

/// One stretch of a key's history.
#[derive(Clone, Copy, Debug)]
pub struct Era {
    /// The first release of the era, per chart (see [`starts_by`]).
    pub from: &'static [ChartVersion],
    /// What the key is during the era.
    pub state: State,
}

/// One key of the catalogue.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    /// The values path, dotted.
    pub path: &'static str,
    /// The type of its value.
    pub kind: Kind,
    /// Its history, oldest first.
    pub eras: &'static [Era],
}

const fn key(path: &'static str, kind: Kind, eras: &'static [Era]) -> Key {
    Key { path, kind, eras }
}

const fn present(from: &'static [ChartVersion], default: &'static str) -> Era {
    Era {
        from,
        state: State::Present { default },
    }
}

const fn gone(from: &'static [ChartVersion]) -> Era {
    Era {
        from,
        state: State::Gone,
    }
}

/// Whether `release` is at or after an era start given per chart: the start for the release's
/// own chart when the era names one, otherwise any start in an earlier chart.
pub fn starts_by(from: &[ChartVersion], release: ChartVersion) -> bool {
    match from.iter().find(|start| start.chart == release.chart) {
        Some(start) => release.version >= start.version,
        None => from.iter().any(|start| start.chart < release.chart),
    }
}

impl Key {
    /// What the key is at `release`: `None` before it first appeared.
    pub fn state_at(&self, release: ChartVersion) -> Option<State> {
        self.eras
            .iter()
            .rev()
            .find(|era| starts_by(era.from, release))
            .map(|era| era.state)
    }

    /// The default at `release`, as JSON text, when the key exists there.
    pub fn default_at(&self, release: ChartVersion) -> Option<&'static str> {
        match self.state_at(release)? {
            State::Present { default } => Some(default),
            State::Gone => None,
        }
    }
}

/// Every key, sorted by path.
pub fn keys() -> &'static [Key] {
    keys::KEYS
}

/// The key at a dotted path, in any generation.
pub fn lookup(path: &str) -> Option<&'static Key> {
    keys::KEYS
        .binary_search_by(|key| key.path.cmp(path))
        .ok()
        .map(|index| &keys::KEYS[index])
}

/// The keys that exist at `release`.
pub fn keys_at(release: ChartVersion) -> impl Iterator<Item = &'static Key> {
    keys::KEYS
        .iter()
        .filter(move |key| key.default_at(release).is_some())
}

/// The segments of a dotted key path. A Kubernetes label key (`observability.suse.com/name`)
/// is one segment: the lowercase dotted run that ends in the segment holding its `/`.
pub fn segments(path: &str) -> Vec<String> {
    let mut parts: Vec<&str> = path.split('.').collect();
    if let Some(slash) = parts.iter().position(|part| part.contains('/')) {
        let is_dns_label = |part: &&str| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        let start = parts[..slash]
            .iter()
            .rposition(|part| !is_dns_label(part))
            .map_or(0, |i| i + 1);
        let label = parts[start..=slash].join(".");
        parts.splice(start..=slash, [label.as_str()]);
        return parts.into_iter().map(str::to_owned).collect();
    }
    parts.into_iter().map(str::to_owned).collect()
}

/// The names of the keys and mappings directly inside the mapping at `path`, at any of
/// `releases` (sorted, without repeats).
pub fn child_names(path: &str, releases: &[ChartVersion]) -> Vec<String> {
    let prefix = format!("{path}.");
    let depth = segments(path).len();
    let start = keys::KEYS.partition_point(|key| key.path < prefix.as_str());
    let mut names: Vec<String> = keys::KEYS[start..]
        .iter()
        .take_while(|key| key.path.starts_with(&prefix))
        .filter(|key| releases.iter().any(|r| key.default_at(*r).is_some()))
        .filter_map(|key| segments(key.path).into_iter().nth(depth))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// What a values path is in the catalogue, at one of some releases.
#[derive(Clone, Copy, Debug)]
pub enum Node {
    /// A catalogued key present at one of the releases.
    Key(&'static Key),
    /// A mapping that holds such keys.
    Mapping,
}

/// What a dotted path is at any of `releases`: a key present there, a mapping holding one, or
/// nothing (an unknown key). Contents of free-form keys are not looked at.
pub fn node_at(path: &str, releases: &[ChartVersion]) -> Option<Node> {
    let present = |key: &Key| releases.iter().any(|r| key.default_at(*r).is_some());
    // Every key that starts with `path` sorts in one run from here: the key itself, then the
    // keys under it among its siblings with longer names (`image.tag`, `imagePullSecrets`).
    let start = keys::KEYS.partition_point(|key| key.path < path);
    let run = keys::KEYS[start..]
        .iter()
        .take_while(|key| key.path.starts_with(path));
    let mut under = false;
    for key in run {
        if key.path.len() == path.len() {
            if present(key) {
                return Some(Node::Key(key));
            }
        } else if key.path.as_bytes()[path.len()] == b'.' && present(key) {
            under = true;
            break;
        }
    }
    under.then_some(Node::Mapping)
}

/// Whether a values path is a key of the chart at `release`: a catalogued key present there, a
/// mapping that holds such keys, or anything inside a free-form mapping.
pub fn is_known_at<S: AsRef<str>>(segments: &[S], release: ChartVersion) -> bool {
    let path = segments
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(".");
    let present = |key: &Key| key.default_at(release).is_some();
    if lookup(&path).is_some_and(present) {
        return true;
    }
    // A free-form ancestor (annotations, resources) takes any key.
    for end in 1..segments.len() {
        let ancestor = segments[..end]
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(".");
        if lookup(&ancestor).is_some_and(|key| present(key) && key.kind.is_free_form()) {
            return true;
        }
    }
    // A mapping whose keys are catalogued.
    let prefix = format!("{path}.");
    let start = keys::KEYS.partition_point(|key| key.path < prefix.as_str());
    keys::KEYS[start..]
        .iter()
        .take_while(|key| key.path.starts_with(&prefix))
        .any(present)
}

/// The catalogued keys at or under a dotted path.
fn at_or_under(path: &str) -> impl Iterator<Item = &'static Key> {
    let exact = lookup(path).into_iter();
    let prefix = format!("{path}.");
    let start = keys::KEYS.partition_point(|key| key.path < prefix.as_str());
    let under = keys::KEYS[start..]
        .iter()
        .take_while(move |key| key.path.starts_with(&prefix));
    exact.chain(under)
}

fn joined<S: AsRef<str>>(segments: &[S]) -> String {
    segments
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(".")
}

/// Whether a values path is a key of some release, or a mapping that holds such keys.
pub fn is_catalogued<S: AsRef<str>>(segments: &[S]) -> bool {
    at_or_under(&joined(segments)).next().is_some()
}

/// Whether `release` removed the key at a values path (or a key inside the mapping there): the
/// chart had it and no longer has it.
pub fn is_removed_at<S: AsRef<str>>(segments: &[S], release: ChartVersion) -> bool {
    at_or_under(&joined(segments)).any(|key| key.state_at(release) == Some(State::Gone))
}

/// The last default a key had before the chart removed it: what the chart now hard-codes, for
/// the keys whose setting became a constant.
pub fn last_default(path: &str) -> Option<&'static str> {
    lookup(path)?
        .eras
        .iter()
        .rev()
        .find_map(|era| match era.state {
            State::Present { default } => Some(default),
            State::Gone => None,
        })
}

/// What to write at `release` instead of a key that release removed or deprecated, when
/// something replaces it.
pub fn replacement(path: &str, release: ChartVersion) -> Option<&'static str> {
    use releases::{
        SUSE_OBSERVABILITY_2_7_0, SUSE_OBSERVABILITY_2_10_0, SUSE_OBSERVABILITY_2_10_3,
    };
    let since = |start: ChartVersion| starts_by(&[start], release);
    let per_store = since(SUSE_OBSERVABILITY_2_10_3);
    Some(match path {
        "backup.enabled" if since(SUSE_OBSERVABILITY_2_7_0) => "global.backup.enabled",
        "backup.stackGraph.scheduled.enabled" if per_store => "backup.stackGraph.enabled",
        "backup.elasticsearch.scheduled.enabled" if per_store => "backup.elasticsearch.enabled",
        "backup.configuration.scheduled.enabled" if per_store => "backup.configuration.enabled",
        "backup.stackGraph.scheduled.enabled"
        | "backup.elasticsearch.scheduled.enabled"
        | "backup.configuration.scheduled.enabled"
        | "victoria-metrics-0.backup.enabled"
        | "victoria-metrics-1.backup.enabled"
        | "clickhouse.backup.enabled"
            if since(SUSE_OBSERVABILITY_2_7_0) =>
        {
            "global.backup.enabled"
        }
        "minio.persistence.enabled" if since(SUSE_OBSERVABILITY_2_10_0) => {
            "backup.storage.backend.pvc.enabled"
        }
        "minio.s3gateway.enabled" if since(SUSE_OBSERVABILITY_2_10_0) => {
            "backup.storage.backend.s3.enabled"
        }
        "minio.s3gateway.serviceEndpoint" if since(SUSE_OBSERVABILITY_2_10_0) => {
            "backup.storage.backend.s3.endpoint"
        }
        "minio.s3gateway.accessKey" if since(SUSE_OBSERVABILITY_2_10_0) => {
            "backup.storage.backend.s3.accessKey"
        }
        "minio.s3gateway.secretKey" if since(SUSE_OBSERVABILITY_2_10_0) => {
            "backup.storage.backend.s3.secretKey"
        }
        "minio.azuregateway.enabled" if since(SUSE_OBSERVABILITY_2_10_0) => {
            "backup.storage.backend.azure.enabled"
        }
        "minio.accessKey" if since(SUSE_OBSERVABILITY_2_10_0) => {
            "global.s3proxy.credentials.accessKey"
        }
        "minio.secretKey" if since(SUSE_OBSERVABILITY_2_10_0) => {
            "global.s3proxy.credentials.secretKey"
        }
        _ => return None,
    })
}

/// Keys that the MinIO subchart's templates read but its `values.yaml` does not list (so a
/// user may set them and they take effect).
pub const UNLISTED: &[&str] = &[
    "minio.defaultBucket.versioning",
    "minio.global",
    "minio.helmKubectlJqImage.pullSecretDockerConfigJson",
    "minio.helmKubectlJqImage.pullSecretName",
    "minio.helmKubectlJqImage.pullSecretUsername",
    "minio.image.pullSecretDockerConfigJson",
    "minio.image.pullSecretName",
    "minio.image.pullSecretUsername",
    "minio.makeBucketJob.resources",
    "minio.mcImage.pullSecretDockerConfigJson",
    "minio.mcImage.pullSecretName",
    "minio.mcImage.pullSecretUsername",
    "minio.metrics.serviceMonitor.interval",
    "minio.metrics.serviceMonitor.namespace",
    "minio.metrics.serviceMonitor.scrapeTimeout",
    "minio.resources",
    "minio.service.loadBalancerIP",
    "minio.updatePrometheusJob.resources",
];

/// The top-level sections whose every key the catalogue lists (see the module documentation);
/// `victoria-metrics-N` and `clickhouse` count with their `backup` and `restore` only, and
/// `clickhouse` with its `enabled`, which decides whether ClickHouse (and its backup) exists,
/// and `stackstate` with the one key that breaks the backup CronJobs.
pub const SECTIONS: &[&str] = &[
    "backup",
    "minio",
    "s3proxy",
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

#[cfg(test)]
mod tests;
