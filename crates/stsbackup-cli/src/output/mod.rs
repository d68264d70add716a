//! One file per output format; each is a function of the findings.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use std::io;
use std::path::Path;
use stsbackup::{Document, Report};

/// An output format: told about each linted file in order, then finished.
pub trait Output {
    fn file(&mut self, document: &Document, report: &Report) -> io::Result<()>;
    /// A file that could not be read (the error is on standard error): a format with a summary
    /// must not call the run clean.
    fn unreadable(&mut self, _path: &Path) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self) -> io::Result<()>;
}

/// Where a rule's documentation lives on the web, for formats that link to it.
pub fn rule_url(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        code.to_ascii_lowercase()
    )
}
