//! `--format text`: rustc-style diagnostics, the line of the file with a caret under the value.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::io::{self, Write};
use stsbackup::{Document, Finding, Report, Severity};

pub fn write(out: &mut impl Write, results: &[(Document, Report)], colour: bool) -> io::Result<()> {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for (document, report) in results {
        for finding in &report.findings {
            match finding.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            writeln!(out, "{}\n", renderer.render(&diagnostic(document, finding)))?;
        }
    }
    let files = results.len();
    if errors + warnings + infos == 0 {
        writeln!(out, "{} checked: no problems found", plural(files, "file"))
    } else {
        writeln!(
            out,
            "{} checked: {}, {}, {}",
            plural(files, "file"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "note")
        )
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
    let mut group = Group::with_title(
        level
            .primary_title(finding.message.as_str())
            .id(finding.code),
    );
    match source.display_line(position.line) {
        Some(line) => {
            // Columns count characters; masking keeps the count, not the byte length.
            let width = source
                .text()
                .get(position.start..position.end)
                .map(|s| s.chars().count())
                .unwrap_or(0)
                .max(1);
            let start_char = position.column - 1;
            let start = byte_at_char(&line, start_char);
            let end = byte_at_char(&line, start_char + width).max(start);
            let label = if finding.path.is_empty() {
                None
            } else {
                Some(finding.path.clone())
            };
            let annotation = AnnotationKind::Primary.span(start..end).label(label);
            group = group.element(
                Snippet::source(line.into_owned())
                    .line_start(position.line)
                    .path(source.name())
                    .annotation(annotation),
            );
        }
        None => {
            group = group.element(Level::NOTE.message(format!("in {}", source.name())));
        }
    }
    if let Some(help) = &finding.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    vec![group]
}

fn byte_at_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}
