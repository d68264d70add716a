//! The rendered artifacts checked against real references: the Kubernetes OpenAPI schemas
//! (`kubernetes-validate`, Kubernetes 1.25 and the latest, strict) and an IAM policy analyser
//! (`parliament`), through `scripts/check_rendered.py`. The Python oracles are installed by
//! `scripts/test` into `.venv` and found through `STSBACKUP_ORACLES`; without them the test
//! fails, unless `STSBACKUP_SKIP_ORACLES=1` skips it knowingly.

use std::path::Path;
use std::process::Command;

#[path = "../../stsbackup/tests/support/oracle.rs"]
mod oracle;

#[test]
fn rendered_artifacts_pass_kubernetes_validate_and_parliament() {
    let Some(python) =
        oracle::oracle_python("rendered_artifacts_pass_kubernetes_validate_and_parliament")
    else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(); // the CLI package is the repository's root
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    let out = std::env::temp_dir().join(format!("stsbackup-rendered-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    for fixture in [
        "s3-gateway-complete",
        "azure-gateway-complete",
        "pvc-complete",
    ] {
        let values = root.join(format!("fixtures/valid/{fixture}.yaml"));
        let dir = out.join(fixture);
        let run = |args: &[&str], file: Option<&str>| {
            let output = Command::new(&binary)
                .args(args)
                .arg("-f")
                .arg(&values)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            if let Some(file) = file {
                std::fs::write(dir.join(file), output.stdout).unwrap();
            }
        };
        let status = Command::new(&binary)
            .args(["render", "all", "-f"])
            .arg(&values)
            .arg("-o")
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success());
        run(
            &[
                "render",
                "restore-job",
                "stackgraph",
                "--backup",
                "sts-backup-20210216-0300.graph",
            ],
            Some("job-stackgraph-restore.yaml"),
        );
        run(
            &[
                "render",
                "restore-job",
                "elasticsearch",
                "--snapshot",
                "sts-backup-20210216-0300-x",
            ],
            Some("job-elasticsearch-restore.yaml"),
        );
        run(
            &["render", "restore-job", "list-stackgraph-backups"],
            Some("job-stackgraph-list.yaml"),
        );
        run(
            &["render", "restore-job", "list-elasticsearch-snapshots"],
            Some("job-elasticsearch-list.yaml"),
        );
        let check = Command::new(&python)
            .arg(root.join("scripts/check_rendered.py"))
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{fixture}: {}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
    }
    // Later generations: `render all` for suse-observability 2.10 (S3Proxy) in each storage
    // mode and release step: the CronJobs (Kubernetes schemas), the IAM policy of the S3
    // backend (parliament) and the SLM policy body. The S3 directory is checked to hold the
    // CronJobs, so an empty set cannot pass.
    for (fixture, chart, cronjobs) in [
        ("suse-observability-s3", "suse-observability@2.10.3", 5),
        ("suse-observability-s3", "suse-observability@2.10.0", 4),
        ("suse-observability-azure", "suse-observability@2.10.3", 5),
        ("suse-observability-pvc", "suse-observability@2.10.0", 4),
    ] {
        let values = root.join(format!("fixtures/render/{fixture}.yaml"));
        let dir = out.join(format!("{fixture}-{chart}"));
        let output = Command::new(&binary)
            .args(["render", "all", "--chart", chart, "-o"])
            .arg(&dir)
            .arg(&values)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{fixture} {chart}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let rendered = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|entry| {
                entry
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("cronjob-")
            })
            .count();
        assert_eq!(rendered, cronjobs, "{fixture} {chart}");
        let check = Command::new(&python)
            .arg(root.join("scripts/check_rendered.py"))
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{fixture} {chart}: {}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
    }
    // The restore and list Jobs of every later release (stackstate-k8s, suse-observability
    // 2.x), each Job the CLI renders for it; the directory must hold all of them.
    let at = "--at=2026-11-25T10:00:00Z";
    for (fixture, chart, settings) in [
        ("restore-stackstate-k8s", "stackstate-k8s@1.11.3", "stj"),
        (
            "restore-suse-observability-2.6",
            "suse-observability@2.6.3",
            "sty",
        ),
        (
            "restore-suse-observability-2.9",
            "suse-observability@2.9.0",
            "sty",
        ),
        ("suse-observability-pvc", "suse-observability@2.10.0", "sty"),
        ("suse-observability-s3", "suse-observability@2.10.3", "sty"),
    ] {
        let values = root.join(format!("fixtures/render/{fixture}.yaml"));
        let dir = out.join(format!("restore-{chart}"));
        std::fs::create_dir_all(&dir).unwrap();
        let settings_backup = format!("--backup=sts-backup-20261124-0400.{settings}");
        let jobs: [&[&str]; 8] = [
            &[
                "stackgraph",
                "--backup=sts-backup-20261124-0300.graph",
                "--force",
            ],
            &["list-stackgraph-backups"],
            &["elasticsearch", "--snapshot=sts-backup-20261124-0300-abc"],
            &["list-elasticsearch-snapshots"],
            &["configuration", &settings_backup],
            &["list-configuration-backups"],
            &[
                "victoria-metrics",
                "--instance=victoria-metrics-0",
                "--backup=victoria-metrics-0-20261124120000",
            ],
            &["list-victoria-metrics-backups"],
        ];
        for job in jobs {
            let output = Command::new(&binary)
                .args(["render", "restore-job"])
                .args(job)
                .args(["--chart", chart, at])
                .args([
                    "--set",
                    "stackstate.baseUrl=https://observability.acme.example",
                ])
                .arg(&values)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{chart} {job:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            std::fs::write(dir.join(format!("job-{}.yaml", job[0])), output.stdout).unwrap();
        }
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 8, "{chart}");
        let check = Command::new(&python)
            .arg(root.join("scripts/check_rendered.py"))
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{chart}: {}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
    }
    std::fs::remove_dir_all(&out).unwrap();
}

