//! Whether a values file holds StackState backup values at all: in a monorepo, Loki's
//! `minio: {enabled, rootUser, rootPassword}` and CloudNativePG's `backup: {retentionPolicy,
//! barmanObjectStore}` share the top-level names of the StackState chart's sections, and
//! linting them as StackState values reports nothing but false errors.
//!
//! The evidence is the catalogue: a key that some StackState generation has (or a near miss
//! of one, a typo worth reporting) says StackState; a key under a StackState section that no
//! generation has and that resembles none says another chart.
//!
//! ```
//! use stsbackup::belonging::{Belonging, belonging};
//! let loki = stsbackup::load_str("values.yaml", "minio:\n  enabled: true\n  rootUser: admin\n");
//! assert!(matches!(belonging(loki.root.as_ref().unwrap()), Belonging::OtherChart { .. }));
//! let ours = stsbackup::load_str("values.yaml", "backup:\n  stackgraph:\n    bucketName: x\n");
//! assert!(matches!(belonging(ours.root.as_ref().unwrap()), Belonging::StackState { .. }));
//! ```

use crate::catalogue::{self, Kind};
use crate::load::{Node, NodeValue};
use crate::suggest::did_you_mean;

/// What a file's keys say about the chart it configures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Belonging {
    /// A key that only the StackState charts have (or a near miss of one).
    StackState {
        /// The dotted path of the first such key.
        evidence: String,
    },
    /// The StackState sections it has hold only keys that no StackState generation has.
    OtherChart {
        /// The dotted paths of those keys, in the file's order (at most [`MAX_LISTED`]).
        foreign: Vec<String>,
    },
    /// A subchart's own values file (the ClickHouse or Victoria Metrics chart's
    /// `values.yaml`): its top-level `backup:` holds what StackState values hold under the
    /// subchart's name.
    SubchartValues {
        /// The section of StackState values its `backup:` is (`clickhouse.backup`).
        section: &'static str,
    },
    /// None of the StackState sections (`backup`, `minio`, `global.backup`, ...) at all, or
    /// only keys every chart with such a section has (`minio.enabled`): nothing to tell by.
    Undecided {
        /// Whether the file has any StackState section.
        has_section: bool,
    },
}

/// How many foreign keys [`Belonging::OtherChart`] lists.
pub const MAX_LISTED: usize = 5;

/// Keys of the StackState sections that other charts' sections of the same name also have:
/// they tell nothing.
const SHARED: &[&str] = &[
    "backup.enabled",
    // The subcharts read the parent's `global`, and their own values declare this default
    // (the ClickHouse and Victoria Metrics charts of suse-observability 2.10).
    "global.backup.enabled",
    "minio.enabled",
    "minio.persistence",
    "minio.resources",
    "minio.image",
    "minio.service",
    "minio.replicas",
    "minio.mode",
    "minio.nodeSelector",
    "minio.tolerations",
    "minio.affinity",
    "minio.securityContext",
    "minio.podAnnotations",
    "minio.podLabels",
    "minio.metrics",
    "minio.fullnameOverride",
    "minio.nameOverride",
    "minio.ingress",
    "minio.environment",
    "minio.buckets",
];

/// The subcharts whose own `values.yaml` has a top-level `backup:`, and where StackState's
/// values hold that section.
const SUBCHART_BACKUP_SECTIONS: &[&str] = &["clickhouse.backup", "victoria-metrics-0.backup"];

