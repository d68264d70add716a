//! `--format github`: GitHub Actions workflow commands, one annotation per finding, escaped as
//! GitHub requires. GitHub shows at most 10 annotations of each kind per step, so every finding
//! is also printed as a plain line inside a collapsible group of the log.

use super::printable;
use std::io::{self, Write};
use stsbackup::{Document, Report, Severity};

/// Writes each file's annotations as it comes.
pub struct Github<W: Write> {
    out: W,
    /// `--quiet`: no notices about skipped files.
    quiet: bool,
}

impl<W: Write> Github<W> {
    pub fn new(out: W) -> Self {
        Github { out, quiet: false }
    }

    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }
}

impl<W: Write> super::Output for Github<W> {
    fn file(&mut self, document: &Document, report: &Report) -> io::Result<()> {
        let out = &mut self.out;
        if report.findings.is_empty() {
            return Ok(());
        }
        let name = inert_log_line(document.source().name());
        writeln!(out, "::group::{}", escape_data(&name))?;
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
            // Values quoted in a message show their control characters as escapes; the one
            // line break that is meant (before the help) is escaped as data.
            let mut message = printable(&finding.message).into_owned();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(&printable(help));
            }
            let title = escape_property(&format!("{} {}", finding.code(), finding.rule_name()));
            if finding.file.starts_with("--set") {
                // A command-line argument is not a file of the repository: no file= property.
                message = format!("{} (in the {} argument)", message, printable(&finding.file));
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
            writeln!(out, "{}", inert_log_line(&finding.to_string()))?;
        }
        writeln!(out, "::endgroup::")
    }

    fn skipped(&mut self, name: &str, reason: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(
            self.out,
            "::notice file={}::{}",
            escape_property(name),
            escape_data(&format!(
                "stsbackup skipped this file: {}",
                printable(reason)
            ))
        )
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A plain line of the log, readable as it is (no `%` escapes: the runner unescapes only
/// command data) and never a command: the runner reads a line as a workflow command when it
/// starts with `::` after leading spaces, or when it holds `##[` anywhere (the old syntax), so
/// a file named `::stop-commands::x.yaml` gets a `./` before it, and [`printable`] writes
/// `##[` as `#\u{23}[` and control characters as visible escapes, so no value starts a line.
fn inert_log_line(text: &str) -> String {
    let mut line = printable(text).into_owned();
    if line.trim_start().starts_with("::") || line.starts_with(char::is_whitespace) {
        line.insert_str(0, "./");
    }
    line
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

    #[test]
    fn a_plain_line_is_never_a_command_and_is_not_escaped_twice() {
        assert_eq!(
            inert_log_line("::stop-commands::x.yaml:1:1: error[SB001] 50% `a\nb`"),
            "./::stop-commands::x.yaml:1:1: error[SB001] 50% `a\\nb`"
        );
        assert_eq!(inert_log_line("  ::error::x"), "./  ::error::x");
        assert_eq!(
            inert_log_line("v.yaml:1:1: `##[error]x`"),
            "v.yaml:1:1: `#\\u{23}[error]x`"
        );
        assert_eq!(inert_log_line("v.yaml:1:1: fine"), "v.yaml:1:1: fine");
    }
}
