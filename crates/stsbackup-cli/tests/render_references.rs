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
    // mode and release step, and for the MinIO releases before it: the CronJobs (Kubernetes schemas), the IAM policy of the S3
    // backend (parliament) and the SLM policy body. The S3 directory is checked to hold the
    // CronJobs, so an empty set cannot pass.
    for (fixture, chart, cronjobs) in [
        ("suse-observability-s3", "suse-observability@2.10.3", 5),
        ("suse-observability-s3", "suse-observability@2.10.0", 4),
        ("suse-observability-azure", "suse-observability@2.10.3", 5),
        ("suse-observability-pvc", "suse-observability@2.10.0", 4),
        // Before S3Proxy (MinIO): D1, D2 (stackstate-k8s's maintenance branch and
        // suse-observability's last D2 release) and E0, one storage mode each.
        ("stackstate-k8s-1.11.3-s3", "stackstate-k8s@1.11.3", 4),
        ("stackstate-k8s-1.12.1-azure", "stackstate-k8s@1.12.1", 4),
        (
            "suse-observability-2.6.3-pvc",
            "suse-observability@2.6.3",
            4,
        ),
        ("suse-observability-2.7.0-s3", "suse-observability@2.7.0", 4),
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
        ("restore-stackstate-k8s", "stackstate-k8s@1.11.4", "stj"),
        ("restore-stackstate-k8s", "stackstate-k8s@1.12.1", "sty"),
        (
            "restore-suse-observability-2.6",
            "suse-observability@2.0.2",
            "stj",
        ),
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
        ("restore-global-nonha", "suse-observability@2.9.0", "sty"),
        ("restore-global-ha", "suse-observability@2.10.3", "sty"),
    ] {
        let values = root.join(format!("fixtures/render/{fixture}.yaml"));
        let dir = out.join(format!("restore-{fixture}-{chart}"));
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

/// Global mode (`global.suseObservability`, a non-HA sizing profile: one HBase pod, an unsplit
/// server, no second Victoria Metrics), Argo CD, a prefix, a larger settings limit, resources
/// and a server registry of its own.
const GLOBAL_MODE: &str = "global:
  imagePullSecrets: [regcred]
  suseObservability:
    baseUrl: https://g.example.com/
    license: LICENSE-KEY-FOR-REFERENCE-RENDERS
    adminPassword: reference-renders
    sizing:
      profile: 10-nonha
deployment:
  compatibleWithArgoCD: true
backup:
  stackGraph:
    s3Prefix: sg/
  configuration:
    yaml:
      maxSizeLimit: 1Gi
stackstate:
  components:
    backup:
      resources:
        limits:
          memory: 8000Mi
    server:
      image:
        imageRegistry: registry.example.com
";

/// A private registry, HBase in one pod without a profile, an unsplit server, the common
/// container security context changed, a ClickHouse prefix.
const PRIVATE_PLATFORM: &str = "global:
  imageRegistry: registry.example.com
stackstate:
  features:
    server:
      split: false
hbase:
  deployment:
    mode: Mono
common:
  container:
    securityContext:
      runAsNonRoot: false
clickhouse:
  backup:
    s3Prefix: ch
";

/// The backup CronJobs of suse-observability 2.10.0 to 2.10.3 are the charts' own: the whole
/// real chart at each tag is rendered with Helm's Go SDK (`scripts/chart_reference.py
/// --later`) from the same values, and each CronJob is compared field by field (env var order
/// left out), in three cases per release: the S3 fixture; global mode (a non-HA sizing
/// profile), Argo CD and overrides (on the Azure fixture, StackGraph v2 only, for 2.10.3; on
/// the S3 fixture before); a PVC with a private registry and a release of another name. The
/// CronJob API version is the one Helm picked from its default capabilities (2.10.0 to 2.10.2
/// still ask), given to `--api-version`. Every backup CronJob of the chart but the suspended
/// `-backup-init` (not rendered, README) must be among stsbackup's.
///
/// By hand, like the classic chart's comparison: `scripts/compare-with-chart`.
#[test]
#[ignore = "by hand: needs the real charts in STSBACKUP_HELM_CHARTS_2_10; run scripts/compare-with-chart"]
fn the_2_10_backup_cronjobs_are_the_charts_own() {
    let test = "the_2_10_backup_cronjobs_are_the_charts_own";
    let Some(python) = oracle::oracle_python(test) else {
        return;
    };
    let Some(checkout) = oracle::helm_charts_2_10_checkout(test) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    let out = std::env::temp_dir().join(format!("stsbackup-chart-ref-2-10-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut cases = Vec::new();
    for version in ["2.10.0", "2.10.1", "2.10.2", "2.10.3"] {
        // Only 2.10.3 has the per-store switches and StackGraph v2 of the Azure fixture.
        let global_mode_fixture = if version == "2.10.3" {
            "suse-observability-azure"
        } else {
            "suse-observability-s3"
        };
        cases.push((version, "suse-observability-s3", "", "suse-observability"));
        cases.push((
            version,
            global_mode_fixture,
            GLOBAL_MODE,
            "suse-observability",
        ));
        cases.push((version, "suse-observability-pvc", PRIVATE_PLATFORM, "prod"));
    }
    let mut compared = 0;
    for (index, (version, fixture, overlay, release)) in cases.into_iter().enumerate() {
        // The PVC fixture names 2.10.0; its values are 2.10.3's too.
        let fixture_path = root.join(format!("fixtures/render/{fixture}.yaml"));
        let values = out.join(format!("values-{index}.yaml"));
        let overlay_path = out.join(format!("overlay-{index}.yaml"));
        std::fs::write(&overlay_path, overlay).unwrap();
        // Merged as Helm merges `-f fixture -f overlay`, for the chart and for stsbackup alike.
        let merged = Command::new(&python)
            .arg("-c")
            .arg(MERGE_VALUES)
            .arg(&fixture_path)
            .arg(&overlay_path)
            .arg(&values)
            .status()
            .unwrap();
        assert!(merged.success());
        let reference = Command::new(&python)
            .arg(root.join("scripts/chart_reference.py"))
            .args(["--later"])
            .arg(checkout.join(version))
            .args(["suse-observability", version])
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
            .iter()
            .find(|(key, _)| key.ends_with("-backup-conf"))
            .map(|(_, object)| object["apiVersion"].as_str().unwrap().to_owned())
            .unwrap();
        let chart_version = format!("suse-observability@{version}");
        let output = Command::new(&binary)
            .args(["render", "cronjob", "--chart", &chart_version])
            .args(["--release", release, "--api-version", &api_version, "-f"])
            .arg(&values)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "case {index}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stream = String::from_utf8(output.stdout).unwrap();
        let mut ours = serde_json::Map::new();
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
        for (key, expected) in chart {
            if !key.starts_with("CronJob/") || key.ends_with("-backup-init") {
                continue;
            }
            let Some(actual) = ours.get(key) else {
                panic!(
                    "case {index} ({version}, {fixture}): stsbackup does not render the chart's {key}"
                );
            };
            let (mut actual, mut expected) = (actual.clone(), expected.clone());
            sort_env(&mut actual);
            sort_env(&mut expected);
            assert_eq!(
                actual, expected,
                "case {index} ({version}, {fixture}, release {release}): {key} differs from the chart's"
            );
            compared += 1;
        }
        assert!(
            ours.keys().all(|key| chart.contains_key(key)),
            "case {index}: stsbackup renders {:?}, the chart {:?}",
            ours.keys().collect::<Vec<_>>(),
            chart.keys().collect::<Vec<_>>()
        );
    }
    // 2.10.3: v1, v2, settings and ClickHouse's two in each case; before, no v2.
    assert_eq!(
        compared,
        3 * 5 + 3 * 3 * 4,
        "every case compares its CronJobs"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

/// A private registry, another release name, HBase in one pod and an unsplit server, for a
/// MinIO release: the split is `stackstate.experimental.server.split` to 2.3, and read through
/// `stackstate.features` from 2.4; suse-observability also gets a ClickHouse prefix.
fn minio_private_platform(chart: &str, version: &str) -> String {
    let features = chart == "suse-observability" && version_at_least(version, (2, 4, 0));
    let mut overlay = format!(
        "stackstate:
  baseUrl: https://private.example.com/
  {}:
    server:
      split: false
global:
  imageRegistry: registry.example.com
  imagePullSecrets: [regcred]
hbase:
  deployment:
    mode: Mono
",
        if features { "features" } else { "experimental" }
    );
    if chart == "suse-observability" {
        overlay.push_str("clickhouse:\n  backup:\n    s3Prefix: ch\n");
    }
    overlay
}

/// Argo CD compatibility and overrides of what the backup pods take from the rest of the
/// chart: resources (one limit removed by `null`), the `wait` image's tag, the vmagent, ZooKeeper
/// and Elasticsearch names, and a StackGraph prefix where the release has them.
fn minio_overrides(chart: &str, version: &str) -> String {
    let global_wait = version_at_least(version, (2, 7, 0));
    let mut overlay = String::from("deployment:\n  compatibleWithArgoCD: true\n");
    if global_wait {
        overlay.push_str("global:\n  wait:\n    image:\n      tag: \"1.0.99\"\n");
    }
    if chart == "suse-observability" {
        overlay.push_str("backup:\n  stackGraph:\n    s3Prefix: sg/\n");
    }
    overlay.push_str("stackstate:\n  baseUrl: https://argo.example.com\n  components:\n");
    if !global_wait {
        overlay.push_str("    wait:\n      image:\n        tag: \"1.0.99\"\n");
    }
    overlay.push_str(
        "    backup:
      resources:
        limits:
          memory: 8000Mi
          ephemeral-storage: null
    containerTools:
      resources:
        requests:
          cpu: 250m
    configurationBackup:
      resources:
        limits:
          cpu: 2000m
    vmagent:
      fullNameOverride: acme-vmagent
zookeeper:
  fullnameOverride: acme-zk
elasticsearch:
  clusterName: acme-es
",
    );
    overlay
}

/// Global mode of suse-observability 2.9.0 (`global.suseObservability` with a non-HA sizing
/// profile: one HBase pod, an unsplit server, no second Victoria Metrics instance).
const MINIO_GLOBAL_MODE: &str = "global:
  suseObservability:
    baseUrl: https://g.example.com/
    license: LICENSE-KEY-FOR-REFERENCE-RENDERS
    adminPassword: reference-renders
    sizing:
      profile: 10-nonha
";

/// `version` (`major.minor.patch`) is at least `at`.
fn version_at_least(version: &str, at: (u32, u32, u32)) -> bool {
    let parts: Vec<u32> = version.split('.').map(|p| p.parse().unwrap()).collect();
    (parts[0], parts[1], parts[2]) >= at
}

/// The backup CronJobs of the MinIO releases (stackstate-k8s 1.11.3 and 1.12.1,
/// suse-observability 2.0.2, 2.1.0, 2.4.0, 2.6.3, 2.7.0 and 2.9.0: each stretch of
/// `render/minio_cronjobs.rs`'s table that changes what the pods take from the rest of the
/// chart) are the charts' own: the whole real chart at each tag is rendered with Helm's Go SDK
/// (`scripts/chart_reference.py --later`; the subcharts only on remote Helm repositories are
/// left out, and every value the backup templates read under their names is set in the
/// parent's `values.yaml`, so they change no backup CronJob) from the same values, and each
/// backup CronJob is compared field by field (env var order left out), in three cases per
/// release: the release's fixture; a private registry, another release name, HBase in one pod
/// and an unsplit server; Argo CD and overrides; for 2.9.0 also global mode. Every backup CronJob of the chart but the
/// suspended `-backup-init` must be among stsbackup's, and the other way round.
///
/// By hand, like the other comparisons: `scripts/compare-with-chart`.
#[test]
#[ignore = "by hand: needs the real charts in STSBACKUP_HELM_CHARTS_MINIO; run scripts/compare-with-chart"]
fn the_minio_backup_cronjobs_are_the_charts_own() {
    let test = "the_minio_backup_cronjobs_are_the_charts_own";
    let Some(python) = oracle::oracle_python(test) else {
        return;
    };
    let Some(checkouts) = oracle::helm_charts_minio_checkout(test) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    let out =
        std::env::temp_dir().join(format!("stsbackup-chart-ref-minio-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let releases = [
        (
            "stackstate-k8s",
            "1.11.3",
            "stackstate-k8s-1.11.3-s3",
            "stackstate",
        ),
        (
            "stackstate-k8s",
            "1.12.1",
            "stackstate-k8s-1.12.1-azure",
            "stackstate",
        ),
        (
            "suse-observability",
            "2.0.2",
            "suse-observability-2.6.3-pvc",
            "suse-observability",
        ),
        (
            "suse-observability",
            "2.1.0",
            "suse-observability-2.6.3-pvc",
            "suse-observability",
        ),
        (
            "suse-observability",
            "2.4.0",
            "suse-observability-2.6.3-pvc",
            "suse-observability",
        ),
        (
            "suse-observability",
            "2.6.3",
            "suse-observability-2.6.3-pvc",
            "suse-observability",
        ),
        (
            "suse-observability",
            "2.7.0",
            "suse-observability-2.7.0-s3",
            "suse-observability",
        ),
        (
            "suse-observability",
            "2.9.0",
            "suse-observability-2.7.0-s3",
            "suse-observability",
        ),
    ];
    let mut compared = 0;
    let mut index = 0;
    for (chart, version, fixture, docs_release) in releases {
        let mut cases = vec![
            (String::new(), docs_release),
            (minio_private_platform(chart, version), "prod"),
            (minio_overrides(chart, version), docs_release),
        ];
        if version == "2.9.0" {
            // 2.9.0 brought global mode: the Rancher registry and the profile's one HBase pod
            // and unsplit server.
            cases.push((MINIO_GLOBAL_MODE.to_owned(), docs_release));
        }
        for (overlay, release) in cases {
            let fixture_path = root.join(format!("fixtures/render/{fixture}.yaml"));
            let values = out.join(format!("values-{index}.yaml"));
            let overlay_path = out.join(format!("overlay-{index}.yaml"));
            std::fs::write(&overlay_path, &overlay).unwrap();
            let merged = Command::new(&python)
                .arg("-c")
                .arg(MERGE_VALUES)
                .arg(&fixture_path)
                .arg(&overlay_path)
                .arg(&values)
                .status()
                .unwrap();
            assert!(merged.success());
            let reference = Command::new(&python)
                .arg(root.join("scripts/chart_reference.py"))
                .arg("--later")
                .arg(checkouts.join(chart).join(version))
                .args([chart, version])
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
            let chart_objects: serde_json::Map<String, serde_json::Value> = reference["objects"]
                .as_object()
                .unwrap()
                .iter()
                .filter(|(key, _)| key.starts_with("CronJob/") && !key.ends_with("-backup-init"))
                .map(|(key, object)| (key.clone(), object.clone()))
                .collect();
            let api_version = chart_objects
                .values()
                .next()
                .map(|object| object["apiVersion"].as_str().unwrap().to_owned())
                .expect("the chart renders backup CronJobs");
            let output = Command::new(&binary)
                .args([
                    "render",
                    "cronjob",
                    "--chart",
                    &format!("{chart}@{version}"),
                ])
                .args(["--release", release, "--api-version", &api_version, "-f"])
                .arg(&values)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "case {index} ({chart}@{version}): {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let stream = String::from_utf8(output.stdout).unwrap();
            let mut ours = serde_json::Map::new();
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
            assert_eq!(
                ours.keys().collect::<Vec<_>>(),
                chart_objects.keys().collect::<Vec<_>>(),
                "case {index} ({chart}@{version}, {fixture}, release {release}): the CronJobs"
            );
            for (key, expected) in &chart_objects {
                let (mut actual, mut expected) = (ours[key].clone(), expected.clone());
                sort_env(&mut actual);
                sort_env(&mut expected);
                assert_eq!(
                    actual, expected,
                    "case {index} ({chart}@{version}, {fixture}, release {release}): {key} differs from the chart's"
                );
                compared += 1;
            }
            index += 1;
        }
    }
    // StackGraph, the configuration and ClickHouse's two in every case; 2.0.2 installs no
    // ClickHouse by default.
    assert_eq!(index, 8 * 3 + 1);
    assert_eq!(
        compared,
        (7 * 3 + 1) * 4 + 3 * 2,
        "every case compares its CronJobs"
    );
    std::fs::remove_dir_all(&out).unwrap();
}

/// `python -c MERGE_VALUES BASE OVERLAY OUT`: the overlay merged onto the base as Helm merges
/// values files (mappings key by key).
const MERGE_VALUES: &str = "
import sys, yaml
def merge(base, over):
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base
base = yaml.safe_load(open(sys.argv[1])) or {}
over = yaml.safe_load(open(sys.argv[2])) or {}
yaml.safe_dump(merge(base, over), open(sys.argv[3], 'w'))
";

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
