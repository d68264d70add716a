//! The restore and list Jobs of the charts after the classic one, per release: snapshots of
//! each Job as the release's restore script creates it, and the refusals of what a release
//! cannot restore.

use stsbackup::calendar::DateTime;
use stsbackup::render::{
    self, ConfigurationRestore, ElasticsearchRestore, Release, RenderError, StackGraphRestore,
    ValidatedValues, VictoriaMetricsInstance, VictoriaMetricsRestore,
};

fn moment() -> DateTime {
    DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/render");
    std::fs::read_to_string(path.join(name)).unwrap()
}

/// The fixture with the URL SUSE Observability is reached at, which the settings restore of
/// 2.x needs (the CronJob fixtures of 2.10 leave it out).
fn with_base_url(text: String) -> String {
    if text.contains("baseUrl:") {
        text
    } else {
        format!("{text}stackstate:\n  baseUrl: https://observability.acme.example/\n")
    }
}

fn validated_for(text: &str, chart: &str) -> ValidatedValues {
    let document = stsbackup::load_str("values.yaml", text);
    let options = stsbackup::Options {
        chart: Some(chart.parse().unwrap()),
        ..stsbackup::Options::default()
    };
    ValidatedValues::validate_with(&document, &options).expect("valid values")
}

/// The release's default install name: `stackstate` for stackstate-k8s, `suse-observability`
/// for 2.x (as `render` picks it).
fn release_of(chart: &str) -> Release {
    if chart.starts_with("stackstate-k8s") {
        Release::default()
    } else {
        Release::new("suse-observability").unwrap()
    }
}

/// Every restore and list Job, by name, for values of `chart`.
fn jobs(values: &ValidatedValues, chart: &str) -> Vec<(&'static str, Result<String, RenderError>)> {
    let release = release_of(chart);
    let at = moment();
    // `.stj` until the settings were kept locally too (stackstate-k8s 1.12, 2.1).
    let settings = if [
        "stackstate-k8s@1.11.3",
        "stackstate-k8s@1.11.4",
        "stackstate-k8s@2.0.0",
        "suse-observability@2.0.2",
    ]
    .contains(&chart)
    {
        "sts-backup-20261124-0400.stj"
    } else {
        "sts-backup-20261124-0400.sty"
    };
    vec![
        (
            "stackgraph",
            render::stackgraph_restore_job(
                values,
                &release,
                &StackGraphRestore {
                    backup: "sts-backup-20261124-0300.graph".into(),
                    force: true,
                },
                at,
            ),
        ),
        (
            "list-stackgraph-backups",
            render::stackgraph_list_job(values, &release, at),
        ),
        (
            "elasticsearch",
            render::elasticsearch_restore_job(
                values,
                &release,
                &ElasticsearchRestore {
                    snapshot: "sts-backup-20261124-0300-abc".into(),
                    indices: Some("sts_topology*".into()),
                    delete_all_indices: false,
                },
                at,
            ),
        ),
        (
            "list-elasticsearch-snapshots",
            render::elasticsearch_list_job(values, &release, at),
        ),
        (
            "configuration",
            render::configuration_restore_job(
                values,
                &release,
                &ConfigurationRestore {
                    backup: settings.into(),
                    force: false,
                },
                at,
            ),
        ),
        (
            "list-configuration-backups",
            render::configuration_list_job(values, &release, at),
        ),
        (
            "victoria-metrics",
            render::victoria_metrics_restore_job(
                values,
                &release,
                &VictoriaMetricsRestore {
                    instance: VictoriaMetricsInstance::One,
                    backup: "victoria-metrics-1-20261124120000".into(),
                },
                at,
            ),
        ),
        (
            "list-victoria-metrics-backups",
            render::victoria_metrics_list_job(values, &release, at),
        ),
    ]
}

