//! Every values file under `fixtures/valid` and `fixtures/invalid` is linted and its findings
//! compared with the `.expected` file beside it (`line:column severity code path`, one per
//! line). `STSBACKUP_BLESS=1 cargo test` rewrites the expected files from the current output;
//! review the diff before committing it.
//!
//! Naming carries the coverage contract: `invalid/sbNNN-*.yaml` must trigger rule SBNNN,
//! `valid/sbNNN-*.yaml` must not, and every rule has at least one of each.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use stsbackup::calendar::DateTime;
use stsbackup::{Options, Severity};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

/// The fixed "now" of every fixture run, so that schedule rules give the same answer forever.
pub fn fixture_now() -> DateTime {
    DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
}

fn lint(path: &Path) -> Vec<(String, &'static str, Severity)> {
    let document = stsbackup::load_file(path).unwrap();
    let report = stsbackup::validate_with(
        &document,
        &Options {
            now: Some(fixture_now()),
            ..Options::default()
        },
    );
    report
        .findings
        .iter()
        .map(|f| {
            let line = format!(
                "{}:{} {} {} {}",
                f.position.line,
                f.position.column,
                f.severity,
                f.code(),
                f.path
            );
            (line.trim_end().to_owned(), f.code(), f.severity)
        })
        .collect()
}

fn code_of(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let code = name.split('-').next()?;
    (code.len() == 5 && code.starts_with("sb")).then(|| code.to_ascii_uppercase())
}

#[test]
fn fixtures_produce_their_expected_findings() {
    let bless = std::env::var_os("STSBACKUP_BLESS").is_some();
    let mut failures = Vec::new();
    for kind in ["valid", "invalid"] {
        for path in yaml_files(&fixtures_dir().join(kind)) {
            let actual: Vec<String> = lint(&path).into_iter().map(|(line, _, _)| line).collect();
            let expected_path = path.with_extension("expected");
            let mut actual_text = actual.join("\n");
            if !actual_text.is_empty() {
                actual_text.push('\n');
            }
            if bless {
                std::fs::write(&expected_path, &actual_text).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
                panic!(
                    "{} has no .expected file (run with STSBACKUP_BLESS=1 and review)",
                    path.display()
                )
            });
            if expected != actual_text {
                failures.push(format!(
                    "{}:\n--- expected\n{expected}--- actual\n{actual_text}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_fixture_triggers_or_passes_the_rule_it_is_named_after() {
    for (kind, should_trigger) in [("valid", false), ("invalid", true)] {
        for path in yaml_files(&fixtures_dir().join(kind)) {
            let findings = lint(&path);
            if kind == "valid" {
                let errors: Vec<&String> = findings
                    .iter()
                    .filter(|(_, _, s)| *s == Severity::Error)
                    .map(|(l, _, _)| l)
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{} is valid but has errors: {errors:?}",
                    path.display()
                );
            }
            let Some(code) = code_of(&path) else { continue };
            let triggered = findings.iter().any(|(_, c, _)| *c == code);
            assert_eq!(
                triggered,
                should_trigger,
                "{}: {code} triggered = {triggered}",
                path.display()
            );
        }
    }
}

#[test]
fn every_rule_has_a_fixture_that_triggers_it_and_one_that_passes() {
    let named = |kind: &str| -> BTreeSet<String> {
        yaml_files(&fixtures_dir().join(kind))
            .iter()
            .filter_map(|p| code_of(p))
            .collect()
    };
    let (valid, invalid) = (named("valid"), named("invalid"));
    let mut missing = Vec::new();
    for rule in stsbackup::rules::all() {
        // An internal error has no input that should trigger it; a file over 16 MiB is made
        // by tests/limits.rs rather than committed.
        if ["SB099", "SB007"].contains(&rule.code) {
            continue;
        }
        if !invalid.contains(rule.code) {
            missing.push(format!("invalid/{}-*.yaml", rule.code.to_lowercase()));
        }
        if !valid.contains(rule.code) {
            missing.push(format!("valid/{}-*.yaml", rule.code.to_lowercase()));
        }
    }
    assert!(missing.is_empty(), "missing fixtures: {missing:?}");
}
