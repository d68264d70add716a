//! The values fragment of the docs' three recipes (AWS S3, Azure Blob Storage, Kubernetes
//! storage), built from typed settings and proven on `build()`: the fragment is rendered,
//! then linted with the library, and only a fragment without an error is handed out.

use super::{Rejected, RenderError, ValidatedValues, templates};
use crate::generation::{ChartVersion, Generation};
use crate::validate::Options;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A recipe of the StackState backup docs: [`S3`], [`Azure`] or [`Pvc`]. Sealed: the three
/// are all the chart supports.
pub trait Recipe: sealed::Sealed {}

mod sealed {
    pub trait Sealed {
        /// The recipe's name in the template.
        fn name(&self) -> &'static str;
        /// The MinIO keys the fragment writes, when set.
        fn minio_keys(&self) -> Option<(&str, &str)>;
        /// The AWS keys of the S3 gateway, when set.
        fn aws_keys(&self) -> Option<&super::AwsKeys>;
        /// What is missing when no MinIO keys are set.
        fn missing_keys(&self) -> &'static str;
    }
}

/// MinIO as a gateway to AWS S3 (`minio.s3gateway`): the docs' "Backup to AWS S3".
#[derive(Clone, Default)]
pub struct S3 {
    minio: Option<Credentials>,
    aws: Option<AwsKeys>,
}

/// MinIO as a gateway to Azure Blob Storage (`minio.azuregateway`): "Backup to Azure Blob
/// Storage". The MinIO keys are the storage account name and key.
#[derive(Clone, Default)]
pub struct Azure {
    account: Option<AzureAccount>,
}

/// MinIO on a PersistentVolumeClaim (`minio.persistence`): "Backup to Kubernetes storage".
#[derive(Clone, Default)]
pub struct Pvc {
    minio: Option<Credentials>,
}

impl Recipe for S3 {}
impl Recipe for Azure {}
impl Recipe for Pvc {}

impl sealed::Sealed for S3 {
    fn name(&self) -> &'static str {
        "s3"
    }
    fn minio_keys(&self) -> Option<(&str, &str)> {
        self.minio
            .as_ref()
            .map(|c| (c.access_key.as_str(), c.secret_key.as_str()))
    }
    fn aws_keys(&self) -> Option<&AwsKeys> {
        self.aws.as_ref()
    }
    fn missing_keys(&self) -> &'static str {
        "the MinIO access and secret keys"
    }
}

impl sealed::Sealed for Azure {
    fn name(&self) -> &'static str {
        "azure"
    }
    fn minio_keys(&self) -> Option<(&str, &str)> {
        self.account
            .as_ref()
            .map(|a| (a.name.as_str(), a.key.as_str()))
    }
    fn aws_keys(&self) -> Option<&AwsKeys> {
        None
    }
    fn missing_keys(&self) -> &'static str {
        "the Azure storage account name and key"
    }
}

impl sealed::Sealed for Pvc {
    fn name(&self) -> &'static str {
        "pvc"
    }
    fn minio_keys(&self) -> Option<(&str, &str)> {
        self.minio
            .as_ref()
            .map(|c| (c.access_key.as_str(), c.secret_key.as_str()))
    }
    fn aws_keys(&self) -> Option<&AwsKeys> {
        None
    }
    fn missing_keys(&self) -> &'static str {
        "the MinIO access and secret keys"
    }
}

/// The MinIO root credentials the backup jobs use (`minio.accessKey`, `minio.secretKey`).
/// `Debug` does not show the secret key.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The access key: 5 to 20 letters and digits.
    pub access_key: String,
    /// The secret key: 8 to 40 letters and digits.
    pub secret_key: String,
}

/// Letters and digits: the alphabet the docs allow for MinIO keys.
const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

