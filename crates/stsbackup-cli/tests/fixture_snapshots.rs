//! The printed text of every invalid fixture, snapshotted: the wording of a finding is the
//! product, so a change to a message, a help or a caret shows in review as a snapshot diff.
//! `INSTA_UPDATE=always cargo test --test fixture_snapshots` (or `cargo insta review`) takes a
//! deliberate change.

use assert_cmd::Command;
use std::path::Path;

/// As in the library's fixtures test: `--chart stackstate@5.1.4` unless the fixture's first line
/// says `# --chart RELEASE` or `# --chart none`.
fn chart_of(root: &Path, name: &str) -> Vec<String> {
    let text = std::fs::read(root.join("fixtures/invalid").join(name)).unwrap_or_default();
    let first = text.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    match first.strip_prefix("# --chart ").map(str::trim) {
        Some("none") => vec![],
        Some(chart) => vec!["--chart".into(), chart.into()],
        None => vec!["--chart".into(), "stackstate@5.1.4".into()],
    }
}

#[test]
fn every_invalid_fixture_prints_as_snapshotted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(); // the CLI package is the repository's root
    let mut names: Vec<String> = std::fs::read_dir(root.join("fixtures/invalid"))
        .expect("fixtures/invalid")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() > 50, "only {} invalid fixtures", names.len());
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();
    for name in names {
        let output = Command::cargo_bin("stsbackup")
            .expect("the binary")
            .current_dir(&root)
            .env_remove("GITHUB_ACTIONS")
            .env("NO_COLOR", "1")
            .args(["lint", "--now", "2026-11-25T10:00:00Z"])
            .args(chart_of(&root, &name))
            .arg(format!("fixtures/invalid/{name}"))
            .output()
            .expect("stsbackup runs");
        let printed = format!(
            "exit status: {:?}\n--- stdout\n{}--- stderr\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        insta::assert_snapshot!(name.trim_end_matches(".yaml"), printed);
    }
}
