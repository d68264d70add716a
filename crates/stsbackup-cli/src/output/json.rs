//! `--format json`: one JSON array of findings, each with `file`, `line`, `column`,
//! `severity`, `code`, `path`, `message` and, when there is one, `help`.

use std::io::{self, Write};
use stsbackup::{Document, Report};

pub fn write(out: &mut impl Write, results: &[(Document, Report)]) -> io::Result<()> {
    let findings: Vec<&stsbackup::Finding> = results
        .iter()
        .flat_map(|(_, report)| &report.findings)
        .collect();
    serde_json::to_writer_pretty(&mut *out, &findings)?;
    writeln!(out)
}
