//! Rendering artifacts from validated values: the values fragment of the docs' recipes, the AWS
//! IAM policy, the backup CronJobs, the Elasticsearch SLM policy body and the restore Jobs.
//!
//! Every artifact comes from a minijinja template in `templates/`, embedded in the library at
//! build time. Renderers take [`ValidatedValues`], which exists only for values without an
//! error finding, and return text: nothing is rendered from values that fail validation.
//! Every user string reaches the output as a JSON-quoted scalar, which YAML and JSON read back
//! as the same string, so no value can add a key, a document or a comment.
//!
//! Secrets (the MinIO secret key, the AWS secret key, the Azure account key) appear only in the
//! values fragment ([`ValuesBuilder`]), never in the other artifacts (the CronJob mounts the
//! MinIO Secret) and never in an error.
//!
//! # An installer
//!
//! Build the S3 recipe's values (validated on `build()`: the text it gives lints clean), then
//! write them and the IAM policy the S3 gateway's user needs:
//!
//! ```
//! use stsbackup::render::{self, AwsKeys, Credentials, Partition, ValuesBuilder};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = std::env::temp_dir().join(format!("stsbackup-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! let values = ValuesBuilder::s3()
//!     .stackgraph_bucket("acme-stackgraph-backups")
//!     .elasticsearch_bucket("acme-elasticsearch-backups")
//!     .configuration_bucket("acme-configuration-backups")
//!     .minio_credentials(Credentials::generate()?)
//!     .aws_keys(AwsKeys::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
//!     .build()?;
//! std::fs::write(dir.join("backup-values.yaml"), values.text())?;
//! let policy = render::iam_policy(values.validated(), Partition::Aws)?;
//! std::fs::write(dir.join("iam-policy.json"), &policy)?;
//! assert!(policy.contains("arn:aws:s3:::acme-stackgraph-backups/*"));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok(())
//! # }
//! ```
//!
//! # From a values file
//!
//! ```
//! use stsbackup::render::{self, CronJobOptions, ValidatedValues};
//!
//! let document = stsbackup::load_str(
//!     "values.yaml",
//!     "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n",
//! );
//! let values = ValidatedValues::validate(&document).expect("no error findings");
//! let cronjob = render::stackgraph_cronjob(&values, &CronJobOptions::default()).unwrap();
//! assert!(cronjob.contains("name: \"stackstate-backup-stackgraph\""));
//! assert!(!cronjob.contains("Q3m9XcV7tLp2Rw8Zk4Nd"), "the CronJob mounts the Secret");
//!
//! // Values with an error are refused, with the findings `lint` would print.
//! let broken = stsbackup::load_str("values.yaml", "backup:\n  enabled: true\n");
//! let rejected = ValidatedValues::validate(&broken).unwrap_err();
//! assert!(rejected.findings().iter().any(|f| f.code() == "SB601"));
//! ```

mod chart;
mod cronjob;
mod iam_policy;
mod kubernetes;
mod minio_cronjobs;
mod platform;
mod release_restore_jobs;
mod restore_jobs;
mod s3proxy_cronjobs;
mod slm_policy;
mod templates;
mod values;

pub use cronjob::{
    ApiVersion, CronJobOptions, configuration_cronjob, cronjobs, stackgraph_cronjob,
};
pub use iam_policy::{Partition, iam_policy};
pub use kubernetes::{CRONJOB_NAME_LIMIT, Release};
pub use restore_jobs::{
    ConfigurationRestore, ElasticsearchRestore, StackGraphRestore, VictoriaMetricsInstance,
    VictoriaMetricsRestore, clickhouse_list_job, clickhouse_restore_job, configuration_list_job,
    configuration_restore_job, elasticsearch_list_job, elasticsearch_restore_job,
    stackgraph_list_job, stackgraph_restore_job, victoria_metrics_list_job,
    victoria_metrics_restore_job,
};
pub use slm_policy::slm_policy;
pub use values::{
    AwsKeys, Azure, AzureAccount, BuildError, Credentials, Pvc, Recipe, RenderedValues, Retention,
    S3, ValuesBuilder,
};

