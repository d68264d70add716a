//! The loader's limits, on inputs too large to commit as fixtures.

use stsbackup::load::MAX_FILE_BYTES;

#[test]
fn a_file_over_the_size_limit_is_a_finding_not_a_read() {
    let dir = std::env::temp_dir().join(format!("stsbackup-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.yaml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    let text = line.repeat(MAX_FILE_BYTES / line.len() + 2);
    std::fs::write(&path, &text).unwrap();
    let document = stsbackup::load_file(&path).unwrap();
    let report = stsbackup::validate(&document);
    std::fs::remove_dir_all(&dir).unwrap();
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code()).collect();
    assert_eq!(codes, vec!["SB007"]);
    assert_eq!(report.findings[0].position.line, 1);
    assert!(report.has_errors());
}

#[test]
fn just_under_the_limit_is_read() {
    let line = "# padding\n";
    let mut text = line.repeat((MAX_FILE_BYTES - 100) / line.len());
    text.push_str("backup:\n  enabled: false\n");
    let document = stsbackup::load_str("big.yaml", &text);
    let report = stsbackup::validate(&document);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn nesting_beyond_the_depth_limit_is_a_syntax_finding() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let document = stsbackup::load_str("deep.yaml", &format!("a: {deep}\n"));
    let report = stsbackup::validate(&document);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].code(), "SB001");
}

#[test]
fn nesting_up_to_the_depth_limit_is_read_on_a_small_stack() {
    let depth = stsbackup::load::MAX_DEPTH - 1;
    let mut text = String::new();
    for level in 0..depth {
        text.push_str(&"  ".repeat(level));
        text.push_str("k:\n");
    }
    text.push_str(&"  ".repeat(depth));
    text.push_str("leaf: 1\n");
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            stsbackup::validate(&stsbackup::load_str("deep.yaml", &text))
                .findings
                .len()
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), 0);
}
