//! The validation pipeline: positioned tree → backup/minio JSON → shape check (JSON Schema)
//! → typed model → semantic rules → findings, each stage feeding the next and none reaching
//! back.

use crate::calendar::DateTime;
use crate::finding::{Finding, Severity};
use crate::load::{Document, Node, NodeValue};
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: None,
            inline_ignores: true,
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

/// Validates a loaded values file with default options.
///
/// ```
/// let doc = stsbackup::load_str("values.yaml", "backup:\n  stackgraph:\n    bucketName: x\n");
/// let report = stsbackup::validate(&doc);
/// let finding = &report.findings[0];
/// assert_eq!(finding.code(), "SB010");
/// assert_eq!(finding.path, "backup.stackgraph");
/// assert_eq!((finding.position.line, finding.position.column), (2, 3));
/// assert!(finding.help.as_deref().unwrap().contains("backup.stackGraph"));
/// ```
pub fn validate(document: &Document) -> Report {
    validate_with(document, &Options::default())
}

/// Validates a loaded values file.
pub fn validate_with(document: &Document, options: &Options) -> Report {
    let mut findings = rules::report_load_problems(document);
    let Some(root) = document.root.as_ref() else {
        return Report {
            findings,
            values: None,
        };
    };
    findings.extend(rules::report_tree_problems(document, root));

    let mut nulls = Vec::new();
    let instance = modelled_json(root, &mut nulls);
    findings.extend(rules::report_null_deletions(document, &nulls));

    let shape_errors = schema::check_shape(&instance);
    findings.extend(rules::report_shape_errors(document, &shape_errors));

    let sanitized = without_misshapen(instance, &shape_errors);
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
    let mut cx = Context::new(&values, document, now);
    rules::check_model(&mut cx);
    let semantic = cx.into_findings();

    let mut findings = merge(findings, semantic);
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
    Report {
        findings,
        values: Some(values),
    }
}

/// The JSON of the modelled sections as Helm merges a user file into the chart's values: a
/// `null` deletes the key (recorded in `nulls`, so the rules can say what it deleted).
fn modelled_json(root: &Node, nulls: &mut Vec<Vec<String>>) -> Value {
    let mut object = Map::new();
    if let NodeValue::Map(entries) = &root.value {
        for entry in entries
            .iter()
            .filter(|e| crate::model::SECTIONS.contains(&e.key.as_str()))
        {
            let mut path = vec![entry.key.clone()];
            match &entry.value.value {
                NodeValue::Null => {
                    object.remove(&entry.key);
                    nulls.push(path);
                }
                _ => {
                    let value = without_nulls(&entry.value, &mut path, nulls);
                    object.insert(entry.key.clone(), value);
                }
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
    let retyped: Vec<String> = early
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
