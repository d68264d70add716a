//! Every stage is linear (or n log n) in the size of its input: each test runs a stage on an
//! input large enough that a quadratic stage would take minutes and stall the suite, while
//! the linear one takes well under a second. There are no timing assertions: the suite's time
//! is the guard (and `cargo bench -p stsbackup` measures the same inputs).

#[path = "support/hostile_inputs.rs"]
mod hostile_inputs;

use stsbackup::{Finding, load_str, validate};

fn codes(findings: &[Finding], code: &str) -> usize {
    findings.iter().filter(|f| f.code() == code).count()
}

#[test]
fn a_hundred_thousand_keys_in_one_mapping() {
    let text = hostile_inputs::many_keys(100_000);
    assert!(text.len() < stsbackup::load::MAX_FILE_BYTES);
    let report = validate(&load_str("keys.yaml", &text));
    assert_eq!(codes(&report.findings, "SB002"), 10_000);
    assert!(codes(&report.findings, "SB010") >= 100_000);
}

#[test]
fn a_long_line_with_many_findings_is_shown_piece_by_piece() {
    let text = hostile_inputs::long_line(20_000);
    let document = load_str("line.yaml", &text);
    let report = validate(&document);
    assert_eq!(codes(&report.findings, "SB010"), 20_000);
    let source = document.source();
    for finding in report.findings.iter().filter(|f| f.code() == "SB010") {
        let position = finding.position;
        let excerpt = source
            .display_excerpt(position.line, position.start..position.end, 80)
            .unwrap();
        assert!(excerpt.text.chars().count() <= 3 * 80, "{}", excerpt.text);
        let key = finding.path.rsplit('.').next().unwrap();
        assert_eq!(&excerpt.text[excerpt.focus.clone()], key);
    }
}

#[test]
fn masking_with_a_one_character_secret() {
    let text = hostile_inputs::one_character_secret(20_000);
    let document = load_str("secret.yaml", &text);
    let report = validate(&document);
    let source = document.source();
    assert_eq!(source.display_line(2).unwrap(), "  secretKey: *");
    let mut shown = 0;
    for finding in &report.findings {
        if let Some(line) = source.display_line(finding.position.line) {
            shown += line.len();
        }
    }
    assert!(shown > 0);
    assert!(codes(&report.findings, "SB010") >= 20_000);
}

#[test]
fn a_six_megabyte_inline_ignore_comment() {
    let text = hostile_inputs::huge_ignore_comment(6 * 1024 * 1024);
    let report = validate(&load_str("ignore.yaml", &text));
    // The one finding on the line is silenced, and the repeats of the code are one ignore.
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code() != "SB010" && f.code() != "SB008"),
        "{:?}",
        &report.findings[..report.findings.len().min(3)]
    );
}

#[test]
fn a_secret_written_again_on_every_line() {
    let text = hostile_inputs::repeated_secret(20_000);
    let document = load_str("repeated.yaml", &text);
    let report = validate(&document);
    assert!(codes(&report.findings, "SB010") >= 20_000);
    let source = document.source();
    for finding in &report.findings {
        let line = source.display_line(finding.position.line).unwrap();
        assert!(!line.contains("Zq8vN2kP4mR7tX1yB6wC"), "{line}");
    }
}

#[test]
fn an_ignore_comment_of_distinct_codes_makes_a_bounded_number_of_findings() {
    let unknown: String = (0..500_000).map(|i| format!("X{i},")).collect();
    let text = format!("backup:\n  stackgraph: {{}}  # stsbackup: ignore[SB010,{unknown}]\n");
    let report = validate(&load_str("ignore.yaml", &text));
    assert_eq!(codes(&report.findings, "SB010"), 0);
    // One for each of the first 99 unknown codes, and one that says the rest are not read.
    assert_eq!(codes(&report.findings, "SB008"), 100);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.message.contains("names more than 100 codes"))
    );
}