/// The values outside `backup:` and `minio:` that shape the backup objects: a private
/// registry, pull secrets, a 500Gi datanode, resources overrides, an unsplit server.
const PRIVATE_REGISTRY: &str = "global:
  imageRegistry: registry.acme.io
  imagePullSecrets: [acme-pull]
imagePullSecrets:
  - name: acme-other
stackstate:
  components:
    backup:
      resources:
        limits:
          memory: 8Gi
          ephemeral-storage: null
    containerTools:
      resources:
        requests:
          cpu: 250m
  experimental:
    server:
      split: false
hbase:
  hdfs:
    datanode:
      persistence:
        size: 500Gi
";

/// Other registries and tags: no global registry, a component's own, the chart's pull secret,
/// resources emptied by `null`.
const COMPONENT_IMAGES: &str = "stackstate:
  components:
    all:
      image:
        registry: mirror.acme.io
        tag: 5.1.3
        pullPolicy: Always
        pullSecretUsername: robot
    server:
      image:
        repository: acme/server
        tag: 5.1.4-hotfix
    wait:
      image:
        registry: other.acme.io
        tag: \"2\"
        pullPolicy: Never
    containerTools:
      image:
        repository: acme/tools
      resources: null
";

/// The backup CronJobs and the Jobs of the restore scripts are the chart's own: the real
/// chart 5.1.4 is rendered with Helm's Go SDK (`scripts/chart_reference.py`) from the same
/// values, and every object is compared field by field. Env var order is left out (the chart's
/// is not ours, and Kubernetes does not care); the CronJob API version is the one Helm picked
/// for its default capabilities, given to `--api-version`.
///
/// Run by hand, not in CI (which uses only the project's fixtures and `../shared`, never the
/// chart's code): `scripts/compare-with-chart` makes the checkout and runs it.
#[test]
#[ignore = "by hand: needs the real chart in STSBACKUP_HELM_CHARTS; run scripts/compare-with-chart"]
fn the_backup_objects_are_the_charts_own() {
    let test = "the_backup_objects_are_the_charts_own";
    let Some(python) = oracle::oracle_python(test) else {
        return;
    };
    let Some(checkout) = oracle::helm_charts_checkout(test) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    let out = std::env::temp_dir().join(format!("stsbackup-chart-ref-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let cases = [
        ("s3-gateway-complete", "", "stackstate"),
        ("s3-gateway-complete", PRIVATE_REGISTRY, "stackstate"),
        ("pvc-complete", COMPONENT_IMAGES, "prod"),
        ("azure-gateway-complete", PRIVATE_REGISTRY, "acme"),
    ];
    let mut compared = 0;
    for (index, (fixture, overlay, release)) in cases.into_iter().enumerate() {
        let text = std::fs::read_to_string(root.join(format!("fixtures/valid/{fixture}.yaml")))
            .unwrap()
            + overlay;
        let values = out.join(format!("values-{index}.yaml"));
        std::fs::write(&values, &text).unwrap();
        let reference = Command::new(&python)
            .arg(root.join("scripts/chart_reference.py"))
            .arg(&checkout)
            .arg(&values)
            .arg(release)
            .output()
            .unwrap();
        assert!(
            reference.status.success(),
            "{}",
            String::from_utf8_lossy(&reference.stderr)
        );
        let reference: serde_json::Value = serde_json::from_slice(&reference.stdout).unwrap();
        let chart = reference["objects"].as_object().unwrap();
        let api_version = chart
            .values()
            .find(|object| object["kind"] == "CronJob")
            .map(|object| object["apiVersion"].as_str().unwrap().to_owned())
            .unwrap();
        let at = "--at=2026-11-25T10:00:00Z";
        let renders: &[&[&str]] = &[
            &["render", "cronjob", "--api-version", &api_version],
            &[
                "render",
                "restore-job",
                "stackgraph",
                "--backup",
                "sts-backup-20210216-0300.graph",
                at,
            ],
            &[
                "render",
                "restore-job",
                "elasticsearch",
                "--snapshot",
                "sts-backup-20210216-0300-x",
                "--indices",
                "sts*",
                at,
            ],
            &["render", "restore-job", "list-stackgraph-backups", at],
            &["render", "restore-job", "list-elasticsearch-snapshots", at],
        ];
        let mut ours = serde_json::Map::new();
        for args in renders {
            let output = Command::new(&binary)
                .args(*args)
                .args(["--release", release, "-f"])
                .arg(&values)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let stream = String::from_utf8(output.stdout).unwrap();
            for document in stream.split("\n---\n") {
                let loaded = stsbackup::load_str("rendered.yaml", document);
                let object = loaded.root.expect("a YAML object").to_json();
                let key = format!(
                    "{}/{}",
                    object["kind"].as_str().unwrap(),
                    object["metadata"]["name"].as_str().unwrap()
                );
                ours.insert(key, object);
            }
        }
        for (key, expected) in chart {
            if key.starts_with("ConfigMap/") {
                continue; // the scripts ConfigMap is not rendered by stsbackup (README)
            }
            let Some(actual) = ours.get(key) else {
                panic!("case {index} ({fixture}): stsbackup does not render the chart's {key}");
            };
            let (mut actual, mut expected) = (actual.clone(), expected.clone());
            sort_env(&mut actual);
            sort_env(&mut expected);
            assert_eq!(
                actual, expected,
                "case {index} ({fixture}, release {release}): {key} differs from the chart's"
            );
            compared += 1;
        }
        assert_eq!(
            ours.len(),
            chart.len() - 1,
            "case {index}: stsbackup renders {:?}",
            ours.keys().collect::<Vec<_>>()
        );
    }
    assert_eq!(
        compared,
        4 * 7,
        "every case compares its CronJobs, Jobs and claim"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

/// Sorts every container's `env` by name: the order is not part of the comparison.
fn sort_env(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if key == "env"
                    && let serde_json::Value::Array(items) = item
                {
                    items.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
                }
                sort_env(item);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(sort_env),
        _ => {}
    }
}
