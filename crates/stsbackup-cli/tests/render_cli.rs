//! `stsbackup render` end to end: what is printed where, exit statuses, keys only from the
//! environment and only in the values fragment, and `render all` writing whole files.

mod support;

use predicates::prelude::*;
use std::path::{Path, PathBuf};
use support::{fixture, stsbackup};

const MINIO_SECRET: &str = "Q3m9XcV7tLp2Rw8Zk4Nd";
const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// The S3 gateway recipe with buckets of our own (`fixtures/valid/s3-gateway-complete.yaml`),
/// whose MinIO and AWS secret keys are `MINIO_SECRET` and `AWS_SECRET`.
fn s3_values() -> String {
    let text = std::fs::read_to_string(fixture("valid/s3-gateway-complete.yaml")).unwrap();
    assert!(text.contains(MINIO_SECRET) && text.contains(AWS_SECRET));
    text
}

/// A scratch directory of one test, removed when the test ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!(
        "stsbackup-render-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn values_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("values.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn values_takes_keys_from_the_environment_and_prints_a_fragment_that_lints_clean() {
    let output = stsbackup()
        .args(["render", "values", "--storage", "s3"])
        .args([
            "--stackgraph-bucket",
            "acme-sg",
            "--elasticsearch-bucket",
            "acme-es",
        ])
        .args(["--configuration-bucket", "acme-conf", "--retention", "14d"])
        .env("STSBACKUP_MINIO_ACCESS_KEY", "opsbackup01")
        .env("STSBACKUP_MINIO_SECRET_KEY", MINIO_SECRET)
        .env("STSBACKUP_AWS_ACCESS_KEY", "AKIAIOSFODNN7EXAMPLE")
        .env("STSBACKUP_AWS_SECRET_KEY", AWS_SECRET)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let fragment = String::from_utf8(output.stdout).unwrap();
    assert!(
        fragment.contains(&format!("secretKey: \"{MINIO_SECRET}\"")),
        "{fragment}"
    );
    assert!(
        fragment.contains("snapshotRetentionExpireAfter: \"14d\""),
        "{fragment}"
    );
    let dir = scratch("values");
    let path = values_file(&dir, &fragment);
    stsbackup().arg("lint").arg(&path).assert().code(0);
}

