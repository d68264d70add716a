//! Properties of rendering.
//!
//! 1. Valid models (generated bucket names, schedules, retentions and keys, in each recipe)
//!    give a values fragment that lints clean and reads back as the same values, and every
//!    artifact rendered from it parses, round-trips through its Kubernetes type and carries
//!    the same values.
//! 2. Hostile strings (quotes, newlines, `{{`, `: `, `#`, YAML indicators, control and
//!    unprintable characters) in any string field are either refused by validation or come
//!    out as plain data: every artifact parses to the same tree as with the field's normal
//!    value, except that the value is the hostile string, exactly. Secrets never come out.

use base64::Engine;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::PersistentVolumeClaim;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use stsbackup::calendar::DateTime;
use stsbackup::render::{
    self, AwsKeys, AzureAccount, Credentials, ElasticsearchRestore, Release, RenderError,
    Retention, StackGraphRestore, ValidatedValues, ValuesBuilder,
};

fn moment() -> DateTime {
    DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
}

/// Deserializes into the Kubernetes type and checks nothing is lost on the way back. A
/// `null` field is the field left out, for Kubernetes as for the typed object (the charts
/// print an empty prefix variable as `value:`, and so does stsbackup).
fn round_trip<T: DeserializeOwned + Serialize>(document: &Value) -> Result<(), String> {
    let object: T = serde_json::from_value(document.clone()).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&object).map_err(|e| e.to_string())?;
    if back == without_null_fields(document) {
        Ok(())
    } else {
        Err(format!("round trip changed the object:\n{document:#}"))
    }
}

/// The document without the mapping entries whose value is `null`.
fn without_null_fields(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_null_fields(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_null_fields).collect()),
        other => other.clone(),
    }
}

/// Parses an artifact by its kind: JSON, or a YAML stream of Kubernetes objects (each
/// checked against its type).
fn parse(name: &str, text: &str) -> Result<Vec<Value>, String> {
    if name.ends_with(".json") {
        return serde_json::from_str(text)
            .map(|v| vec![v])
            .map_err(|e| format!("{name}: {e}\n{text}"));
    }
    let documents =
        serde_saphyr::from_multiple::<Value>(text).map_err(|e| format!("{name}: {e}\n{text}"))?;
    for document in &documents {
        match document["kind"].as_str() {
            Some("CronJob") => round_trip::<CronJob>(document)?,
            Some("Job") => round_trip::<Job>(document)?,
            Some("PersistentVolumeClaim") => round_trip::<PersistentVolumeClaim>(document)?,
            other => return Err(format!("{name}: unexpected kind {other:?}")),
        }
    }
    Ok(documents)
}

/// Every artifact of the values (besides the fragment), by name; an artifact the renderer
/// refuses for these values is `Err`.
fn artifacts(values: &ValidatedValues) -> Vec<(&'static str, Result<String, RenderError>)> {
    let release = Release::default();
    let mut artifacts: Vec<(&'static str, Result<String, RenderError>)> = vec![
        (
            "iam-policy.json",
            render::iam_policy(values, Default::default()),
        ),
        ("slm-policy.json", render::slm_policy(values)),
        (
            "cronjob-stackgraph.yaml",
            render::stackgraph_cronjob(values, &Default::default()),
        ),
        (
            "cronjob-conf.yaml",
            render::configuration_cronjob(values, &Default::default()),
        ),
        (
            "list-stackgraph.yaml",
            render::stackgraph_list_job(values, &release, moment()),
        ),
        (
            "list-elasticsearch.yaml",
            render::elasticsearch_list_job(values, &release, moment()),
        ),
    ];
    let restore = StackGraphRestore {
        backup: "sts-backup-20261124-0300.graph".into(),
        force: false,
    };
    artifacts.push((
        "restore-stackgraph.yaml",
        render::stackgraph_restore_job(values, &release, &restore, moment()),
    ));
    let restore = ElasticsearchRestore {
        snapshot: "sts-backup-20261124-0300-abc".into(),
        indices: None,
        delete_all_indices: false,
    };
    artifacts.push((
        "restore-elasticsearch.yaml",
        render::elasticsearch_restore_job(values, &release, &restore, moment()),
    ));
    artifacts
}