/// The releases and the fixture each is rendered from.
const RELEASES: &[(&str, &str)] = &[
    ("restore-stackstate-k8s.yaml", "stackstate-k8s@1.11.3"),
    ("restore-stackstate-k8s.yaml", "stackstate-k8s@1.11.4"),
    ("restore-stackstate-k8s.yaml", "stackstate-k8s@1.12.1"),
    (
        "restore-suse-observability-2.6.yaml",
        "stackstate-k8s@2.0.0",
    ),
    (
        "restore-suse-observability-2.6.yaml",
        "suse-observability@2.0.2",
    ),
    (
        "restore-suse-observability-2.6.yaml",
        "suse-observability@2.6.3",
    ),
    (
        "restore-suse-observability-2.9.yaml",
        "suse-observability@2.9.0",
    ),
    ("suse-observability-pvc.yaml", "suse-observability@2.10.0"),
    ("suse-observability-s3.yaml", "suse-observability@2.10.3"),
    // Global mode (`global.suseObservability` with a sizing profile).
    ("restore-global-nonha.yaml", "suse-observability@2.9.0"),
    ("restore-global-ha.yaml", "suse-observability@2.10.3"),
];

/// Each Job of each release, as a snapshot; each one renders (the fixtures switch every store
/// on) and carries the release's own keys Secret, never another release's.
#[test]
fn the_restore_jobs_of_each_release() {
    for (file, chart) in RELEASES {
        let values = validated_for(&with_base_url(fixture(file)), chart);
        for (name, job) in jobs(&values, chart) {
            let text = job.unwrap_or_else(|error| panic!("{chart} {name}: {error}"));
            let secret = if chart.starts_with("suse-observability@2.10") {
                "name: \"s3proxy-keys\""
            } else {
                "name: \"minio-keys\""
            };
            // 2.0 to 2.9 mount MinIO's keys only with backups on, which these fixtures are.
            assert!(text.contains(secret), "{chart} {name}:\n{text}");
            let label = if file.starts_with("restore-global") {
                format!("{chart}-global")
            } else {
                chart.to_string()
            };
            insta::assert_snapshot!(format!("restore-{label}-{name}"), text);
        }
    }
}

/// What differs between the releases, checked directly (the snapshots show the rest).
#[test]
fn each_release_builds_its_jobs_its_own_way() {
    let d1 = validated_for(
        &fixture("restore-stackstate-k8s.yaml"),
        "stackstate-k8s@1.11.3",
    );
    let d2 = validated_for(
        &fixture("restore-suse-observability-2.6.yaml"),
        "suse-observability@2.6.3",
    );
    let e = validated_for(
        &fixture("suse-observability-s3.yaml"),
        "suse-observability@2.10.3",
    );
    let list = |values: &ValidatedValues, chart: &str| {
        render::stackgraph_list_job(values, &release_of(chart), moment()).unwrap()
    };
    // 1.x lists StackGraph backups with the server image, 2.x with container-tools.
    assert!(list(&d1, "stackstate-k8s@1.11.3").contains("stackstate/stackstate-server:"));
    assert!(list(&d2, "suse-observability@2.6.3").contains("stackstate/container-tools:1.8.0-bci"));
    // The names follow the chart: `<release>-stackstate-k8s` and `suse-observability`.
    assert!(
        list(&d1, "stackstate-k8s@1.11.3").contains("\"stackstate-stackstate-k8s-backup-log\"")
    );
    assert!(list(&e, "suse-observability@2.10.3").contains("\"suse-observability-backup-log\""));
    // Argo CD compatibility keeps Jobs a day from 2.x on; 1.x always 600 seconds.
    assert!(list(&d2, "suse-observability@2.6.3").contains("ttlSecondsAfterFinished: 86400"));
    assert!(list(&d1, "stackstate-k8s@1.11.3").contains("ttlSecondsAfterFinished: 600"));
    assert!(list(&e, "suse-observability@2.10.3").contains("ttlSecondsAfterFinished: 3600"));
    // The mono HBase of the 2.6 fixture: ZooKeeper is the StackGraph pod.
    let restore = StackGraphRestore {
        backup: "sts-backup-20261124-0300.graph".into(),
        force: false,
    };
    let job = render::stackgraph_restore_job(
        &d2,
        &release_of("suse-observability@2.6.3"),
        &restore,
        moment(),
    )
    .unwrap();
    assert!(
        job.contains("value: \"suse-observability-hbase-stackgraph:2182\""),
        "{job}"
    );
    // 2.x's restore script has `--delete-all-indices`, 1.x's has not.
    let delete = ElasticsearchRestore {
        snapshot: "sts-backup-20261124-0300-abc".into(),
        indices: None,
        delete_all_indices: true,
    };
    let job = render::elasticsearch_restore_job(
        &e,
        &release_of("suse-observability@2.10.3"),
        &delete,
        moment(),
    )
    .unwrap();
    assert!(
        job.contains("name: \"DELETE_ALL_INDICES\"\n              value: \"true\""),
        "{job}"
    );
    let error =
        render::elasticsearch_restore_job(&d1, &Release::default(), &delete, moment()).unwrap_err();
    assert!(
        error.to_string().contains("--delete-all-indices"),
        "{error}"
    );
}

