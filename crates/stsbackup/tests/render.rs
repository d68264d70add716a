//! Rendering: a snapshot of every artifact in each storage mode, the IAM policy against the
//! docs' text, the values fragments against the linter, and where secrets may (not) go.

mod support;

use stsbackup::calendar::DateTime;
use stsbackup::render::{
    self, AllOptions, ApiVersion, AwsKeys, AzureAccount, Credentials, CronJobOptions,
    ElasticsearchRestore, Partition, Release, RenderError, Retention, StackGraphRestore,
    ValidatedValues, ValuesBuilder,
};

const MINIO_SECRET: &str = "Q3m9XcV7tLp2Rw8Zk4Nd";
const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AZURE_KEY: &str =
    "aqcUCAiULFxfYQp63uZxKMFAzYgMZ9SHnz6r12x6SApVTKCBhHONjhK24dH5vkeylMXnZ5wPJ6qUUDohCD4zvQ==";

/// The values of the docs' three recipes, as a user would write them: the valid fixtures
/// `{s3-gateway,azure-gateway,pvc}-complete.yaml`, whose keys are the constants above.
fn recipe_values(mode: &str) -> String {
    let name = match mode {
        "s3" => "s3-gateway-complete",
        "azure" => "azure-gateway-complete",
        "pvc" => "pvc-complete",
        _ => unreachable!(),
    };
    let path = support::root().join(format!("fixtures/valid/{name}.yaml"));
    let text = std::fs::read_to_string(path).unwrap();
    let key = if mode == "azure" {
        AZURE_KEY
    } else {
        MINIO_SECRET
    };
    assert!(
        text.contains(key),
        "{name} holds the key the tests look for"
    );
    text
}

fn validated(text: &str) -> ValidatedValues {
    let document = stsbackup::load_str("values.yaml", text);
    match ValidatedValues::validate(&document) {
        Ok(values) => values,
        Err(rejected) => panic!("{rejected}"),
    }
}

/// The values fragment each recipe's builder makes, with fixed keys.
fn built_fragment(mode: &str) -> render::RenderedValues {
    let built = match mode {
        "s3" => ValuesBuilder::s3()
            .stackgraph_bucket("acme-stackgraph-backups")
            .elasticsearch_bucket("acme-elasticsearch-backups")
            .configuration_bucket("acme-configuration-backups")
            .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET))
            .aws_keys(AwsKeys::new("AKIAIOSFODNN7EXAMPLE", AWS_SECRET))
            .build(),
        "azure" => ValuesBuilder::azure()
            .azure_account(AzureAccount::new("acmebackups01", AZURE_KEY))
            .build(),
        "pvc" => ValuesBuilder::pvc()
            .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET))
            .stackgraph_schedule("30 2 * * *")
            .elasticsearch_schedule("0 30 2 * * ?")
            .retention(Retention::days(14))
            .build(),
        _ => unreachable!(),
    };
    built.unwrap_or_else(|error| panic!("{error}"))
}

fn moment() -> DateTime {
    DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
}

/// Every artifact of a storage mode, by name, from the recipe's values.
fn artifacts(mode: &str) -> Vec<(String, String)> {
    let values = validated(&recipe_values(mode));
    let release = Release::default();
    let mut artifacts = vec![("values".to_owned(), built_fragment(mode).into_text())];
    for file in render::all(&values, &AllOptions::default()).unwrap() {
        artifacts.push((file.name, file.text));
    }
    let restore = StackGraphRestore {
        backup: "sts-backup-20261124-0300.graph".into(),
        force: true,
    };
    artifacts.push((
        "job-stackgraph-restore".into(),
        render::stackgraph_restore_job(&values, &release, &restore, moment()).unwrap(),
    ));
    let restore = ElasticsearchRestore {
        snapshot: "sts-backup-20261124-0300-ppss8nx40ykppss8nx40yk".into(),
        indices: None,
        delete_all_indices: false,
    };
    artifacts.push((
        "job-elasticsearch-restore".into(),
        render::elasticsearch_restore_job(&values, &release, &restore, moment()).unwrap(),
    ));
    artifacts.push((
        "job-stackgraph-list-backups".into(),
        render::stackgraph_list_job(&values, &release, moment()).unwrap(),
    ));
    artifacts.push((
        "job-elasticsearch-list-snapshots".into(),
        render::elasticsearch_list_job(&values, &release, moment()).unwrap(),
    ));
    artifacts
}

#[test]
fn every_artifact_in_each_storage_mode() {
    for mode in ["s3", "azure", "pvc"] {
        let artifacts = artifacts(mode);
        let names: Vec<&str> = artifacts.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names.contains(&"iam-policy.json"),
            mode == "s3",
            "the IAM policy is for the S3 gateway only: {names:?}"
        );
        for (name, text) in &artifacts {
            let name = name.trim_end_matches(".yaml").trim_end_matches(".json");
            insta::assert_snapshot!(format!("{mode}-{name}"), text);
        }
    }
}

