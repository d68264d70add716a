//! The Jobs the chart's restore scripts (`restore/*.sh`) create: restore a StackGraph backup,
//! restore an Elasticsearch snapshot, and list either; for the later charts also the settings
//! (configuration) backups and Victoria Metrics. The scripts fill the chart's Job templates
//! with `sed`; here the names are checked first and reach the Job as quoted data.
//!
//! The classic chart's Jobs are rendered here; a release named with `--chart` of
//! `stackstate-k8s` or `suse-observability` goes to [`super::release_restore_jobs`].

use super::kubernetes::{PodContext, Release, Wait, timestamped_name};
use super::{RenderError, ValidatedValues, not_enabled, templates};
use crate::calendar::DateTime;
use crate::model::Values;
use serde::Serialize;

/// Which StackGraph backup to restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackGraphRestore {
    /// The backup's object name in the StackGraph bucket, as the list Job prints it (for
    /// example `sts-backup-20210216-0300.graph`).
    pub backup: String,
    /// Overwrite the existing StackGraph data (`restore-stackgraph-backup.sh <backup> -force`).
    pub force: bool,
}

/// Which Elasticsearch snapshot to restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElasticsearchRestore {
    /// The snapshot name, as the list Job prints it.
    pub snapshot: String,
    /// The indices to restore (comma-separated patterns); `None` restores the indices the
    /// snapshots take (`backup.elasticsearch.scheduled.indices`).
    pub indices: Option<String>,
    /// Delete every index before the restore (`--delete-all-indices`, suse-observability
    /// 2.x only; refused for the releases whose script has no such option).
    pub delete_all_indices: bool,
}

/// Which settings (configuration) backup to restore (`stackstate-k8s`, `suse-observability`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigurationRestore {
    /// The backup's name, as the list Job prints it (for example
    /// `sts-backup-20250102-0400.sty`).
    pub backup: String,
    /// Restore without the script's confirmation prompt (`-force`); the restore replaces all
    /// settings and topology either way.
    pub force: bool,
}

pub use super::release_restore_jobs::VictoriaMetricsInstance;

/// Which Victoria Metrics backup to restore into which instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VictoriaMetricsRestore {
    /// The instance to restore into; its StatefulSet must be scaled to 0 first.
    pub instance: VictoriaMetricsInstance,
    /// The backup folder, as the list Job prints it (`victoria-metrics-0-20240601120000`, or
    /// from 2.10 `victoria-metrics-0-latest`).
    pub backup: String,
}

/// The release rendered for, when it is a later chart than the classic one.
fn later_release(
    values: &ValidatedValues,
) -> Result<Option<crate::generation::ChartVersion>, RenderError> {
    Ok(values
        .release()?
        .filter(|release| release.generation() != crate::generation::Generation::Classic))
}

/// The refusal for a store the classic chart has no restore Job for.
fn classic_has_none(artifact: &'static str, store: &str) -> RenderError {
    RenderError::NotApplicable {
        artifact,
        reason: format!(
            "the classic chart (stackstate 4.3 to 5.1) ships no Job to restore or list {store}; name a later release with --chart (stackstate-k8s, suse-observability)"
        ),
    }
}

#[derive(Serialize)]
struct JobContext<'a> {
    #[serde(flatten)]
    pod: PodContext<'a>,
    name: String,
    wait: Wait,
    backup_file: Option<&'a str>,
    force_delete: &'static str,
    temp_data_size: Option<&'a str>,
    storage_class: Option<&'a str>,
    snapshot_name: Option<&'a str>,
    indices: Option<String>,
}

impl<'a> JobContext<'a> {
    fn new(
        values: &'a ValidatedValues,
        release: &'a Release,
        name: String,
        services: &[String],
    ) -> Result<Self, RenderError> {
        let chart = values.chart()?;
        Ok(JobContext {
            pod: PodContext::new(values.values(), chart, release),
            name,
            // The Job templates use the wait image's own pull policy (the CronJob's is Always).
            wait: Wait::for_services(services, chart, false),
            backup_file: None,
            force_delete: "",
            temp_data_size: None,
            storage_class: None,
            snapshot_name: None,
            indices: None,
        })
    }
}

