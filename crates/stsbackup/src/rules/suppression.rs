//! Inline suppression: `# stsbackup: ignore[SB203]` at the end of a line silences findings of
//! those codes on that line, and an ignore that silences nothing is itself reported.

use super::{Family, Rule, finding_at};
use crate::finding::{Finding, Severity};
use crate::generation::Generations;
use crate::load::Document;
use crate::source::SourceFile;
use regex::Regex;
use std::collections::HashMap;
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
    generations: Generations::ALL,
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

/// The most codes read from the ignore comments of one line.
const MAX_CODES_PER_LINE: usize = 100;

/// The code of the ignore that stands for the codes past [`MAX_CODES_PER_LINE`] (it is no
/// code, so it matches no finding and is reported once).
const TOO_MANY: &str = "";

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
        collect_ignores(origin, source, &mut ignores);
    }
    if ignores.is_empty() {
        return findings;
    }
    // Where each code is ignored: a lookup per finding, however many ignores a file has.
    let mut by_place: HashMap<(usize, usize, &str), usize> = HashMap::with_capacity(ignores.len());
    for (index, ignore) in ignores.iter().enumerate() {
        by_place
            .entry((ignore.origin, ignore.line, ignore.code.as_str()))
            .or_insert(index);
    }
    let mut used = vec![false; ignores.len()];
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        match by_place.get(&(finding.source, finding.position.line, finding.code())) {
            Some(&index) => used[index] = true,
            None => kept.push(finding),
        }
    }
    for (ignore, used) in ignores.iter_mut().zip(used) {
        ignore.used = used;
    }
    for ignore in ignores.iter().filter(|i| !i.used) {
        let message = if ignore.code == TOO_MANY {
            format!(
                "this ignore comment names more than {MAX_CODES_PER_LINE} codes: the rest of them are not read"
            )
        } else if super::lookup(&ignore.code).is_none() {
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

/// The codes named in the ignore comments of one source, line by line as YAML counts lines.
fn collect_ignores(origin: usize, source: &SourceFile, ignores: &mut Vec<IgnoredCode>) {
    let text = source.text();
    if !text.contains("stsbackup:") {
        return;
    }
    // A code named twice on one line is one ignore; a line names a bounded number of codes
    // (there are fewer rules than that), so that a 16 MiB comment cannot make millions of
    // findings.
    let mut seen = std::collections::HashSet::new();
    for line_number in 1..=source.line_count() {
        let Some(range) = source.line_range(line_number) else {
            break;
        };
        let line = &text[range.clone()];
        if !line.contains("stsbackup:") {
            continue;
        }
        let mut line_codes = 0;
        for captures in IGNORE_COMMENT.captures_iter(line) {
            let list = captures.get(1).expect("group 1 always matches");
            let mut offset = list.start();
            for part in list.as_str().split(',') {
                let code = part.trim();
                let leading = part.len() - part.trim_start().len();
                let start = range.start + offset + leading;
                if line_codes > MAX_CODES_PER_LINE {
                    break;
                }
                if !code.is_empty() && seen.insert((line_number, code.to_ascii_uppercase())) {
                    line_codes += 1;
                    if line_codes > MAX_CODES_PER_LINE {
                        ignores.push(IgnoredCode {
                            origin,
                            line: line_number,
                            code: TOO_MANY.to_owned(),
                            span: start..start + code.len(),
                            used: false,
                        });
                        break;
                    }
                    ignores.push(IgnoredCode {
                        origin,
                        line: line_number,
                        code: code.to_ascii_uppercase(),
                        span: start..start + code.len(),
                        used: false,
                    });
                }
                offset += part.len() + 1;
            }
        }
    }
}
