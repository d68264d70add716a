//! The validation pipeline: positioned tree → backup/minio JSON → shape check (the key catalogue)
//! → typed model → semantic rules → findings, each stage feeding the next and none reaching
//! back.

use crate::calendar::DateTime;
use crate::catalogue;
use crate::finding::{Finding, Severity};
use crate::generation::{ChartVersion, Generations};
use crate::load::{Document, Node, NodeValue};
use crate::markers::{self, Checked};
use crate::model::Values;
use crate::rules::{self, Context};
use crate::schema::{self, ShapeError, ShapeErrorKind};
use serde_json::{Map, Value};

/// Settings of a validation run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The moment schedules are evaluated from (a schedule that never fires again after it
    /// is an error). Defaults to the system clock.
    pub now: Option<DateTime>,
    /// Whether `# stsbackup: ignore[CODE]` comments silence findings on their line (and
    /// unused ones are reported as SB008). On by default.
    pub inline_ignores: bool,
    /// The chart and release the values are for. When `None`, the generations the file's own
    /// keys and values point to are inferred, and the file is checked against what they share.
    pub chart: Option<ChartVersion>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: None,
            inline_ignores: true,
            chart: None,
        }
    }
}

/// The outcome of validating one values file.
#[derive(Clone, Debug)]
pub struct Report {
    /// Every finding, ordered by position.
    pub findings: Vec<Finding>,
    /// The typed values, when the file could be read: the chart's defaults where the file is
    /// silent, and where it holds a value of the wrong type.
    pub values: Option<Values>,
    /// The chart generations the file was checked against.
    pub checked: Checked,
}

