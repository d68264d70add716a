//! The CronJobs of the MinIO generations after the classic chart (stackstate-k8s 1.x,
//! suse-observability 2.0 to 2.9): a snapshot of `render all` per generation and storage mode,
//! then the switches, names, job settings and images each release's templates give
//! (chart-generations §2.2, §3, §4).

mod support;

use stsbackup::render::{
    self, AllOptions, ApiVersion, CronJobOptions, Release, RenderError, ValidatedValues,
};

/// `text` with the base URL the charts require (the settings backup puts it into its pod),
/// as the user's own values file gives it beside the backup values; a text that sets one, or
/// names a `stackstate:` section, gets it there.
fn with_base_url(text: &str) -> String {
    if text.contains("baseUrl:") {
        text.to_owned()
    } else if text.starts_with("stackstate:\n") || text.contains("\nstackstate:\n") {
        text.replacen(
            "stackstate:\n",
            "stackstate:\n  baseUrl: https://observability.example.com\n",
            1,
        )
    } else {
        format!("{text}\nstackstate:\n  baseUrl: https://observability.example.com\n")
    }
}

fn validated_for(text: &str, chart: &str) -> ValidatedValues {
    validated_as_given(&with_base_url(text), chart)
}

fn validated_as_given(text: &str, chart: &str) -> ValidatedValues {
    let options = stsbackup::Options {
        chart: Some(chart.parse().unwrap()),
        ..stsbackup::Options::default()
    };
    let document = stsbackup::load_str("values.yaml", text);
    match ValidatedValues::validate_with(&document, &options) {
        Ok(values) => values,
        Err(rejected) => panic!("{rejected}"),
    }
}

fn render_fixture(name: &str) -> String {
    std::fs::read_to_string(support::root().join("fixtures/render").join(name)).unwrap()
}

/// A rendered YAML document as JSON, read by the library's own YAML reader.
fn yaml_json(text: &str) -> serde_json::Value {
    stsbackup::load_str("rendered.yaml", text)
        .root
        .expect("the rendered YAML parses")
        .to_json()
}

/// The CronJob files rendered for `text` under `chart` with `options`, as JSON by file name.
fn cronjobs_with(
    text: &str,
    chart: &str,
    options: &CronJobOptions,
) -> Result<Vec<(String, serde_json::Value)>, RenderError> {
    let values = validated_for(text, chart);
    Ok(render::cronjobs(&values, options)?
        .into_iter()
        .map(|file| (file.name, yaml_json(&file.text)))
        .collect())
}

fn cronjobs(text: &str, chart: &str) -> Vec<(String, serde_json::Value)> {
    cronjobs_with(text, chart, &CronJobOptions::default()).unwrap()
}

fn names(files: &[(String, serde_json::Value)]) -> Vec<&str> {
    files
        .iter()
        .map(|(_, object)| object["metadata"]["name"].as_str().unwrap())
        .collect()
}

fn object<'a>(files: &'a [(String, serde_json::Value)], name: &str) -> &'a serde_json::Value {
    &files
        .iter()
        .find(|(file, _)| file == name)
        .unwrap_or_else(|| panic!("no {name} among {files:?}"))
        .1
}

fn pod(cronjob: &serde_json::Value) -> &serde_json::Value {
    &cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
}

/// Whether the container has the variable `name` with an empty (`null`) value, as the chart
/// prints an unset value through `quote`.
fn env_is_null(cronjob: &serde_json::Value, name: &str) -> bool {
    pod(cronjob)["containers"][0]["env"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|pair| pair["name"] == name && pair["value"].is_null())
}

fn env<'a>(cronjob: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    pod(cronjob)["containers"][0]["env"]
        .as_array()?
        .iter()
        .find(|pair| pair["name"] == name)
        .and_then(|pair| pair["value"].as_str())
}

