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

    if cx.values.global.backup.enabled == Some(true) {
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