/// What a release cannot restore is refused, saying which value switches it off, and never
/// answered with the classic chart's objects.
#[test]
fn what_a_release_cannot_restore_is_refused() {
    let refusal = |text: &str, chart: &str, job: &str| -> String {
        let values = validated_for(text, chart);
        let (_, result) = jobs(&values, chart)
            .into_iter()
            .find(|(name, _)| *name == job)
            .unwrap();
        match result {
            Err(error @ RenderError::NotApplicable { .. }) => error.to_string(),
            other => panic!("{chart} {job}: {other:?}"),
        }
    };
    // 2.10.3: global backups off; a store switched off.
    let s3 = fixture("suse-observability-s3.yaml");
    let off = s3.replace(
        "  backup:\n    enabled: true\n",
        "  backup:\n    enabled: false\n",
    );
    let error = refusal(&off, "suse-observability@2.10.3", "stackgraph");
    assert!(error.contains("`global.backup.enabled` is off"), "{error}");
    // ... while the settings still restore from their local copy.
    let values = validated_for(&off, "suse-observability@2.10.3");
    assert!(
        render::configuration_list_job(&values, &release_of("suse-observability@2.10.3"), moment())
            .is_ok()
    );
    let no_es = format!("{s3}\n# the store off\n");
    let no_es = no_es.replace(
        "  elasticsearch:\n    bucketName: acme-elasticsearch-backups\n",
        "  elasticsearch:\n    enabled: false\n    bucketName: acme-elasticsearch-backups\n",
    );
    let error = refusal(
        &no_es,
        "suse-observability@2.10.3",
        "list-elasticsearch-snapshots",
    );
    assert!(
        error.contains("`backup.elasticsearch.enabled` is false"),
        "{error}"
    );
    let no_vm = s3.replace(
        "victoria-metrics-1:\n  backup:\n",
        "victoria-metrics-1:\n  backup:\n    enabled: false\n",
    );
    let error = refusal(&no_vm, "suse-observability@2.10.3", "victoria-metrics");
    assert!(
        error.contains("`victoria-metrics-1.backup.enabled` is false"),
        "{error}"
    );
    // 1.x and 2.0 to 2.6: a store's `restore.enabled`.
    let d2 = fixture("restore-suse-observability-2.6.yaml").replace(
        "victoria-metrics-1:\n  backup:\n    enabled: true\n    bucketName: acme-victoria-metrics-backups\n  restore:\n    enabled: true\n",
        "victoria-metrics-1:\n  backup:\n    enabled: true\n    bucketName: acme-victoria-metrics-backups\n  restore:\n    enabled: false\n",
    );
    let error = refusal(&d2, "suse-observability@2.6.3", "victoria-metrics");
    assert!(
        error.contains("`victoria-metrics-1.restore.enabled` is false"),
        "{error}"
    );
    let d1 = fixture("restore-stackstate-k8s.yaml")
        .replace("backup:\n  enabled: true\n", "backup:\n  enabled: false\n");
    let error = refusal(&d1, "stackstate-k8s@1.11.3", "configuration");
    assert!(error.contains("`backup.enabled` is off"), "{error}");
    // The settings restore of 2.x needs the base URL the chart requires.
    let without_url = s3.replace(
        "stackstate:\n  # Not a backup value, but every backup pod gets it (the chart fails without it).\n  baseUrl: https://observability.example.com\n",
        "",
    );
    assert!(!without_url.contains("baseUrl"));
    let values = validated_for(&without_url, "suse-observability@2.10.3");
    let (_, result) = jobs(&values, "suse-observability@2.10.3")
        .into_iter()
        .find(|(name, _)| *name == "configuration")
        .unwrap();
    let error = result.unwrap_err();
    assert!(
        matches!(
            error,
            RenderError::MissingValue {
                path: "stackstate.baseUrl",
                ..
            }
        ),
        "{error}"
    );
    // ClickHouse: no release restores it with a Job.
    let values = validated_for(&s3, "suse-observability@2.10.3");
    let error = render::clickhouse_list_job(&values)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("kubectl exec suse-observability-clickhouse-shard0-0 -c backup"),
        "{error}"
    );
    assert!(render::clickhouse_restore_job(&values, "full_2024-06-14T00-45-00").is_err());
}