/// Whether the top-level `backup:` is a subchart's: most of its keys (at least three, four in
/// five) are keys of that subchart's backup section and none is one of StackState's own
/// `backup.*` keys.
fn subchart_backup(root: &Node) -> Option<&'static str> {
    let Some(Node {
        value: NodeValue::Map(entries),
        ..
    }) = root.at(["backup"])
    else {
        return None;
    };
    let keys: Vec<&str> = entries
        .iter()
        .map(|entry| entry.key.as_str())
        .filter(|key| *key != "enabled")
        .collect();
    if keys.len() < 3
        || keys
            .iter()
            .any(|key| is_catalogued(&format!("backup.{key}")))
    {
        return None;
    }
    SUBCHART_BACKUP_SECTIONS.iter().copied().find(|section| {
        let known = keys
            .iter()
            .filter(|key| is_catalogued(&format!("{section}.{key}")))
            .count();
        known >= 3 && known * 5 >= keys.len() * 4
    })
}

/// Decides whether a values file (its root) holds StackState backup values.
pub fn belonging(root: &Node) -> Belonging {
    if let Some(section) = subchart_backup(root) {
        return Belonging::SubchartValues { section };
    }
    let mut evidence = None;
    let mut foreign = Vec::new();
    let mut has_section = false;
    for section in catalogue::SECTIONS {
        let Some(node) = root.at(section.split('.')) else {
            continue;
        };
        has_section = true;
        if !matches!(node.value, NodeValue::Map(_) | NodeValue::Null) {
            // `backup: true`: no other chart's section either, and a shape error to report.
            evidence = Some((*section).to_owned());
            break;
        }
        walk(section, node, &mut evidence, &mut foreign);
        if evidence.is_some() {
            break;
        }
    }
    match evidence {
        Some(evidence) => Belonging::StackState { evidence },
        None if !foreign.is_empty() => {
            foreign.truncate(MAX_LISTED);
            Belonging::OtherChart { foreign }
        }
        None => Belonging::Undecided { has_section },
    }
}

fn walk(path: &str, node: &Node, evidence: &mut Option<String>, foreign: &mut Vec<String>) {
    let NodeValue::Map(entries) = &node.value else {
        return;
    };
    for entry in entries {
        if evidence.is_some() {
            return;
        }
        let child = format!("{path}.{}", entry.key);
        if is_shared(&child) {
            continue;
        }
        if is_catalogued(&child) {
            if !matches!(catalogue::lookup(&child), Some(key) if matches!(key.kind, Kind::Map | Kind::Any))
                && has_catalogued_children(&child)
            {
                // A mapping of the catalogue: its keys are the evidence (and may be foreign).
                walk(&child, &entry.value, evidence, foreign);
                if evidence.is_none() && is_distinctive_section(&child) {
                    *evidence = Some(child);
                }
            } else {
                *evidence = Some(child);
            }
        } else if resembles_a_key(path, &entry.key) {
            // A misspelt StackState key (`stackgraph`): the linter's to report.
            *evidence = Some(child);
        } else {
            foreign.push(child);
        }
    }
}

fn is_shared(path: &str) -> bool {
    SHARED
        .iter()
        .any(|shared| path == *shared || path.starts_with(&format!("{shared}.")))
}

/// A catalogued mapping that no other chart's section has (`backup.stackGraph`).
fn is_distinctive_section(path: &str) -> bool {
    !path.starts_with("minio.")
}

fn is_catalogued(path: &str) -> bool {
    catalogue::lookup(path).is_some() || has_catalogued_children(path) || {
        // Anything inside a free-form mapping of the catalogue (annotations, resources).
        let mut ancestor = path;
        let mut found = false;
        while let Some((parent, _)) = ancestor.rsplit_once('.') {
            if catalogue::lookup(parent)
                .is_some_and(|key| matches!(key.kind, Kind::Map | Kind::Any))
            {
                found = true;
                break;
            }
            ancestor = parent;
        }
        found
    }
}

fn has_catalogued_children(path: &str) -> bool {
    children(path).next().is_some()
}

/// The catalogue's keys under `path.`, found by binary search (the keys are sorted by path):
/// a hostile file with many keys costs a logarithm per key, not a scan of the catalogue.
fn children(path: &str) -> impl Iterator<Item = &'static str> {
    let prefix = format!("{path}.");
    let keys = catalogue::keys();
    let start = keys.partition_point(|key| key.path < prefix.as_str());
    keys[start..]
        .iter()
        .take_while(move |key| key.path.starts_with(&prefix))
        .map(move |key| &key.path[path.len() + 1..])
}

