//! `s3Prefix`: the folder of each store's backups in its bucket (suse-observability 2.0.0 and
//! later; Victoria Metrics from stackstate-k8s 1.1.2). The chart writes the values unquoted into
//! environment variables and, for Victoria Metrics, into a crontab line.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[&PREFIX_CHARACTERS, &PREFIX_LEADING_SLASH, &VM_PREFIX_EXPIRY],
    check: Some(check),
};

pub(crate) const PREFIX_CHARACTERS: Rule = Rule {
    code: "SB507",
    name: "s3-prefix-characters",
    severity: Severity::Error,
    generations: Generations::from(Generation::D1),
    summary: "An `s3Prefix` with characters that break the rendered YAML or the crontab line.",
    explanation: r#"## What it does
Checks the `s3Prefix` of every store (`backup.stackGraph`, `backup.elasticsearch`,
`backup.configuration`, `clickhouse.backup`, `victoria-metrics-0/1.backup`) for characters
outside letters, digits, `.`, `_`, `-` and `/`, and Victoria Metrics prefixes that YAML reads as
a number or a boolean.

## Why is this bad?
The chart renders the prefixes unquoted (`value: {{ include "ensureTrailingSlashIfNotEmpty" ...
}}`): `: ` or ` #` break the manifest or cut the value short, and a Victoria Metrics prefix such as
`2024` becomes a number, which Kubernetes refuses as an environment value. In the Victoria
Metrics crontab line the prefix is an unquoted shell word: a space or a shell character breaks
the line, and supercronic or the backup command fails.

## Example
```yaml
backup:
  stackGraph:
    s3Prefix: "prod cluster"
```

## Use instead
```yaml
    s3Prefix: prod-cluster
```
"#,
};

pub(crate) const PREFIX_LEADING_SLASH: Rule = Rule {
    code: "SB508",
    name: "s3-prefix-slash",
    severity: Severity::Warning,
    generations: Generations::from(Generation::D1),
    summary: "An `s3Prefix` that starts with `/` or has an empty segment (`//`).",
    explanation: r#"## What it does
Reports prefixes with a leading `/` or two slashes in a row.

## Why is this bad?
The chart prepends the prefix to the object key as it is: `/prod/` makes keys that start with a
slash, an empty folder name in most S3 tools, and restores or listings that name the prefix
without the slash find nothing. Write the folder without the leading slash.

## Example
```yaml
    s3Prefix: /prod
```

## Use instead
```yaml
    s3Prefix: prod
```
"#,
};

pub(crate) const VM_PREFIX_EXPIRY: Rule = Rule {
    code: "SB509",
    name: "victoria-metrics-prefix-expiry",
    severity: Severity::Warning,
    generations: Generations::from(Generation::E),
    summary: "A Victoria Metrics `s3Prefix` whose last segment is not `victoria-metrics-<N>`: the daily copies are never deleted.",
    explanation: r#"## What it does
Checks `victoria-metrics-0/1.backup.s3Prefix` on suse-observability 2.10.0 and later.

## Why is this bad?
The daily job copies `<prefix>-latest` to `<prefix>-<timestamp>` and keeps `keepLastDaily` and
`keepLastWeekly` of them; it finds them with `grep -E '^victoria-metrics-[0-9]+-[0-9]{14}/$'` on
the folder names. With another last segment (`vm0`, `metrics/prod`) no copy matches: none is
ever deleted, and the bucket grows by a full copy a day.

## Example
```yaml
victoria-metrics-0:
  backup:
    s3Prefix: prod/vm0
```

## Use instead
```yaml
    s3Prefix: prod/victoria-metrics-0
```
"#,
};