impl Credentials {
    /// Credentials from known keys.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
        }
    }

    /// New random keys from the operating system's random source: a 20-character access key
    /// and a 40-character secret key of letters and digits (the longest the docs allow, and
    /// what MinIO itself generates).
    ///
    /// ```
    /// let credentials = stsbackup::render::Credentials::generate().unwrap();
    /// assert_eq!(credentials.access_key.len(), 20);
    /// assert!(credentials.secret_key.chars().all(|c| c.is_ascii_alphanumeric()));
    /// ```
    pub fn generate() -> std::io::Result<Self> {
        Ok(Credentials {
            access_key: random_alphanumeric(20)?,
            secret_key: random_alphanumeric(40)?,
        })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .finish()
    }
}

/// `length` characters drawn uniformly from [`ALPHANUMERIC`]. Random bytes of 248 or more are
/// discarded (rejection sampling): 248 is the largest multiple of 62 in a byte, so every
/// character stays equally likely instead of the first 8 being favoured by `% 62`.
fn random_alphanumeric(length: usize) -> std::io::Result<String> {
    const LIMIT: u8 = (256 / ALPHANUMERIC.len() * ALPHANUMERIC.len()) as u8;
    let mut text = String::with_capacity(length);
    let mut buffer = [0u8; 64];
    while text.len() < length {
        getrandom::fill(&mut buffer).map_err(|e| std::io::Error::other(e.to_string()))?;
        for &byte in buffer.iter().filter(|&&b| b < LIMIT) {
            if text.len() == length {
                break;
            }
            text.push(char::from(
                ALPHANUMERIC[usize::from(byte) % ALPHANUMERIC.len()],
            ));
        }
    }
    Ok(text)
}

/// The AWS keys of the IAM user the S3 gateway acts as (`minio.s3gateway.accessKey`,
/// `minio.s3gateway.secretKey`). Without them MinIO uses the pod's AWS identity.
/// `Debug` does not show the secret key.
#[derive(Clone, PartialEq, Eq)]
pub struct AwsKeys {
    /// The access key id (`AKIA...`).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
}

impl AwsKeys {
    /// The access key pair of an IAM user.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        AwsKeys {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
        }
    }
}

impl fmt::Debug for AwsKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsKeys")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .finish()
    }
}

/// The Azure storage account the Azure gateway writes to; with that gateway these are the
/// MinIO keys. `Debug` does not show the key.
#[derive(Clone, PartialEq, Eq)]
pub struct AzureAccount {
    /// The storage account name (3 to 24 lowercase letters and digits).
    pub name: String,
    /// An account key (base64 of 64 bytes).
    pub key: String,
}

impl AzureAccount {
    /// A storage account name and one of its keys.
    pub fn new(name: impl Into<String>, key: impl Into<String>) -> Self {
        AzureAccount {
            name: name.into(),
            key: key.into(),
        }
    }
}

impl fmt::Debug for AzureAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureAccount")
            .field("name", &self.name)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// How long backups are kept, for StackGraph (a Python `timedelta`, `days = 30`) and
/// Elasticsearch (a time value, `30d`) alike.
///
/// ```
/// use stsbackup::render::Retention;
/// let retention: Retention = "14d".parse().unwrap();
/// assert_eq!(retention, Retention::days(14));
/// assert!("2w".parse::<Retention>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    amount: u32,
    unit: RetentionUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RetentionUnit {
    Days,
    Hours,
}

impl Retention {
    /// Keep backups `days` days.
    pub fn days(days: u32) -> Self {
        Retention {
            amount: days,
            unit: RetentionUnit::Days,
        }
    }

    /// Keep backups `hours` hours.
    pub fn hours(hours: u32) -> Self {
        Retention {
            amount: hours,
            unit: RetentionUnit::Hours,
        }
    }

    /// The StackGraph form: the arguments of Python's `timedelta`.
    fn timedelta(self) -> String {
        match self.unit {
            RetentionUnit::Days => format!("days = {}", self.amount),
            RetentionUnit::Hours => format!("hours = {}", self.amount),
        }
    }

    /// The GNU `date -d` form of `stackstate-k8s` 1.11.4 and later: `30 days ago`.
    fn gnu_date(self) -> String {
        match self.unit {
            RetentionUnit::Days => format!("{} days ago", self.amount),
            RetentionUnit::Hours => format!("{} hours ago", self.amount),
        }
    }

