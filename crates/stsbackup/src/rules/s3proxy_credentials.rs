//! The keys of S3Proxy itself (`global.s3proxy.credentials`, suse-observability 2.10.0 and
//! later), which every backup pod uses to reach it, and the keys S3Proxy uses to reach its S3
//! backend.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[&PLACEHOLDER, &MISSING, &BACKEND_KEYS_HALF_SET],
    check: Some(check),
};

pub(crate) const PLACEHOLDER: Rule = Rule {
    code: "SB110",
    name: "s3proxy-placeholder-credentials",
    severity: Severity::Warning,
    generations: Generations::from(Generation::E),
    summary: "Backups are enabled with S3Proxy's published placeholder keys.",
    explanation: r#"## What it does
Reports `global.backup.enabled: true` when S3Proxy's keys are still the chart's placeholders
(`default-for-settings-only` and `default-secret-for-settings-only`), with no
`global.s3proxy.credentials.fromExternalSecret` and no MinIO keys for the chart to fall back on.

## Why is this bad?
Backups work, but S3Proxy holds every backup, and anyone who can reach its Service inside the
cluster can read, overwrite or delete them with keys printed in the chart's `values.yaml`. The
documentation asks for your own keys (an access key of 5 to 20 and a secret key of 8 to 40
letters and digits).

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
  s3proxy:
    credentials:
      fromExternalSecret: s3proxy-keys
```
"#,
};

pub(crate) const MISSING: Rule = Rule {
    code: "SB111",
    name: "s3proxy-credentials-missing",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "S3Proxy's access key or secret key is empty and no external Secret provides them.",
    explanation: r#"## What it does
Reports `global.s3proxy.credentials.accessKey` or `secretKey` written empty when no
`fromExternalSecret` names a Secret and the MinIO keys do not stand in.

## Why is this bad?
The chart writes the empty key into the Secret that S3Proxy and every backup pod read: S3Proxy
starts with an empty identity, the backup tools sign their requests with an empty key, and
every upload is refused.

## Example
```yaml
global:
  s3proxy:
    credentials:
      accessKey: ""
```

## Use instead
```yaml
global:
  s3proxy:
    credentials:
      fromExternalSecret: s3proxy-keys
```
"#,
};

pub(crate) const BACKEND_KEYS_HALF_SET: Rule = Rule {
    code: "SB112",
    name: "s3-backend-keys-half-set",
    severity: Severity::Error,
    generations: Generations::from(Generation::E),
    summary: "The S3 backend has an access key without a secret key, or the other way round.",
    explanation: r#"## What it does
Reports `backup.storage.backend.s3` with exactly one of `accessKey` and `secretKey` set and no
`fromExternalSecret`.

## Why is this bad?
S3Proxy passes the two keys to jclouds as its identity and credential. Both empty means the
pod's own identity (IRSA, an instance profile); one of them alone signs every request with half
a key pair, and S3 refuses every upload.

## Example
```yaml
backup:
  storage:
    backend:
      s3:
        enabled: true
        accessKey: AKIAIOSFODNN7EXAMPLE
```

## Use instead
```yaml
      s3:
        enabled: true
        accessKey: AKIAIOSFODNN7EXAMPLE
        secretKey: <the key's secret access key>
```
"#,
};

fn check(cx: &mut Context<'_>) {
    check_backend_keys(cx);
    let credentials = &cx.values.global.s3proxy.credentials;
    let external = credentials
        .from_external_secret
        .as_deref()
        .is_some_and(|name| !name.trim().is_empty());
    if external {
        return;
    }
    let minio = &cx.values.minio;
    // The chart falls back on the MinIO keys when they are set, not `setme`, and the global
    // keys are still the placeholders.
    let minio_stands_in = |key: &str| !key.is_empty() && key != "setme";
    let access = credentials.access_key.clone();
    let secret = credentials.secret_key.clone();
    for (path, value, minio_key) in [
        (
            "global.s3proxy.credentials.accessKey",
            &access,
            &minio.access_key,
        ),
        (
            "global.s3proxy.credentials.secretKey",
            &secret,
            &minio.secret_key,
        ),
    ] {
        if value.as_deref() == Some("") && !minio_stands_in(minio_key) {
            cx.report(
                &MISSING,
                path,
                format!("`{path}` is empty and no external Secret holds S3Proxy's keys: every backup upload is refused"),
                Some("set both keys, or name a Secret with `accesskey` and `secretkey` in `global.s3proxy.credentials.fromExternalSecret`".into()),
            );
        }
    }
    // The chart's published placeholders are its defaults (`default-for-settings-only`).
    let access_default = cx.release_default("global.s3proxy.credentials.accessKey");
    let secret_default = cx.release_default("global.s3proxy.credentials.secretKey");
    let is_default = |value: &Option<String>, default: &Option<String>| match value {
        None => true,
        Some(value) => default.as_ref() == Some(value),
    };
    let placeholder = is_default(&access, &access_default)
        && is_default(&secret, &secret_default)
        && !(minio_stands_in(&minio.access_key) && minio_stands_in(&minio.secret_key));
    if cx.backups_enabled() && placeholder {
        let path = if cx.is_written("global.s3proxy.credentials.accessKey") {
            "global.s3proxy.credentials.accessKey"
        } else {
            "global.backup.enabled"
        };
        cx.report(
            &PLACEHOLDER,
            path,
            "S3Proxy's keys are the chart's published placeholders: anyone who reaches S3Proxy in the cluster can read and delete the backups",
            Some("set `global.s3proxy.credentials.accessKey` and `secretKey` (5 to 20 and 8 to 40 letters and digits), or `fromExternalSecret`".into()),
        );
    }
}

fn check_backend_keys(cx: &mut Context<'_>) {
    let s3 = &cx.values.backup.storage.backend.s3;
    let set = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
    if s3.enabled != Some(true) || set(&s3.from_external_secret) {
        return;
    }
    let (missing, present) = match (set(&s3.access_key), set(&s3.secret_key)) {
        (true, false) => (
            "backup.storage.backend.s3.secretKey",
            "backup.storage.backend.s3.accessKey",
        ),
        (false, true) => (
            "backup.storage.backend.s3.accessKey",
            "backup.storage.backend.s3.secretKey",
        ),
        _ => return,
    };
    cx.report(
        &BACKEND_KEYS_HALF_SET,
        present,
        format!("`{present}` is set but `{missing}` is not: S3Proxy signs its requests with half a key pair, and S3 refuses every upload"),
        Some("set both keys, or neither to use the pod's own identity (IRSA, an instance profile)".into()),
    );
}
