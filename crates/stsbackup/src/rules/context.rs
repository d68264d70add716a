//! What a rule sees: the typed values, where each of them was written, and a place to report.

use super::Rule;
use crate::calendar::DateTime;
use crate::finding::Finding;
use crate::generation::{ChartVersion, Generations};
use crate::issue::ValueIssue;
use crate::load::{Document, Located, Node, NodeValue};
use crate::model::Values;
use std::ops::Range;

/// The state shared by the semantic rules while they check one set of values.
pub(crate) struct Context<'a> {
    pub values: &'a Values,
    pub document: &'a Document,
    /// "Now", for rules about when schedules fire; fixed by the caller so results repeat.
    pub now: DateTime,
    /// The generations the values may be for: a rule that reads a value differently per
    /// generation judges it by every one of them.
    pub generations: Generations,
    /// The release named by the caller (`--chart`), when one was.
    pub chart: Option<ChartVersion>,
    /// The releases the values are checked against: the named one, or the newest of each
    /// candidate generation. A rule that depends on the release holds for all of them.
    pub releases: Vec<ChartVersion>,
    findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    pub fn new(
        values: &'a Values,
        document: &'a Document,
        now: DateTime,
        generations: Generations,
    ) -> Self {
        Context {
            values,
            document,
            now,
            generations,
            chart: None,
            releases: generations
                .iter()
                .map(crate::generation::Generation::newest_release)
                .collect(),
            findings: Vec::new(),
        }
    }

    /// The default of a string key at the releases checked, when they agree (the catalogue's):
    /// what the chart uses where the file is silent.
    pub fn release_default(&self, path: &str) -> Option<String> {
        let key = crate::catalogue::lookup(path)?;
        let mut defaults = self.releases.iter().map(|release| key.default_at(*release));
        let first = defaults.next()??;
        if !defaults.all(|default| default == Some(first)) {
            return None;
        }
        serde_json::from_str::<String>(first).ok()
    }

    /// Whether backups are on in every generation the values are checked against (see
    /// [`Values::backups_enabled_in`]): a rule that needs backups on says nothing where one
    /// candidate generation would not back up at all.
    pub fn backups_enabled(&self) -> bool {
        !self.generations.is_empty()
            && self
                .generations
                .iter()
                .all(|generation| self.values.backups_enabled_in(generation))
    }

    /// The node the values file writes at `path`, if it writes one.
    pub fn written(&self, path: &str) -> Option<&'a Node> {
        self.node(path)
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// Reports a finding of `rule` at the value written at `path` (dotted), or at the nearest
    /// enclosing key the file has when the value is the chart's default.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        path: &str,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let at = self.position_of(path);
        self.push(rule, path, at, message.into(), help);
    }

    /// Reports a finding that points at a part of a string value: `range` is a byte range in
    /// the value as the model holds it. Falls back to the whole value when the text in the
    /// file is escaped and the range cannot be mapped exactly.
    pub fn report_within(
        &mut self,
        rule: &'static Rule,
        path: &str,
        range: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let at = match self.node(path) {
            Some(node) => match content_offset(self.document.source_of(node.origin).text(), node) {
                Some(offset) if range.end >= range.start => {
                    let start = node.span.start + offset + range.start;
                    let end = (node.span.start + offset + range.end.max(range.start + 1))
                        .min(node.span.end);
                    self.document.locate(node.origin, start..end.max(start))
                }
                _ => self.position_of(path),
            },
            None => self.position_of(path),
        };
        self.push(rule, path, at, message.into(), help);
    }

    /// Reports a parser's issue (its message, help and byte range in the value) at `path`.
    pub fn report_issue(&mut self, rule: &'static Rule, path: &str, issue: ValueIssue) {
        self.report_within(rule, path, issue.range, issue.message, issue.help);
    }

    fn push(
        &mut self,
        rule: &'static Rule,
        path: &str,
        at: Located,
        message: String,
        help: Option<String>,
    ) {
        // Rules name values by dotted literals; a misspelt one would point nowhere and hide
        // behind the nearest written ancestor. Every test run in a debug build checks them.
        debug_assert!(
            is_known_path(path),
            "rule {} reports `{path}`, which the model does not have",
            rule.code
        );
        self.findings.push(Finding {
            rule,
            severity: rule.severity,
            path: path.to_owned(),
            file: self.document.source_of(at.origin).name().to_owned(),
            source: at.origin,
            position: at.position,
            message,
            help,
        });
    }

    /// Whether the values file itself sets `path` (as opposed to the chart default).
    pub fn is_written(&self, path: &str) -> bool {
        self.node(path).is_some()
    }

    fn node(&self, path: &str) -> Option<&'a Node> {
        self.document.root.as_ref()?.at(path.split('.'))
    }

    /// Where to point for `path`: the value when it is a scalar, the key when it is a mapping
    /// or a list, and the nearest written ancestor's key when the file does not set it.
    pub fn position_of(&self, path: &str) -> Located {
        position_of_segments(self.document, &path.split('.').collect::<Vec<_>>())
    }
}

