//! S3Proxy's storage backend (suse-observability 2.10.0 and later): exactly one, chosen by the
//! new `backup.storage.backend.*` keys or the deprecated `minio.*` ones, and configured enough
//! to reach.

use super::{Context, Family, Rule};
use crate::catalogue;
use crate::finding::Severity;
use crate::generation::{Generation, Generations};

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &LEGACY_BACKEND_CONFLICT,
        &LEGACY_MINIO_STORAGE,
        &BACKEND_COUNT,
        &AZURE_ACCOUNT_NAME,
        &BACKEND_ENDPOINT,
        &S3_REGION,
        &S3_REGION_UNKNOWN,
    ],
    check: Some(check),
};

pub(crate) const LEGACY_BACKEND_CONFLICT: Rule = Rule {
    code: "SB614",
    name: "legacy-backend-wins",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "A legacy `minio.*` storage switch overrides the `backup.storage.backend.*` one: the backups go elsewhere.",
    explanation: r#"## What it does
Compares, on suse-observability 2.10.0 and later, the backend that `backup.storage.backend.*`
selects with the one S3Proxy really uses. The chart still maps the deprecated MinIO switches
(`minio.persistence.enabled`, `minio.s3gateway.enabled`, `minio.azuregateway.enabled`) onto
the backends, and resolves a mix in a fixed order without a word: PVC first, then S3, then
Azure.

## Why is this bad?
A values file upgraded from MinIO that keeps `minio.persistence.enabled: true` and adds
`backup.storage.backend.s3.enabled: true` writes every backup to a volume inside the cluster,
not to S3. The chart's own check counts only the new keys, so it passes; the bucket you set up
stays empty, and the backups die with the cluster.

## Example
```yaml
minio:
  persistence:
    enabled: true
backup:
  storage:
    backend:
      s3:
        enabled: true
```

## Use instead
```yaml
backup:
  storage:
    backend:
      s3:
        enabled: true
```
"#,
};

pub(crate) const LEGACY_MINIO_STORAGE: Rule = Rule {
    code: "SB615",
    name: "legacy-minio-storage",
    severity: Severity::Warning,
    generations: Generations::from(Generation::E),
    summary: "The storage is chosen by deprecated `minio.*` keys; `backup.storage.backend.*` replaces them.",
    explanation: r#"## What it does
Reports `minio.persistence.enabled`, `minio.s3gateway.enabled` or `minio.azuregateway.enabled`
on suse-observability 2.10.0 and later, where MinIO is gone and S3Proxy maps these switches onto
its backends.

## Why is this bad?
It works today, but the mapping is announced to be removed in a release after Q3 2026; on that
upgrade the file selects no backend and the chart fails (or, mixed with the new keys, the order
PVC, S3, Azure decides). Move the settings to the new keys now.

## Example
```yaml
minio:
  s3gateway:
    enabled: true
```

## Use instead
```yaml
backup:
  storage:
    backend:
      s3:
        enabled: true
```
"#,
};

pub(crate) const BACKEND_COUNT: Rule = Rule {
    code: "SB616",
    name: "backend-count",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "With `global.backup.enabled`, no storage backend or more than one is enabled: the chart fails.",
    explanation: r#"## What it does
Counts, when `global.backup.enabled` is true on suse-observability 2.10.0 and later, the enabled
backends: `backup.storage.backend.{pvc,s3,azure}.enabled`, and for "none" the legacy `minio.*`
switches too, as the chart does.

## Why is this bad?
The chart fails the render: with two or more new backends, "Only one backup storage backend can
be enabled at a time"; with none, "No valid backend configured for backup storage". The values
comment that the PVC is the default is wrong since the refactor: there is no default backend.

## Example
```yaml
global:
  backup:
    enabled: true
```

## Use instead
```yaml
global:
  backup:
    enabled: true
backup:
  storage:
    backend:
      pvc:
        enabled: true
```
"#,
};