/// Backup names are checked against how the release names them before they reach the Job.
#[test]
fn restore_names_follow_the_release() {
    let chart = "suse-observability@2.10.3";
    let values = validated_for(&fixture("suse-observability-s3.yaml"), chart);
    let release = release_of(chart);
    for bad in [
        "sts-backup-20261124-0400.stj",
        "../x.sty",
        "sts-backup-1.sty\"x",
    ] {
        let restore = ConfigurationRestore {
            backup: bad.into(),
            force: false,
        };
        let error = render::configuration_restore_job(&values, &release, &restore, moment());
        assert!(
            matches!(error, Err(RenderError::InvalidInput { .. })),
            "{bad}: {error:?}"
        );
    }
    for bad in [
        "victoria-metrics-0-latest",
        "victoria-metrics-1-x#y",
        "victoria-metrics-1-",
    ] {
        let restore = VictoriaMetricsRestore {
            instance: VictoriaMetricsInstance::One,
            backup: bad.into(),
        };
        let error = render::victoria_metrics_restore_job(&values, &release, &restore, moment());
        assert!(
            matches!(error, Err(RenderError::InvalidInput { .. })),
            "{bad}: {error:?}"
        );
    }
    // The classic chart has no settings or Victoria Metrics Jobs.
    let classic = ValidatedValues::validate(&stsbackup::load_str(
        "values.yaml",
        "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n",
    ))
    .unwrap();
    let error = render::victoria_metrics_list_job(&classic, &Release::default(), moment())
        .unwrap_err()
        .to_string();
    assert!(error.contains("classic chart"), "{error}");
}

