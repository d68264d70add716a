//! Migrating backup values to a newer chart generation: keys moved to where that generation
//! reads them, retention converted to the form its scripts parse, removed keys dropped, and a
//! record of every change and of what could not be carried.
//!
//! The migration works on the values as written (one file, or several merged as Helm merges
//! them), key by key, in the file's order. It only ever reads the catalogued backup sections
//! (`backup`, `minio`, `s3proxy`, `global.backup`, `global.s3proxy`, and `backup`/`restore` of
//! `victoria-metrics-0/1` and `clickhouse`); everything else in a values file belongs to the
//! rest of the chart and stays where it is.

use crate::catalogue::{self, Kind, State};
use crate::finding::Position;
use crate::generation::{ChartName, ChartVersion, Version};
use crate::load::{Document, Node, NodeValue, is_secret_path};
use crate::text::{date_input, timedelta};
use serde_json::Value;
use std::fmt;

/// What happened to one value of the old file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// The value moved to another key, unchanged.
    Moved,
    /// The value was rewritten in the form the target reads (a retention, a list).
    Converted,
    /// The key is gone, and dropping it loses nothing.
    Dropped,
    /// The value means something the target cannot express, or could not be converted: it is
    /// left out (or, for a retention, kept as written) and must be looked at.
    NotCarried,
    /// A secret was replaced by a placeholder because the output is not a private file.
    Masked,
}

impl ChangeKind {
    /// The word the CLI prints.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Moved => "moved",
            ChangeKind::Converted => "converted",
            ChangeKind::Dropped => "dropped",
            ChangeKind::NotCarried => "not carried",
            ChangeKind::Masked => "masked",
        }
    }
}

/// One change, at the key of the old file it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The values path in the old file (dotted).
    pub path: String,
    /// Which source the key was read from (an index into [`Document::sources`]); `None` for a
    /// change about the file as a whole.
    pub origin: Option<usize>,
    /// Where the key is written.
    pub position: Position,
    /// Where the value went (a values path), or what it became (a converted value).
    pub to: Option<String>,
    /// Why.
    pub message: String,
}

/// The result of a migration.
#[derive(Clone, Debug)]
pub struct Migration {
    /// The release migrated to.
    pub to: ChartVersion,
    /// The migrated backup values, as YAML.
    pub yaml: String,
    /// Every change, in the order of the old file.
    pub changes: Vec<Change>,
}

impl Migration {
    /// Whether every value was carried over (nothing [`ChangeKind::NotCarried`] or
    /// [`ChangeKind::Masked`]).
    pub fn is_complete(&self) -> bool {
        !self
            .changes
            .iter()
            .any(|c| matches!(c.kind, ChangeKind::NotCarried | ChangeKind::Masked))
    }
}

/// Settings of a migration.
#[derive(Clone, Copy, Debug)]
pub struct MigrateOptions {
    /// The release to migrate to.
    pub to: ChartVersion,
    /// Replace secret values with a placeholder (for output that is not a private file).
    pub mask_secrets: bool,
}

/// The placeholder written for a masked secret.
pub const MASKED_SECRET: &str = "<masked: write the output to a file with -o>";

/// Migrates the backup values of `document` to `options.to`.
///
/// ```
/// use stsbackup::migrate::{MigrateOptions, migrate};
/// let old = stsbackup::load_str(
///     "values.yaml",
///     "backup:\n  enabled: true\n  stackGraph:\n    scheduled:\n      backupRetentionTimeDelta: days = 30\n",
/// );
/// let options = MigrateOptions { to: "suse-observability@2.7.0".parse().unwrap(), mask_secrets: true };
/// let migration = migrate(&old, &options);
/// assert!(migration.yaml.contains("global:\n  backup:\n    enabled: true\n"));
/// assert!(migration.yaml.contains("backupRetentionTimeDelta: \"30 days ago\""));
/// ```
pub fn migrate(document: &Document, options: &MigrateOptions) -> Migration {
    let mut leaves = Vec::new();
    if let Some(root) = &document.root {
        collect_leaves(root, &mut Vec::new(), None, &mut leaves);
    }
    let mut migrator = Migrator {
        document,
        to: options.to,
        azure_gateway: leaves.iter().any(|leaf| {
            leaf.segments == ["minio", "azuregateway", "enabled"] && leaf.value == Value::Bool(true)
        }),
        output: Vec::new(),
        changes: Vec::new(),
    };
    for leaf in &leaves {
        migrator.migrate_leaf(leaf);
    }
    migrator.check_storage(&leaves);
    if options.mask_secrets {
        migrator.mask_secrets();
    }
    let yaml = to_yaml(&build_tree(&migrator.output));
    Migration {
        to: options.to,
        yaml,
        changes: migrator.changes,
    }
}

