//! `render cronjob`, `render all` and `schedule` end to end for the MinIO releases after the
//! classic chart, one test per release family: stackstate-k8s 1.x, suse-observability 2.0 to
//! 2.6 and 2.7 to 2.9.

mod support;

use predicates::prelude::*;
use support::{fixture, stsbackup};

const MINIO_SECRET: &str = "Q3m9XcV7tLp2Rw8Zk4Nd";
const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// The names of the objects a rendered stream holds, in order.
fn names(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|line| line.strip_prefix("  name: \""))
        .map(|name| name.trim_end_matches('"').to_owned())
        .collect()
}

/// The stores `schedule --format json` shows, with whether each is scheduled.
fn schedule(args: &[&str]) -> Vec<(String, bool)> {
    let output = stsbackup()
        .args(["schedule", "--count", "1", "--from", "2026-11-25T10:00:00Z"])
        .args(["--format", "json"])
        .args(args)
        .assert()
        .success();
    let previews: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    previews
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["store"].as_str().unwrap().to_owned(),
                p["enabled"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// stackstate-k8s 1.x: named after the docs' release `stackstate` (`stackstate-stackstate-k8s-`), ClickHouse
/// under the chart's fixed `stackstate-` names, `batch/v1beta1` on request, MinIO's keys only
/// in their Secret; `schedule` adds each Victoria Metrics instance and ClickHouse.
#[test]
fn stackstate_k8s_cronjobs_and_schedule() {
    let values = fixture("render/stackstate-k8s-1.11.3-s3.yaml");
    let output = stsbackup()
        .args(["render", "cronjob", "--chart", "stackstate-k8s@1.11.3"])
        .arg(&values)
        .assert()
        .success()
        .stdout(predicate::str::contains(MINIO_SECRET).not())
        .stdout(predicate::str::contains(AWS_SECRET).not())
        .stdout(predicate::str::contains("secretName: \"stackstate-minio\""));
    assert_eq!(
        names(&output.get_output().stdout),
        [
            "stackstate-stackstate-k8s-backup-sg",
            "stackstate-stackstate-k8s-backup-conf",
            "stackstate-clickhouse-full-backup",
            "stackstate-clickhouse-incremental-backup",
        ]
    );
    stsbackup()
        .args(["render", "cronjob", "--chart", "stackstate-k8s@1.12.1"])
        .args(["--release", "prod", "--namespace", "observability"])
        .args(["--api-version", "batch/v1beta1"])
        .arg(&values)
        .args(["--set", "clickhouse.enabled=true"])
        .args([
            "--set-string",
            "backup.stackGraph.scheduled.backupRetentionTimeDelta=14 days ago",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("apiVersion: \"batch/v1beta1\""))
        .stdout(predicate::str::contains(
            "name: \"prod-stackstate-k8s-backup-sg\"",
        ))
        .stdout(predicate::str::contains("namespace: \"observability\""))
        .stdout(predicate::str::contains("value: \"14 days ago\""))
        .stdout(predicate::str::contains("name: \"backup-settings\""));
    // backup.enabled off: nothing to render, and why.
    stsbackup()
        .args(["render", "cronjob", "--chart", "stackstate-k8s@1.11.3"])
        .arg(&values)
        .args(["--set", "backup.enabled=false"])
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("`backup.enabled` is off"));
    assert_eq!(
        schedule(&["--chart", "stackstate-k8s@1.11.3", values.to_str().unwrap()]),
        [
            ("stack-graph".to_owned(), true),
            ("configuration".to_owned(), true),
            ("elasticsearch".to_owned(), true),
            ("victoria-metrics-0".to_owned(), true),
            ("victoria-metrics-1".to_owned(), true),
            ("clickhouse-full".to_owned(), true),
            ("clickhouse-incremental".to_owned(), true),
        ]
    );
}

/// suse-observability 2.0 to 2.6: the settings backup renders without `backup.enabled` (from
/// 2.1.0), Argo CD compatibility (from 2.3.0) and `render all` writes the set.
#[test]
fn suse_observability_2_0_to_2_6_cronjobs_and_schedule() {
    let values = fixture("render/suse-observability-2.6.3-pvc.yaml");
    let dir = support::scratch_dir("minio-2.6.3");
    stsbackup()
        .args(["render", "all", "--chart", "suse-observability@2.6.3", "-o"])
        .arg(&dir)
        .arg(&values)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "cronjob-clickhouse-incremental-backup.yaml",
        ));
    let sg = std::fs::read_to_string(dir.join("cronjob-backup-sg.yaml")).unwrap();
    assert!(
        sg.contains("name: \"suse-observability-backup-sg\""),
        "{sg}"
    );
    assert!(sg.contains("ttlSecondsAfterFinished: 86400"), "{sg}");
    assert!(
        sg.contains("value: \"suse-observability-minio:9000\""),
        "{sg}"
    );
    // The settings backup alone, without backup.enabled; 2.0.x has none then.
    let output = stsbackup()
        .args(["render", "cronjob", "--chart", "suse-observability@2.6.3"])
        .arg(&values)
        .args(["--set", "backup.enabled=false"])
        .assert()
        .success();
    assert_eq!(
        names(&output.get_output().stdout),
        ["suse-observability-backup-conf"]
    );
    stsbackup()
        .args(["render", "cronjob", "--chart", "suse-observability@2.0.2"])
        .arg(fixture("render/stackstate-k8s-1.11.3-s3.yaml"))
        .args(["--set", "backup.enabled=false"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("`backup.enabled` is off"));
    // Without backup.enabled only the settings backup runs from 2.1.0; nothing before.
    for (chart, note) in [
        (
            "suse-observability@2.6.3",
            "note: backup.enabled is not true, so until it is only the configuration backup runs",
        ),
        (
            "suse-observability@2.0.2",
            "note: backup.enabled is not true, so none of these runs happens until it is",
        ),
    ] {
        stsbackup()
            .args(["schedule", "--chart", chart, "--count", "1"])
            .arg(&values)
            .args(["--set", "backup.enabled=false"])
            .assert()
            .success()
            .stdout(predicate::str::contains(note));
    }
    let stores = schedule(&[
        "--chart",
        "suse-observability@2.6.3",
        values.to_str().unwrap(),
    ]);
    assert_eq!(stores.len(), 7);
    assert_eq!(stores[3], ("victoria-metrics-0".to_owned(), false));
    assert_eq!(stores[5], ("clickhouse-full".to_owned(), true));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// suse-observability 2.7 to 2.9: `global.backup.enabled` alone switches the StackGraph and
/// ClickHouse CronJobs and Victoria Metrics; the settings backup always renders.
#[test]
fn suse_observability_2_7_to_2_9_cronjobs_and_schedule() {
    let values = fixture("render/suse-observability-2.7.0-s3.yaml");
    let output = stsbackup()
        .args(["render", "cronjob", "--chart", "suse-observability@2.9.0"])
        .arg(&values)
        .assert()
        .success();
    assert_eq!(
        names(&output.get_output().stdout),
        [
            "suse-observability-backup-sg",
            "suse-observability-backup-conf",
            "suse-observability-clickhouse-full-backup",
            "suse-observability-clickhouse-incremental-backup",
        ]
    );
    let output = stsbackup()
        .args(["render", "cronjob", "--chart", "suse-observability@2.7.0"])
        .arg(&values)
        .args(["--set", "global.backup.enabled=false"])
        .assert()
        .success()
        .stdout(predicate::str::contains("name: minio-keys").not())
        .stdout(predicate::str::contains(
            "name: \"BACKUP_CONFIGURATION_UPLOAD_REMOTE\"\n                  value: \"false\"",
        ));
    assert_eq!(
        names(&output.get_output().stdout),
        ["suse-observability-backup-conf"]
    );
    stsbackup()
        .args([
            "schedule",
            "--chart",
            "suse-observability@2.7.0",
            "--count",
            "1",
        ])
        .arg(&values)
        .args(["--set", "global.backup.enabled=false"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "note: global.backup.enabled is not true",
        ))
        .stdout(predicate::str::contains(
            "[not scheduled: global.backup.enabled is not true]",
        ));
    let stores = schedule(&[
        "--chart",
        "suse-observability@2.9.0",
        values.to_str().unwrap(),
    ]);
    assert!(stores.iter().all(|(_, enabled)| *enabled), "{stores:?}");
}
