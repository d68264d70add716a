//! `--statistics`: how many times each code was found, most frequent first, as ruff prints it.

use std::collections::BTreeMap;
use std::io::{self, Write};
use stsbackup::{Document, Report};

/// Counts findings by code and prints the table at the end.
pub struct Statistics<W: Write> {
    out: W,
    counts: BTreeMap<&'static str, (usize, &'static str, stsbackup::Severity)>,
}

impl<W: Write> Statistics<W> {
    pub fn new(out: W) -> Self {
        Statistics {
            out,
            counts: BTreeMap::new(),
        }
    }
}

impl<W: Write> super::Output for Statistics<W> {
    fn file(&mut self, _: &Document, report: &Report) -> io::Result<()> {
        for finding in &report.findings {
            self.counts
                .entry(finding.code())
                .or_insert((0, finding.rule_name(), finding.severity))
                .0 += 1;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        // Most frequent first; codes in order among equals (the map is sorted by code).
        rows.sort_by_key(|row| std::cmp::Reverse(row.1.0));
        let width = rows.first().map_or(1, |row| row.1.0.to_string().len());
        for (code, (count, name, severity)) in rows {
            writeln!(
                self.out,
                "{count:>width$}  {code}  {:<7}  {name}",
                severity.to_string()
            )?;
        }
        self.out.flush()
    }
}
