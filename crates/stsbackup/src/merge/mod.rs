//! Helm's merging of `-f` files and `--set` expressions, keeping where each value came from.
//!
//! `helm install -f base.yaml -f prod.yaml --set backup.enabled=true` hands the chart one
//! set of user values, built by `values.Options.MergeValues` (Helm v4.2): the files merged in
//! order (a later file wins; mappings merge key by key; lists and `null`s replace), then every
//! `--set`, then every `--set-string`, then every `--set-literal` applied on top by Helm's
//! `strvals` parser. [`merge`] builds the same values as one [`Document`], so that it can be
//! validated once, and every node keeps the source (file or `--set` argument) and the byte
//! range that wrote it, so a finding points to the file, line and column of the winning
//! value, or to the column of the value inside the `--set` expression.
//!
//! ```
//! use stsbackup::merge::{ValuesInput, merge};
//!
//! let base = stsbackup::load_str(
//!     "base.yaml",
//!     "backup:\n  enabled: false\n  stackGraph:\n    bucketName: Bad_Name\n",
//! );
//! let prod = stsbackup::load_str("prod.yaml", "backup:\n  enabled: true\n");
//! let document = merge(vec![
//!     ValuesInput::File(base),
//!     ValuesInput::File(prod),
//!     ValuesInput::set("minio.accessKey=AKIAEXAMPLE1"),
//! ]);
//! let report = stsbackup::validate(&document);
//! let bucket = report.findings.iter().find(|f| f.code() == "SB201").unwrap();
//! // The bucket name comes from base.yaml, line 4, column 17.
//! assert_eq!(
//!     (bucket.file.as_str(), bucket.position.line, bucket.position.column),
//!     ("base.yaml", 4, 17)
//! );
//! ```
//!
//! What is not Helm's: the `--set-json` and `--set-file` flags are not modelled (the CLI
//! should refuse them); a `--set` path is limited to [`MAX_SET_DEPTH`] keys and indices, and
//! the expressions of a merge to [`MAX_SET_NODES`] created values, so that hostile text
//! stays cheap; and each `-f` file contributes its first YAML document, as the loader reads
//! it (Helm 3 does the same; Helm 4 merges every document of a file).

mod strvals;
mod tree;

pub use strvals::{MAX_INDEX, MAX_NESTED_NAME_LEVEL, MAX_SET_DEPTH, MAX_SET_NODES};

use crate::load::{Document, LoadProblem, LoadProblemKind, MAX_FILE_BYTES, Node, NodeValue};
use crate::source::SourceFile;
use tree::{Work, WorkMap, WorkValue};

/// One input of a merge, as given on Helm's command line.
#[derive(Clone, Debug)]
pub enum ValuesInput {
    /// A `-f`/`--values` file, already loaded (see [`crate::load_file`]).
    File(Document),
    /// A `--set`, `--set-string` or `--set-literal` argument.
    Set {
        /// The argument, for example `backup.enabled=true,minio.persistence.size=10Gi`.
        expression: String,
        /// How the value's text is read.
        kind: SetKind,
    },
}

impl ValuesInput {
    /// A `--set` argument.
    pub fn set(expression: impl Into<String>) -> Self {
        ValuesInput::Set {
            expression: expression.into(),
            kind: SetKind::Typed,
        }
    }

    /// A `--set-string` argument.
    pub fn set_string(expression: impl Into<String>) -> Self {
        ValuesInput::Set {
            expression: expression.into(),
            kind: SetKind::String,
        }
    }

    /// A `--set-literal` argument.
    pub fn set_literal(expression: impl Into<String>) -> Self {
        ValuesInput::Set {
            expression: expression.into(),
            kind: SetKind::Literal,
        }
    }
}

/// How Helm reads the values of a `--set`-style argument. The order of the variants is the
/// order in which Helm applies them, after every file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SetKind {
    /// `--set`: `true`, `false`, `null` (in any case) and decimal integers without a
    /// leading zero are typed, `{a,b}` is a list, `\` escapes the next character.
    Typed,
    /// `--set-string`: as `--set`, but every value is a string.
    String,
    /// `--set-literal`: one `key=value`, where the value is everything after the first `=`,
    /// commas and backslashes included.
    Literal,
}

