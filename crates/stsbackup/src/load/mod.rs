//! Reading a values file the way Helm reads it, keeping every node's position.
//!
//! Why serde-saphyr and not serde_yaml: Helm reads values with sigs.k8s.io/yaml (go-yaml v2,
//! YAML 1.1), so an unquoted `on` is a boolean and `0300` is the octal number 192. serde_yaml
//! reads YAML 1.2 (6 of 10 typing cases differ from Helm), keeps the last of duplicate keys
//! without a word, slows down quadratically on deep nesting, and is archived upstream.
//! serde-saphyr, with legacy octal numbers on, types every scalar as Helm does, gives each node
//! its span, and enforces budgets against alias bombs and runaway nesting. Duplicate keys are
//! passed through to the tree, so that the rules can report them while the values keep Helm's
//! last-one-wins result.

mod tree;

pub use tree::{Entry, Node, NodeValue, ScalarKind};

use crate::source::SourceFile;
use std::ops::Range;
use std::path::Path;

/// Files larger than this are refused before parsing: a values file is a few hundred
/// kilobytes at most, and the limit bounds the time and memory spent on hostile input.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting accepted. Real values files nest 8 (stackstate) to 13 (stackstate-k8s)
/// levels; the bound keeps the recursive reading well within a small thread stack (2 MiB, as
/// async runtimes and test threads give, even unoptimised).
pub const MAX_DEPTH: usize = 32;

/// Most YAML nodes accepted, aliases expanded (the largest real values file has about 5,000).
pub const MAX_NODES: usize = 500_000;

/// Values whose text must never be shown: MinIO and AWS secret keys (with the Azure gateway,
/// `minio.secretKey` is the storage account key), and the subchart's other key material.
pub const SECRET_PATHS: &[&[&str]] = &[
    &["minio", "secretKey"],
    &["minio", "s3gateway", "secretKey"],
    &["minio", "gcsgateway", "gcsKeyJson"],
    &["minio", "etcd", "clientCertKey"],
    &["minio", "image", "pullSecretDockerConfigJson"],
    &["minio", "mcImage", "pullSecretDockerConfigJson"],
    &["minio", "helmKubectlJqImage", "pullSecretDockerConfigJson"],
    &["global", "s3proxy", "credentials", "secretKey"],
    &["backup", "storage", "backend", "s3", "secretKey"],
    &["backup", "storage", "backend", "azure", "accountKey"],
];

/// Whether the value at these segments is a secret.
pub fn is_secret_path<S: AsRef<str>>(segments: &[S]) -> bool {
    SECRET_PATHS.iter().any(|secret| {
        secret.len() == segments.len() && secret.iter().zip(segments).all(|(a, b)| *a == b.as_ref())
    })
}

/// A values file, read: its text and, when it parsed, its positioned tree.
#[derive(Clone, Debug)]
pub struct Document {
    /// The texts the values came from: one file, or, for a Helm-style merge, every `-f` file
    /// and `--set` argument in order. [`Node::origin`] indexes into it.
    pub sources: Vec<SourceFile>,
    /// The values as Helm reads them (the first YAML document of a file). `None` when the text
    /// could not be parsed (see [`Document::problems`]).
    pub root: Option<Node>,
    /// What went wrong while reading, before any rule ran.
    pub problems: Vec<LoadProblem>,
}

impl Document {
    /// The first (for a single file, the only) source.
    pub fn source(&self) -> &SourceFile {
        &self.sources[0]
    }

    /// The source a node's spans point into.
    pub fn source_of(&self, origin: usize) -> &SourceFile {
        self.sources.get(origin).unwrap_or(&self.sources[0])
    }

    /// A byte range of one of the sources, as a position a finding can carry.
    pub fn locate(&self, origin: usize, span: Range<usize>) -> Located {
        let source = self.source_of(origin);
        Located {
            origin,
            position: source.position(span.start, span.end),
        }
    }

    /// The very start of the first source, for findings about the values as a whole.
    pub fn start(&self) -> Located {
        Located {
            origin: 0,
            position: self.source().start(),
        }
    }
}

/// A position in one of a document's sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    /// An index into [`Document::sources`].
    pub origin: usize,
    pub position: crate::finding::Position,
}

/// A problem found while reading a source, before the values are known.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadProblem {
    /// The source it is in (an index into [`Document::sources`]).
    pub origin: usize,
    pub kind: LoadProblemKind,
}

