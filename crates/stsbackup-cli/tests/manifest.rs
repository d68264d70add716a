//! The root Cargo.toml lists the CLI's test targets by hand (`autotests = false`: the CLI's
//! sources are not in the root package's default places). A test file added under
//! crates/stsbackup-cli/tests without its `[[test]]` entry would never run: this test says so.

use std::path::Path;

#[test]
fn every_cli_test_file_is_a_test_target_of_the_root_manifest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(root.join("crates/stsbackup-cli/tests"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "only {files:?}");
    let missing: Vec<&String> = files
        .iter()
        .filter(|name| {
            let entry = format!("path = \"crates/stsbackup-cli/tests/{name}\"");
            !manifest.lines().any(|line| line.trim() == entry)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "add a [[test]] entry to the root Cargo.toml for each of {missing:?}"
    );
}
