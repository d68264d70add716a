//! MinIO credentials, by storage mode, and the AWS keys of the S3 gateway.
//!
//! No message here quotes a key: they are described by length and character classes only.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};
use crate::model::StorageMode;
use base64::Engine;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &MINIO_ACCESS_KEY,
        &MINIO_SECRET_KEY,
        &PLACEHOLDER_CREDENTIALS,
        &AZURE_ACCOUNT_NAME,
        &AZURE_ACCOUNT_KEY,
        &AWS_ACCESS_KEY_ID,
        &AWS_SECRET_ACCESS_KEY,
        &AWS_KEYS_HALF_SET,
        &EXISTING_SECRET,
    ],
    check: Some(check),
};

/// The chart's deliberate invalid default for both MinIO keys.
pub(crate) const PLACEHOLDER: &str = "setme";

pub(crate) const MINIO_ACCESS_KEY: Rule = Rule {
    code: "SB101",
    name: "minio-access-key",
    severity: Severity::Error,
    generations: Generations::until(Generation::E0),
    summary: "`minio.accessKey` is not 5 to 20 letters and digits (local storage and S3 gateway).",
    explanation: r#"## What it does
With local storage or the S3 gateway, checks `minio.accessKey` against the rule the StackState
documentation states: 5 to 20 alphanumerical characters. The message also says when MinIO itself
would refuse the key (fewer than 3 characters, or `=` or `,`).

## Why is this bad?
The documented rule is the contract, and it is also what keeps the chart working: its scripts
put the key unescaped into shell commands and into the JSON body that registers the
Elasticsearch snapshot repository. A `"`, a `$` or a space there breaks the init Job, and
snapshots are never configured. MinIO refuses keys shorter than 3 characters outright and the
pod never starts.

## Example
```yaml
minio:
  accessKey: "ops@backup"
```

## Use instead
```yaml
minio:
  accessKey: "opsbackup01"
```

## References
- StackState docs, "Backup and restore": "YOUR_ACCESS_KEY should contain 5 to 20 alphanumerical characters"
- minio/minio `pkg/auth/credentials.go`
"#,
};

pub(crate) const MINIO_SECRET_KEY: Rule = Rule {
    code: "SB102",
    name: "minio-secret-key",
    severity: Severity::Error,
    generations: Generations::until(Generation::E0),
    summary: "`minio.secretKey` is not 8 to 40 letters and digits (local storage and S3 gateway).",
    explanation: r#"## What it does
With local storage or the S3 gateway, checks `minio.secretKey` against the documented rule: 8 to
40 alphanumerical characters. The message says when MinIO itself would refuse it (fewer than 8
characters). The value is never shown: only its length and the kinds of characters at fault.

## Why is this bad?
MinIO refuses a secret key shorter than 8 characters and the pod never starts. Other characters
pass MinIO but break the chart's scripts, which paste the key into shell and JSON text.

## Example
```yaml
minio:
  secretKey: "short"
```

## Use instead
A random key of 8 to 40 letters and digits, for example from `stsbackup render values
--generate-credentials`.

## References
- StackState docs: "YOUR_SECRET_KEY should contain 8 to 40 alphanumerical characters"
"#,
};

pub(crate) const PLACEHOLDER_CREDENTIALS: Rule = Rule {
    code: "SB103",
    name: "placeholder-credentials",
    severity: Severity::Error,
    generations: Generations::until(Generation::E0),
    summary: "A MinIO key is still the chart's placeholder `setme` while backups are enabled.",
    explanation: r#"## What it does
Reports `minio.accessKey` or `minio.secretKey` left at the chart's default `setme` when
backups are enabled: `backup.enabled` up to suse-observability 2.6.x, `global.backup.enabled`
on 2.7.0 to 2.9.x. With backups disabled the placeholder is fine.

## Why is this bad?
The chart sets `setme` on purpose: it is too short for a MinIO secret key, so MinIO refuses to
start until real keys are set. With backups enabled, the MinIO pod crash-loops and no backup
is ever stored.

## Use instead
Set both keys, for example with `stsbackup render values --generate-credentials`.
"#,
};

