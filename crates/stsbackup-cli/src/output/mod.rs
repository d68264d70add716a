//! One file per output format; each is a function of the findings.

pub mod github;
pub mod json;
pub mod sarif;
pub mod statistics;
pub mod text;

use crate::lint_cmd::Format;
use clap::ValueEnum;
use std::borrow::Cow;
use std::io::{self, Write};
use stsbackup::{Document, Report};

/// An output format: told about each linted file in order, then finished.
pub trait Output {
    fn file(&mut self, document: &Document, report: &Report) -> io::Result<()>;
    /// A file that could not be read (it is also reported on standard error): formats that
    /// are read by machines record it, so that a missing file is not a clean run.
    fn unreadable(&mut self, _name: &str, _error: &io::Error) -> io::Result<()> {
        Ok(())
    }
    /// A file that was not linted (another chart's values), with why.
    fn skipped(&mut self, _name: &str, _reason: &str) -> io::Result<()> {
        Ok(())
    }
    /// The next [`Output::file`] is a release: values merged from the files of `declared_in`.
    fn release(&mut self, _name: &str, _declared_in: &str) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self) -> io::Result<()>;
}

/// Every output of a run: standard output's format and each `--output-file`.
pub struct Outputs {
    outputs: Vec<Box<dyn Output>>,
}

impl Outputs {
    /// Opens standard output's format (or `--statistics`) and each `--output-file`
    /// (`FORMAT=PATH`, or a bare `PATH` that takes standard output's place).
    pub fn open(
        format: Format,
        output_files: &[String],
        quiet: bool,
        statistics: bool,
    ) -> Result<Outputs, String> {
        let mut outputs: Vec<Box<dyn Output>> = Vec::new();
        let mut stdout_replaced = false;
        for spec in output_files {
            let (file_format, path) = match spec.split_once('=') {
                Some((name, path)) if Format::from_str(name, true).is_ok() => {
                    (Format::from_str(name, true).expect("checked"), path)
                }
                _ => {
                    stdout_replaced = true;
                    (format, spec.as_str())
                }
            };
            let file = std::fs::File::create(path)
                .map_err(|error| format!("cannot write {}: {error}", printable(path)))?;
            outputs.push(make(
                file_format,
                Box::new(io::BufWriter::new(file)),
                false,
                quiet,
                false,
            ));
        }
        if !stdout_replaced {
            let stdout: Box<dyn Write> = Box::new(io::stdout().lock());
            outputs.insert(
                0,
                if statistics {
                    Box::new(statistics::Statistics::new(stdout))
                } else {
                    make(
                        format,
                        stdout,
                        crate::use_colour(&io::stdout()),
                        quiet,
                        true,
                    )
                },
            );
        }
        Ok(Outputs { outputs })
    }
}

/// `on_stdout`: the output standard output shows (the JSON array's skipped files are then said
/// on standard error).
fn make(
    format: Format,
    out: Box<dyn Write>,
    colour: bool,
    quiet: bool,
    on_stdout: bool,
) -> Box<dyn Output> {
    match format {
        Format::Text => Box::new(text::Text::new(out, colour).quiet(quiet)),
        Format::Json => Box::new(json::Json::new(out).skipped_notes(on_stdout && !quiet)),
        Format::Sarif => Box::new(sarif::Sarif::new(out)),
        Format::Github => Box::new(github::Github::new(out).quiet(quiet)),
    }
}

impl Output for Outputs {
    fn file(&mut self, document: &Document, report: &Report) -> io::Result<()> {
        self.outputs
            .iter_mut()
            .try_for_each(|o| o.file(document, report))
    }
    fn unreadable(&mut self, name: &str, error: &io::Error) -> io::Result<()> {
        self.outputs
            .iter_mut()
            .try_for_each(|o| o.unreadable(name, error))
    }
    fn skipped(&mut self, name: &str, reason: &str) -> io::Result<()> {
        self.outputs
            .iter_mut()
            .try_for_each(|o| o.skipped(name, reason))
    }
    fn release(&mut self, name: &str, declared_in: &str) -> io::Result<()> {
        self.outputs
            .iter_mut()
            .try_for_each(|o| o.release(name, declared_in))
    }
    fn finish(&mut self) -> io::Result<()> {
        self.outputs.iter_mut().try_for_each(|o| o.finish())
    }
}