/// The env value of a variable in the first container of a CronJob or Job document.
fn env(document: &Value, name: &str) -> Option<String> {
    let pod = if document["kind"] == "CronJob" {
        &document["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    } else {
        &document["spec"]["template"]["spec"]
    };
    pod["containers"][0]["env"]
        .as_array()?
        .iter()
        .find(|e| e["name"] == name)
        .and_then(|e| e["value"].as_str())
        .map(str::to_owned)
}

// ---------------------------------------------------------------------------------------
// 1. Valid models.

#[derive(Debug, Clone)]
enum Storage {
    S3 { aws: Option<(String, String)> },
    Azure { name: String, key: String },
    Pvc,
}

#[derive(Debug, Clone)]
struct Model {
    storage: Storage,
    stackgraph_bucket: String,
    elasticsearch_bucket: String,
    configuration_bucket: String,
    stackgraph_schedule: String,
    elasticsearch_schedule: String,
    retention: Retention,
    access_key: String,
    secret_key: String,
}

fn bucket() -> impl Strategy<Value = String> {
    "acme-[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,2}"
}

fn storage() -> impl Strategy<Value = Storage> {
    prop_oneof![
        proptest::option::of(("AKIA[A-Z0-9]{16}", "[A-Za-z0-9/+]{40}"))
            .prop_map(|aws| Storage::S3 { aws }),
        ("[a-z0-9]{3,24}", proptest::collection::vec(any::<u8>(), 64)).prop_map(|(name, key)| {
            Storage::Azure {
                name,
                key: base64::engine::general_purpose::STANDARD.encode(key),
            }
        }),
        Just(Storage::Pvc),
    ]
}

fn model() -> impl Strategy<Value = Model> {
    (
        storage(),
        (bucket(), bucket(), bucket()),
        prop::sample::select(vec![
            "0 3 * * *",
            "30 1 * * *",
            "@daily",
            "0 */6 * * *",
            "15 2 * * 0",
        ]),
        prop::sample::select(vec![
            "0 0 3 * * ?",
            "0 30 1 * * ?",
            "0 0 */6 * * ?",
            "0 15 2 ? * 1",
        ]),
        prop_oneof![
            (1u32..=400).prop_map(Retention::days),
            (24u32..=96).prop_map(Retention::hours)
        ],
        ("[A-Za-z0-9]{5,20}", "[A-Za-z0-9]{8,40}")
            .prop_filter("not the chart's placeholder", |(a, s)| {
                a != "setme" && s != "setme"
            }),
    )
        .prop_map(
            |(storage, buckets, sg, es, retention, (access_key, secret_key))| Model {
                storage,
                stackgraph_bucket: buckets.0,
                elasticsearch_bucket: buckets.1,
                configuration_bucket: buckets.2,
                stackgraph_schedule: sg.to_owned(),
                elasticsearch_schedule: es.to_owned(),
                retention,
                access_key,
                secret_key,
            },
        )
}

fn build(model: &Model) -> Result<render::RenderedValues, render::BuildError> {
    macro_rules! common {
        ($builder:expr) => {
            $builder
                .stackgraph_bucket(&model.stackgraph_bucket)
                .elasticsearch_bucket(&model.elasticsearch_bucket)
                .configuration_bucket(&model.configuration_bucket)
                .stackgraph_schedule(&model.stackgraph_schedule)
                .elasticsearch_schedule(&model.elasticsearch_schedule)
                .retention(model.retention)
        };
    }
    let credentials = Credentials::new(&model.access_key, &model.secret_key);
    match &model.storage {
        Storage::S3 { aws } => {
            let mut builder = common!(ValuesBuilder::s3()).minio_credentials(credentials);
            if let Some((id, secret)) = aws {
                builder = builder.aws_keys(AwsKeys::new(id, secret));
            }
            builder.build()
        }
        Storage::Azure { name, key } => common!(ValuesBuilder::azure())
            .azure_account(AzureAccount::new(name, key))
            .build(),
        Storage::Pvc => common!(ValuesBuilder::pvc())
            .minio_credentials(credentials)
            .build(),
    }
}

fn check_valid_model(model: &Model) -> Result<(), TestCaseError> {
    let built = build(model).map_err(|e| TestCaseError::fail(e.to_string()))?;

    // The fragment lints clean and reads back as the same values.
    let document = stsbackup::load_str("fragment.yaml", built.text());
    let report = stsbackup::validate(&document);
    prop_assert!(
        !report.has_errors(),
        "{:#?}\n{}",
        report.findings,
        built.text()
    );
    let read = report.values.unwrap();
    prop_assert_eq!(&read, built.validated().values());
    let backup = &read.backup;
    prop_assert_eq!(&backup.stack_graph.bucket_name, &model.stackgraph_bucket);
    prop_assert_eq!(
        &backup.elasticsearch.bucket_name,
        &model.elasticsearch_bucket
    );
    prop_assert_eq!(
        &backup.configuration.bucket_name,
        &model.configuration_bucket
    );
    prop_assert_eq!(
        &backup.stack_graph.scheduled.schedule,
        &model.stackgraph_schedule
    );
    prop_assert_eq!(
        &backup.elasticsearch.scheduled.schedule,
        &model.elasticsearch_schedule
    );
    let (access, secret) = match &model.storage {
        Storage::Azure { name, key } => (name, key),
        _ => (&model.access_key, &model.secret_key),
    };
    prop_assert_eq!(&read.minio.access_key, access);
    prop_assert_eq!(&read.minio.secret_key, secret);

    // Every artifact parses, round-trips, and carries the same values; none holds a key.
    let values = built.validated();
    let mut secrets = vec![secret.clone()];
    if let Storage::S3 {
        aws: Some((_, aws)),
    } = &model.storage
    {
        secrets.push(aws.clone());
    }
    for (name, rendered) in artifacts(values) {
        let text = match rendered {
            Ok(text) => text,
            Err(RenderError::NotApplicable { .. }) if name == "iam-policy.json" => {
                let s3 = matches!(model.storage, Storage::S3 { .. });
                prop_assert!(!s3, "the IAM policy is refused with the S3 gateway");
                continue;
            }
            Err(error) => return Err(TestCaseError::fail(format!("{name}: {error}"))),
        };
        for secret in &secrets {
            prop_assert!(!text.contains(secret.as_str()), "{} holds a secret", name);
        }
        let documents = parse(name, &text).map_err(TestCaseError::fail)?;
        match name {
            "iam-policy.json" => {
                let arns: Vec<String> = [
                    &model.stackgraph_bucket,
                    &model.elasticsearch_bucket,
                    &model.configuration_bucket,
                ]
                .iter()
                .map(|b| format!("arn:aws:s3:::{b}"))
                .fold(Vec::new(), |mut list, arn| {
                    if !list.contains(&arn) {
                        list.push(arn);
                    }
                    list
                });
                prop_assert_eq!(
                    &documents[0]["Statement"][0]["Resource"],
                    &serde_json::json!(arns)
                );
            }
            "slm-policy.json" => {
                let body = &documents[0];
                prop_assert_eq!(
                    &body["schedule"],
                    &serde_json::json!(model.elasticsearch_schedule)
                );
                prop_assert_eq!(
                    &body["retention"]["expire_after"],
                    &serde_json::json!(
                        backup
                            .elasticsearch
                            .scheduled
                            .snapshot_retention_expire_after
                    )
                );
            }
            _ => {
                let object = documents.last().unwrap();
                let expect = [
                    ("BACKUP_STACKGRAPH_BUCKET_NAME", &model.stackgraph_bucket),
                    (
                        "BACKUP_ELASTICSEARCH_BUCKET_NAME",
                        &model.elasticsearch_bucket,
                    ),
                    (
                        "BACKUP_CONFIGURATION_BUCKET_NAME",
                        &model.configuration_bucket,
                    ),
                    (
                        "BACKUP_ELASTICSEARCH_SCHEDULED_SCHEDULED",
                        &model.elasticsearch_schedule,
                    ),
                    (
                        "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
                        &backup.stack_graph.scheduled.backup_retention_time_delta,
                    ),
                ];
                for (variable, value) in expect {
                    let found = env(object, variable);
                    prop_assert_eq!(found.as_ref(), Some(value), "{} {}", name, variable);
                }
                if name == "cronjob-stackgraph.yaml" {
                    prop_assert_eq!(
                        &object["spec"]["schedule"],
                        &serde_json::json!(model.stackgraph_schedule)
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn valid_models_render_artifacts_that_parse_round_trip_and_lint(model in model()) {
        check_valid_model(&model)?;
    }
}

// ---------------------------------------------------------------------------------------
// 2. Hostile strings.

/// The recipe the hostile values start from: the S3 gateway with AWS keys, so that every
/// artifact applies.
const BASE: &str = r#"{
  "backup": {
    "enabled": true,
    "stackGraph": {"bucketName": "acme-stackgraph-backups"},
    "elasticsearch": {"bucketName": "acme-elasticsearch-backups"},
    "configuration": {"bucketName": "acme-configuration-backups"}
  },
  "minio": {
    "accessKey": "opsbackup01",
    "secretKey": "Q3m9XcV7tLp2Rw8Zk4Nd",
    "s3gateway": {
      "enabled": true,
      "accessKey": "AKIAIOSFODNN7EXAMPLE",
      "secretKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    }
  }
}"#;

/// Each string field, and whether an accepted value must show up in the artifacts (keys
/// must not; a size the restore refuses need not).
const FIELDS: &[(&str, bool)] = &[
    ("/backup/stackGraph/bucketName", true),
    ("/backup/elasticsearch/bucketName", true),
    ("/backup/configuration/bucketName", true),
    ("/backup/stackGraph/scheduled/schedule", true),
    ("/backup/stackGraph/scheduled/backupNameTemplate", true),
    ("/backup/stackGraph/scheduled/backupNameParseRegexp", true),
    (
        "/backup/stackGraph/scheduled/backupDatetimeParseFormat",
        true,
    ),
    (
        "/backup/stackGraph/scheduled/backupRetentionTimeDelta",
        true,
    ),
    ("/backup/stackGraph/restore/tempData/size", false),
    ("/backup/configuration/scheduled/schedule", true),
    ("/backup/configuration/scheduled/backupNameTemplate", true),
    (
        "/backup/configuration/scheduled/backupNameParseRegexp",
        true,
    ),
    (
        "/backup/configuration/scheduled/backupDatetimeParseFormat",
        true,
    ),
    (
        "/backup/configuration/scheduled/backupRetentionTimeDelta",
        true,
    ),
    ("/backup/elasticsearch/snapshotRepositoryName", true),
    ("/backup/elasticsearch/scheduled/schedule", true),
    ("/backup/elasticsearch/scheduled/indices", true),
    ("/backup/elasticsearch/scheduled/snapshotPolicyName", true),
    ("/backup/elasticsearch/scheduled/snapshotNameTemplate", true),
    (
        "/backup/elasticsearch/scheduled/snapshotRetentionExpireAfter",
        true,
    ),
    (
        "/backup/elasticsearch/scheduled/snapshotRetentionMinCount",
        true,
    ),
    (
        "/backup/elasticsearch/scheduled/snapshotRetentionMaxCount",
        true,
    ),
    ("/minio/fullnameOverride", true),
    ("/minio/accessKey", false),
    ("/minio/secretKey", false),
    ("/minio/s3gateway/accessKey", false),
    ("/minio/s3gateway/secretKey", false),
];

fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\"", "'", "\n", "\r\n", "{{", "}}", "{% x %}", ": ", "#", " # c", "\\", "\\n", "\t",
            "---", "...", "- ", "? ", "&a", "*a", "!!str ", "%TAG", "|", ">", "[", "]", "{", "}",
            ",", "@", "`", "$(id)", "${X}", "\u{0}", "\u{7f}", "\u{85}", "\u{a0}", "\u{2028}",
            "\u{feff}", "\u{fffe}", "é", "😀", "null", "true", "0755", "~",
        ])
        .prop_map(str::to_owned),
        "[a-z0-9]{1,6}",
    ]
}

/// A string with at least one hostile piece.
fn hostile() -> impl Strategy<Value = String> {
    (
        "[a-z0-9-]{0,8}",
        prop::sample::select(vec!["\"", "\n", "{{", ": ", "#", "'", "\\", "\u{85}"]),
        proptest::collection::vec(hostile_piece(), 0..5),
    )
        .prop_map(|(start, piece, rest)| format!("{start}{piece}{}", rest.concat()))
}

/// The values as a YAML file: JSON (which is YAML) with the characters YAML does not allow
/// in a document escaped, and the line and paragraph separators go-yaml breaks lines at, as
/// a careful author would write them.
fn values_file(values: &Value) -> String {
    let mut text = String::new();
    for c in values.to_string().chars() {
        if matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
        ) {
            text.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            text.push(c);
        }
    }
    text
}

/// Checks that `hostile` has the shape of `baseline` and the same data, except strings that
/// held the field's normal value, which hold the hostile one instead. Counts those.
fn same_but_for(
    baseline: &Value,
    hostile: &Value,
    normal: &str,
    value: &str,
    replaced: &mut usize,
) -> Result<(), String> {
    match (baseline, hostile) {
        (Value::String(b), Value::String(h)) => {
            if b == h {
                if b.contains(normal) && normal == value {
                    *replaced += 1;
                }
                Ok(())
            } else if b.contains(normal) && *h == b.replace(normal, value) {
                *replaced += 1;
                Ok(())
            } else {
                Err(format!("{b:?} became {h:?}"))
            }
        }
        (Value::Object(b), Value::Object(h)) => {
            if b.keys().ne(h.keys()) {
                return Err(format!(
                    "keys {:?} became {:?}",
                    b.keys().collect::<Vec<_>>(),
                    h.keys().collect::<Vec<_>>()
                ));
            }
            for (key, b) in b {
                same_but_for(b, &h[key], normal, value, replaced)
                    .map_err(|e| format!("{key}: {e}"))?;
            }
            Ok(())
        }
        (Value::Array(b), Value::Array(h)) => {
            if b.len() != h.len() {
                return Err(format!("{} items became {}", b.len(), h.len()));
            }
            for (index, (b, h)) in b.iter().zip(h).enumerate() {
                same_but_for(b, h, normal, value, replaced)
                    .map_err(|e| format!("[{index}]: {e}"))?;
            }
            Ok(())
        }
        (b, h) if b == h => Ok(()),
        (b, h) => Err(format!("{b} became {h}")),
    }
}

fn check_hostile(field: &str, rendered: bool, value: &str) -> Result<(), TestCaseError> {
    let base: Value = serde_json::from_str(BASE).unwrap();
    let baseline =
        ValidatedValues::validate(&stsbackup::load_str("base.yaml", &values_file(&base)))
            .expect("the base values are valid");
    let normal_model = serde_json::to_value(baseline.values()).unwrap();
    let normal = normal_model
        .pointer(field)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{field} is a string of the model"))
        .to_owned();

    let mut changed = base.clone();
    let mut target = &mut changed;
    let segments: Vec<&str> = field.trim_start_matches('/').split('/').collect();
    for segment in &segments[..segments.len() - 1] {
        target = target
            .as_object_mut()
            .unwrap()
            .entry(segment.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
    }
    target[segments[segments.len() - 1]] = Value::from(value);
    let document = stsbackup::load_str("hostile.yaml", &values_file(&changed));
    let values = match ValidatedValues::validate(&document) {
        // Refused: nothing can be rendered from these values.
        Err(rejected) => {
            prop_assert!(rejected.report().has_errors());
            return Ok(());
        }
        Ok(values) => values,
    };
    // Keys that point only to a later chart (a GNU `date` retention such as `a`, the
    // military time zone) are rendered only for a named release: nothing is rendered here.
    if values.release().is_err() {
        return Ok(());
    }
    // Accepted: the value reads back exactly.
    let read = serde_json::to_value(values.values()).unwrap();
    prop_assert_eq!(read.pointer(field), Some(&Value::from(value)));
    let mut replaced = 0;
    for ((name, normal_artifact), (_, hostile_artifact)) in
        artifacts(&baseline).into_iter().zip(artifacts(&values))
    {
        let normal_text =
            normal_artifact.map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
        let hostile_text = match hostile_artifact {
            Ok(text) => text,
            // The renderer refused it (a name it checks, a size it cannot use, keys that
            // point to a later chart than the classic one without --chart): fine.
            Err(
                RenderError::InvalidInput { .. }
                | RenderError::NotApplicable { .. }
                | RenderError::ChartNeeded { .. },
            ) => continue,
            Err(error) => return Err(TestCaseError::fail(format!("{name}: {error}"))),
        };
        let normal_documents = parse(name, &normal_text).map_err(TestCaseError::fail)?;
        let hostile_documents = parse(name, &hostile_text).map_err(TestCaseError::fail)?;
        prop_assert_eq!(normal_documents.len(), hostile_documents.len(), "{}", name);
        for (b, h) in normal_documents.iter().zip(&hostile_documents) {
            same_but_for(b, h, &normal, value, &mut replaced)
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}\n{hostile_text}")))?;
        }
    }
    if rendered {
        prop_assert!(replaced > 0, "{} was accepted but never rendered", field);
    } else if field.starts_with("/minio/") {
        prop_assert_eq!(replaced, 0, "{} must never be rendered", field);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn hostile_strings_are_refused_or_rendered_as_plain_data(
        (field, rendered) in prop::sample::select(FIELDS.to_vec()),
        value in hostile(),
    ) {
        check_hostile(field, rendered, &value)?;
    }

    #[test]
    fn hostile_restore_names_are_refused_or_rendered_as_plain_data(suffix in hostile()) {
        let base: Value = serde_json::from_str(BASE).unwrap();
        let values = ValidatedValues::validate(&stsbackup::load_str("base.yaml", &values_file(&base))).unwrap();
        let backup = format!("sts-backup-{suffix}");
        let restore = StackGraphRestore { backup: backup.clone(), force: false };
        if let Ok(text) = render::stackgraph_restore_job(&values, &Release::default(), &restore, moment()) {
            let documents = parse("restore.yaml", &text).map_err(TestCaseError::fail)?;
            prop_assert_eq!(env(&documents[1], "BACKUP_FILE"), Some(backup));
        }
        let snapshot = format!("sts-backup-{suffix}");
        let restore = ElasticsearchRestore { snapshot: snapshot.clone(), indices: Some(suffix.clone()), delete_all_indices: false };
        if let Ok(text) = render::elasticsearch_restore_job(&values, &Release::default(), &restore, moment()) {
            let documents = parse("restore.yaml", &text).map_err(TestCaseError::fail)?;
            prop_assert_eq!(env(&documents[0], "SNAPSHOT_NAME"), Some(snapshot));
            prop_assert_eq!(env(&documents[0], "INDICES_TO_RESTORE"), Some(suffix));
        }
    }

    #[test]
    fn hostile_release_names_are_refused(name in hostile()) {
        prop_assert!(Release::new(name.as_str()).is_err());
        prop_assert!(Release::default().in_namespace(name.as_str()).is_err());
    }
}

/// Where the chart's values outside `backup:` reach the artifacts, and how to set a hostile
/// string there (a JSON value to merge into the base values).
fn chart_setting(place: usize, value: &str) -> Value {
    let value = Value::from(value);
    match place {
        0 => serde_json::json!({"global": {"imageRegistry": value}}),
        1 => serde_json::json!({"global": {"imagePullSecrets": [value]}}),
        2 => serde_json::json!({"imagePullSecrets": [{"name": value}]}),
        3 => {
            serde_json::json!({"stackstate": {"components": {"server": {"image": {"tag": value}}}}})
        }
        4 => {
            serde_json::json!({"stackstate": {"components": {"backup": {"resources": {"limits": {"memory": value}}}}}})
        }
        _ => {
            let mut limits = serde_json::Map::new();
            limits.insert(value.as_str().unwrap().to_owned(), Value::from("1"));
            serde_json::json!({"stackstate": {"components": {"backup": {"resources": {"limits": limits}}}}})
        }
    }
}

/// Whether a string or a key of the tree holds `value`.
fn holds(tree: &Value, value: &str) -> bool {
    match tree {
        Value::String(text) => text.contains(value),
        Value::Object(map) => map
            .iter()
            .any(|(key, item)| key == value || holds(item, value)),
        Value::Array(items) => items.iter().any(|item| holds(item, value)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The registry, pull secrets, tags and resources the chart reads outside `backup:` reach
    /// the CronJobs and Jobs as plain data: every artifact parses into as many objects as
    /// with the chart's defaults, and the hostile string is in it, exactly.
    #[test]
    fn hostile_chart_settings_are_rendered_as_plain_data(place in 0usize..6, value in hostile()) {
        let mut values: Value = serde_json::from_str(BASE).unwrap();
        let setting = chart_setting(place, &value);
        values.as_object_mut().unwrap().extend(setting.as_object().unwrap().clone());
        let baseline = ValidatedValues::validate(&stsbackup::load_str("base.yaml", &values_file(&serde_json::from_str(BASE).unwrap()))).unwrap();
        let Ok(validated) = ValidatedValues::validate(&stsbackup::load_str("hostile.yaml", &values_file(&values))) else {
            return Ok(());
        };
        let mut found = false;
        for ((name, normal), (_, hostile)) in artifacts(&baseline).into_iter().zip(artifacts(&validated)) {
            let Ok(normal) = normal else { continue };
            let text = match hostile {
                Ok(text) => text,
                Err(RenderError::InvalidInput { .. }) => continue,
                Err(error) => return Err(TestCaseError::fail(format!("{name}: {error}"))),
            };
            let normal_documents = parse(name, &normal).map_err(TestCaseError::fail)?;
            let documents = parse(name, &text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(normal_documents.len(), documents.len(), "{}", name);
            found |= documents.iter().any(|document| holds(document, &value));
        }
        prop_assert!(found || value.is_empty(), "{:?} never reached an artifact", value);
    }
}

/// The values of suse-observability 2.10 and later that reach its CronJobs, and how to set a
/// hostile string there (a JSON value to merge into the S3 fixture's values).
fn s3proxy_setting(place: usize, value: &str) -> Value {
    let value = Value::from(value);
    match place {
        0 => serde_json::json!({"clickhouse": {"backup": {"config": {"tables": value}}}}),
        1 => serde_json::json!({"clickhouse": {"backup": {"image": {"tag": value}}}}),
        2 => serde_json::json!({"global": {"imageRegistry": value}}),
        3 => serde_json::json!({"global": {"imagePullSecrets": [value]}}),
        4 => serde_json::json!({"stackstate": {"license": {"fromExternalSecret": value}}}),
        5 => serde_json::json!({"stackstate": {"components": {"all": {"image": {"tag": value}}}}}),
        _ => serde_json::json!({"clickhouse": {"backup": {"s3Prefix": value}}}),
    }
}

/// The tree with every string and number blanked: what must not change when a value does.
fn skeleton(tree: &Value) -> Value {
    match tree {
        Value::String(_) | Value::Number(_) => Value::Null,
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), skeleton(item)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(skeleton).collect()),
        other => other.clone(),
    }
}

/// Merges `setting` into `values` mapping by mapping, as Helm merges values files.
fn merge_into(values: &mut Value, setting: &Value) {
    match (values, setting) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, item) in over {
                match base.get_mut(key) {
                    Some(existing) if existing.is_object() && item.is_object() => {
                        merge_into(existing, item)
                    }
                    _ => {
                        base.insert(key.clone(), item.clone());
                    }
                }
            }
        }
        (values, setting) => *values = setting.clone(),
    }
}