use crate::finding::{Finding, Severity};
use crate::load::Document;
use crate::model::{StorageMode, Values};
use crate::validate::{Options, Report};
use std::fmt;

/// Values that passed validation: no finding of severity error. Only these are rendered.
///
/// The findings that did not stop rendering (warnings and notes) stay available, so a caller
/// can show them. `Debug` shows neither the values nor their keys.
#[derive(Clone)]
pub struct ValidatedValues {
    values: Values,
    /// What the chart reads outside `backup:` and `minio:` (images, pull secrets, resources,
    /// ...), or why it cannot be rendered from.
    chart: Result<chart::ChartSettings, RenderError>,
    /// The chart release named for validation (`--chart`), if one was.
    release: Result<Option<crate::generation::ChartVersion>, RenderError>,
    findings: Vec<Finding>,
    /// The merged values as read, for what later releases read outside the typed model
    /// (`global.backup.enabled`, `clickhouse.backup.*`, `deployment.compatibleWithArgoCD`).
    root: Option<crate::load::Node>,
    /// The texts the values came from, to say where a value was set.
    sources: Vec<crate::source::SourceFile>,
}

impl ValidatedValues {
    /// Validates a loaded values file as `lint` does (inline `# stsbackup: ignore[...]`
    /// comments apply); refused when there is an error finding.
    pub fn validate(document: &Document) -> Result<Self, Box<Rejected>> {
        Self::validate_with(document, &Options::default())
    }

    /// Validates a loaded values file with options (for example a fixed "now").
    pub fn validate_with(document: &Document, options: &Options) -> Result<Self, Box<Rejected>> {
        let report = crate::validate::validate_with(document, options);
        Self::from_report(document, report)
    }

    /// Validates values built in code. They are written out as a values file and validated
    /// like one, and what is kept is what the validator read back, so what is rendered is
    /// exactly what was checked. (`null`s are left out, as a values file would: an optional
    /// setting that is `None` takes the chart's default.)
    pub fn from_model(values: &Values) -> Result<Self, Box<Rejected>> {
        // Cannot fail: every map key of the model is a string.
        let mut json = serde_json::to_value(values).expect("the model serializes to JSON");
        remove_nulls(&mut json);
        // JSON is YAML; the escaping keeps every string a plain scalar for the YAML reader.
        let text = templates::escape_yaml_unprintable(&json.to_string());
        let document = crate::load::load_str("<values built in code>", &text);
        Self::validate(&document)
    }

    fn from_report(document: &Document, report: Report) -> Result<Self, Box<Rejected>> {
        match report.values {
            Some(ref values) if !report.has_errors() => Ok(ValidatedValues {
                values: values.clone(),
                chart: chart::ChartSettings::read(document.root.as_ref()),
                release: release_of(&report.checked),
                findings: report.findings,
                root: document.root.clone(),
                sources: document.sources.clone(),
            }),
            _ => Err(Box::new(Rejected {
                document: document.clone(),
                report,
            })),
        }
    }

    /// The validated model.
    pub fn values(&self) -> &Values {
        &self.values
    }

    /// The chart's settings outside `backup:` and `minio:`; an error when one of them cannot
    /// be used (a mapping where the chart prints a name).
    pub(crate) fn chart(&self) -> Result<&chart::ChartSettings, RenderError> {
        self.chart.as_ref().map_err(Clone::clone)
    }

    /// The chart release the renderers follow: the one named ([`Options::chart`]); `None`
    /// for the classic chart 5.1.4. An error when none was named and the file's keys point
    /// only to later generations.
    pub fn release(&self) -> Result<Option<crate::generation::ChartVersion>, RenderError> {
        self.release.clone()
    }

