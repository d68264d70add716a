//! `--format json`: one JSON array of findings, each with `file`, `line`, `column`,
//! `severity`, `code`, `path`, `message` and, when there is one, `help`.

use std::io::{self, Write};
use stsbackup::{Document, Finding, Report};

/// Streams the array: each finding is written as soon as its file is linted, so memory does
/// not grow with the number of files.
pub struct Json<W: Write> {
    out: W,
    written: usize,
    /// Say each skipped file on standard error (`note: skipped FILE: REASON`, as the text
    /// format says it): the array holds findings only, so a file that was not linted is told
    /// beside it, never inside it. Only the standard output's JSON does, unless `--quiet`.
    skipped_notes: bool,
}

impl<W: Write> Json<W> {
    pub fn new(out: W) -> Self {
        Json {
            out,
            written: 0,
            skipped_notes: false,
        }
    }

    /// Skipped files are said on standard error.
    pub fn skipped_notes(mut self, on: bool) -> Self {
        self.skipped_notes = on;
        self
    }

    fn write_finding(&mut self, finding: &Finding) -> io::Result<()> {
        let text = super::inert_json(serde_json::to_string_pretty(finding)?);
        self.out
            .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        // Indented one level, as a pretty-printed array of these objects would be.
        for (index, line) in text.lines().enumerate() {
            if index > 0 {
                self.out.write_all(b"\n")?;
            }
            write!(self.out, "  {line}")?;
        }
        self.written += 1;
        Ok(())
    }
}

impl<W: Write> super::Output for Json<W> {
    fn file(&mut self, _: &Document, report: &Report) -> io::Result<()> {
        report
            .findings
            .iter()
            .try_for_each(|finding| self.write_finding(finding))
    }

    fn skipped(&mut self, name: &str, reason: &str) -> io::Result<()> {
        if self.skipped_notes {
            warn!(
                "note: skipped {}: {}",
                super::printable(name),
                super::printable(reason)
            );
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.written == 0 {
            writeln!(self.out, "[]")?;
        } else {
            writeln!(self.out, "\n]")?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;

    #[test]
    fn the_stream_is_the_pretty_printed_array() {
        let document =
            stsbackup::load_str("v.yaml", "backup:\n  stackgraph: {}\n  elasticSearch: {}\n");
        let report = stsbackup::validate_with(
            &document,
            &stsbackup::Options {
                chart: Some("stackstate@5.1.4".parse().unwrap()),
                ..stsbackup::Options::default()
            },
        );
        assert_eq!(report.findings.len(), 2);
        let mut streamed = Vec::new();
        let mut json = Json::new(&mut streamed);
        json.file(&document, &report).unwrap();
        json.file(
            &document,
            &stsbackup::Report {
                findings: Vec::new(),
                values: None,
                checked: report.checked.clone(),
            },
        )
        .unwrap();
        json.finish().unwrap();
        let expected = serde_json::to_string_pretty(&report.findings).unwrap() + "\n";
        assert_eq!(String::from_utf8(streamed).unwrap(), expected);

        let mut empty = Vec::new();
        let mut json = Json::new(&mut empty);
        json.finish().unwrap();
        assert_eq!(empty, b"[]\n");
    }
}
