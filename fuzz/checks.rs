//! What each fuzz target checks, as plain functions on one input. The targets in
//! `fuzz_targets/` call them on libFuzzer's inputs; `crates/stsbackup/tests/fuzz_regressions.rs`
//! replays the named inputs of `regressions/<target>/` through them with an ordinary
//! `cargo test` on stable Rust, so a fixed crash stays fixed without a nightly toolchain.
#![allow(dead_code)] // each fuzz target uses its own part

use stsbackup::calendar::DateTime;
use stsbackup::cron::{elasticsearch, kubernetes};
use stsbackup::issue::ValueIssue;
use stsbackup::merge::{SetKind, ValuesInput, merge};

/// Runs the check of the fuzz target named `target` on `data`, as the target would (text
/// targets skip input that is not UTF-8, as libFuzzer's `&str` inputs do). `false` when there is
/// no target of that name.
pub fn run(target: &str, data: &[u8]) -> bool {
    let text = std::str::from_utf8(data);
    match target {
        "load_and_validate" => load_and_validate(data),
        "merge_set" => merge_set(data),
        "kubernetes_cron" => {
            if let Ok(expr) = text {
                kubernetes_cron(expr);
            }
        }
        "elasticsearch_cron" => {
            if let Ok(expr) = text {
                elasticsearch_cron(expr);
            }
        }
        _ => return false,
    }
    true
}

/// Arbitrary bytes as a values file: load them as Helm would and run every rule. Nothing may
/// panic, and every finding's `Display` must work.
pub fn load_and_validate(data: &[u8]) {
    let document = stsbackup::load_bytes("values.yaml", data);
    let report = stsbackup::validate(&document);
    for finding in &report.findings {
        // Display renders the position and the message; it must not panic either.
        let _ = finding.to_string();
    }
}

/// The README's "now", and the last second of a leap day.
const STARTS: [&str; 2] = ["2026-11-25T10:00:00Z", "2024-02-29T23:59:59Z"];

fn check_span(expr: &str, issue: &ValueIssue) {
    assert!(
        issue.range.start <= issue.range.end && expr.get(issue.range.clone()).is_some(),
        "{issue:?} is not a slice of {expr:?}"
    );
}

fn check_runs(expr: &str, next_runs: impl Fn(DateTime) -> Vec<DateTime>) {
    for start in STARTS {
        let start = DateTime::parse_rfc3339(start).expect("a start time");
        let runs = next_runs(start);
        assert!(
            runs.windows(2).all(|pair| pair[0] < pair[1]) && runs.iter().all(|run| *run > start),
            "{expr:?}: runs out of order after {start}: {runs:?}"
        );
    }
}

/// Arbitrary text as a CronJob schedule: parse it as the Kubernetes API server does and, when
/// it is accepted, compute its next runs. Nothing may panic, and every issue must point at a
/// slice of the expression.
pub fn kubernetes_cron(expr: &str) {
    match kubernetes::parse(expr) {
        Err(issue) => check_span(expr, &issue),
        Ok(parsed) => {
            for warning in &parsed.warnings {
                check_span(expr, warning);
            }
            if let Some(issue) = parsed.schedule.never_runs() {
                check_span(expr, issue);
            }
            check_runs(expr, |start| parsed.schedule.next_runs(start, 5));
        }
    }
}

/// The same for an SLM schedule, parsed as Elasticsearch does.
pub fn elasticsearch_cron(expr: &str) {
    match elasticsearch::parse(expr) {
        Err(issue) => check_span(expr, &issue),
        Ok(parsed) => {
            for warning in &parsed.warnings {
                check_span(expr, warning);
            }
            check_runs(expr, |start| parsed.schedule.next_runs(start, 5));
        }
    }
}

/// A small values file with mappings, lists and scalars for the argument to land on.
const BASE: &str = "backup:\n  enabled: true\n  stackGraph:\n    bucketName: sts-stackgraph\n  \
                    elasticsearch:\n    scheduled:\n      schedule: \"0 0 3 * * ?\"\n\
                    minio:\n  accessKey: setme\n  extraArgs: [a, {b: 1}]\n";

/// One `--set`, `--set-string` or `--set-literal` argument (chosen by the first byte) over a
/// values file, merged as Helm merges them, then linted. Nothing may panic.
pub fn merge_set(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(expression) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = match selector % 3 {
        0 => SetKind::Typed,
        1 => SetKind::String,
        _ => SetKind::Literal,
    };
    let document = merge(vec![
        ValuesInput::File(stsbackup::load_str("base.yaml", BASE)),
        ValuesInput::Set {
            expression: expression.to_owned(),
            kind,
        },
    ]);
    let report = stsbackup::validate(&document);
    for finding in &report.findings {
        let _ = finding.to_string();
    }
}
