//! Reading the file as Helm reads it: syntax, encoding, duplicate keys, keys Helm retypes or
//! refuses, extra documents, and what a `null` deletes.

use super::{Family, Rule, dotted, finding_at};
use crate::finding::{Finding, Severity};
use crate::generation::Generations;
use crate::load::{Document, LoadProblemKind, MAX_FILE_BYTES, Node, NodeValue};
use crate::model::SECTIONS as MODELLED_SECTIONS;
use crate::schema;

/// The rules of this family; their findings come from reading the file (run before the model exists), not from a model check.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &INVALID_YAML,
        &DUPLICATE_KEY,
        &NOT_A_MAPPING,
        &EXTRA_DOCUMENTS,
        &NOT_UTF8,
        &UNSUPPORTED_KEY,
        &FILE_TOO_LARGE,
        &YAML11_RETYPED,
        &NULL_DELETES_DEFAULT,
        &INTERNAL,
    ],
    check: None,
};

pub(crate) const INVALID_YAML: Rule = Rule {
    code: "SB001",
    name: "invalid-yaml",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "The file is not valid YAML, or exceeds a parsing limit.",
    explanation: r#"## What it does
Reports a YAML syntax error (an unclosed bracket or quote, a tab used for indentation, a bad
indentation level) at its position, and files that exceed the loader's limits on nesting depth
(32 levels) or on the number of nodes after alias expansion (500,000).

## Why is this bad?
Helm refuses the whole file (`helm install` fails with `error converting YAML to JSON`), so no
value in it takes effect. The limits protect linters and CI runners from alias bombs
("billion laughs") and runaway nesting: no real values file comes near them.

## Example
```yaml
backup:
  enabled: true
  stackGraph: {bucketName: sts-backup
```

## Use instead
```yaml
backup:
  enabled: true
  stackGraph: {bucketName: sts-backup}
```
"#,
};

pub(crate) const DUPLICATE_KEY: Rule = Rule {
    code: "SB002",
    name: "duplicate-key",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "A key appears twice in the same mapping; Helm silently keeps only the last one.",
    explanation: r#"## What it does
Reports a key written twice in one mapping, at the top level and inside `backup:` and `minio:`.

## Why is this bad?
YAML forbids duplicate keys, but Helm's reader accepts them and keeps the last value without a
word. A second `backup:` block further down a long values file replaces the whole first one:
the settings above it, `enabled: true` included, are dropped and backups silently never run.

## Example
```yaml
backup:
  enabled: true
# ... 300 lines later
backup:
  stackGraph:
    bucketName: my-bucket
```

## Use instead
Merge the two blocks into one.
"#,
};

pub(crate) const NOT_A_MAPPING: Rule = Rule {
    code: "SB003",
    name: "not-a-mapping",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "The file's top level is not a mapping of keys to values.",
    explanation: r#"## What it does
Reports a values file whose top level is a list or a scalar instead of `key: value` pairs.

## Why is this bad?
Helm requires values to be a mapping and refuses the file (`cannot unmarshal ... into Go value
of type map[string]interface {}`), so the install or upgrade fails.

## Example
```yaml
- backup:
    enabled: true
```

## Use instead
```yaml
backup:
  enabled: true
```
"#,
};

pub(crate) const EXTRA_DOCUMENTS: Rule = Rule {
    code: "SB004",
    name: "extra-documents",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "The file holds several YAML documents; Helm 3 reads only the first.",
    explanation: r#"## What it does
Reports a `---` separator followed by another document in a values file.

## Why is this bad?
Helm 3 reads the first document of a values file and ignores the rest without a warning, so
every setting after the `---` is silently dropped: a backup configuration pasted below another
document never takes effect. Helm 4 merges the documents instead, so the same file means two
different things depending on the Helm that installs it.

## Example
```yaml
global:
  imageRegistry: quay.io
---
backup:
  enabled: true
```

## Use instead
Remove the `---` so that both parts form one mapping, or pass two files with `-f`.
"#,
};

pub(crate) const NOT_UTF8: Rule = Rule {
    code: "SB005",
    name: "not-utf8",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "The file is not valid UTF-8.",
    explanation: r#"## What it does
Reports the first byte that is not valid UTF-8.

## Why is this bad?
YAML files must be Unicode text; Helm fails to read a file with invalid bytes (often a file
saved as Latin-1 or UTF-16 by an editor), so the whole install fails.

## Use instead
Save the file as UTF-8.
"#,
};

pub(crate) const UNSUPPORTED_KEY: Rule = Rule {
    code: "SB006",
    name: "unsupported-key",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "A key is null, a mapping or a list; Helm cannot read the file.",
    explanation: r#"## What it does
Reports mapping keys that are not scalars (`? [a, b]`) or that are null (`~:`).

## Why is this bad?
Helm converts values to JSON, where keys are strings; it refuses such a key with
`Unsupported map key of type ...` and the install fails.

## Use instead
Use a plain string key.
"#,
};