/// The permission policy of the StackState docs (`kubernetes_backup.md`, "Backup to AWS S3",
/// 4.3 to 5.1), reconstructed from the docs' text with the placeholders `AWS_STACKGRAPH_BUCKET`
/// and `AWS_ELASTICSEARCH_BUCKET` replaced by the chart's default bucket names, in the docs'
/// layout (4-space indentation).
const DOCS_POLICY: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowListMinioBackupBuckets",
            "Effect": "Allow",
            "Action": [
                "s3:ListBucket",
                "s3:GetBucketLocation"
            ],
            "Resource": [
                "arn:aws:s3:::sts-stackgraph-backup",
                "arn:aws:s3:::sts-elasticsearch-backup"
            ]
        },
        {
            "Sid": "AllowWriteMinioBackupBuckets",
            "Effect": "Allow",
            "Action": [
                "s3:PutObject",
                "s3:GetObject",
                "s3:DeleteObject"
            ],
            "Resource": [
                "arn:aws:s3:::sts-stackgraph-backup/*",
                "arn:aws:s3:::sts-elasticsearch-backup/*"
            ]
        }
    ]
}
"#;

/// The docs' S3 recipe with the chart's default buckets, and without the configuration
/// backups of chart 5.1 (the 4.3-5.1 docs list two buckets).
fn default_buckets_without_configuration() -> String {
    format!(
        r#"backup:
  enabled: true
  configuration:
    restore:
      enabled: false
    scheduled:
      enabled: false
minio:
  accessKey: "opsbackup01"
  secretKey: "{MINIO_SECRET}"
  s3gateway:
    enabled: true
    accessKey: "AKIAIOSFODNN7EXAMPLE"
    secretKey: "{AWS_SECRET}"
"#
    )
}

#[test]
fn the_iam_policy_is_the_docs_policy_for_the_default_buckets() {
    let values = validated(&default_buckets_without_configuration());
    let policy = render::iam_policy(&values, Partition::Aws).unwrap();
    assert_eq!(policy, DOCS_POLICY);
    insta::assert_snapshot!("iam-policy-docs-default-buckets", policy);
}

#[test]
fn the_configuration_bucket_is_in_the_policy_where_its_backups_are_on() {
    // Chart 5.1 defaults: configuration backups on; the later docs list that bucket last.
    let values = validated(&recipe_values("s3"));
    let policy = render::iam_policy(&values, Partition::Aws).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&policy).unwrap();
    assert_eq!(
        parsed["Statement"][1]["Resource"],
        serde_json::json!([
            "arn:aws:s3:::acme-stackgraph-backups/*",
            "arn:aws:s3:::acme-elasticsearch-backups/*",
            "arn:aws:s3:::acme-configuration-backups/*"
        ])
    );
}

#[test]
fn a_shared_bucket_is_listed_once() {
    let text = recipe_values("s3").replace("acme-elasticsearch-backups", "acme-stackgraph-backups");
    let values = validated(&text);
    let policy = render::iam_policy(&values, Partition::Aws).unwrap();
    assert_eq!(
        policy
            .matches("\"arn:aws:s3:::acme-stackgraph-backups\"")
            .count(),
        1
    );
}

#[test]
fn iam_policy_partitions() {
    let values = validated(&default_buckets_without_configuration());
    for (partition, text) in [
        (Partition::AwsCn, "aws-cn"),
        (Partition::AwsUsGov, "aws-us-gov"),
    ] {
        assert_eq!(text.parse::<Partition>().unwrap(), partition);
        let policy = render::iam_policy(&values, partition).unwrap();
        assert_eq!(
            policy,
            DOCS_POLICY.replace("arn:aws:", &format!("arn:{text}:"))
        );
    }
    assert!("aws-eu".parse::<Partition>().is_err());
}