    /// The release name the docs install this chart as, the default of `render --release`:
    /// `suse-observability` for the `suse-observability` chart, `stackstate` otherwise. Object
    /// names follow it (`common.fullname.short`), so an installer that renders for another
    /// release name says so with [`Release::new`].
    ///
    /// ```
    /// # use stsbackup::render::ValidatedValues;
    /// let document = stsbackup::load_str("values.yaml", "global:\n  backup:\n    enabled: false\n");
    /// let options = stsbackup::Options { chart: Some("suse-observability@2.10.3".parse().unwrap()), ..Default::default() };
    /// let values = ValidatedValues::validate_with(&document, &options).unwrap();
    /// assert_eq!(values.docs_release().name(), "suse-observability");
    /// ```
    pub fn docs_release(&self) -> Release {
        match self.release() {
            // The tag `stackstate-k8s/2.0.0` is already the `suse-observability` chart.
            Ok(Some(chart))
                if chart.chart == crate::generation::ChartName::SuseObservability
                    || (chart.chart == crate::generation::ChartName::StackstateK8s
                        && chart.version.major >= 2) =>
            {
                Release::new("suse-observability").expect("a valid release name")
            }
            _ => Release::default(),
        }
    }

    /// The merged values as read.
    pub(crate) fn root(&self) -> Option<&crate::load::Node> {
        self.root.as_ref()
    }

    /// Where a value of the merged values was set (`values.yaml:12:5`, or the `--set`
    /// argument's position), if it was set at all.
    pub(crate) fn where_set(&self, path: &[&str]) -> Option<String> {
        let node = self.root.as_ref()?.at(path.iter().copied())?;
        let source = self.sources.get(node.origin)?;
        let position = source.position(node.span.start, node.span.end);
        Some(format!(
            "{}:{}:{}",
            source.name(),
            position.line,
            position.column
        ))
    }

    /// The warnings and notes the validation found (never an error).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

impl fmt::Debug for ValidatedValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidatedValues")
            .field("storage", &self.values.storage_mode())
            .field("buckets", &self.values.buckets())
            .field("findings", &self.findings.len())
            .finish_non_exhaustive()
    }
}

/// Removes what the model holds as absent: `null`s (the later generations' keys are `Option`s),
/// and the mappings that held nothing else (`global.s3proxy.credentials` of a classic model), so
/// the values read back are the ones the model was built with, under the classic chart too.
fn remove_nulls(value: &mut serde_json::Value) {
    /// Whether the value still says something.
    fn keep(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::Null => false,
            serde_json::Value::Object(map) => {
                let had_keys = !map.is_empty();
                map.retain(|_, v| keep(v));
                !(had_keys && map.is_empty())
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|item| {
                    keep(item);
                });
                true
            }
            _ => true,
        }
    }
    keep(value);
}

/// The release rendering follows: the one named (`--chart`), or none for the classic chart
/// 5.1.4. A file whose own keys point only to later generations (`global.backup.enabled`,
/// `backup.storage`, ...) is refused without a named release: guessing its release would
/// decide which objects and buckets are rendered.
fn release_of(
    checked: &crate::markers::Checked,
) -> Result<Option<crate::generation::ChartVersion>, RenderError> {
    use crate::generation::Generation;
    if let Some(chart) = checked.chart {
        return Ok(Some(chart));
    }
    if checked.generations.is_empty() || checked.generations.contains(Generation::Classic) {
        return Ok(None);
    }
    Err(RenderError::ChartNeeded {
        generations: checked.generations.to_string(),
    })
}

/// Values that failed validation: the document and the report, so a caller can print the
/// findings as `lint` does (`Debug` and `Display` show the findings, never the values file,
/// which may hold keys).
#[derive(Clone)]
pub struct Rejected {
    document: Document,
    report: Report,
}

impl Rejected {
    /// Every finding, errors among them.
    pub fn findings(&self) -> &[Finding] {
        &self.report.findings
    }