#[test]
fn values_needs_keys_and_never_takes_them_as_flags() {
    stsbackup()
        .args(["render", "values", "--storage", "pvc"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("STSBACKUP_MINIO_ACCESS_KEY"));
    stsbackup()
        .args(["render", "values", "--storage", "pvc", "--secret-key", "x"])
        .assert()
        .code(2);
    stsbackup()
        .args([
            "render",
            "values",
            "--storage",
            "azure",
            "--generate-credentials",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Azure"));
}

#[test]
fn generated_credentials_are_new_each_time() {
    let run = || {
        let output = stsbackup()
            .args([
                "render",
                "values",
                "--storage",
                "pvc",
                "--generate-credentials",
            ])
            .assert()
            .code(0)
            .get_output()
            .clone();
        String::from_utf8(output.stdout).unwrap()
    };
    let (first, second) = (run(), run());
    assert_ne!(first, second);
    let key_line = first
        .lines()
        .find(|l| l.trim_start().starts_with("secretKey:"))
        .unwrap();
    let key = key_line.split('"').nth(1).unwrap();
    assert_eq!(key.len(), 40);
    assert!(key.chars().all(|c| c.is_ascii_alphanumeric()));
}

#[test]
fn a_fragment_with_errors_prints_the_findings_and_nothing_else() {
    stsbackup()
        .args([
            "render",
            "values",
            "--storage",
            "pvc",
            "--stackgraph-bucket",
            "Not_A_Bucket",
        ])
        .env("STSBACKUP_MINIO_ACCESS_KEY", "opsbackup01")
        .env("STSBACKUP_MINIO_SECRET_KEY", "bad secret!")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error[SB201]"))
        .stderr(predicate::str::contains("error[SB102]"))
        .stderr(predicate::str::contains("bad secret!").not());
}

#[test]
fn values_files_with_errors_are_not_rendered() {
    let dir = scratch("invalid");
    let path = values_file(
        &dir,
        "backup:\n  enabled: true\n  stackgraph:\n    bucketName: x\n",
    );
    for artifact in [
        &["iam-policy"][..],
        &["cronjob"],
        &["slm-policy"],
        &["restore-job", "list-stackgraph-backups"],
    ] {
        stsbackup()
            .arg("render")
            .args(artifact)
            .arg("-f")
            .arg(&path)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("error[SB010]"));
    }
}

#[test]
fn the_iam_policy_and_its_clear_error_without_the_s3_gateway() {
    let dir = scratch("iam");
    let path = values_file(&dir, &s3_values());
    stsbackup()
        .args(["render", "iam-policy", "--partition", "aws-us-gov", "-f"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "\"arn:aws-us-gov:s3:::acme-stackgraph-backups/*\"",
        ))
        .stdout(predicate::str::contains(MINIO_SECRET).not());
    let azure = values_file(
        &dir,
        "backup:\n  enabled: true\nminio:\n  accessKey: acmebackups01\n  secretKey: \"aqcUCAiULFxfYQp63uZxKMFAzYgMZ9SHnz6r12x6SApVTKCBhHONjhK24dH5vkeylMXnZ5wPJ6qUUDohCD4zvQ==\"\n  azuregateway:\n    enabled: true\n",
    );
    stsbackup()
        .args(["render", "iam-policy", "-f"])
        .arg(&azure)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("S3 gateway"));
}

#[test]
fn cronjobs_with_release_namespace_and_the_name_limit() {
    let dir = scratch("cronjob");
    let path = values_file(&dir, &s3_values());
    stsbackup()
        .args(["render", "cronjob", "--release", "prod", "--namespace", "obs", "-f"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("name: \"prod-stackstate-backup-stackgraph\""))
        .stdout(predicate::str::contains("---\napiVersion: \"batch/v1\"\nkind: CronJob\nmetadata:\n  name: \"prod-stackstate-backup-conf\""))
        .stdout(predicate::str::contains(MINIO_SECRET).not())
        .stdout(predicate::str::contains(AWS_SECRET).not());
    stsbackup()
        .args([
            "render",
            "cronjob",
            "--release",
            "observability-production",
            "-f",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "over the 52 that Kubernetes allows",
        ));
    stsbackup()
        .args(["render", "cronjob", "--release", "Prod", "-f"])
        .arg(&path)
        .assert()
        .code(2);
}

#[test]
fn restore_jobs_check_the_names_and_take_the_time() {
    let dir = scratch("restore");
    let path = values_file(&dir, &s3_values());
    stsbackup()
        .args([
            "render",
            "restore-job",
            "stackgraph",
            "--backup",
            "sts-backup-20261124-0300.graph",
            "--force",
        ])
        .args(["--at", "2026-11-25T10:00:00Z", "-f"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "name: \"stackgraph-restore-20261125t100000\"",
        ))
        .stdout(predicate::str::contains("value: \"-force\""));
    stsbackup()
        .args([
            "render",
            "restore-job",
            "stackgraph",
            "--backup",
            "../../etc/passwd",
            "-f",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "not a valid StackGraph backup name",
        ));
    stsbackup()
        .args([
            "render",
            "restore-job",
            "elasticsearch",
            "--snapshot",
            "sts-backup-1-abc",
            "--indices",
            "sts_*",
        ])
        .arg("-f")
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("value: \"sts_*\""));
}

#[test]
fn all_writes_every_artifact_that_applies_and_only_whole_files() {
    let dir = scratch("all");
    let path = values_file(&dir, &s3_values());
    let output = dir.join("out");
    stsbackup()
        .args(["render", "all", "-f"])
        .arg(&path)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(0);
    let mut names: Vec<String> = std::fs::read_dir(&output)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "cronjob-backup-conf.yaml",
            "cronjob-backup-stackgraph.yaml",
            "iam-policy.json",
            "slm-policy.json"
        ]
    );
    for name in &names {
        let text = std::fs::read_to_string(output.join(name)).unwrap();
        assert!(text.ends_with('\n') && !text.contains(MINIO_SECRET) && !text.contains(AWS_SECRET));
    }

    // Invalid values: nothing is written, not even the directory.
    let invalid = values_file(&dir, "backup:\n  enabled: true\n");
    let nothing = dir.join("nothing");
    stsbackup()
        .args(["render", "all", "-f"])
        .arg(&invalid)
        .arg("-o")
        .arg(&nothing)
        .assert()
        .code(1);
    assert!(!nothing.exists());
}