/// A value of the old file at a catalogued key (or a key with no place in the catalogue).
#[derive(Debug)]
struct Leaf {
    segments: Vec<String>,
    value: Value,
    origin: usize,
    key_span: std::ops::Range<usize>,
}

impl Leaf {
    fn path(&self) -> String {
        self.segments.join(".")
    }
}

/// Whether a top-level or second-level key is part of the backup values.
fn is_backup_section(segments: &[String]) -> bool {
    match segments {
        [first] => matches!(
            first.as_str(),
            "backup"
                | "minio"
                | "s3proxy"
                | "global"
                | "victoria-metrics-0"
                | "victoria-metrics-1"
                | "clickhouse"
        ),
        [first, second, ..] => match first.as_str() {
            "backup" | "minio" | "s3proxy" => true,
            "global" => matches!(second.as_str(), "backup" | "s3proxy"),
            "victoria-metrics-0" | "victoria-metrics-1" => {
                matches!(second.as_str(), "backup" | "restore")
            }
            "clickhouse" => matches!(second.as_str(), "backup" | "restore" | "enabled"),
            _ => false,
        },
        [] => true,
    }
}

fn collect_leaves(
    node: &Node,
    segments: &mut Vec<String>,
    key_span: Option<std::ops::Range<usize>>,
    leaves: &mut Vec<Leaf>,
) {
    let catalogued = catalogue::lookup(&segments.join("."));
    let whole =
        catalogued.is_some_and(|key| matches!(key.kind, Kind::Map | Kind::Any | Kind::List));
    match &node.value {
        NodeValue::Map(entries) if !whole => {
            for entry in entries {
                segments.push(entry.key.clone());
                if is_backup_section(segments) {
                    collect_leaves(&entry.value, segments, Some(entry.key_span.clone()), leaves);
                }
                segments.pop();
            }
        }
        _ => {
            if let Some(key_span) = key_span {
                leaves.push(Leaf {
                    segments: segments.clone(),
                    value: node.to_json(),
                    origin: node.origin,
                    key_span,
                });
            }
        }
    }
}

struct Migrator<'a> {
    document: &'a Document,
    to: ChartVersion,
    /// With MinIO's Azure gateway, the MinIO keys are the storage account's name and key.
    azure_gateway: bool,
    output: Vec<(Vec<String>, Value)>,
    changes: Vec<Change>,
}

const fn suse(major: u32, minor: u32, patch: u32) -> (ChartName, Version) {
    (
        ChartName::SuseObservability,
        Version::new(major, minor, patch),
    )
}

/// The release where global.backup.enabled replaced backup.enabled and per-store switches went.
const GLOBAL_SWITCH: (ChartName, Version) = suse(2, 7, 0);
/// The release where S3Proxy replaced MinIO.
const S3PROXY: (ChartName, Version) = suse(2, 10, 0);
/// The release of the per-store `enabled` toggles.
const STORE_SWITCHES: (ChartName, Version) = suse(2, 10, 3);
/// The first release whose retention is read by GNU `date -d`.
const GNU_RETENTION: (ChartName, Version) = (ChartName::StackstateK8s, Version::new(1, 11, 4));

/// The first release that quotes `indices` in the SLM policy's body.
const QUOTED_INDICES: (ChartName, Version) = (ChartName::Stackstate, Version::new(5, 1, 0));

/// `["sts_*", "logs*"]`, written as the JSON text of a list of index patterns.
fn json_list_of_patterns(value: &Value) -> Option<Vec<String>> {
    let Value::Array(items) = serde_json::from_str::<Value>(value.as_str()?).ok()? else {
        return None;
    };
    let patterns: Vec<String> = items
        .iter()
        .map(|item| item.as_str().map(str::trim).map(str::to_owned))
        .collect::<Option<_>>()?;
    let plain = |p: &String| !p.is_empty() && !p.contains([',', '"', '\\']);
    (!patterns.is_empty() && patterns.iter().all(plain)).then_some(patterns)
}