/// Why a character of a prefix breaks what the chart renders, if it does.
fn breaking(c: char) -> Option<&'static str> {
    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/') {
        None
    } else if c.is_whitespace() || c.is_control() {
        Some("white space or a control character splits the crontab line and can break the YAML")
    } else if matches!(
        c,
        ':' | '#'
            | '"'
            | '\''
            | '['
            | ']'
            | '{'
            | '}'
            | ','
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '%'
            | '@'
            | '`'
            | '?'
    ) {
        Some(
            "the chart writes the prefix unquoted into YAML, where this character can start or end a construct",
        )
    } else if matches!(c, '$' | ';' | '(' | ')' | '<' | '\\' | '~' | '=') {
        Some(
            "the prefix is an unquoted shell word in the Victoria Metrics crontab line and the scripts",
        )
    } else {
        Some(
            "it is outside the characters every consumer of the prefix (YAML, shell, S3 keys) takes as they are",
        )
    }
}

/// Whether YAML reads an unquoted word as something other than a string.
fn reads_as_non_string(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) || text.parse::<f64>().is_ok()
}

fn check(cx: &mut Context<'_>) {
    let values = cx.values;
    let prefixes = [
        (
            "backup.stackGraph.s3Prefix",
            &values.backup.stack_graph.s3_prefix,
        ),
        (
            "backup.elasticsearch.s3Prefix",
            &values.backup.elasticsearch.s3_prefix,
        ),
        (
            "backup.configuration.s3Prefix",
            &values.backup.configuration.s3_prefix,
        ),
        (
            "clickhouse.backup.s3Prefix",
            &values.clickhouse.backup.s3_prefix,
        ),
        (
            "victoria-metrics-0.backup.s3Prefix",
            &values.victoria_metrics_0.backup.s3_prefix,
        ),
        (
            "victoria-metrics-1.backup.s3Prefix",
            &values.victoria_metrics_1.backup.s3_prefix,
        ),
    ];
    let expiry_era = cx
        .generations
        .intersection(Generations::from(Generation::E))
        == cx.generations;
    for (path, prefix) in prefixes {
        let Some(prefix) = prefix.clone() else {
            continue;
        };
        let is_vm = path.starts_with("victoria-metrics-");
        if let Some((at, c, why)) = prefix
            .char_indices()
            .find_map(|(at, c)| breaking(c).map(|why| (at, c, why)))
        {
            let shown = if c.is_control() || c.is_whitespace() {
                format!("U+{:04X}", c as u32)
            } else {
                format!("`{c}`")
            };
            cx.report_within(
                &PREFIX_CHARACTERS,
                path,
                at..at + c.len_utf8(),
                format!("`{path}` contains {shown}: {why}"),
                Some("use letters, digits, `.`, `_`, `-` and `/` only".into()),
            );
            continue;
        }
        if is_vm && reads_as_non_string(&prefix) {
            cx.report(
                &PREFIX_CHARACTERS,
                path,
                format!("the chart writes `{prefix}` unquoted, where YAML reads it as a number or a boolean, not a string: Kubernetes refuses it as an environment value"),
                Some("add a letter, for example `vm-2024`".into()),
            );
            continue;
        }
        if prefix.starts_with('/') || prefix.contains("//") {
            cx.report(
                &PREFIX_LEADING_SLASH,
                path,
                format!("`{prefix}` starts with `/` or has an empty segment: the object keys get an empty folder name"),
                Some(format!("write `{}`", prefix.trim_start_matches('/').split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("/"))),
            );
        }
        if is_vm && expiry_era {
            let last = prefix
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("");
            let expired = last
                .strip_prefix("victoria-metrics-")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !expired {
                let instance = &path[..path.find('.').unwrap_or(0)];
                cx.report(
                    &VM_PREFIX_EXPIRY,
                    path,
                    format!("the last segment of `{prefix}` is not `victoria-metrics-<N>`: the daily job's expiry matches no copy, so none is ever deleted"),
                    Some(format!("end the prefix with `{instance}`, for example `prod/{instance}`")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_characters_and_yaml_words() {
        assert!(
            "prod/stack-graph_1.x"
                .chars()
                .all(|c| breaking(c).is_none())
        );
        assert!(breaking(' ').is_some() && breaking(':').is_some() && breaking('$').is_some());
        assert!(reads_as_non_string("2024") && reads_as_non_string("On"));
        assert!(!reads_as_non_string("vm-2024"));
    }
}