/// The PersistentVolumeClaim and the Job that `restore-stackgraph-backup.sh` creates, both
/// named `stackgraph-restore-<at>`, as one YAML stream (claim first). The backup name must
/// be one the backups are named (it matches `backupNameParseRegexp` as the expiry helper
/// applies it) and a plain object name.
///
/// ```
/// # use stsbackup::render::{self, Release, StackGraphRestore, ValidatedValues};
/// # use stsbackup::calendar::DateTime;
/// # let yaml = "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n";
/// # let document = stsbackup::load_str("values.yaml", yaml);
/// # let values = ValidatedValues::validate(&document).unwrap();
/// let at = DateTime::parse_rfc3339("2021-02-22T11:21:42Z").unwrap();
/// let restore = StackGraphRestore { backup: "sts-backup-20210216-0300.graph".into(), force: true };
/// let yaml = render::stackgraph_restore_job(&values, &Release::default(), &restore, at).unwrap();
/// assert!(yaml.contains("name: \"stackgraph-restore-20210222t112142\""));
///
/// let other = StackGraphRestore { backup: "../etc/passwd".into(), force: false };
/// assert!(render::stackgraph_restore_job(&values, &Release::default(), &other, at).is_err());
/// ```
pub fn stackgraph_restore_job(
    values: &ValidatedValues,
    release: &Release,
    restore: &StackGraphRestore,
    at: DateTime,
) -> Result<String, RenderError> {
    if let Some(chart) = later_release(values)? {
        let request = super::release_restore_jobs::Request::StackGraphRestore {
            backup: &restore.backup,
            force: restore.force,
        };
        return super::release_restore_jobs::render(values, chart, release, &request, at);
    }
    let model = values.values();
    require_restore(
        model,
        "StackGraph restore Job",
        "stackGraph",
        model.backup.stack_graph.restore.enabled,
    )?;
    let scheduled = &model.backup.stack_graph.scheduled;
    check_backup_name(
        &restore.backup,
        &scheduled.backup_name_parse_regexp,
        "StackGraph backup name",
        "backup.stackGraph.scheduled.backupNameParseRegexp",
    )?;
    let temp_data = &model.backup.stack_graph.restore.temp_data;
    let size = temp_data_size(&temp_data.size, &values.chart()?.datanode_size)?;
    // `-` is the chart's way to ask for `storageClassName: ""` (no dynamic provisioning);
    // no class (or an empty one) leaves the cluster's default.
    let storage_class = match temp_data.storage_class.as_deref() {
        None | Some("") => None,
        Some("-") => Some(""),
        Some(class) => Some(class),
    };
    let name = timestamped_name("stackgraph-restore", at)?;
    let services = [format!("{}:9000", model.minio.fullname_override)];
    let mut context = JobContext::new(values, release, name, &services)?;
    context.backup_file = Some(&restore.backup);
    context.force_delete = if restore.force { "-force" } else { "" };
    context.temp_data_size = Some(size);
    context.storage_class = storage_class;
    templates::render("job-stackgraph-restore.yaml.j2", context)
}

/// The Job that `restore-elasticsearch-snapshot.sh` creates, named
/// `elasticsearch-restore-<at>`. The snapshot name must be one Elasticsearch accepts and one
/// the snapshot policy makes (it starts with the fixed part of `snapshotNameTemplate`).
pub fn elasticsearch_restore_job(
    values: &ValidatedValues,
    release: &Release,
    restore: &ElasticsearchRestore,
    at: DateTime,
) -> Result<String, RenderError> {
    if let Some(chart) = later_release(values)? {
        let request = super::release_restore_jobs::Request::ElasticsearchRestore {
            snapshot: &restore.snapshot,
            indices: restore.indices.as_deref(),
            delete_all_indices: restore.delete_all_indices,
        };
        return super::release_restore_jobs::render(values, chart, release, &request, at);
    }
    if restore.delete_all_indices {
        return Err(RenderError::InvalidInput {
            what: "option for the classic chart",
            value: "--delete-all-indices".into(),
            reason: "the classic chart's restore script has no such option (suse-observability 2.x has); delete the indices first".into(),
        });
    }
    let model = values.values();
    let elasticsearch = &model.backup.elasticsearch;
    require_restore(
        model,
        "Elasticsearch restore Job",
        "elasticsearch",
        elasticsearch.restore.enabled,
    )?;
    check_snapshot_name(
        &restore.snapshot,
        &elasticsearch.scheduled.snapshot_name_template,
    )?;
    let indices = match &restore.indices {
        Some(indices) => {
            check_indices(indices)?;
            indices.clone()
        }
        None => configured_indices(&elasticsearch.scheduled.indices),
    };
    let name = timestamped_name("elasticsearch-restore", at)?;
    let endpoints = super::kubernetes::Endpoints::new(model, release);
    let services = [endpoints.elasticsearch, endpoints.minio];
    let mut context = JobContext::new(values, release, name, &services)?;
    context.snapshot_name = Some(&restore.snapshot);
    context.indices = Some(indices);
    templates::render("job-elasticsearch-restore.yaml.j2", context)
}