pub(crate) const AZURE_ACCOUNT_NAME: Rule = Rule {
    code: "SB617",
    name: "azure-backend-account-name",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "The Azure backend has no storage account name.",
    explanation: r#"## What it does
Reports `backup.storage.backend.azure.enabled: true` with an empty `accountName` and neither an
`endpoint` nor an external Secret.

## Why is this bad?
S3Proxy's endpoint defaults to `https://<accountName>.blob.core.windows.net`: with no name it
is `https://.blob.core.windows.net`, which resolves nowhere. S3Proxy starts, and every backup
and restore fails.

## Example
```yaml
backup:
  storage:
    backend:
      azure:
        enabled: true
```

## Use instead
```yaml
      azure:
        enabled: true
        accountName: mystorageaccount
```
"#,
};

pub(crate) const BACKEND_ENDPOINT: Rule = Rule {
    code: "SB625",
    name: "backend-endpoint",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "A storage backend `endpoint` that is not a URL of scheme and host: S3Proxy cannot reach the store.",
    explanation: r#"## What it does
Checks `backup.storage.backend.s3.endpoint` (and the deprecated
`minio.s3gateway.serviceEndpoint` it replaces, where the new key is empty) and
`backup.storage.backend.azure.endpoint` on suse-observability 2.10.0 and later: an `http://` or
`https://` URL with a host and an optional port, and no path, query or fragment.

## Why is this bad?
The chart writes the value as it is into S3Proxy's properties, `jclouds.endpoint=<value>`.
The S3 and Azure clients need the scheme to build a request: `minio.example.com:9000` or
`s3.eu-west-1.amazonaws.com` are not URLs to them, and every backup and restore fails. A path
or a query is not where the service listens (buckets are addressed below the endpoint, and
an Azure SAS token is not read from it), and a space or a line break breaks the properties file.

## Example
```yaml
backup:
  storage:
    backend:
      s3:
        enabled: true
        endpoint: minio.storage.svc:9000
```

## Use instead
```yaml
        endpoint: http://minio.storage.svc:9000
```
"#,
};

pub(crate) const S3_REGION: Rule = Rule {
    code: "SB626",
    name: "s3-region",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "`backup.storage.backend.s3.region` cannot be a region name: the S3 client signs and routes every request wrongly.",
    explanation: r#"## What it does
Checks `backup.storage.backend.s3.region` (suse-observability 2.10.0 and later): a region name
is lower-case letters, digits and inner hyphens (`eu-west-1`). An endpoint (`s3.eu-west-1...`),
a URL, an availability zone (`eu-west-1a`), upper case or spaces cannot be one.

## Why is this bad?
The chart hands the value to S3Proxy as `AWS_REGION`. The AWS SDK builds the S3 host name
(`s3.<region>.amazonaws.com`) and signs every request for that region: a value that is not a
region name resolves nowhere or is refused with a signature error, and every backup fails.

## Example
```yaml
backup:
  storage:
    backend:
      s3:
        region: eu-west-1a
```

## Use instead
```yaml
        region: eu-west-1
```
"#,
};

pub(crate) const S3_REGION_UNKNOWN: Rule = Rule {
    code: "SB627",
    name: "s3-region-unknown",
    severity: Severity::Warning,
    generations: Generations::from(Generation::E),
    summary: "`backup.storage.backend.s3.region` is not an AWS region stsbackup knows, and no `endpoint` names another store.",
    explanation: r#"## What it does
Compares `backup.storage.backend.s3.region` with the AWS regions (commercial, China, GovCloud
and the European Sovereign Cloud) when the S3 backend has no `endpoint`, that is when it talks
to AWS. With an `endpoint` (MinIO, Ceph, another S3-compatible store) any well-formed name is
accepted: those stores choose their own (`us-east-1`, `auto`, `fr-par`).

## Why is this bad?
Without an endpoint the AWS SDK sends every request to `s3.<region>.amazonaws.com`: a misspelt
region (`eu-west1`, `eu-westt-1`) resolves nowhere and every backup fails. A region AWS opened
after this release of stsbackup is reported too: check the spelling and ignore the warning.

## Example
```yaml
backup:
  storage:
    backend:
      s3:
        region: eu-west1
```

## Use instead
```yaml
        region: eu-west-1
```
"#,
};