    /// The Elasticsearch form: a time value.
    fn time_value(self) -> String {
        match self.unit {
            RetentionUnit::Days => format!("{}d", self.amount),
            RetentionUnit::Hours => format!("{}h", self.amount),
        }
    }
}

impl FromStr for Retention {
    type Err = String;

    /// `<number>d` or `<number>h`, as Elasticsearch writes time values.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (number, unit) = match text.strip_suffix('d') {
            Some(number) => (number, RetentionUnit::Days),
            None => match text.strip_suffix('h') {
                Some(number) => (number, RetentionUnit::Hours),
                None => {
                    return Err(format!(
                        "`{}` is not a retention: write days (`30d`) or hours (`36h`)",
                        text.escape_debug()
                    ));
                }
            },
        };
        match number.parse::<u32>() {
            Ok(amount) if amount > 0 && number.chars().all(|c| c.is_ascii_digit()) => {
                Ok(Retention { amount, unit })
            }
            _ => Err(format!(
                "`{}` is not a retention: the number must be a whole number of at least 1",
                text.escape_debug()
            )),
        }
    }
}

/// Builds the `backup:`/`minio:` values of a recipe. Each setting left out keeps the chart's
/// default; `build()` renders the fragment and lints it, so what it hands out lints clean.
///
/// ```
/// use stsbackup::render::{Credentials, ValuesBuilder};
///
/// let values = ValuesBuilder::pvc()
///     .minio_credentials(Credentials::new("opsbackup01", "Q3m9XcV7tLp2Rw8Zk4Nd"))
///     .stackgraph_schedule("0 2 * * *")
///     .build()
///     .unwrap();
/// assert!(values.text().contains("persistence:\n    enabled: true"));
/// // Kubernetes storage works, with the docs' warning (SB603).
/// assert!(values.findings().iter().any(|f| f.code() == "SB603"));
///
/// // What does not lint clean is refused, with the findings.
/// let error = ValuesBuilder::pvc()
///     .minio_credentials(Credentials::new("opsbackup01", "Xy7qZ"))
///     .build()
///     .unwrap_err();
/// assert!(error.to_string().contains("SB102"));
/// assert!(!error.to_string().contains("Xy7qZ"), "errors never show a secret");
/// ```
#[derive(Clone)]
pub struct ValuesBuilder<R: Recipe> {
    recipe: R,
    stackgraph_bucket: Option<String>,
    elasticsearch_bucket: Option<String>,
    configuration_bucket: Option<String>,
    stackgraph_schedule: Option<String>,
    elasticsearch_schedule: Option<String>,
    retention: Option<Retention>,
    chart: Option<ChartVersion>,
    victoria_metrics_bucket: Option<String>,
    clickhouse_bucket: Option<String>,
    unique_bucket_names: bool,
    region: Option<String>,
    role_arn: Option<String>,
}

impl<R: Recipe + Default> ValuesBuilder<R> {
    fn new() -> Self {
        ValuesBuilder {
            recipe: R::default(),
            stackgraph_bucket: None,
            elasticsearch_bucket: None,
            configuration_bucket: None,
            stackgraph_schedule: None,
            elasticsearch_schedule: None,
            retention: None,
            chart: None,
            victoria_metrics_bucket: None,
            clickhouse_bucket: None,
            unique_bucket_names: false,
            region: None,
            role_arn: None,
        }
    }
}

impl ValuesBuilder<S3> {
    /// The AWS S3 recipe. Bucket names on AWS are global: the chart's defaults are probably
    /// taken, so set your own.
    pub fn s3() -> Self {
        Self::new()
    }

    /// The MinIO keys (required).
    pub fn minio_credentials(mut self, credentials: Credentials) -> Self {
        self.recipe.minio = Some(credentials);
        self
    }

    /// The AWS keys of the IAM user. Leave them out to use the pod's AWS identity.
    pub fn aws_keys(mut self, keys: AwsKeys) -> Self {
        self.recipe.aws = Some(keys);
        self
    }
}

impl ValuesBuilder<Azure> {
    /// The Azure Blob Storage recipe. The bucket names are the container names.
    pub fn azure() -> Self {
        Self::new()
    }