/// The Job that `list-stackgraph-backups.sh` creates, `stackgraph-list-backups-<at>`.
pub fn stackgraph_list_job(
    values: &ValidatedValues,
    release: &Release,
    at: DateTime,
) -> Result<String, RenderError> {
    if let Some(chart) = later_release(values)? {
        let request = super::release_restore_jobs::Request::StackGraphList;
        return super::release_restore_jobs::render(values, chart, release, &request, at);
    }
    let model = values.values();
    require_restore(
        model,
        "StackGraph list Job",
        "stackGraph",
        model.backup.stack_graph.restore.enabled,
    )?;
    let name = timestamped_name("stackgraph-list-backups", at)?;
    let services = [format!("{}:9000", model.minio.fullname_override)];
    let context = JobContext::new(values, release, name, &services)?;
    templates::render("job-stackgraph-list-backups.yaml.j2", context)
}

/// The Job that `list-elasticsearch-snapshots.sh` creates, `elasticsearch-list-snapshots-<at>`.
pub fn elasticsearch_list_job(
    values: &ValidatedValues,
    release: &Release,
    at: DateTime,
) -> Result<String, RenderError> {
    if let Some(chart) = later_release(values)? {
        let request = super::release_restore_jobs::Request::ElasticsearchList;
        return super::release_restore_jobs::render(values, chart, release, &request, at);
    }
    let model = values.values();
    require_restore(
        model,
        "Elasticsearch list Job",
        "elasticsearch",
        model.backup.elasticsearch.restore.enabled,
    )?;
    let name = timestamped_name("elasticsearch-list-snapshots", at)?;
    let endpoints = super::kubernetes::Endpoints::new(model, release);
    let services = [endpoints.elasticsearch, endpoints.minio];
    let context = JobContext::new(values, release, name, &services)?;
    templates::render("job-elasticsearch-list-snapshots.yaml.j2", context)
}

/// The Job that `restore-configuration-backup.sh` of `stackstate-k8s` and `suse-observability`
/// creates, `configuration-restore-<at>`: it replaces the settings and topology with the
/// backup's (scale down the StackGraph users first, as the script does). The classic chart
/// has no such Job.
pub fn configuration_restore_job(
    values: &ValidatedValues,
    release: &Release,
    restore: &ConfigurationRestore,
    at: DateTime,
) -> Result<String, RenderError> {
    const ARTIFACT: &str = "settings (configuration) restore Job";
    let Some(chart) = later_release(values)? else {
        return Err(classic_has_none(ARTIFACT, "settings backups"));
    };
    let request = super::release_restore_jobs::Request::ConfigurationRestore {
        backup: &restore.backup,
        force: restore.force,
    };
    super::release_restore_jobs::render(values, chart, release, &request, at)
}

/// The Job that `list-configuration-backups.sh` creates, `configuration-list-backups-<at>`.
pub fn configuration_list_job(
    values: &ValidatedValues,
    release: &Release,
    at: DateTime,
) -> Result<String, RenderError> {
    const ARTIFACT: &str = "settings (configuration) list Job";
    let Some(chart) = later_release(values)? else {
        return Err(classic_has_none(ARTIFACT, "settings backups"));
    };
    let request = super::release_restore_jobs::Request::ConfigurationList;
    super::release_restore_jobs::render(values, chart, release, &request, at)
}

/// The Job that `restore-victoria-metrics-backup.sh <instance> <backup>` creates,
/// `victoria-metrics-restore-backup-<at>`, which runs `vmrestore` into the instance's volume
/// (`server-volume-<chart>-<instance>-0`; scale its StatefulSet to 0 first).
pub fn victoria_metrics_restore_job(
    values: &ValidatedValues,
    release: &Release,
    restore: &VictoriaMetricsRestore,
    at: DateTime,
) -> Result<String, RenderError> {
    const ARTIFACT: &str = "Victoria Metrics restore Job";
    let Some(chart) = later_release(values)? else {
        return Err(classic_has_none(ARTIFACT, "Victoria Metrics backups"));
    };
    let request = super::release_restore_jobs::Request::VictoriaMetricsRestore {
        instance: restore.instance,
        backup: &restore.backup,
    };
    super::release_restore_jobs::render(values, chart, release, &request, at)
}