/// The releases between the families' reference releases follow their own manifests:
/// stackstate-k8s 1.11.4 lists on container-tools but keeps 1.11.3's settings Jobs, 1.12
/// restores the settings with the server as 2.1 does, suse-observability 2.0.x keeps the
/// settings Jobs of 1.11 with the S3 prefixes of 2.x and writes the quorum out.
#[test]
fn releases_are_followed_where_their_manifests_are_known() {
    let release = Release::new("suse-observability").unwrap();
    let d2 = with_base_url(fixture("restore-suse-observability-2.6.yaml"));
    let d1 = with_base_url(fixture("restore-stackstate-k8s.yaml"));
    let stj = ConfigurationRestore {
        backup: "sts-backup-20261124-0400.stj".into(),
        force: false,
    };
    let sty = ConfigurationRestore {
        backup: "sts-backup-20261124-0400.sty".into(),
        force: false,
    };
    let k8s_1_11_4 = validated_for(&d1, "stackstate-k8s@1.11.4");
    let list = render::stackgraph_list_job(&k8s_1_11_4, &Release::default(), moment()).unwrap();
    assert!(list.contains("stackstate/container-tools:"), "{list}");
    assert!(!list.contains("S3_PREFIX"), "{list}");
    assert!(list.contains("stackstate-minio:9000"), "{list}");
    let job = render::configuration_restore_job(&k8s_1_11_4, &Release::default(), &stj, moment())
        .unwrap();
    assert!(job.contains("serviceAccountName"), "{job}");
    assert!(!job.contains("restore-settings"), "{job}");
    let k8s_1_12 = validated_for(&d1, "stackstate-k8s@1.12.1");
    let job =
        render::configuration_restore_job(&k8s_1_12, &Release::default(), &sty, moment()).unwrap();
    assert!(job.contains("restore-settings"), "{job}");
    assert!(
        job.contains("BACKUP_CONFIGURATION_MAX_LOCAL_FILES"),
        "{job}"
    );
    assert!(!job.contains("S3_PREFIX"), "{job}");
    let error = render::configuration_restore_job(&k8s_1_12, &Release::default(), &stj, moment())
        .unwrap_err();
    assert!(error.to_string().contains(".sty"), "{error}");
    let mono = validated_for(&d2, "suse-observability@2.0.2");
    let restore = StackGraphRestore {
        backup: "sts-backup-20261124-0300.graph".into(),
        force: false,
    };
    let job = render::stackgraph_restore_job(&mono, &release, &restore, moment()).unwrap();
    assert!(
        job.contains("value: \"stackstate-hbase-stackgraph:2182\""),
        "{job}"
    );
    assert!(job.contains("BACKUP_STACKGRAPH_S3_PREFIX"), "{job}");
    let job = render::configuration_restore_job(&mono, &release, &stj, moment()).unwrap();
    assert!(!job.contains("LICENSE_KEY"), "{job}");
    let distributed = d2.replace("mode: Mono", "mode: Distributed");
    let first = validated_for(&distributed, "stackstate-k8s@2.0.0");
    let job = render::stackgraph_restore_job(&first, &release, &restore, moment()).unwrap();
    assert!(
        job.contains("suse-observability-otel-zookeeper-headless:2181"),
        "{job}"
    );
    // Before stackstate-k8s 1.5.0 the Victoria Metrics restore took no backup folder; before
    // 1.11.0 there were no ClickHouse variables.
    let values = validated_for(&d1, "stackstate-k8s@1.3.0");
    let restore = VictoriaMetricsRestore {
        instance: VictoriaMetricsInstance::One,
        backup: "victoria-metrics-1-20240101000000".into(),
    };
    let error =
        render::victoria_metrics_restore_job(&values, &Release::default(), &restore, moment())
            .unwrap_err();
    assert!(matches!(error, RenderError::NotFollowed { .. }), "{error}");
    let list = render::stackgraph_list_job(&values, &Release::default(), moment()).unwrap();
    assert!(!list.contains("BACKUP_CLICKHOUSE"), "{list}");
    assert!(!list.contains("ARCHIVE_SPLIT_SIZE"), "{list}");
    // 2.2.0: 600 seconds whatever Argo CD, no platform version, no security context on the
    // StackGraph list, no `DELETE_ALL_INDICES`; 2.6.3 has them all. 2.1.0 reads the license
    // key and the admin password one by one.
    let old = validated_for(&d2, "suse-observability@2.2.0");
    let list = render::stackgraph_list_job(&old, &release, moment()).unwrap();
    assert!(list.contains("ttlSecondsAfterFinished: 600"), "{list}");
    assert!(!list.contains("PLATFORM_VERSION"), "{list}");
    assert!(!list.contains("securityContext"), "{list}");
    let new = validated_for(&d2, "suse-observability@2.6.3");
    let list = render::stackgraph_list_job(&new, &release, moment()).unwrap();
    assert!(list.contains("value: \"2.6.3\""), "{list}");
    assert!(list.contains("securityContext"), "{list}");
    let first = validated_for(&d2, "suse-observability@2.1.0");
    let settings = ConfigurationRestore {
        backup: "sts-backup-20261124-0400.sty".into(),
        force: false,
    };
    let job = render::configuration_restore_job(&first, &release, &settings, moment()).unwrap();
    assert!(job.contains("name: \"LICENSE_KEY\""), "{job}");
    assert!(!job.contains("envFrom"), "{job}");
    let delete = ElasticsearchRestore {
        snapshot: "sts-backup-20261124-0300-abc".into(),
        indices: None,
        delete_all_indices: true,
    };
    let error = render::elasticsearch_restore_job(&old, &release, &delete, moment()).unwrap_err();
    assert!(error.to_string().contains("2.6.1"), "{error}");
    // Global mode came with 2.8.0: 2.6.3 ignores `global.suseObservability`, as its chart does.
    let profile =
        format!("{d2}global:\n  suseObservability:\n    sizing:\n      profile: 10-nonha\n");
    let values = validated_for(&profile, "suse-observability@2.6.3");
    let ignored = render::stackgraph_list_job(&values, &release, moment()).unwrap();
    let list = render::stackgraph_list_job(&new, &release, moment()).unwrap();
    assert_eq!(ignored, list);
}

