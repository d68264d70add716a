//! Where the backups are stored, and the wiring between the chart and its MinIO subchart.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};
use crate::model::StorageMode;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &NO_PERSISTENT_STORAGE,
        &CONFLICTING_STORAGE,
        &LOCAL_VOLUME_STORAGE,
        &UNSUPPORTED_GATEWAY,
        &FULLNAME_OVERRIDE_CHANGED,
        &GATEWAY_REMOVED_FROM_IMAGE,
        &BACKUP_DISABLED,
    ],
    check: Some(check),
};

pub(crate) const NO_PERSISTENT_STORAGE: Rule = Rule {
    code: "SB601",
    name: "no-persistent-storage",
    severity: Severity::Error,
    generations: Generations::until(Generation::E0),
    summary: "Backups are enabled but MinIO has no storage: they vanish with the MinIO pod.",
    explanation: r#"## What it does
With backups enabled (`backup.enabled` up to suse-observability 2.6.x, `global.backup.enabled`
on 2.7.0 to 2.9.x, where `backup.enabled: true` only fails the chart: SB611), reports values
where none of `minio.s3gateway.enabled`,
`minio.azuregateway.enabled` and `minio.persistence.enabled` is true.

## Why is this bad?
This is the chart's default. MinIO then keeps the backups in its container's own filesystem (an
`emptyDir` at best): every backup taken so far is lost when the MinIO pod restarts or moves to
another node. The CronJobs succeed every night and there is nothing to restore.

## Use instead
One of the documented recipes (`stsbackup render values --storage s3|azure|pvc`):
```yaml
minio:
  s3gateway:
    enabled: true
```
"#,
};

pub(crate) const CONFLICTING_STORAGE: Rule = Rule {
    code: "SB602",
    name: "conflicting-storage",
    severity: Severity::Error,
    generations: Generations::until(Generation::E0),
    summary: "More than one of the S3 gateway, the Azure gateway and local persistence is enabled.",
    explanation: r#"## What it does
With `backup.enabled`, reports values that enable more than one storage: two gateways, or a
gateway and `minio.persistence.enabled`.

## Why is this bad?
The subchart picks the first gateway in its own order (S3, Azure, GCS, NAS) and the rest is
silently ignored, so backups do not go where half of the values say. Two gateways also render
the Deployment with a duplicate `replicas:` key, and persistence next to a gateway creates a
PersistentVolumeClaim that nothing uses.

## Use instead
Enable exactly one.
"#,
};

pub(crate) const LOCAL_VOLUME_STORAGE: Rule = Rule {
    code: "SB603",
    name: "local-volume-storage",
    severity: Severity::Warning,
    generations: Generations::until(Generation::E0),
    summary: "Backups are stored on a volume in the same cluster.",
    explanation: r#"## What it does
Warns when MinIO stores the backups on a PersistentVolumeClaim (`minio.persistence.enabled`
without a gateway).

## Why is this bad?
It works, but the StackState documentation advises against it on cloud clusters: block storage
is costly for backups, the backups die with the cluster they are meant to protect, and they
cannot be restored into another cluster. Prefer the S3 or Azure gateway.
"#,
};

pub(crate) const UNSUPPORTED_GATEWAY: Rule = Rule {
    code: "SB604",
    name: "unsupported-gateway",
    severity: Severity::Warning,
    generations: Generations::until(Generation::E0),
    summary: "The GCS or NAS gateway is enabled; StackState documents only S3, Azure and a local volume.",
    explanation: r#"## What it does
Warns when `minio.gcsgateway.enabled` or `minio.nasgateway.enabled` is set.

## Why is this bad?
The subchart can run them, but StackState's backup recipes, scripts and support cover the S3
and Azure gateways and local storage only.
"#,
};

pub(crate) const FULLNAME_OVERRIDE_CHANGED: Rule = Rule {
    code: "SB605",
    name: "fullname-override-changed",
    severity: Severity::Error,
    generations: Generations::until(Generation::D1),
    summary: "`minio.fullnameOverride` is not `stackstate-minio`.",
    explanation: r#"## What it does
Reports a `minio.fullnameOverride` other than the chart's `stackstate-minio` while backups are
enabled.

## Why is this bad?
The chart's backup pods reach MinIO at `stackstate-minio:9000` and mount the Secret
`stackstate-minio` by those fixed names. Renaming MinIO leaves every backup and restore Job
pointing at a Service and a Secret that do not exist. The chart's own comment says: "Do not
change this value!"
"#,
};

pub(crate) const GATEWAY_REMOVED_FROM_IMAGE: Rule = Rule {
    code: "SB606",
    name: "gateway-removed-from-image",
    severity: Severity::Error,
    generations: Generations::until(Generation::E0),
    summary: "A MinIO gateway is enabled with a MinIO image that no longer has gateways.",
    explanation: r#"## What it does
Reports the S3 or Azure gateway together with a `minio.image.tag` of a MinIO release from
2022-10-29 on.

## Why is this bad?
MinIO removed gateway mode in `RELEASE.2022-10-29T06-21-33Z`. With a newer image the container
exits at start with an unknown command and no backup is stored.

## Use instead
Keep the chart's pinned image (`RELEASE.2021-…`), or move to the SUSE Observability chart.
"#,
};