    /// The document that was validated (for printing findings with their source lines).
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The validation report.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The document and the report, as `lint`'s output formats take them.
    pub fn into_parts(self) -> (Document, Report) {
        (self.document, self.report)
    }
}

impl fmt::Debug for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rejected")
            .field("file", &self.document.source().name())
            .field("findings", &self.report.findings)
            .finish()
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.report.count(Severity::Error);
        write!(
            f,
            "{} has {errors} error{}; nothing is rendered from values that fail validation",
            self.document.source().name(),
            if errors == 1 { "" } else { "s" }
        )?;
        for finding in self
            .report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            write!(f, "\n{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}

/// Why an artifact could not be rendered from validated values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The artifact does not exist for these values (the chart would not render it either).
    #[error("no {artifact} for these values: {reason}")]
    NotApplicable {
        /// What was asked for ("the Elasticsearch SLM policy").
        artifact: &'static str,
        /// Why the chart does not render it.
        reason: String,
    },
    /// A Kubernetes object name over the limit Kubernetes enforces.
    #[error(
        "the {kind} name `{name}` has {length} characters, over the {limit} that Kubernetes allows; {help}"
    )]
    NameTooLong {
        /// The kind of object ("CronJob").
        kind: &'static str,
        /// The name as the chart would build it.
        name: String,
        /// Its length in characters.
        length: usize,
        /// The most Kubernetes allows for that kind.
        limit: usize,
        /// What to shorten.
        help: String,
    },
    /// An input given for rendering (not a value of the values file) that cannot be used.
    #[error("`{}` is not a valid {what}: {reason}", .value.escape_debug())]
    InvalidInput {
        /// What the input is meant to be ("bucket name").
        what: &'static str,
        /// The input as given.
        value: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// A value outside the backup settings that the chart requires for these objects is not
    /// set (the chart fails without it).
    #[error("`{path}` is not set: {reason}")]
    MissingValue {
        /// The values path.
        path: &'static str,
        /// What the chart does with it, and how to give it.
        reason: String,
    },
    /// No release was named, and the values' keys point only to later generations than the
    /// classic chart.
    #[error(
        "these values' keys point to {generations}, not the classic chart (stackstate 4.3 to 5.1) that is rendered without --chart: name the release, for example `--chart suse-observability@2.10.3`"
    )]
    ChartNeeded {
        /// The generations the keys point to, in words.
        generations: String,
    },
    /// The artifact of a later chart generation that stsbackup does not render yet (it would
    /// otherwise print the classic chart's objects, which that chart does not have).
    #[error(
        "stsbackup does not render the {artifact} of {release} yet: it renders the classic chart's (stackstate 4.3 to 5.1); see the README's \"Render\" section for what is rendered per generation"
    )]
    NotYetRendered {
        /// What was asked for.
        artifact: &'static str,
        /// The release named.
        release: String,
    },
    /// A release, or a way of installing it, whose objects stsbackup does not follow (yet): it
    /// would otherwise print what another release renders.
    #[error("stsbackup does not render the {artifact} of {release}: {reason}")]
    NotFollowed {
        /// What was asked for.
        artifact: &'static str,
        /// The release named.
        release: String,
        /// What differs, and what to do instead.
        reason: String,
    },
    /// A template failed: a bug in stsbackup.
    #[error("internal error while rendering (please report it): {0}")]
    Template(String),
}

/// One rendered artifact: a suggested file name and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// A file name (no directory), such as `cronjob-backup-stackgraph.yaml`.
    pub name: String,
    /// The file's text, ending with a newline.
    pub text: String,
}

/// Settings for [`all`].
#[derive(Debug, Clone, Default)]
pub struct AllOptions {
    /// Release, namespace and API version for the CronJobs.
    pub cronjob: CronJobOptions,
    /// The AWS partition of the buckets, for the IAM policy.
    pub partition: Partition,
}