    /// The storage account (required): its name and key are the MinIO keys.
    pub fn azure_account(mut self, account: AzureAccount) -> Self {
        self.recipe.account = Some(account);
        self
    }
}

impl ValuesBuilder<Pvc> {
    /// The Kubernetes storage recipe (a PersistentVolumeClaim in the same cluster).
    pub fn pvc() -> Self {
        Self::new()
    }

    /// The MinIO keys (required).
    pub fn minio_credentials(mut self, credentials: Credentials) -> Self {
        self.recipe.minio = Some(credentials);
        self
    }
}

impl<R: Recipe> ValuesBuilder<R> {
    /// `backup.stackGraph.bucketName`.
    pub fn stackgraph_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.stackgraph_bucket = Some(bucket.into());
        self
    }

    /// `backup.elasticsearch.bucketName`.
    pub fn elasticsearch_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.elasticsearch_bucket = Some(bucket.into());
        self
    }

    /// `backup.configuration.bucketName` (chart 5.1 configuration backups).
    pub fn configuration_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.configuration_bucket = Some(bucket.into());
        self
    }

    /// `backup.stackGraph.scheduled.schedule`: a Kubernetes cron (`0 3 * * *`).
    pub fn stackgraph_schedule(mut self, schedule: impl Into<String>) -> Self {
        self.stackgraph_schedule = Some(schedule.into());
        self
    }

    /// `backup.elasticsearch.scheduled.schedule`: an Elasticsearch cron, seconds first
    /// (`0 0 3 * * ?`), always UTC.
    pub fn elasticsearch_schedule(mut self, schedule: impl Into<String>) -> Self {
        self.elasticsearch_schedule = Some(schedule.into());
        self
    }

    /// How long StackGraph backups and Elasticsearch snapshots are kept.
    pub fn retention(mut self, retention: Retention) -> Self {
        self.retention = Some(retention);
        self
    }

    /// The chart release the values are for (default: the classic chart 5.1). From
    /// `suse-observability` 2.10.0 the recipe is S3Proxy's: `global.backup.enabled`,
    /// `global.s3proxy.credentials` (the MinIO credentials given here; generated for Azure,
    /// whose account is the backend's), `backup.storage.backend.*`, and the buckets of every
    /// store. `stackstate-k8s` and `suse-observability` before 2.10 are not rendered yet.
    pub fn chart(mut self, chart: ChartVersion) -> Self {
        self.chart = Some(chart);
        self
    }

    /// `victoria-metrics-0/1.backup.bucketName` (suse-observability 2.10 and later).
    pub fn victoria_metrics_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.victoria_metrics_bucket = Some(bucket.into());
        self
    }

    /// `clickhouse.backup.bucketName` (suse-observability 2.10 and later).
    pub fn clickhouse_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.clickhouse_bucket = Some(bucket.into());
        self
    }

    /// Names every bucket not given `sts-<store>-backup-<8 random letters and digits>`, one
    /// suffix for all: S3 bucket names are global, and the chart's defaults are taken.
    pub fn unique_bucket_names(mut self) -> Self {
        self.unique_bucket_names = true;
        self
    }

    /// `backup.storage.backend.s3.region` (suse-observability 2.10 and later, S3).
    pub fn s3_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The IAM role S3Proxy's service account takes (IRSA): the annotation
    /// `eks.amazonaws.com/role-arn` on `s3proxy.serviceAccount` (suse-observability 2.10
    /// and later, S3).
    pub fn service_account_role_arn(mut self, arn: impl Into<String>) -> Self {
        self.role_arn = Some(arn.into());
        self
    }

    /// Renders the fragment and lints it: the fragment with its validated values, or why not.
    pub fn build(self) -> Result<RenderedValues, BuildError> {
        match self.chart.map(ChartVersion::generation) {
            None | Some(Generation::Classic) => {}
            Some(Generation::E | Generation::EPrime) => return self.build_s3proxy(),
            Some(_) => return self.build_minio_later(),
        }
        let later_only = [
            (
                self.victoria_metrics_bucket.is_some(),
                "a Victoria Metrics bucket",
            ),
            (self.clickhouse_bucket.is_some(), "a ClickHouse bucket"),
            (self.unique_bucket_names, "generated bucket names"),
            (self.region.is_some(), "an S3 region"),
            (self.role_arn.is_some(), "a service account role"),
        ];
        if let Some((_, what)) = later_only.iter().find(|(set, _)| *set) {
            return Err(BuildError::Render(RenderError::InvalidInput {
                what: "setting for the classic chart",
                value: (*what).to_owned(),
                reason: "it is for suse-observability 2.10 and later: name that chart".into(),
            }));
        }
        let recipe = sealed::Sealed::name(&self.recipe);
        let Some((access_key, secret_key)) = self.recipe.minio_keys() else {
            return Err(BuildError::MissingCredentials(self.recipe.missing_keys()));
        };
        let retention = self.retention;
        let context = ValuesContext {
            recipe,
            stackgraph: Store {
                bucket: self.stackgraph_bucket.as_deref(),
                schedule: self.stackgraph_schedule.as_deref(),
                retention: retention.map(Retention::timedelta),
                scheduled: self.stackgraph_schedule.is_some() || retention.is_some(),
            },
            elasticsearch: Store {
                bucket: self.elasticsearch_bucket.as_deref(),
                schedule: self.elasticsearch_schedule.as_deref(),
                retention: retention.map(Retention::time_value),
                scheduled: self.elasticsearch_schedule.is_some() || retention.is_some(),
            },
            configuration: Store {
                bucket: self.configuration_bucket.as_deref(),
                schedule: None,
                retention: None,
                scheduled: false,
            },
            minio: MinioKeys {
                access_key,
                secret_key,
            },
            aws: self.recipe.aws_keys().map(|keys| AwsContext {
                access_key_id: &keys.access_key_id,
                secret_access_key: &keys.secret_access_key,
            }),
            release: None,
            global_switch: false,
            later_switches: false,
            victoria_metrics_bucket: None,
            clickhouse_bucket: None,
        };
        let text = templates::render("values.yaml.j2", &context).map_err(BuildError::Render)?;
        // Lint what was rendered, not the settings: that is what proves the text lints clean.
        let document = crate::load::load_str("<rendered values>", &text);
        let options = Options {
            inline_ignores: false,
            chart: self.chart,
            ..Options::default()
        };
        let validated =
            ValidatedValues::validate_with(&document, &options).map_err(BuildError::Rejected)?;
        Ok(RenderedValues { text, validated })
    }

    /// Every store's bucket (StackGraph, Elasticsearch, configuration, Victoria Metrics,
    /// ClickHouse): as given, or named uniquely when asked; with S3 (`required`), a bucket
    /// neither given nor named uniquely is refused: the chart's default names are taken.
    fn buckets(&self, required: bool) -> Result<[Option<String>; 5], BuildError> {
        let mut buckets = [
            (
                "--stackgraph-bucket",
                "stackgraph",
                self.stackgraph_bucket.clone(),
            ),
            (
                "--elasticsearch-bucket",
                "elasticsearch",
                self.elasticsearch_bucket.clone(),
            ),
            (
                "--configuration-bucket",
                "configuration",
                self.configuration_bucket.clone(),
            ),
            (
                "--victoria-metrics-bucket",
                "victoria-metrics",
                self.victoria_metrics_bucket.clone(),
            ),
            (
                "--clickhouse-bucket",
                "clickhouse",
                self.clickhouse_bucket.clone(),
            ),
        ];
        if self.unique_bucket_names {
            let suffix = Credentials::generate()
                .map_err(|e| {
                    BuildError::Render(RenderError::InvalidInput {
                        what: "random source",
                        value: "the operating system's".into(),
                        reason: e.to_string(),
                    })
                })?
                .access_key
                .to_ascii_lowercase();
            for (_, store, bucket) in &mut buckets {
                if bucket.is_none() {
                    *bucket = Some(format!("sts-{store}-backup-{}", &suffix[..8]));
                }
            }
        } else if required {
            let missing: Vec<&str> = buckets
                .iter()
                .filter(|(_, _, bucket)| bucket.is_none())
                .map(|(flag, _, _)| *flag)
                .collect();
            if !missing.is_empty() {
                return Err(BuildError::MissingBuckets(missing.join(", ")));
            }
        }
        Ok(buckets.map(|(_, _, bucket)| bucket))
    }

    /// The MinIO recipe of `stackstate-k8s` and `suse-observability` before 2.10: Victoria
    /// Metrics' and ClickHouse's backups switched on (their `backup.enabled`, until 2.7.0
    /// removed them), the retention in that release's form (Python `timedelta` up to
    /// `stackstate-k8s` 1.11.3, GNU `date` after), and from 2.7.0 `global.backup.enabled`
    /// instead of `backup.enabled`.
    fn build_minio_later(self) -> Result<RenderedValues, BuildError> {
        let recipe = sealed::Sealed::name(&self.recipe);
        let chart = self.chart;
        let generation = chart.map(ChartVersion::generation);
        let Some((access_key, secret_key)) = self.recipe.minio_keys() else {
            return Err(BuildError::MissingCredentials(self.recipe.missing_keys()));
        };
        if self.region.is_some() || self.role_arn.is_some() {
            return Err(BuildError::Render(RenderError::InvalidInput {
                what: "setting for this chart",
                value: "an S3 region or a service account role".into(),
                reason: "they are S3Proxy's, in suse-observability 2.10 and later".into(),
            }));
        }
        let [
            stackgraph,
            elasticsearch,
            configuration,
            victoria_metrics,
            clickhouse,
        ] = self.buckets(recipe == "s3")?;
        let python = generation == Some(Generation::D1);
        let e0 = generation == Some(Generation::E0);
        let retention = self.retention;
        let stackgraph_retention =
            retention.map(|r| if python { r.timedelta() } else { r.gnu_date() });
        let context = ValuesContext {
            recipe,
            stackgraph: Store {
                bucket: stackgraph.as_deref(),
                schedule: self.stackgraph_schedule.as_deref(),
                retention: stackgraph_retention,
                scheduled: self.stackgraph_schedule.is_some() || retention.is_some(),
            },
            elasticsearch: Store {
                bucket: elasticsearch.as_deref(),
                schedule: self.elasticsearch_schedule.as_deref(),
                retention: retention.map(Retention::time_value),
                scheduled: self.elasticsearch_schedule.is_some() || retention.is_some(),
            },
            configuration: Store {
                bucket: configuration.as_deref(),
                schedule: None,
                retention: None,
                scheduled: false,
            },
            minio: MinioKeys {
                access_key,
                secret_key,
            },
            aws: self.recipe.aws_keys().map(|keys| AwsContext {
                access_key_id: &keys.access_key_id,
                secret_access_key: &keys.secret_access_key,
            }),
            release: chart.map(|c| c.to_string()),
            global_switch: e0,
            later_switches: !e0,
            victoria_metrics_bucket: victoria_metrics.as_deref(),
            clickhouse_bucket: clickhouse.as_deref(),
        };
        let text = templates::render("values.yaml.j2", &context).map_err(BuildError::Render)?;
        let document = crate::load::load_str("<rendered values>", &text);
        let options = Options {
            inline_ignores: false,
            chart,
            ..Options::default()
        };
        let validated =
            ValidatedValues::validate_with(&document, &options).map_err(BuildError::Rejected)?;
        Ok(RenderedValues { text, validated })
    }

    /// The recipe of suse-observability 2.10 and later (S3Proxy).
    fn build_s3proxy(self) -> Result<RenderedValues, BuildError> {
        let recipe = sealed::Sealed::name(&self.recipe);
        let chart = self.chart;
        let Some((access_key, secret_key)) = self.recipe.minio_keys() else {
            return Err(BuildError::MissingCredentials(self.recipe.missing_keys()));
        };
        // With Azure, the keys given are the storage account's; S3Proxy's own credentials
        // ("any values you choose", the docs say) are drawn here.
        let (credentials, azure) = if recipe == "azure" {
            let drawn = Credentials::generate().map_err(|e| {
                BuildError::Render(RenderError::InvalidInput {
                    what: "random source",
                    value: "the operating system's".into(),
                    reason: e.to_string(),
                })
            })?;
            (drawn, Some((access_key.to_owned(), secret_key.to_owned())))
        } else {
            (Credentials::new(access_key, secret_key), None)
        };
        let [
            stackgraph,
            elasticsearch,
            configuration,
            victoria_metrics,
            clickhouse,
        ] = self.buckets(recipe == "s3")?;
        let retention = self.retention;
        let context = S3ProxyContext {
            recipe,
            credentials: MinioKeys {
                access_key: &credentials.access_key,
                secret_key: &credentials.secret_key,
            },
            stackgraph: Store {
                bucket: stackgraph.as_deref(),
                schedule: self.stackgraph_schedule.as_deref(),
                retention: retention.map(Retention::gnu_date),
                scheduled: self.stackgraph_schedule.is_some() || retention.is_some(),
            },
            elasticsearch: Store {
                bucket: elasticsearch.as_deref(),
                schedule: self.elasticsearch_schedule.as_deref(),
                retention: retention.map(Retention::time_value),
                scheduled: self.elasticsearch_schedule.is_some() || retention.is_some(),
            },
            configuration: Store {
                bucket: configuration.as_deref(),
                schedule: None,
                retention: None,
                scheduled: false,
            },
            victoria_metrics_bucket: victoria_metrics.as_deref(),
            clickhouse_bucket: clickhouse.as_deref(),
            aws: self.recipe.aws_keys().map(|keys| AwsContext {
                access_key_id: &keys.access_key_id,
                secret_access_key: &keys.secret_access_key,
            }),
            azure: azure.as_ref().map(|(name, key)| AzureContext { name, key }),
            region: self.region.as_deref(),
            role_arn: self.role_arn.as_deref(),
        };
        let text =
            templates::render("values-s3proxy.yaml.j2", &context).map_err(BuildError::Render)?;
        let document = crate::load::load_str("<rendered values>", &text);
        let options = Options {
            inline_ignores: false,
            chart,
            ..Options::default()
        };
        let validated =
            ValidatedValues::validate_with(&document, &options).map_err(BuildError::Rejected)?;
        Ok(RenderedValues { text, validated })
    }
}

