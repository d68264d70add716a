//! A loaded file: its name, its text, line/column lookup, and the masking of secrets in any
//! line that is shown back to the user.

use crate::finding::Position;
use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// The text of one values file (or one `--set` argument) and what is needed to point into it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    /// Byte offset of the first byte of each line.
    line_starts: Vec<usize>,
    /// Byte ranges holding secret values, masked whenever a line is shown.
    secrets: Vec<Range<usize>>,
}

/// Keys whose values are secrets even when the file cannot be parsed: used to mask the value
/// on such a line when a syntax error quotes it.
static SECRET_KEY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)^(\s*(?:-\s+)?["']?[\w.-]*(?:secret|password|passwd|token|accountkey|privatekey|keyjson|certkey)[\w.-]*["']?\s*:[ \t]*)(\S.*)$"#,
    )
    .expect("valid regex")
});

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            secrets: Vec::new(),
        }
    }

    /// The name the file was loaded under (a path, `<stdin>`, or `--set`).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Marks a byte range as secret: it is masked in every line shown from this file, and so
    /// is every other occurrence of the same text.
    pub fn add_secret(&mut self, range: Range<usize>) {
        let Some(secret) = self.text.get(range.clone()) else {
            return;
        };
        if secret.trim().is_empty() {
            return;
        }
        let others: Vec<Range<usize>> = self
            .text
            .match_indices(secret)
            .map(|(i, s)| i..i + s.len())
            .collect();
        self.secrets.push(range);
        self.secrets.extend(others);
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
        let prefix = self.text.get(line_start..start).unwrap_or("");
        let end = end.clamp(start, line_end.max(start));
        Position {
            line: line_index + 1,
            column: prefix.chars().count() + 1,
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
        let text = &self.text[range.clone()];
        let overlapping: Vec<Range<usize>> = self
            .secrets
            .iter()
            .filter(|s| s.start < range.end && s.end > range.start)
            .map(|s| s.start.max(range.start) - range.start..s.end.min(range.end) - range.start)
            .collect();
        let mut shown: Cow<'_, str> = Cow::Borrowed(text);
        if !overlapping.is_empty() {
            shown = Cow::Owned(mask_ranges(text, &overlapping));
        }
        if let Some(caps) = SECRET_KEY_LINE.captures(&shown) {
            let value = caps.get(2).expect("group 2 always matches");
            let masked = mask_ranges(&shown, std::slice::from_ref(&(value.start()..value.end())));
            shown = Cow::Owned(masked);
        }
        Some(shown)
    }
}

/// Replaces every character inside the given byte ranges by `*`.
fn mask_ranges(text: &str, ranges: &[Range<usize>]) -> String {
    text.char_indices()
        .map(|(i, c)| {
            if ranges.iter().any(|r| r.contains(&i)) {
                '*'
            } else {
                c
            }
        })
        .collect()
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
    }
}