/// The Job that `list-victoria-metrics-backups.sh` creates, `victoria-metrics-list-backups-<at>`.
pub fn victoria_metrics_list_job(
    values: &ValidatedValues,
    release: &Release,
    at: DateTime,
) -> Result<String, RenderError> {
    const ARTIFACT: &str = "Victoria Metrics list Job";
    let Some(chart) = later_release(values)? else {
        return Err(classic_has_none(ARTIFACT, "Victoria Metrics backups"));
    };
    let request = super::release_restore_jobs::Request::VictoriaMetricsList;
    super::release_restore_jobs::render(values, chart, release, &request, at)
}

/// ClickHouse has no restore Job in any release: `restore-clickhouse-backup.sh` runs
/// `clickhouse-backup` through `kubectl exec` in the `backup` container of the first ClickHouse
/// pod. Always refused, with what the script runs.
pub fn clickhouse_restore_job(
    values: &ValidatedValues,
    backup: &str,
) -> Result<String, RenderError> {
    clickhouse_refusal(values, Some(backup))
}

/// ClickHouse has no list Job in any release either (`list-clickhouse-backups.sh` runs
/// `kubectl exec`). Always refused, with the command to run.
pub fn clickhouse_list_job(values: &ValidatedValues) -> Result<String, RenderError> {
    clickhouse_refusal(values, None)
}

fn clickhouse_refusal(
    values: &ValidatedValues,
    backup: Option<&str>,
) -> Result<String, RenderError> {
    let artifact = match backup {
        None => "ClickHouse list Job",
        Some(_) => "ClickHouse restore Job",
    };
    let Some(chart) = later_release(values)? else {
        return Err(classic_has_none(artifact, "ClickHouse backups"));
    };
    let pod = if chart.chart == crate::generation::ChartName::StackstateK8s {
        "stackstate-clickhouse-shard0-0"
    } else {
        "suse-observability-clickhouse-shard0-0"
    };
    let command = match backup {
        None => format!(
            "`kubectl exec {pod} -c backup -- clickhouse-backup --config /etc/clickhouse-backup.yaml list remote`"
        ),
        Some(backup) => format!(
            "the chart's `restore/restore-clickhouse-backup.sh {}`: it scales the OpenTelemetry collector down and has the sidecar of `{pod}` download and restore the backup (`POST localhost:7171/backup/download/<backup>?callback=.../backup/restore/<backup>`)",
            backup.escape_debug()
        ),
    };
    Err(RenderError::NotApplicable {
        artifact,
        reason: format!(
            "{chart} restores and lists ClickHouse backups through the backup sidecar, not with a Job; run {command}"
        ),
    })
}

/// The chart ships a store's Job templates only with `backup.enabled` and the store's
/// `restore.enabled`; the scripts fail without them.
fn require_restore(
    values: &Values,
    artifact: &'static str,
    store: &str,
    restore_enabled: bool,
) -> Result<(), RenderError> {
    if !values.backup.enabled {
        return Err(not_enabled(artifact));
    }
    if !restore_enabled {
        return Err(RenderError::NotApplicable {
            artifact,
            reason: format!(
                "`backup.{store}.restore.enabled` is false, so the chart does not ship the Job templates the restore scripts use"
            ),
        });
    }
    Ok(())
}

/// Characters that break a backup name on its way through the restore: the script's `sed`
/// (`/`, `&`, `\`), the shell and the S3 key (quotes, `$`, backticks, globs, separators).
const FORBIDDEN_IN_NAMES: &[char] = &[
    '/', '&', '\\', '"', '\'', '$', '`', '*', '?', '[', ']', ';', '|', '<', '>',
];