#[derive(Serialize)]
struct S3ProxyContext<'a> {
    recipe: &'static str,
    credentials: MinioKeys<'a>,
    stackgraph: Store<'a>,
    elasticsearch: Store<'a>,
    configuration: Store<'a>,
    victoria_metrics_bucket: Option<&'a str>,
    clickhouse_bucket: Option<&'a str>,
    aws: Option<AwsContext<'a>>,
    azure: Option<AzureContext<'a>>,
    region: Option<&'a str>,
    role_arn: Option<&'a str>,
}

#[derive(Serialize)]
struct AzureContext<'a> {
    name: &'a str,
    key: &'a str,
}

#[derive(Serialize)]
struct ValuesContext<'a> {
    recipe: &'static str,
    stackgraph: Store<'a>,
    elasticsearch: Store<'a>,
    configuration: Store<'a>,
    minio: MinioKeys<'a>,
    aws: Option<AwsContext<'a>>,
    /// The release, named in the header (later generations only).
    release: Option<String>,
    /// `global.backup.enabled` (2.7.0 and later) instead of `backup.enabled`.
    global_switch: bool,
    /// `victoria-metrics-0/1.backup.enabled` and `clickhouse.backup.enabled` (before 2.7.0).
    later_switches: bool,
    victoria_metrics_bucket: Option<&'a str>,
    clickhouse_bucket: Option<&'a str>,
}