impl Report {
    /// Whether any finding is an error (the `lint` exit status).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Validates a loaded values file with default options: the chart generation is inferred
/// from the file (a note, SB009, says which and why).
///
/// ```
/// let doc = stsbackup::load_str("values.yaml", "backup:\n  stackgraph:\n    bucketName: x\n");
/// let report = stsbackup::validate(&doc);
/// assert_eq!(report.findings[0].code(), "SB009");
/// let finding = &report.findings[1];
/// assert_eq!(finding.code(), "SB010");
/// assert_eq!(finding.path, "backup.stackgraph");
/// assert_eq!((finding.position.line, finding.position.column), (2, 3));
/// assert!(finding.help.as_deref().unwrap().contains("backup.stackGraph"));
/// ```
pub fn validate(document: &Document) -> Report {
    validate_with(document, &Options::default())
}

/// Validates a loaded values file.
///
/// ```
/// use stsbackup::Options;
/// let doc = stsbackup::load_str("values.yaml", "backup:\n  stackGraph:\n    scheduled:\n      backupRetentionTimeDelta: 30 days\n");
/// let options = Options { chart: Some("suse-observability@2.6.3".parse().unwrap()), ..Options::default() };
/// let report = stsbackup::validate_with(&doc, &options);
/// // Without `ago`, GNU `date -d` reads a date a month ahead: every backup would be deleted.
/// assert!(report.findings.iter().any(|f| f.code() == "SB408"));
/// ```
pub fn validate_with(document: &Document, options: &Options) -> Report {
    let mut findings = rules::report_load_problems(document);
    let Some(root) = document.root.as_ref() else {
        return Report {
            findings,
            values: None,
            checked: options.chart.map_or_else(
                || Checked {
                    generations: Generations::ALL,
                    chart: None,
                    markers: Vec::new(),
                },
                Checked::given,
            ),
        };
    };
    let checked = match options.chart {
        Some(chart) => Checked::given(chart),
        None => {
            let inference = markers::infer(root);
            Checked {
                generations: inference.candidates,
                chart: None,
                markers: inference.markers,
            }
        }
    };
    findings.extend(rules::report_tree_problems(document, root));

    let mut nulls = Vec::new();
    let instance = modelled_json(root, &mut nulls);
    findings.extend(rules::report_null_deletions(document, &nulls));

    // Keys of every candidate release are known: a key of a later generation is that
    // generation's key, not a typo.
    let releases = checked.releases();
    let shape_errors = schema::check_shape(&instance, &releases);
    findings.extend(rules::report_shape_errors(
        document,
        &shape_errors,
        &releases,
    ));

    let mut sanitized = without_misshapen(instance, &shape_errors);
    // Keys of later generations that the model does not hold (yet) are judged by the shape
    // check only.
    retain_model_keys(&mut sanitized, schema::defaults());
    let values = match serde_json::from_value::<Values>(sanitized) {
        Ok(values) => values,
        Err(error) => {
            // The shape check should have removed everything the model cannot hold; if it
            // did not, say so rather than guess.
            findings.push(rules::internal_error(document, &error.to_string()));
            Values::default()
        }
    };

    let now = options.now.unwrap_or_else(DateTime::now);
    let mut cx = Context::new(&values, document, now, checked.generations);
    cx.chart = checked.chart;
    cx.releases = releases.clone();
    rules::check_model(&mut cx);
    let semantic = cx.into_findings();

    let mut findings = merge(findings, semantic);
    // A file is judged by the rules that hold for every generation it may be for.
    findings.retain(|finding| finding.rule.generations.covers(checked.generations));
    // A null deletes a default only where the chart has one: from 2.1.0 some defaults are null.
    findings.retain(|finding| {
        finding.code() != rules::NULL_DELETES_DEFAULT_CODE
            || releases.iter().all(|release| {
                catalogue::lookup(&finding.path)
                    .and_then(|key| key.default_at(*release))
                    .is_none_or(|default| default != "null")
            })
    });
    // The note, for a file that has values to check (not for one whose top level is a list).
    if checked.chart.is_none() && matches!(root.value, NodeValue::Map(_)) {
        findings.push(rules::chart_generation_note(document, &checked));
    }
    if options.inline_ignores {
        findings = rules::apply_inline_ignores(document, findings);
    }
    // In the order of the sources (-f files, then --set arguments), then of the text.
    findings.sort_by(|a, b| {
        (a.source, a.position.line, a.position.column, a.code()).cmp(&(
            b.source,
            b.position.line,
            b.position.column,
            b.code(),
        ))
    });
    crate::secrets::redact_findings(document, &mut findings);
    Report {
        findings,
        values: Some(values),
        checked,
    }
}

/// The JSON of the modelled sections as Helm merges a user file into the chart's values: a
/// `null` deletes the key (recorded in `nulls`, so the rules can say what it deleted). A section
/// inside a mapping of the rest of the chart (`global.backup`) is taken alone.
fn modelled_json(root: &Node, nulls: &mut Vec<Vec<String>>) -> Value {
    let mut object = Map::new();
    if !matches!(root.value, NodeValue::Map(_)) {
        return Value::Object(object);
    }
    for section in crate::model::SECTIONS {
        let mut path: Vec<String> = section.split('.').map(str::to_owned).collect();
        let Some(node) = root.at(path.iter().map(String::as_str)) else {
            continue;
        };
        let (last, parents) = path.split_last().expect("a section has a name");
        let (last, parents) = (last.clone(), parents.to_vec());
        let mut target = &mut object;
        for parent in &parents {
            target = match target
                .entry(parent.clone())
                .or_insert_with(|| Value::Object(Map::new()))
            {
                Value::Object(inner) => inner,
                _ => unreachable!("only sections' parents are inserted as mappings"),
            };
        }
        match &node.value {
            NodeValue::Null if parents.is_empty() => {
                target.remove(&last);
                nulls.push(path);
            }
            // `global.backup: null` leaves the chart's defaults for the rules to take.
            NodeValue::Null => {}
            _ => {
                let value = without_nulls(node, &mut path, nulls);
                target.insert(last, value);
            }
        }
    }
    Value::Object(object)
}

fn without_nulls(node: &Node, path: &mut Vec<String>, nulls: &mut Vec<Vec<String>>) -> Value {
    match &node.value {
        NodeValue::Map(entries) => {
            let mut object = Map::with_capacity(entries.len());
            for entry in entries {
                path.push(entry.key.clone());
                // A null deletes a key the chart has; at a key it does not have there is
                // nothing to delete, and the key stays for the shape check to report.
                if entry.value.value == NodeValue::Null && schema::is_known_path(path) {
                    object.remove(&entry.key);
                    nulls.push(path.clone());
                } else {
                    object.insert(entry.key.clone(), without_nulls(&entry.value, path, nulls));
                }
                path.pop();
            }
            Value::Object(object)
        }
        _ => node.to_json(),
    }
}

/// Removes what the model cannot hold (wrong types, unknown keys, values outside an enum),
/// so the typed model can be built from the rest and the chart's defaults fill the gaps.
fn without_misshapen(mut instance: Value, errors: &[ShapeError]) -> Value {
    for error in errors {
        if let ShapeErrorKind::Constraint {
            keeps_type: true, ..
        } = error.kind
        {
            continue;
        }
        remove_at(&mut instance, &error.segments);
    }
    instance
}

/// Removes every key the model has no field for (inside a free-form mapping, whose default is
/// empty, every key stays).
fn retain_model_keys(value: &mut Value, model: &Value) {
    let (Value::Object(object), Value::Object(known)) = (value, model) else {
        return;
    };
    if known.is_empty() {
        return;
    }
    object.retain(|key, _| known.contains_key(key));
    for (key, value) in object.iter_mut() {
        retain_model_keys(value, &known[key]);
    }
}

/// Removes the value at `segments`; an item of a list takes its whole list with it (the
/// model holds lists whole).
fn remove_at(value: &mut Value, segments: &[String]) {
    let Some((last, parents)) = segments.split_last() else {
        return;
    };
    let mut target = value;
    for (index, segment) in parents.iter().enumerate() {
        let next_is_list_item =
            index + 1 == parents.len() && target.get(segment).is_some_and(Value::is_array);
        if next_is_list_item {
            if let Some(object) = target.as_object_mut() {
                object.remove(segment);
            }
            return;
        }
        target = match target {
            Value::Object(object) => match object.get_mut(segment) {
                Some(next) => next,
                None => return,
            },
            Value::Array(items) => {
                match segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                    Some(next) => next,
                    None => return,
                }
            }
            _ => return,
        };
    }
    if let Some(object) = target.as_object_mut() {
        object.remove(last);
    }
}