/// Checks a backup name given for a restore (`what`, for example "StackGraph backup name")
/// against the regexp the backups are named by (the values key `key`).
pub(super) fn check_backup_name(
    name: &str,
    regexp: &str,
    what: &'static str,
    key: &str,
) -> Result<(), RenderError> {
    let invalid = |reason: String| RenderError::InvalidInput {
        what,
        value: name.to_owned(),
        reason,
    };
    if name.is_empty() || name.len() > 1024 {
        return Err(invalid("a backup name has 1 to 1024 bytes".into()));
    }
    if name == "." || name == ".." || name.starts_with('-') {
        return Err(invalid("it is not an object name".into()));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || FORBIDDEN_IN_NAMES.contains(c))
    {
        return Err(invalid(format!(
            "it contains `{}`, which no backup name has",
            c.escape_debug()
        )));
    }
    // As the expiry helper applies it: Python's `re.match`, anchored at the start only.
    let anchored = format!(r"\A(?:{})", regexp.replace(r"\Z", r"\z"));
    let matcher = regex::Regex::new(&anchored).map_err(|_| {
        invalid(format!(
            "`{key}` (`{}`) cannot be checked here (it uses Python-only syntax), so the name cannot be checked against it",
            regexp.escape_debug()
        ))
    })?;
    if !matcher.is_match(name) {
        return Err(invalid(format!(
            "it does not match `{key}` (`{}`): the backups are not named so",
            regexp.escape_debug()
        )));
    }
    Ok(())
}

/// Characters Elasticsearch refuses in snapshot names (besides uppercase and whitespace).
const FORBIDDEN_IN_SNAPSHOTS: &[char] = &['"', '*', '\\', '<', '|', ',', '>', '/', '?', '#'];

pub(super) fn check_snapshot_name(name: &str, template: &str) -> Result<(), RenderError> {
    let invalid = |reason: String| RenderError::InvalidInput {
        what: "Elasticsearch snapshot name",
        value: name.to_owned(),
        reason,
    };
    if name.is_empty() || name.len() > 255 {
        return Err(invalid("a snapshot name has 1 to 255 bytes".into()));
    }
    if name.starts_with('_') || name.starts_with('-') {
        return Err(invalid(
            "Elasticsearch refuses names starting with `_` or `-`".into(),
        ));
    }
    if let Some(c) = name.chars().find(|c| {
        c.is_uppercase()
            || c.is_whitespace()
            || c.is_control()
            || FORBIDDEN_IN_SNAPSHOTS.contains(c)
    }) {
        return Err(invalid(format!(
            "Elasticsearch refuses `{}` in snapshot names (they are lowercase, without spaces or any of `\" * \\ < | , > / ? #`)",
            c.escape_debug()
        )));
    }
    let prefix = snapshot_name_prefix(template);
    if !name.starts_with(&prefix) {
        return Err(invalid(format!(
            "the snapshot policy names snapshots `{}...` (`backup.elasticsearch.scheduled.snapshotNameTemplate`)",
            prefix.escape_debug()
        )));
    }
    Ok(())
}

/// The fixed start of the names an SLM policy makes from its name template: the text before
/// the first date-math expression of `<prefix-{now...}>`, or the whole literal name (SLM adds
/// `-<uuid>` to every name, lowercased).
fn snapshot_name_prefix(template: &str) -> String {
    let inner = template
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'));
    match inner {
        Some(inner) => inner.split('{').next().unwrap_or("").to_lowercase(),
        None => format!("{}-", template.to_lowercase()),
    }
}

pub(super) fn check_indices(indices: &str) -> Result<(), RenderError> {
    let invalid = |reason: String| RenderError::InvalidInput {
        what: "list of indices",
        value: indices.to_owned(),
        reason,
    };
    for pattern in indices.split(',') {
        let bare = pattern.strip_prefix('-').unwrap_or(pattern);
        if bare.is_empty() {
            return Err(invalid("an index pattern is empty".into()));
        }
        if bare.starts_with('_') || bare.starts_with('+') {
            return Err(invalid(format!(
                "`{}` starts with `_` or `+`",
                bare.escape_debug()
            )));
        }
        if let Some(c) = bare.chars().find(|c| {
            c.is_uppercase()
                || c.is_whitespace()
                || c.is_control()
                || ['"', '\\', '<', '>', '|', '/', '?', '#'].contains(c)
        }) {
            return Err(invalid(format!(
                "Elasticsearch refuses `{}` in index names (separate patterns with `,`, without spaces)",
                c.escape_debug()
            )));
        }
    }
    Ok(())
}

/// The indices the snapshots take, as a comma-separated list: chart 5.1 writes a pattern
/// string, chart 4.x a JSON array.
fn configured_indices(indices: &str) -> String {
    match serde_json::from_str::<Vec<String>>(indices) {
        Ok(list) => list.join(","),
        Err(_) => indices.to_owned(),
    }
}