#[derive(Serialize)]
struct Store<'a> {
    bucket: Option<&'a str>,
    schedule: Option<&'a str>,
    retention: Option<String>,
    /// Whether the store's `scheduled:` section has anything to write.
    scheduled: bool,
}

#[derive(Serialize)]
struct MinioKeys<'a> {
    access_key: &'a str,
    secret_key: &'a str,
}

/// The AWS keys as the template reads them (the public type is not `Serialize`, so that keys
/// cannot be serialized into anything else by accident).
#[derive(Serialize)]
struct AwsContext<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a str,
}

/// A values fragment that lints clean, with the values it validated to. It holds the keys:
/// `Debug` shows neither the text nor them.
#[derive(Clone)]
pub struct RenderedValues {
    text: String,
    validated: ValidatedValues,
}

impl RenderedValues {
    /// The fragment: YAML with `backup:` and `minio:`, to merge into a values file.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The fragment, owned.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The validated values of the fragment (with the chart's defaults), for the other
    /// renderers.
    pub fn validated(&self) -> &ValidatedValues {
        &self.validated
    }

    /// The warnings and notes the lint found (never an error).
    pub fn findings(&self) -> &[crate::finding::Finding] {
        self.validated.findings()
    }
}

impl fmt::Debug for RenderedValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RenderedValues")
            .field("validated", &self.validated)
            .finish_non_exhaustive()
    }
}

