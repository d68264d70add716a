//! A loaded file: its name, its text, line/column lookup, and the masking of secrets in any
//! line that is shown back to the user.

use crate::finding::Position;

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// The text of one values file (or one `--set` argument) and what is needed to point into it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    /// Byte offset of the first byte of each line.
    line_starts: Vec<usize>,
    /// Byte ranges holding secret values, masked whenever a line is shown.
    secrets: Vec<Range<usize>>,
    /// The secret texts whose other occurrences were already added (each is searched once).
    searched: HashSet<String>,
    /// Everything masked: `secrets` and what [`secret_key_values`] finds, sorted and merged,
    /// built on first use (and again after a secret is added) so that showing a line costs a
    /// binary search, not a scan of every secret.
    masked: OnceLock<Vec<Range<usize>>>,
    /// The number of characters before every [`CHAR_BLOCK`]-th byte, built on first use, so
    /// that a column costs at most one block's count however long the line is.
    char_blocks: OnceLock<Vec<usize>>,
}

/// The words that make a key name a secret, in any case and anywhere in the key: its value is
/// masked on every line shown, even when the file cannot be parsed, or when the key is
/// misspelt, aliased or set on the command line.
const SECRET_WORDS: [&[u8]; 8] = [
    b"secret",
    b"password",
    b"passwd",
    b"token",
    b"accountkey",
    b"privatekey",
    b"keyjson",
    b"certkey",
];

/// A character of a key, as the secret-key scan reads keys.
fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-')
}

/// The leftmost `key:` or `key=` in a line whose key holds a [`SECRET_WORDS`] word (the key
/// optionally quoted): the byte offset just past the separator and the blanks after it, and
/// the separator. A hand-written scan: the same search as a regular expression costs
/// millions of instructions to compile, in every process.
fn secret_key_in(line: &str) -> Option<(usize, u8)> {
    let bytes = line.as_bytes();
    let mut best: Option<(usize, usize, u8)> = None;
    for at in 0..bytes.len() {
        let Some(word) = SECRET_WORDS.iter().find(|word| {
            bytes[at..].len() >= word.len() && bytes[at..at + word.len()].eq_ignore_ascii_case(word)
        }) else {
            continue;
        };
        let mut start = at;
        while start > 0 && is_key_byte(bytes[start - 1]) {
            start -= 1;
        }
        if start > 0 && matches!(bytes[start - 1], b'"' | b'\'') {
            start -= 1;
        }
        if best.is_some_and(|(best_start, _, _)| best_start <= start) {
            continue;
        }
        let mut end = at + word.len();
        while end < bytes.len() && is_key_byte(bytes[end]) {
            end += 1;
        }
        if end < bytes.len() && matches!(bytes[end], b'"' | b'\'') {
            end += 1;
        }
        while end < bytes.len() && matches!(bytes[end], b' ' | b'\t') {
            end += 1;
        }
        let Some(&separator @ (b':' | b'=')) = bytes.get(end) else {
            continue;
        };
        end += 1;
        while end < bytes.len() && matches!(bytes[end], b' ' | b'\t') {
            end += 1;
        }
        best = Some((start, end, separator));
    }
    best.map(|(_, end, separator)| (end, separator))
}

/// Secret texts shorter than this are masked where they are written, but not searched for
/// elsewhere in the file: a one-character "secret" would mask that character everywhere.
const MIN_SEARCHED_SECRET: usize = 4;

/// At most this many distinct secret texts are searched for elsewhere in the file (a real
/// values file has a handful): each search reads the whole file.
const MAX_SEARCHED_SECRETS: usize = 64;

const CHAR_BLOCK: usize = 512;

/// Whether a key names a secret by its spelling (`secretKey`, `secretkey`, `password`, ...).
pub(crate) fn looks_secret(key: &str) -> bool {
    secret_key_in(&format!("{key}:")).is_some()
}

