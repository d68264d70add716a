//! One file per output format; each is a function of the findings.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use std::io;
use stsbackup::{Document, Report};

/// An output format: told about each linted file in order, then finished.
pub trait Output {
    fn file(&mut self, document: &Document, report: &Report) -> io::Result<()>;
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
