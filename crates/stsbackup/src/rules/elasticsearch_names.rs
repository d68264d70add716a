//! The names the chart sends to Elasticsearch: the snapshot repository, the SLM policy id and
//! the snapshot name template. The chart pastes them into request URLs and JSON bodies.

use super::{Context, Family, Rule};
use crate::finding::Severity;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[&REPOSITORY_NAME, &POLICY_NAME, &SNAPSHOT_NAME_TEMPLATE],
    check: Some(check),
};

pub(crate) const REPOSITORY_NAME: Rule = Rule {
    code: "SB410",
    name: "snapshot-repository-name",
    severity: Severity::Error,
    summary: "`snapshotRepositoryName` is not a name Elasticsearch accepts for a repository.",
    explanation: r#"## What it does
Checks `backup.elasticsearch.snapshotRepositoryName` as Elasticsearch does: not empty, no `#`,
and none of the characters a file name cannot have (`\ / * ? " < > |`, space, `,`).

## Why is this bad?
The init Job registers the repository with `PUT /_snapshot/<name>`; Elasticsearch refuses the
name (or the URL breaks), the Job fails, and no snapshot is ever taken or restored.
"#,
};

pub(crate) const POLICY_NAME: Rule = Rule {
    code: "SB411",
    name: "snapshot-policy-name",
    severity: Severity::Error,
    summary: "`snapshotPolicyName` is not an SLM policy id Elasticsearch accepts.",
    explanation: r#"## What it does
Checks `backup.elasticsearch.scheduled.snapshotPolicyName` as Elasticsearch checks SLM policy
ids: not empty, no `,`, no spaces, not starting with `_`, lowercase, at most 255 bytes, and none
of the characters a file name cannot have.

## Why is this bad?
The init Job creates the policy with `PUT /_slm/policy/<name>`; Elasticsearch refuses it, the
Job fails, and no snapshot is ever scheduled.
"#,
};

pub(crate) const SNAPSHOT_NAME_TEMPLATE: Rule = Rule {
    code: "SB412",
    name: "snapshot-name-template",
    severity: Severity::Error,
    summary: "`snapshotNameTemplate` makes invalid or repeating snapshot names.",
    explanation: r#"## What it does
Checks `backup.elasticsearch.scheduled.snapshotNameTemplate`, an Elasticsearch date-math name
such as `<sts-backup-{now{yyyyMMdd-HHmm}}>`: the names it makes must be lowercase, without
whitespace, `#`, `,` or the characters a file name cannot have, not starting with `_`, and it must
contain a `{now...}` part, so that each snapshot gets a new name.

## Why is this bad?
Elasticsearch refuses the policy for an invalid name. A name without date math is the same for
every snapshot: the first one succeeds and every later one fails because the snapshot already
exists, so the backups silently stop after day one.

## Example
```yaml
      snapshotNameTemplate: "sts-backup"
```

## Use instead
```yaml
      snapshotNameTemplate: "<sts-backup-{now{yyyyMMdd-HHmm}}>"
```
"#,
};

/// The characters Elasticsearch's `Strings.validFileName` refuses.
const INVALID_FILE_NAME_CHARS: &[char] = &['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ','];

fn bad_characters(text: &str) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for c in text.chars() {
        let shown = if c == ' ' {
            "spaces".to_owned()
        } else if c.is_whitespace() || c.is_control() {
            "whitespace or control characters".to_owned()
        } else if INVALID_FILE_NAME_CHARS.contains(&c) || c == '#' {
            format!("`{c}`")
        } else {
            continue;
        };
        if !found.contains(&shown) {
            found.push(shown);
        }
    }
    (!found.is_empty()).then(|| found.join(", "))
}

