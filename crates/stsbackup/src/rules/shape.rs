//! The shape of the values, from the JSON Schema: unknown keys, wrong types, values outside
//! what the schema allows. The schema is applied to the raw values; its errors carry JSON
//! pointers, which are mapped back to file positions here.

use super::{Family, Rule, dotted, finding_at};
use crate::finding::{Finding, Severity};
use crate::load::{Document, Node, NodeValue, is_secret_path};
use crate::rules::yaml::YAML11_RETYPED;
use crate::schema::{self, ShapeError, ShapeErrorKind};

/// The rules of this family; their findings come from the shape check (run before the model exists), not from a model check.
pub(super) const FAMILY: Family = Family {
    rules: &[&UNKNOWN_KEY, &WRONG_TYPE, &NOT_ALLOWED],
    check: None,
};

pub(crate) const UNKNOWN_KEY: Rule = Rule {
    code: "SB010",
    name: "unknown-key",
    severity: Severity::Error,
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
    summary: "A value the schema does not allow (outside an enumeration or a range).",
    explanation: r#"## What it does
Reports values that break a constraint of the values schema that no more specific rule explains,
for example `minio.mode` other than `standalone` or `distributed`.

## Why is this bad?
The subchart compares such values literally: with `mode: Standalone` neither the Deployment nor
the StatefulSet is rendered, so there is no MinIO and no backup.
"#,
};

/// Findings for the schema's verdicts on the raw values.
pub(crate) fn report_shape_errors(document: &Document, errors: &[ShapeError]) -> Vec<Finding> {
    let Some(root) = document.root.as_ref() else {
        return Vec::new();
    };
    errors
        .iter()
        .map(|error| report(document, root, error))
        .collect()
}

fn report(document: &Document, root: &Node, error: &ShapeError) -> Finding {
    let path = dotted(&error.segments);
    match &error.kind {
        ShapeErrorKind::UnknownKey => {
            let (parent, key) = error
                .segments
                .split_at(error.segments.len().saturating_sub(1));
            let key = key.first().map(String::as_str).unwrap_or("");
            let at = root
                .at(parent.iter().map(String::as_str))
                .and_then(|p| p.get(key))
                .map(|entry| document.locate(entry.value.origin, entry.key_span.clone()))
                .unwrap_or_else(|| document.start());
            let help = unknown_key_help(parent, key);
            let message = format!(
                "unknown key `{key}` in `{}`: Helm ignores it silently",
                dotted(parent)
            );
            finding_at(&UNKNOWN_KEY, document, &path, at, message, help)
        }
        ShapeErrorKind::WrongType { expected } => {
            let node = root.at(error.segments.iter().map(String::as_str));
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
            let node = root.at(error.segments.iter().map(String::as_str));
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

fn unknown_key_help(parent: &[String], key: &str) -> Option<String> {
    let full = if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{}.{key}", dotted(parent))
    };
    if let Some((_, help)) = MOVED_KEYS.iter().find(|(moved, _)| *moved == full) {
        return Some((*help).to_owned());
    }
    let pointer: String = parent
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect();
    let known = schema::defaults().pointer(&pointer)?.as_object()?;
    let suggestion = did_you_mean(key, known.keys().map(String::as_str))?;
    let mut path = parent.to_vec();
    path.push(suggestion.to_owned());
    Some(format!("did you mean `{}`?", dotted(&path)))
}

/// The known key closest to a misspelt one: same letters in another case first, then the
/// closest by Jaro-Winkler similarity when it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let known: Vec<&str> = known.collect();
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        return Some(same);
    }
    let lower = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (k, strsim::jaro_winkler(&lower, &k.to_ascii_lowercase())))
        .filter(|(_, score)| *score >= 0.85)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn did_you_mean_prefers_case_then_similarity() {
        let known = ["stackGraph", "elasticsearch", "enabled", "configuration"];
        assert_eq!(
            did_you_mean("stackgraph", known.into_iter()),
            Some("stackGraph")
        );
        assert_eq!(
            did_you_mean("elasticSearch", known.into_iter()),
            Some("elasticsearch")
        );
        assert_eq!(did_you_mean("enable", known.into_iter()), Some("enabled"));
        assert_eq!(
            did_you_mean("configuraton", known.into_iter()),
            Some("configuration")
        );
        assert_eq!(did_you_mean("victoriaMetrics", known.into_iter()), None);
    }
}
