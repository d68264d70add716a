//! `stsbackup migrate`: the values of every older generation, migrated to each later release,
//! lint with no error under that release; secrets reach only the file asked for (mode 0600).

mod support;

use std::path::{Path, PathBuf};
use support::{root, scratch_dir, stsbackup};

/// The real chart values files of the generations before S3Proxy (`../shared`, beside the
/// repository in CI).
fn older_chart_values() -> Vec<PathBuf> {
    let dir = root().join("../shared/reference/stackstate-chart");
    let files: Vec<PathBuf> = [
        "stackstate-values-2021-03-05-1641477.yaml",
        "stackstate-values-2022-09-05-e8a2df2.yaml",
        "stackstate-values-2023-07-28-554879a.yaml",
        "stackstate-k8s-values-1.11.3.yaml",
        "stackstate-k8s-values-2024-09-12-3474134.yaml",
        "suse-observability-values-2.6.3.yaml",
        "suse-observability-values-2.7.0.yaml",
    ]
    .iter()
    .map(|name| dir.join(name))
    .collect();
    for file in &files {
        assert!(
            file.is_file(),
            "{} is missing: ../shared/reference must be beside the repository",
            file.display()
        );
    }
    files
}

const TARGETS: [&str; 3] = [
    "suse-observability@2.7.0",
    "suse-observability@2.10.0",
    "suse-observability@2.10.3",
];

fn lint_errors(chart: &str, file: &Path) -> (i32, String) {
    let output = stsbackup()
        .args(["lint", "--format", "json", "--chart", chart])
        .arg(file)
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| format!("{} {} {}", f["code"], f["path"], f["message"]))
        .collect();
    (output.status.code().unwrap(), errors.join("\n"))
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn every_older_chart_values_file_migrates_to_values_that_lint_without_error() {
    let dir = scratch_dir("migrate-chart-values");
    for source in older_chart_values() {
        for target in TARGETS {
            let out = dir.join(format!(
                "{}-{}.yaml",
                source.file_stem().unwrap().to_string_lossy(),
                target
            ));
            let run = stsbackup()
                .args(["migrate", "--to", target, "-o"])
                .arg(&out)
                .arg(&source)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(
                matches!(run.status.code(), Some(0 | 1)),
                "{} to {target}: {stderr}",
                source.display()
            );
            assert!(stderr.contains(&format!("under {target}")), "{stderr}");
            #[cfg(unix)]
            assert_eq!(mode(&out), 0o600, "{}", out.display());
            let (status, errors) = lint_errors(target, &out);
            assert_eq!(
                (status, errors.as_str()),
                (0, ""),
                "{} migrated to {target} does not lint clean:\n{}",
                source.display(),
                std::fs::read_to_string(&out).unwrap()
            );
        }
    }
}

#[test]
fn the_classic_recipes_migrate_completely_and_their_secrets_stay_out_of_standard_output() {
    let cases = [
        (
            "s3-gateway-complete.yaml",
            "s3:\n        enabled: true\n        accessKey: \"AKIAIOSFODNN7EXAMPLE\"",
            &[
                "Q3m9XcV7tLp2Rw8Zk4Nd",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ][..],
        ),
        (
            "pvc-complete.yaml",
            "pvc:\n        enabled: true\n        size: \"500Gi\"",
            &["Q3m9XcV7tLp2Rw8Zk4Nd"][..],
        ),
        (
            "azure-gateway-complete.yaml",
            "azure:\n        accountName: \"acmebackups01\"",
            &[
                "aqcUCAiULFxfYQp63uZxKMFAzYgMZ9SHnz6r12x6SApVTKCBhHONjhK24dH5vkeylMXnZ5wPJ6qUUDohCD4zvQ==",
            ][..],
        ),
    ];
    let dir = scratch_dir("migrate-recipes");
    for (name, expected, secrets) in cases {
        let fixture = root().join("fixtures/valid").join(name);
        // To a file: complete, secrets carried, nothing printed but the report.
        let out = dir.join(name);
        let run = stsbackup()
            .args(["migrate", "--to", "suse-observability@2.10.3", "-f"])
            .arg(&fixture)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{name}: {stderr}");
        assert!(run.stdout.is_empty());
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(written.contains(expected), "{name}:\n{written}");
        assert!(
            written.contains("global:\n  backup:\n    enabled: true\n"),
            "{written}"
        );
        for secret in secrets {
            assert!(written.contains(secret), "{name}: the file lacks a secret");
            assert!(
                !stderr.contains(secret),
                "{name}: a secret on standard error"
            );
        }
        assert_eq!(lint_errors("suse-observability@2.10.3", &out).1, "");
        // To standard output: secrets masked, and the run says the output is incomplete.
        let run = stsbackup()
            .args(["migrate", "--to", "suse-observability@2.10.3"])
            .arg(&fixture)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("masked"), "{stderr}");
        for secret in secrets {
            assert!(
                !stdout.contains(secret) && !stderr.contains(secret),
                "{name}: a secret was printed"
            );
        }
    }
}

#[test]
fn what_cannot_be_carried_is_listed_at_its_key_and_fails_the_run() {
    let dir = scratch_dir("migrate-not-carried");
    let old = dir.join("values.yaml");
    std::fs::write(
        &old,
        "backup:\n  enabled: true\n  elasticsearch:\n    scheduled:\n      enabled: false\n      snapshotPolicyName: nightly\n  stackGraph:\n    scheduled:\n      backupRetentionTimeDelta: days = 14\n",
    )
    .unwrap();
    let run = stsbackup()
        .args(["migrate", "--to", "suse-observability@2.9.0"])
        .arg(&old)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let name = old.display().to_string();
    assert!(
        stderr.contains(&format!(
            "{name}:5:7: not carried `backup.elasticsearch.scheduled.enabled`"
        )),
        "{stderr}"
    );
    // 2.9.0 still has the key; 2.10.0 hard-codes it.
    assert!(
        stdout.contains("snapshotPolicyName: \"nightly\""),
        "{stdout}"
    );
    assert!(stderr.contains(&format!("{name}:9:7: converted `backup.stackGraph.scheduled.backupRetentionTimeDelta` to `14 days ago`")), "{stderr}");
    assert!(
        stdout.contains("backupRetentionTimeDelta: \"14 days ago\""),
        "{stdout}"
    );
    // MinIO's pod with no volume is not a backend S3Proxy has: the user must choose one.
    let run = stsbackup()
        .args(["migrate", "--to", "suse-observability@2.10.3", "-f"])
        .arg(&old)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr.contains("choose a backend"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{name}:6:7: not carried `backup.elasticsearch.scheduled.snapshotPolicyName`: suse-observability@2.10.3 has no such key; it always uses \"auto-sts-backup\""
        )),
        "{stderr}"
    );
}

#[test]
fn usage_errors_and_unreadable_files_exit_2() {
    let fixture = root().join("fixtures/valid/pvc-complete.yaml");
    for args in [
        vec!["migrate", "-f"],
        vec!["migrate", "--to", "suse-observability@2.7.0-pre.96", "-f"],
        vec!["migrate", "--to", "helm@1.0.0", "-f"],
        vec![
            "migrate",
            "--to",
            "suse-observability@2.10.3",
            "-f",
            "/nonexistent/values.yaml",
        ],
        vec!["migrate", "--to", "suse-observability@2.10.3"],
    ] {
        let mut command = stsbackup();
        command.args(&args);
        if args.last() == Some(&"-f") {
            command.arg(&fixture);
        }
        let run = command.output().unwrap();
        assert_eq!(
            run.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}