pub(crate) const AZURE_ACCOUNT_NAME: Rule = Rule {
    code: "SB104",
    name: "azure-account-name",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "With the Azure gateway, `minio.accessKey` is not a valid storage account name.",
    explanation: r#"## What it does
With `minio.azuregateway.enabled`, `minio.accessKey` is the Azure storage account name. Checks
Azure's rule: 3 to 24 lowercase letters and digits. (The 5-to-20 rule for MinIO keys does not
apply in this mode.)

From suse-observability 2.10.0, where S3Proxy replaced MinIO, the deprecated `minio.*` keys
still count where they select S3Proxy's backend (no `backup.storage.backend.*` switch does):
there this rule checks them as the backend's keys, as the chart hands them on.

## Why is this bad?
MinIO's Azure gateway signs in to the account with this name. An invalid name cannot exist, so
every request fails and no backup is stored.

## Example
```yaml
minio:
  azuregateway:
    enabled: true
  accessKey: "StsBackups"
```

## Use instead
```yaml
minio:
  accessKey: "stsbackups"
```

## References
- Azure: "Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only"
"#,
};

pub(crate) const AZURE_ACCOUNT_KEY: Rule = Rule {
    code: "SB105",
    name: "azure-account-key",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "With the Azure gateway, `minio.secretKey` is not an Azure account key (base64 of 64 bytes).",
    explanation: r#"## What it does
With `minio.azuregateway.enabled`, `minio.secretKey` is the storage account key: a 512-bit key
in base64, 88 characters ending in `==`. Checks that it decodes to exactly 64 bytes. (The
8-to-40 rule for MinIO keys cannot hold here: an account key is 88 characters.)

From suse-observability 2.10.0, where S3Proxy replaced MinIO, the deprecated `minio.*` keys
still count where they select S3Proxy's backend (no `backup.storage.backend.*` switch does):
there this rule checks them as the backend's keys, as the chart hands them on.

## Why is this bad?
A truncated or mistyped key fails authentication on every request: MinIO starts, but every
backup upload fails.

## Use instead
Copy `key1` or `key2` from the storage account's "Access keys" page.
"#,
};

pub(crate) const AWS_ACCESS_KEY_ID: Rule = Rule {
    code: "SB106",
    name: "aws-access-key-id",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "`minio.s3gateway.accessKey` is not an AWS access key id.",
    explanation: r#"## What it does
With the S3 gateway, when `minio.s3gateway.accessKey` is set, checks it against AWS's format for
an access key id: 16 to 128 word characters (real ones are 20 characters starting with `AKIA`).
Leaving both AWS keys empty is fine: MinIO then uses the pod's IAM role.

From suse-observability 2.10.0, where S3Proxy replaced MinIO, the deprecated `minio.*` keys
still count where they select S3Proxy's backend (no `backup.storage.backend.*` switch does):
there this rule checks them as the backend's keys, as the chart hands them on.

## Why is this bad?
A malformed key id is refused by AWS on every request, so no backup reaches S3.
"#,
};

pub(crate) const AWS_SECRET_ACCESS_KEY: Rule = Rule {
    code: "SB107",
    name: "aws-secret-access-key",
    severity: Severity::Warning,
    generations: Generations::ALL,
    summary: "`minio.s3gateway.secretKey` does not look like an AWS secret access key (40 characters).",
    explanation: r#"## What it does
With the S3 gateway, when `minio.s3gateway.secretKey` is set, warns when it is not 40 characters
of base64 letters, digits, `+` and `/`, the shape of every AWS secret access key. AWS publishes
no formal pattern, so this is a warning.

From suse-observability 2.10.0, where S3Proxy replaced MinIO, the deprecated `minio.*` keys
still count where they select S3Proxy's backend (no `backup.storage.backend.*` switch does):
there this rule checks them as the backend's keys, as the chart hands them on.

## Why is this bad?
A truncated key (a common copy-and-paste slip) fails authentication on every request.
"#,
};

