//! `stsbackup render`: arguments, reading the values file, printing findings and writing
//! files. The rendering itself is the library's (`stsbackup::render`).
//!
//! Exit status: 0 when the artifact was written; 1 when the values have an error finding
//! (printed as `lint` prints them, on standard error, and nothing is written) or the artifact
//! cannot be rendered from them; 2 for a usage error or a file that cannot be read or written.

use crate::output::printable;
use clap::{Args, Subcommand, ValueEnum};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use stsbackup::calendar::DateTime;
use stsbackup::render::{
    self, AllOptions, ApiVersion, AwsKeys, AzureAccount, BuildError, ConfigurationRestore,
    Credentials, CronJobOptions, ElasticsearchRestore, Partition, Rejected, Release, RenderError,
    RenderedValues, Retention, StackGraphRestore, ValidatedValues, ValuesBuilder,
    VictoriaMetricsInstance, VictoriaMetricsRestore,
};
use stsbackup::{Document, Report, Severity};

/// The environment variables the keys are read from: keys are never flags, so that they stay
/// out of shell history and process listings.
const MINIO_ACCESS_KEY: &str = "STSBACKUP_MINIO_ACCESS_KEY";
const MINIO_SECRET_KEY: &str = "STSBACKUP_MINIO_SECRET_KEY";
const AWS_ACCESS_KEY: &str = "STSBACKUP_AWS_ACCESS_KEY";
const AWS_SECRET_KEY: &str = "STSBACKUP_AWS_SECRET_KEY";

/// Render the chart's backup artifacts from validated values.
#[derive(Args)]
pub struct RenderArgs {
    #[command(subcommand)]
    artifact: Artifact,
}

#[derive(Subcommand)]
enum Artifact {
    /// The `backup:` and `minio:` values of one of the docs' three recipes, filled in
    ///
    /// Keys come from the environment, never from flags: STSBACKUP_MINIO_ACCESS_KEY and
    /// STSBACKUP_MINIO_SECRET_KEY (with --storage azure: the storage account name and key),
    /// and for --storage s3 optionally STSBACKUP_AWS_ACCESS_KEY and STSBACKUP_AWS_SECRET_KEY
    /// (without them, MinIO uses the pod's AWS identity). --generate-credentials draws new
    /// MinIO keys from the operating system's random source instead.
    ///
    /// What it prints lints clean: it is linted before it is printed.
    ///
    /// Examples:
    ///   STSBACKUP_MINIO_ACCESS_KEY=... STSBACKUP_MINIO_SECRET_KEY=... \
    ///     stsbackup render values --storage pvc > backup-values.yaml
    ///   stsbackup render values --storage s3 --generate-credentials \
    ///     --stackgraph-bucket acme-sg --elasticsearch-bucket acme-es
    #[command(verbatim_doc_comment)]
    Values(ValuesArgs),
    /// The AWS IAM policy the S3 gateway's user needs, for every bucket in use.
    IamPolicy(IamPolicyArgs),
    /// The backup CronJobs, as the chart renders them.
    Cronjob(CronJobArgs),
    /// The JSON body the chart PUTs to `_slm/policy/<snapshotPolicyName>`.
    SlmPolicy(SlmPolicyArgs),
    /// The Jobs the chart's restore scripts create: restore or list backups and snapshots.
    ///
    /// The Job the release's `restore/*.sh` script would create from the chart's ConfigMap
    /// (its name carries the time, `--at`), for `kubectl create -f`. With `--chart`, the
    /// release's own Jobs: stackstate-k8s and suse-observability 2.x add the settings
    /// (configuration) and Victoria Metrics Jobs; what a release cannot restore (backups
    /// off, a store switched off, ClickHouse, which no release restores with a Job) is
    /// refused with the value that decides it.
    #[command(after_help = "Examples:
  stsbackup render restore-job stackgraph -f values.yaml --backup sts-backup-20210216-0300.graph
  stsbackup render restore-job list-configuration-backups --chart suse-observability@2.10.3 values.yaml
  stsbackup render restore-job victoria-metrics --chart stackstate-k8s@1.11.3 -f values.yaml \\
    --instance victoria-metrics-1 --backup victoria-metrics-1-20240601120000")]
    RestoreJob(RestoreJobArgs),
    /// Every artifact that applies, one file each: the directory is replaced as a whole.
    ///
    /// The IAM policy (S3 gateway), the SLM policy and the CronJobs; not the values fragment
    /// (it holds keys) nor the restore and list Jobs (made when needed, named by the time).
    /// The set is written to a new directory beside DIR, which then takes DIR's place in one
    /// rename: a file an earlier render wrote and these values no longer give is gone (and
    /// listed as removed), so `kubectl apply -f DIR` never deploys a stale CronJob. Other
    /// files in DIR are kept as they are; a DIR holding a subdirectory or a link is refused.
    All(AllArgs),
}

