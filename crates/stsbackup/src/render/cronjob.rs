//! The backup CronJobs: StackGraph (`<fullname>-backup-stackgraph`) and, in chart 5.1,
//! configuration (`<fullname>-backup-conf`), as the chart renders them.

use super::kubernetes::{PodContext, Release, Wait};
use super::{RenderError, RenderedFile, ValidatedValues, not_enabled, templates};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The CronJob API version. The chart picks `batch/v1` when the cluster has it (Kubernetes
/// 1.21 and later) and `batch/v1beta1` otherwise; `batch/v1beta1` was removed in 1.25.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ApiVersion {
    /// `batch/v1`.
    #[default]
    BatchV1,
    /// `batch/v1beta1`, for clusters older than Kubernetes 1.21.
    BatchV1Beta1,
}

impl ApiVersion {
    /// The `apiVersion` text.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::BatchV1 => "batch/v1",
            ApiVersion::BatchV1Beta1 => "batch/v1beta1",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApiVersion {
    type Err = RenderError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "batch/v1" => Ok(ApiVersion::BatchV1),
            "batch/v1beta1" => Ok(ApiVersion::BatchV1Beta1),
            _ => Err(RenderError::InvalidInput {
                what: "CronJob API version",
                value: text.to_owned(),
                reason: "use `batch/v1` or `batch/v1beta1`".into(),
            }),
        }
    }
}

/// Where and how to render the CronJobs.
#[derive(Debug, Clone, Default)]
pub struct CronJobOptions {
    /// The Helm release (default `stackstate`) and the namespace.
    pub release: Release,
    /// `batch/v1` unless asked otherwise.
    pub api_version: ApiVersion,
}

/// The context of both CronJob templates.
#[derive(Serialize)]
struct CronJobContext<'a> {
    #[serde(flatten)]
    pod: PodContext<'a>,
    api_version: &'static str,
    name: String,
    wait: Wait,
}

/// The StackGraph backup CronJob, as the chart's `cronjob-backup.yaml` renders it: rendered
/// when `backup.enabled` and `backup.stackGraph.scheduled.enabled` are on.
///
/// ```
/// # use stsbackup::render::{self, CronJobOptions, Release, ValidatedValues};
/// # let yaml = "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n";
/// # let document = stsbackup::load_str("values.yaml", yaml);
/// # let values = ValidatedValues::validate(&document).unwrap();
/// let options = CronJobOptions { release: Release::new("a-release-name-of-24-chr").unwrap(), ..Default::default() };
/// let error = render::stackgraph_cronjob(&values, &options).unwrap_err();
/// assert!(error.to_string().contains("over the 52 that Kubernetes allows"));
/// ```
pub fn stackgraph_cronjob(
    values: &ValidatedValues,
    options: &CronJobOptions,
) -> Result<String, RenderError> {
    super::classic_only(values, "StackGraph backup CronJob")?;
    let model = values.values();
    if !model.backup.enabled {
        return Err(not_enabled("StackGraph backup CronJob"));
    }
    if !model.backup.stack_graph.scheduled.enabled {
        return Err(RenderError::NotApplicable {
            artifact: "StackGraph backup CronJob",
            reason: "`backup.stackGraph.scheduled.enabled` is false".into(),
        });
    }
    let release = &options.release;
    let chart = values.chart()?;
    let pod = PodContext::new(model, chart, release);
    // The chart waits for everything the export touches, and for the initializer (the
    // server when it is not split).
    let services = [
        pod.endpoints.elasticsearch.clone(),
        pod.endpoints.minio.clone(),
        pod.endpoints.zookeeper.clone(),
        format!("{}-hbase-hdfs-nn-headful:9000", release.name()),
        pod.server_wait_target(),
    ];
    let context = CronJobContext {
        pod,
        api_version: options.api_version.as_str(),
        name: release.cronjob_name("-backup-stackgraph")?,
        wait: Wait::for_services(&services, chart, true),
    };
    templates::render("cronjob-stackgraph.yaml.j2", context)
}

/// The configuration backup CronJob of chart 5.1 (`<fullname>-backup-conf`): rendered when
/// `backup.enabled` and `backup.configuration.scheduled.enabled` are on.
pub fn configuration_cronjob(
    values: &ValidatedValues,
    options: &CronJobOptions,
) -> Result<String, RenderError> {
    super::classic_only(values, "configuration backup CronJob")?;
    let model = values.values();
    if !model.backup.enabled {
        return Err(not_enabled("configuration backup CronJob"));
    }
    if !model.backup.configuration.scheduled.enabled {
        return Err(RenderError::NotApplicable {
            artifact: "configuration backup CronJob",
            reason: "`backup.configuration.scheduled.enabled` is false".into(),
        });
    }
    let release = &options.release;
    let chart = values.chart()?;
    let pod = PodContext::new(model, chart, release);
    // Chart 5.1.4 waits for MinIO and the initializer (the server when it is not split).
    let services = [pod.endpoints.minio.clone(), pod.server_wait_target()];
    let context = CronJobContext {
        pod,
        api_version: options.api_version.as_str(),
        name: release.cronjob_name("-backup-conf")?,
        wait: Wait::for_services(&services, chart, true),
    };
    templates::render("cronjob-configuration.yaml.j2", context)
}

/// The CronJobs that apply, StackGraph first, each as a file; refused when none does.
///
/// For a later release (named with [`crate::Options::chart`]) these are that release's:
/// for `stackstate-k8s` and `suse-observability` 2.0 to 2.9 (MinIO), StackGraph
/// (`-backup-sg`), the configuration or settings backup (`-backup-conf`) and, from
/// `stackstate-k8s` 1.11.1, ClickHouse's full and incremental backups, switched as each release
/// does; for `suse-observability` 2.10 and later, StackGraph v1 (`-backup-sg`) and, from
/// 2.10.3, v2 (`-backup-sg-v2`), the settings backup (`-backup-conf`) and ClickHouse's full and
/// incremental backups, `batch/v1` only.
pub fn cronjobs(
    values: &ValidatedValues,
    options: &CronJobOptions,
) -> Result<Vec<RenderedFile>, RenderError> {
    if let Some(release) = values.release()? {
        use crate::generation::Generation;
        if matches!(release.generation(), Generation::E | Generation::EPrime) {
            return super::s3proxy_cronjobs::cronjobs(values, release, options);
        }
        if super::minio_cronjobs::renders(release) {
            return super::minio_cronjobs::cronjobs(values, release, options);
        }
    }
    super::classic_only(values, "backup CronJobs")?;
    let mut files = Vec::new();
    let mut reasons = Vec::new();
    let rendered = [
        (
            "cronjob-backup-stackgraph.yaml",
            stackgraph_cronjob(values, options),
        ),
        (
            "cronjob-backup-conf.yaml",
            configuration_cronjob(values, options),
        ),
    ];
    for (name, result) in rendered {
        match result {
            Ok(text) => files.push(RenderedFile {
                name: name.to_owned(),
                text,
            }),
            Err(RenderError::NotApplicable { reason, .. }) => reasons.push(reason),
            Err(error) => return Err(error),
        }
    }
    if files.is_empty() {
        reasons.dedup();
        return Err(RenderError::NotApplicable {
            artifact: "backup CronJob",
            reason: reasons.join("; "),
        });
    }
    Ok(files)
}