/// Why a recipe's values could not be built. No variant holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The recipe needs keys that were not given.
    #[error("{0} are required")]
    MissingCredentials(&'static str),
    /// S3 bucket names are global and the chart's defaults are taken: every bucket must be
    /// named (the flags are listed), or named uniquely by stsbackup.
    #[error(
        "the S3 buckets must be named (the chart's default names are taken on AWS): give {0}, or --unique-bucket-names"
    )]
    MissingBuckets(String),
    /// The rendered fragment does not lint clean.
    #[error("{0}")]
    Rejected(Box<Rejected>),
    /// The template failed (a bug).
    #[error("{0}")]
    Render(super::RenderError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_keys_are_alphanumeric_and_not_repeated() {
        let a = Credentials::generate().unwrap();
        let b = Credentials::generate().unwrap();
        assert_eq!((a.access_key.len(), a.secret_key.len()), (20, 40));
        assert!(
            a.access_key
                .bytes()
                .chain(a.secret_key.bytes())
                .all(|b| b.is_ascii_alphanumeric())
        );
        assert_ne!(a, b);
    }

    #[test]
    fn every_character_can_be_drawn() {
        // 62 symbols in 20,000 draws: each is expected about 320 times; a missing one (or
        // one drawn far too rarely) would show a bias in the sampling.
        let text = random_alphanumeric(20_000).unwrap();
        for &symbol in ALPHANUMERIC {
            let count = text.bytes().filter(|&b| b == symbol).count();
            assert!(count > 200, "`{}` drawn {count} times", char::from(symbol));
        }
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let credentials = Credentials::new("opsbackup01", "Q3m9XcV7tLp2Rw8Zk4Nd");
        let aws = AwsKeys::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        );
        let text = format!("{credentials:?} {aws:?}");
        assert!(
            !text.contains("Q3m9XcV7tLp2Rw8Zk4Nd") && !text.contains("wJalrXUtnFEMI"),
            "{text}"
        );
        let values = ValuesBuilder::s3()
            .stackgraph_bucket("acme-stackgraph")
            .elasticsearch_bucket("acme-elasticsearch")
            .configuration_bucket("acme-configuration")
            .minio_credentials(credentials)
            .aws_keys(aws)
            .build()
            .unwrap();
        let text = format!("{values:?}");
        assert!(
            !text.contains("Q3m9XcV7tLp2Rw8Zk4Nd") && !text.contains("wJalrXUtnFEMI"),
            "{text}"
        );
    }

    #[test]
    fn retention_in_both_forms() {
        assert_eq!(Retention::days(30).timedelta(), "days = 30");
        assert_eq!(Retention::days(30).time_value(), "30d");
        assert_eq!(Retention::hours(36).timedelta(), "hours = 36");
        assert_eq!("36h".parse::<Retention>().unwrap(), Retention::hours(36));
        for bad in ["", "d", "0d", "-1d", "+1d", "1.5d", "30", "30 d", "30m"] {
            assert!(bad.parse::<Retention>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn missing_keys_are_named() {
        let error = ValuesBuilder::azure().build().unwrap_err();
        assert_eq!(
            error.to_string(),
            "the Azure storage account name and key are required"
        );
    }
}