/// The values to render from, read as `lint` reads them.
#[derive(Args)]
struct ValuesFile {
    /// Values files, merged in order before any -f file (`-` for standard input).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    inputs: crate::values_inputs::ValuesInputs,
}

#[derive(Args)]
struct Target {
    /// The Helm release name StackState is installed as [default: `stackstate`; with
    /// `--chart suse-observability@...`, `suse-observability`: the docs' install names].
    #[arg(long, value_name = "NAME")]
    release: Option<String>,
    /// The namespace to put the objects in [default: none, kubectl's current namespace].
    #[arg(long, value_name = "NS")]
    namespace: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Storage {
    /// AWS S3, through MinIO's S3 gateway.
    S3,
    /// Azure Blob Storage, through MinIO's Azure gateway.
    Azure,
    /// A PersistentVolumeClaim in the same cluster.
    Pvc,
}

#[derive(Args)]
struct ValuesArgs {
    /// Where the backups go.
    #[arg(long, value_enum)]
    storage: Storage,
    /// `backup.stackGraph.bucketName` (with Azure: the container).
    #[arg(long, value_name = "BUCKET")]
    stackgraph_bucket: Option<String>,
    /// `backup.elasticsearch.bucketName` (with Azure: the container).
    #[arg(long, value_name = "BUCKET")]
    elasticsearch_bucket: Option<String>,
    /// `backup.configuration.bucketName` (chart 5.1 configuration backups).
    #[arg(long, value_name = "BUCKET")]
    configuration_bucket: Option<String>,
    /// StackGraph backup schedule, a Kubernetes cron (`0 3 * * *`).
    #[arg(long, value_name = "CRON")]
    schedule: Option<String>,
    /// Elasticsearch snapshot schedule, an Elasticsearch cron, seconds first (`0 0 3 * * ?`).
    #[arg(long, value_name = "CRON")]
    elasticsearch_schedule: Option<String>,
    /// How long StackGraph backups and Elasticsearch snapshots are kept: days (`30d`) or
    /// hours (`36h`).
    #[arg(long, value_name = "DURATION", value_parser = parse_retention)]
    retention: Option<Retention>,
    /// New random MinIO keys (20 and 40 letters and digits) instead of the environment's.
    #[arg(long)]
    generate_credentials: bool,
    /// The chart release the values are for [default: the classic chart 5.1]. With
    /// `suse-observability@2.10.0` or later, the recipe is S3Proxy's (see the README).
    #[arg(long, value_name = "NAME@VERSION")]
    chart: Option<stsbackup::generation::ChartVersion>,
    /// `victoria-metrics-0/1.backup.bucketName` (suse-observability 2.10 and later).
    #[arg(long, value_name = "BUCKET")]
    victoria_metrics_bucket: Option<String>,
    /// `clickhouse.backup.bucketName` (suse-observability 2.10 and later).
    #[arg(long, value_name = "BUCKET")]
    clickhouse_bucket: Option<String>,
    /// Name every bucket not given `sts-<store>-backup-<8 random letters and digits>`
    /// (suse-observability 2.10 and later; S3 needs every bucket named, the chart's defaults
    /// are taken on AWS).
    #[arg(long)]
    unique_bucket_names: bool,
    /// `backup.storage.backend.s3.region` (suse-observability 2.10 and later, S3).
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// The IAM role of S3Proxy's service account (IRSA annotation `eks.amazonaws.com/role-arn`;
    /// suse-observability 2.10 and later, S3).
    #[arg(long, value_name = "ARN")]
    role_arn: Option<String>,
    /// Write the fragment to this file (replaced whole, readable by its owner only: it holds
    /// keys) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct IamPolicyArgs {
    #[command(flatten)]
    values: ValuesFile,
    /// The AWS partition the buckets are in.
    #[arg(long, value_name = "PARTITION", default_value = "aws", value_parser = ["aws", "aws-cn", "aws-us-gov"])]
    partition: String,
}

#[derive(Args)]
struct CronJobArgs {
    #[command(flatten)]
    values: ValuesFile,
    #[command(flatten)]
    target: Target,
    /// The CronJob API version (`batch/v1beta1` for Kubernetes before 1.21).
    #[arg(long, value_name = "VERSION", default_value = "batch/v1", value_parser = ["batch/v1", "batch/v1beta1"])]
    api_version: String,
}

#[derive(Args)]
struct SlmPolicyArgs {
    #[command(flatten)]
    values: ValuesFile,
}

#[derive(Args)]
struct RestoreJobArgs {
    #[command(subcommand)]
    job: RestoreJob,
}

#[derive(Args)]
struct JobTarget {
    #[command(flatten)]
    values: ValuesFile,
    #[command(flatten)]
    target: Target,
    /// The time in the Job's name, UTC (`2026-11-25T10:00:00Z`) [default: now].
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    at: Option<DateTime>,
}

#[derive(Subcommand)]
enum RestoreJob {
    /// Restore a StackGraph backup (scale down the StackGraph users first, as the chart's
    /// script does).
    Stackgraph {
        #[command(flatten)]
        job: JobTarget,
        /// The backup, as `list-stackgraph-backups` lists it.
        #[arg(long, value_name = "NAME")]
        backup: String,
        /// Overwrite the existing StackGraph data.
        #[arg(long)]
        force: bool,
    },
    /// Restore an Elasticsearch snapshot (existing indices are not overwritten).
    Elasticsearch {
        #[command(flatten)]
        job: JobTarget,
        /// The snapshot, as `list-elasticsearch-snapshots` lists it.
        #[arg(long, value_name = "NAME")]
        snapshot: String,
        /// The indices to restore, comma-separated [default: the indices the snapshots take].
        #[arg(long, value_name = "INDICES")]
        indices: Option<String>,
        /// Delete every index before the restore (suse-observability 2.x; the release's
        /// script asks to confirm it).
        #[arg(long)]
        delete_all_indices: bool,
    },
    /// Restore a settings (configuration) backup: it replaces all settings and topology
    /// (stackstate-k8s, suse-observability; scale down the StackGraph users first).
    #[command(visible_alias = "settings")]
    Configuration {
        #[command(flatten)]
        job: JobTarget,
        /// The backup, as `list-configuration-backups` lists it (`sts-backup-20250102-0400.sty`).
        #[arg(long, value_name = "NAME")]
        backup: String,
        /// Restore without the script's confirmation (`-force`).
        #[arg(long)]
        force: bool,
    },
    /// Restore a Victoria Metrics backup into one instance (stackstate-k8s, suse-observability;
    /// scale the instance's StatefulSet to 0 first).
    VictoriaMetrics {
        #[command(flatten)]
        job: JobTarget,
        /// The instance to restore into.
        #[arg(long, value_name = "INSTANCE", value_parser = ["victoria-metrics-0", "victoria-metrics-1"])]
        instance: String,
        /// The backup folder, as `list-victoria-metrics-backups` lists it
        /// (`victoria-metrics-0-20240601120000`; from 2.10 `victoria-metrics-0-latest`).
        #[arg(long, value_name = "FOLDER")]
        backup: String,
    },
    /// ClickHouse: refused with the command to run instead (every release restores it through
    /// its backup sidecar with `kubectl exec`, not with a Job).
    Clickhouse {
        #[command(flatten)]
        job: JobTarget,
        /// The backup, as `clickhouse-backup list remote` lists it (`full_2024-06-14T00-45-00`).
        #[arg(long, value_name = "NAME")]
        backup: String,
    },
    /// List the StackGraph backups.
    ListStackgraphBackups {
        #[command(flatten)]
        job: JobTarget,
    },
    /// List the Elasticsearch snapshots.
    ListElasticsearchSnapshots {
        #[command(flatten)]
        job: JobTarget,
    },
    /// List the settings (configuration) backups (stackstate-k8s, suse-observability).
    #[command(visible_alias = "list-settings-backups")]
    ListConfigurationBackups {
        #[command(flatten)]
        job: JobTarget,
    },
    /// List the Victoria Metrics backups of both instances (stackstate-k8s, suse-observability).
    ListVictoriaMetricsBackups {
        #[command(flatten)]
        job: JobTarget,
    },
    /// ClickHouse: refused with the command to run instead (no release lists it with a Job).
    ListClickhouseBackups {
        #[command(flatten)]
        job: JobTarget,
    },
}

#[derive(Args)]
struct AllArgs {
    #[command(flatten)]
    values: ValuesFile,
    #[command(flatten)]
    target: Target,
    /// The directory to write to (created if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,
    /// The CronJob API version.
    #[arg(long, value_name = "VERSION", default_value = "batch/v1", value_parser = ["batch/v1", "batch/v1beta1"])]
    api_version: String,
    /// The AWS partition the buckets are in.
    #[arg(long, value_name = "PARTITION", default_value = "aws", value_parser = ["aws", "aws-cn", "aws-us-gov"])]
    partition: String,
}

/// Why `render` stopped: each maps to an exit status and what is printed.
enum Failure {
    /// A usage problem: exit 2.
    Usage(String),
    /// The values have errors: printed as `lint` prints them; exit 1.
    Rejected(Box<Rejected>),
    /// The artifact cannot be rendered from these values: exit 1.
    Render(RenderError),
    /// A file could not be read or written: exit 2.
    Io(String),
    /// Standard output could not be written: see [`crate::output_error`].
    Output(io::Error),
}

impl From<RenderError> for Failure {
    fn from(error: RenderError) -> Self {
        Failure::Render(error)
    }
}

/// Runs `stsbackup render`.
pub fn run(args: RenderArgs) -> ExitCode {
    let result = match args.artifact {
        Artifact::Values(args) => values(args),
        Artifact::IamPolicy(args) => iam_policy(args),
        Artifact::Cronjob(args) => cronjob(args),
        Artifact::SlmPolicy(args) => slm_policy(args),
        Artifact::RestoreJob(args) => restore_job(args.job),
        Artifact::All(args) => all(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rejected(rejected)) => {
            let (document, report) = rejected.into_parts();
            print_findings(document, report);
            ExitCode::from(1)
        }
        Err(Failure::Render(error)) => {
            warn!("stsbackup: {}", printable(&error.to_string()));
            ExitCode::from(1)
        }
        Err(Failure::Usage(message) | Failure::Io(message)) => {
            // File names and values in the message come from the input.
            warn!("stsbackup: {}", printable(&message));
            ExitCode::from(2)
        }
        Err(Failure::Output(error)) => crate::output_error(error),
    }
}

fn values(args: ValuesArgs) -> Result<(), Failure> {
    let minio = minio_credentials(&args)?;
    let aws = aws_keys()?;
    if aws.is_some() && args.storage != Storage::S3 {
        warn!(
            "stsbackup: {AWS_ACCESS_KEY} and {AWS_SECRET_KEY} are used with --storage s3 only; ignored"
        );
    }
    let built = match args.storage {
        Storage::S3 => {
            let mut builder = common(ValuesBuilder::s3(), &args).minio_credentials(minio);
            if let Some(keys) = aws {
                builder = builder.aws_keys(keys);
            }
            builder.build()
        }
        Storage::Azure => common(ValuesBuilder::azure(), &args)
            .azure_account(AzureAccount::new(minio.access_key, minio.secret_key))
            .build(),
        Storage::Pvc => common(ValuesBuilder::pvc(), &args)
            .minio_credentials(minio)
            .build(),
    };
    let rendered: RenderedValues = built.map_err(|error| match error {
        BuildError::Rejected(rejected) => Failure::Rejected(rejected),
        BuildError::MissingCredentials(what) => Failure::Usage(format!("{what} are required")),
        error @ BuildError::MissingBuckets(_) => Failure::Usage(error.to_string()),
        BuildError::Render(error) => Failure::Render(error),
    })?;
    print_warnings(
        &stsbackup::load_str("<rendered values>", rendered.text()),
        rendered.findings(),
    );
    match &args.output {
        None => print_stdout(rendered.text()),
        Some(path) => {
            let (directory, name) = split_file_path(path)?;
            write_file(&directory, &name, rendered.text(), FileMode::Secret)
                .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
            sync_directory(&directory);
            print_stdout(&format!(
                "wrote {} (readable by its owner only: it holds keys)\n",
                printable(&path.display().to_string())
            ))
        }
    }
}

/// The directory and the file name of an output file.
fn split_file_path(path: &Path) -> Result<(PathBuf, String), Failure> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .ok_or_else(|| Failure::Usage(format!("{} is not a file name", path.display())))?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((directory, name))
}

