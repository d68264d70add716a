//! What a values file's own keys and values say about the chart generation it was written
//! for: the markers of `chart-generations.md` §1, and the generations they leave.

use crate::generation::{ChartVersion, Generation, Generations};
use crate::load::{Node, NodeValue};

/// One key or value of a file that only some generations have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The values path of the marker, dotted.
    pub path: String,
    /// What the marker is, in words (for the note that explains the inference).
    pub what: String,
    /// The generations that have it.
    pub generations: Generations,
}

/// What a file's own keys and values say about the generation it was written for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inference {
    /// The generations every marker allows; all of them when the file has no marker. When
    /// markers contradict each other, the generations that the markers of newer features allow.
    pub candidates: Generations,
    /// Whether some markers contradict others (for example `backup.enabled: true`, removed in
    /// 2.7.0, beside `global.backup.enabled`, added in 2.7.0).
    pub conflict: bool,
    /// Every marker found, in the order of the file.
    pub markers: Vec<Marker>,
}

/// Infers the generations a values file fits from its markers (keys and values that only some
/// generations have). A partial file may have none: then every generation fits.
///
/// ```
/// use stsbackup::generation::Generation;
/// use stsbackup::markers::infer;
/// let doc = stsbackup::load_str("values.yaml", "global:\n  backup:\n    enabled: true\n");
/// let inference = infer(doc.root.as_ref().unwrap());
/// assert!(!inference.candidates.contains(Generation::D2));
/// assert!(inference.candidates.contains(Generation::E0));
/// ```
pub fn infer(root: &Node) -> Inference {
    let mut markers = Vec::new();
    let mut mark = |path: &str, what: String, generations: Generations| {
        markers.push(Marker {
            path: path.to_owned(),
            what,
            generations,
        });
    };
    let at = |path: &str| root.at(path.split('.'));
    let has = |path: &str| at(path).is_some_and(sets_something);
    let truthy = |path: &str| at(path).is_some_and(is_truthy);

    let later_than_classic = Generations::from(Generation::D1);
    for instance in ["victoria-metrics-0", "victoria-metrics-1"] {
        let backup = format!("{instance}.backup");
        if has(&backup) {
            for (key, since) in [
                ("scheduled.hourly", Generation::E),
                ("scheduled.daily", Generation::E),
                ("keepLastDaily", Generation::E),
                ("keepLastWeekly", Generation::E),
            ] {
                let path = format!("{backup}.{key}");
                if has(&path) {
                    mark(&path, format!("`{path}`"), Generations::from(since));
                }
            }
            mark(
                &backup,
                format!("Victoria Metrics backups (`{backup}`)"),
                later_than_classic,
            );
        }
    }
    if has("clickhouse.backup") {
        mark(
            "clickhouse.backup",
            "ClickHouse backups (`clickhouse.backup`)".into(),
            later_than_classic,
        );
    }
    for path in [
        "backup.stackGraph.splitArchiveSize",
        "backup.initJobAnnotations",
    ] {
        if has(path) {
            mark(path, format!("`{path}`"), later_than_classic);
        }
    }
    for path in [
        "backup.stackGraph.s3Prefix",
        "backup.elasticsearch.s3Prefix",
        "backup.configuration.s3Prefix",
        "clickhouse.backup.s3Prefix",
    ] {
        if has(path) {
            mark(path, format!("`{path}`"), Generations::from(Generation::D2));
        }
    }
    for path in [
        "backup.configuration.maxLocalFiles",
        "backup.configuration.yaml.maxSizeLimit",
        "backup.configuration.scheduled.pvc",
    ] {
        if has(path) {
            mark(
                path,
                format!("`{path}` (settings kept on a volume)"),
                Generations::from(Generation::D2),
            );
        }
    }
    for path in [
        "backup.stackGraph.scheduled.backupRetentionTimeDelta",
        "backup.configuration.scheduled.backupRetentionTimeDelta",
    ] {
        if let Some(text) = at(path).and_then(Node::as_str) {
            if looks_like_timedelta(text) {
                mark(
                    path,
                    format!("a Python timedelta retention (`{}`)", text.trim()),
                    Generations::until(Generation::D1),
                );
            } else if !text.trim().is_empty() && crate::text::date_input::parse(text).is_ok() {
                // A value neither form reads says nothing about the generation.
                mark(
                    path,
                    format!("a GNU date retention (`{}`)", text.trim()),
                    Generations::from(Generation::D2),
                );
            }
        }
    }
    if truthy("backup.enabled") {
        mark(
            "backup.enabled",
            "`backup.enabled: true`".into(),
            Generations::until(Generation::D2),
        );
    }
    if has("global.backup.enabled") {
        mark(
            "global.backup.enabled",
            "`global.backup.enabled`".into(),
            Generations::from(Generation::E0),
        );
    }
    for path in ["backup.storage", "global.s3proxy", "s3proxy"] {
        if has(path) {
            mark(
                path,
                format!("S3Proxy storage (`{path}`)"),
                Generations::from(Generation::E),
            );
        }
    }
    for path in [
        "backup.stackGraph.enabled",
        "backup.elasticsearch.enabled",
        "backup.configuration.enabled",
        "backup.stackGraph.scheduled.implementation",
        "backup.stackGraph.v2",
    ] {
        if has(path) {
            mark(
                path,
                format!("`{path}`"),
                Generations::from(Generation::EPrime),
            );
        }
    }
    // Switches that 2.7.0 removed. Upgraded files keep them (the chart then ignores them), so
    // they are weaker evidence than the keys that a newer generation introduced.
    for store in ["stackGraph", "elasticsearch", "configuration"] {
        for switch in ["restore.enabled", "scheduled.enabled"] {
            let path = format!("backup.{store}.{switch}");
            if has(&path) {
                mark(
                    &path,
                    format!("`{path}`"),
                    Generations::until(Generation::D2),
                );
            }
        }
    }
    for path in [
        "victoria-metrics-0.restore.enabled",
        "victoria-metrics-1.restore.enabled",
        "clickhouse.restore.enabled",
    ] {
        if has(path) {
            mark(
                path,
                format!("`{path}`"),
                Generations::range(Generation::D1, Generation::D2),
            );
        }
    }
    if let Some(name) = at("minio.fullnameOverride").and_then(Node::as_str) {
        let generations = match name {
            "stackstate-minio" => Some(Generations::until(Generation::D2)),
            "suse-observability-minio" => Some(Generations::range(Generation::D2, Generation::E0)),
            _ => None,
        };
        if let Some(generations) = generations {
            mark(
                "minio.fullnameOverride",
                format!("the MinIO name `{name}`"),
                generations,
            );
        }
    }
    let every = |strong_only: bool| {
        markers
            .iter()
            .filter(|marker| !strong_only || marker.generations.contains(Generation::EPrime))
            .fold(Generations::ALL, |set, marker| {
                set.intersection(marker.generations)
            })
    };
    // Markers contradict each other when a file written for an older chart was carried over to
    // a newer one: the keys a newer generation introduced decide, the leftovers are reported as
    // removed keys by the rules.
    let all = every(false);
    let conflict = all.is_empty();
    let candidates = if conflict { every(true) } else { all };
    Inference {
        candidates,
        conflict,
        markers,
    }
}

