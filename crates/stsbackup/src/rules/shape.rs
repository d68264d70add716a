//! The shape of the values: unknown keys, wrong types, values outside what the schema allows.
//! The shape check (`schema::check_shape`, which walks the key catalogue) runs on the raw
//! values; its problems carry values-path segments, which are mapped back to file positions
//! here.

use super::{Family, Rule, dotted, finding_at};
use crate::catalogue;
use crate::finding::{Finding, Severity};
use crate::generation::{ChartVersion, Generation, Generations};
use crate::load::{Document, Entry, Node, NodeValue, is_secret_path};
use crate::markers::Checked;
use crate::rules::yaml::YAML11_RETYPED;
use crate::schema::{self, ShapeError, ShapeErrorKind};
use crate::suggest::did_you_mean;

/// The rules of this family; their findings come from the shape check (run before the model exists), not from a model check.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &CHART_GENERATION,
        &UNKNOWN_KEY,
        &WRONG_TYPE,
        &NOT_ALLOWED,
        &UNKNOWN_KEY_AT_DEFAULT,
    ],
    check: None,
};

pub(crate) const CHART_GENERATION: Rule = Rule {
    code: "SB009",
    name: "chart-generation",
    severity: Severity::Info,
    generations: Generations::ALL,
    summary: "Which chart generation the file was checked against, and why (no `--chart` given).",
    explanation: r#"## What it does
Says which chart generations a values file was checked against when no chart was named
(`--chart NAME@VERSION`), and which of its keys and values told: a Python `timedelta` retention
(`days = 30`) is the classic chart or `stackstate-k8s` up to 1.11.3, `30 days ago` is a later
one, `global.backup.enabled` is `suse-observability` 2.7.0 or later, `backup.storage` is 2.10.0
or later, and so on.

## Why is this bad?
It is not bad: it tells you what was checked. The charts read the same keys differently from
one generation to the next (a retention string, the storage keys, which keys the chart refuses),
so a file is judged only by the rules that hold for every generation it may be for. A file that
names no marker is checked against what all generations share: name the chart to get every
check.

## Example
```sh
stsbackup lint values.yaml
```

## Use instead
```sh
stsbackup lint --chart suse-observability@2.10.3 values.yaml
```
"#,
};

pub(crate) const UNKNOWN_KEY: Rule = Rule {
    code: "SB010",
    name: "unknown-key",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "A key inside `backup:` or `minio:` that the chart does not have.",
    explanation: r#"## What it does
Reports keys inside `backup:` and `minio:` that neither the StackState chart (4.3 to 5.1) nor its
MinIO subchart (8.0.10) reads, with the nearest known spelling. Keys outside these two sections
belong to the rest of the chart and are left alone.

## Why is this bad?
Helm ignores unknown keys silently. A typo such as `stackgraph` for `stackGraph`, or a key from
another version of the chart, drops the setting without a word: the bucket you named is not
used, the schedule you set is not the one that runs, and nobody notices until a restore is
needed.

## Example
```yaml
backup:
  stackgraph:
    bucketName: my-stackgraph-backups
```

## Use instead
```yaml
backup:
  stackGraph:
    bucketName: my-stackgraph-backups
```
"#,
};

pub(crate) const WRONG_TYPE: Rule = Rule {
    code: "SB011",
    name: "wrong-type",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "A value of the wrong type (a string where a boolean belongs, a list where a string belongs).",
    explanation: r#"## What it does
Reports values whose type is not the one the chart's templates expect.

## Why is this bad?
Helm passes the value to the templates as it is. A quoted `"false"` where a boolean belongs is a
non-empty string, which Helm's `if` treats as true: `enabled: "false"` turns a feature ON. A
number where a string belongs is printed in Go's float format, a list where a string belongs
renders as `[a b]`. The chart renders, and the backup pods fail or do something else.

## Example
```yaml
backup:
  enabled: "false"
```

## Use instead
```yaml
backup:
  enabled: false
```
"#,
};