/// The settings every recipe takes.
fn common<R: render::Recipe>(mut builder: ValuesBuilder<R>, args: &ValuesArgs) -> ValuesBuilder<R> {
    if let Some(bucket) = &args.stackgraph_bucket {
        builder = builder.stackgraph_bucket(bucket);
    }
    if let Some(bucket) = &args.elasticsearch_bucket {
        builder = builder.elasticsearch_bucket(bucket);
    }
    if let Some(bucket) = &args.configuration_bucket {
        builder = builder.configuration_bucket(bucket);
    }
    if let Some(schedule) = &args.schedule {
        builder = builder.stackgraph_schedule(schedule);
    }
    if let Some(schedule) = &args.elasticsearch_schedule {
        builder = builder.elasticsearch_schedule(schedule);
    }
    if let Some(retention) = args.retention {
        builder = builder.retention(retention);
    }
    if let Some(chart) = args.chart {
        builder = builder.chart(chart);
    }
    if let Some(bucket) = &args.victoria_metrics_bucket {
        builder = builder.victoria_metrics_bucket(bucket);
    }
    if let Some(bucket) = &args.clickhouse_bucket {
        builder = builder.clickhouse_bucket(bucket);
    }
    if args.unique_bucket_names {
        builder = builder.unique_bucket_names();
    }
    if let Some(region) = &args.region {
        builder = builder.s3_region(region);
    }
    if let Some(arn) = &args.role_arn {
        builder = builder.service_account_role_arn(arn);
    }
    builder
}