/// Global mode (from 2.8.0) follows the sizing profile as the chart does: the registry
/// `registry.rancher.com`, a mono HBase and no second Victoria Metrics instance for the
/// non-HA profiles, the StackGraph pod's volume of the profile, the base URL of global mode;
/// the values still win where the chart lets them.
#[test]
fn global_mode_follows_the_sizing_profile() {
    let release = Release::new("suse-observability").unwrap();
    let restore = StackGraphRestore {
        backup: "sts-backup-20261124-0300.graph".into(),
        force: false,
    };
    let settings = ConfigurationRestore {
        backup: "sts-backup-20261124-0400.sty".into(),
        force: false,
    };
    let non_ha = fixture("restore-global-nonha.yaml");
    for chart in ["suse-observability@2.9.0", "suse-observability@2.10.3"] {
        let text = if chart.ends_with("2.10.3") {
            non_ha.replace(
                "minio:",
                "backup:\n  storage:\n    backend:\n      pvc:\n        enabled: true\nminio:",
            )
        } else {
            non_ha.clone()
        };
        let values = validated_for(&text, chart);
        let job = render::stackgraph_restore_job(&values, &release, &restore, moment())
            .unwrap_or_else(|error| panic!("{chart}: {error}"));
        assert!(
            job.contains("image: \"registry.rancher.com/stackstate/stackstate-server:"),
            "{chart}:\n{job}"
        );
        assert!(
            job.contains("value: \"suse-observability-hbase-stackgraph:2182\""),
            "{chart}:\n{job}"
        );
        assert!(
            job.contains("storage: \"50Gi\"") || job.contains("storage: 50Gi"),
            "{chart}:\n{job}"
        );
        let job =
            render::configuration_restore_job(&values, &release, &settings, moment()).unwrap();
        assert!(
            job.contains("https://global.acme.example/receiver"),
            "{chart}:\n{job}"
        );
    }
    let values = validated_for(&non_ha, "suse-observability@2.9.0");
    let list = render::victoria_metrics_list_job(&values, &release, moment()).unwrap();
    assert!(!list.contains("quay.io"), "{list}");
    // The values' own registry and StackGraph volume win over the profile's.
    let own = format!(
        "{}hbase:\n  stackgraph:\n    persistence:\n      size: 77Gi\n",
        non_ha.replace(
            "global:\n",
            "global:\n  imageRegistry: registry.acme.example\n"
        )
    );
    let values = validated_for(&own, "suse-observability@2.9.0");
    let job = render::stackgraph_restore_job(&values, &release, &restore, moment()).unwrap();
    assert!(
        job.contains("registry.acme.example/stackstate/stackstate-server:"),
        "{job}"
    );
    assert!(job.contains("77Gi"), "{job}");
    // An HA profile: the distributed HBase, the second instance kept.
    let values = validated_for(
        &fixture("restore-global-ha.yaml"),
        "suse-observability@2.10.3",
    );
    let job = render::stackgraph_restore_job(&values, &release, &restore, moment()).unwrap();
    assert!(
        job.contains("suse-observability-zookeeper-headless:2181"),
        "{job}"
    );
    assert!(job.contains("registry.rancher.com/"), "{job}");
}