pub(crate) const NOT_ALLOWED: Rule = Rule {
    code: "SB014",
    name: "value-not-allowed",
    severity: Severity::Error,
    generations: Generations::until(Generation::D1),
    summary: "A value the schema does not allow (outside an enumeration or a range).",
    explanation: r#"## What it does
Reports values that break a constraint of the values schema that no more specific rule explains,
for example `minio.mode` other than `standalone` or `distributed`. The schema is the classic
chart's (and `stackstate-k8s` up to 1.11.3, which reads these values the same way); for later
generations the rules that know them judge the values.

## Why is this bad?
The subchart compares such values literally: with `mode: Standalone` neither the Deployment nor
the StatefulSet is rendered, so there is no MinIO and no backup.
"#,
};

pub(crate) const UNKNOWN_KEY_AT_DEFAULT: Rule = Rule {
    code: "SB015",
    name: "unknown-key-at-default",
    severity: Severity::Warning,
    generations: Generations::ALL,
    summary: "An unknown key whose value is what the key it resembles already has by default: nothing is lost.",
    explanation: r#"## What it does
Reports, as a warning rather than the error of SB010, an unknown key that is a near miss of a key
the chart has (`stackgraph` for `stackGraph`) when everything it sets is that key's default for the
release checked.

## Why is this bad?
Helm ignores the misspelt key, but since the chart's default is the same value, the backup does
exactly what the file says. The key is dead weight that misleads the next reader, and the day
someone changes its value, the change will be ignored silently. A chart that ships stsbackup's
JSON Schema as its `values.schema.json` refuses the key outright.

## Example
```yaml
backup:
  stackgraph:
    bucketName: sts-stackgraph-backup
```

## Use instead
```yaml
backup:
  stackGraph:
    bucketName: sts-stackgraph-backup
```
or remove the key.
"#,
};

/// Whether everything `value` sets at `segments` is the default there at every release checked
/// (a mapping: each of its values, recursively).
fn restates_defaults(
    value: &serde_json::Value,
    segments: &mut Vec<String>,
    releases: &[ChartVersion],
) -> bool {
    match value {
        serde_json::Value::Object(entries) if !entries.is_empty() => {
            entries.iter().all(|(key, inner)| {
                segments.push(key.clone());
                let same = restates_defaults(inner, segments, releases);
                segments.pop();
                same
            })
        }
        _ => {
            let path = dotted(segments);
            match catalogue::lookup(&path) {
                Some(key) => {
                    !releases.is_empty()
                        && releases.iter().all(|release| {
                            key.default_at(*release)
                                .and_then(|default| {
                                    serde_json::from_str::<serde_json::Value>(default).ok()
                                })
                                .is_some_and(|default| default == *value)
                        })
                }
                None => false,
            }
        }
    }
}

/// Findings for the shape check's verdicts on the raw values.
pub(crate) fn report_shape_errors(
    document: &Document,
    errors: &[ShapeError],
    releases: &[ChartVersion],
) -> Vec<Finding> {
    let Some(root) = document.root.as_ref() else {
        return Vec::new();
    };
    let mut keys = KeyIndex::default();
    errors
        .iter()
        .map(|error| report(document, root, error, releases, &mut keys))
        .collect()
}

/// The entries of each large mapping by key, built once per mapping: looking every unknown
/// key of a mapping of 100,000 keys up one by one would be quadratic.
#[derive(Default)]
struct KeyIndex<'a> {
    maps: std::collections::HashMap<*const Node, std::collections::HashMap<&'a str, &'a Entry>>,
    /// The known key names inside each mapping that holds an unknown key, for did-you-mean.
    names: std::collections::HashMap<Vec<String>, Option<Vec<String>>>,
}