/// The MinIO keys (with Azure: the account name and key), from the environment or new.
fn minio_credentials(args: &ValuesArgs) -> Result<Credentials, Failure> {
    let access = env_var(MINIO_ACCESS_KEY)?;
    let secret = env_var(MINIO_SECRET_KEY)?;
    if args.generate_credentials {
        if args.storage == Storage::Azure {
            return Err(Failure::Usage(format!(
                "--generate-credentials cannot make Azure credentials: with --storage azure the MinIO keys are the storage account name and key; set {MINIO_ACCESS_KEY} and {MINIO_SECRET_KEY}"
            )));
        }
        if access.is_some() || secret.is_some() {
            return Err(Failure::Usage(format!(
                "--generate-credentials makes new keys, but {MINIO_ACCESS_KEY} or {MINIO_SECRET_KEY} is set: use one or the other"
            )));
        }
        return Credentials::generate().map_err(|e| {
            Failure::Io(format!(
                "cannot read the operating system's random source: {e}"
            ))
        });
    }
    match (access, secret) {
        (Some(access), Some(secret)) => Ok(Credentials::new(access, secret)),
        _ => Err(Failure::Usage(if args.storage == Storage::Azure {
            format!(
                "set {MINIO_ACCESS_KEY} to the Azure storage account name and {MINIO_SECRET_KEY} to its key"
            )
        } else {
            format!("set {MINIO_ACCESS_KEY} and {MINIO_SECRET_KEY}, or pass --generate-credentials")
        })),
    }
}