/// What kind of problem the reading found.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadProblemKind {
    /// The text is not valid YAML (or exceeds a parsing budget).
    Syntax { message: String, span: Range<usize> },
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    NotUtf8 { offset: usize },
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: usize },
    /// A key that Helm cannot turn into a string (null, a mapping or a list).
    UnsupportedKey {
        span: Range<usize>,
        what: &'static str,
    },
    /// The file holds more than one YAML document; Helm reads the first only.
    ExtraDocuments { count: usize, span: Range<usize> },
}

/// Reads a values file from disk. Only I/O errors are errors; every problem with the content
/// (not UTF-8, not YAML, ...) is in the returned document.
///
/// At most [`MAX_FILE_BYTES`] + 1 bytes are read, whatever the path is: the size in a file's
/// metadata is 0 for pipes, devices and process substitutions (`/dev/zero`, `<(...)`), so it
/// cannot bound the read.
pub fn load_file(path: &Path) -> std::io::Result<Document> {
    let file = std::fs::File::open(path)?;
    load_reader(path.display().to_string(), file)
}

/// Reads values from any reader (standard input, a pipe, a file), at most [`MAX_FILE_BYTES`]
/// + 1 bytes of it: one byte more than the limit is enough to know the input is too large.
pub fn load_reader(
    name: impl Into<String>,
    reader: impl std::io::Read,
) -> std::io::Result<Document> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(load_bytes(name, &bytes))
}