pub(crate) const FILE_TOO_LARGE: Rule = Rule {
    code: "SB007",
    name: "file-too-large",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "The file is larger than the 16 MiB limit.",
    explanation: r#"## What it does
Refuses files larger than 16 MiB without reading them.

## Why is this bad?
A values file is a few hundred kilobytes at most (the largest StackState chart values file is
146 KB). A much larger file is almost surely not a values file, and reading it would spend time
and memory a pre-commit hook or CI job should not spend.

## Use instead
Lint the values files themselves.
"#,
};

pub(crate) const YAML11_RETYPED: Rule = Rule {
    code: "SB012",
    name: "yaml11-retyped",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "An unquoted value or key that Helm's YAML 1.1 reading turns into another type.",
    explanation: r#"## What it does
Reports unquoted scalars that Helm reads as a boolean, a number or null where the chart expects
a string: `on`, `off`, `yes`, `no`, `y`, `n` (booleans in YAML 1.1), `0300` (the octal number
192), `12345678`, `1e3`. It also reports keys inside `backup:` and `minio:` that Helm turns into
other strings (`on:` becomes the key `"true"`).

## Why is this bad?
Helm hands the templates the retyped value: a bucket named `no` becomes `false`, a MinIO key
`12345678` becomes the float `1.2345678e+07` in the Secret, a schedule `0300` becomes `192`. The
chart renders without complaint and the backup pod fails later, or writes somewhere else.

## Example
```yaml
minio:
  accessKey: 12345678
```

## Use instead
```yaml
minio:
  accessKey: "12345678"
```
"#,
};

