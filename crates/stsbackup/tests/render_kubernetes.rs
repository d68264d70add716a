//! The rendered CronJobs and Jobs are valid Kubernetes objects: each document deserializes
//! into its `k8s-openapi` type (Kubernetes 1.33 API, `batch/v1`) and serializes back to
//! exactly the same JSON, so no field is unknown, misspelt or of the wrong type (the types
//! ignore unknown fields silently; the comparison does not). Then the facts the chart's
//! templates fix are checked on the typed objects.

mod support;

use k8s_openapi::api::batch::v1::{CronJob, Job, JobSpec};
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, PodSpec};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use stsbackup::calendar::DateTime;
use stsbackup::render::{
    self, CronJobOptions, ElasticsearchRestore, Release, StackGraphRestore, ValidatedValues,
};

/// The chart's `BACKUP_*` environment (chart 5.1), in its order, then the endpoints.
const BACKUP_ENV: &[&str] = &[
    "BACKUP_ELASTICSEARCH_BUCKET_NAME",
    "BACKUP_ELASTICSEARCH_RESTORE_ENABLED",
    "BACKUP_ELASTICSEARCH_SCHEDULED_ENABLED",
    "BACKUP_ELASTICSEARCH_SCHEDULED_SCHEDULED",
    "BACKUP_ELASTICSEARCH_SCHEDULED_INDICES",
    "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_REPOSITORY_NAME",
    "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_POLICY_NAME",
    "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_NAME_TEMPLATE",
    "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_EXPIRE_AFTER",
    "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_MIN_COUNT",
    "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_MAX_COUNT",
    "BACKUP_STACKGRAPH_BUCKET_NAME",
    "BACKUP_STACKGRAPH_RESTORE_ENABLED",
    "BACKUP_STACKGRAPH_SCHEDULED_ENABLED",
    "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_NAME_TEMPLATE",
    "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_NAME_PARSE_REGEXP",
    "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_DATETIME_PARSE_FORMAT",
    "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
    "BACKUP_CONFIGURATION_BUCKET_NAME",
    "BACKUP_CONFIGURATION_RESTORE_ENABLED",
    "BACKUP_CONFIGURATION_SCHEDULED_ENABLED",
    "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_TEMPLATE",
    "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_PARSE_REGEXP",
    "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_DATETIME_PARSE_FORMAT",
    "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
    "ELASTICSEARCH_ENDPOINT",
    "MINIO_ENDPOINT",
    "STACKSTATE_ROUTER_ENDPOINT",
];

fn values() -> ValidatedValues {
    // The S3 gateway recipe with buckets of our own.
    let path = support::root().join("fixtures/valid/s3-gateway-complete.yaml");
    ValidatedValues::validate(&stsbackup::load_file(&path).unwrap()).unwrap()
}

fn moment() -> DateTime {
    DateTime::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
}

/// The YAML documents of a rendered stream, as JSON.
fn documents(yaml: &str) -> Vec<Value> {
    serde_saphyr::from_multiple::<Value>(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

/// Deserializes a document into its Kubernetes type and checks that it serializes back to
/// the same JSON: anything the type does not know would be lost on the way.
fn typed<T: DeserializeOwned + Serialize>(document: &Value) -> T {
    let object: T =
        serde_json::from_value(document.clone()).unwrap_or_else(|e| panic!("{e}\n{document:#}"));
    let back = serde_json::to_value(&object).unwrap();
    assert_eq!(
        &back, document,
        "a field was lost or changed in the round trip"
    );
    object
}

fn label(labels: Option<&std::collections::BTreeMap<String, String>>) -> Option<&str> {
    labels?
        .get("app.kubernetes.io/component")
        .map(String::as_str)
}

/// What every backup Job the chart makes has.
fn check_job_spec(spec: &JobSpec) -> &PodSpec {
    assert_eq!(spec.backoff_limit, Some(1));
    assert_eq!(spec.ttl_seconds_after_finished, Some(600));
    let template = &spec.template;
    assert_eq!(
        label(template.metadata.as_ref().and_then(|m| m.labels.as_ref())),
        Some("backup")
    );
    let pod = template.spec.as_ref().unwrap();
    assert_eq!(pod.restart_policy.as_deref(), Some("Never"));
    let volume = |name: &str| {
        pod.volumes
            .as_ref()
            .unwrap()
            .iter()
            .find(|v| v.name == name)
            .unwrap()
            .clone()
    };
    let keys = volume("minio-keys").secret.unwrap();
    assert_eq!(keys.secret_name.as_deref(), Some("stackstate-minio"));
    let scripts = volume("backup-restore-scripts").config_map.unwrap();
    assert_eq!(scripts.default_mode, Some(0o755));
    let container = &pod.containers[0];
    let mounts: Vec<(&str, &str)> = container
        .volume_mounts
        .as_ref()
        .unwrap()
        .iter()
        .map(|m| (m.name.as_str(), m.mount_path.as_str()))
        .collect();
    assert_eq!(
        &mounts[..3],
        [
            ("backup-log", "/opt/docker/etc_log"),
            ("backup-restore-scripts", "/backup-restore-scripts"),
            ("minio-keys", "/aws-keys"),
        ]
    );
    let env = container.env.as_ref().unwrap();
    let names: Vec<&str> = env.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(&names[..BACKUP_ENV.len()], BACKUP_ENV);
    for variable in env {
        // No key is ever in the pod spec, not even by reference: the scripts read the mount.
        assert!(variable.value_from.is_none(), "{}", variable.name);
        if variable.name.ends_with("_ENABLED") {
            assert_eq!(variable.value.as_deref(), Some("true"), "{}", variable.name);
        }
    }
    pod
}

fn env<'a>(pod: &'a PodSpec, name: &str) -> Option<&'a str> {
    pod.containers[0]
        .env
        .as_ref()?
        .iter()
        .find(|e| e.name == name)?
        .value
        .as_deref()
}

