//! Bucket names: the S3 general-purpose rules (which MinIO applies too, in every mode), the
//! Azure container rules with the Azure gateway, and the risky-but-valid cases.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::model::StorageMode;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &S3_BUCKET_NAME,
        &BUCKET_NAME_DOTS,
        &DEFAULT_BUCKET_ON_AWS,
        &AZURE_CONTAINER_NAME,
        &RESERVED_AN_SUFFIX,
        &SHARED_BUCKET,
    ],
    check: Some(check),
};

/// The chart's default bucket names, which are taken on AWS (names are global there).
const CHART_DEFAULT_BUCKETS: [&str; 3] = [
    "sts-stackgraph-backup",
    "sts-elasticsearch-backup",
    "sts-configuration-backup",
];

pub(crate) const S3_BUCKET_NAME: Rule = Rule {
    code: "SB201",
    name: "s3-bucket-name",
    severity: Severity::Error,
    summary: "A bucket name breaks the S3 naming rules (which MinIO enforces in every mode).",
    explanation: r#"## What it does
Checks `backup.stackGraph.bucketName`, `backup.elasticsearch.bucketName` and
`backup.configuration.bucketName` against the rules for S3 general-purpose buckets: 3 to 63
characters; lowercase letters, digits, `.` and `-`; a letter or digit first and last; no `..`;
not shaped like an IPv4 address; no reserved prefix (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffix
(`-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`). MinIO also refuses `.-` and `-.`.

## Why is this bad?
MinIO applies these rules to every request, with local storage too: the init Job's `mc mb`
fails, the Elasticsearch snapshot repository cannot be registered, and the CronJob's upload
fails at 03:00. On AWS the bucket cannot even be created.

## Example
```yaml
backup:
  stackGraph:
    bucketName: StackGraph_Backups
```

## Use instead
```yaml
backup:
  stackGraph:
    bucketName: stackgraph-backups
```

## References
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
- minio/minio-go `pkg/s3utils/utils.go` (`CheckValidBucketNameStrict`)
"#,
};

pub(crate) const BUCKET_NAME_DOTS: Rule = Rule {
    code: "SB202",
    name: "bucket-name-dots",
    severity: Severity::Warning,
    summary: "A bucket name contains dots.",
    explanation: r#"## What it does
Warns about bucket names with `.` in them.

## Why is this bad?
Dotted names are valid, but virtual-host-style HTTPS (`https://my.bucket.s3.amazonaws.com`) does
not match AWS's wildcard certificate, S3 Transfer Acceleration refuses them, and the Azure
gateway does not support them at all. MinIO's S3 gateway falls back to path-style requests, so
they mostly work today; a name without dots always works.
"#,
};

pub(crate) const DEFAULT_BUCKET_ON_AWS: Rule = Rule {
    code: "SB203",
    name: "default-bucket-on-aws",
    severity: Severity::Warning,
    summary: "The S3 gateway uses one of the chart's default bucket names, which are taken on AWS.",
    explanation: r#"## What it does
With `minio.s3gateway.enabled`, warns when a bucket name is the chart's default
(`sts-stackgraph-backup`, `sts-elasticsearch-backup`, `sts-configuration-backup`).

## Why is this bad?
S3 bucket names are global across all AWS accounts, and these names belong to someone else. The
StackState documentation warns that they "will probably not be available". The gateway then
writes to a bucket you do not own (and is refused), and the IAM policy you grant points at it.

## Use instead
Create buckets with names of your own and set them in `backup.*.bucketName`.
"#,
};

pub(crate) const AZURE_CONTAINER_NAME: Rule = Rule {
    code: "SB204",
    name: "azure-container-name",
    severity: Severity::Error,
    summary: "With the Azure gateway, a bucket name is not a valid Azure container name.",
    explanation: r#"## What it does
With `minio.azuregateway.enabled`, buckets are Azure Blob containers, whose rules are stricter
than S3's: 3 to 63 lowercase letters, digits and `-`; a letter or digit first and last; no `--`;
no `.` at all.

## Why is this bad?
Azure refuses the container, so the init Job cannot create it and no backup is stored.

## Example
```yaml
backup:
  stackGraph:
    bucketName: sts.stackgraph--backup
```

## Use instead
```yaml
backup:
  stackGraph:
    bucketName: sts-stackgraph-backup
```

## References
- https://learn.microsoft.com/rest/api/storageservices/Naming-and-Referencing-Containers--Blobs--and-Metadata
"#,
};

pub(crate) const RESERVED_AN_SUFFIX: Rule = Rule {
    code: "SB205",
    name: "reserved-an-suffix",
    severity: Severity::Warning,
    summary: "A bucket name ends in `-an`, which AWS reserves for account-regional bucket names.",
    explanation: r#"## What it does
Warns about bucket names ending in `-an`.

## Why is this bad?
AWS reserves the suffix for buckets in an account's regional namespace
(`<prefix>-<account id>-<region>-an`); outside that form such a name cannot be created.
"#,
};

pub(crate) const SHARED_BUCKET: Rule = Rule {
    code: "SB206",
    name: "shared-bucket",
    severity: Severity::Warning,
    summary: "Two stores back up into the same bucket.",
    explanation: r#"## What it does
Warns when StackGraph, Elasticsearch or configuration backups share a bucket.

## Why is this bad?
It works, but each store's tools see the other's files: the StackGraph expiry lists every object
and relies on its name pattern to skip foreign ones, restore listings mix backups of different
kinds, and an IAM policy or lifecycle rule for one store also governs the other.
"#,
};

/// Why a name is not a valid S3 bucket name, if it is not.
pub fn s3_bucket_name_problems(name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let length = name.chars().count();
    if !(3..=63).contains(&length) {
        problems.push(format!("it has {length} characters, not 3 to 63"));
    }
    let bad: Vec<char> = name
        .chars()
        .filter(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
        .collect();
    if !bad.is_empty() {
        let mut shown: Vec<String> = Vec::new();
        for c in bad {
            let text = if c.is_ascii_uppercase() {
                "uppercase letters".to_owned()
            } else if c.is_whitespace() || c.is_control() {
                "whitespace or control characters".to_owned()
            } else {
                format!("`{c}`")
            };
            if !shown.contains(&text) {
                shown.push(text);
            }
        }
        problems.push(format!(
            "it contains {} (only lowercase letters, digits, `.` and `-` are allowed)",
            shown.join(", ")
        ));
    }
    let first = name.chars().next();
    let last = name.chars().last();
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !name.is_empty() && (!alnum(first) || !alnum(last)) {
        problems.push("it must start and end with a lowercase letter or a digit".to_owned());
    }
    if name.contains("..") {
        problems.push("it contains `..`".to_owned());
    }
    if name.contains(".-") || name.contains("-.") {
        problems.push("it contains `.-` or `-.`, which MinIO refuses".to_owned());
    }
    if is_ipv4_shaped(name) {
        problems.push("it is formatted like an IP address".to_owned());
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            problems.push(format!("the prefix `{prefix}` is reserved by AWS"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            problems.push(format!("the suffix `{suffix}` is reserved by AWS"));
        }
    }
    problems
}

/// MinIO's test: exactly four dot-separated runs of digits.
fn is_ipv4_shaped(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Why a name is not a valid Azure container name, beyond the S3 rules.
fn azure_container_problems(name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if name.contains('.') {
        problems.push("it contains `.`, which Azure container names cannot".to_owned());
    }
    if name.contains("--") {
        problems.push("it contains `--`: every `-` must sit between letters or digits".to_owned());
    }
    problems
}

/// A name close to the given one that follows the S3 rules, if a simple repair finds one.
fn suggest_bucket_name(name: &str) -> Option<String> {
    let mut repaired: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while repaired.contains("--") {
        repaired = repaired.replace("--", "-");
    }
    while repaired.contains("..") {
        repaired = repaired.replace("..", ".");
    }
    repaired = repaired.replace(".-", "-").replace("-.", "-");
    let repaired = repaired
        .trim_matches(|c: char| c == '-' || c == '.')
        .to_owned();
    (repaired != name && s3_bucket_name_problems(&repaired).is_empty()).then_some(repaired)
}

fn check(cx: &mut Context<'_>) {
    let mode = cx.values.storage_mode();
    let buckets: Vec<(&'static str, String)> = [
        (
            "backup.stackGraph.bucketName",
            &cx.values.backup.stack_graph.bucket_name,
        ),
        (
            "backup.elasticsearch.bucketName",
            &cx.values.backup.elasticsearch.bucket_name,
        ),
        (
            "backup.configuration.bucketName",
            &cx.values.backup.configuration.bucket_name,
        ),
    ]
    .into_iter()
    .map(|(path, name)| (path, name.clone()))
    .collect();
    let in_use: Vec<&str> = cx
        .values
        .buckets()
        .into_iter()
        .map(|(path, _)| path)
        .collect();

    for (path, name) in &buckets {
        let problems = s3_bucket_name_problems(name);
        if !problems.is_empty() {
            let help = suggest_bucket_name(name)
                .map(|s| format!("for example `{s}`"))
                .or_else(|| Some("use 3 to 63 lowercase letters, digits and `-`".into()));
            cx.report(
                &S3_BUCKET_NAME,
                path,
                format!(
                    "`{name}` is not a valid bucket name: {}",
                    problems.join("; ")
                ),
                help,
            );
            continue;
        }
        if mode == StorageMode::AzureGateway {
            let problems = azure_container_problems(name);
            if !problems.is_empty() {
                let help = Some(format!(
                    "for example `{}`",
                    name.replace('.', "-").replace("--", "-")
                ));
                cx.report(
                    &AZURE_CONTAINER_NAME,
                    path,
                    format!(
                        "`{name}` is not a valid Azure container name: {}",
                        problems.join("; ")
                    ),
                    help,
                );
                continue;
            }
        } else if name.contains('.') {
            cx.report(
                &BUCKET_NAME_DOTS,
                path,
                format!("`{name}` contains dots: HTTPS virtual-host requests and S3 Transfer Acceleration fail for such buckets"),
                Some(format!("prefer `{}`", name.replace('.', "-"))),
            );
        }
        if name.ends_with("-an") {
            cx.report(
                &RESERVED_AN_SUFFIX,
                path,
                format!(
                    "`{name}` ends in `-an`, which AWS reserves for account-regional bucket names"
                ),
                None,
            );
        }
        if mode == StorageMode::S3Gateway
            && in_use.contains(path)
            && CHART_DEFAULT_BUCKETS.contains(&name.as_str())
        {
            cx.report(
                &DEFAULT_BUCKET_ON_AWS,
                path,
                format!("`{name}` is the chart's default bucket name: S3 names are global and this one is taken on AWS"),
                Some(format!("create a bucket of your own, for example `<company>-{name}`, and set `{path}`")),
            );
        }
    }

    let used: Vec<(&str, String)> = buckets
        .iter()
        .filter(|(p, _)| in_use.contains(p))
        .map(|(p, n)| (*p, n.clone()))
        .collect();
    for (index, (path, name)) in used.iter().enumerate() {
        if let Some((other, _)) = used[..index].iter().find(|(_, n)| n == name) {
            cx.report(
                &SHARED_BUCKET,
                path,
                format!("`{path}` names the same bucket as `{other}` (`{name}`): the two stores share it"),
                Some("give each store its own bucket".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::constraints::BUCKET_NAME_PATTERN;

    fn valid(name: &str) -> bool {
        s3_bucket_name_problems(name).is_empty()
    }

    #[test]
    fn the_reference_table_of_s3_names() {
        for name in [
            "sts-stackgraph-backup",
            "my.backup.bucket",
            "1.2.3",
            "192.168.5.4.5",
            "abc",
            "backups-an",
        ] {
            assert!(valid(name), "{name}");
        }
        for name in [
            "ab",
            &"a".repeat(64),
            "Sts-Backup",
            "sts_backup",
            "-sts",
            "sts-",
            "sts.",
            "sts..backup",
            "sts.-backup",
            "192.168.5.4",
            "xn--bucket",
            "sthree-x",
            "amzn-s3-demo-x",
            "x-s3alias",
            "x--ol-s3",
            "x.mrap",
            "x--x-s3",
            "x--table-s3",
            "",
            "sts backup",
        ] {
            assert!(!valid(name), "{name}");
        }
    }

    #[test]
    fn azure_adds_its_own_rules() {
        assert!(azure_container_problems("sts-elasticsearch-backup").is_empty());
        assert_eq!(azure_container_problems("sts--backup").len(), 1);
        assert_eq!(azure_container_problems("sts.backup").len(), 1);
    }

    #[test]
    fn suggestions_are_valid_names() {
        assert_eq!(
            suggest_bucket_name("StackGraph_Backups").as_deref(),
            Some("stackgraph-backups")
        );
        assert_eq!(suggest_bucket_name("-sts-"), Some("sts".into()));
        assert_eq!(suggest_bucket_name("ab"), None);
    }

    #[test]
    fn the_schema_pattern_only_refuses_what_the_rule_refuses() {
        let pattern = regex::Regex::new(BUCKET_NAME_PATTERN).unwrap();
        for name in [
            "ab-c",
            "a.b",
            "Abc",
            "a_b",
            "-ab",
            "ab-",
            "a..b",
            "xn--ab",
            "192.168.1.1",
        ] {
            if !pattern.is_match(name) || !(3..=63).contains(&name.len()) {
                assert!(
                    !valid(name),
                    "schema refuses {name} but the rule accepts it"
                );
            }
        }
    }
}
