//! `--format json`: one JSON array of findings, each with `file`, `line`, `column`,
//! `severity`, `code`, `path`, `message` and, when there is one, `help`.

use std::io::{self, Write};
use stsbackup::{Document, Finding, Report};

/// Collects the findings (small) and writes the array at the end.
pub struct Json<W: Write> {
    out: W,
    findings: Vec<Finding>,
}

impl<W: Write> Json<W> {
    pub fn new(out: W) -> Self {
        Json {
            out,
            findings: Vec::new(),
        }
    }
}

impl<W: Write> super::Output for Json<W> {
    fn file(&mut self, _: &Document, report: &Report) -> io::Result<()> {
        self.findings.extend(report.findings.iter().cloned());
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, &self.findings)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}