pub(crate) const BACKUP_DISABLED: Rule = Rule {
    code: "SB607",
    name: "backup-disabled",
    severity: Severity::Info,
    generations: Generations::until(Generation::D2),
    summary: "The file configures backups, but `backup.enabled` is not true.",
    explanation: r#"## What it does
Notes a values file that sets backup or MinIO settings while `backup.enabled` is false (or
unset, the chart's default).

## Why is this bad?
Nothing in `backup:` or `minio:` takes effect until `backup.enabled` is true: MinIO is not even
installed. If backups are meant to run, enable them.
"#,
};

/// The subchart's defaults, built once.
fn default_minio() -> &'static crate::model::Minio {
    static DEFAULT: std::sync::OnceLock<crate::model::Minio> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(crate::model::Minio::default)
}

/// The first MinIO release without gateway mode.
const GATEWAY_REMOVED: (i32, u8, u8) = (2022, 10, 29);

fn check(cx: &mut Context<'_>) {
    let values = cx.values;
    let minio = &values.minio;
    if !cx.backups_enabled() {
        // Only settings that differ from the chart's defaults: the chart's own values file
        // restates every default and is not "configured".
        let defaults = crate::model::Backup {
            enabled: values.backup.enabled,
            ..Default::default()
        };
        let configures = values.backup != defaults || &values.minio != default_minio();
        if configures {
            let where_ = if cx.is_written("backup.enabled") {
                "backup.enabled"
            } else {
                "backup"
            };
            cx.report(
                &BACKUP_DISABLED,
                where_,
                "backup settings are configured but `backup.enabled` is not true: none of them takes effect",
                Some("set `backup.enabled: true` when backups should run".into()),
            );
        }
        return;
    }

    let enabled: Vec<(&str, bool)> = vec![
        ("minio.s3gateway.enabled", minio.s3gateway.enabled),
        ("minio.azuregateway.enabled", minio.azuregateway.enabled),
        ("minio.gcsgateway.enabled", minio.gcsgateway.enabled),
        ("minio.nasgateway.enabled", minio.nasgateway.enabled),
        ("minio.persistence.enabled", minio.persistence.enabled),
    ];
    let on: Vec<&str> = enabled
        .iter()
        .filter(|(_, e)| *e)
        .map(|(p, _)| *p)
        .collect();
    match on.as_slice() {
        [] => cx.report(
            &NO_PERSISTENT_STORAGE,
            // The switch the file turned on: `global.backup.enabled` from 2.7.0.
            if values.global.backup.enabled == Some(true) {
                "global.backup.enabled"
            } else {
                "backup.enabled"
            },
            "backups are enabled but MinIO has no storage: backups are kept inside the MinIO pod and lost when it restarts",
            Some("enable one of `minio.s3gateway.enabled`, `minio.azuregateway.enabled` or `minio.persistence.enabled` (see `stsbackup render values --storage`)".into()),
        ),
        [_] => {}
        [first, rest @ ..] => {
            for other in rest {
                cx.report(
                    &CONFLICTING_STORAGE,
                    other,
                    format!("`{other}` and `{first}` are both enabled: MinIO uses only one storage, and the subchart decides which"),
                    Some("enable exactly one storage".into()),
                );
            }
        }
    }
    if values.storage_mode() == StorageMode::LocalVolume && on.len() == 1 {
        cx.report(
            &LOCAL_VOLUME_STORAGE,
            "minio.persistence.enabled",
            "backups are stored on a volume in the same cluster: they are lost with the cluster and cannot be restored elsewhere",
            Some("prefer the S3 or Azure gateway (`stsbackup render values --storage s3|azure`)".into()),
        );
    }
    for (path, is_on) in [
        ("minio.gcsgateway.enabled", minio.gcsgateway.enabled),
        ("minio.nasgateway.enabled", minio.nasgateway.enabled),
    ] {
        if is_on {
            cx.report(
                &UNSUPPORTED_GATEWAY,
                path,
                format!(
                    "`{path}`: StackState documents backups to S3, Azure or a local volume only"
                ),
                None,
            );
        }
    }
    if minio.fullname_override != "stackstate-minio" {
        cx.report(
            &FULLNAME_OVERRIDE_CHANGED,
            "minio.fullnameOverride",
            format!(
                "`minio.fullnameOverride` is `{}`: the backup pods reach MinIO at `stackstate-minio:9000` and mount the Secret `stackstate-minio` by name",
                minio.fullname_override
            ),
            Some("keep `stackstate-minio`".into()),
        );
    }
    let gateway = minio.s3gateway.enabled || minio.azuregateway.enabled;
    if gateway
        && let Some(date) = release_date(&minio.image.tag)
        && date >= GATEWAY_REMOVED
    {
        cx.report(
                    &GATEWAY_REMOVED_FROM_IMAGE,
                    "minio.image.tag",
                    format!(
                        "MinIO {:04}-{:02}-{:02} has no gateway mode (removed in RELEASE.2022-10-29): the gateway container cannot start",
                        date.0, date.1, date.2
                    ),
                    Some("keep the chart's pinned MinIO image".into()),
                );
    }
}

/// The date of a MinIO release tag such as `RELEASE.2021-02-14T04-01-33Z-3118065624`.
fn release_date(tag: &str) -> Option<(i32, u8, u8)> {
    let rest = tag.strip_prefix("RELEASE.")?;
    let year = rest.get(0..4)?.parse().ok()?;
    let month = rest.get(5..7)?.parse().ok()?;
    let day = rest.get(8..10)?.parse().ok()?;
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::release_date;

    #[test]
    fn release_dates_are_read_from_tags() {
        assert_eq!(
            release_date("RELEASE.2021-02-14T04-01-33Z-3118065624"),
            Some((2021, 2, 14))
        );
        assert_eq!(release_date("2021.2.19-focal"), None);
    }
}
