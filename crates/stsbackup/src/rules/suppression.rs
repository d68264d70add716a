//! Inline suppression: `# stsbackup: ignore[SB203]` at the end of a line silences findings of
//! those codes on that line, and an ignore that silences nothing is itself reported.

use super::{Family, Rule, finding_at};
use crate::finding::{Finding, Severity};
use crate::load::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rules of this family; their findings come from inline ignores (run on the findings of the others), not from a model check.
pub(super) const FAMILY: Family = Family {
    rules: &[&UNUSED_IGNORE],
    check: None,
};

pub(crate) const UNUSED_IGNORE: Rule = Rule {
    code: "SB008",
    name: "unused-ignore",
    severity: Severity::Warning,
    summary: "A `# stsbackup: ignore[...]` comment that silences nothing.",
    explanation: r#"## What it does
Reports an inline ignore comment naming a code that has no finding on its line, or a code that
is not a rule.

## Why is this bad?
A stale ignore hides the next real problem on that line: once the original finding is fixed,
the comment silently suppresses whatever comes next. Remove it.

## Example
```yaml
backup:
  stackGraph:
    bucketName: acme-backups  # stsbackup: ignore[SB203]
```
(with local storage, where SB203 does not apply)

## Use instead
```yaml
    bucketName: acme-backups
```
"#,
};

static IGNORE_COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    // A YAML comment starts at the line start or after whitespace.
    Regex::new(r"(?:^|\s)#\s*stsbackup:\s*ignore\[([^\]]*)\]").expect("valid regex")
});

/// One code named in an ignore comment.
struct IgnoredCode {
    origin: usize,
    line: usize,
    code: String,
    /// Byte range of the code in the file.
    span: std::ops::Range<usize>,
    used: bool,
}

/// Drops the findings an inline comment ignores, and adds SB008 for every ignore that
/// matched nothing.
pub(crate) fn apply_inline_ignores(document: &Document, findings: Vec<Finding>) -> Vec<Finding> {
    let mut ignores = Vec::new();
    for (origin, source) in document.sources.iter().enumerate() {
        collect_ignores(origin, source.text(), &mut ignores);
    }
    if ignores.is_empty() {
        return findings;
    }
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let ignore = ignores.iter_mut().find(|i| {
            i.origin == finding.source
                && i.line == finding.position.line
                && i.code == finding.code()
        });
        match ignore {
            Some(ignore) => ignore.used = true,
            None => kept.push(finding),
        }
    }
    for ignore in ignores.iter().filter(|i| !i.used) {
        let message = if super::lookup(&ignore.code).is_none() {
            format!(
                "`{}` in this ignore comment is not a stsbackup rule",
                ignore.code
            )
        } else {
            format!(
                "this ignore comment silences nothing: there is no {} finding on this line",
                ignore.code
            )
        };
        kept.push(finding_at(
            &UNUSED_IGNORE,
            document,
            "",
            document.locate(ignore.origin, ignore.span.clone()),
            message,
            Some("remove the stale ignore".into()),
        ));
    }
    kept
}

/// The codes named in the ignore comments of one source.
fn collect_ignores(origin: usize, text: &str, ignores: &mut Vec<IgnoredCode>) {
    if !text.contains("stsbackup:") {
        return;
    }
    let mut line_start = 0;
    for (index, line) in text.split('\n').enumerate() {
        if line.contains("stsbackup:") {
            for captures in IGNORE_COMMENT.captures_iter(line) {
                let list = captures.get(1).expect("group 1 always matches");
                let mut offset = list.start();
                for part in list.as_str().split(',') {
                    let code = part.trim();
                    let leading = part.len() - part.trim_start().len();
                    let start = line_start + offset + leading;
                    if !code.is_empty() {
                        ignores.push(IgnoredCode {
                            origin,
                            line: index + 1,
                            code: code.to_ascii_uppercase(),
                            span: start..start + code.len(),
                            used: false,
                        });
                    }
                    offset += part.len() + 1;
                }
            }
        }
        line_start += line.len() + 1;
    }
}