/// The restore volume size: `tempData.size` is rendered by Helm's `tpl`, so the chart's
/// default (a reference to the HBase datanode size) is resolved to the datanode size of the
/// values (`hbase.hdfs.datanode.persistence.size`, the HBase chart's `250Gi` by default), and
/// any other template is refused: only Helm can evaluate it.
pub(super) fn temp_data_size<'a>(
    size: &'a str,
    datanode_size: &'a str,
) -> Result<&'a str, RenderError> {
    let (size, key) = if size.trim() == "{{ .Values.hbase.hdfs.datanode.persistence.size }}" {
        (datanode_size, "hbase.hdfs.datanode.persistence.size")
    } else {
        (size, "backup.stackGraph.restore.tempData.size")
    };
    let invalid = |reason: &str| RenderError::InvalidInput {
        what: "restore volume size",
        value: size.to_owned(),
        reason: reason.replace("{key}", key),
    };
    if size.contains("{{") {
        return Err(invalid(
            "`{key}` is a Helm template that only Helm can evaluate; set the size itself (for example `250Gi`)",
        ));
    }
    let quantity = regex::Regex::new(r"\A[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?\z")
        .expect("the pattern is valid");
    if !quantity.is_match(size) {
        return Err(invalid(
            "`{key}` is not a Kubernetes quantity such as `250Gi`",
        ));
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_follow_the_configured_naming() {
        let regexp = "sts-backup-([0-9]*-[0-9]*).graph";
        assert!(
            check_backup_name("sts-backup-20210216-0300.graph", regexp, "backup", "key").is_ok()
        );
        for bad in [
            "",
            "other-20210216-0300.graph",
            "../sts-backup-20210216-0300.graph",
            "sts-backup-20210216-0300.graph\nkind: Secret",
            "sts-backup-2021/0216-0300.graph",
            "sts-backup-20210216-0300.graph\"",
        ] {
            assert!(
                check_backup_name(bad, regexp, "backup", "key").is_err(),
                "{bad:?}"
            );
        }
        let error =
            check_backup_name("x.graph", r"(?=sts)sts-([0-9]*)", "backup", "key").unwrap_err();
        assert!(error.to_string().contains("cannot be checked"), "{error}");
    }

    #[test]
    fn snapshot_names_elasticsearch_accepts_and_the_policy_makes() {
        let template = "<sts-backup-{now{yyyyMMdd-HHmm}}>";
        assert_eq!(snapshot_name_prefix(template), "sts-backup-");
        assert!(
            check_snapshot_name("sts-backup-20210223-0300-ppss8nx40ykppss8nx40yk", template)
                .is_ok()
        );
        for bad in [
            "",
            "Sts-backup-1",
            "sts-backup-1 x",
            "sts-backup-1,other",
            "sts-backup-\"1",
            "_sts-backup-1",
            "other-20210223",
            "sts-backup-1#",
        ] {
            assert!(check_snapshot_name(bad, template).is_err(), "{bad:?}");
        }
        assert_eq!(snapshot_name_prefix("nightly"), "nightly-");
    }

    #[test]
    fn indices_lists() {
        assert!(check_indices("sts*,-sts_internal").is_ok());
        for bad in ["", "a,,b", "a b", "A", "a\"", "_all"] {
            assert!(check_indices(bad).is_err(), "{bad:?}");
        }
        assert_eq!(configured_indices(r#"["sts_*","x"]"#), "sts_*,x");
        assert_eq!(configured_indices("sts*"), "sts*");
    }

    #[test]
    fn restore_volume_size() {
        let default = "{{ .Values.hbase.hdfs.datanode.persistence.size }}";
        assert_eq!(temp_data_size(default, "250Gi").unwrap(), "250Gi");
        assert_eq!(temp_data_size(default, "500Gi").unwrap(), "500Gi");
        assert_eq!(temp_data_size("100Gi", "500Gi").unwrap(), "100Gi");
        assert!(temp_data_size("{{ .Values.other }}", "250Gi").is_err());
        assert!(temp_data_size("250 GB", "250Gi").is_err());
        let error = temp_data_size(default, "lots").unwrap_err().to_string();
        assert!(
            error.contains("hbase.hdfs.datanode.persistence.size"),
            "{error}"
        );
    }
}