/// The S3 gateway's AWS keys: both or neither.
fn aws_keys() -> Result<Option<AwsKeys>, Failure> {
    match (env_var(AWS_ACCESS_KEY)?, env_var(AWS_SECRET_KEY)?) {
        (Some(id), Some(secret)) => Ok(Some(AwsKeys::new(id, secret))),
        (None, None) => Ok(None),
        _ => Err(Failure::Usage(format!(
            "set both {AWS_ACCESS_KEY} and {AWS_SECRET_KEY}, or neither (MinIO then uses the pod's AWS identity)"
        ))),
    }
}

/// An environment variable; unset and empty are the same. Its value is never printed.
fn env_var(name: &str) -> Result<Option<String>, Failure> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Failure::Usage(format!("{name} is not valid UTF-8")))
        }
    }
}

fn iam_policy(args: IamPolicyArgs) -> Result<(), Failure> {
    let (document, values) = load_validated(&args.values)?;
    let partition: Partition = args.partition.parse()?;
    let policy = render::iam_policy(&values, partition)?;
    print_warnings(&document, values.findings());
    print_stdout(&policy)
}

fn cronjob(args: CronJobArgs) -> Result<(), Failure> {
    let (document, values) = load_validated(&args.values)?;
    let options = CronJobOptions {
        release: release(&args.target, &values)?,
        api_version: args.api_version.parse::<ApiVersion>()?,
    };
    let files = render::cronjobs(&values, &options)?;
    print_warnings(&document, values.findings());
    let texts: Vec<&str> = files.iter().map(|file| file.text.as_str()).collect();
    print_stdout(&texts.join("---\n"))
}

fn slm_policy(args: SlmPolicyArgs) -> Result<(), Failure> {
    let (document, values) = load_validated(&args.values)?;
    let body = render::slm_policy(&values)?;
    print_warnings(&document, values.findings());
    print_stdout(&body)
}