/// The AWS regions: commercial, China, GovCloud and the European Sovereign Cloud.
const AWS_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// Why an endpoint is not a URL the S3 or Azure client can use, or `None`.
fn endpoint_problem(endpoint: &str) -> Option<String> {
    if let Some(c) = endpoint.chars().find(|c| c.is_whitespace()) {
        return Some(format!(
            "the endpoint holds {c:?}: the chart writes it as it is into S3Proxy's properties file"
        ));
    }
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return Some("the endpoint has no scheme: the S3 and Azure clients need a URL such as `https://host` or `http://host:port`".into());
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Some(format!(
            "`{scheme}://` is not a scheme the S3 and Azure clients speak: write `https://` (or `http://` for a store inside the cluster)"
        ));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    // `[v6]:port`, `host:port` or a bare host.
    let (host, port) = match authority
        .strip_prefix('[')
        .and_then(|v6| v6.split_once(']'))
    {
        Some((v6, rest)) => (v6, rest.strip_prefix(':')),
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if let Some(port) = port
        && (port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u32>().map_or(true, |p| p == 0 || p > 65535))
    {
        return Some(format!("`{port}` is not a port number"));
    }
    if host.is_empty() || host.contains('@') {
        return Some("the endpoint names no host".into());
    }
    if !tail.is_empty() && tail != "/" {
        let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
        let path = &tail[..path_end];
        // A query may hold an Azure SAS token: only the path is ever quoted.
        let mut parts = Vec::new();
        if !path.is_empty() && path != "/" {
            parts.push(format!("a path (`{path}`)"));
        }
        if tail.contains('?') {
            parts.push("a query".to_owned());
        }
        if tail.contains('#') {
            parts.push("a fragment".to_owned());
        }
        return Some(format!(
            "the endpoint has {}: the clients address the buckets below the endpoint itself, so the requests go to another place than the store's",
            parts.join(" and ")
        ));
    }
    None
}

/// Why a value cannot be a region name, or `None` when it can.
fn region_problem(region: &str) -> Option<String> {
    if let Some(zone) = region
        .strip_suffix(|c: char| c.is_ascii_lowercase())
        .filter(|rest| AWS_REGIONS.contains(rest))
    {
        return Some(format!(
            "it is an availability zone, whose region is `{zone}`"
        ));
    }
    let well_formed = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if well_formed {
        return None;
    }
    let lower = region.to_ascii_lowercase();
    Some(if AWS_REGIONS.contains(&lower.as_str()) {
        format!("region names are lower case: `{lower}`")
    } else if region.contains('.') || region.contains('/') || region.contains(':') {
        "this is a host name or a URL: the region is a name such as `eu-west-1` (a store's address goes to `endpoint`)".to_owned()
    } else {
        "a region name is lower-case letters, digits and inner hyphens, such as `eu-west-1`"
            .to_owned()
    })
}

/// A storage backend of S3Proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Pvc,
    S3,
    Azure,
}

impl Backend {
    const ALL: [Backend; 3] = [Backend::Pvc, Backend::S3, Backend::Azure];

    fn name(self) -> &'static str {
        match self {
            Backend::Pvc => "a volume in the cluster (PVC)",
            Backend::S3 => "S3",
            Backend::Azure => "Azure Blob Storage",
        }
    }

    fn new_key(self) -> &'static str {
        match self {
            Backend::Pvc => "backup.storage.backend.pvc.enabled",
            Backend::S3 => "backup.storage.backend.s3.enabled",
            Backend::Azure => "backup.storage.backend.azure.enabled",
        }
    }

    fn legacy_key(self) -> &'static str {
        match self {
            Backend::Pvc => "minio.persistence.enabled",
            Backend::S3 => "minio.s3gateway.enabled",
            Backend::Azure => "minio.azuregateway.enabled",
        }
    }
}