/// Text from the input (a file name, a value quoted in a message, a key) as it may reach a
/// terminal or a CI log: every control character is written as a visible escape (`\u{1b}`,
/// `\n`), so that no value can move the cursor, change colours, clear the screen or start a
/// new line that a CI runner would read as a command.
///
/// `##[` is written `#\u{23}[` too: a CI runner reads it anywhere in a line as a command in
/// the old syntax (`##[warning]...`).
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) && !text.contains(OLD_COMMAND) {
        return Cow::Borrowed(text);
    }
    if !text.chars().any(is_control) {
        return Cow::Owned(text.replace(OLD_COMMAND, "#\\u{23}["));
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            c if is_control(c) => shown.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => shown.push(c),
        }
    }
    Cow::Owned(shown.replace(OLD_COMMAND, "#\\u{23}["))
}

/// The start of a workflow command in the old syntax, which GitHub's runner finds anywhere
/// in a line of the log.
const OLD_COMMAND: &str = "##[";

/// JSON text with `##[` written `#\u0023[`: the same JSON value, but no longer a workflow
/// command when the JSON is printed to a CI log.
pub fn inert_json(json: String) -> String {
    if json.contains(OLD_COMMAND) {
        json.replace(OLD_COMMAND, "#\\u0023[")
    } else {
        json
    }
}

/// A line of a file as it is shown under a diagnostic: each control character becomes one
/// visible character (its Unicode control picture, `␛` for escape, or `�`), so that the
/// columns of the carets stay right. A tab is kept: the renderer expands it.
///
/// The second `#` of a `##[` becomes `＃` (the full-width number sign), for the reason
/// [`printable`] gives.
pub fn printable_line(line: &str) -> Cow<'_, str> {
    if !line.chars().any(|c| c != '\t' && is_control(c)) && !line.contains(OLD_COMMAND) {
        return Cow::Borrowed(line);
    }
    let shown: String = line
        .chars()
        .map(|c| match u32::from(c) {
            0x09 => c,
            code @ 0x00..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
            0x7f => '\u{2421}',
            _ if is_control(c) => '\u{fffd}',
            _ => c,
        })
        .collect();
    Cow::Owned(shown.replace(OLD_COMMAND, "#\u{ff03}["))
}

/// C0 and C1 controls and DEL, and the characters that reorder or break what a terminal
/// shows: bidirectional overrides and isolates (the "Trojan Source" characters) and the
/// Unicode line and paragraph separators.
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Where a rule's documentation lives on the web, for formats that link to it.
pub fn rule_url(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        code.to_ascii_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(printable("plain `x`"), "plain `x`");
        assert_eq!(
            printable("a\u{1b}[2Jb\nc\r\t\u{85}\u{202e}"),
            "a\\u{1b}[2Jb\\nc\\r\\t\\u{85}\\u{202e}"
        );
    }

    #[test]
    fn a_shown_line_keeps_its_character_count() {
        let line = "key: \u{1b}[31mred\u{7f}\u{9b}\tx";
        let shown = printable_line(line);
        assert_eq!(shown, "key: \u{241b}[31mred\u{2421}\u{fffd}\tx");
        assert_eq!(shown.chars().count(), line.chars().count());
        assert_eq!(printable_line("a ##[warning]x"), "a #\u{ff03}[warning]x");
        assert_eq!(printable("a ##[warning]x"), "a #\\u{23}[warning]x");
        assert_eq!(
            inert_json(r###"{"m":"##[x"}"###.to_owned()),
            r###"{"m":"#\u0023[x"}"###
        );
    }
}