pub(crate) const NULL_DELETES_DEFAULT: Rule = Rule {
    code: "SB013",
    name: "null-deletes-default",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "A `null` (or an empty value) deletes a chart default the backup needs.",
    explanation: r#"## What it does
Reports keys inside `backup:` and `minio:` set to `null`, `~` or nothing at all, where the chart
has a non-empty default.

## Why is this bad?
In Helm, a `null` in a user's values file does not mean "use the default": it deletes the key
from the chart's defaults. The templates then render an empty value (an empty CronJob schedule,
an empty bucket name), which Kubernetes or the backup script rejects at install or at 03:00.

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      schedule:
```

## Use instead
Remove the key to keep the chart's default, or give it a value.
"#,
};

pub(crate) const INTERNAL: Rule = Rule {
    code: "SB099",
    name: "internal-error",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "stsbackup could not build its model of these values (a bug in stsbackup).",
    explanation: r#"## What it does
Reports that the values passed the shape check but could not be turned into stsbackup's typed
model, which means the schema and the model disagree.

## Why is this bad?
The semantic rules ran on the chart's defaults instead of the file's values, so findings may be
missing. Please report it with the values file (secrets removed).
"#,
};

/// Findings for what went wrong before the values were known.
pub(crate) fn report_load_problems(document: &Document) -> Vec<Finding> {
    document
        .problems
        .iter()
        .map(|problem| {
            let origin = problem.origin;
            let at = |span: std::ops::Range<usize>| document.locate(origin, span);
            match &problem.kind {
                LoadProblemKind::Syntax { message, span } => {
                    let help = if message.contains("tab") {
                        Some("indent with spaces: YAML does not allow tabs for indentation".to_owned())
                    } else if message.contains("more than") || message.contains("deeper than") {
                        Some("values files are small and shallow; split or simplify this file".to_owned())
                    } else {
                        None
                    };
                    let name = document.source_of(origin).name();
                    let message = if name.starts_with("--set") {
                        format!("Helm refuses this {name} argument: {message}")
                    } else {
                        format!("invalid YAML: {message}")
                    };
                    finding_at(&INVALID_YAML, document, "", at(span.clone()), message, help)
                }
                LoadProblemKind::NotUtf8 { offset } => finding_at(
                    &NOT_UTF8,
                    document,
                    "",
                    at(*offset..*offset),
                    format!("the file is not UTF-8: invalid byte at offset {offset}"),
                    Some("save the file as UTF-8".into()),
                ),
                // Reading stops one byte past the limit, so the size is known only as "more".
                LoadProblemKind::TooLarge { .. } => finding_at(
                    &FILE_TOO_LARGE,
                    document,
                    "",
                    at(0..0),
                    format!("the file has more than the {MAX_FILE_BYTES} bytes a values file may have"),
                    None,
                ),
                LoadProblemKind::UnsupportedKey { span, what } => finding_at(
                    &UNSUPPORTED_KEY,
                    document,
                    "",
                    at(span.clone()),
                    format!("a key that is {what}: Helm refuses the file (\"Unsupported map key\")"),
                    Some("use a plain string key".into()),
                ),
                LoadProblemKind::ExtraDocuments { count, span } => finding_at(
                    &EXTRA_DOCUMENTS,
                    document,
                    "",
                    at(span.clone()),
                    format!(
                        "the file holds {count} YAML documents: Helm 3 reads only the first and ignores this one (Helm 4 merges them)"
                    ),
                    Some("remove the `---` separator, or pass each part as its own `-f` file".into()),
                ),
            }
        })
        .collect()
}

/// Findings from the shape of the tree: the top level, duplicate keys, retyped keys.
pub(crate) fn report_tree_problems(document: &Document, root: &Node) -> Vec<Finding> {
    let mut findings = Vec::new();
    match &root.value {
        NodeValue::Map(entries) => {
            duplicates(document, entries, &mut Vec::new(), &mut findings);
            for entry in entries
                .iter()
                .filter(|e| MODELLED_SECTIONS.contains(&e.key.as_str()))
            {
                let mut path = vec![entry.key.clone()];
                walk_section(document, &entry.value, &mut path, &mut findings);
            }
        }
        NodeValue::Null => {}
        _ => {
            findings.push(finding_at(
                &NOT_A_MAPPING,
                document,
                "",
                document.locate(root.origin, root.span.clone()),
                format!("the top level is {}, not a mapping: Helm refuses the file", article(root.type_name())),
                Some("values files are `key: value` mappings, such as `backup:` followed by its settings".into()),
            ));
        }
    }
    findings
}

fn article(type_name: &str) -> String {
    match type_name {
        "array" => "a list".into(),
        "object" => "a mapping".into(),
        "integer" => "an integer".into(),
        other => format!("a {other}"),
    }
}

fn walk_section(
    document: &Document,
    node: &Node,
    path: &mut Vec<String>,
    findings: &mut Vec<Finding>,
) {
    match &node.value {
        NodeValue::Map(entries) => {
            duplicates(document, entries, path, findings);
            for entry in entries {
                path.push(entry.key.clone());
                if let Some(kind) = entry.key_retyped_from {
                    let origin = entry.value.origin;
                    let raw = document
                        .source_of(origin)
                        .text()
                        .get(entry.key_span.clone())
                        .unwrap_or("");
                    findings.push(finding_at(
                        &YAML11_RETYPED,
                        document,
                        &dotted(path),
                        document.locate(origin, entry.key_span.clone()),
                        format!(
                            "Helm reads the unquoted key `{raw}` as {} and stores it as `{}`",
                            kind.describe(),
                            entry.key
                        ),
                        Some(format!("quote the key: \"{raw}\"")),
                    ));
                }
                walk_section(document, &entry.value, path, findings);
                path.pop();
            }
        }
        NodeValue::Seq(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                walk_section(document, item, path, findings);
                path.pop();
            }
        }
        _ => {}
    }
}

fn duplicates(
    document: &Document,
    entries: &[crate::load::Entry],
    path: &mut Vec<String>,
    findings: &mut Vec<Finding>,
) {
    // The last place each key was seen: one pass, however many keys the mapping has.
    let mut last_seen: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let Some(earlier) = last_seen
            .insert(entry.key.as_str(), index)
            .map(|earlier| &entries[earlier])
        else {
            continue;
        };
        path.push(entry.key.clone());
        let first = document
            .locate(earlier.value.origin, earlier.key_span.clone())
            .position;
        findings.push(finding_at(
            &DUPLICATE_KEY,
            document,
            &dotted(path),
            document.locate(entry.value.origin, entry.key_span.clone()),
            format!(
                "`{}` is set again here; Helm keeps only this one and drops the one on line {}",
                entry.key, first.line
            ),
            Some("merge the two into one key".into()),
        ));
        path.pop();
    }
}

/// Findings for keys that a `null` deleted, where the chart's default is not empty.
pub(crate) fn report_null_deletions(document: &Document, nulls: &[Vec<String>]) -> Vec<Finding> {
    let defaults = schema::defaults();
    let mut findings = Vec::new();
    for path in nulls {
        let pointer: String = path
            .iter()
            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
            .collect();
        let Some(default) = defaults.pointer(&pointer) else {
            continue;
        };
        let meaningful = match default {
            serde_json::Value::Null => false,
            serde_json::Value::String(s) => !s.is_empty(),
            serde_json::Value::Array(a) => !a.is_empty(),
            serde_json::Value::Object(o) => !o.is_empty(),
            _ => true,
        };
        if !meaningful {
            continue;
        }
        let shown = match default {
            serde_json::Value::Object(_) => "its whole section of defaults".to_owned(),
            other if crate::load::is_secret_path(path) => {
                format!("the default ({} characters)", other.to_string().len())
            }
            other => format!(
                "the default `{}`",
                other
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| other.to_string())
            ),
        };
        findings.push(finding_at(
            &NULL_DELETES_DEFAULT,
            document,
            &dotted(path),
            super::context::position_of_segments(document, path),
            format!("this empty value deletes {shown}: Helm does not fall back to the default, the templates get nothing"),
            Some("remove the key to keep the chart's default, or set a value".into()),
        ));
    }
    findings
}

pub(crate) fn internal_error(document: &Document, message: &str) -> Finding {
    finding_at(
        &INTERNAL,
        document,
        "",
        document.start(),
        format!("stsbackup could not build its model of these values: {message}"),
        Some("please report this to the stsbackup maintainers".into()),
    )
}
