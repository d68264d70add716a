//! What the CLI tests share: the binary under test and the fixtures; for the install tests, the repository's root, the Python tools of the oracles' venv
//! (`scripts/test` sets `STSBACKUP_ORACLES` to its `bin/`), scratch directories and running a
//! command with its output shown when it fails.

#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root, which is the CLI package's manifest directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository's `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    root().join("fixtures").join(path)
}

/// The `stsbackup` binary under test, without the environment that changes what it prints:
/// colour switches, GitHub Actions (which makes annotations the default format) and the
/// variables `render` reads keys from.
pub fn stsbackup() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("stsbackup").unwrap();
    for name in [
        "NO_COLOR",
        "FORCE_COLOR",
        "GITHUB_ACTIONS",
        "STSBACKUP_MINIO_ACCESS_KEY",
        "STSBACKUP_MINIO_SECRET_KEY",
        "STSBACKUP_AWS_ACCESS_KEY",
        "STSBACKUP_AWS_SECRET_KEY",
    ] {
        command.env_remove(name);
    }
    command
}

/// A program of the oracles' venv, such as `pre-commit` or `maturin`. `None` only when
/// `STSBACKUP_SKIP_ORACLES=1` says to skip; otherwise a missing tool fails the test, so that a
/// run without the oracles cannot pass for a run with them.
pub fn oracle(program: &str) -> Option<PathBuf> {
    if std::env::var_os("STSBACKUP_SKIP_ORACLES").is_some_and(|skip| skip == "1") {
        eprintln!("skipped: STSBACKUP_SKIP_ORACLES=1, {program} is not run");
        return None;
    }
    let Some(bin) = std::env::var_os("STSBACKUP_ORACLES") else {
        panic!(
            "STSBACKUP_ORACLES is not set: run scripts/test (it makes .venv with \
             scripts/oracles.txt), or set STSBACKUP_SKIP_ORACLES=1 to skip this test"
        );
    };
    let path = Path::new(&bin).join(program);
    assert!(
        path.is_file(),
        "{} is missing: scripts/oracles.txt lists it, scripts/test installs it",
        path.display()
    );
    Some(path)
}

/// A new, empty directory for one test under cargo's target directory (not /tmp: the builds
/// made there are large).
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Makes the nested release build of `command` (the hook's `cargo install`, maturin's build) a
/// cheap one: no LTO, no optimisation, many codegen units, no debug info, in a target directory
/// kept between runs and shared by these tests, so that the dependencies are compiled once. Not
/// the tests' own target directory: cargo holds that one locked while the tests run.
pub fn quick_release_build(command: &mut Command) -> &mut Command {
    command
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("quick-release"),
        )
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
        .env("CARGO_TERM_COLOR", "never")
}

/// Runs `command` and returns its output, with stdout and stderr as text for assertions.
pub fn run(command: &mut Command) -> (Output, String) {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output, text)
}

/// Runs `command` and fails the test, showing its output, unless it exits 0.
pub fn run_ok(command: &mut Command) -> String {
    let (output, text) = run(command);
    assert!(output.status.success(), "{command:?} failed:\n{text}");
    text
}
