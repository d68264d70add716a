//! The AWS IAM permission policy the StackState docs give for the S3 gateway's user.

use super::{RenderError, ValidatedValues, describe_storage, not_enabled, templates};
use crate::model::StorageMode;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The AWS partition the buckets live in: it is the second field of every ARN.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Partition {
    /// Commercial regions: `arn:aws:...`.
    #[default]
    Aws,
    /// China regions: `arn:aws-cn:...`.
    AwsCn,
    /// GovCloud (US) regions: `arn:aws-us-gov:...`.
    AwsUsGov,
}

impl Partition {
    /// The partition as ARNs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Partition {
    type Err = RenderError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "aws" => Ok(Partition::Aws),
            "aws-cn" => Ok(Partition::AwsCn),
            "aws-us-gov" => Ok(Partition::AwsUsGov),
            _ => Err(RenderError::InvalidInput {
                what: "AWS partition",
                value: text.to_owned(),
                reason: "use `aws`, `aws-cn` or `aws-us-gov`".into(),
            }),
        }
    }
}

#[derive(Serialize)]
struct PolicyContext {
    bucket_arns: Vec<String>,
    list_sid: &'static str,
    write_sid: &'static str,
    write_actions: &'static [&'static str],
}

/// The statement ids and write actions of the docs up to `suse-observability` 2.9 (MinIO).
const MINIO_STATEMENTS: (&str, &str, &[&str]) = (
    "AllowListMinioBackupBuckets",
    "AllowWriteMinioBackupBuckets",
    &["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
);

/// The 2026 docs of `suse-observability` 2.10 (S3Proxy): renamed statements, and the two
/// actions of multipart uploads, which replaced `splitArchiveSize`.
const S3PROXY_STATEMENTS: (&str, &str, &[&str]) = (
    "AllowListBackupBuckets",
    "AllowWriteBackupBuckets",
    &[
        "s3:PutObject",
        "s3:GetObject",
        "s3:DeleteObject",
        "s3:ListMultipartUploadParts",
        "s3:AbortMultipartUpload",
    ],
);

/// The IAM policy for the S3 gateway's user: `Version` 2012-10-17; `s3:ListBucket` and
/// `s3:GetBucketLocation` on each bucket (statement `AllowListMinioBackupBuckets`), and
/// `s3:PutObject`, `s3:GetObject` and `s3:DeleteObject` on its objects
/// (`AllowWriteMinioBackupBuckets`). The buckets are those in use: StackGraph, Elasticsearch,
/// and configuration where its backups or restores are on; a bucket two stores share is
/// listed once.
///
/// Only for the S3 gateway: with any other storage there is no AWS user to give it to.
///
/// ```
/// # use stsbackup::render::{self, Partition, ValidatedValues};
/// let yaml = "backup:\n  enabled: true\nminio:\n  accessKey: acmebackups01\n  secretKey: \"aqcUCAiULFxfYQp63uZxKMFAzYgMZ9SHnz6r12x6SApVTKCBhHONjhK24dH5vkeylMXnZ5wPJ6qUUDohCD4zvQ==\"\n  azuregateway:\n    enabled: true\n";
/// let document = stsbackup::load_str("values.yaml", yaml);
/// let values = ValidatedValues::validate(&document).unwrap();
/// let error = render::iam_policy(&values, Partition::Aws).unwrap_err();
/// assert!(error.to_string().contains("S3 gateway"));
/// ```
pub fn iam_policy(values: &ValidatedValues, partition: Partition) -> Result<String, RenderError> {
    use crate::generation::Generation;
    let model = values.values();
    let generation = super::generation(values)?;
    let later = &values.chart()?.later;
    let s3proxy = matches!(generation, Generation::E | Generation::EPrime);
    if s3proxy {
        if later.backend != Some(super::chart::Backend::S3) {
            return Err(RenderError::NotApplicable {
                artifact: "IAM policy",
                reason: "it is for the S3 backend of S3Proxy (`backup.storage.backend.s3.enabled`), and these values use another".into(),
            });
        }
    } else {
        let storage = model.storage_mode();
        if storage != StorageMode::S3Gateway {
            return Err(RenderError::NotApplicable {
                artifact: "IAM policy",
                reason: format!(
                    "it is for MinIO's S3 gateway (`minio.s3gateway.enabled`), and they use {}",
                    describe_storage(storage)
                ),
            });
        }
    }
    let enabled = match generation {
        Generation::E0 | Generation::E | Generation::EPrime => later.global_backup_enabled,
        _ => model.backup.enabled,
    };
    if !enabled {
        return Err(if generation >= Generation::E0 {
            RenderError::NotApplicable {
                artifact: "IAM policy",
                reason: "`global.backup.enabled` is false, so the chart runs no backups".into(),
            }
        } else {
            not_enabled("IAM policy")
        });
    }
    let mut buckets: Vec<&str> = model.buckets().into_iter().map(|(_, b)| b).collect();
    if generation != Generation::Classic {
        // Victoria Metrics and ClickHouse (stackstate-k8s and later) write to S3 too.
        buckets.extend(
            later
                .victoria_metrics_buckets
                .iter()
                .map(|(_, b)| b.as_str()),
        );
        buckets.push(&later.clickhouse_bucket);
    }
    let mut bucket_arns: Vec<String> = Vec::new();
    for bucket in buckets {
        let arn = format!("arn:{partition}:s3:::{bucket}");
        if !bucket_arns.contains(&arn) {
            bucket_arns.push(arn);
        }
    }
    let (list_sid, write_sid, write_actions) = if s3proxy {
        S3PROXY_STATEMENTS
    } else {
        MINIO_STATEMENTS
    };
    templates::render(
        "iam-policy.json.j2",
        PolicyContext {
            bucket_arns,
            list_sid,
            write_sid,
            write_actions,
        },
    )
}