const RETENTION_PATHS: [&str; 2] = [
    "backup.stackGraph.scheduled.backupRetentionTimeDelta",
    "backup.configuration.scheduled.backupRetentionTimeDelta",
];

impl Migrator<'_> {
    fn at_least(&self, (chart, version): (ChartName, Version)) -> bool {
        self.to.is_at_least(chart, version)
    }

    fn change(&mut self, leaf: &Leaf, kind: ChangeKind, message: impl Into<String>) {
        self.change_to(leaf, kind, None, message);
    }

    fn change_to(
        &mut self,
        leaf: &Leaf,
        kind: ChangeKind,
        to: Option<String>,
        message: impl Into<String>,
    ) {
        let located = self.document.locate(leaf.origin, leaf.key_span.clone());
        self.changes.push(Change {
            kind,
            path: leaf.path(),
            origin: Some(located.origin),
            position: located.position,
            to,
            message: message.into(),
        });
    }

    fn keep(&mut self, leaf: &Leaf) {
        self.output
            .push((leaf.segments.clone(), leaf.value.clone()));
    }

    fn put(&mut self, path: &str, value: Value) {
        self.output
            .push((path.split('.').map(str::to_owned).collect(), value));
    }

    fn move_to(&mut self, leaf: &Leaf, path: &str, why: &str) {
        self.put(path, leaf.value.clone());
        self.change_to(leaf, ChangeKind::Moved, Some(path.to_owned()), why);
    }

    fn migrate_leaf(&mut self, leaf: &Leaf) {
        let path = leaf.path();
        let path = path.as_str();
        if self.at_least(GLOBAL_SWITCH) && path == "backup.enabled" {
            if leaf.value == Value::Bool(true) {
                self.move_to(
                    leaf,
                    "global.backup.enabled",
                    "from 2.7.0 `backup.enabled: true` makes the chart fail",
                );
            } else {
                self.change(
                    leaf,
                    ChangeKind::Dropped,
                    "from 2.7.0 the key only exists to fail when it is true",
                );
            }
            return;
        }
        if path == "backup.elasticsearch.scheduled.indices"
            && self.at_least(QUOTED_INDICES)
            && self.is_present(path)
            && let Some(patterns) = json_list_of_patterns(&leaf.value)
        {
            let joined = patterns.join(",");
            self.output
                .push((leaf.segments.clone(), Value::String(joined.clone())));
            self.change_to(
                leaf,
                ChangeKind::Converted,
                Some(joined),
                "from stackstate 5.1 the chart quotes `indices` in the SLM policy, so a JSON list becomes invalid JSON; Elasticsearch reads the same indices from a comma-separated list",
            );
            return;
        }
        if RETENTION_PATHS.contains(&path) {
            self.migrate_retention(leaf);
            return;
        }
        if self.at_least(S3PROXY) && leaf.segments.first().is_some_and(|s| s == "minio") {
            self.migrate_minio(leaf, path);
            return;
        }
        if self.at_least(S3PROXY)
            && let Some(instance) = path
                .strip_suffix(".backup.scheduled.schedule")
                .filter(|i| i.starts_with("victoria-metrics-"))
        {
            let hourly = format!("{instance}.backup.scheduled.hourly");
            self.move_to(
                leaf,
                &hourly,
                "`scheduled.schedule` is the deprecated name of the hourly backup's schedule",
            );
            return;
        }
        if path == "clickhouse.enabled" {
            if self.at_least(S3PROXY) {
                if leaf.value == Value::Bool(false) {
                    self.change(leaf, ChangeKind::Dropped, "ClickHouse is always installed from 2.10.0, and `clickhouse.enabled: false` makes the chart fail");
                } else {
                    self.change(
                        leaf,
                        ChangeKind::Dropped,
                        "from 2.10.0 ClickHouse is always installed",
                    );
                }
            } else {
                self.keep(leaf);
            }
            return;
        }
        if let Some(store) = store_switch(path, "scheduled.enabled")
            && !self.is_present(path)
        {
            self.migrate_store_switch(leaf, store);
            return;
        }
        if is_store_toggle(path)
            && self.at_least(STORE_SWITCHES)
            && leaf.value == Value::Bool(false)
        {
            // The subcharts' old default; from 2.10.3 it is honoured again and would switch the
            // store's backups off without anyone having asked for it.
            self.change(
                leaf,
                ChangeKind::Dropped,
                format!("`false` was the default before 2.7.0, when the store was switched on by hand; from 2.10.3 it switches the store's backups off, so it is dropped and the store follows `global.backup.enabled` (write `{path}: false` again to keep them off)"),
            );
            return;
        }
        if is_store_toggle(path) && self.at_least(GLOBAL_SWITCH) && !self.at_least(STORE_SWITCHES) {
            self.migrate_subchart_toggle(leaf, path);
            return;
        }
        if path.ends_with(".restore.enabled") && !self.is_present(path) {
            if leaf.value == Value::Bool(false) && !restates_a_default(path, &leaf.value) {
                self.change(
                    leaf,
                    ChangeKind::NotCarried,
                    format!("from 2.7.0 restores cannot be switched off; `{path}` is ignored"),
                );
            } else if leaf.value == Value::Bool(false) {
                self.change(
                    leaf,
                    ChangeKind::Dropped,
                    "`false` was the old chart's default, and from 2.7.0 restores are always available",
                );
            } else {
                self.change(
                    leaf,
                    ChangeKind::Dropped,
                    "from 2.7.0 restores are always available",
                );
            }
            return;
        }
        if path == "backup.stackGraph.splitArchiveSize" && !self.is_present(path) {
            self.change(
                leaf,
                ChangeKind::Dropped,
                "from 2.10.0 archives go up in a multipart upload, and the key is ignored",
            );
            return;
        }
        match catalogue::lookup(path).map(|key| (key, key.state_at(self.to))) {
            Some((key, Some(State::Gone))) => {
                let hard_coded = catalogue::last_default(key.path)
                    .and_then(|default| serde_json::from_str::<Value>(default).ok());
                if hard_coded
                    .as_ref()
                    .is_some_and(|default| *default == leaf.value)
                {
                    self.change(
                        leaf,
                        ChangeKind::Dropped,
                        format!(
                            "{} has no such key, and its value is the one it now uses",
                            self.to
                        ),
                    );
                } else if restates_a_default(path, &leaf.value) {
                    let now = hard_coded
                        .map_or_else(String::new, |d| format!(", and it always uses {d}"));
                    self.change(
                        leaf,
                        ChangeKind::Dropped,
                        format!(
                            "the value is an older chart's default; {} has no such key{now}",
                            self.to
                        ),
                    );
                } else {
                    let now =
                        hard_coded.map_or_else(String::new, |d| format!("; it always uses {d}"));
                    self.change(
                        leaf,
                        ChangeKind::NotCarried,
                        format!("{} has no such key{now}", self.to),
                    );
                }
            }
            _ => self.keep(leaf),
        }
    }

    fn is_present(&self, path: &str) -> bool {
        catalogue::lookup(path).is_some_and(|key| key.default_at(self.to).is_some())
    }

    fn migrate_retention(&mut self, leaf: &Leaf) {
        let Value::String(text) = &leaf.value else {
            self.keep(leaf);
            return;
        };
        let wants_gnu = self.at_least(GNU_RETENTION);
        let reads_as_gnu = date_input::parse(text).is_ok();
        let reads_as_python = timedelta::parse(text).is_ok();
        if wants_gnu == reads_as_gnu || (!wants_gnu && reads_as_python) {
            self.keep(leaf);
            return;
        }
        if wants_gnu && let Ok(delta) = timedelta::parse(text) {
            match gnu_relative(delta.days(), delta.seconds(), delta.microseconds()) {
                Some(gnu) => {
                    self.output
                        .push((leaf.segments.clone(), Value::String(gnu.clone())));
                    self.change_to(
                        leaf,
                        ChangeKind::Converted,
                        Some(gnu),
                        "from stackstate-k8s 1.11.4 the retention is read by GNU `date -d`",
                    );
                }
                None => {
                    self.keep(leaf);
                    self.change(leaf, ChangeKind::NotCarried, "this Python timedelta is not a whole positive number of seconds, write the retention as GNU `date -d` reads it (`30 days ago`)");
                }
            }
            return;
        }
        self.keep(leaf);
        let wanted = if wants_gnu {
            "a GNU `date -d` date such as `30 days ago`"
        } else {
            "Python timedelta keywords such as `days = 30`"
        };
        self.change(
            leaf,
            ChangeKind::NotCarried,
            format!(
                "{} reads the retention as {wanted}, and this value could not be converted",
                self.to
            ),
        );
    }

    fn migrate_minio(&mut self, leaf: &Leaf, path: &str) {
        let rest = &path["minio.".len()..];
        // The catalogue's replacements of the MinIO keys (what the removed-key rules suggest);
        // with the Azure gateway the MinIO keys are the storage account, and a few settings
        // with no rule of their own move too.
        let target = match rest {
            "accessKey" if self.azure_gateway => Some("backup.storage.backend.azure.accountName"),
            "secretKey" if self.azure_gateway => Some("backup.storage.backend.azure.accountKey"),
            "persistence.size" => Some("backup.storage.backend.pvc.size"),
            "persistence.storageClass" => Some("backup.storage.backend.pvc.storageClass"),
            "serviceAccount.create" => Some("s3proxy.serviceAccount.create"),
            "serviceAccount.name" => Some("s3proxy.serviceAccount.name"),
            "serviceAccount.annotations" => Some("s3proxy.serviceAccount.annotations"),
            _ => catalogue::replacement(path, self.to),
        };
        let placeholder = matches!(rest, "accessKey" | "secretKey")
            && leaf
                .value
                .as_str()
                .is_some_and(|key| key.is_empty() || key == "setme");
        match target {
            Some(_) if placeholder => self.change(
                leaf,
                ChangeKind::Dropped,
                "the chart's placeholder is not a credential to carry; set `global.s3proxy.credentials` (or `fromExternalSecret`)",
            ),
            Some(target) => {
                let why = if rest.starts_with("serviceAccount") {
                    "S3Proxy replaces MinIO from 2.10.0; its default service account is `suse-observability-s3proxy`, so an IAM role's trust policy must name it"
                } else {
                    "S3Proxy replaces MinIO from 2.10.0"
                };
                if leaf.value == Value::Null {
                    self.change(leaf, ChangeKind::Dropped, "null");
                } else {
                    self.move_to(leaf, target, why);
                }
            }
            None if rest == "persistence.accessMode" => {
                let modes = Value::Array(vec![leaf.value.clone()]);
                self.put("backup.storage.backend.pvc.accessModes", modes);
                self.change_to(
                    leaf,
                    ChangeKind::Converted,
                    Some("backup.storage.backend.pvc.accessModes".to_owned()),
                    "S3Proxy replaces MinIO from 2.10.0, and takes a list of access modes",
                );
            }
            None => self.change(
                leaf,
                ChangeKind::Dropped,
                "S3Proxy replaces MinIO from 2.10.0, and this MinIO setting has no counterpart",
            ),
        }
    }

    fn migrate_store_switch(&mut self, leaf: &Leaf, store: &str) {
        if leaf.value != Value::Bool(false) {
            self.change(
                leaf,
                ChangeKind::Dropped,
                "from 2.7.0 every store is backed up when `global.backup.enabled` is true",
            );
        } else if self.at_least(STORE_SWITCHES) {
            let toggle = format!("backup.{store}.enabled");
            self.put(&toggle, Value::Bool(false));
            self.change_to(
                leaf,
                ChangeKind::Converted,
                Some(format!("{toggle}: false")),
                "2.10.3 has a switch for each store",
            );
        } else {
            self.change(leaf, ChangeKind::NotCarried, format!("{} backs up every store when `global.backup.enabled` is true, and has no switch for one store (2.10.3 has `backup.{store}.enabled`)", self.to));
        }
    }

    fn migrate_subchart_toggle(&mut self, leaf: &Leaf, path: &str) {
        if leaf.value == Value::Bool(false) && restates_a_default(path, &leaf.value) {
            self.change(
                leaf,
                ChangeKind::Dropped,
                "`false` was the default of the old chart; from 2.7.0 `global.backup.enabled` switches this store's backups",
            );
        } else if leaf.value == Value::Bool(false) {
            self.change(leaf, ChangeKind::NotCarried, format!("{} backs this store up whenever `global.backup.enabled` is true, and ignores `{path}` (2.10.3 honours it again)", self.to));
        } else {
            self.change(
                leaf,
                ChangeKind::Dropped,
                "from 2.7.0 `global.backup.enabled` switches this store's backups",
            );
        }
    }

    /// From 2.10.0 a backup needs a storage backend; MinIO's default (an `emptyDir`) is gone.
    fn check_storage(&mut self, leaves: &[Leaf]) {
        if !self.at_least(S3PROXY) {
            return;
        }
        let enabled = |path: &str| {
            self.output
                .iter()
                .any(|(segments, value)| segments.join(".") == path && *value == Value::Bool(true))
        };
        let backends = ["pvc", "s3", "azure"]
            .iter()
            .filter(|b| enabled(&format!("backup.storage.backend.{b}.enabled")))
            .count();
        if enabled("global.backup.enabled") && backends == 0 {
            let at = leaves
                .iter()
                .find(|leaf| leaf.segments == ["backup", "enabled"])
                .or(leaves.first());
            let message = "the old values keep backups in MinIO's pod (an emptyDir); from 2.10.0 choose a backend: `backup.storage.backend.pvc.enabled`, `.s3.enabled` or `.azure.enabled`".to_owned();
            match at {
                Some(leaf) => self.change(leaf, ChangeKind::NotCarried, message),
                None => self.changes.push(Change {
                    kind: ChangeKind::NotCarried,
                    path: "backup.storage.backend".into(),
                    origin: None,
                    position: self.document.start().position,
                    to: None,
                    message,
                }),
            }
        }
    }

    fn mask_secrets(&mut self) {
        let start = self.document.start().position;
        for (segments, value) in &mut self.output {
            let path = segments.join(".");
            let secret = is_secret_path(segments);
            if secret && value.as_str().is_some_and(|s| !s.is_empty()) {
                *value = Value::String(MASKED_SECRET.into());
                self.changes.push(Change {
                    kind: ChangeKind::Masked,
                    path: path.clone(),
                    origin: None,
                    position: start,
                    to: None,
                    message: "a secret is written only to a file (-o FILE, mode 0600)".into(),
                });
            }
        }
    }
}