/// Combines the findings of the reading and shape stages with the semantic ones, so that no
/// problem is reported twice:
/// - a value that has the wrong type, is an unknown key, was deleted by `null`, or was retyped
///   by YAML is not judged again by the semantic rules (they saw the default in its place);
/// - where a semantic rule explains a value, the schema's generic constraint message for the
///   same value is dropped.
fn merge(mut early: Vec<Finding>, semantic: Vec<Finding>) -> Vec<Finding> {
    let blocking: Vec<String> = early
        .iter()
        .filter(|f| rules::blocks_semantic_rules(f.code()))
        .map(|f| f.path.clone())
        .collect();
    let is_blocked = |path: &str| {
        blocking.iter().any(|b| {
            path == b || (path.starts_with(b.as_str()) && path[b.len()..].starts_with('.'))
        })
    };
    let semantic: Vec<Finding> = semantic
        .into_iter()
        .filter(|f| !is_blocked(&f.path))
        .collect();
    // A key YAML retyped (`yes:` read as `true:`) is unknown under its new name: one finding.
    let retyped: std::collections::HashSet<String> = early
        .iter()
        .filter(|f| rules::supersedes_shape_findings(f.code()))
        .map(|f| f.path.clone())
        .collect();
    early.retain(|f| !(rules::is_shape_finding(f.code()) && retyped.contains(&f.path)));
    early.retain(|f| {
        !(rules::is_generic_constraint(f.code()) && semantic.iter().any(|s| s.path == f.path))
    });
    early.extend(semantic);
    early
}