#[test]
#[should_panic(expected = "a field was lost or changed")]
fn the_round_trip_catches_an_unknown_field() {
    let yaml = render::stackgraph_cronjob(&values(), &CronJobOptions::default()).unwrap();
    let mut document = documents(&yaml).remove(0);
    document["spec"]["concurrencyPolicyy"] = "Forbid".into();
    let _: CronJob = typed(&document);
}

#[test]
fn the_stackgraph_cronjob_is_a_valid_batch_v1_cronjob() {
    let yaml = render::stackgraph_cronjob(&values(), &CronJobOptions::default()).unwrap();
    let documents = documents(&yaml);
    assert_eq!(documents.len(), 1);
    let cronjob: CronJob = typed(&documents[0]);
    assert_eq!(
        cronjob.metadata.name.as_deref(),
        Some("stackstate-backup-stackgraph")
    );
    assert_eq!(label(cronjob.metadata.labels.as_ref()), Some("backup"));
    let spec = cronjob.spec.unwrap();
    assert_eq!(spec.schedule, "0 3 * * *");
    assert_eq!(spec.concurrency_policy.as_deref(), Some("Forbid"));
    assert_eq!(spec.time_zone, None, "the chart never sets a time zone");
    let template = spec.job_template;
    assert_eq!(
        label(template.metadata.as_ref().and_then(|m| m.labels.as_ref())),
        Some("backup")
    );
    let pod = check_job_spec(template.spec.as_ref().unwrap());
    assert_eq!(pod.containers[0].name, "backup-stackgraph");
    assert_eq!(
        pod.containers[0].command.as_deref(),
        Some(&["/backup-restore-scripts/backup-stackgraph.sh".to_owned()][..])
    );
    assert_eq!(
        env(pod, "BACKUP_STACKGRAPH_BUCKET_NAME"),
        Some("acme-stackgraph-backups")
    );
    assert_eq!(
        env(pod, "BACKUP_ELASTICSEARCH_SCHEDULED_SCHEDULED"),
        Some("0 0 3 * * ?")
    );
    assert_eq!(
        env(pod, "ZOOKEEPER_QUORUM"),
        Some("stackstate-zookeeper-headless:2181")
    );
    let claim = pod
        .volumes
        .as_ref()
        .unwrap()
        .iter()
        .find(|v| v.name == "tmp-data")
        .unwrap();
    assert_eq!(
        claim.persistent_volume_claim.as_ref().unwrap().claim_name,
        "stackstate-backup-stackgraph-tmp-data"
    );
    let security = pod.security_context.as_ref().unwrap();
    assert_eq!(
        (security.run_as_user, security.run_as_non_root),
        (Some(65534), Some(true))
    );
    assert_eq!(
        pod.init_containers.as_ref().unwrap()[0]
            .image_pull_policy
            .as_deref(),
        Some("Always")
    );
}

#[test]
fn the_configuration_cronjob_is_a_valid_batch_v1_cronjob() {
    let yaml = render::configuration_cronjob(&values(), &CronJobOptions::default()).unwrap();
    let cronjob: CronJob = typed(&documents(&yaml)[0]);
    assert_eq!(
        cronjob.metadata.name.as_deref(),
        Some("stackstate-backup-conf")
    );
    let spec = cronjob.spec.unwrap();
    assert_eq!(spec.schedule, "0 4 * * *");
    assert_eq!(spec.concurrency_policy.as_deref(), Some("Forbid"));
    let pod = check_job_spec(spec.job_template.spec.as_ref().unwrap());
    assert_eq!(
        pod.service_account_name.as_deref(),
        Some("stackstate-backup")
    );
    assert_eq!(
        env(pod, "BACKUP_CONFIGURATION_BUCKET_NAME"),
        Some("acme-configuration-backups")
    );
}