fn volumes(cronjob: &serde_json::Value) -> Vec<&str> {
    pod(cronjob)["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|volume| volume["name"].as_str().unwrap())
        .collect()
}

/// CronJob options for a release name.
fn options_for(release: &str) -> CronJobOptions {
    CronJobOptions {
        release: Release::new(release).unwrap(),
        ..CronJobOptions::default()
    }
}

/// A snapshot of `render all` for D1 (S3 gateway), D2 of stackstate-k8s (Azure gateway, the
/// maintenance branch), D2 of suse-observability 2.6.3 (MinIO's volume, Argo CD) and E0
/// 2.7.0 (S3 gateway).
#[test]
fn each_minio_generation_renders_its_cronjobs() {
    for (fixture, chart, release) in [
        // The docs' install names, `render`'s defaults.
        (
            "stackstate-k8s-1.11.3-s3.yaml",
            "stackstate-k8s@1.11.3",
            "stackstate",
        ),
        (
            "stackstate-k8s-1.12.1-azure.yaml",
            "stackstate-k8s@1.12.1",
            "stackstate",
        ),
        (
            "suse-observability-2.6.3-pvc.yaml",
            "suse-observability@2.6.3",
            "suse-observability",
        ),
        (
            "suse-observability-2.7.0-s3.yaml",
            "suse-observability@2.7.0",
            "suse-observability",
        ),
    ] {
        let values = validated_for(&render_fixture(fixture), chart);
        let options = AllOptions {
            cronjob: options_for(release),
            ..AllOptions::default()
        };
        let files = render::all(&values, &options).unwrap();
        let cronjob_files: Vec<&str> = files
            .iter()
            .map(|file| file.name.as_str())
            .filter(|name| name.starts_with("cronjob-"))
            .collect();
        assert_eq!(
            cronjob_files,
            [
                "cronjob-backup-sg.yaml",
                "cronjob-backup-conf.yaml",
                "cronjob-clickhouse-full-backup.yaml",
                "cronjob-clickhouse-incremental-backup.yaml",
            ],
            "{fixture}"
        );
        let stem = fixture.trim_end_matches(".yaml");
        for file in files
            .iter()
            .filter(|file| file.name.starts_with("cronjob-"))
        {
            insta::assert_snapshot!(format!("{stem}-{}", file.name), file.text);
        }
    }
}

/// The names: `<fullname.short>-backup-sg` and `-backup-conf` follow the release (and the
/// chart's name, `stackstate-k8s` for 1.x); ClickHouse's are written in the chart.
#[test]
fn names_follow_the_release_and_the_chart() {
    let d1 = render_fixture("stackstate-k8s-1.11.3-s3.yaml");
    let files = cronjobs_with(&d1, "stackstate-k8s@1.11.3", &options_for("prod")).unwrap();
    assert_eq!(
        names(&files),
        [
            "prod-stackstate-k8s-backup-sg",
            "prod-stackstate-k8s-backup-conf",
            "stackstate-clickhouse-full-backup",
            "stackstate-clickhouse-incremental-backup",
        ]
    );
    let sg = object(&files, "cronjob-backup-sg.yaml");
    assert_eq!(
        pod(sg)["volumes"][3]["persistentVolumeClaim"]["claimName"],
        "prod-stackstate-k8s-backup-stackgraph-tmp-data"
    );
    let e0 = render_fixture("suse-observability-2.7.0-s3.yaml");
    let files = cronjobs_with(&e0, "suse-observability@2.7.0", &options_for("prod")).unwrap();
    assert_eq!(
        names(&files),
        [
            "prod-suse-observability-backup-sg",
            "prod-suse-observability-backup-conf",
            "suse-observability-clickhouse-full-backup",
            "suse-observability-clickhouse-incremental-backup",
        ]
    );
    // The tag stackstate-k8s/2.0.0 is already named suse-observability (and ClickHouse
    // backups need ClickHouse installed).
    let installed = d1.replacen("clickhouse:\n", "clickhouse:\n  enabled: true\n", 1);
    let files = cronjobs_with(
        &installed,
        "stackstate-k8s@2.0.0",
        &options_for("suse-observability"),
    )
    .unwrap();
    assert_eq!(names(&files)[0], "suse-observability-backup-sg");
    assert_eq!(
        names(&files)[2],
        "suse-observability-clickhouse-full-backup"
    );
    // Over Kubernetes' 52 characters: refused, saying how long the release may be.
    let error = cronjobs_with(&d1, "stackstate-k8s@1.11.3", &options_for(&"a".repeat(30)))
        .unwrap_err()
        .to_string();
    assert!(error.contains("over the 52"), "{error}");
}

/// D1 and D2 to 2.0.x: `backup.enabled` gates everything, each store its
/// `scheduled.enabled`, ClickHouse `clickhouse.backup.enabled` (and from 1.11.5
/// `clickhouse.enabled`).
#[test]
fn backup_enabled_and_the_per_store_switches() {
    let d1 = render_fixture("stackstate-k8s-1.11.3-s3.yaml");
    let off = d1.replacen("backup:\n  enabled: true", "backup:\n  enabled: false", 1);
    let values = validated_for(&off, "stackstate-k8s@1.11.3");
    let error = render::cronjobs(&values, &CronJobOptions::default()).unwrap_err();
    assert!(
        matches!(error, RenderError::NotApplicable { .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("`backup.enabled` is off"),
        "{error}"
    );
    // `render all` gives the empty set (as for 2.10 with its backups off), so a directory
    // rendered before loses the CronJobs that no longer run.
    assert!(
        render::all(&values, &AllOptions::default())
            .unwrap()
            .is_empty()
    );

    let text = d1.replacen(
        "    splitArchiveSize: 1G\n",
        "    splitArchiveSize: 1G\n    scheduled:\n      enabled: false\n",
        1,
    );
    let files = cronjobs(&text, "stackstate-k8s@1.11.3");
    assert_eq!(
        names(&files),
        [
            "stackstate-stackstate-k8s-backup-conf",
            "stackstate-clickhouse-full-backup",
            "stackstate-clickhouse-incremental-backup",
        ]
    );
    // No ClickHouse CronJobs before 1.11.1; and from 1.11.5 only where ClickHouse is installed.
    assert_eq!(cronjobs(&d1, "stackstate-k8s@1.11.0").len(), 2);
    assert_eq!(cronjobs(&d1, "stackstate-k8s@1.11.4").len(), 4);
    assert_eq!(cronjobs(&d1, "stackstate-k8s@1.11.5").len(), 2);
    let installed = d1.replacen("clickhouse:\n", "clickhouse:\n  enabled: true\n", 1);
    assert_eq!(cronjobs(&installed, "stackstate-k8s@1.11.5").len(), 4);
    // ClickHouse is installed by default from suse-observability 2.1.0.
    assert_eq!(cronjobs(&d1, "suse-observability@2.0.2").len(), 2);
    assert_eq!(cronjobs(&d1, "suse-observability@2.1.0").len(), 4);
    let clickhouse_off = d1.replacen(
        "clickhouse:\n  backup:\n    enabled: true",
        "clickhouse:\n  backup:\n    enabled: false",
        1,
    );
    assert_eq!(
        cronjobs(&clickhouse_off, "suse-observability@2.6.3").len(),
        2
    );
}

/// The configuration backup: the container-tools job under `backup.enabled` to 2.0.x, then
/// (stackstate-k8s 1.12, suse-observability 2.1) the settings backup, which runs whatever
/// `backup.enabled` says and uploads only when it is on; always in E0.
#[test]
fn the_configuration_backup_of_each_release() {
    let d1 = render_fixture("stackstate-k8s-1.11.3-s3.yaml");
    let files = cronjobs(&d1, "stackstate-k8s@1.11.3");
    let conf = object(&files, "cronjob-backup-conf.yaml");
    assert_eq!(pod(conf)["containers"][0]["name"], "backup-configuration");
    assert_eq!(
        pod(conf)["containers"][0]["image"],
        "quay.io/stackstate/container-tools:1.4.0"
    );
    assert_eq!(
        pod(conf)["serviceAccountName"],
        "stackstate-stackstate-k8s-backup"
    );

    let off = "backup:\n  enabled: false\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n";
    for chart in ["stackstate-k8s@1.12.1", "suse-observability@2.6.3"] {
        let files = cronjobs(off, chart);
        assert_eq!(files.len(), 1, "{chart}");
        let conf = object(&files, "cronjob-backup-conf.yaml");
        assert_eq!(pod(conf)["containers"][0]["name"], "backup-settings");
        assert_eq!(
            env(conf, "BACKUP_CONFIGURATION_UPLOAD_REMOTE"),
            Some("false")
        );
        assert_eq!(
            env(conf, "BACKUP_CONFIGURATION_MAX_LOCAL_FILES"),
            Some("10")
        );
        // Without backups, no MinIO keys are mounted; the settings stay on their volume.
        assert_eq!(
            volumes(conf),
            [
                "backup-log",
                "backup-restore-scripts",
                "settings-backup-data"
            ],
            "{chart}"
        );
    }
    // 2.0.x: nothing at all without backup.enabled.
    let values = validated_for(off, "suse-observability@2.0.2");
    assert!(render::cronjobs(&values, &CronJobOptions::default()).is_err());
    // The license: a key reference in 1.12 and 2.1, the whole Secret from 2.2.
    let on = off.replacen("enabled: false", "enabled: true", 1);
    let files = cronjobs(&on, "stackstate-k8s@1.12.1");
    let container = &pod(object(&files, "cronjob-backup-conf.yaml"))["containers"][0];
    assert!(container.get("envFrom").is_none());
    let license = container["env"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair["name"] == "LICENSE_KEY")
        .unwrap();
    assert_eq!(
        license["valueFrom"]["secretKeyRef"]["name"],
        "stackstate-stackstate-k8s-license"
    );
    let external = format!("{on}stackstate:\n  license:\n    fromExternalSecret: acme-license\n");
    let files = cronjobs(&external, "suse-observability@2.2.0");
    let container = &pod(object(&files, "cronjob-backup-conf.yaml"))["containers"][0];
    assert_eq!(container["envFrom"][0]["secretRef"]["name"], "acme-license");

    // E0: the settings CronJob always renders; `global.backup.enabled` switches the rest.
    let e0_off = "minio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n";
    let files = cronjobs(e0_off, "suse-observability@2.7.0");
    assert_eq!(names(&files), ["stackstate-suse-observability-backup-conf"]);
    let with_switch_off =
        format!("{e0_off}backup:\n  configuration:\n    scheduled:\n      schedule: '0 5 * * *'\n");
    let files = cronjobs(&with_switch_off, "suse-observability@2.9.0");
    let conf = object(&files, "cronjob-backup-conf.yaml");
    assert_eq!(conf["spec"]["schedule"], "0 5 * * *");
    assert_eq!(
        env(conf, "BACKUP_CONFIGURATION_UPLOAD_REMOTE"),
        Some("false")
    );
}

/// `batch/v1` by default and `batch/v1beta1` on request (the chart's capability switch);
/// `concurrencyPolicy: Forbid`, `backoffLimit: 1`, TTL 600 — 86400 under Argo CD from 2.3,
/// which also keeps one Job and leaves the settings and ClickHouse Jobs without a TTL.
#[test]
fn api_version_and_job_settings() {
    let d2 = render_fixture("suse-observability-2.6.3-pvc.yaml");
    let old = CronJobOptions {
        api_version: ApiVersion::BatchV1Beta1,
        ..CronJobOptions::default()
    };
    for (_, cronjob) in cronjobs_with(&d2, "suse-observability@2.6.3", &old).unwrap() {
        assert_eq!(cronjob["apiVersion"], "batch/v1beta1");
    }
    let without_argo = d2.replacen(
        "compatibleWithArgoCD: true",
        "compatibleWithArgoCD: false",
        1,
    );
    for (name, cronjob) in cronjobs(&without_argo, "suse-observability@2.6.3") {
        assert_eq!(cronjob["apiVersion"], "batch/v1", "{name}");
        assert_eq!(cronjob["spec"]["concurrencyPolicy"], "Forbid", "{name}");
        let job = &cronjob["spec"]["jobTemplate"]["spec"];
        assert_eq!(job["backoffLimit"], 1, "{name}");
        assert_eq!(job["ttlSecondsAfterFinished"], 600, "{name}");
        assert!(cronjob["spec"].get("successfulJobsHistoryLimit").is_none());
    }
    let files = cronjobs(&d2, "suse-observability@2.6.3");
    let ttl = |name: &str| {
        object(&files, name)["spec"]["jobTemplate"]["spec"]
            .get("ttlSecondsAfterFinished")
            .cloned()
    };
    assert_eq!(ttl("cronjob-backup-sg.yaml"), Some(86400.into()));
    assert_eq!(ttl("cronjob-backup-conf.yaml"), None);
    assert_eq!(ttl("cronjob-clickhouse-full-backup.yaml"), None);
    assert_eq!(
        object(&files, "cronjob-backup-sg.yaml")["spec"]["successfulJobsHistoryLimit"],
        1
    );
    // From 2.8.1 the TTL is an hour.
    let e0 = render_fixture("suse-observability-2.7.0-s3.yaml");
    for (release, ttl) in [("2.8.0", 600), ("2.8.1", 3600), ("2.9.0", 3600)] {
        let files = cronjobs(&e0, &format!("suse-observability@{release}"));
        for (name, cronjob) in files {
            assert_eq!(
                cronjob["spec"]["jobTemplate"]["spec"]["ttlSecondsAfterFinished"], ttl,
                "{release} {name}"
            );
        }
    }
    // 2.2.x does not know Argo CD compatibility.
    for (name, cronjob) in cronjobs(&d2, "suse-observability@2.2.1") {
        assert_eq!(
            cronjob["spec"]["jobTemplate"]["spec"]["ttlSecondsAfterFinished"], 600,
            "{name}"
        );
    }
}

/// The env vars each release's helper prints: `splitArchiveSize` from 1.9, ClickHouse's from
/// 1.11, the prefixes from 2.0 (trailing `/` as the chart's helpers write it), no restore or
/// per-store switches in E0; MinIO at `<minio.fullnameOverride>:9000` with its Secret.
#[test]
fn env_of_each_release() {
    let d1 = render_fixture("stackstate-k8s-1.11.3-s3.yaml");
    let sg = |text: &str, chart: &str| {
        let files = cronjobs(text, chart);
        object(&files, "cronjob-backup-sg.yaml").clone()
    };
    // 1.8 has neither `splitArchiveSize` nor ClickHouse backups (the validator refuses them).
    let plain = "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n";
    let old = sg(plain, "stackstate-k8s@1.8.0");
    assert_eq!(env(&old, "BACKUP_STACKGRAPH_ARCHIVE_SPLIT_SIZE"), None);
    assert_eq!(env(&old, "BACKUP_CLICKHOUSE_BUCKET_NAME"), None);
    let d1_sg = sg(&d1, "stackstate-k8s@1.11.3");
    assert_eq!(
        env(&d1_sg, "BACKUP_STACKGRAPH_ARCHIVE_SPLIT_SIZE"),
        Some("1G")
    );
    assert_eq!(
        env(
            &d1_sg,
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_RETENTION_TIME_DELTA"
        ),
        Some("days = 30")
    );
    assert_eq!(env(&d1_sg, "BACKUP_STACKGRAPH_S3_PREFIX"), None);
    assert_eq!(env(&d1_sg, "MINIO_ENDPOINT"), Some("stackstate-minio:9000"));
    let d2 = render_fixture("suse-observability-2.6.3-pvc.yaml");
    let d2_sg = sg(&d2, "suse-observability@2.6.3");
    assert_eq!(env(&d2_sg, "BACKUP_STACKGRAPH_S3_PREFIX"), Some("prod/"));
    assert_eq!(env(&d2_sg, "BACKUP_CONFIGURATION_S3_PREFIX"), Some("prod/"));
    assert_eq!(env(&d2_sg, "BACKUP_ELASTICSEARCH_S3_PREFIX"), Some("prod"));
    assert_eq!(env(&d2_sg, "BACKUP_CLICKHOUSE_S3_PREFIX"), Some("prod/"));
    assert_eq!(
        env(&d2_sg, "BACKUP_VICTORIA_METRICS_0_S3_PREFIX"),
        Some("victoria-metrics-0")
    );
    assert_eq!(
        env(
            &d2_sg,
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_RETENTION_TIME_DELTA"
        ),
        Some("30 days ago")
    );
    assert_eq!(
        env(
            &d2_sg,
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_TEMPLATE"
        ),
        Some("sts-backup-$(date +%Y%m%d-%H%M).sty")
    );
    assert_eq!(
        env(&d2_sg, "MINIO_ENDPOINT"),
        Some("suse-observability-minio:9000")
    );
    let renamed =
        format!("{d2}\n").replacen("minio:\n", "minio:\n  fullnameOverride: acme-minio\n", 1);
    let renamed_sg = sg(&renamed, "suse-observability@2.6.3");
    assert_eq!(env(&renamed_sg, "MINIO_ENDPOINT"), Some("acme-minio:9000"));
    assert_eq!(
        pod(&renamed_sg)["volumes"][2]["secret"]["secretName"],
        "acme-minio"
    );
    let e0 = render_fixture("suse-observability-2.7.0-s3.yaml");
    let e0_sg = sg(&e0, "suse-observability@2.7.0");
    for gone in [
        "BACKUP_STACKGRAPH_RESTORE_ENABLED",
        "BACKUP_STACKGRAPH_SCHEDULED_ENABLED",
        "BACKUP_CLICKHOUSE_SCHEDULED_ENABLED",
        "BACKUP_VICTORIA_METRICS_0_RESTORE_ENABLED",
    ] {
        assert_eq!(env(&e0_sg, gone), None, "{gone}");
    }
    // The removed keys the E0 helper still prints are `null` unless set (Sprig's `quote`
    // prints nothing for an unset value); the Victoria Metrics switches take the subchart's
    // default, `false`; from 2.8.0 instance 1's is `false` where the instance is not deployed.
    assert!(env_is_null(
        &e0_sg,
        "BACKUP_ELASTICSEARCH_SCHEDULED_ENABLED"
    ));
    assert_eq!(
        env(&e0_sg, "BACKUP_VICTORIA_METRICS_1_ENABLED"),
        Some("false")
    );
    let single = format!("{e0}victoria-metrics-1:\n  enabled: false\n").replacen(
        "\"victoria-metrics-1\":\n  backup:\n    bucketName: \"acme-victoria-metrics-backups\"\n",
        "",
        1,
    );
    assert_eq!(
        env(
            &sg(&single, "suse-observability@2.7.0"),
            "BACKUP_VICTORIA_METRICS_1_ENABLED"
        ),
        Some("false")
    );
    assert_eq!(
        env(
            &sg(&single, "suse-observability@2.8.0"),
            "BACKUP_VICTORIA_METRICS_1_ENABLED"
        ),
        Some("false")
    );
    assert_eq!(
        env(&e0_sg, "BACKUP_CONFIGURATION_UPLOAD_REMOTE"),
        Some("true")
    );
}

/// Images: the release's default server tag (with `-2.5` for HBase 2.5, the default from
/// 2.0), `global.imageRegistry`, the container-tools image of the older configuration backup,
/// and ClickHouse's image: written in the template to 2.0.1, from the values after.
#[test]
fn images_of_each_release() {
    let d1 = render_fixture("stackstate-k8s-1.11.3-s3.yaml");
    let image = |files: &[(String, serde_json::Value)], name: &str| {
        pod(object(files, name))["containers"][0]["image"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let files = cronjobs(&d1, "stackstate-k8s@1.11.3");
    assert_eq!(
        image(&files, "cronjob-backup-sg.yaml"),
        "quay.io/stackstate/stackstate-server:6.0.0-snapshot.20240815083601-master-bd8cfc5"
    );
    let files = cronjobs(&d1, "suse-observability@2.6.3");
    assert_eq!(
        image(&files, "cronjob-backup-sg.yaml"),
        "quay.io/stackstate/stackstate-server:7.0.0-snapshot.20251120152824-master-8cfee78-2.5"
    );
    assert_eq!(
        image(&files, "cronjob-clickhouse-full-backup.yaml"),
        "quay.io/stackstate/clickhouse-backup:2.6.38-9157204e"
    );
    let private = format!(
        "{}global:\n  imageRegistry: registry.acme.example\nhbase:\n  version: '1.2'\n",
        d1.replacen(
            "stackstate:\n",
            "stackstate:\n  components:\n    all:\n      image:\n        tag: 7.1.0\n",
            1
        )
    );
    let files = cronjobs(&private, "suse-observability@2.6.3");
    assert_eq!(
        image(&files, "cronjob-backup-sg.yaml"),
        "registry.acme.example/stackstate/stackstate-server:7.1.0"
    );
    assert_eq!(
        image(&files, "cronjob-clickhouse-full-backup.yaml"),
        "registry.acme.example/stackstate/clickhouse-backup:2.6.38-9157204e"
    );
    // 2.0.2 to 2.1.x read the registry from the values but not `global.imageRegistry`.
    let files = cronjobs(&private, "suse-observability@2.1.0");
    assert_eq!(
        image(&files, "cronjob-clickhouse-full-backup.yaml"),
        "quay.io/stackstate/clickhouse-backup:2.5.20-2b2c95ed"
    );
    // Up to 2.0.1 the image is the template's, whatever the values say.
    let files = cronjobs(&private, "stackstate-k8s@1.11.3");
    assert_eq!(
        image(&files, "cronjob-clickhouse-full-backup.yaml"),
        "quay.io/stackstate/clickhouse-backup:2.5.20-2b2c95ed"
    );
    assert_eq!(
        image(&files, "cronjob-backup-conf.yaml"),
        "registry.acme.example/stackstate/container-tools:1.4.0"
    );
}

/// The container security context the chart's `common.container` adds from stackstate-k8s
/// 1.12 and suse-observability 2.1 (stricter from 2.4.0), on the StackGraph and settings
/// containers only.
#[test]
fn container_security_context_of_each_release() {
    let d1 = render_fixture("stackstate-k8s-1.11.3-s3.yaml");
    let container = |chart: &str, name: &str| {
        let files = cronjobs(&d1, chart);
        pod(object(&files, name))["containers"][0]["securityContext"].clone()
    };
    assert!(container("stackstate-k8s@1.11.3", "cronjob-backup-sg.yaml").is_null());
    assert!(container("suse-observability@2.0.2", "cronjob-backup-conf.yaml").is_null());
    assert_eq!(
        container("stackstate-k8s@1.12.1", "cronjob-backup-sg.yaml"),
        serde_json::json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["all"]}})
    );
    assert_eq!(
        container("suse-observability@2.4.0", "cronjob-backup-conf.yaml"),
        serde_json::json!({
            "allowPrivilegeEscalation": false,
            "capabilities": {"drop": ["ALL"]},
            "runAsNonRoot": true,
            "seccompProfile": {"type": "RuntimeDefault"},
        })
    );
    // ClickHouse's container keeps its own.
    assert_eq!(
        container(
            "suse-observability@2.4.0",
            "cronjob-clickhouse-full-backup.yaml"
        ),
        serde_json::json!({"runAsUser": 1001})
    );
}

/// Pull secrets: `global.imagePullSecrets` and `imagePullSecrets` everywhere, the server
/// image's own to 2.2 (the chart's `<fullname>-pull-secret`), ClickHouse's from 2.6.1.
#[test]
fn pull_secrets_of_each_release() {
    let d2 = render_fixture("suse-observability-2.6.3-pvc.yaml");
    let secrets = |files: &[(String, serde_json::Value)], name: &str| -> Vec<String> {
        pod(object(files, name))["imagePullSecrets"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| item["name"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let files = cronjobs(&d2, "suse-observability@2.6.3");
    assert_eq!(
        secrets(&files, "cronjob-backup-sg.yaml"),
        ["acme-pull", "acme-mirror"]
    );
    assert_eq!(
        secrets(&files, "cronjob-clickhouse-full-backup.yaml"),
        ["acme-pull", "acme-mirror"]
    );
    let files = cronjobs(&d2, "suse-observability@2.6.0");
    assert!(secrets(&files, "cronjob-clickhouse-full-backup.yaml").is_empty());
    let azure = render_fixture("stackstate-k8s-1.12.1-azure.yaml");
    let files = cronjobs(&azure, "stackstate-k8s@1.12.1");
    assert_eq!(
        secrets(&files, "cronjob-backup-sg.yaml"),
        ["stackstate-stackstate-k8s-pull-secret"]
    );
}

/// The settings backup (stackstate-k8s 1.12, suse-observability 2.1 and later) puts the base
/// URL into its pod and the chart fails without one: so does `render`, naming the key. The
/// older container-tools backup does not need it. `envsFromExistingSecrets`, which these
/// releases paste unindented into the settings container, is refused.
#[test]
fn the_settings_backup_needs_the_base_url_and_refuses_envs_from_existing_secrets() {
    let plain = "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n";
    for chart in [
        "stackstate-k8s@1.12.1",
        "suse-observability@2.1.0",
        "suse-observability@2.6.3",
    ] {
        let values = validated_as_given(plain, chart);
        match render::cronjobs(&values, &CronJobOptions::default()) {
            Err(RenderError::MissingValue { path, .. }) => assert_eq!(path, "stackstate.baseUrl"),
            other => panic!("{chart}: {other:?}"),
        }
    }
    let old = validated_as_given(plain, "stackstate-k8s@1.11.3");
    assert!(render::cronjobs(&old, &CronJobOptions::default()).is_ok());
    // `lint` refuses it first (SB628); silenced, the renderer still refuses it.
    let secrets = format!(
        "{plain}stackstate:\n  baseUrl: https://o.example.com\n  components:\n    all:\n      envsFromExistingSecrets:  # stsbackup: ignore[SB628]\n        - name: EXTRA\n          secretName: extra\n          secretKey: key\n"
    );
    let error = cronjobs_with(
        &secrets,
        "suse-observability@2.4.0",
        &CronJobOptions::default(),
    )
    .expect_err("refused");
    assert!(
        error.to_string().contains("envsFromExistingSecrets"),
        "{error}"
    );
    assert!(
        cronjobs_with(
            &secrets,
            "stackstate-k8s@1.11.3",
            &CronJobOptions::default()
        )
        .is_ok()
    );
}

/// What the pods take from the rest of the chart: the `wait` container and its targets (the
/// older layout with Elasticsearch, or HBase's in one pod and the unsplit server), the
/// platform's variables and the containers' resources.
#[test]
fn the_wait_container_and_the_platform_of_each_release() {
    let d1 = cronjobs(
        &render_fixture("stackstate-k8s-1.11.3-s3.yaml"),
        "stackstate-k8s@1.11.3",
    );
    let wait = |cronjob: &serde_json::Value| {
        pod(cronjob)["initContainers"][0]["command"][2]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let sg = object(&d1, "cronjob-backup-sg.yaml");
    assert_eq!(
        wait(sg),
        "/entrypoint -c stackstate-elasticsearch-master-headless:9200,stackstate-minio:9000,stackstate-zookeeper-headless:2181,stackstate-hbase-hdfs-nn-headful:9000,stackstate-stackstate-k8s-initializer:1618 -t 300\n"
    );
    assert_eq!(
        pod(sg)["initContainers"][0]["image"],
        "quay.io/stackstate/wait:1.0.10-025450d9"
    );
    assert_eq!(
        env(sg, "STACKSTATE_ROUTER_ENDPOINT"),
        Some("http://stackstate-stackstate-k8s-router:8080")
    );
    assert_eq!(
        pod(object(&d1, "cronjob-backup-conf.yaml"))["containers"][0]["resources"]["requests"]["cpu"],
        "500m"
    );
    let mono = format!(
        "{}hbase:\n  deployment:\n    mode: Mono\n",
        render_fixture("suse-observability-2.7.0-s3.yaml").replacen(
            "stackstate:\n",
            "stackstate:\n  features:\n    server:\n      split: false\n",
            1
        )
    );
    let e0 = cronjobs_with(&mono, "suse-observability@2.7.0", &options_for("prod")).unwrap();
    let conf = object(&e0, "cronjob-backup-conf.yaml");
    // No space after `-c` in the settings backup's, as in the chart.
    assert_eq!(
        wait(conf),
        "/entrypoint -csuse-observability-minio:9000,prod-hbase-stackgraph:2182,prod-suse-observability-server-headless:7070 -t 300\n"
    );
    assert_eq!(
        env(conf, "ZOOKEEPER_QUORUM"),
        Some("prod-hbase-stackgraph:2182")
    );
    assert_eq!(env(conf, "PLATFORM_VERSION"), Some("2.7.0"));
    assert_eq!(
        env(conf, "RECEIVER_BASE_URL"),
        Some("https://observability.example.com/receiver")
    );
    assert_eq!(
        env(conf, "CONFIG_FORCE_stackstate_yaml_codePointLimit"),
        Some("104857600")
    );
    assert!(env_is_null(conf, "BACKUP_STACKGRAPH_S3_PREFIX"));
    // 2.9.0's global mode: the Rancher registry, and a non-HA profile's one HBase pod and
    // unsplit server.
    let global = render_fixture("suse-observability-2.7.0-s3.yaml").replacen(
        "global:\n",
        "global:\n  suseObservability:\n    baseUrl: https://g.example.com\n    license: LICENSE-KEY\n    sizing:\n      profile: 10-nonha\n",
        1,
    );
    let files = cronjobs_with(
        &global,
        "suse-observability@2.9.0",
        &options_for("suse-observability"),
    )
    .unwrap();
    let sg = object(&files, "cronjob-backup-sg.yaml");
    assert!(
        pod(sg)["containers"][0]["image"]
            .as_str()
            .unwrap()
            .starts_with("registry.rancher.com/"),
        "{sg}"
    );
    assert_eq!(
        wait(sg),
        "/entrypoint -c suse-observability-minio:9000,suse-observability-hbase-stackgraph:2182,suse-observability-server-headless:7070 -t 300\n"
    );
    // The vmagent's name emptied: the chart's fallback, with its doubled scheme.
    let emptied = render_fixture("stackstate-k8s-1.12.1-azure.yaml").replacen(
        "  components:\n",
        "  components:\n    vmagent:\n      fullNameOverride: null\n",
        1,
    );
    let d2 = cronjobs_with(&emptied, "stackstate-k8s@1.12.1", &options_for("acme")).unwrap();
    assert_eq!(
        env(
            object(&d2, "cronjob-backup-conf.yaml"),
            "PROMETHEUS_WRITE_ENDPOINT"
        ),
        Some("http://http://acme-stackstate-k8s-vmagent:8429/api/v1/write")
    );
}