fn restore_job(job: RestoreJob) -> Result<(), Failure> {
    let inputs = match &job {
        RestoreJob::Stackgraph { job, .. }
        | RestoreJob::Elasticsearch { job, .. }
        | RestoreJob::Configuration { job, .. }
        | RestoreJob::VictoriaMetrics { job, .. }
        | RestoreJob::Clickhouse { job, .. }
        | RestoreJob::ListStackgraphBackups { job }
        | RestoreJob::ListElasticsearchSnapshots { job }
        | RestoreJob::ListConfigurationBackups { job }
        | RestoreJob::ListVictoriaMetricsBackups { job }
        | RestoreJob::ListClickhouseBackups { job } => job,
    };
    let at = inputs.at.unwrap_or_else(DateTime::now);
    let (document, values) = load_validated(&inputs.values)?;
    let release = release(&inputs.target, &values)?;
    let text = match job {
        RestoreJob::Stackgraph { backup, force, .. } => {
            let restore = StackGraphRestore { backup, force };
            render::stackgraph_restore_job(&values, &release, &restore, at)?
        }
        RestoreJob::Elasticsearch {
            snapshot,
            indices,
            delete_all_indices,
            ..
        } => {
            let restore = ElasticsearchRestore {
                snapshot,
                indices,
                delete_all_indices,
            };
            render::elasticsearch_restore_job(&values, &release, &restore, at)?
        }
        RestoreJob::Configuration { backup, force, .. } => {
            let restore = ConfigurationRestore { backup, force };
            render::configuration_restore_job(&values, &release, &restore, at)?
        }
        RestoreJob::VictoriaMetrics {
            instance, backup, ..
        } => {
            let instance = match instance.as_str() {
                "victoria-metrics-0" => VictoriaMetricsInstance::Zero,
                _ => VictoriaMetricsInstance::One,
            };
            let restore = VictoriaMetricsRestore { instance, backup };
            render::victoria_metrics_restore_job(&values, &release, &restore, at)?
        }
        RestoreJob::Clickhouse { backup, .. } => render::clickhouse_restore_job(&values, &backup)?,
        RestoreJob::ListConfigurationBackups { .. } => {
            render::configuration_list_job(&values, &release, at)?
        }
        RestoreJob::ListVictoriaMetricsBackups { .. } => {
            render::victoria_metrics_list_job(&values, &release, at)?
        }
        RestoreJob::ListClickhouseBackups { .. } => render::clickhouse_list_job(&values)?,
        RestoreJob::ListStackgraphBackups { .. } => {
            render::stackgraph_list_job(&values, &release, at)?
        }
        RestoreJob::ListElasticsearchSnapshots { .. } => {
            render::elasticsearch_list_job(&values, &release, at)?
        }
    };
    print_warnings(&document, values.findings());
    print_stdout(&text)
}

fn all(args: AllArgs) -> Result<(), Failure> {
    let (document, values) = load_validated(&args.values)?;
    let options = AllOptions {
        cronjob: CronJobOptions {
            release: release(&args.target, &values)?,
            api_version: args.api_version.parse::<ApiVersion>()?,
        },
        partition: args.partition.parse::<Partition>()?,
    };
    // Everything is rendered before anything is written: an error leaves the directory as
    // it was.
    let files = render::all(&values, &options)?;
    print_warnings(&document, values.findings());
    let removed = replace_directory(&args.output, &files)?;
    // The files are written whatever becomes of standard output.
    let mut list: String = files
        .iter()
        .map(|file| {
            let path = args.output.join(&file.name);
            format!("wrote {}\n", printable(&path.display().to_string()))
        })
        .collect();
    for name in removed {
        let path = args.output.join(&name);
        list.push_str(&format!(
            "removed {} (no longer rendered from these values)\n",
            printable(&path.display().to_string())
        ));
    }
    print_stdout(&list)
}