impl SourceFile {
    /// A text and the name it is shown under (a path, `<stdin>`, `--set backup.enabled=true`).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        // Lines end at `\n`, `\r\n` or a lone `\r`, as YAML (and the parser) counts them.
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(bytes.iter().enumerate().filter_map(|(i, &byte)| {
            let ends_line = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            ends_line.then_some(i + 1)
        }));
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            secrets: Vec::new(),
            searched: HashSet::new(),
            masked: OnceLock::new(),
            char_blocks: OnceLock::new(),
        }
    }

    /// The name the file was loaded under (a path, `<stdin>`, or `--set`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Marks a byte range as secret: it is masked in every line shown from this file, and so
    /// is every other occurrence of the same text (of `MIN_SEARCHED_SECRET` characters or
    /// more, for the first `MAX_SEARCHED_SECRETS` distinct texts).
    pub fn add_secret(&mut self, range: Range<usize>) {
        let Some(secret) = self.text.get(range.clone()) else {
            return;
        };
        if secret.trim().is_empty() {
            return;
        }
        self.masked = OnceLock::new();
        let search = secret.chars().count() >= MIN_SEARCHED_SECRET
            && self.searched.len() < MAX_SEARCHED_SECRETS
            && !self.searched.contains(secret);
        if search {
            let others = self.text.match_indices(secret).map(|(i, s)| i..i + s.len());
            self.secrets.extend(others);
            self.searched.insert(secret.to_owned());
        }
        self.secrets.push(range);
    }

    /// Whether any byte of a range is masked.
    pub fn is_secret(&self, range: &Range<usize>) -> bool {
        let masked = self.masked();
        let after = masked.partition_point(|m| m.end <= range.start);
        masked
            .get(after)
            .is_some_and(|m| m.start < range.end.max(range.start + 1))
    }

    /// The masked ranges, sorted and merged.
    fn masked(&self) -> &[Range<usize>] {
        self.masked.get_or_init(|| {
            let mut ranges = self.secrets.clone();
            ranges.extend(secret_key_values(&self.text, &self.line_starts));
            ranges.sort_by_key(|r| r.start);
            let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
            for range in ranges {
                match merged.last_mut() {
                    Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                    _ => merged.push(range),
                }
            }
            merged
        })
    }

    /// The number of characters in `text[..offset]` (`offset` on a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let blocks = self.char_blocks.get_or_init(|| {
            let mut blocks = Vec::with_capacity(self.text.len() / CHAR_BLOCK + 1);
            let mut count = 0;
            for chunk in self.text.as_bytes().chunks(CHAR_BLOCK) {
                blocks.push(count);
                count += chunk.iter().filter(|&&b| !is_continuation(b)).count();
            }
            blocks.push(count);
            blocks
        });
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        blocks[block]
            + self.text.as_bytes()[from..offset]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count()
    }

    /// The 1-based line and column (in characters) of a byte offset, with the node's extent
    /// clipped to its first line.
    pub fn position(&self, start: usize, end: usize) -> Position {
        let start = start.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let line_end = self.line_end(line_index);
        let start = floor_char_boundary(&self.text, start);
        let end = end.clamp(start, line_end.max(start));
        Position {
            line: line_index + 1,
            column: self.chars_before(start) - self.chars_before(line_start) + 1,
            start,
            end,
        }
    }

    /// The byte offset of a 1-based line and character column, as a parser reports them for a
    /// text that had `skipped` bytes (a byte order mark) removed from its start.
    pub fn offset_of(&self, line: usize, column: usize, skipped: usize) -> usize {
        let Some(range) = self.line_range(line) else {
            return self.text.len();
        };
        let start = if line == 1 {
            range.start + skipped.min(range.len())
        } else {
            range.start
        };
        let text = &self.text[start..range.end];
        start
            + text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(text.len())
    }

    /// The position of the very start of the file (for findings about the file as a whole).
    pub fn start(&self) -> Position {
        Position {
            line: 1,
            column: 1,
            start: 0,
            end: self.line_end(0),
        }
    }

    fn line_end(&self, line_index: usize) -> usize {
        let next = self
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let mut end = next;
        let bytes = self.text.as_bytes();
        while end > self.line_starts[line_index] && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        end
    }

    /// How many lines the text has (a last line without a line break counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of a 1-based line, without its line break.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let index = line.checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        Some(start..self.line_end(index))
    }

    /// A 1-based line as it may be shown to the user: secrets replaced by `*`, one per
    /// character, so columns and carets stay where they were.
    pub fn display_line(&self, line: usize) -> Option<Cow<'_, str>> {
        let range = self.line_range(line)?;
        Some(self.masked_text(range))
    }

    /// A piece of a line around a byte range of it, as it may be shown: at most `context`
    /// characters either side of the range and `context` characters of the range itself,
    /// secrets masked. Its cost is the size of the piece, not of the line: a file of one long
    /// line with thousands of findings is shown in linear time.
    pub fn display_excerpt(
        &self,
        line: usize,
        focus: Range<usize>,
        context: usize,
    ) -> Option<Excerpt<'_>> {
        let range = self.line_range(line)?;
        let text = &self.text;
        let focus_start = floor_char_boundary(text, focus.start.clamp(range.start, range.end));
        let focus_end = floor_char_boundary(text, focus.end.clamp(focus_start, range.end));
        let start = text[range.start..focus_start]
            .char_indices()
            .rev()
            .nth(context.saturating_sub(1))
            .map_or(range.start, |(i, _)| range.start + i);
        let shown_focus_end = text[focus_start..focus_end]
            .char_indices()
            .nth(context)
            .map_or(focus_end, |(i, _)| focus_start + i);
        let end = text[shown_focus_end..range.end]
            .char_indices()
            .nth(context)
            .map_or(range.end, |(i, _)| shown_focus_end + i);
        Some(Excerpt {
            text: self.masked_text(start..end),
            focus: focus_start - start..shown_focus_end - start,
            first_column: self.chars_before(start) - self.chars_before(range.start) + 1,
            cut_before: start > range.start,
            cut_after: end < range.end,
        })
    }

    /// A range of the text with every masked character replaced by `*`.
    fn masked_text(&self, range: Range<usize>) -> Cow<'_, str> {
        let text = &self.text[range.clone()];
        let masked = self.masked();
        let first = masked.partition_point(|m| m.end <= range.start);
        let overlapping = masked[first..]
            .iter()
            .take_while(|m| m.start < range.end)
            .map(|m| m.start.max(range.start) - range.start..m.end.min(range.end) - range.start);
        let mut shown = String::new();
        let mut copied = 0;
        for hidden in overlapping {
            let hidden =
                floor_char_boundary(text, hidden.start)..ceil_char_boundary(text, hidden.end);
            if hidden.start < copied {
                continue;
            }
            shown.push_str(&text[copied..hidden.start]);
            shown.extend(text[hidden.clone()].chars().map(|_| '*'));
            copied = hidden.end;
        }
        if copied == 0 && shown.is_empty() {
            return Cow::Borrowed(text);
        }
        shown.push_str(&text[copied..]);
        Cow::Owned(shown)
    }
}

