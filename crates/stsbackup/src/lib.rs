//! stsbackup: validate and render the backup configuration of the StackState Helm chart.
//!
//! The data flows one way: text → positioned tree ([`load`]) → the `backup:`/`minio:` JSON →
//! shape check ([`schema`]) → typed model ([`model`]) → rules → [`Finding`]s.
//!
//! ```
//! let doc = stsbackup::load_str("values.yaml", "backup:\n  enabled: true\n");
//! let report = stsbackup::validate(&doc);
//! for finding in &report.findings {
//!     println!("{finding}");
//! }
//! // The chart's defaults keep the backups in the MinIO pod, and the keys are placeholders.
//! assert!(report.findings.iter().any(|f| f.code() == "SB601"));
//! assert!(report.has_errors());
//! ```

#![warn(missing_docs)]

/// Declares a module of internals: the ports of the tools the chart hands values to, and the
/// plumbing between them. Public only with the `internals` feature (no semver promise), for the
/// differential tests and fuzz targets that compare them with the real tools.
macro_rules! internal_mod {
    ($name:ident) => {
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        #[allow(missing_docs)]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code)]
        mod $name;
    };
}

pub mod belonging;
pub mod calendar;
pub mod catalogue;
internal_mod!(cron);
pub mod finding;
pub mod generation;
internal_mod!(issue);
pub mod load;
pub mod markers;
mod memo;
pub mod merge;
pub mod migrate;
pub mod model;
pub mod render;
pub mod rules;
pub mod schedule;
pub mod schema;
mod secrets;
pub mod source;
pub mod suggest;
internal_mod!(text);
mod validate;

/// The README's Rust examples, compiled and run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use finding::{Finding, Position, Severity};
pub use load::{Document, load_bytes, load_file, load_str};
pub use markers::Checked;
pub use model::Values;
pub use validate::{Options, Report, validate, validate_with};