fn check(cx: &mut Context<'_>) {
    let es = &cx.values.backup.elasticsearch;
    let repository = es.snapshot_repository_name.clone();
    let policy = es.scheduled.snapshot_policy_name.clone();
    let template = es.scheduled.snapshot_name_template.clone();

    let repository_path = "backup.elasticsearch.snapshotRepositoryName";
    if repository.is_empty() {
        cx.report(
            &REPOSITORY_NAME,
            repository_path,
            "the snapshot repository name is empty",
            None,
        );
    } else if let Some(bad) = bad_characters(&repository) {
        cx.report(
            &REPOSITORY_NAME,
            repository_path,
            format!("`{repository}` contains {bad}: Elasticsearch refuses it as a repository name"),
            Some("use lowercase letters, digits and `-`, such as `sts-backup`".into()),
        );
    }

    let policy_path = "backup.elasticsearch.scheduled.snapshotPolicyName";
    let mut problems = Vec::new();
    if policy.is_empty() {
        problems.push("it is empty".to_owned());
    }
    if let Some(bad) = bad_characters(&policy) {
        problems.push(format!("it contains {bad}"));
    }
    if policy.starts_with('_') {
        problems.push("it starts with `_`".to_owned());
    }
    if policy.chars().any(char::is_uppercase) {
        problems.push("it has uppercase letters".to_owned());
    }
    if policy.len() > 255 {
        problems.push(format!("it has {} bytes, more than 255", policy.len()));
    }
    if !problems.is_empty() {
        cx.report(
            &POLICY_NAME,
            policy_path,
            format!(
                "`{policy}` is not an SLM policy id Elasticsearch accepts: {}",
                problems.join("; ")
            ),
            Some("use lowercase letters, digits and `-`, such as `auto-sts-backup`".into()),
        );
    }

    let template_path = "backup.elasticsearch.scheduled.snapshotNameTemplate";
    if let Some(problem) = snapshot_template_problem(&template) {
        cx.report(
            &SNAPSHOT_NAME_TEMPLATE,
            template_path,
            format!("`{template}` {problem}"),
            Some("for example `<sts-backup-{now{yyyyMMdd-HHmm}}>`".into()),
        );
    }
}

/// What is wrong with a snapshot name template, if anything.
fn snapshot_template_problem(template: &str) -> Option<String> {
    let Some(inner) = template.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return Some(if template.contains('{') {
            "uses date math without the surrounding `<...>`, so Elasticsearch takes it literally"
                .to_owned()
        } else {
            "has no date math: every snapshot gets the same name, and every one after the first fails".to_owned()
        });
    };
    // The fixed text: everything outside the (possibly nested) `{...}` expressions.
    let mut fixed = String::new();
    let mut depth = 0usize;
    let mut has_now = false;
    let mut expression = String::new();
    for c in inner.chars() {
        match c {
            '{' => {
                depth += 1;
                expression.push(c);
            }
            '}' if depth > 0 => {
                depth -= 1;
                expression.push(c);
                if depth == 0 {
                    has_now |= expression.starts_with("{now");
                    expression.clear();
                }
            }
            '}' => return Some("has an unbalanced `}`".to_owned()),
            _ if depth > 0 => expression.push(c),
            _ => fixed.push(c),
        }
    }
    if depth > 0 {
        return Some("has an unbalanced `{`".to_owned());
    }
    if !has_now {
        return Some("has no `{now...}` part: every snapshot gets the same name, and every one after the first fails".to_owned());
    }
    if let Some(bad) = bad_characters(&fixed) {
        return Some(format!(
            "makes names containing {bad}, which Elasticsearch refuses"
        ));
    }
    if fixed.chars().any(char::is_uppercase) {
        return Some(
            "makes names with uppercase letters: snapshot names must be lowercase".to_owned(),
        );
    }
    if fixed.starts_with('_') {
        return Some("makes names starting with `_`, which Elasticsearch refuses".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_templates() {
        assert_eq!(
            snapshot_template_problem("<sts-backup-{now{yyyyMMdd-HHmm}}>"),
            None
        );
        assert_eq!(snapshot_template_problem("<nightly-{now/d}>"), None);
        assert!(
            snapshot_template_problem("sts-backup")
                .unwrap()
                .contains("same name")
        );
        assert!(
            snapshot_template_problem("sts-{now/d}")
                .unwrap()
                .contains("literally")
        );
        assert!(
            snapshot_template_problem("<Sts-{now/d}>")
                .unwrap()
                .contains("uppercase")
        );
        assert!(
            snapshot_template_problem("<sts backup-{now/d}>")
                .unwrap()
                .contains("spaces")
        );
        assert!(
            snapshot_template_problem("<sts-{now/d>")
                .unwrap()
                .contains("unbalanced")
        );
        assert!(
            snapshot_template_problem("<sts-backup>")
                .unwrap()
                .contains("no `{now")
        );
    }

    #[test]
    fn file_name_characters() {
        assert_eq!(bad_characters("sts-backup"), None);
        assert_eq!(
            bad_characters("a b,c#").as_deref(),
            Some("spaces, `,`, `#`")
        );
    }
}