/// A piece of a line, for showing a finding on a long line (see
/// [`SourceFile::display_excerpt`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt<'a> {
    /// The text shown, secrets masked.
    pub text: Cow<'a, str>,
    /// The byte range of the finding in `text`.
    pub focus: Range<usize>,
    /// The 1-based column of the first character of `text` in its line.
    pub first_column: usize,
    /// Whether the line goes on before the piece.
    pub cut_before: bool,
    /// Whether the line goes on after the piece.
    pub cut_after: bool,
}

/// The values after keys that name secrets ([`SECRET_WORDS`]), found line by line without
/// parsing: the rest of the line after `key:` (after `key=`, up to the next unescaped `,`, on
/// a `--set` line), and a value that goes on below (a block scalar, an unclosed quote, or a
/// nested block) to the end of its lines. One pass over the text.
fn secret_key_values(text: &str, line_starts: &[usize]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    // A value continuing on the lines below: the indentation of its key, and the quote that
    // must close it, if any.
    let mut continuing: Option<(usize, Option<char>)> = None;
    for (index, &start) in line_starts.iter().enumerate() {
        let end = line_starts.get(index + 1).copied().unwrap_or(text.len());
        let line = text[start..end].trim_end_matches(['\n', '\r']);
        let content = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - content.len();
        if let Some((key_indent, quote)) = continuing {
            let inside = match quote {
                Some(_) => true,
                None => content.is_empty() || indent > key_indent,
            };
            if inside {
                if !content.is_empty() {
                    found.push(start + indent..start + line.len());
                }
                if let Some(quote) = quote
                    && content.contains(quote)
                {
                    continuing = None;
                }
                continue;
            }
            continuing = None;
        }
        let Some((value_start, separator)) = secret_key_in(line) else {
            continue;
        };
        let value = &line[value_start..];
        let value_end = if separator == b'=' {
            unescaped_comma(value).unwrap_or(value.len())
        } else {
            value.len()
        };
        if value_end > 0 {
            found.push(start + value_start..start + value_start + value_end);
        }
        if separator == b':' {
            let value = value.trim_end();
            continuing = match value.chars().next() {
                None | Some('|' | '>' | '&' | '!') => Some((indent, None)),
                Some(quote @ ('"' | '\'')) if value.len() == 1 || !value[1..].contains(quote) => {
                    Some((indent, Some(quote)))
                }
                _ => None,
            };
        }
    }
    found
}

