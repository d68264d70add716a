//! `--format github`: GitHub Actions workflow commands, one annotation per finding, escaped as
//! GitHub requires. GitHub shows at most 10 annotations of each kind per step, so every finding
//! is also printed as a plain line inside a collapsible group of the log.

use std::io::{self, Write};
use stsbackup::{Document, Report, Severity};

/// Writes each file's annotations as it comes.
pub struct Github<W: Write> {
    out: W,
}

impl<W: Write> Github<W> {
    pub fn new(out: W) -> Self {
        Github { out }
    }
}

impl<W: Write> super::Output for Github<W> {
    fn file(&mut self, document: &Document, report: &Report) -> io::Result<()> {
        let out = &mut self.out;
        if report.findings.is_empty() {
            return Ok(());
        }
        writeln!(out, "::group::{}", escape_data(document.source().name()))?;
        for finding in &report.findings {
            let command = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let width = finding
                .position
                .end
                .saturating_sub(finding.position.start)
                .max(1);
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let title = escape_property(&format!("{} {}", finding.code(), finding.rule_name()));
            if finding.file.starts_with("--set") {
                // A command-line argument is not a file of the repository: no file= property.
                message = format!("{} (in the {} argument)", message, finding.file);
                writeln!(out, "::{command} title={title}::{}", escape_data(&message))?;
            } else {
                writeln!(
                    out,
                    "::{command} file={},line={},col={},endColumn={},title={title}::{}",
                    escape_property(&finding.file),
                    finding.position.line,
                    finding.position.column,
                    finding.position.column + width,
                    escape_data(&message),
                )?;
            }
            writeln!(out, "{}", escape_data(&finding.to_string()))?;
        }
        writeln!(out, "::endgroup::")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The escaping of a command's message (`actions/toolkit` `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping of a command's properties (`actions/toolkit` `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("50% done\nnext\r"), "50%25 done%0Anext%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