fn check(cx: &mut Context<'_>) {
    let backends = &cx.values.backup.storage.backend;
    let minio = &cx.values.minio;
    let new = |backend: Backend| match backend {
        Backend::Pvc => backends.pvc.enabled == Some(true),
        Backend::S3 => backends.s3.enabled == Some(true),
        Backend::Azure => backends.azure.enabled == Some(true),
    };
    let legacy = |backend: Backend| match backend {
        Backend::Pvc => minio.persistence.enabled,
        Backend::S3 => minio.s3gateway.enabled,
        Backend::Azure => minio.azuregateway.enabled,
    };
    let chosen_new: Vec<Backend> = Backend::ALL.into_iter().filter(|b| new(*b)).collect();
    let chosen_legacy: Vec<Backend> = Backend::ALL.into_iter().filter(|b| legacy(*b)).collect();
    // S3Proxy's ConfigMap: PVC, then S3, then Azure, each by its new or its legacy switch.
    let effective = Backend::ALL.into_iter().find(|b| new(*b) || legacy(*b));
    let release = cx.releases.first().copied();

    if let (Some(effective), [wanted]) = (effective, chosen_new.as_slice())
        && effective != *wanted
    {
        let key = effective.legacy_key();
        cx.report(
            &LEGACY_BACKEND_CONFLICT,
            key,
            format!(
                "the deprecated `{key}` wins over `{}`: S3Proxy writes the backups to {}, not to {}",
                wanted.new_key(),
                effective.name(),
                wanted.name()
            ),
            Some(format!("delete `{key}`")),
        );
    }
    for backend in chosen_legacy {
        let key = backend.legacy_key();
        let new_key = release
            .and_then(|r| catalogue::replacement(key, r))
            .unwrap_or(backend.new_key());
        if chosen_new.contains(&backend) {
            cx.report(
                &LEGACY_MINIO_STORAGE,
                key,
                format!("`{key}` is deprecated and repeats `{new_key}`"),
                Some(format!("delete `{key}`")),
            );
        } else if chosen_new.is_empty() {
            cx.report(
                &LEGACY_MINIO_STORAGE,
                key,
                format!("`{key}` is deprecated: S3Proxy maps it onto `{new_key}` until a release after Q3 2026"),
                Some(format!("write `{new_key}: true` instead (and move the gateway's settings under `backup.storage.backend`)")),
            );
        }
    }

    if cx.backups_enabled() {
        if chosen_new.len() > 1 {
            let keys: Vec<String> = chosen_new
                .iter()
                .map(|b| format!("`{}`", b.new_key()))
                .collect();
            cx.report(
                &BACKEND_COUNT,
                chosen_new[1].new_key(),
                format!("{} are all enabled: the chart fails (\"Only one backup storage backend can be enabled at a time\")", keys.join(" and ")),
                Some("enable exactly one backend".into()),
            );
        } else if effective.is_none() {
            cx.report(
                &BACKEND_COUNT,
                "global.backup.enabled",
                "backups are enabled but no storage backend is: the chart fails (\"No valid backend configured for backup storage\")",
                Some("enable one of `backup.storage.backend.pvc`, `.s3` or `.azure`".into()),
            );
        }
    }

    check_endpoints_and_region(cx);

    let azure = &backends.azure;
    let empty = |value: &Option<String>| value.as_deref().is_none_or(|v| v.trim().is_empty());
    if azure.enabled == Some(true)
        && empty(&azure.account_name)
        && empty(&azure.endpoint)
        && empty(&azure.from_external_secret)
    {
        cx.report(
            &AZURE_ACCOUNT_NAME,
            "backup.storage.backend.azure.enabled",
            "the Azure backend has no `accountName`: S3Proxy's endpoint becomes `https://.blob.core.windows.net`, and every backup fails",
            Some("set `backup.storage.backend.azure.accountName` to the storage account's name".into()),
        );
    }
}

