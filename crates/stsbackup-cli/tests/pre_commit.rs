//! The repository's `.pre-commit-hooks.yaml`, installed and run by pre-commit itself:
//! `pre-commit try-repo <this repository> stsbackup --files ...` in a scratch git repository
//! clones this repository, `cargo install`s the hook (`language: rust`) and runs it on a good and
//! a bad values file.
//!
//! pre-commit's `cargo install` is a release build; `support::quick_release_build` keeps the real
//! install but makes it cheap (no LTO, no optimisation) and keeps its dependencies compiled.

mod support;

use std::path::Path;
use std::process::Command;

/// `pre-commit try-repo` of this repository's `stsbackup` hook on `file` of the git repository
/// `repo`: the exit status and everything it printed.
fn try_hook(pre_commit: &Path, repo: &Path, home: &Path, file: &str) -> (bool, String) {
    let mut command = Command::new(pre_commit);
    command
        .args(["try-repo"])
        .arg(support::root())
        .args([
            "stsbackup",
            "--verbose",
            "--color",
            "never",
            "--files",
            file,
        ])
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", home)
        .env_remove("GITHUB_ACTIONS");
    support::quick_release_build(&mut command);
    let (output, text) = support::run(&mut command);
    (output.status.success(), text)
}

#[test]
fn the_hook_installs_from_a_clone_and_fails_only_the_bad_file() {
    let Some(pre_commit) = support::oracle("pre-commit") else {
        return;
    };
    let scratch = support::scratch_dir("pre-commit");
    let repo = scratch.join("repo");
    let fixtures = support::root().join("fixtures");
    for (dir, fixture) in [
        ("good", "valid/s3-gateway-complete.yaml"),
        ("bad", "invalid/sb010-stackgraph-lowercase.yaml"),
    ] {
        std::fs::create_dir_all(repo.join(dir)).unwrap();
        std::fs::copy(fixtures.join(fixture), repo.join(dir).join("values.yaml")).unwrap();
    }
    support::run_ok(
        Command::new("git")
            .args(["init", "--quiet"])
            .current_dir(&repo),
    );
    support::run_ok(Command::new("git").args(["add", "."]).current_dir(&repo));
    let home = scratch.join("pre-commit-home");

    let (passed, output) = try_hook(&pre_commit, &repo, &home, "good/values.yaml");
    assert!(passed, "the hook fails a clean file:\n{output}");
    assert!(
        output.contains("Passed") && output.contains("1 file checked: 0 errors"),
        "the hook did not run on the clean file:\n{output}"
    );

    let (passed, output) = try_hook(&pre_commit, &repo, &home, "bad/values.yaml");
    assert!(
        !passed,
        "the hook passes a file with an unknown key:\n{output}"
    );
    assert!(
        output.contains("Failed") && output.contains("error[SB010]"),
        "the hook's failure does not show SB010:\n{output}"
    );
    assert!(
        output.contains("bad/values.yaml:3:3"),
        "the finding does not point at the file:\n{output}"
    );

    let _ = std::fs::remove_dir_all(&scratch);
}

/// The README's `repo: local` hook, as the README shows it.
fn readme_local_hook_config() -> String {
    let readme = std::fs::read_to_string(support::root().join("README.md")).unwrap();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "```yaml" {
            let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            if block.iter().any(|l| l.contains("repo: local")) {
                return block.iter().map(|l| format!("{l}\n")).collect();
            }
        }
    }
    panic!("the README shows no `repo: local` hook");
}

#[test]
fn the_readme_local_hook_lints_layered_files_merged() {
    let Some(pre_commit) = support::oracle("pre-commit") else {
        return;
    };
    let scratch = support::scratch_dir("pre-commit-local");
    let repo = scratch.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let layered = support::root().join("fixtures/layered");
    for file in ["values.yaml", "values-prod.yaml"] {
        std::fs::copy(layered.join(file), repo.join(file)).unwrap();
    }
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        readme_local_hook_config(),
    )
    .unwrap();
    support::run_ok(
        Command::new("git")
            .args(["init", "--quiet"])
            .current_dir(&repo),
    );
    support::run_ok(Command::new("git").args(["add", "."]).current_dir(&repo));

    // `language: system` runs the `stsbackup` on PATH: this build's.
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let run_hook = || {
        let (output, text) = support::run(
            Command::new(&pre_commit)
                .args(["run", "--all-files", "--verbose", "--color", "never"])
                .current_dir(&repo)
                .env("PATH", &path)
                .env("PRE_COMMIT_HOME", scratch.join("pre-commit-home"))
                .env_remove("GITHUB_ACTIONS"),
        );
        (output.status.success(), text)
    };

    // Linted one at a time, as pre-commit passes files, the layers are wrong (SB103, SB601);
    // merged, they are clean.
    let (alone, _) = support::run(
        Command::new(&binary)
            .args([
                "lint",
                "--chart",
                "stackstate@5.1.4",
                "values.yaml",
                "values-prod.yaml",
            ])
            .current_dir(&repo)
            .env_remove("GITHUB_ACTIONS"),
    );
    assert_eq!(alone.status.code(), Some(1));
    let (passed, output) = run_hook();
    assert!(passed, "the merged layers fail:\n{output}");
    assert!(
        output.contains("2 files checked: no problems found"),
        "the hook did not lint the two files merged:\n{output}"
    );

    // A mistake in the production layer fails the commit, pointing at that file.
    let prod = std::fs::read_to_string(repo.join("values-prod.yaml")).unwrap();
    std::fs::write(
        repo.join("values-prod.yaml"),
        prod.replace("stackGraph:", "stackgraph:"),
    )
    .unwrap();
    support::run_ok(Command::new("git").args(["add", "."]).current_dir(&repo));
    let (passed, output) = run_hook();
    assert!(!passed, "a typo in values-prod.yaml passes:\n{output}");
    assert!(
        output.contains("error[SB010]") && output.contains("values-prod.yaml:4:3"),
        "the hook does not report the typo at values-prod.yaml:\n{output}"
    );

    let _ = std::fs::remove_dir_all(&scratch);
}