impl SetKind {
    /// The command-line flag, which is also the name of the source it becomes.
    pub fn flag(self) -> &'static str {
        match self {
            SetKind::Typed => "--set",
            SetKind::String => "--set-string",
            SetKind::Literal => "--set-literal",
        }
    }
}

/// Merges values as `helm install -f a.yaml -f b.yaml --set x=1` does, before the chart's
/// defaults are coalesced in, keeping the provenance of every value.
///
/// The inputs may come in command-line order: the files are applied first in their order,
/// then the `--set` arguments, then the `--set-string` ones, then the `--set-literal` ones,
/// each kind in its order, whatever their order on the command line (as Helm does).
///
/// The returned document has:
/// - `sources`: the sources of every input, in the order given (a loaded file has one; a
///   `--set` argument is a source named after its flag, [`SetKind::flag`], whose text is
///   the expression, so that a position in it is line 1, column = byte offset + 1 for ASCII);
/// - `root`: the merged values, each node's `origin` and `span` pointing at the input that
///   wrote it. A mapping that several inputs write is one node, at the first input that
///   wrote it as a mapping, whose entries each point at their own writer; a list changed by
///   `a[0]=x` keeps its position and the new item points at the `--set`. `null`s are kept
///   (the chart's defaults, coalesced later, are what a `null` deletes). `None` only when no
///   input holds values (no `--set`, and every file empty or unreadable). When a file's top
///   level is not a mapping (Helm refuses such a file), the root is that file's value, so
///   that the validator reports it;
/// - `problems`: the inputs' load problems (re-pointed at the merged `sources`), and each
///   `--set` argument Helm refuses as a [`LoadProblemKind::Syntax`] with Helm's message and
///   the byte range in the expression. Helm applies an expression until its first error, and
///   so does `merge`: what came before the error is in the values.
///
/// Secret values set by a `--set` (such as `minio.secretKey`) are registered with its
/// source, so that no shown line reveals them.
///
/// ```
/// use stsbackup::merge::{ValuesInput, merge};
/// use stsbackup::load::NodeValue;
///
/// let file = stsbackup::load_str("values.yaml", "backup:\n  enabled: false\n");
/// let merged = merge(vec![
///     ValuesInput::set_string("backup.enabled=yes"),
///     ValuesInput::set("backup.enabled=true"), // applied first: --set comes before --set-string
///     ValuesInput::File(file),
/// ]);
/// let root = merged.root.as_ref().unwrap();
/// let enabled = root.at(["backup", "enabled"]).unwrap();
/// assert_eq!(enabled.value, NodeValue::String("yes".into()));
/// let source = &merged.sources[enabled.origin];
/// assert_eq!((source.name(), source.text()), ("--set-string", "backup.enabled=yes"));
/// assert_eq!(&source.text()[enabled.span.clone()], "yes");
///
/// let broken = merge(vec![ValuesInput::set("backup.enabled")]);
/// assert!(matches!(
///     &broken.problems[0].kind,
///     stsbackup::load::LoadProblemKind::Syntax { message, span }
///         if message == "key \"enabled\" has no value" && *span == (7..14)
/// ));
/// ```
pub fn merge(inputs: Vec<ValuesInput>) -> Document {
    let mut sources: Vec<SourceFile> = Vec::new();
    let mut problems: Vec<LoadProblem> = Vec::new();
    // Whether each source is a `--set` argument, whose integers Go holds as `int64`.
    let mut from_set: Vec<bool> = Vec::new();
    let mut steps: Vec<Step> = Vec::with_capacity(inputs.len());
    for input in inputs {
        match input {
            ValuesInput::File(document) => {
                let offset = sources.len();
                problems.extend(document.problems.into_iter().map(|problem| LoadProblem {
                    origin: problem.origin + offset,
                    kind: problem.kind,
                }));
                from_set.extend(std::iter::repeat_n(false, document.sources.len()));
                sources.extend(document.sources);
                steps.push(Step::File {
                    root: document.root,
                    offset,
                });
            }
            ValuesInput::Set { expression, kind } => {
                let origin = sources.len();
                sources.push(SourceFile::new(kind.flag(), expression));
                from_set.push(true);
                steps.push(Step::Set { kind, origin });
            }
        }
    }
    if sources.is_empty() {
        // Findings about the values as a whole point at the first source: there must be one.
        sources.push(SourceFile::new("(no values)", ""));
        from_set.push(false);
    }
    // Helm's order: files, then --set, --set-string, --set-literal; the sort is stable.
    steps.sort_by_key(Step::rank);

    let mut values = Values {
        root: None,
        refused: None,
        budget: MAX_SET_NODES,
    };
    for step in steps {
        match step {
            Step::File { root, offset } => values.apply_file(root, offset),
            Step::Set { kind, origin } => {
                if let Some(source) = sources.get_mut(origin)
                    && let Some(problem) = values.apply_set(source, kind, origin, &from_set)
                {
                    problems.push(LoadProblem {
                        origin,
                        kind: problem,
                    });
                }
            }
        }
    }
    problems.sort_by_key(|problem| problem.origin);
    Document {
        sources,
        root: values.refused.or_else(|| values.root.map(Work::into_node)),
        problems,
    }
}