#[test]
fn the_iam_policy_is_only_for_the_s3_gateway() {
    for mode in ["azure", "pvc"] {
        let values = validated(&recipe_values(mode));
        let error = render::iam_policy(&values, Partition::Aws).unwrap_err();
        assert!(
            matches!(error, RenderError::NotApplicable { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("S3 gateway"), "{error}");
    }
}

#[test]
fn every_recipe_fragment_lints_clean_with_given_and_generated_keys() {
    let fragments = [
        built_fragment("s3"),
        built_fragment("azure"),
        built_fragment("pvc"),
        ValuesBuilder::s3()
            .stackgraph_bucket("acme-sg")
            .elasticsearch_bucket("acme-es")
            .minio_credentials(Credentials::generate().unwrap())
            .build()
            .unwrap(),
        ValuesBuilder::pvc()
            .minio_credentials(Credentials::generate().unwrap())
            .retention(Retention::hours(36))
            .build()
            .unwrap(),
    ];
    for fragment in fragments {
        let document = stsbackup::load_str("fragment.yaml", fragment.text());
        let report = stsbackup::validate(&document);
        assert!(
            !report.has_errors(),
            "{:#?}\n{}",
            report.findings,
            fragment.text()
        );
        // What was validated is what the fragment says.
        assert_eq!(report.values.as_ref(), Some(fragment.validated().values()));
    }
}

#[test]
fn fragments_set_what_the_docs_recipes_set() {
    let s3 = built_fragment("s3").validated().values().clone();
    assert!(s3.backup.enabled && s3.minio.s3gateway.enabled);
    assert_eq!(s3.minio.s3gateway.secret_key, AWS_SECRET);
    assert_eq!(s3.backup.stack_graph.bucket_name, "acme-stackgraph-backups");

    let azure = built_fragment("azure").validated().values().clone();
    assert!(azure.minio.azuregateway.enabled);
    assert_eq!(
        (
            azure.minio.access_key.as_str(),
            azure.minio.secret_key.as_str()
        ),
        ("acmebackups01", AZURE_KEY)
    );

    let pvc = built_fragment("pvc").validated().values().clone();
    assert!(pvc.minio.persistence.enabled);
    let scheduled = &pvc.backup.stack_graph.scheduled;
    assert_eq!(scheduled.schedule, "30 2 * * *");
    assert_eq!(scheduled.backup_retention_time_delta, "days = 14");
    let es = &pvc.backup.elasticsearch.scheduled;
    assert_eq!(es.schedule, "0 30 2 * * ?");
    assert_eq!(es.snapshot_retention_expire_after, "14d");

    // Without AWS keys, the S3 gateway uses the pod's identity: no key is written.
    let role = ValuesBuilder::s3()
        .stackgraph_bucket("acme-sg")
        .elasticsearch_bucket("acme-es")
        .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET))
        .build()
        .unwrap();
    assert_eq!(role.validated().values().minio.s3gateway.access_key, "");
}

#[test]
fn a_fragment_that_does_not_lint_clean_is_refused_without_showing_secrets() {
    let error = ValuesBuilder::s3()
        .stackgraph_bucket("Acme_Backups")
        .minio_credentials(Credentials::new("opsbackup01", "secret!key with spaces"))
        .aws_keys(AwsKeys::new("AKIAIOSFODNN7EXAMPLE", AWS_SECRET))
        .build()
        .unwrap_err();
    let render::BuildError::Rejected(rejected) = &error else {
        panic!("{error}");
    };
    let codes: Vec<&str> = rejected.findings().iter().map(|f| f.code()).collect();
    assert!(
        codes.contains(&"SB201") && codes.contains(&"SB102"),
        "{codes:?}"
    );
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(
            !text.contains("secret!key") && !text.contains(AWS_SECRET),
            "{text}"
        );
    }
}

#[test]
fn values_that_fail_validation_are_never_rendered() {
    let document = stsbackup::load_str(
        "values.yaml",
        "backup:\n  enabled: true\n  stackGraph:\n    bucketName: Not_A_Bucket\n",
    );
    let rejected = ValidatedValues::validate(&document).unwrap_err();
    assert!(rejected.findings().iter().any(|f| f.code() == "SB201"));
    assert!(
        rejected.to_string().contains("nothing is rendered"),
        "{rejected}"
    );
    let (document, report) = rejected.into_parts();
    assert_eq!(document.source().name(), "values.yaml");
    assert!(report.has_errors());
}

#[test]
fn secrets_appear_in_the_values_fragment_only() {
    for mode in ["s3", "azure", "pvc"] {
        for (name, text) in artifacts(mode) {
            let has_secret = [MINIO_SECRET, AWS_SECRET, AZURE_KEY]
                .iter()
                .any(|secret| text.contains(secret));
            assert_eq!(has_secret, name == "values", "{mode} {name}");
        }
    }
    // The values, once validated, do not show their keys either.
    let values = validated(&recipe_values("s3"));
    let debug = format!("{values:?}");
    assert!(
        !debug.contains(MINIO_SECRET) && !debug.contains(AWS_SECRET),
        "{debug}"
    );
}

#[test]
fn cronjob_names_over_52_characters_are_an_error_that_says_so() {
    let values = validated(&recipe_values("pvc"));
    let options = CronJobOptions {
        release: Release::new("observability-production").unwrap(),
        ..CronJobOptions::default()
    };
    let error = render::stackgraph_cronjob(&values, &options).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the CronJob name `observability-production-stackstate-backup-stackgraph` has 53 \
         characters, over the 52 that Kubernetes allows; the chart names it \
         `<release>-stackstate-backup-stackgraph`, so the release name can have at most 23 \
         characters (or be `stackstate`)"
    );
    // `all` stops at it too, rather than leaving the CronJob out.
    let all = AllOptions {
        cronjob: options,
        ..AllOptions::default()
    };
    assert!(matches!(
        render::all(&values, &all),
        Err(RenderError::NameTooLong { .. })
    ));
}