/// Whether `key`, under `parent`, is a near miss of a key the catalogue has there.
fn resembles_a_key(parent: &str, key: &str) -> bool {
    let mut siblings: Vec<&str> = children(parent)
        .map(|rest| rest.split('.').next().unwrap_or(rest))
        .collect();
    siblings.dedup();
    did_you_mean(key, siblings).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Belonging {
        belonging(stsbackup_root(text).as_ref().unwrap())
    }

    fn stsbackup_root(text: &str) -> Option<Node> {
        crate::load::load_str("values.yaml", text).root
    }

    #[test]
    fn other_charts_sections_are_told_apart() {
        assert_eq!(
            of("minio:\n  enabled: true\n  rootUser: admin\n  rootPassword: secret123\n"),
            Belonging::OtherChart {
                foreign: vec!["minio.rootUser".into(), "minio.rootPassword".into()]
            }
        );
        assert!(matches!(
            of("backup:\n  retentionPolicy: 30d\n  barmanObjectStore:\n    destinationPath: s3://x\n"),
            Belonging::OtherChart { foreign } if foreign == ["backup.retentionPolicy", "backup.barmanObjectStore"]
        ));
        assert_eq!(
            of("rootUser: admin\nmode: standalone\n"),
            Belonging::Undecided { has_section: false }
        );
        assert_eq!(
            of("minio:\n  enabled: false\n"),
            Belonging::Undecided { has_section: true }
        );
    }

    #[test]
    fn stackstate_keys_and_their_typos_are_evidence() {
        for (text, path) in [
            (
                "backup:\n  enabled: true\n  stackGraph:\n    bucketName: x\n",
                "backup.stackGraph.bucketName",
            ),
            (
                "backup:\n  stackgraph:\n    bucketName: x\n",
                "backup.stackgraph",
            ),
            (
                "minio:\n  rootUser: x\n  accessKey: AKIA\n",
                "minio.accessKey",
            ),
            (
                "global:\n  backup:\n    enabled: true\n  s3proxy:\n    credentials:\n      accessKey: x\n",
                "global.s3proxy.credentials.accessKey",
            ),
        ] {
            assert_eq!(
                of(text),
                Belonging::StackState {
                    evidence: path.into()
                },
                "{text}"
            );
        }
        // The subcharts declare the parent's switch too: alone it decides nothing (and the
        // file is linted, as every undecided file with a StackState section is).
        assert_eq!(
            of("global:\n  backup:\n    enabled: true\n"),
            Belonging::Undecided { has_section: true }
        );
    }

    #[test]
    fn a_subcharts_own_values_are_told_apart() {
        let clickhouse = "global:\n  backup:\n    enabled: false\nbackup:\n  bucketName: b\n  s3Prefix: \"\"\n  config:\n    tables: \"otel.*\"\n  scheduled:\n    full_schedule: \"45 0 * * *\"\n";
        assert_eq!(
            of(clickhouse),
            Belonging::SubchartValues {
                section: "clickhouse.backup"
            }
        );
        let victoria_metrics = "backup:\n  enabled: false\n  bucketName: b\n  s3Prefix: vm\n  keepLastDaily: 7\n  awsSecrets: s\n";
        assert_eq!(
            of(victoria_metrics),
            Belonging::SubchartValues {
                section: "victoria-metrics-0.backup"
            }
        );
        // StackState's own `backup:` with one of the subchart's names is StackState's.
        let ours = "backup:\n  stackGraph:\n    bucketName: x\n  bucketName: b\n  s3Prefix: p\n  config: {}\n";
        assert!(
            matches!(of(ours), Belonging::StackState { .. }),
            "{:?}",
            of(ours)
        );
    }
}