/// `render` and `schedule` read their values as `lint` does: several -f files merged in
/// order, then --set, --set-string and --set-literal; files may be given as arguments too.
#[test]
fn render_and_schedule_take_the_same_inputs_as_lint() {
    let dir = scratch("inputs");
    let base = values_file(&dir, &s3_values());
    let prod = dir.join("prod.yaml");
    std::fs::write(
        &prod,
        "backup:\n  stackGraph:\n    scheduled:\n      schedule: \"0 2 * * *\"\n",
    )
    .unwrap();
    let merged = stsbackup()
        .args(["render", "cronjob", "-f"])
        .arg(&base)
        .arg("-f")
        .arg(&prod)
        .args(["--set", "backup.configuration.scheduled.enabled=false"])
        .args(["--set-string", "backup.stackGraph.bucketName=acme-sg-2"])
        .assert()
        .success();
    let text = String::from_utf8(merged.get_output().stdout.clone()).unwrap();
    assert!(text.contains("schedule: \"0 2 * * *\""), "{text}");
    assert!(text.contains("\"acme-sg-2\""), "{text}");
    assert!(
        !text.contains("backup-conf"),
        "--set switched it off: {text}"
    );
    // The same files as arguments, in the same order.
    let positional = stsbackup()
        .args(["render", "cronjob"])
        .arg(&base)
        .arg(&prod)
        .args(["--set", "backup.configuration.scheduled.enabled=false"])
        .args(["--set-literal", "backup.stackGraph.bucketName=acme-sg-2"])
        .assert()
        .success();
    assert_eq!(positional.get_output().stdout, text.as_bytes());
    // An error a --set brings is printed with its --set argument, and nothing is rendered.
    stsbackup()
        .args(["render", "slm-policy", "-f"])
        .arg(&base)
        .args(["--set", "backup.elasticsearch.bucketName=Es_Backups"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("--set:1:"));
    // --chart is the chart lint checks against: a stackstate-k8s key is unknown to 5.1.
    stsbackup()
        .args(["render", "cronjob", "--chart", "stackstate@5.1.4"])
        .arg(&base)
        .args(["--set", "backup.stackGraph.s3Prefix=prod"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("SB010"));
    // schedule merges the same way.
    stsbackup()
        .args(["schedule", "--count", "1", "--from", "2026-11-25T10:00:00Z"])
        .arg(&base)
        .arg("-f")
        .arg(&prod)
        .assert()
        .success()
        .stdout(predicate::str::contains("`0 2 * * *`"));
    // Nothing to read is a usage error, and so is a file that is missing.
    stsbackup()
        .args(["render", "cronjob"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no values to render from"));
    stsbackup()
        .args(["schedule", "-f"])
        .arg(dir.join("missing.yaml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

/// `render all -o DIR` replaces the whole set: a CronJob the values no longer give is removed
/// (and listed), nothing is left beside the directory, other files are kept, a directory
/// holding a subdirectory is refused unchanged; `render values -o FILE` writes a file only
/// its owner can read.
#[test]
fn all_replaces_the_set_and_values_files_are_private() {
    let dir = scratch("replace");
    let values = values_file(&dir, &s3_values());
    let output = dir.join("rendered");
    let render = |extra: &[&str]| {
        stsbackup()
            .args(["render", "all", "-f"])
            .arg(&values)
            .args(extra)
            .arg("-o")
            .arg(&output)
            .assert()
    };
    render(&[]).success();
    assert!(output.join("cronjob-backup-conf.yaml").exists());
    let second = render(&["--set", "backup.configuration.scheduled.enabled=false"]).success();
    let said = String::from_utf8(second.get_output().stdout.clone()).unwrap();
    assert!(
        said.contains("removed") && said.contains("cronjob-backup-conf.yaml"),
        "{said}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&output)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "cronjob-backup-stackgraph.yaml",
            "iam-policy.json",
            "slm-policy.json"
        ]
    );
    // Nothing is left beside it: the old set went with the swap.
    let beside: Vec<String> = std::fs::read_dir(&*dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");

    // A file `render all` does not write is kept as it is; a subdirectory is refused.
    std::fs::write(output.join("kustomization.yaml"), "mine").unwrap();
    render(&[]).success();
    assert_eq!(
        std::fs::read_to_string(output.join("kustomization.yaml")).unwrap(),
        "mine"
    );
    assert!(output.join("cronjob-backup-conf.yaml").exists());
    std::fs::create_dir(output.join("overlays")).unwrap();
    render(&["--set", "backup.configuration.scheduled.enabled=false"])
        .code(2)
        .stderr(predicate::str::contains("`overlays`"));
    assert!(
        output.join("cronjob-backup-conf.yaml").exists(),
        "unchanged"
    );

    // The values fragment holds keys: owner-only, and replaced whole on a second run.
    let fragment = dir.join("backup-values.yaml");
    for _ in 0..2 {
        stsbackup()
            .args([
                "render",
                "values",
                "--storage",
                "pvc",
                "--generate-credentials",
                "-o",
            ])
            .arg(&fragment)
            .assert()
            .success()
            .stdout(predicate::str::contains("wrote"));
    }
    let text = std::fs::read_to_string(&fragment).unwrap();
    assert!(text.contains("secretKey"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&fragment).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let public = std::fs::metadata(output.join("iam-policy.json")).unwrap();
        assert_eq!(public.permissions().mode() & 0o777, 0o644);
    }
}

/// Chart 5.1 wraps `indices` in quotes: a JSON array would break the SLM policy's body, so
/// `render slm-policy` refuses it for that release and renders the list for 5.0.
#[test]
fn slm_policy_indices_as_the_named_release_sends_them() {
    let dir = scratch("indices");
    // Without the configuration backup, which 5.0 does not have.
    let values = values_file(
        &dir,
        &s3_values().replace(
            "  configuration:\n    bucketName: acme-configuration-backups\n",
            "",
        ),
    );
    let slm = |chart: &str| {
        stsbackup()
            .args(["render", "slm-policy", "--chart", chart])
            .arg(&values)
            .args([
                "--set-string",
                r#"backup.elasticsearch.scheduled.indices=["sts*"]"#,
            ])
            .assert()
    };
    slm("stackstate@5.1.4")
        .code(1)
        .stdout("")
        // Refused before rendering: the values do not validate for 5.1 (SB406).
        .stderr(predicate::str::contains(
            "error[SB406]: from stackstate 5.1 the chart wraps `indices` in quotes",
        ));
    let listed = slm("stackstate@5.0.8").success();
    let body: serde_json::Value = serde_json::from_slice(&listed.get_output().stdout).unwrap();
    assert_eq!(body["config"]["indices"], serde_json::json!(["sts*"]));
}

/// `schedule` for suse-observability 2.10: every store, Victoria Metrics (cronexpr) and
/// ClickHouse too, switched by `global.backup.enabled`.
#[test]
fn schedule_shows_every_store_of_suse_observability() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/render/suse-observability-s3.yaml");
    let output = stsbackup()
        .args([
            "schedule",
            "--chart",
            "suse-observability@2.10.3",
            "--count",
            "1",
        ])
        .args(["--from", "2026-11-25T10:00:00Z", "--format", "json"])
        .arg(&fixture)
        .args([
            "--set",
            "victoria-metrics-1.backup.scheduled.daily=0 2 * * *",
        ])
        .assert()
        .success();
    let previews: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    let stores: Vec<&str> = previews
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["store"].as_str().unwrap())
        .collect();
    assert_eq!(
        stores,
        [
            "stack-graph",
            "configuration",
            "elasticsearch",
            "victoria-metrics-0-hourly",
            "victoria-metrics-0-daily",
            "victoria-metrics-1-hourly",
            "victoria-metrics-1-daily",
            "clickhouse-full",
            "clickhouse-incremental"
        ]
    );
    let runs = |index: usize| previews[index]["runs"][0].as_str().unwrap().to_owned();
    assert_eq!(runs(3), "2026-11-25T10:25:00Z");
    assert_eq!(runs(6), "2026-11-26T02:00:00Z", "the --set daily schedule");
    assert_eq!(runs(8), "2026-11-25T10:45:00Z");
    // Without the master switch, nothing runs, and the note says which switch.
    stsbackup()
        .args([
            "schedule",
            "--chart",
            "suse-observability@2.10.3",
            "--count",
            "1",
        ])
        .arg(&fixture)
        .args(["--set", "global.backup.enabled=false"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "note: global.backup.enabled is not true",
        ));
}

/// suse-observability's CronJobs are named after the docs' release `suse-observability` unless
/// `--release` says otherwise (v1 keeps its fixed name from 2.10.3), and its S3Proxy keys stay
/// in their Secret.
#[test]
fn suse_observability_cronjobs_and_their_release() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/render/suse-observability-s3.yaml");
    stsbackup()
        .args(["render", "cronjob", "--chart", "suse-observability@2.10.3"])
        .arg(&fixture)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "name: \"suse-observability-backup-sg-v2\"",
        ))
        .stdout(predicate::str::contains(
            "name: \"suse-observability-clickhouse-incremental-backup\"",
        ))
        .stdout(predicate::str::contains(MINIO_SECRET).not());
    stsbackup()
        .args([
            "render",
            "cronjob",
            "--chart",
            "suse-observability@2.10.3",
            "--release",
            "prod",
        ])
        .arg(&fixture)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "name: \"suse-observability-backup-sg\"",
        ))
        .stdout(predicate::str::contains(
            "name: \"prod-suse-observability-backup-sg-v2\"",
        ))
        .stdout(predicate::str::contains(
            "name: \"prod-suse-observability-backup-conf\"",
        ));
    stsbackup()
        .args([
            "render",
            "cronjob",
            "--chart",
            "suse-observability@2.10.3",
            "--api-version",
            "batch/v1beta1",
        ])
        .arg(&fixture)
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("renders `batch/v1` only"));
}