/// Whether a file name is one `render all` writes (or wrote in an earlier version): such a
/// file of an earlier render is replaced or removed; any other file is kept.
fn is_rendered_name(name: &str) -> bool {
    let stem_ok = |stem: &str| {
        !stem.is_empty()
            && stem
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let json = name
        .strip_suffix(".json")
        .is_some_and(|stem| stem_ok(stem) && stem.contains("policy"));
    let yaml = name.strip_suffix(".yaml").is_some_and(|stem| {
        stem_ok(stem) && (stem.starts_with("cronjob-") || stem.starts_with("job-"))
    });
    json || yaml
}

/// Replaces the set of files `render all` wrote in `target` with `files`: they are written to
/// a new directory beside it, which then takes its place (Linux: one
/// `renameat2(RENAME_EXCHANGE)`, so a reader sees the whole old set or the whole new one;
/// elsewhere two renames, with a moment in between when the directory is absent). A file of
/// an earlier render that is not in the new set is gone with the old directory; its name is
/// returned. Files `render all` does not write (a `kustomization.yaml`, anything else) are
/// carried over as they are (hard-linked, the same file); a directory that holds anything
/// but files (a subdirectory, a link) is refused, and nothing changes.
fn replace_directory(
    target: &Path,
    files: &[render::RenderedFile],
) -> Result<Vec<String>, Failure> {
    // `run` makes the message printable.
    let shown = || target.display().to_string();
    let io_error =
        |what: &str, e: io::Error| Failure::Io(format!("cannot {what} {}: {e}", shown()));
    // The files of an earlier render, and the others, which are kept.
    let previous: Option<(Vec<String>, Vec<std::ffi::OsString>)> = match fs::symlink_metadata(
        target,
    ) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_error("read", e)),
        Ok(meta) if !meta.is_dir() => {
            return Err(Failure::Usage(format!(
                "{} is not a directory; nothing was written",
                shown()
            )));
        }
        Ok(_) => {
            let mut rendered = Vec::new();
            let mut kept = Vec::new();
            for entry in fs::read_dir(target).map_err(|e| io_error("read", e))? {
                let entry = entry.map_err(|e| io_error("read", e))?;
                let name = entry.file_name();
                if !entry.file_type().is_ok_and(|t| t.is_file()) {
                    return Err(Failure::Usage(format!(
                        "{} holds `{}`, which is not a file: `render all` replaces the directory, so it writes only to one that holds files; nothing was written",
                        shown(),
                        name.to_string_lossy()
                    )));
                }
                match name.to_str().filter(|name| is_rendered_name(name)) {
                    Some(name) => rendered.push(name.to_owned()),
                    None => kept.push(name),
                }
            }
            Some((rendered, kept))
        }
    };
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| io_error("create", e))?;
    let base = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rendered".to_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{base}.new."))
        .tempdir_in(&parent)
        .map_err(|e| io_error("create", e))?;
    for file in files {
        write_file(staging.path(), &file.name, &file.text, FileMode::Public).map_err(|e| {
            Failure::Io(format!(
                "cannot write {}: {e}",
                staging.path().join(&file.name).display()
            ))
        })?;
    }
    if let Some((_, kept)) = &previous {
        for name in kept {
            let (from, to) = (target.join(name), staging.path().join(name));
            fs::hard_link(&from, &to)
                .or_else(|_| fs::copy(&from, &to).map(|_| ()))
                .map_err(|e| Failure::Io(format!("cannot keep {}: {e}", from.display())))?;
        }
    }
    set_directory_mode(staging.path()).map_err(|e| io_error("write", e))?;
    sync_directory(staging.path());
    if previous.is_none() {
        let staged = staging.keep();
        fs::rename(&staged, target).map_err(|e| {
            let _ = fs::remove_dir_all(&staged);
            io_error("write", e)
        })?;
    } else {
        swap_directories(staging.path(), target, &parent, &base)
            .map_err(|e| io_error("replace", e))?;
        // `staging` now holds the old set; dropping it removes it.
        drop(staging);
    }
    sync_directory(&parent);
    let mut removed: Vec<String> = previous
        .map(|(rendered, _)| rendered)
        .unwrap_or_default()
        .into_iter()
        .filter(|name| !files.iter().any(|file| &file.name == name))
        .collect();
    removed.sort();
    Ok(removed)
}

/// Puts the directory `new` in the place of `target`, and the old `target` at `new`.
#[cfg(target_os = "linux")]
fn swap_directories(new: &Path, target: &Path, parent: &Path, base: &str) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // A file system without RENAME_EXCHANGE: two renames.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            swap_by_renames(new, target, parent, base)
        }
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap_directories(new: &Path, target: &Path, parent: &Path, base: &str) -> io::Result<()> {
    swap_by_renames(new, target, parent, base)
}

/// The old directory moves aside, the new one takes its name, and the old one takes the new
/// one's (to be removed with it); if the second rename fails the old one is put back.
fn swap_by_renames(new: &Path, target: &Path, parent: &Path, base: &str) -> io::Result<()> {
    let aside = tempfile::Builder::new()
        .prefix(&format!(".{base}.old."))
        .tempdir_in(parent)?;
    let aside_path = aside.keep();
    fs::remove_dir(&aside_path)?;
    fs::rename(target, &aside_path)?;
    if let Err(error) = fs::rename(new, target) {
        let _ = fs::rename(&aside_path, target);
        return Err(error);
    }
    fs::rename(&aside_path, new)
}