/// The byte offset of the first `,` not escaped by a `\` (Helm's `--set` separator).
fn unescaped_comma(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ',' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xc0 == 0x80
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = SourceFile::new("v.yaml", "a: 1\nbé: xyz\n");
        let p = src.position(10, 13);
        assert_eq!((p.line, p.column), (2, 5));
        assert_eq!(src.position(0, 1).line, 1);
        assert_eq!(src.position(100, 100).line, 3);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let src = SourceFile::new("v.yaml", "a: 1\rb: 2\r\nc: 3\n");
        assert_eq!(src.display_line(2).unwrap(), "b: 2");
        assert_eq!(src.display_line(3).unwrap(), "c: 3");
        let c = src.position(11, 12);
        assert_eq!((c.line, c.column), (3, 1));
    }

    #[test]
    fn secrets_are_masked_in_shown_lines_wherever_they_occur() {
        let text = "minio:\n  secretKey: hunter22hunter\n  other: {s: hunter22hunter}\n";
        let mut src = SourceFile::new("v.yaml", text);
        let start = text.find("hunter22hunter").unwrap();
        src.add_secret(start..start + 14);
        assert_eq!(src.display_line(2).unwrap(), "  secretKey: **************");
        assert_eq!(src.display_line(3).unwrap(), "  other: {s: **************}");
        assert_eq!(src.display_line(1).unwrap(), "minio:");
    }

    #[test]
    fn secret_looking_keys_are_masked_even_without_a_parse() {
        let src = SourceFile::new("v.yaml", "  secretKey: abc\"def: x\n  password: 'p'\n");
        assert_eq!(src.display_line(1).unwrap(), "  secretKey: **********");
        assert_eq!(src.display_line(2).unwrap(), "  password: ***");
        // Anywhere on the line, in flow style, and in values that go on below.
        let src = SourceFile::new(
            "v.yaml",
            "minio: {secretKey: [abc, def]}\nsecretKey: |\n  line1\n  line2\nnext: 1\nk: \"a\n  b\"\ntoken: \"x\n  y\"\nz: 2\n",
        );
        assert_eq!(
            src.display_line(1).unwrap(),
            "minio: {secretKey: ***********"
        );
        assert_eq!(src.display_line(2).unwrap(), "secretKey: *");
        assert_eq!(src.display_line(3).unwrap(), "  *****");
        assert_eq!(src.display_line(4).unwrap(), "  *****");
        assert_eq!(src.display_line(5).unwrap(), "next: 1");
        assert_eq!(src.display_line(7).unwrap(), "  b\"");
        assert_eq!(src.display_line(9).unwrap(), "  **");
        assert_eq!(src.display_line(10).unwrap(), "z: 2");
        // A --set argument, up to the next assignment.
        let src = SourceFile::new("--set", "minio.secretkey=abc\\,d,b=2");
        assert_eq!(src.display_line(1).unwrap(), "minio.secretkey=******,b=2");
    }

    #[test]
    fn excerpts_of_long_lines_are_pieces_around_the_finding() {
        let line = format!("{}secretKey: hunter22 {}", "é".repeat(100), "x".repeat(100));
        let src = SourceFile::new("v.yaml", line.clone());
        let at = line.find("hunter22").unwrap();
        let excerpt = src.display_excerpt(1, at..at + 8, 10).unwrap();
        assert_eq!(excerpt.text, "ecretKey: ******************");
        assert_eq!(&excerpt.text[excerpt.focus.clone()], "********");
        assert_eq!(excerpt.first_column, 102);
        assert!(excerpt.cut_before && excerpt.cut_after);
        assert_eq!(src.position(at, at + 8).column, 112);
    }

    /// The scan finds what the regular expression it replaced finds, where it ends, and the
    /// separator, on lines built from the pieces that matter.
    #[test]
    fn the_secret_key_scan_is_the_regular_expression() {
        let regex = regex::Regex::new(
            r#"(?i-u)["']?[a-z0-9_.-]*(?:secret|password|passwd|token|accountkey|privatekey|keyjson|certkey)[a-z0-9_.-]*["']?[ \t]*([:=])[ \t]*"#,
        )
        .unwrap();
        let pieces = [
            "secretKey",
            "SECRETKEY",
            "passwd",
            "Token",
            "accountKey",
            "keyjson",
            "certkey",
            "privateKey",
            "key",
            "bucket",
            "\"",
            "'",
            ":",
            "=",
            " ",
            "\t",
            "-",
            ".",
            "_",
            "x",
            "é",
            "secre",
            "word",
            ",",
            "a: ",
            "my-",
            "#",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut line = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 7 + 1) {
                line.push_str(pieces[((seed >> (8 * k)) % pieces.len() as u64) as usize]);
            }
            let expected = regex
                .captures(&line)
                .map(|c| (c.get(0).unwrap().end(), c[1].as_bytes()[0]));
            assert_eq!(secret_key_in(&line), expected, "{line:?}");
        }
        assert_eq!(secret_key_in("  secretKey: abc"), Some((13, b':')));
        assert_eq!(secret_key_in("minio.secretkey=abc,x=y"), Some((16, b'=')));
        assert_eq!(secret_key_in("bucketName: x"), None);
    }
}
