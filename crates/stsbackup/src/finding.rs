//! The one finding type that every rule produces and every output format consumes.

use serde::Serialize;
use std::fmt;

/// How bad a finding is.
///
/// The principle: **error** for anything that makes a backup or restore fail or silently not
/// happen, **warning** for what works but is risky, **info** for advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
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
    pub line: usize,
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
    /// The stable rule code, for example `SB201`.
    pub code: &'static str,
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
    pub position: Position,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Finding {
    /// The rule's short name, for example `s3-bucket-name`.
    pub fn rule_name(&self) -> &'static str {
        crate::rules::lookup(self.code)
            .map(|rule| rule.name)
            .unwrap_or("")
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
            self.code,
            self.message
        )
    }
}