/// `backup.<store>.scheduled.enabled` → the store's name.
fn store_switch<'p>(path: &'p str, suffix: &str) -> Option<&'p str> {
    let store = path
        .strip_prefix("backup.")?
        .strip_suffix(suffix)?
        .strip_suffix('.')?;
    matches!(store, "stackGraph" | "elasticsearch" | "configuration").then_some(store)
}

fn is_store_toggle(path: &str) -> bool {
    matches!(
        path,
        "victoria-metrics-0.backup.enabled"
            | "victoria-metrics-1.backup.enabled"
            | "clickhouse.backup.enabled"
    )
}

/// Whether `value` is the key's default in some release: a values file that copies the chart's
/// defaults says nothing by it.
fn restates_a_default(path: &str, value: &Value) -> bool {
    catalogue::lookup(path).is_some_and(|key| {
        key.eras.iter().any(|era| match era.state {
            State::Present { default } => {
                serde_json::from_str::<Value>(default).is_ok_and(|default| default == *value)
            }
            State::Gone => false,
        })
    })
}

/// A Python timedelta as the GNU `date -d` relative date of the same length in the past, in
/// the largest unit that divides it.
fn gnu_relative(days: i64, seconds: u32, microseconds: u32) -> Option<String> {
    if microseconds != 0 {
        return None;
    }
    let total = days.checked_mul(86_400)?.checked_add(i64::from(seconds))?;
    if total <= 0 {
        return None;
    }
    let (count, unit) = [
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ]
    .into_iter()
    .find(|(size, _)| total % size == 0)
    .map(|(size, unit)| (total / size, unit))?;
    let plural = if count == 1 { "" } else { "s" };
    Some(format!("{count} {unit}{plural} ago"))
}

