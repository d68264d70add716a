//! Values outside the backup settings that break the chart's backup CronJobs.

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{ChartName, ChartVersion, Generation, Generations, Version};

/// The rules of this family and the check that finds them.
pub(super) const FAMILY: Family = Family {
    rules: &[&ENV_FROM_SECRETS_BREAKS_BACKUPS],
    check: Some(check),
};

pub(crate) const ENV_FROM_SECRETS_BREAKS_BACKUPS: Rule = Rule {
    code: "SB628",
    name: "env-from-secrets-breaks-backups",
    severity: Severity::Error,
    generations: Generations::range(Generation::D2, Generation::EPrime),
    summary: "`stackstate.components.all.envsFromExistingSecrets` breaks the chart's backup CronJobs: they run `nginx:latest` instead of the backup.",
    explanation: r#"## What it does
Reports `stackstate.components.all.envsFromExistingSecrets` set to a non-empty list on the
releases whose backup CronJobs include it: the settings backup (`-backup-conf`) from
stackstate-k8s 1.12.0 and suse-observability 2.1.0, the StackGraph backup (`-backup-sg`) from
2.10.0 and StackGraph v2 (`-backup-sg-v2`) from 2.10.3.

## Why is this bad?
The chart pastes these variables after the container's last variable without indenting them.
The container's YAML no longer parses, Helm's `fromYaml` returns an error in its place, and the
chart merges that with the `common` chart's default container: the CronJob runs a container
named after the chart, image `nginx:latest`, with an `Error` field Kubernetes drops. Install and
upgrade succeed, the CronJob fires every day, and no backup is ever made. (Checked by rendering
the real charts 2.6.3 and 2.10.3 with Helm's SDK.)

## Example
```yaml
stackstate:
  components:
    all:
      envsFromExistingSecrets:
        - name: HTTPS_PROXY
          secretName: proxy
          secretKey: url
```

## Use instead
Set the variables on the components that need them
(`stackstate.components.<component>.extraEnv.secret`), not on `all`.
"#,
};

/// Which backup CronJobs of `release` paste the variables in, given the switches.
fn broken_cronjobs(cx: &Context<'_>, release: ChartVersion) -> Vec<&'static str> {
    // The settings backup took them in with its new mechanism (`325736622`).
    let settings_backup = match release.chart {
        ChartName::Stackstate => false,
        ChartName::StackstateK8s => release.version >= Version::new(1, 12, 0),
        ChartName::SuseObservability => release.version >= Version::new(2, 1, 0),
    };
    let mut broken = Vec::new();
    let backup = &cx.values.backup;
    let global = cx.values.global.backup.enabled == Some(true);
    match release.generation() {
        Generation::D2 if settings_backup && backup.configuration.scheduled.enabled => {
            broken.push("-backup-conf")
        }
        Generation::E0 | Generation::E => {
            broken.push("-backup-conf");
            if global && release.generation() == Generation::E {
                broken.push("-backup-sg");
            }
        }
        Generation::EPrime => {
            if backup.configuration.enabled != Some(false) {
                broken.push("-backup-conf");
            }
            if global {
                if backup.stack_graph.enabled != Some(false) {
                    broken.push("-backup-sg");
                }
                broken.push("-backup-sg-v2");
            }
        }
        _ => {}
    }
    broken
}

fn check(cx: &mut Context<'_>) {
    const PATH: &str = "stackstate.components.all.envsFromExistingSecrets";
    let set = cx
        .values
        .stackstate
        .components
        .all
        .envs_from_existing_secrets
        .as_ref()
        .is_some_and(|variables| !variables.is_empty());
    if !set {
        return;
    }
    // Every release checked must break (a file that fits several is judged by what they share).
    let mut broken: Option<Vec<&'static str>> = None;
    for release in cx.releases.clone() {
        let here = broken_cronjobs(cx, release);
        broken = Some(match broken {
            None => here,
            Some(before) => before
                .into_iter()
                .filter(|name| here.contains(name))
                .collect(),
        });
    }
    let Some(broken) = broken.filter(|names| !names.is_empty()) else {
        return;
    };
    let names = broken
        .iter()
        .map(|suffix| format!("`{suffix}`"))
        .collect::<Vec<_>>()
        .join(", ");
    cx.report(
        &ENV_FROM_SECRETS_BREAKS_BACKUPS,
        PATH,
        format!("the chart pastes these variables into the backup CronJobs ({names}) without indenting them: Helm cannot read those containers and renders `nginx:latest` in their place, so those backups never run"),
        Some("set the variables on the components that need them (`stackstate.components.<component>.extraEnv.secret`) instead of `all`".into()),
    );
}