/// Whether a value sets anything: not `null`, and not a mapping of nothing but empty mappings
/// (which Helm's merge leaves as it found it, and values built in code write for the sections
/// they leave at the chart's defaults).
fn sets_something(node: &Node) -> bool {
    match &node.value {
        NodeValue::Null => false,
        NodeValue::Map(entries) => entries.iter().any(|entry| sets_something(&entry.value)),
        _ => true,
    }
}

/// Helm's truthiness, as the chart's `if` sees a value.
fn is_truthy(node: &Node) -> bool {
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

/// Whether a retention is written as Python `timedelta` keyword arguments (`days = 30`), the
/// form of the classic chart and D1, rather than for GNU `date -d` (`30 days ago`).
fn looks_like_timedelta(text: &str) -> bool {
    text.split(',').all(|part| {
        part.trim().is_empty()
            || part.split_once('=').is_some_and(|(name, _)| {
                let name = name.trim();
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
    }) && text.contains('=')
}

/// Which chart generations a file was checked against, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The generations whose shared rules judged the file.
    pub generations: Generations,
    /// The release named by the caller, if one was.
    pub chart: Option<ChartVersion>,
    /// The keys and values that pointed to the generations, when none was named.
    pub markers: Vec<Marker>,
}

impl Checked {
    /// Checked against one named release.
    pub fn given(chart: ChartVersion) -> Checked {
        Checked {
            generations: Generations::range(chart.generation(), chart.generation()),
            chart: Some(chart),
            markers: Vec::new(),
        }
    }

    /// The releases whose keys are checked: the named one, or the newest of each generation.
    pub fn releases(&self) -> Vec<ChartVersion> {
        match self.chart {
            Some(chart) => vec![chart],
            None => self
                .generations
                .iter()
                .map(Generation::newest_release)
                .collect(),
        }
    }

    /// The generations in words, for notes and summaries.
    pub fn describe(&self) -> String {
        match self.chart {
            Some(chart) => chart.to_string(),
            None if self.generations == Generations::ALL => "every chart generation".into(),
            None => self.generations.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