/// The output values, keyed in the order they were written.
#[derive(Debug)]
enum Tree {
    Map(Vec<(String, Tree)>),
    Value(Value),
}

fn build_tree(output: &[(Vec<String>, Value)]) -> Tree {
    let mut root = Tree::Map(Vec::new());
    for (segments, value) in output {
        insert(&mut root, segments, value.clone());
    }
    root
}

fn insert(tree: &mut Tree, segments: &[String], value: Value) {
    let Some((first, rest)) = segments.split_first() else {
        *tree = Tree::Value(value);
        return;
    };
    if !matches!(tree, Tree::Map(_)) {
        *tree = Tree::Map(Vec::new());
    }
    let Tree::Map(entries) = tree else {
        return;
    };
    let index = match entries.iter().position(|(key, _)| key == first) {
        Some(index) => index,
        None => {
            entries.push((first.clone(), Tree::Map(Vec::new())));
            entries.len() - 1
        }
    };
    insert(&mut entries[index].1, rest, value);
}

/// YAML in block style, every string double-quoted (JSON's escapes are YAML's), so that no
/// value can be read back as another type or change the structure.
fn to_yaml(tree: &Tree) -> String {
    let mut out = String::new();
    if let Tree::Map(entries) = tree {
        if entries.is_empty() {
            out.push_str("{}\n");
        }
        write_entries(&mut out, entries, 0);
    }
    out
}