pub(crate) const AWS_KEYS_HALF_SET: Rule = Rule {
    code: "SB108",
    name: "aws-keys-half-set",
    severity: Severity::Error,
    generations: Generations::ALL,
    summary: "Only one of `minio.s3gateway.accessKey` and `minio.s3gateway.secretKey` is set.",
    explanation: r#"## What it does
Reports an S3 gateway configured with an AWS access key id but no secret key, or the reverse.

From suse-observability 2.10.0, where S3Proxy replaced MinIO, the deprecated `minio.*` keys
still count where they select S3Proxy's backend (no `backup.storage.backend.*` switch does):
there this rule checks them as the backend's keys, as the chart hands them on.

## Why is this bad?
The subchart puts each key into its Secret only when it is set, and the gateway then has half a
credential: AWS refuses every request. Set both for static keys, or neither to use the pod's
IAM role.
"#,
};

pub(crate) const EXISTING_SECRET: Rule = Rule {
    code: "SB109",
    name: "existing-secret",
    severity: Severity::Info,
    generations: Generations::until(Generation::E0),
    summary: "`minio.existingSecret` is set: the keys in the values are not used and not checked.",
    explanation: r#"## What it does
Notes that MinIO takes its credentials from an existing Secret, so `minio.accessKey`,
`minio.secretKey` and the S3 gateway keys in the values are ignored and stsbackup cannot check
them.

## Why is this bad?
It is not, but the backup scripts mount the Secret `stackstate-minio` by name: make sure the
Secret you name has the keys `accesskey` and `secretkey` (and `awsAccessKeyId`,
`awsSecretAccessKey` for static AWS keys).
"#,
};

fn check(cx: &mut Context<'_>) {
    let minio = &cx.values.minio;
    if !minio.existing_secret.is_empty() {
        cx.report(
            &EXISTING_SECRET,
            "minio.existingSecret",
            "MinIO reads its keys from an existing Secret: the keys in these values are ignored",
            Some("the Secret must hold `accesskey` and `secretkey`".into()),
        );
        return;
    }
    // From 2.10.0 MinIO is gone: its keys matter only where they still select S3Proxy's
    // backend, as that backend's keys.
    if cx
        .generations
        .intersection(Generations::from(Generation::E))
        == cx.generations
    {
        check_legacy_backend_keys(cx);
        return;
    }
    let backup_enabled = cx.backups_enabled();
    let access_key = minio.access_key.clone();
    let secret_key = minio.secret_key.clone();
    match cx.values.storage_mode() {
        StorageMode::AzureGateway => {
            if access_key == PLACEHOLDER || secret_key == PLACEHOLDER {
                placeholder(cx, backup_enabled, &access_key, &secret_key);
            }
            if access_key != PLACEHOLDER {
                check_azure_account_name(cx, &access_key);
            }
            if secret_key != PLACEHOLDER {
                check_azure_account_key(cx, &secret_key);
            }
        }
        mode => {
            placeholder(cx, backup_enabled, &access_key, &secret_key);
            if access_key != PLACEHOLDER {
                check_minio_key(cx, KeyKind::Access, &access_key);
            }
            if secret_key != PLACEHOLDER {
                check_minio_key(cx, KeyKind::Secret, &secret_key);
            }
            if mode == StorageMode::S3Gateway {
                check_aws_keys(cx);
            }
        }
    }
}