/// Reads values from bytes (a file's content, standard input).
pub fn load_bytes(name: impl Into<String>, bytes: &[u8]) -> Document {
    let name = name.into();
    if bytes.len() > MAX_FILE_BYTES {
        return too_large(name, bytes.len());
    }
    if let Some(decoded) = decode_utf16(bytes) {
        return match decoded {
            Ok(text) => load_str(name, &text),
            Err(offset) => not_utf8(name, String::new(), offset),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(name, text),
        Err(error) => {
            let offset = error.valid_up_to();
            // Keep the valid prefix so the position can be shown.
            let text = String::from_utf8_lossy(&bytes[..offset]).into_owned();
            not_utf8(name, helm_line_breaks(&text).into_owned(), offset)
        }
    }
}

fn not_utf8(name: String, text: String, offset: usize) -> Document {
    Document {
        sources: vec![SourceFile::new(name, text)],
        root: None,
        problems: vec![LoadProblem {
            origin: 0,
            kind: LoadProblemKind::NotUtf8 { offset },
        }],
    }
}

/// Where the translated text has a `\n` that was a LINE or PARAGRAPH SEPARATOR: its byte
/// offset in the translated text, and the separator.
fn separators_in(original: &str, translated: &str) -> Vec<(usize, char)> {
    if original.len() == translated.len() && !original.contains(['\u{85}']) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut offset = 0;
    for c in original.chars() {
        if matches!(c, '\u{2028}' | '\u{2029}') {
            found.push((offset, c));
        }
        offset += match c {
            '\u{85}' | '\u{2028}' | '\u{2029}' => 1,
            c => c.len_utf8(),
        };
    }
    found
}

/// Inside a quoted scalar, go-yaml keeps a LINE or PARAGRAPH SEPARATOR that breaks the line
/// as that character (where a `\n` folds to a space): each quoted string that had one is read
/// again from its text with the separators put back, which the YAML 1.2 parser takes as
/// content.
fn keep_separators_in_quoted_scalars(node: &mut Node, text: &str, separators: &[(usize, char)]) {
    match &mut node.value {
        NodeValue::Seq(items) => items
            .iter_mut()
            .for_each(|item| keep_separators_in_quoted_scalars(item, text, separators)),
        NodeValue::Map(entries) => entries.iter_mut().for_each(|entry| {
            keep_separators_in_quoted_scalars(&mut entry.value, text, separators)
        }),
        NodeValue::String(value) if node.defined_at.is_none() => {
            let span = node.span.clone();
            let Some(raw) = text.get(span.clone()) else {
                return;
            };
            if !raw.starts_with(['"', '\'']) {
                return;
            }
            let first = separators.partition_point(|(at, _)| *at < span.start);
            let inside: Vec<&(usize, char)> = separators[first..]
                .iter()
                .take_while(|(at, _)| *at < span.end)
                .collect();
            if inside.is_empty() {
                return;
            }
            let mut restored = String::with_capacity(raw.len() + 2 * inside.len());
            let mut copied = span.start;
            for (at, separator) in inside {
                restored.push_str(&text[copied..*at]);
                restored.push(*separator);
                copied = at + 1;
            }
            restored.push_str(&text[copied..span.end]);
            if let Ok(read) = serde_saphyr::from_str::<String>(&restored) {
                *value = read;
            }
        }
        _ => {}
    }
}

/// A file that starts with a UTF-16 byte order mark (what PowerShell 5 writes), decoded as
/// Helm's YAML reader (go-yaml's `yaml_parser_determine_encoding`) decodes it; the mark stays
/// at the start of the text and is skipped like a UTF-8 one. `None` for any other file;
/// `Err` with the byte offset of the first unit that is not UTF-16 (a lone surrogate, an odd
/// byte at the end), which go-yaml refuses too.
fn decode_utf16(bytes: &[u8]) -> Option<Result<String, usize>> {
    let big_endian = match bytes {
        [0xff, 0xfe, ..] => false,
        [0xfe, 0xff, ..] => true,
        _ => return None,
    };
    let pairs = bytes.chunks_exact(2);
    let odd_byte = !pairs.remainder().is_empty();
    let units = pairs.map(|pair| {
        if big_endian {
            u16::from_be_bytes([pair[0], pair[1]])
        } else {
            u16::from_le_bytes([pair[0], pair[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len());
    let mut offset = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(_) => return Some(Err(offset)),
        }
    }
    if odd_byte {
        return Some(Err(offset));
    }
    Some(Ok(text))
}

/// Helm's YAML reader (go-yaml, YAML 1.1) breaks lines at NEL (U+0085), LINE SEPARATOR
/// (U+2028) and PARAGRAPH SEPARATOR (U+2029) as at `\n`; YAML 1.2, which the parser reads, does
/// not. Each is replaced by `\n` before parsing, and the text kept for positions is the
/// replaced one: a replacement is one character for one, so lines and columns (what findings
/// show) are those of the file as an editor that breaks lines there shows it. go-yaml keeps a
/// LINE or PARAGRAPH SEPARATOR that breaks a scalar as that character: quoted scalars get it
/// back ([`keep_separators_in_quoted_scalars`]); in a plain or block scalar that spans such a
/// break, the break still reads as `\n` (a space once folded).
fn helm_line_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        std::borrow::Cow::Owned(text.replace(['\u{85}', '\u{2028}', '\u{2029}'], "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn too_large(name: String, bytes: usize) -> Document {
    Document {
        sources: vec![SourceFile::new(name, String::new())],
        root: None,
        problems: vec![LoadProblem {
            origin: 0,
            kind: LoadProblemKind::TooLarge { bytes },
        }],
    }
}

/// Reads values from text.
///
/// ```
/// let doc = stsbackup::load::load_str("values.yaml", "backup:\n  enabled: on\n");
/// let enabled = doc.root.as_ref().and_then(|root| root.at(["backup", "enabled"]));
/// // Helm's YAML 1.1 reads an unquoted `on` as true.
/// assert_eq!(enabled.map(|node| &node.value), Some(&stsbackup::load::NodeValue::Bool(true)));
/// ```
pub fn load_str(name: impl Into<String>, text: &str) -> Document {
    let name = name.into();
    if text.len() > MAX_FILE_BYTES {
        return too_large(name, text.len());
    }
    let translated = helm_line_breaks(text);
    let separators = separators_in(text, &translated);
    let text = &*translated;
    // A byte order mark is not part of the values (Go's YAML reader skips it too).
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(name, text);
    let bom = text.len() - body.len();
    let mut problems = Vec::new();
    let budget = serde_saphyr::budget! {
        max_depth: MAX_DEPTH,
        max_nodes: MAX_NODES,
    };
    let options = serde_saphyr::options! {
        legacy_octal_numbers: true,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::PassThrough,
        with_snippet: false,
        budget: budget,
    };
    let parsed: Result<Vec<serde_saphyr::Spanned<tree::RawNode>>, _> =
        serde_saphyr::from_multiple_with_options(body, options);
    let root = match parsed {
        Ok(documents) => {
            let count = documents.len();
            let mut documents = documents.into_iter();
            let first = documents.next();
            if let Some(second) = documents.next() {
                let span = shift(tree::byte_range(&second.referenced), bom);
                problems.push(LoadProblemKind::ExtraDocuments { count, span });
            }
            first.map(|raw| {
                let mut bad_keys = Vec::new();
                let mut node = tree::convert(raw, &mut bad_keys);
                if bom > 0 {
                    shift_node(&mut node, bom);
                }
                if !separators.is_empty() {
                    keep_separators_in_quoted_scalars(&mut node, text, &separators);
                }
                problems.extend(
                    bad_keys
                        .into_iter()
                        .map(|bad| LoadProblemKind::UnsupportedKey {
                            span: shift(bad.span, bom),
                            what: bad.what,
                        }),
                );
                node
            })
        }
        Err(error) => {
            let span = match error.location() {
                Some(location) => {
                    let range = tree::byte_range(&location);
                    if range.is_empty() && (location.line() > 1 || location.column() > 1) {
                        // Parser errors carry line and column but not always a byte offset.
                        let (line, column) = (location.line() as usize, location.column() as usize);
                        let start = source.offset_of(line, column, bom);
                        start..start
                    } else {
                        shift(range, bom)
                    }
                }
                None => 0..0,
            };
            problems.push(LoadProblemKind::Syntax {
                message: syntax_message(&error),
                span,
            });
            None
        }
    };
    let mut source = source;
    if let Some(root) = &root {
        mark_secrets(&mut source, root);
    }
    let problems = problems
        .into_iter()
        .map(|kind| LoadProblem { origin: 0, kind })
        .collect();
    Document {
        sources: vec![source],
        root,
        problems,
    }
}

/// Registers the text of every secret value with the source, so that no line shown from this
/// file reveals it: every scalar under a secret path (a secret written as a list or a mapping
/// too), every entry of a duplicated key (the losing ones as well as the winner), and the
/// anchor an alias at a secret path takes its value from. One walk of the tree.
fn mark_secrets(source: &mut SourceFile, root: &Node) {
    let mut path = Vec::new();
    mark(source, root, &mut path, false);
}

fn mark(source: &mut SourceFile, node: &Node, path: &mut Vec<String>, secret: bool) {
    if secret {
        for span in std::iter::once(&node.span).chain(node.defined_at.as_ref()) {
            let span = unquoted(source.text(), span.clone());
            source.add_secret(span);
        }
    }
    match &node.value {
        NodeValue::Map(entries) => {
            for entry in entries {
                path.push(entry.key.clone());
                let below = secret || is_secret_path(path);
                mark(source, &entry.value, path, below);
                path.pop();
            }
        }
        NodeValue::Seq(items) => {
            for item in items {
                mark(source, item, path, secret);
            }
        }
        _ => {}
    }
}

/// The range of a scalar's content: without its quotes when it is quoted.
pub(crate) fn unquoted(text: &str, span: Range<usize>) -> Range<usize> {
    let raw = text.get(span.clone()).unwrap_or("");
    let quoted = raw.len() >= 2
        && ((raw.starts_with('"') && raw.ends_with('"'))
            || (raw.starts_with('\'') && raw.ends_with('\'')));
    if quoted {
        span.start + 1..span.end - 1
    } else {
        span
    }
}

/// serde-saphyr appends " at line L, column C"; the finding carries the position itself.
/// Budget breaches are reworded: the reader needs the limit, not the parser's counter.
fn syntax_message(error: &serde_saphyr::Error) -> String {
    let message = error.to_string();
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        let what = breach.split([' ', '{']).next().unwrap_or("");
        return match what {
            "Nodes" => format!(
                "the file expands to more than {MAX_NODES} nodes (aliases included): an alias bomb?"
            ),
            "Depth" => format!("the file nests deeper than {MAX_DEPTH} levels"),
            "Events" => "the file has more than 1,000,000 YAML events".to_owned(),
            "Aliases" => "the file has more than 50,000 aliases".to_owned(),
            "Anchors" => "the file has more than 50,000 anchors".to_owned(),
            "Documents" => "the file has more than 1,024 YAML documents".to_owned(),
            _ => "the file exceeds a parsing limit".to_owned(),
        };
    }
    let message = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => message[..at].to_owned(),
        _ => message,
    };
    message.lines().next().unwrap_or_default().trim().to_owned()
}

fn shift(range: Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

fn shift_node(node: &mut Node, by: usize) {
    node.span = shift(node.span.clone(), by);
    if let Some(defined) = node.defined_at.take() {
        node.defined_at = Some(shift(defined, by));
    }
    match &mut node.value {
        NodeValue::Seq(items) => items.iter_mut().for_each(|item| shift_node(item, by)),
        NodeValue::Map(entries) => {
            for entry in entries {
                entry.key_span = shift(entry.key_span.clone(), by);
                shift_node(&mut entry.value, by);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        load_str("t.yaml", text).root.expect("parses")
    }

    #[test]
    fn scalars_are_typed_as_helm_types_them() {
        let node = root("a: on\nb: 0300\nc: '0300'\nd: 012345678\ne: NO\nf: 1e3\n");
        let value = |key: &str| node.get(key).unwrap().value.value.clone();
        assert_eq!(value("a"), NodeValue::Bool(true));
        assert_eq!(value("b"), NodeValue::Int(192));
        assert_eq!(value("c"), NodeValue::String("0300".into()));
        assert_eq!(value("e"), NodeValue::Bool(false));
        assert_eq!(node.to_json()["d"], serde_json::json!(12345678));
        assert_eq!(node.to_json()["f"], serde_json::json!(1000));
    }

    #[test]
    fn duplicate_keys_are_kept_in_the_tree_and_the_last_wins() {
        let node = root("a: 1\na: 2\n");
        let NodeValue::Map(entries) = &node.value else {
            panic!("a map")
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(node.to_json()["a"], serde_json::json!(2));
    }

    #[test]
    fn non_string_keys_become_strings_like_sigs_k8s_yaml() {
        let node = root("on: 1\n12: 2\n");
        let NodeValue::Map(entries) = &node.value else {
            panic!("a map")
        };
        assert_eq!(entries[0].key, "true");
        assert_eq!(entries[0].key_retyped_from, Some(ScalarKind::Bool));
        assert_eq!(entries[1].key, "12");
    }

    #[test]
    fn spans_point_at_the_text() {
        let text = "backup:\n  stackGraph:\n    bucketName: \"Bad_Name\"\n";
        let doc = load_str("t.yaml", text);
        let node = doc.root.clone().unwrap();
        let bucket = node.at(["backup", "stackGraph", "bucketName"]).unwrap();
        assert_eq!(&text[bucket.span.clone()], "\"Bad_Name\"");
        let position = doc.source().position(bucket.span.start, bucket.span.end);
        assert_eq!((position.line, position.column), (3, 17));
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_positions_stay_right() {
        let text = "\u{feff}a: x\n";
        let doc = load_str("t.yaml", text);
        let node = doc.root.unwrap();
        let a = node.at(["a"]).unwrap();
        assert_eq!(&text[a.span.clone()], "x");
    }

    #[test]
    fn problems_are_reported_not_thrown() {
        let kinds = |doc: &Document| {
            doc.problems
                .iter()
                .map(|p| p.kind.clone())
                .collect::<Vec<_>>()
        };
        let doc = load_str("t.yaml", "a: [1, 2\n");
        assert!(
            matches!(&kinds(&doc)[..], [LoadProblemKind::Syntax { message, .. }] if message == "unclosed bracket '['")
        );
        let doc = load_str("t.yaml", "a: 1\n---\nb: 2\n");
        assert!(matches!(
            kinds(&doc)[..],
            [LoadProblemKind::ExtraDocuments { count: 2, .. }]
        ));
        assert_eq!(doc.root.unwrap().to_json(), serde_json::json!({"a": 1}));
        let doc = load_bytes("t.yaml", b"a: \xff\n");
        assert_eq!(kinds(&doc), vec![LoadProblemKind::NotUtf8 { offset: 3 }]);
        let doc = load_str("t.yaml", "? [a]\n: 1\n");
        assert!(matches!(
            kinds(&doc)[..],
            [LoadProblemKind::UnsupportedKey { .. }]
        ));
    }

    #[test]
    fn empty_and_comment_only_files_have_no_values() {
        assert!(
            load_str("t.yaml", "")
                .root
                .is_none_or(|n| n.value == NodeValue::Null)
        );
        assert!(
            load_str("t.yaml", "# x\n")
                .root
                .is_none_or(|n| n.value == NodeValue::Null)
        );
    }
}