/// The S3 fixture of suse-observability 2.10.3, merged with `setting`, validated for that
/// release; `None` when validation refuses it.
fn s3proxy_values(setting: &Value) -> Option<ValidatedValues> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/render/suse-observability-s3.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let mut values = stsbackup::load_str("base.yaml", &text)
        .root
        .unwrap()
        .to_json();
    merge_into(&mut values, setting);
    let options = stsbackup::Options {
        chart: Some("suse-observability@2.10.3".parse().unwrap()),
        ..stsbackup::Options::default()
    };
    ValidatedValues::validate_with(
        &stsbackup::load_str("hostile.yaml", &values_file(&values)),
        &options,
    )
    .ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Hostile strings in the values the S3Proxy generation's CronJobs read (ClickHouse's
    /// tables and image, the registry, pull secrets, the license Secret, the server tag, a
    /// prefix) never change their structure: each CronJob parses, round-trips through
    /// `CronJob`, has the skeleton it has with an ordinary value there, and the string comes
    /// out exactly.
    #[test]
    fn hostile_s3proxy_settings_never_change_the_cronjobs_structure(place in 0usize..7, value in hostile()) {
        let options = render::CronJobOptions {
            release: Release::new("suse-observability").unwrap(),
            ..render::CronJobOptions::default()
        };
        // The same place with an ordinary value: a pull secret adds a list either way.
        let baseline = render::cronjobs(&s3proxy_values(&s3proxy_setting(place, "acme0")).unwrap(), &options).unwrap();
        let Some(validated) = s3proxy_values(&s3proxy_setting(place, &value)) else {
            return Ok(());
        };
        let files = match render::cronjobs(&validated, &options) {
            Ok(files) => files,
            Err(RenderError::InvalidInput { .. } | RenderError::NameTooLong { .. }) => return Ok(()),
            // An empty base URL (or only its trailing `/`): the chart refuses it too.
            Err(RenderError::MissingValue { .. }) if place == 11 && value.trim_end_matches('/').is_empty() => return Ok(()),
            Err(error) => return Err(TestCaseError::fail(error.to_string())),
        };
        prop_assert_eq!(files.len(), baseline.len());
        let mut found = false;
        for (normal, hostile) in baseline.iter().zip(&files) {
            prop_assert_eq!(&normal.name, &hostile.name);
            let normal_documents = parse(&normal.name, &normal.text).map_err(TestCaseError::fail)?;
            let documents = parse(&hostile.name, &hostile.text).map_err(|e| TestCaseError::fail(format!("{e}\n{}", hostile.text)))?;
            prop_assert_eq!(normal_documents.len(), documents.len());
            for (a, b) in normal_documents.iter().zip(&documents) {
                prop_assert_eq!(skeleton(a), skeleton(b), "{}", hostile.name);
                found |= holds(b, &value);
            }
        }
        prop_assert!(found || value.is_empty(), "{:?} never reached a CronJob", value);
    }
}