#[test]
fn release_namespace_and_api_version() {
    let values = validated(&recipe_values("pvc"));
    let options = CronJobOptions {
        release: Release::new("prod")
            .unwrap()
            .in_namespace("observability")
            .unwrap(),
        api_version: "batch/v1beta1".parse().unwrap(),
    };
    let cronjob = render::stackgraph_cronjob(&values, &options).unwrap();
    insta::assert_snapshot!("pvc-cronjob-stackgraph-prod-v1beta1", cronjob);
    assert!(cronjob.starts_with("apiVersion: \"batch/v1beta1\"\nkind: CronJob\n"));
    assert!(cronjob.contains(
        "  name: \"prod-stackstate-backup-stackgraph\"\n  namespace: \"observability\"\n"
    ));
    assert!(cronjob.contains("claimName: \"prod-stackstate-backup-stackgraph-tmp-data\""));
    assert_eq!(ApiVersion::default().as_str(), "batch/v1");
    assert!("batch/v2".parse::<ApiVersion>().is_err());
}

#[test]
fn the_configuration_cronjob_only_where_its_backups_are_on() {
    let values = validated(&default_buckets_without_configuration());
    let files = render::cronjobs(&values, &CronJobOptions::default()).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["cronjob-backup-stackgraph.yaml"]);
    let error = render::configuration_cronjob(&values, &CronJobOptions::default()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("backup.configuration.scheduled.enabled"),
        "{error}"
    );
}

#[test]
fn nothing_is_rendered_for_disabled_backups() {
    let values = validated("backup:\n  enabled: false\n");
    let error = render::all(&values, &AllOptions::default()).unwrap_err();
    assert!(error.to_string().contains("backup.enabled"), "{error}");
    assert!(render::slm_policy(&values).is_err());
    assert!(render::stackgraph_list_job(&values, &Release::default(), moment()).is_err());

    // A store with its scheduled backups off has no SLM policy and no CronJob.
    let text = recipe_values("pvc") + "  # nothing\n";
    let text = text.replace(
        "backup:\n  enabled: true\n",
        "backup:\n  enabled: true\n  elasticsearch:\n    scheduled:\n      enabled: false\n  stackGraph:\n    scheduled:\n      enabled: false\n  configuration:\n    scheduled:\n      enabled: false\n",
    );
    let values = validated(&text);
    let error = render::all(&values, &AllOptions::default()).unwrap();
    assert!(error.is_empty(), "{error:?}");
}

#[test]
fn restore_jobs_check_the_names() {
    let values = validated(&recipe_values("pvc"));
    let release = Release::default();
    for backup in ["", "sts-backup-x.graph;rm", "nightly-20261124.graph", "a/b"] {
        let restore = StackGraphRestore {
            backup: backup.into(),
            force: false,
        };
        let error =
            render::stackgraph_restore_job(&values, &release, &restore, moment()).unwrap_err();
        assert!(
            matches!(error, RenderError::InvalidInput { .. }),
            "{backup:?}: {error}"
        );
    }
    for snapshot in ["Sts-backup-1", "sts backup", "nightly-1", "sts-backup-1/2"] {
        let restore = ElasticsearchRestore {
            snapshot: snapshot.into(),
            indices: None,
            delete_all_indices: false,
        };
        let error =
            render::elasticsearch_restore_job(&values, &release, &restore, moment()).unwrap_err();
        assert!(
            matches!(error, RenderError::InvalidInput { .. }),
            "{snapshot:?}: {error}"
        );
    }
    let restore = ElasticsearchRestore {
        snapshot: "sts-backup-20261124-0300-abc".into(),
        indices: Some("sts_topology*,sts_events*".into()),
        delete_all_indices: false,
    };
    let job = render::elasticsearch_restore_job(&values, &release, &restore, moment()).unwrap();
    assert!(
        job.contains("value: \"sts_topology*,sts_events*\""),
        "{job}"
    );
    let restore = ElasticsearchRestore {
        indices: Some("sts topology".into()),
        delete_all_indices: false,
        ..restore
    };
    assert!(render::elasticsearch_restore_job(&values, &release, &restore, moment()).is_err());
}

#[test]
fn restore_jobs_need_the_stores_restore_on() {
    let text = recipe_values("pvc").replace(
        "backup:\n  enabled: true\n",
        "backup:\n  enabled: true\n  stackGraph:\n    restore:\n      enabled: false\n",
    );
    let values = validated(&text);
    let error = render::stackgraph_list_job(&values, &Release::default(), moment()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("backup.stackGraph.restore.enabled"),
        "{error}"
    );
    assert!(render::elasticsearch_list_job(&values, &Release::default(), moment()).is_ok());
}

#[test]
fn values_built_in_code_are_validated_like_a_file() {
    let mut model = stsbackup::Values::default();
    model.backup.enabled = true;
    model.minio.access_key = "opsbackup01".into();
    model.minio.secret_key = MINIO_SECRET.into();
    model.minio.persistence.enabled = true;
    let values = ValidatedValues::from_model(&model).unwrap();
    assert_eq!(values.values(), &model);
    model.backup.stack_graph.bucket_name = "Not_A_Bucket".into();
    let rejected = ValidatedValues::from_model(&model).unwrap_err();
    assert!(rejected.findings().iter().any(|f| f.code() == "SB201"));
}