/// Every artifact that applies to these values, one file each: the IAM policy (S3 gateway, or
/// S3Proxy's S3 backend), the SLM policy body (scheduled Elasticsearch snapshots) and the
/// backup CronJobs of the release rendered for ([`cronjobs`]).
///
/// The values fragment is not among them (it holds secrets, and comes from
/// [`ValuesBuilder`]), nor are the restore and list Jobs, which are made when they are needed:
/// their names carry the time they are created.
///
/// ```
/// # use stsbackup::render::{self, AllOptions, ValidatedValues};
/// let yaml = "backup:
///   enabled: true
///   stackGraph: {bucketName: acme-stackgraph-backups}
///   elasticsearch: {bucketName: acme-elasticsearch-backups}
///   configuration: {bucketName: acme-configuration-backups}
/// minio:
///   accessKey: opsbackup01
///   secretKey: Q3m9XcV7tLp2Rw8Zk4Nd
///   s3gateway: {enabled: true, accessKey: AKIAIOSFODNN7EXAMPLE, secretKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}
/// ";
/// let document = stsbackup::load_str("values.yaml", yaml);
/// let values = ValidatedValues::validate(&document).unwrap();
/// let files = render::all(&values, &AllOptions::default()).unwrap();
/// let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
/// assert_eq!(names, [
///     "iam-policy.json",
///     "slm-policy.json",
///     "cronjob-backup-stackgraph.yaml",
///     "cronjob-backup-conf.yaml",
/// ]);
/// ```
pub fn all(
    values: &ValidatedValues,
    options: &AllOptions,
) -> Result<Vec<RenderedFile>, RenderError> {
    // From 2.7 `backup.enabled` is refused; each artifact has its own switches there.
    if generation(values)? == crate::generation::Generation::Classic
        && !values.values().backup.enabled
    {
        return Err(not_enabled("backup artifact"));
    }
    let mut files = Vec::new();
    let mut keep = |name: &str, rendered: Result<String, RenderError>| match rendered {
        Ok(text) => {
            files.push(RenderedFile {
                name: name.to_owned(),
                text,
            });
            Ok(())
        }
        Err(RenderError::NotApplicable { .. }) => Ok(()),
        Err(error) => Err(error),
    };
    keep("iam-policy.json", iam_policy(values, options.partition))?;
    keep("slm-policy.json", slm_policy(values))?;
    for file in cronjobs(values, &options.cronjob).or_else(|error| match error {
        RenderError::NotApplicable { .. } => Ok(Vec::new()),
        error => Err(error),
    })? {
        files.push(file);
    }
    Ok(files)
}

/// The generation the values are rendered for: the named release's, or the classic chart's.
fn generation(values: &ValidatedValues) -> Result<crate::generation::Generation, RenderError> {
    Ok(values
        .release()?
        .map_or(crate::generation::Generation::Classic, |release| {
            release.generation()
        }))
}

/// Refuses an artifact only the classic chart's renderers know, for a later release.
fn classic_only(values: &ValidatedValues, artifact: &'static str) -> Result<(), RenderError> {
    match values.release()? {
        Some(release) if release.generation() != crate::generation::Generation::Classic => {
            Err(RenderError::NotYetRendered {
                artifact,
                release: release.to_string(),
            })
        }
        _ => Ok(()),
    }
}

/// The error for an artifact of values whose `backup.enabled` is off.
fn not_enabled(artifact: &'static str) -> RenderError {
    RenderError::NotApplicable {
        artifact,
        reason: "`backup.enabled` is false, so the chart runs no backups".into(),
    }
}

/// How a storage mode is called in messages.
fn describe_storage(mode: StorageMode) -> &'static str {
    match mode {
        StorageMode::S3Gateway => "the S3 gateway",
        StorageMode::AzureGateway => "the Azure gateway (Azure Blob Storage)",
        StorageMode::LocalVolume => "a PersistentVolumeClaim",
        StorageMode::EmptyDir => "the MinIO pod's emptyDir",
    }
}