impl<'a> KeyIndex<'a> {
    /// As [`Node::get`]: the last entry of a key.
    fn get(&mut self, node: &'a Node, key: &str) -> Option<&'a Entry> {
        let NodeValue::Map(entries) = &node.value else {
            return None;
        };
        if entries.len() < 32 {
            return node.get(key);
        }
        let index = self.maps.entry(node as *const Node).or_insert_with(|| {
            entries
                .iter()
                .map(|entry| (entry.key.as_str(), entry))
                .collect()
        });
        index.get(key).copied()
    }

    /// As [`Node::at`].
    fn at(&mut self, root: &'a Node, segments: &[String]) -> Option<&'a Node> {
        let mut node = root;
        for segment in segments {
            node = match &node.value {
                NodeValue::Map(_) => &self.get(node, segment)?.value,
                NodeValue::Seq(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

fn report<'a>(
    document: &Document,
    root: &'a Node,
    error: &ShapeError,
    releases: &[ChartVersion],
    keys: &mut KeyIndex<'a>,
) -> Finding {
    let path = dotted(&error.segments);
    match &error.kind {
        ShapeErrorKind::UnknownKey => {
            let (parent, key) = error
                .segments
                .split_at(error.segments.len().saturating_sub(1));
            let key = key.first().map(String::as_str).unwrap_or("");
            let at = keys
                .at(root, parent)
                .and_then(|p| keys.get(p, key))
                .map(|entry| document.locate(entry.value.origin, entry.key_span.clone()))
                .unwrap_or_else(|| document.start());
            let known = keys
                .names
                .entry(parent.to_vec())
                .or_insert_with(|| known_names(parent, releases));
            let suggestion = known
                .as_deref()
                .and_then(|known| did_you_mean(key, known.iter().map(String::as_str)))
                .filter(|suggestion| *suggestion != key)
                .map(str::to_owned);
            let help = unknown_key_help(parent, key, known.as_deref(), releases);
            // A near miss that sets only what the key it resembles has by default loses
            // nothing: a warning, not an error.
            if let Some(suggestion) = suggestion
                && let Some(node) = keys.at(root, &error.segments)
                && !is_secret_path(&error.segments)
            {
                let mut resembled = parent.to_vec();
                resembled.push(suggestion);
                if restates_defaults(&node.to_json(), &mut resembled.clone(), releases) {
                    let message = format!(
                        "unknown key `{key}` in `{}`: Helm ignores it, but what it sets is the default of `{}`, so nothing is lost",
                        dotted(parent),
                        dotted(&resembled)
                    );
                    let help = Some(format!("spell it `{}`, or remove it", dotted(&resembled)));
                    return finding_at(&UNKNOWN_KEY_AT_DEFAULT, document, &path, at, message, help);
                }
            }
            let message = format!(
                "unknown key `{key}` in `{}`: Helm ignores it silently",
                dotted(parent)
            );
            finding_at(&UNKNOWN_KEY, document, &path, at, message, help)
        }
        ShapeErrorKind::WrongType { expected } => {
            let node = keys.at(root, &error.segments);
            let at = node.map_or_else(
                || document.start(),
                |n| document.locate(n.origin, n.span.clone()),
            );
            let expected_text = expected.join(" or ");
            let secret = is_secret_path(&error.segments);
            let Some(node) = node else {
                return finding_at(
                    &WRONG_TYPE,
                    document,
                    &path,
                    at,
                    format!("expected {expected_text}"),
                    None,
                );
            };
            let raw = document
                .source_of(node.origin)
                .text()
                .get(node.span.clone())
                .unwrap_or("");
            let plain = !raw.starts_with(['"', '\'']) && node.defined_at.is_none();
            let retyped = plain
                && expected.contains(&"string")
                && matches!(
                    node.value,
                    NodeValue::Bool(_) | NodeValue::Int(_) | NodeValue::Float(_)
                );
            if retyped {
                let shown = if secret {
                    "value".to_owned()
                } else {
                    format!("`{raw}`")
                };
                let json = if secret {
                    String::new()
                } else {
                    format!(" ({})", node.to_json())
                };
                let quoted = if secret {
                    "the value".to_owned()
                } else {
                    format!("\"{raw}\"")
                };
                return finding_at(
                    &YAML11_RETYPED,
                    document,
                    &path,
                    at,
                    format!(
                        "Helm reads the unquoted {shown} as {}{json}, not as a string",
                        kind_name(node)
                    ),
                    Some(format!("quote it: {quoted}")),
                );
            }
            let (message, help) = wrong_type_text(node, &expected_text, secret);
            finding_at(&WRONG_TYPE, document, &path, at, message, help)
        }
        ShapeErrorKind::Constraint { message, .. } => {
            let node = keys.at(root, &error.segments);
            let at = node.map_or_else(
                || document.start(),
                |n| document.locate(n.origin, n.span.clone()),
            );
            finding_at(
                &NOT_ALLOWED,
                document,
                &path,
                at,
                format!("`{path}` {message}"),
                None,
            )
        }
    }
}

fn kind_name(node: &Node) -> &'static str {
    match node.value {
        NodeValue::Bool(_) => "a boolean",
        NodeValue::Int(_) => "an integer",
        NodeValue::Float(_) => "a number",
        _ => "another type",
    }
}

fn wrong_type_text(node: &Node, expected: &str, secret: bool) -> (String, Option<String>) {
    let found = node.type_name();
    let message = format!("expected {expected}, found {found}");
    let help = match (&node.value, expected) {
        (NodeValue::String(s), "boolean") if !secret => Some(format!(
            "remove the quotes: Helm's `if` treats every non-empty string as true, `\"{s}\"` included"
        )),
        (NodeValue::String(s), e)
            if e.contains("integer") && !secret && s.trim().parse::<f64>().is_ok() =>
        {
            Some(format!("remove the quotes: {s}"))
        }
        (NodeValue::Map(_), "string") => {
            Some("this key holds a single value, not a mapping; check the indentation".into())
        }
        (NodeValue::Seq(_), "string") => Some("this key holds a single value, not a list".into()),
        _ => None,
    };
    (message, help)
}

/// Keys of older and newer charts, with what to use in this one.
const MOVED_KEYS: &[(&str, &str)] = &[
    (
        "backup.stackGraph.enabled",
        "this key is from the chart's first layout (early 4.3 snapshots); use `backup.enabled` and `backup.stackGraph.scheduled.enabled`",
    ),
    (
        "backup.stackGraph.schedule",
        "use `backup.stackGraph.scheduled.schedule`",
    ),
    (
        "backup.elasticsearch.enabled",
        "this key is from the chart's first layout; use `backup.enabled` and `backup.elasticsearch.scheduled.enabled`",
    ),
    (
        "backup.elasticsearch.schedule",
        "use `backup.elasticsearch.scheduled.schedule`",
    ),
    (
        "minio.enabled",
        "MinIO is enabled by `backup.enabled` (the subchart's condition); `minio.enabled` does nothing",
    ),
    (
        "backup.stackGraph.s3Prefix",
        "`s3Prefix` belongs to the stackstate-k8s / SUSE Observability charts, not to this one",
    ),
    (
        "backup.elasticsearch.s3Prefix",
        "`s3Prefix` belongs to the stackstate-k8s / SUSE Observability charts, not to this one",
    ),
    (
        "backup.configuration.s3Prefix",
        "`s3Prefix` belongs to the stackstate-k8s / SUSE Observability charts, not to this one",
    ),
    (
        "backup.stackGraph.splitArchiveSize",
        "`splitArchiveSize` belongs to the stackstate-k8s / SUSE Observability charts, not to this one",
    ),
    (
        "backup.initJobAnnotations",
        "`initJobAnnotations` belongs to the stackstate-k8s chart (2024), not to this one",
    ),
    (
        "backup.storage",
        "`backup.storage` belongs to the SUSE Observability chart, which replaced MinIO; this chart uses `minio.*`",
    ),
];

/// The keys a mapping may hold: the model's, then those the file's releases add (`s3Prefix`,
/// `backup.storage`). `None` where the model holds a value that is not a mapping.
fn known_names(parent: &[String], releases: &[ChartVersion]) -> Option<Vec<String>> {
    let pointer: String = parent
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect();
    let mut known: Vec<String> = match schema::defaults().pointer(&pointer) {
        Some(model) => model.as_object()?.keys().cloned().collect(),
        None => Vec::new(),
    };
    for name in catalogue::child_names(&dotted(parent), releases) {
        if !known.contains(&name) {
            known.push(name);
        }
    }
    Some(known)
}

fn unknown_key_help(
    parent: &[String],
    key: &str,
    known: Option<&[String]>,
    releases: &[ChartVersion],
) -> Option<String> {
    let full = if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{}.{key}", dotted(parent))
    };
    if let Some((_, help)) = MOVED_KEYS.iter().find(|(moved, _)| *moved == full) {
        return Some((*help).to_owned());
    }
    // A key of other releases of the charts, spelt right: no spelling to suggest.
    let mut segments = parent.to_vec();
    segments.push(key.to_owned());
    if catalogue::is_catalogued(&segments) {
        let checked: Vec<String> = releases.iter().map(ToString::to_string).collect();
        return Some(match checked.as_slice() {
            [release] => format!(
                "`{full}` is a key of other releases of the chart, not of {release}: `stsbackup schema --chart {release}` lists the keys it has"
            ),
            _ => format!("`{full}` is a key of other releases of the chart than the ones checked"),
        });
    }
    let suggestion = did_you_mean(key, known?.iter().map(String::as_str))?;
    let mut path = parent.to_vec();
    path.push(suggestion.to_owned());
    Some(format!("did you mean `{}`?", dotted(&path)))
}

/// The note that says which generations a file was checked against, and why.
pub(crate) fn chart_generation_note(document: &Document, checked: &Checked) -> Finding {
    let help = Some(
        "name the chart to check everything that release reads: --chart NAME@VERSION (for example `--chart suse-observability@2.10.3`)".to_owned(),
    );
    let Some(first) = checked.markers.first() else {
        return finding_at(
            &CHART_GENERATION,
            document,
            "",
            document.start(),
            "no key or value tells which chart generation this file is for: only what every generation shares was checked".to_owned(),
            help,
        );
    };
    let reasons: Vec<String> = checked
        .markers
        .iter()
        .filter(|marker| marker.generations.covers(checked.generations))
        .take(3)
        .map(|marker| marker.what.clone())
        .collect();
    let reasons = if reasons.is_empty() {
        checked
            .markers
            .iter()
            .take(3)
            .map(|m| m.what.clone())
            .collect()
    } else {
        reasons
    };
    let at =
        super::context::position_of_segments(document, &first.path.split('.').collect::<Vec<_>>());
    finding_at(
        &CHART_GENERATION,
        document,
        &first.path,
        at,
        format!(
            "checked against {}, from {}",
            checked.describe(),
            reasons.join(", ")
        ),
        help,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_knows_the_keys_of_later_generations() {
        let help = |parent: &[String], key: &str, release: &str| {
            let releases = [ChartVersion::parse(release).unwrap()];
            unknown_key_help(
                parent,
                key,
                known_names(parent, &releases).as_deref(),
                &releases,
            )
        };
        let parent = ["backup".to_owned(), "storage".to_owned()];
        assert_eq!(
            help(&parent, "backnd", "suse-observability@2.10.0").as_deref(),
            Some("did you mean `backup.storage.backend`?")
        );
        let parent = ["backup".to_owned(), "stackGraph".to_owned()];
        assert_eq!(
            help(&parent, "s3prefix", "suse-observability@2.6.3").as_deref(),
            Some("did you mean `backup.stackGraph.s3Prefix`?")
        );
        let parent = ["backup".to_owned()];
        assert_eq!(
            help(&parent, "stackgraph", "stackstate@5.1.4").as_deref(),
            Some("did you mean `backup.stackGraph`?")
        );
    }
}