fn check_endpoints_and_region(cx: &mut Context<'_>) {
    let backends = &cx.values.backup.storage.backend;
    fn written(value: &Option<String>) -> Option<&str> {
        value.as_deref().filter(|v| !v.is_empty())
    }
    let s3_endpoint = written(&backends.s3.endpoint);
    // The chart falls back on the deprecated gateway endpoint when the new key is empty.
    let legacy_endpoint = Some(cx.values.minio.s3gateway.service_endpoint.as_str()).filter(|v| {
        !v.is_empty() && s3_endpoint.is_none() && cx.is_written("minio.s3gateway.serviceEndpoint")
    });
    for (path, endpoint) in [
        ("backup.storage.backend.s3.endpoint", s3_endpoint),
        ("minio.s3gateway.serviceEndpoint", legacy_endpoint),
        (
            "backup.storage.backend.azure.endpoint",
            written(&backends.azure.endpoint),
        ),
    ] {
        if let Some(problem) = endpoint.and_then(endpoint_problem) {
            cx.report(
                &BACKEND_ENDPOINT,
                path,
                format!("S3Proxy cannot reach the store: {problem}"),
                Some("write the store's URL: scheme, host and optional port, such as `https://s3.eu-west-1.amazonaws.com` or `http://minio.storage.svc:9000`".into()),
            );
        }
    }
    const REGION: &str = "backup.storage.backend.s3.region";
    if let Some(region) = written(&backends.s3.region) {
        if let Some(problem) = region_problem(region) {
            cx.report(
                &S3_REGION,
                REGION,
                format!("`{region}` cannot be a region: {problem}; the AWS SDK signs and routes every request for it, and every backup fails"),
                Some("write the region's name, such as `eu-west-1`".into()),
            );
        } else if s3_endpoint.is_none()
            && legacy_endpoint.is_none()
            && !AWS_REGIONS.contains(&region)
        {
            cx.report(
                &S3_REGION_UNKNOWN,
                REGION,
                format!("`{region}` is not an AWS region stsbackup knows, and with no `endpoint` S3Proxy talks to AWS: the requests go to `s3.{region}.amazonaws.com`"),
                Some("check the spelling (`eu-west-1`), or set `endpoint` for an S3-compatible store".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{endpoint_problem, region_problem};

    #[test]
    fn endpoints_are_urls_of_scheme_and_host() {
        for fine in [
            "https://s3.eu-west-1.amazonaws.com",
            "http://minio.storage.svc:9000",
            "https://minio.example.com/",
            "https://[fd00::1]:9000",
            "http://[fd00::1]",
            "https://acct.blob.core.windows.net",
        ] {
            assert_eq!(endpoint_problem(fine), None, "{fine}");
        }
        for (bad, says) in [
            ("minio.storage.svc:9000", "no scheme"),
            ("s3.eu-west-1.amazonaws.com", "no scheme"),
            ("s3://bucket", "not a scheme"),
            ("https://", "no host"),
            ("https://minio:90000", "not a port"),
            ("https://minio:", "not a port"),
            ("https://host/bucket", "a path"),
            ("https://acct.blob.core.windows.net?sv=2024", "a query"),
            ("https://host #x", "holds"),
        ] {
            let problem = endpoint_problem(bad).unwrap_or_default();
            assert!(problem.contains(says), "{bad}: {problem}");
        }
    }

    #[test]
    fn regions_are_names() {
        for fine in ["eu-west-1", "us-gov-west-1", "auto", "fr-par", "nyc3"] {
            assert_eq!(region_problem(fine), None, "{fine}");
        }
        for (bad, says) in [
            ("eu-west-1a", "availability zone"),
            ("EU-WEST-1", "lower case"),
            ("s3.eu-west-1.amazonaws.com", "host name"),
            ("eu west 1", "lower-case letters"),
            ("-eu", "lower-case letters"),
        ] {
            let problem = region_problem(bad).unwrap_or_default();
            assert!(problem.contains(says), "{bad}: {problem}");
        }
    }
}