#[test]
fn batch_v1beta1_differs_only_in_the_api_version() {
    let options = CronJobOptions {
        api_version: render::ApiVersion::BatchV1Beta1,
        ..CronJobOptions::default()
    };
    let old = render::stackgraph_cronjob(&values(), &options).unwrap();
    let mut old = documents(&old).remove(0);
    assert_eq!(old["apiVersion"], "batch/v1beta1");
    // The v1beta1 CronJob has the same fields as v1 for everything the chart sets.
    old["apiVersion"] = "batch/v1".into();
    let new = render::stackgraph_cronjob(&values(), &CronJobOptions::default()).unwrap();
    assert_eq!(old, documents(&new).remove(0));
    let _: CronJob = typed(&old);
}

#[test]
fn a_namespace_is_set_on_every_object() {
    let release = Release::new("prod")
        .unwrap()
        .in_namespace("observability")
        .unwrap();
    let options = CronJobOptions {
        release: release.clone(),
        ..CronJobOptions::default()
    };
    let mut yaml = render::stackgraph_cronjob(&values(), &options).unwrap();
    let restore = StackGraphRestore {
        backup: "sts-backup-20261124-0300.graph".into(),
        force: false,
    };
    yaml.push_str("---\n");
    yaml.push_str(
        &render::stackgraph_restore_job(&values(), &release, &restore, moment()).unwrap(),
    );
    for document in documents(&yaml) {
        assert_eq!(
            document["metadata"]["namespace"], "observability",
            "{document:#}"
        );
    }
}

#[test]
fn the_stackgraph_restore_is_a_claim_and_a_job() {
    let restore = StackGraphRestore {
        backup: "sts-backup-20261124-0300.graph".into(),
        force: true,
    };
    let yaml =
        render::stackgraph_restore_job(&values(), &Release::default(), &restore, moment()).unwrap();
    let documents = documents(&yaml);
    assert_eq!(documents.len(), 2);
    let claim: PersistentVolumeClaim = typed(&documents[0]);
    let job: Job = typed(&documents[1]);
    let name = "stackgraph-restore-20261125t100000";
    assert_eq!(claim.metadata.name.as_deref(), Some(name));
    assert_eq!(job.metadata.name.as_deref(), Some(name));
    let requests = claim.spec.unwrap().resources.unwrap().requests.unwrap();
    assert_eq!(requests["storage"].0, "250Gi");
    let pod = check_job_spec(job.spec.as_ref().unwrap());
    assert_eq!(pod.containers[0].name, "restore");
    assert_eq!(
        env(pod, "BACKUP_FILE"),
        Some("sts-backup-20261124-0300.graph")
    );
    assert_eq!(env(pod, "FORCE_DELETE"), Some("-force"));
    let tmp = pod
        .volumes
        .as_ref()
        .unwrap()
        .iter()
        .find(|v| v.name == "tmp-data")
        .unwrap();
    assert_eq!(
        tmp.persistent_volume_claim.as_ref().unwrap().claim_name,
        name
    );

    let gentle = StackGraphRestore {
        force: false,
        ..restore
    };
    let yaml =
        render::stackgraph_restore_job(&values(), &Release::default(), &gentle, moment()).unwrap();
    let job: Job = typed(&self::documents(&yaml)[1]);
    assert_eq!(
        env(
            job.spec.as_ref().unwrap().template.spec.as_ref().unwrap(),
            "FORCE_DELETE"
        ),
        Some("")
    );
}

#[test]
fn the_elasticsearch_restore_is_a_job() {
    let restore = ElasticsearchRestore {
        snapshot: "sts-backup-20261124-0300-ppss8nx40ykppss8nx40yk".into(),
        indices: Some("sts_topology*".into()),
        delete_all_indices: false,
    };
    let yaml =
        render::elasticsearch_restore_job(&values(), &Release::default(), &restore, moment())
            .unwrap();
    let job: Job = typed(&documents(&yaml)[0]);
    assert_eq!(
        job.metadata.name.as_deref(),
        Some("elasticsearch-restore-20261125t100000")
    );
    let pod = check_job_spec(job.spec.as_ref().unwrap());
    assert_eq!(env(pod, "SNAPSHOT_NAME"), Some(restore.snapshot.as_str()));
    assert_eq!(env(pod, "INDICES_TO_RESTORE"), Some("sts_topology*"));
}

#[test]
fn the_list_jobs_are_jobs() {
    let release = Release::default();
    let stackgraph = render::stackgraph_list_job(&values(), &release, moment()).unwrap();
    let job: Job = typed(&documents(&stackgraph)[0]);
    assert_eq!(
        job.metadata.name.as_deref(),
        Some("stackgraph-list-backups-20261125t100000")
    );
    let pod = check_job_spec(job.spec.as_ref().unwrap());
    assert_eq!(pod.containers[0].name, "list");

    let elasticsearch = render::elasticsearch_list_job(&values(), &release, moment()).unwrap();
    let job: Job = typed(&documents(&elasticsearch)[0]);
    assert_eq!(
        job.metadata.name.as_deref(),
        Some("elasticsearch-list-snapshots-20261125t100000")
    );
    let pod = check_job_spec(job.spec.as_ref().unwrap());
    assert_eq!(
        pod.containers[0].image.as_deref(),
        Some("quay.io/stackstate/container-tools:1.1.4")
    );
}