/// Validated for a named release, as `--chart` does.
fn validated_for(text: &str, chart: &str) -> ValidatedValues {
    let document = stsbackup::load_str("values.yaml", text);
    let options = stsbackup::Options {
        chart: Some(chart.parse().unwrap()),
        ..stsbackup::Options::default()
    };
    ValidatedValues::validate_with(&document, &options).expect("valid values")
}

fn render_fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/render");
    std::fs::read_to_string(path.join(name)).unwrap()
}

/// suse-observability 2.10: the S3 backend of S3Proxy, every bucket the generation writes
/// (StackGraph, Elasticsearch, configuration, Victoria Metrics once, ClickHouse), the 2026
/// statement ids and the two multipart actions.
#[test]
fn the_iam_policy_of_each_generation() {
    let e = validated_for(
        &render_fixture("suse-observability-s3.yaml"),
        "suse-observability@2.10.3",
    );
    let policy = render::iam_policy(&e, Partition::Aws).unwrap();
    insta::assert_snapshot!("iam-policy-suse-observability-2.10-s3", policy);
    // Without --chart, keys that point only to later generations are not guessed at.
    let document =
        stsbackup::load_str("values.yaml", &render_fixture("suse-observability-s3.yaml"));
    let inferred = ValidatedValues::validate(&document).unwrap();
    let error = render::iam_policy(&inferred, Partition::Aws).unwrap_err();
    assert!(matches!(error, RenderError::ChartNeeded { .. }), "{error}");
    assert!(error.to_string().contains("--chart"), "{error}");

    // stackstate-k8s: MinIO's S3 gateway, the docs' Minio statement ids, VM and ClickHouse
    // buckets (chart defaults where not set).
    let d = validated_for(
        &format!(
            "{}victoria-metrics-0:\n  backup:\n    bucketName: acme-vm\n",
            recipe_values("s3")
        ),
        "stackstate-k8s@1.11.3",
    );
    let policy = render::iam_policy(&d, Partition::Aws).unwrap();
    let body: serde_json::Value = serde_json::from_str(&policy).unwrap();
    assert_eq!(body["Statement"][0]["Sid"], "AllowListMinioBackupBuckets");
    let resources: Vec<&str> = body["Statement"][0]["Resource"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(resources.contains(&"arn:aws:s3:::acme-vm"), "{resources:?}");
    assert!(
        resources.contains(&"arn:aws:s3:::sts-victoria-metrics-backup"),
        "{resources:?}"
    );
    assert!(
        resources.contains(&"arn:aws:s3:::sts-clickhouse-backup"),
        "{resources:?}"
    );

    // The S3Proxy's PVC backend has no IAM policy; nor does a switched-off master switch.
    let pvc = validated_for(
        "global:\n  backup:\n    enabled: true\nbackup:\n  storage:\n    backend:\n      pvc:\n        enabled: true\n",
        "suse-observability@2.10.3",
    );
    assert!(matches!(
        render::iam_policy(&pvc, Partition::Aws),
        Err(RenderError::NotApplicable { .. })
    ));
    let off = validated_for(
        "backup:\n  storage:\n    backend:\n      s3:\n        enabled: true\n",
        "suse-observability@2.10.3",
    );
    let error = render::iam_policy(&off, Partition::Aws)
        .unwrap_err()
        .to_string();
    assert!(error.contains("global.backup.enabled"), "{error}");
}

/// The options `render` uses for suse-observability: the docs' release name.
fn suse_observability_options() -> CronJobOptions {
    CronJobOptions {
        release: Release::new("suse-observability").unwrap(),
        ..CronJobOptions::default()
    }
}

/// A rendered YAML document as JSON, read by the library's own YAML reader.
fn yaml_json(text: &str) -> serde_json::Value {
    stsbackup::load_str("rendered.yaml", text)
        .root
        .expect("the rendered YAML parses")
        .to_json()
}

/// The names of the CronJob files rendered for `text` under `chart`, with the base URL the
/// chart requires (every backup pod gets it).
fn cronjob_files(text: &str, chart: &str) -> Vec<(String, String)> {
    let text = if text.contains("\nstackstate:\n") {
        text.to_owned()
    } else {
        format!("{text}stackstate:\n  baseUrl: https://observability.example.com\n")
    };
    let values = validated_for(&text, chart);
    render::cronjobs(&values, &suse_observability_options())
        .unwrap()
        .into_iter()
        .map(|file| (file.name, file.text))
        .collect()
}

/// A snapshot of `render all` per generation and storage mode of S3Proxy: 2.10.0 (StackGraph
/// v1 only, named after the release) and 2.10.3 (v1 under the fixed prefix, v2), S3, Azure
/// (Argo CD, v2 only) and a PVC (a private registry).
#[test]
fn the_s3proxy_generation_renders_its_cronjobs() {
    for (fixture, chart) in [
        ("suse-observability-s3.yaml", "suse-observability@2.10.3"),
        ("suse-observability-s3.yaml", "suse-observability@2.10.0"),
        ("suse-observability-azure.yaml", "suse-observability@2.10.3"),
        ("suse-observability-pvc.yaml", "suse-observability@2.10.0"),
    ] {
        let values = validated_for(&render_fixture(fixture), chart);
        let options = AllOptions {
            cronjob: suse_observability_options(),
            ..AllOptions::default()
        };
        let files = render::all(&values, &options).unwrap();
        let version = chart.trim_start_matches("suse-observability@");
        let stem = fixture.trim_end_matches(".yaml");
        for file in files {
            insta::assert_snapshot!(format!("{stem}-{version}-{}", file.name), file.text);
        }
    }
}

/// Which CronJobs each release renders, and how they are switched (chart-generations §5.2).
#[test]
fn the_s3proxy_cronjobs_follow_their_switches() {
    let names = |text: &str, chart: &str| -> Vec<String> {
        cronjob_files(text, chart)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    };
    let s3 = render_fixture("suse-observability-s3.yaml");
    assert_eq!(
        names(&s3, "suse-observability@2.10.3"),
        [
            "cronjob-backup-sg.yaml",
            "cronjob-backup-sg-v2.yaml",
            "cronjob-backup-conf.yaml",
            "cronjob-clickhouse-full-backup.yaml",
            "cronjob-clickhouse-incremental-backup.yaml",
        ]
    );
    // Before 2.10.3: no v2 and no per-store switches.
    assert_eq!(
        names(&s3, "suse-observability@2.10.2"),
        [
            "cronjob-backup-sg.yaml",
            "cronjob-backup-conf.yaml",
            "cronjob-clickhouse-full-backup.yaml",
            "cronjob-clickhouse-incremental-backup.yaml",
        ]
    );
    // The settings backup is independent of the master switch; nothing else renders without it.
    let off = "backup:\n  storage:\n    backend:\n      pvc:\n        enabled: true\n";
    assert_eq!(
        names(off, "suse-observability@2.10.3"),
        ["cronjob-backup-conf.yaml"]
    );
    // Per-store switches of 2.10.3: v2 stays (it follows only the master switch).
    let per_store = "global:\n  backup:\n    enabled: true\nbackup:\n  stackGraph:\n    enabled: false\n  configuration:\n    enabled: false\n  storage:\n    backend:\n      pvc:\n        enabled: true\nclickhouse:\n  backup:\n    enabled: false\n";
    assert_eq!(
        names(per_store, "suse-observability@2.10.3"),
        ["cronjob-backup-sg-v2.yaml"]
    );
    // (2.10.2 does not have those switches: the validator refuses them before rendering.)
    // With no CronJob at all, the reason is given.
    let none = "backup:\n  configuration:\n    enabled: false\n";
    let values = validated_for(none, "suse-observability@2.10.3");
    let error = render::cronjobs(&values, &suse_observability_options())
        .unwrap_err()
        .to_string();
    assert!(error.contains("global.backup.enabled"), "{error}");
    assert!(error.contains("backup.configuration.enabled"), "{error}");
}

/// `implementation` suspends one of the two StackGraph CronJobs; Argo CD compatibility keeps
/// finished Jobs a day (and the settings backup's Jobs for good), and the release names
/// `-backup-sg-v2` and `-backup-conf` but not v1 (fixed from 2.10.3) nor ClickHouse's.
#[test]
fn s3proxy_cronjob_settings() {
    let base = "global:\n  backup:\n    enabled: true\nbackup:\n  storage:\n    backend:\n      pvc:\n        enabled: true\n";
    let text_of = |files: &[(String, String)], name: &str| -> serde_json::Value {
        let text = &files.iter().find(|(n, _)| n == name).unwrap().1;
        yaml_json(text)
    };
    for (implementation, v1, v2) in [
        ("v1", false, true),
        ("v2", true, false),
        ("all", false, false),
    ] {
        let text = base.replace(
            "backup:\n  storage",
            &format!("backup:\n  stackGraph:\n    scheduled:\n      implementation: {implementation}\n  storage"),
        );
        let files = cronjob_files(&text, "suse-observability@2.10.3");
        assert_eq!(
            text_of(&files, "cronjob-backup-sg.yaml")["spec"]["suspend"],
            v1,
            "{implementation}"
        );
        assert_eq!(
            text_of(&files, "cronjob-backup-sg-v2.yaml")["spec"]["suspend"],
            v2,
            "{implementation}"
        );
    }
    let files = cronjob_files(base, "suse-observability@2.10.3");
    let sg = text_of(&files, "cronjob-backup-sg.yaml");
    assert_eq!(sg["apiVersion"], "batch/v1");
    assert_eq!(sg["spec"]["concurrencyPolicy"], "Forbid");
    assert_eq!(sg["spec"]["jobTemplate"]["spec"]["backoffLimit"], 1);
    assert_eq!(
        sg["spec"]["jobTemplate"]["spec"]["ttlSecondsAfterFinished"],
        3600
    );
    let argo = format!("{base}deployment:\n  compatibleWithArgoCD: true\n");
    let files = cronjob_files(&argo, "suse-observability@2.10.3");
    let sg = text_of(&files, "cronjob-backup-sg.yaml");
    assert_eq!(
        sg["spec"]["jobTemplate"]["spec"]["ttlSecondsAfterFinished"],
        86400
    );
    assert_eq!(sg["spec"]["successfulJobsHistoryLimit"], 1);
    let conf = text_of(&files, "cronjob-backup-conf.yaml");
    assert!(
        conf["spec"]["jobTemplate"]["spec"]
            .get("ttlSecondsAfterFinished")
            .is_none()
    );
    // ClickHouse's TTL is fixed in its subchart.
    let clickhouse = text_of(&files, "cronjob-clickhouse-full-backup.yaml");
    assert_eq!(
        clickhouse["spec"]["jobTemplate"]["spec"]["ttlSecondsAfterFinished"],
        3600
    );

    let values = validated_for(
        &format!("{base}stackstate:\n  baseUrl: https://observability.example.com\n"),
        "suse-observability@2.10.3",
    );
    let prod = CronJobOptions {
        release: Release::new("prod").unwrap(),
        ..CronJobOptions::default()
    };
    let names: Vec<String> = render::cronjobs(&values, &prod)
        .unwrap()
        .iter()
        .map(|file| {
            yaml_json(&file.text)["metadata"]["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "suse-observability-backup-sg",
            "prod-suse-observability-backup-sg-v2",
            "prod-suse-observability-backup-conf",
            "suse-observability-clickhouse-full-backup",
            "suse-observability-clickhouse-incremental-backup",
        ]
    );
    // 2.10.0 named v1 after the release.
    let values = validated_for(
        &format!("{base}stackstate:\n  baseUrl: https://observability.example.com\n"),
        "suse-observability@2.10.0",
    );
    let first = &render::cronjobs(&values, &prod).unwrap()[0];
    assert!(
        first
            .text
            .contains("name: \"prod-suse-observability-backup-sg\""),
        "{}",
        first.text
    );
    // 2.10.0 to 2.10.2 still follow the cluster for StackGraph and the settings (ClickHouse's
    // is `batch/v1`); 2.10.3 has no batch/v1beta1 CronJob any more.
    let beta = CronJobOptions {
        api_version: ApiVersion::BatchV1Beta1,
        ..suse_observability_options()
    };
    let versions: Vec<String> = render::cronjobs(&values, &beta)
        .unwrap()
        .iter()
        .map(|file| {
            yaml_json(&file.text)["apiVersion"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        versions,
        ["batch/v1beta1", "batch/v1beta1", "batch/v1", "batch/v1"]
    );
    let newest = validated_for(
        &format!("{base}stackstate:\n  baseUrl: https://observability.example.com\n"),
        "suse-observability@2.10.3",
    );
    let error = render::cronjobs(&newest, &beta).unwrap_err().to_string();
    assert!(error.contains("batch/v1"), "{error}");
}

/// The classic chart's CronJobs and Jobs are never printed for a later release.
#[test]
fn later_generations_get_no_classic_objects() {
    let e = validated_for(
        &render_fixture("suse-observability-s3.yaml"),
        "suse-observability@2.10.3",
    );
    // The restore Jobs are the release's own: S3Proxy's Secret, never the classic MinIO one.
    let release = Release::new("suse-observability").unwrap();
    let list = render::stackgraph_list_job(&e, &release, moment()).unwrap();
    assert!(
        list.contains("secretName: \"suse-observability-s3proxy\"") && !list.contains("minio"),
        "{list}"
    );
    // The SLM policy is the same body, switched by `global.backup.enabled`.
    let body: serde_json::Value = serde_json::from_str(&render::slm_policy(&e).unwrap()).unwrap();
    assert_eq!(body["config"]["indices"], "sts*");
    let e0 = validated_for(
        "global:\n  backup:\n    enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\nstackstate:\n  baseUrl: https://observability.example.com\n",
        "suse-observability@2.9.0",
    );
    // Its CronJobs are its own (`-backup-sg`), never the classic `-backup-stackgraph`.
    let files = render::cronjobs(&e0, &CronJobOptions::default()).unwrap();
    assert!(
        files
            .iter()
            .all(|file| !file.text.contains("-backup-stackgraph\"")),
        "{files:?}"
    );
    assert_eq!(files[0].name, "cronjob-backup-sg.yaml");
}

#[test]
fn the_s3proxy_recipes_of_suse_observability() {
    let chart: stsbackup::generation::ChartVersion = "suse-observability@2.10.3".parse().unwrap();
    let s3 = ValuesBuilder::s3()
        .chart(chart)
        .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET))
        .stackgraph_bucket("acme-stackgraph-backups")
        .elasticsearch_bucket("acme-elasticsearch-backups")
        .configuration_bucket("acme-configuration-backups")
        .victoria_metrics_bucket("acme-victoria-metrics-backups")
        .clickhouse_bucket("acme-clickhouse-backups")
        .s3_region("eu-west-1")
        .service_account_role_arn("arn:aws:iam::123456789012:role/acme-backups")
        .retention(Retention::days(14))
        .build()
        .unwrap();
    insta::assert_snapshot!("values-suse-observability-2.10-s3", s3.text());
    assert!(s3.findings().is_empty(), "{:?}", s3.findings());
    // The IAM policy of the fragment covers every bucket it names.
    let policy = render::iam_policy(s3.validated(), Partition::Aws).unwrap();
    for bucket in [
        "stackgraph",
        "elasticsearch",
        "configuration",
        "victoria-metrics",
        "clickhouse",
    ] {
        assert!(
            policy.contains(&format!("arn:aws:s3:::acme-{bucket}-backups/*")),
            "{policy}"
        );
    }

    // Without bucket names, S3 is refused with the flags to give; unique names are drawn.
    let unnamed = ValuesBuilder::s3()
        .chart(chart)
        .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET));
    let error = unnamed.clone().build().unwrap_err().to_string();
    assert!(
        error.contains("--stackgraph-bucket") && error.contains("--clickhouse-bucket"),
        "{error}"
    );
    let unique = unnamed.unique_bucket_names().build().unwrap();
    assert!(unique.findings().is_empty(), "{:?}", unique.findings());
    let named: Vec<&str> = unique
        .text()
        .lines()
        .filter(|line| line.contains("bucketName: \"sts-"))
        .collect();
    assert_eq!(named.len(), 6, "{}", unique.text());
    assert!(
        !unique.text().contains("\"sts-stackgraph-backup\""),
        "{}",
        unique.text()
    );

    // Azure: the account is the backend's; S3Proxy's own credentials are drawn.
    let azure = ValuesBuilder::azure()
        .chart(chart)
        .azure_account(AzureAccount::new("acmebackups", AZURE_KEY))
        .build()
        .unwrap();
    assert!(azure.findings().is_empty(), "{:?}", azure.findings());
    assert!(azure.text().contains("accountName: \"acmebackups\""));
    assert!(!azure.text().contains("accessKey: \"acmebackups\""));
    // PVC.
    let pvc = ValuesBuilder::pvc()
        .chart("suse-observability@2.10.0".parse().unwrap())
        .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET))
        .build()
        .unwrap();
    assert!(pvc.findings().is_empty(), "{:?}", pvc.findings());
    assert!(
        pvc.text().contains("pvc:\n        enabled: true"),
        "{}",
        pvc.text()
    );

    // Settings of the later generations are refused for the classic chart.
    assert!(
        ValuesBuilder::pvc()
            .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET))
            .clickhouse_bucket("acme-ch")
            .build()
            .is_err()
    );
}