/// Whether the model has the value a rule names by its dotted path.
pub(crate) fn is_known_path(path: &str) -> bool {
    !path.is_empty() && crate::schema::is_known_path(&path.split('.').collect::<Vec<_>>())
}

/// The position of the value at `segments`, or of the nearest written ancestor's key.
pub(crate) fn position_of_segments<S: AsRef<str>>(document: &Document, segments: &[S]) -> Located {
    let Some(root) = document.root.as_ref() else {
        return document.start();
    };
    let mut node = root;
    let mut best: Option<(usize, Range<usize>)> = None;
    for (index, segment) in segments.iter().enumerate() {
        let segment = segment.as_ref();
        let last = index + 1 == segments.len();
        match &node.value {
            NodeValue::Map(_) => match node.get(segment) {
                Some(entry) => {
                    let is_scalar = !matches!(
                        entry.value.value,
                        NodeValue::Map(_) | NodeValue::Seq(_) | NodeValue::Null
                    );
                    // An entry's key is written where its value is (a merge keeps them together).
                    let span = if last && is_scalar {
                        &entry.value.span
                    } else {
                        &entry.key_span
                    };
                    best = Some((entry.value.origin, span.clone()));
                    node = &entry.value;
                }
                None => break,
            },
            NodeValue::Seq(items) => match segment.parse::<usize>().ok().and_then(|i| items.get(i))
            {
                Some(item) => {
                    best = Some((item.origin, item.span.clone()));
                    node = item;
                }
                None => break,
            },
            _ => break,
        }
    }
    match best {
        Some((origin, span)) => document.locate(origin, span),
        // Nothing of the path is written (a chart default): point at the backup values the
        // file does have (`minio:` when it has no `backup:`), else at its first key, never at a
        // comment on line 1.
        None => {
            let NodeValue::Map(entries) = &root.value else {
                return document.start();
            };
            entries
                .iter()
                .find(|entry| crate::model::SECTIONS.contains(&entry.key.as_str()))
                .or(entries.first())
                .map_or_else(
                    || document.start(),
                    |entry| document.locate(entry.value.origin, entry.key_span.clone()),
                )
        }
    }
}

/// Offset of a string's content inside its YAML text: 0 for a plain scalar, 1 for a quoted
/// scalar without escapes, `None` when escapes or folding make the mapping inexact.
fn content_offset(text: &str, node: &Node) -> Option<usize> {
    let NodeValue::String(value) = &node.value else {
        return None;
    };
    let raw = text.get(node.span.clone())?;
    if raw == value {
        return Some(0);
    }
    let quoted = (raw.starts_with('"') && raw.ends_with('"'))
        || (raw.starts_with('\'') && raw.ends_with('\''));
    (quoted && raw.len() >= 2 && &raw[1..raw.len() - 1] == value).then_some(1)
}

#[cfg(test)]
mod tests {
    use super::is_known_path;

    #[test]
    fn a_misspelt_path_is_not_a_value_of_the_model() {
        assert!(is_known_path("backup.stackGraph.bucketName"));
        assert!(is_known_path("minio.s3gateway.enabled"));
        assert!(!is_known_path("backup.stackgraph.bucketName"));
        assert!(!is_known_path("backup.stackGraph.bucketname"));
        assert!(!is_known_path(""));
    }
}