fn write_entries(out: &mut String, entries: &[(String, Tree)], indent: usize) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&yaml_key(key));
        out.push(':');
        match value {
            Tree::Map(children) if !children.is_empty() => {
                out.push('\n');
                write_entries(out, children, indent + 2);
            }
            Tree::Map(_) => out.push_str(" {}\n"),
            Tree::Value(value) => write_value(out, value, indent),
        }
    }
}

fn write_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            out.push('\n');
            for (key, value) in object {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str(&yaml_key(key));
                out.push(':');
                write_value(out, value, indent + 2);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str("- ");
                out.push_str(&flow(item));
                out.push('\n');
            }
        }
        other => {
            out.push(' ');
            out.push_str(&flow(other));
            out.push('\n');
        }
    }
}

/// A value on one line: JSON, which YAML reads as the same value.
fn flow(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// A key plain when YAML reads it back as the same string, quoted otherwise.
fn yaml_key(key: &str) -> String {
    let plain = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        key.to_owned()
    } else {
        flow(&Value::String(key.to_owned()))
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.kind.as_str(), self.path)?;
        if let Some(to) = &self.to {
            write!(f, " to `{to}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(chart: &str) -> MigrateOptions {
        MigrateOptions {
            to: chart.parse().unwrap(),
            mask_secrets: false,
        }
    }

    fn kinds(migration: &Migration) -> Vec<(String, ChangeKind)> {
        migration
            .changes
            .iter()
            .map(|c| (c.path.clone(), c.kind))
            .collect()
    }

    #[test]
    fn python_timedeltas_become_gnu_dates_in_the_largest_unit() {
        assert_eq!(gnu_relative(30, 0, 0).as_deref(), Some("30 days ago"));
        assert_eq!(gnu_relative(1, 0, 0).as_deref(), Some("1 day ago"));
        assert_eq!(gnu_relative(1, 43_200, 0).as_deref(), Some("36 hours ago"));
        assert_eq!(gnu_relative(0, 90, 0).as_deref(), Some("90 seconds ago"));
        assert_eq!(gnu_relative(0, 0, 0), None);
        assert_eq!(gnu_relative(-1, 0, 0), None);
        assert_eq!(gnu_relative(0, 1, 5), None);
    }

    #[test]
    fn the_s3_gateway_becomes_the_s3_backend_with_s3proxy_credentials() {
        let old = crate::load_str(
            "values.yaml",
            "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  replicas: 1\n  s3gateway:\n    enabled: true\n    accessKey: AKIAIOSFODNN7EXAMPLE\n    secretKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        );
        let migration = migrate(&old, &to("suse-observability@2.10.3"));
        assert_eq!(
            migration.yaml,
            "global:\n  backup:\n    enabled: true\n  s3proxy:\n    credentials:\n      accessKey: \"opsbackup01\"\n      secretKey: \"Q3m9XcV7tLp2Rw8Zk4Nd\"\nbackup:\n  storage:\n    backend:\n      s3:\n        enabled: true\n        accessKey: \"AKIAIOSFODNN7EXAMPLE\"\n        secretKey: \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n"
        );
        assert!(migration.is_complete());
        assert_eq!(
            kinds(&migration)
                .iter()
                .filter(|(_, k)| *k == ChangeKind::Dropped)
                .map(|(p, _)| p.as_str())
                .collect::<Vec<_>>(),
            ["minio.replicas"]
        );
    }

    #[test]
    fn with_the_azure_gateway_the_minio_keys_are_the_storage_account() {
        let old = crate::load_str(
            "values.yaml",
            "minio:\n  accessKey: stsbackups\n  secretKey: a2V5\n  azuregateway:\n    enabled: true\n",
        );
        let yaml = migrate(&old, &to("suse-observability@2.10.0")).yaml;
        assert!(yaml.contains("azure:\n        accountName: \"stsbackups\"\n        accountKey: \"a2V5\"\n        enabled: true\n"), "{yaml}");
    }

    #[test]
    fn secrets_are_masked_when_asked() {
        let old = crate::load_str(
            "values.yaml",
            "minio:\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n",
        );
        let options = MigrateOptions {
            mask_secrets: true,
            ..to("suse-observability@2.10.0")
        };
        let migration = migrate(&old, &options);
        assert!(!migration.yaml.contains("Q3m9XcV7tLp2Rw8Zk4Nd"));
        assert!(migration.yaml.contains(MASKED_SECRET));
        assert!(!migration.is_complete());
    }

    #[test]
    fn a_store_switched_off_needs_2_10_3() {
        let old = crate::load_str(
            "values.yaml",
            "backup:\n  elasticsearch:\n    scheduled:\n      enabled: false\n",
        );
        let before = migrate(&old, &to("suse-observability@2.9.0"));
        assert_eq!(
            kinds(&before),
            [(
                "backup.elasticsearch.scheduled.enabled".into(),
                ChangeKind::NotCarried
            )]
        );
        let after = migrate(&old, &to("suse-observability@2.10.3"));
        assert_eq!(
            after.yaml,
            "backup:\n  elasticsearch:\n    enabled: false\n"
        );
        assert!(after.is_complete());
    }

    #[test]
    fn removed_keys_are_dropped_when_the_chart_now_hard_codes_their_value() {
        let old = crate::load_str(
            "values.yaml",
            "backup:\n  elasticsearch:\n    snapshotRepositoryName: sts-backup\n    scheduled:\n      snapshotPolicyName: nightly\n",
        );
        let migration = migrate(&old, &to("suse-observability@2.10.0"));
        assert_eq!(
            kinds(&migration),
            [
                (
                    "backup.elasticsearch.snapshotRepositoryName".into(),
                    ChangeKind::Dropped
                ),
                (
                    "backup.elasticsearch.scheduled.snapshotPolicyName".into(),
                    ChangeKind::NotCarried
                )
            ]
        );
        assert_eq!(migration.yaml, "{}\n");
    }

    #[test]
    fn keys_outside_the_backup_sections_are_left_alone() {
        let old = crate::load_str(
            "values.yaml",
            "stackstate:\n  baseUrl: https://x\nglobal:\n  imageRegistry: r\n  backup:\n    enabled: true\n",
        );
        let migration = migrate(&old, &to("suse-observability@2.10.0"));
        assert_eq!(migration.yaml, "global:\n  backup:\n    enabled: true\n");
    }

    #[test]
    fn a_json_list_of_indices_becomes_the_comma_separated_patterns_from_5_1() {
        let old = crate::load_str(
            "values.yaml",
            "backup:\n  elasticsearch:\n    scheduled:\n      indices: '[\"sts_*\", \"logs*\"]'\n",
        );
        let migration = migrate(&old, &to("stackstate@5.1.4"));
        assert_eq!(
            migration.yaml,
            "backup:\n  elasticsearch:\n    scheduled:\n      indices: \"sts_*,logs*\"\n"
        );
        assert_eq!(
            kinds(&migration),
            [(
                "backup.elasticsearch.scheduled.indices".into(),
                ChangeKind::Converted
            )]
        );
        // Before 5.1 the chart sends the list as it is.
        let kept = migrate(&old, &to("stackstate@5.0.0"));
        assert!(kept.changes.is_empty());
    }

    #[test]
    fn keys_that_yaml_would_retype_are_quoted() {
        assert_eq!(yaml_key("yes"), "\"yes\"");
        assert_eq!(yaml_key("1x"), "\"1x\"");
        assert_eq!(
            yaml_key("eks.amazonaws.com/role-arn"),
            "eks.amazonaws.com/role-arn"
        );
        assert_eq!(yaml_key("a: b"), "\"a: b\"");
    }
}
