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

pub mod belonging;
pub mod calendar;
pub mod catalogue;
pub mod cron;
pub mod finding;
pub mod generation;
pub mod issue;
pub mod load;
pub mod markers;
mod memo;
pub mod merge;
pub mod model;
pub mod render;
pub mod rules;
pub mod schedule;
pub mod schema;
mod secrets;
pub mod source;
pub mod suggest;
pub mod text;
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