/// With `--chart`, a later release's own restore Jobs; what it cannot restore is refused
/// (exit 1, nothing on standard output) with the value that decides it and where it was set.
#[test]
fn restore_jobs_of_later_releases_and_their_refusals() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let s3 = root.join("fixtures/render/suse-observability-s3.yaml");
    stsbackup()
        .args(["render", "restore-job", "settings", "--backup"])
        .args([
            "sts-backup-20261124-0400.sty",
            "--chart",
            "suse-observability@2.10.3",
        ])
        .args(["--at", "2026-11-25T10:00:00Z"])
        .args([
            "--set",
            "stackstate.baseUrl=https://observability.acme.example",
        ])
        .arg(&s3)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "name: \"configuration-restore-20261125t100000\"",
        ))
        .stdout(predicate::str::contains(
            "secretName: \"suse-observability-s3proxy\"",
        ))
        .stdout(predicate::str::contains("Q3m9XcV7tLp2Rw8Zk4Nd").not());
    stsbackup()
        .args(["render", "restore-job", "list-victoria-metrics-backups"])
        .args([
            "--chart",
            "suse-observability@2.10.3",
            "--set",
            "global.backup.enabled=false",
        ])
        .arg(&s3)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "`global.backup.enabled` is off (set at --set:1:23)",
        ));
    stsbackup()
        .args(["render", "restore-job", "list-clickhouse-backups"])
        .args(["--chart", "suse-observability@2.10.3"])
        .arg(&s3)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("not with a Job"));
    let d1 = root.join("fixtures/render/restore-stackstate-k8s.yaml");
    stsbackup()
        .args(["render", "restore-job", "elasticsearch", "--snapshot"])
        .args(["sts-backup-20240801-0300-abc", "--delete-all-indices"])
        .args(["--chart", "stackstate-k8s@1.11.3"])
        .arg(&d1)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("--delete-all-indices"));
    stsbackup()
        .args([
            "render",
            "restore-job",
            "victoria-metrics",
            "--instance",
            "victoria-metrics-0",
        ])
        .args([
            "--backup",
            "victoria-metrics-0-20240801120000",
            "--chart",
            "stackstate-k8s@1.11.3",
        ])
        .arg(&d1)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "claimName: \"server-volume-stackstate-victoria-metrics-0-0\"",
        ));
}