/// The releases after the classic chart, each with a fixture that switches every store on.
const RESTORE_RELEASES: &[(&str, &str)] = &[
    ("restore-stackstate-k8s.yaml", "stackstate-k8s@1.11.3"),
    ("restore-stackstate-k8s.yaml", "stackstate-k8s@1.11.4"),
    ("restore-stackstate-k8s.yaml", "stackstate-k8s@1.12.1"),
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
    ("suse-observability-s3.yaml", "suse-observability@2.10.3"),
    ("restore-global-nonha.yaml", "suse-observability@2.9.0"),
    ("restore-global-ha.yaml", "suse-observability@2.10.3"),
];

/// The values of these releases that reach their restore Jobs (buckets, prefixes, the
/// registry, pull secrets, image tags, the license Secret, the base URL, variables from
/// Secrets), and how to set a hostile string there.
fn restore_setting(place: usize, value: &str) -> Value {
    let value = Value::from(value);
    match place {
        0 => serde_json::json!({"backup": {"stackGraph": {"bucketName": value}}}),
        1 => serde_json::json!({"global": {"imageRegistry": value}}),
        2 => serde_json::json!({"global": {"imagePullSecrets": [value]}}),
        3 => {
            serde_json::json!({"stackstate": {"components": {"server": {"image": {"tag": value}}}}})
        }
        4 => serde_json::json!({"stackstate": {"license": {"fromExternalSecret": value}}}),
        5 => serde_json::json!({"victoria-metrics-0": {"backup": {"bucketName": value}}}),
        6 => serde_json::json!({"backup": {"configuration": {"s3Prefix": value}}}),
        7 => {
            serde_json::json!({"stackstate": {"components": {"containerTools": {"image": {"tag": value}}}}})
        }
        8 => serde_json::json!({"stackstate": {"baseUrl": value}}),
        _ => serde_json::json!({"stackstate": {"components": {"all": {"envsFromExistingSecrets": [
            {"name": value, "secretName": value, "secretKey": "token"}
        ]}}}}),
    }
}