/// suse-observability 2.10.0 and later: the MinIO gateway keys that S3Proxy takes as its
/// backend's keys, where the deprecated gateway switch is what selects that backend (S3Proxy's
/// order: PVC, then S3, then Azure, each by its new or its legacy switch).
fn check_legacy_backend_keys(cx: &mut Context<'_>) {
    let minio = &cx.values.minio;
    let backends = &cx.values.backup.storage.backend;
    let pvc = backends.pvc.enabled == Some(true) || minio.persistence.enabled;
    let s3_new = backends.s3.enabled == Some(true);
    let s3 = s3_new || minio.s3gateway.enabled;
    let azure_new = backends.azure.enabled == Some(true);
    if !pvc && s3 && !s3_new {
        // The new keys win where they are set (`stackstate.s3proxy.s3BackendAccessKey`).
        let new_keys = [&backends.s3.access_key, &backends.s3.secret_key];
        if new_keys
            .iter()
            .all(|key| key.as_deref().is_none_or(str::is_empty))
        {
            check_aws_keys(cx);
        }
    } else if !pvc && !s3 && minio.azuregateway.enabled && !azure_new {
        let account_name = backends.azure.account_name.as_deref().unwrap_or_default();
        let account_key = backends.azure.account_key.as_deref().unwrap_or_default();
        let access_key = minio.access_key.clone();
        let secret_key = minio.secret_key.clone();
        if account_name.is_empty() && cx.is_written("minio.accessKey") && !access_key.is_empty() {
            check_azure_account_name(cx, &access_key);
        }
        if account_key.is_empty() && cx.is_written("minio.secretKey") && !secret_key.is_empty() {
            check_azure_account_key(cx, &secret_key);
        }
    }
}