/// stackstate-k8s and suse-observability before 2.10: the MinIO recipe with Victoria Metrics
/// and ClickHouse backups switched on (until 2.7.0 removed those switches), the retention in
/// the release's form, and `global.backup.enabled` from 2.7.0. S3 fragments lint with no
/// finding at all under their release.
#[test]
fn the_minio_recipes_of_the_generations_before_s3proxy() {
    let s3 = |chart: &str| {
        ValuesBuilder::s3()
            .chart(chart.parse().unwrap())
            .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET))
            .unique_bucket_names()
            .retention(Retention::days(14))
            .build()
            .unwrap()
    };
    let d1 = s3("stackstate-k8s@1.11.3");
    assert!(d1.findings().is_empty(), "{:?}", d1.findings());
    assert!(
        d1.text()
            .contains("backupRetentionTimeDelta: \"days = 14\"")
    );
    assert!(
        d1.text()
            .contains("\"victoria-metrics-1\":\n  backup:\n    enabled: true")
    );
    assert!(d1.text().contains("backup:\n  enabled: true"));
    let d2 = s3("suse-observability@2.6.3");
    assert!(d2.findings().is_empty(), "{:?}", d2.findings());
    assert!(
        d2.text()
            .contains("backupRetentionTimeDelta: \"14 days ago\"")
    );
    let e0 = s3("suse-observability@2.7.0");
    assert!(e0.findings().is_empty(), "{:?}", e0.findings());
    assert!(e0.text().starts_with("# StackState backups to AWS S3"));
    assert!(e0.text().contains("# For suse-observability@2.7.0.\n"));
    assert!(e0.text().contains("global:\n  backup:\n    enabled: true"));
    assert!(
        !e0.text().contains("backup:\n  enabled: true"),
        "2.7.0 fails on it"
    );
    assert!(
        !e0.text().contains("    enabled: true\n    bucketName"),
        "switches removed"
    );
    // S3 without every bucket named is refused.
    let error = ValuesBuilder::s3()
        .chart("stackstate-k8s@1.11.3".parse().unwrap())
        .minio_credentials(Credentials::new("opsbackup01", MINIO_SECRET))
        .build()
        .unwrap_err();
    assert!(
        matches!(error, render::BuildError::MissingBuckets(_)),
        "{error}"
    );
}
