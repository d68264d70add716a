//! A file whose generation is inferred is checked against what its candidate generations share:
//! every value in error without `--chart` must be in error under each candidate's release too
//! (no false error from guessing; the code may differ: SB409, "neither form", is SB401 or SB408
//! once the generation is known). Every fixture is linted both ways.

use std::path::{Path, PathBuf};
use stsbackup::calendar::DateTime;
use stsbackup::{Options, Severity};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    for kind in ["valid", "invalid"] {
        for entry in std::fs::read_dir(root.join(kind)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn errors(report: &stsbackup::Report) -> Vec<(String, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.code().to_owned(), f.path.clone()))
        .collect()
}

#[test]
fn an_inferred_generation_gives_no_error_a_candidate_would_not() {
    let now = DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in fixtures() {
        let document = stsbackup::load_file(&path).unwrap();
        let inferred = stsbackup::validate_with(
            &document,
            &Options {
                now: Some(now),
                chart: None,
                ..Options::default()
            },
        );
        let inferred_errors = errors(&inferred);
        if inferred_errors.is_empty() {
            continue;
        }
        checked += 1;
        for generation in inferred.checked.generations.iter() {
            let release = generation.newest_release();
            let given = stsbackup::validate_with(
                &document,
                &Options {
                    now: Some(now),
                    chart: Some(release),
                    ..Options::default()
                },
            );
            let given_errors = errors(&given);
            for error in &inferred_errors {
                if !given_errors.iter().any(|(_, path)| *path == error.1) {
                    problems.push(format!(
                        "{}: {} at {} without --chart, not as {release}",
                        path.display(),
                        error.0,
                        error.1
                    ));
                }
            }
        }
    }
    assert!(checked >= 50, "only {checked} fixtures have errors");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