fn placeholder(cx: &mut Context<'_>, backup_enabled: bool, access_key: &str, secret_key: &str) {
    if !backup_enabled {
        return;
    }
    for (path, value) in [
        ("minio.accessKey", access_key),
        ("minio.secretKey", secret_key),
    ] {
        if value == PLACEHOLDER {
            cx.report(
                &PLACEHOLDER_CREDENTIALS,
                path,
                format!("`{path}` is still the chart's placeholder `setme`: MinIO refuses to start, so no backup is stored"),
                Some("set real keys, for example with `stsbackup render values --generate-credentials`".into()),
            );
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum KeyKind {
    Access,
    Secret,
}

fn check_minio_key(cx: &mut Context<'_>, kind: KeyKind, key: &str) {
    let (rule, path, min, max, minio_min) = match kind {
        KeyKind::Access => (&MINIO_ACCESS_KEY, "minio.accessKey", 5, 20, 3),
        KeyKind::Secret => (&MINIO_SECRET_KEY, "minio.secretKey", 8, 40, 8),
    };
    let length = key.chars().count();
    let bad_chars = describe_non_alphanumeric(key);
    if (min..=max).contains(&length) && bad_chars.is_none() {
        return;
    }
    let mut problems = Vec::new();
    if length < min || length > max {
        problems.push(format!("has {length} characters, not {min} to {max}"));
    }
    if let Some(bad) = &bad_chars {
        problems.push(format!("contains {bad}"));
    }
    let mut message = format!("`{path}` {}", problems.join(" and "));
    let mut minio_refuses = Vec::new();
    if length < minio_min {
        minio_refuses.push(format!("it is shorter than {minio_min} characters"));
    }
    if kind == KeyKind::Access && (key.contains('=') || key.contains(',')) {
        minio_refuses.push("current MinIO releases reserve `=` and `,`".to_owned());
    }
    if minio_refuses.is_empty() {
        message.push_str(": the chart's scripts put the key unescaped into shell and JSON text");
    } else {
        message.push_str(&format!(
            "; MinIO itself refuses it ({})",
            minio_refuses.join(", ")
        ));
    }
    cx.report(
        rule,
        path,
        message,
        Some(format!(
            "use {min} to {max} letters and digits, as the StackState documentation requires"
        )),
    );
}

/// Names the kinds of characters outside `[A-Za-z0-9]`, without repeating the key.
fn describe_non_alphanumeric(key: &str) -> Option<String> {
    let mut kinds: Vec<&str> = Vec::new();
    for c in key.chars().filter(|c| !c.is_ascii_alphanumeric()) {
        let kind = if c.is_whitespace() {
            "whitespace"
        } else if c.is_control() {
            "control characters"
        } else if !c.is_ascii() {
            "non-ASCII characters"
        } else {
            "punctuation or symbols"
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    (!kinds.is_empty()).then(|| kinds.join(", "))
}

fn check_azure_account_name(cx: &mut Context<'_>, name: &str) {
    let length = name.chars().count();
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if (3..=24).contains(&length) && valid_chars {
        return;
    }
    let mut problems = Vec::new();
    if !(3..=24).contains(&length) {
        problems.push(format!("has {length} characters, not 3 to 24"));
    }
    if !valid_chars {
        problems.push("has characters other than lowercase letters and digits".to_owned());
    }
    cx.report(
        &AZURE_ACCOUNT_NAME,
        "minio.accessKey",
        format!(
            "with the Azure gateway, `minio.accessKey` is the storage account name, and this one {}",
            problems.join(" and ")
        ),
        Some("use the storage account's name exactly as Azure shows it: 3 to 24 lowercase letters and digits".into()),
    );
}

fn check_azure_account_key(cx: &mut Context<'_>, key: &str) {
    let trimmed = key.trim();
    let decoded = base64::engine::general_purpose::STANDARD.decode(trimmed);
    let problem = match decoded {
        Ok(bytes) if bytes.len() == 64 && trimmed == key => return,
        Ok(_) if trimmed != key => "has whitespace around it".to_owned(),
        Ok(bytes) => format!("decodes to {} bytes, not 64", bytes.len()),
        Err(_) => format!(
            "is not base64 ({} characters; an account key is 88)",
            key.chars().count()
        ),
    };
    cx.report(
        &AZURE_ACCOUNT_KEY,
        "minio.secretKey",
        format!("with the Azure gateway, `minio.secretKey` is the storage account key, and this one {problem}"),
        Some("copy key1 or key2 from the storage account's \"Access keys\" page: 88 characters ending in `==`".into()),
    );
}

fn check_aws_keys(cx: &mut Context<'_>) {
    let gateway = &cx.values.minio.s3gateway;
    let access_key = gateway.access_key.clone();
    let secret_key = gateway.secret_key.clone();
    match (access_key.is_empty(), secret_key.is_empty()) {
        (true, true) => return,
        (false, true) | (true, false) => {
            let (set, unset) = if access_key.is_empty() {
                ("minio.s3gateway.secretKey", "minio.s3gateway.accessKey")
            } else {
                ("minio.s3gateway.accessKey", "minio.s3gateway.secretKey")
            };
            cx.report(
                &AWS_KEYS_HALF_SET,
                set,
                format!("`{set}` is set but `{unset}` is empty: the gateway gets half a credential and AWS refuses every request"),
                Some("set both keys, or neither to use the pod's IAM role".into()),
            );
        }
        (false, false) => {}
    }
    if !access_key.is_empty() {
        let length = access_key.chars().count();
        let word_chars = access_key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !(16..=128).contains(&length) || !word_chars {
            let mut problems = Vec::new();
            if !(16..=128).contains(&length) {
                problems.push(format!("{length} characters, not 16 to 128"));
            }
            if !word_chars {
                problems.push("characters other than letters, digits and `_`".to_owned());
            }
            cx.report(
                &AWS_ACCESS_KEY_ID,
                "minio.s3gateway.accessKey",
                format!(
                    "`minio.s3gateway.accessKey` is not an AWS access key id: it has {}",
                    problems.join(" and ")
                ),
                Some("an access key id looks like `AKIAIOSFODNN7EXAMPLE` (20 characters)".into()),
            );
        }
    }
    if !secret_key.is_empty() {
        let length = secret_key.chars().count();
        let base64_chars = secret_key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/');
        if length != 40 || !base64_chars {
            let mut problems = Vec::new();
            if length != 40 {
                problems.push(format!("{length} characters, not 40"));
            }
            if !base64_chars {
                problems.push("characters other than letters, digits, `+` and `/`".to_owned());
            }
            cx.report(
                &AWS_SECRET_ACCESS_KEY,
                "minio.s3gateway.secretKey",
                format!("`minio.s3gateway.secretKey` does not look like an AWS secret access key: it has {}", problems.join(" and ")),
                Some("check that the key was copied whole".into()),
            );
        }
    }
}
