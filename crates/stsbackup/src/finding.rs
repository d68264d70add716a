//! The one finding type that every rule produces and every output format consumes.

use crate::generation::Generations;
use serde::{Serialize, Serializer};
use std::fmt;

/// A rule: what it is called, how bad a finding of it is, and why.
///
/// It lives here, beside [`Finding`], because every finding carries its rule: the rules
/// (downstream) build findings, and nothing here needs to know which rules exist.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, for example `SB201`.
    pub code: &'static str,
    /// Short kebab-case name, for example `s3-bucket-name`.
    pub name: &'static str,
    /// How bad a finding of this rule is.
    pub severity: Severity,
    /// The chart generations the rule applies to: a file is judged by the rules that apply to
    /// every generation it may be for.
    pub generations: Generations,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Markdown: why it matters (what breaks, and when), an example, the fix, references.
    pub explanation: &'static str,
}

/// How bad a finding is.
///
/// The principle: **error** for anything that makes a backup or restore fail or silently not
/// happen, **warning** for what works but is risky, **info** for advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice: nothing breaks.
    Info,
    /// It works, but is risky.
    Warning,
    /// A backup or restore fails, or silently does not happen.
    Error,
}

impl Severity {
    /// The severity as it is printed: `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding points: 1-based line and column (in characters) of the offending node,
/// and the byte range of that node in the file, for carets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// Byte offset of the node's first byte in the file.
    #[serde(skip)]
    pub start: usize,
    /// Byte offset just past the node (on the same line at most, for display).
    #[serde(skip)]
    pub end: usize,
}

/// One problem found in a values file.
///
/// Messages and help texts never contain a secret value (MinIO and AWS secret keys, Azure
/// account keys): rules describe them by length and position only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule that found it; serialised as its stable code, for example `SB201`.
    #[serde(rename = "code", serialize_with = "serialize_code")]
    pub rule: &'static Rule,
    /// How bad it is: the rule's severity.
    pub severity: Severity,
    /// The values path in Helm's dotted form, for example `backup.stackGraph.bucketName`.
    pub path: String,
    /// The file the finding is in, as it was named to the loader (or `--set` for a value
    /// set on the command line).
    pub file: String,
    /// Which of the document's sources `file` is (an index into `Document::sources`), for
    /// output formats that show the line.
    #[serde(skip)]
    pub source: usize,
    #[serde(flatten)]
    /// Where the value is written (or the nearest enclosing key, for a chart default).
    pub position: Position,
    /// What is wrong, without quoting any secret.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// How to fix it, when there is a fix to suggest.
    pub help: Option<String>,
}

fn serialize_code<S: Serializer>(rule: &&'static Rule, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rule.code)
}

impl Finding {
    /// The stable code of the rule, for example `SB201`.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// The rule's short name, for example `s3-bucket-name`.
    pub fn rule_name(&self) -> &'static str {
        self.rule.name
    }
}

impl fmt::Display for Finding {
    /// `values.yaml:5:17: error[SB201] message` — the one-line form editors understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}] {}",
            self.file,
            self.position.line,
            self.position.column,
            self.severity,
            self.rule.code,
            self.message
        )
    }
}