/// The values being merged.
struct Values {
    /// A mapping, once any input holds values.
    root: Option<Work>,
    /// The first file whose top level is not a mapping: Helm stops there.
    refused: Option<Node>,
    /// What the `--set` expressions may still create.
    budget: usize,
}

impl Values {
    /// Merges a file's values in, as Helm's `MergeMaps`.
    fn apply_file(&mut self, root: Option<Node>, offset: usize) {
        let Some(node) = root else {
            return;
        };
        match node.value {
            NodeValue::Map(_) => {
                let overlay = Work::from_node(node, offset);
                match &mut self.root {
                    Some(Work {
                        value: WorkValue::Map(base),
                        ..
                    }) => {
                        if let WorkValue::Map(overlay) = overlay.value {
                            tree::merge_maps(base, overlay);
                        }
                    }
                    // The first mapping is the base of the merge (and the root is never
                    // anything but a mapping).
                    _ => self.root = Some(overlay),
                }
            }
            // A `null` document is no values, as for Helm.
            NodeValue::Null => {
                self.root.get_or_insert_with(|| {
                    Work::map(WorkMap::default(), node.span.clone(), node.origin + offset)
                });
            }
            _ => {
                if self.refused.is_none() {
                    let mut node = node;
                    reindex(&mut node, offset);
                    self.refused = Some(node);
                }
            }
        }
    }

    /// Applies a `--set`-style argument, as Helm's `strvals.ParseInto`; returns why Helm
    /// refuses it, if it does.
    fn apply_set(
        &mut self,
        source: &mut SourceFile,
        kind: SetKind,
        origin: usize,
        from_set: &[bool],
    ) -> Option<LoadProblemKind> {
        let length = source.text().len();
        if length > MAX_FILE_BYTES {
            return Some(LoadProblemKind::TooLarge { bytes: length });
        }
        let root = self
            .root
            .get_or_insert_with(|| Work::map(WorkMap::default(), 0..length, origin));
        let WorkValue::Map(map) = &mut root.value else {
            return None;
        };
        let outcome =
            strvals::parse_into(source.text(), kind, origin, map, from_set, &mut self.budget);
        let scanned = strvals::secret_values(source.text(), kind);
        for secret in outcome.secrets.into_iter().chain(scanned) {
            source.add_secret(secret);
        }
        outcome.error.map(|error| LoadProblemKind::Syntax {
            message: error.message,
            span: error.span,
        })
    }
}

/// An input, waiting to be applied in Helm's order.
enum Step {
    /// A file's values; its nodes' origins are relative to its own sources, which start at
    /// `offset` in the merged document.
    File { root: Option<Node>, offset: usize },
    /// A `--set`-style argument, source `origin`.
    Set { kind: SetKind, origin: usize },
}

impl Step {
    fn rank(&self) -> u8 {
        match self {
            Step::File { .. } => 0,
            Step::Set { kind, .. } => 1 + *kind as u8,
        }
    }
}

fn reindex(node: &mut Node, offset: usize) {
    node.origin += offset;
    match &mut node.value {
        NodeValue::Seq(items) => items.iter_mut().for_each(|item| reindex(item, offset)),
        NodeValue::Map(entries) => entries
            .iter_mut()
            .for_each(|entry| reindex(&mut entry.value, offset)),
        _ => {}
    }
}
