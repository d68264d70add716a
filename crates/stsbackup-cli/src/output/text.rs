//! `--format text`: rustc-style diagnostics, the line of the file with a caret under the value.

use super::{printable, printable_line};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::io::{self, Write};
use stsbackup::{Document, Finding, Report, Severity};

/// Writes each file's diagnostics as it comes, and a summary line at the end.
pub struct Text<W: Write> {
    out: W,
    renderer: Renderer,
    files: usize,
    /// `--set` arguments merged into the values (they are not files).
    set_arguments: usize,
    unreadable: usize,
    skipped: usize,
    releases: usize,
    /// `--quiet`: the findings and nothing else.
    quiet: bool,
    counts: [usize; 3],
}

impl<W: Write> Text<W> {
    pub fn new(out: W, colour: bool) -> Self {
        let renderer = if colour {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Text {
            out,
            renderer,
            files: 0,
            set_arguments: 0,
            unreadable: 0,
            skipped: 0,
            releases: 0,
            quiet: false,
            counts: [0; 3],
        }
    }

    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }
}

impl<W: Write> super::Output for Text<W> {
    fn file(&mut self, document: &Document, report: &Report) -> io::Result<()> {
        // A merged document counts each -f file and each --set argument it came from.
        let set_arguments = document
            .sources
            .iter()
            .filter(|s| s.name().starts_with("--set"))
            .count();
        self.set_arguments += set_arguments;
        self.files += document.sources.len() - set_arguments;
        for finding in &report.findings {
            self.counts[finding.severity as usize] += 1;
            writeln!(
                self.out,
                "{}\n",
                self.renderer.render(&diagnostic(document, finding))
            )?;
        }
        Ok(())
    }

    fn unreadable(&mut self, _name: &str, _error: &io::Error) -> io::Result<()> {
        self.unreadable += 1;
        Ok(())
    }

    fn skipped(&mut self, name: &str, reason: &str) -> io::Result<()> {
        self.skipped += 1;
        if self.quiet {
            return Ok(());
        }
        writeln!(
            self.out,
            "note: skipped {}: {}\n",
            printable(name),
            printable(reason)
        )
    }

    fn release(&mut self, _name: &str, _declared_in: &str) -> io::Result<()> {
        self.releases += 1;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.quiet {
            return self.out.flush();
        }
        let [infos, warnings, errors] = self.counts;
        let mut summary = plural(self.files, "file");
        if self.set_arguments > 0 {
            summary.push_str(&format!(
                " and {}",
                plural(self.set_arguments, "--set argument")
            ));
        }
        if self.releases > 0 {
            summary.push_str(&format!(" ({} merged)", plural(self.releases, "release")));
        }
        summary.push_str(" checked");
        if self.skipped > 0 {
            summary.push_str(&format!(
                ", {} skipped (not StackState values)",
                plural(self.skipped, "file")
            ));
        }
        if self.unreadable > 0 {
            // Never "no problems found" when a file went unchecked.
            summary.push_str(&format!(
                ", {} could not be read",
                plural(self.unreadable, "file")
            ));
        }
        if errors + warnings + infos == 0 && self.files + self.set_arguments == 0 {
            // Nothing was linted (every file skipped): no verdict to give.
            writeln!(self.out, "{summary}")?;
        } else if errors + warnings + infos == 0 && self.unreadable == 0 {
            writeln!(self.out, "{summary}: no problems found")?;
        } else {
            writeln!(
                self.out,
                "{summary}: {}, {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning"),
                plural(infos, "note")
            )?;
        }
        self.out.flush()
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn diagnostic<'a>(document: &'a Document, finding: &'a Finding) -> Vec<Group<'a>> {
    let level = match finding.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let source = document.source_of(finding.source);
    let position = finding.position;
    // Everything shown comes from the input: its control characters are made visible.
    let mut group = Group::with_title(
        level
            .primary_title(printable(&finding.message))
            .id(finding.code()),
    );
    match source.display_excerpt(position.line, position.start..position.end, EXCERPT_CONTEXT) {
        Some(excerpt) => {
            // Only a piece of a very long line is shown: rendering the whole line for each of
            // its findings would be quadratic in its length. `…` marks what was cut, and the
            // position is then given in a note, since the piece's columns are not the line's.
            let cut = excerpt.cut_before || excerpt.cut_after;
            let lead = if excerpt.cut_before { "…" } else { "" };
            let start_char =
                lead.chars().count() + excerpt.text[..excerpt.focus.start].chars().count();
            // Columns count characters; masking and control pictures keep the count.
            let width = excerpt.text[excerpt.focus.clone()].chars().count().max(1);
            let line = format!(
                "{lead}{}{}",
                printable_line(&excerpt.text),
                if excerpt.cut_after { "…" } else { "" }
            );
            let start = byte_at_char(&line, start_char);
            let end = byte_at_char(&line, start_char + width).max(start);
            let label = if finding.path.is_empty() {
                None
            } else {
                Some(printable(&finding.path).into_owned())
            };
            let annotation = AnnotationKind::Primary.span(start..end).label(label);
            let snippet = Snippet::source(line)
                .line_start(position.line)
                .annotation(annotation);
            group = if cut {
                group.element(snippet).element(Level::NOTE.message(format!(
                    "at {}:{}:{} (a long line, shown in part)",
                    printable(source.name()),
                    position.line,
                    position.column
                )))
            } else {
                group.element(snippet.path(printable(source.name())))
            };
        }
        None => {
            group = group.element(Level::NOTE.message(format!("in {}", printable(source.name()))));
        }
    }
    if let Some(help) = &finding.help {
        group = group.element(Level::HELP.message(printable(help)));
    }
    vec![group]
}

/// How many characters of a line are shown either side of a finding (and of the finding
/// itself): lines of real values files are shown whole, a hostile 200 KB line in pieces.
const EXCERPT_CONTEXT: usize = 500;

fn byte_at_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}