/// Who may read a written file: the values fragment holds keys (owner only).
#[derive(Clone, Copy, PartialEq, Eq)]
enum FileMode {
    Public,
    Secret,
}

/// A new directory gets the usual `rwxr-xr-x` (a temporary directory is owner-only).
#[cfg(unix)]
fn set_directory_mode(directory: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(directory, fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_directory_mode(_: &Path) -> io::Result<()> {
    Ok(())
}

/// Writes a file so that it is either absent, as it was, or complete: the text goes to a
/// temporary file in the same directory, is flushed to disk, and is renamed over the target
/// (a rename within a file system is atomic).
///
/// The temporary file gets a random name, created exclusively (`tempfile`, owner-only): it
/// cannot be a file that was there before the run, and when anything fails, dropping it
/// removes that file and nothing else. A file holding secrets keeps the owner-only mode;
/// others are made readable (`rw-r--r--`).
fn write_file(directory: &Path, name: &str, text: &str, mode: FileMode) -> io::Result<PathBuf> {
    let target = directory.join(name);
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(directory)?;
    temporary.write_all(text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let bits = if mode == FileMode::Secret {
            0o600
        } else {
            0o644
        };
        temporary
            .as_file()
            .set_permissions(fs::Permissions::from_mode(bits))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    temporary.as_file().sync_all()?;
    temporary.persist(&target).map_err(|error| error.error)?;
    Ok(target)
}

/// Makes the renames durable where the platform allows (a directory can be synced on Unix).
fn sync_directory(directory: &Path) {
    if let Ok(handle) = fs::File::open(directory) {
        let _ = handle.sync_all();
    }
}

fn release(target: &Target, values: &ValidatedValues) -> Result<Release, Failure> {
    let release = match target.release.as_deref() {
        Some(name) => Release::new(name).map_err(|e| Failure::Usage(e.to_string()))?,
        None => values.docs_release(),
    };
    match &target.namespace {
        Some(namespace) => release
            .in_namespace(namespace.as_str())
            .map_err(|e| Failure::Usage(e.to_string())),
        None => Ok(release),
    }
}

/// Reads, merges and validates the values (for the chart `--chart` or the configuration
/// names, or the one their keys point to); values with an error finding are refused.
use crate::values_inputs::NotPrepared;

fn load_validated(file: &ValuesFile) -> Result<(Document, ValidatedValues), Failure> {
    let inputs = file.inputs.clone().with_files_first(file.files.clone());
    if inputs.is_empty() {
        return Err(Failure::Usage(
            "no values to render from: give a values file (`-f values.yaml` or `values.yaml`), or --set"
                .to_owned(),
        ));
    }
    let prepared = inputs.prepare().map_err(|failure| match failure {
        NotPrepared::Usage(message) => Failure::Usage(message),
        NotPrepared::Unreadable(files) => Failure::Io(
            files
                .iter()
                .map(|file| format!("cannot read {}: {}", file.name, file.error))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    })?;
    let values = ValidatedValues::validate_with(&prepared.document, &prepared.options)
        .map_err(Failure::Rejected)?;
    let document = prepared.document;
    Ok((document, values))
}

fn parse_retention(text: &str) -> Result<Retention, String> {
    text.parse()
}

fn parse_time(text: &str) -> Result<DateTime, String> {
    DateTime::parse_rfc3339(text)
        .ok_or_else(|| format!("`{text}` is not a UTC time such as 2026-11-25T10:00:00Z"))
}

/// Prints findings as `lint --format text` does, on standard error (standard output is for
/// the artifact).
fn print_findings(document: Document, report: Report) {
    use crate::output::Output;
    let colour = crate::use_colour(&io::stderr());
    let mut text = crate::output::text::Text::new(io::stderr().lock(), colour);
    let _ = text.file(&document, &report).and_then(|()| text.finish());
}

/// Warnings and notes do not stop rendering, but are worth seeing. The note on the chart
/// generation (SB009) is left out: `--chart` names the release to render for (without it,
/// the classic chart, unless the keys point only to later ones; see the README).
fn print_warnings(document: &Document, findings: &[stsbackup::Finding]) {
    let findings: Vec<_> = findings
        .iter()
        .filter(|f| f.severity != Severity::Error && f.code() != "SB009")
        .cloned()
        .collect();
    if !findings.is_empty() {
        let mut report = stsbackup::validate(&stsbackup::load_str("", ""));
        report.findings = findings;
        report.values = None;
        print_findings(document.clone(), report);
    }
}

fn print_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Failure::Output)
}
