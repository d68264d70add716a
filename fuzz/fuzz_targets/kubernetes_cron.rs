//! Arbitrary text as a CronJob schedule: parse it as the Kubernetes API server does and, when
//! it is accepted, compute its next runs. Nothing may panic, and every issue must point at a
//! slice of the expression.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsbackup::calendar::DateTime;
use stsbackup::cron::kubernetes;
use stsbackup::issue::ValueIssue;

/// The README's "now", and the last second of a leap day.
const STARTS: [&str; 2] = ["2026-11-25T10:00:00Z", "2024-02-29T23:59:59Z"];

fn check_span(expr: &str, issue: &ValueIssue) {
    assert!(
        issue.range.start <= issue.range.end && expr.get(issue.range.clone()).is_some(),
        "{issue:?} is not a slice of {expr:?}"
    );
}

fuzz_target!(|expr: &str| {
    match kubernetes::parse(expr) {
        Err(issue) => check_span(expr, &issue),
        Ok(parsed) => {
            for warning in &parsed.warnings {
                check_span(expr, warning);
            }
            if let Some(issue) = parsed.schedule.never_runs() {
                check_span(expr, issue);
            }
            for start in STARTS {
                let start = DateTime::parse_rfc3339(start).expect("a start time");
                let runs = parsed.schedule.next_runs(start, 5);
                assert!(
                    runs.windows(2).all(|pair| pair[0] < pair[1])
                        && runs.iter().all(|run| *run > start),
                    "{expr:?}: runs out of order after {start}: {runs:?}"
                );
            }
        }
    }
});