/// A release's fixture merged with `setting`, validated for the release; `None` when
/// validation refuses it. Also the secrets the values hold.
fn release_values(
    file: &str,
    chart: &str,
    setting: &Value,
) -> (Option<ValidatedValues>, Vec<String>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/render")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap();
    let mut values = stsbackup::load_str("base.yaml", &text)
        .root
        .unwrap()
        .to_json();
    // The settings restore of 2.x needs the URL the chart requires.
    merge_into(
        &mut values,
        &serde_json::json!({"stackstate": {"baseUrl": "https://observability.acme.example"}}),
    );
    merge_into(&mut values, setting);
    let mut secrets = Vec::new();
    collect_secrets(&values, &mut secrets);
    let options = stsbackup::Options {
        chart: Some(chart.parse().unwrap()),
        ..stsbackup::Options::default()
    };
    let validated = ValidatedValues::validate_with(
        &stsbackup::load_str("hostile.yaml", &values_file(&values)),
        &options,
    )
    .ok();
    (validated, secrets)
}

/// The values of every `secretKey` and `accountKey` in the tree.
fn collect_secrets(tree: &Value, secrets: &mut Vec<String>) {
    match tree {
        Value::Object(map) => {
            for (key, item) in map {
                match (key.as_str(), item) {
                    // Names of Secrets and their keys, not secrets.
                    ("envsFromExistingSecrets", _) => {}
                    ("secretKey" | "accountKey", Value::String(secret)) if !secret.is_empty() => {
                        secrets.push(secret.clone())
                    }
                    _ => collect_secrets(item, secrets),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_secrets(item, secrets)),
        _ => {}
    }
}

/// Whether the release restores the settings with container-tools (and names them `.stj`):
/// up to stackstate-k8s 1.11.x and in suse-observability 2.0.x.
fn settings_on_container_tools(chart: &str) -> bool {
    ["stackstate-k8s@1.11.", "suse-observability@2.0."]
        .iter()
        .any(|prefix| chart.starts_with(prefix))
}

/// Every restore and list Job of a later release, with `name` as the backup's and the
/// snapshot's distinguishing part.
fn restore_jobs(
    values: &ValidatedValues,
    chart: &str,
    name: &str,
) -> Vec<(&'static str, Result<String, RenderError>)> {
    let release = if chart.starts_with("stackstate-k8s") {
        Release::default()
    } else {
        Release::new("suse-observability").unwrap()
    };
    let settings = if settings_on_container_tools(chart) {
        "stj"
    } else {
        "sty"
    };
    vec![
        (
            "stackgraph",
            render::stackgraph_restore_job(
                values,
                &release,
                &StackGraphRestore {
                    backup: format!("sts-backup-{name}.graph"),
                    force: false,
                },
                moment(),
            ),
        ),
        (
            "list-stackgraph",
            render::stackgraph_list_job(values, &release, moment()),
        ),
        (
            "elasticsearch",
            render::elasticsearch_restore_job(
                values,
                &release,
                &ElasticsearchRestore {
                    snapshot: format!("sts-backup-{name}"),
                    indices: Some(name.to_owned()),
                    delete_all_indices: false,
                },
                moment(),
            ),
        ),
        (
            "list-elasticsearch",
            render::elasticsearch_list_job(values, &release, moment()),
        ),
        (
            "configuration",
            render::configuration_restore_job(
                values,
                &release,
                &render::ConfigurationRestore {
                    backup: format!("sts-backup-{name}.{settings}"),
                    force: false,
                },
                moment(),
            ),
        ),
        (
            "list-configuration",
            render::configuration_list_job(values, &release, moment()),
        ),
        (
            "victoria-metrics",
            render::victoria_metrics_restore_job(
                values,
                &release,
                &render::VictoriaMetricsRestore {
                    instance: render::VictoriaMetricsInstance::Zero,
                    backup: format!("victoria-metrics-0-{name}"),
                },
                moment(),
            ),
        ),
        (
            "list-victoria-metrics",
            render::victoria_metrics_list_job(values, &release, moment()),
        ),
    ]
}

/// Checks a hostile rendering against the baseline: the same skeleton, the string exactly
/// somewhere (or refused as bad input), no secret. Returns whether the string came out.
fn same_structure(
    chart: &str,
    baseline: Vec<(&'static str, Result<String, RenderError>)>,
    hostile: Vec<(&'static str, Result<String, RenderError>)>,
    value: &str,
    secrets: &[String],
) -> Result<bool, TestCaseError> {
    let mut found = false;
    for ((name, normal), (_, hostile)) in baseline.into_iter().zip(hostile) {
        let normal = normal.map_err(|e| TestCaseError::fail(format!("{chart} {name}: {e}")))?;
        let text = match hostile {
            Ok(text) => text,
            Err(RenderError::InvalidInput { .. }) => continue,
            Err(error) => return Err(TestCaseError::fail(format!("{chart} {name}: {error}"))),
        };
        for secret in secrets {
            prop_assert!(
                !text.contains(secret.as_str()),
                "{} {}: a secret came out",
                chart,
                name
            );
        }
        let normal_documents = parse(name, &normal).map_err(TestCaseError::fail)?;
        let documents =
            parse(name, &text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(
            normal_documents.len(),
            documents.len(),
            "{} {}",
            chart,
            name
        );
        for (a, b) in normal_documents.iter().zip(&documents) {
            prop_assert_eq!(skeleton(a), skeleton(b), "{} {}", chart, name);
            found |= holds(b, value);
        }
    }
    Ok(found)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Hostile strings in the values the later releases' restore Jobs read (buckets, prefixes,
    /// the registry, pull secrets, image tags, the license Secret) never change the Jobs'
    /// structure: each parses, round-trips through its Kubernetes type, has the skeleton it
    /// has with an ordinary value there, holds the string exactly, and holds no secret.
    #[test]
    fn hostile_values_never_change_the_restore_jobs_structure(
        release in 0usize..RESTORE_RELEASES.len(),
        place in 0usize..10,
        value in hostile(),
    ) {
        let (file, chart) = RESTORE_RELEASES[release];
        // A key the release does not have (1.x has no `s3Prefix`) is refused either way.
        let (baseline, _) = release_values(file, chart, &restore_setting(place, "acme0"));
        let Some(baseline) = baseline else { return Ok(()) };
        let baseline = restore_jobs(&baseline, chart, "20261124-0300");
        let (hostile, secrets) = release_values(file, chart, &restore_setting(place, &value));
        let Some(hostile) = hostile else { return Ok(()) };
        let found = same_structure(chart, baseline, restore_jobs(&hostile, chart, "20261124-0300"), &value, &secrets)?;
        // The Jobs of 1.11 and 2.0 read no license, base URL or variables from Secrets
        // (their settings restore runs container-tools); 1.12 names the chart's own license
        // Secret whatever `fromExternalSecret`.
        let unread = (settings_on_container_tools(chart) && matches!(place, 4 | 8 | 9))
            || (chart.starts_with("stackstate-k8s@1.12.") && place == 4)
            // Global mode's base URL comes before `stackstate.baseUrl`.
            || (file.starts_with("restore-global") && place == 8);
        let read = !unread;
        prop_assert!(found || value.is_empty() || !read, "{:?} never reached a restore Job of {}", value, chart);
    }

    /// Hostile `--backup` and `--snapshot` names are refused, or reach the Job as the exact
    /// string without changing its structure.
    #[test]
    fn hostile_restore_names_never_change_the_restore_jobs_structure(
        release in 0usize..RESTORE_RELEASES.len(),
        suffix in hostile(),
    ) {
        let (file, chart) = RESTORE_RELEASES[release];
        let (values, secrets) = release_values(file, chart, &serde_json::json!({}));
        let values = values.unwrap();
        let baseline = restore_jobs(&values, chart, "20261124-0300");
        same_structure(chart, baseline, restore_jobs(&values, chart, &format!("20261124-0300{suffix}")), &suffix, &secrets)?;
    }
}

/// The fixtures of the MinIO generations after the classic chart, with their releases.
const MINIO_FIXTURES: [(&str, &str); 4] = [
    ("stackstate-k8s-1.11.3-s3.yaml", "stackstate-k8s@1.11.3"),
    ("stackstate-k8s-1.12.1-azure.yaml", "stackstate-k8s@1.12.1"),
    (
        "suse-observability-2.6.3-pvc.yaml",
        "suse-observability@2.6.3",
    ),
    (
        "suse-observability-2.7.0-s3.yaml",
        "suse-observability@2.7.0",
    ),
];

/// The values the MinIO generations' CronJobs read, how to set a hostile string there, and
/// whether it reaches the CronJobs of the fixture `fixture` (of [`MINIO_FIXTURES`]) when the
/// validator accepts it.
fn minio_setting(place: usize, fixture: usize, value: &str) -> (Value, bool) {
    let value = Value::from(value);
    match place {
        0 => (
            serde_json::json!({"minio": {"fullnameOverride": value}}),
            true,
        ),
        1 => (
            serde_json::json!({"global": {"imageRegistry": value}}),
            true,
        ),
        2 => (
            serde_json::json!({"global": {"imagePullSecrets": [value]}}),
            true,
        ),
        3 => (
            serde_json::json!({"imagePullSecrets": [{"name": value}]}),
            true,
        ),
        4 => (
            serde_json::json!({"stackstate": {"components": {"all": {"image": {"tag": value}}}}}),
            true,
        ),
        5 => (
            serde_json::json!({"clickhouse": {"backup": {"config": {"tables": value}}}}),
            true,
        ),
        6 => (
            serde_json::json!({"backup": {"stackGraph": {"scheduled": {"backupRetentionTimeDelta": value}}}}),
            true,
        ),
        7 => (
            serde_json::json!({"victoria-metrics-0": {"backup": {"bucketName": value}}}),
            true,
        ),
        8 => (
            serde_json::json!({"stackstate": {"license": {"fromExternalSecret": value}}}),
            fixture >= 2,
        ),
        9 => (
            serde_json::json!({"stackstate": {"components": {"containerTools": {"image": {"tag": value}}}}}),
            fixture == 0,
        ),
        10 => (
            serde_json::json!({"backup": {"stackGraph": {"s3Prefix": value}}}),
            true,
        ),
        // The settings backup's base URLs (stackstate-k8s 1.12 and later).
        11 => (
            serde_json::json!({"stackstate": {"baseUrl": value}}),
            fixture >= 1,
        ),
        // The `wait` image's tag, under `global.wait` from 2.7.0.
        12 if fixture == 3 => (
            serde_json::json!({"global": {"wait": {"image": {"tag": value}}}}),
            true,
        ),
        12 => (
            serde_json::json!({"stackstate": {"components": {"wait": {"image": {"tag": value}}}}}),
            true,
        ),
        // ZooKeeper's service, which the `wait` container waits for.
        13 => (
            serde_json::json!({"zookeeper": {"fullnameOverride": value}}),
            true,
        ),
        _ => (
            serde_json::json!({"stackstate": {"components": {"vmagent": {"fullNameOverride": value}}}}),
            fixture >= 1,
        ),
    }
}

/// A fixture of [`MINIO_FIXTURES`] merged with `setting`, validated for its release; `None`
/// when validation refuses it.
fn minio_values(fixture: usize, setting: &Value) -> Option<ValidatedValues> {
    let (name, chart) = MINIO_FIXTURES[fixture];
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/render")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
    let mut values = stsbackup::load_str("base.yaml", &text)
        .root
        .unwrap()
        .to_json();
    merge_into(&mut values, setting);
    let options = stsbackup::Options {
        chart: Some(chart.parse().unwrap()),
        ..stsbackup::Options::default()
    };
    ValidatedValues::validate_with(
        &stsbackup::load_str("hostile.yaml", &values_file(&values)),
        &options,
    )
    .ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Hostile strings in the values the CronJobs of stackstate-k8s and suse-observability
    /// 2.0 to 2.9 read (MinIO's name, the registry, pull secrets, the server and
    /// container-tools tags, ClickHouse's tables, a retention, a bucket, the license Secret, a
    /// prefix, the base URL, the `wait` tag, ZooKeeper's and the vmagent's names) never change their structure: each CronJob parses, round-trips through
    /// `CronJob`, has the skeleton it has with an ordinary value there, and the string comes
    /// out exactly.
    #[test]
    fn hostile_minio_generation_settings_never_change_the_cronjobs_structure(
        fixture in 0usize..4,
        place in 0usize..15,
        value in hostile(),
    ) {
        let options = render::CronJobOptions::default();
        let (ordinary, _) = minio_setting(place, fixture, "acme0");
        let Some(ordinary) = minio_values(fixture, &ordinary) else {
            // The place does not exist in this release: the validator refuses any value there.
            return Ok(());
        };
        let baseline = render::cronjobs(&ordinary, &options).unwrap();
        let (setting, reaches) = minio_setting(place, fixture, &value);
        let Some(validated) = minio_values(fixture, &setting) else {
            return Ok(());
        };
        let files = match render::cronjobs(&validated, &options) {
            Ok(files) => files,
            Err(RenderError::InvalidInput { .. } | RenderError::NameTooLong { .. }) => return Ok(()),
            Err(error) => return Err(TestCaseError::fail(error.to_string())),
        };
        prop_assert_eq!(files.len(), baseline.len());
        let mut found = false;
        for (normal, hostile) in baseline.iter().zip(&files) {
            prop_assert_eq!(&normal.name, &hostile.name);
            let normal_documents = parse(&normal.name, &normal.text).map_err(TestCaseError::fail)?;
            let documents = parse(&hostile.name, &hostile.text).map_err(|e| TestCaseError::fail(format!("{e}\n{}", hostile.text)))?;
            prop_assert_eq!(normal_documents.len(), documents.len());
            for (a, b) in normal_documents.iter().zip(&documents) {
                prop_assert_eq!(skeleton(a), skeleton(b), "{}", hostile.name);
                found |= holds(b, &value);
            }
        }
        prop_assert!(!reaches || found || value.is_empty(), "{:?} never reached a CronJob", value);
    }
}
