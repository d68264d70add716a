//! The backup CronJobs of `suse-observability` 2.10 and later (S3Proxy): StackGraph v1
//! (`-backup-sg`) and, from 2.10.3, v2 (`-backup-sg-v2`), the settings backup (`-backup-conf`)
//! and ClickHouse's full and incremental backups, as the chart's `backup/cronjob-backup.yaml`
//! and the ClickHouse subchart's `backup/cronjob-backup.yaml` render them.
//!
//! The typed model covers `backup:`; the switches and settings of these releases that live
//! elsewhere (`global.backup.enabled`, `clickhouse.backup.*`,
//! `deployment.compatibleWithArgoCD`, the S3Proxy Secret, the images) are read from the merged
//! document with the release's defaults.

use super::platform::Lookup;
use super::{RenderError, RenderedFile, ValidatedValues, templates};
use crate::generation::{ChartVersion, Generation};
use serde::Serialize;

/// The chart's name, which `common.fullname.short` uses, and its `namePrefix`.
pub(crate) const CHART_NAME: &str = "suse-observability";

/// The chart's defaults (suse-observability 2.10.3 `values.yaml` and its ClickHouse subchart;
/// the images, which change from release to release, are in `platform`).
mod defaults {
    pub const S3PROXY_SECRET: &str = "suse-observability-s3proxy";
    pub const S3PROXY_ENDPOINT: &str = "suse-observability-s3proxy:9000";
    pub const STACKGRAPH_RETENTION: &str = "30 days ago";
    pub const CONFIGURATION_RETENTION: &str = "365 days ago";
    pub const CLICKHOUSE_FULL: &str = "45 0 * * *";
    pub const CLICKHOUSE_INCREMENTAL: &str = "45 3-23 * * *";
    pub const CLICKHOUSE_TABLES: &str = "otel.*";
    pub const CLICKHOUSE_BUCKET: &str = "sts-clickhouse-backup";
    pub const VM_BUCKET: &str = "sts-victoria-metrics-backup";
}

/// One CronJob of the server image (StackGraph v1, v2, settings).
#[derive(Serialize)]
struct ServerCronJob<'a> {
    api_version: &'static str,
    name: String,
    namespace: Option<&'a str>,
    /// `app.kubernetes.io/component` of the CronJob.
    component: &'static str,
    /// `app.kubernetes.io/component` of the Job and its pod.
    job_component: &'static str,
    schedule: String,
    /// `None`: the chart writes no `suspend`.
    suspend: Option<bool>,
    argo_cd: bool,
    ttl_seconds: Option<u32>,
    container: &'static str,
    script: &'static str,
    image: String,
    pull_policy: String,
    /// The settings backup reads the license Secret.
    license_secret: Option<String>,
    /// `None` prints `null`: what the chart's unquoted empty values read back as.
    env: Vec<(&'static str, Option<String>)>,
    resources: Option<String>,
    container_security_context: Option<String>,
    wait: &'a super::platform::WaitContainer,
    /// The settings backup's pod names an empty service account, as the chart's does.
    empty_service_account: bool,
    fullname: String,
    s3proxy_secret: String,
    /// The StackGraph temp-data PVC; the settings backup has none.
    tmp_data_claim: Option<String>,
    security_context: Option<serde_json::Value>,
    pull_secrets: Vec<String>,
}

/// One ClickHouse CronJob.
#[derive(Serialize)]
struct ClickhouseCronJob<'a> {
    job: &'static str,
    namespace: Option<&'a str>,
    schedule: String,
    image: String,
    tables: String,
    pull_secrets: Vec<String>,
}

/// An unquoted value of the chart's: empty reads back as `null`.
fn unquoted(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// The chart's `trimTrailingSlashes` and `ensureTrailingSlashIfNotEmpty`.
fn without_trailing_slash(prefix: &str) -> String {
    prefix.trim_end_matches('/').to_owned()
}

fn with_trailing_slash(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", prefix.trim_end_matches('/'))
    }
}

/// The backup CronJobs of a `suse-observability` 2.10 (or later) release, each as a file, in
/// the chart's order; `NotApplicable` when none renders.
pub(crate) fn cronjobs(
    values: &ValidatedValues,
    release_of_chart: ChartVersion,
    options: &super::CronJobOptions,
) -> Result<Vec<RenderedFile>, RenderError> {
    let per_store_switches = release_of_chart.generation() == Generation::EPrime;
    // 2.10.0 to 2.10.2 still pick the StackGraph and settings CronJobs' API version from the
    // cluster's capabilities (ClickHouse's is `batch/v1`); 2.10.3 dropped the check.
    if per_store_switches && options.api_version != super::ApiVersion::BatchV1 {
        return Err(RenderError::InvalidInput {
            what: "CronJob API version",
            value: options.api_version.as_str().to_owned(),
            reason: format!("{release_of_chart} renders `batch/v1` only"),
        });
    }
    let settings = Lookup::new(values.root());
    let model = values.values();
    let release = &options.release;
    let namespace = release.namespace();
    let global = settings.flag(&["global", "backup", "enabled"], false);
    let argo_cd = settings.flag(&["deployment", "compatibleWithArgoCD"], false);
    let ttl = if argo_cd { 86400 } else { 3600 };
    let fullname = release.fullname_of(CHART_NAME);
    let pull_secrets = settings.pull_secrets();
    let s3proxy_secret = settings.text(
        &["global", "s3proxy", "credentials", "fromExternalSecret"],
        defaults::S3PROXY_SECRET,
    )?;
    let implementation = settings.text(
        &["backup", "stackGraph", "scheduled", "implementation"],
        "v1",
    )?;
    let stackgraph_enabled = settings.flag(&["backup", "stackGraph", "enabled"], true);
    let configuration_enabled = settings.flag(&["backup", "configuration", "enabled"], true);
    let elasticsearch_enabled = settings.flag(&["backup", "elasticsearch", "enabled"], true);
    // Every CronJob of the server image (v2 whenever `global.backup.enabled` is on) or none.
    if !global && per_store_switches && !configuration_enabled {
        return Err(RenderError::NotApplicable {
            artifact: "backup CronJob",
            reason: "`global.backup.enabled` is off; `backup.configuration.enabled` is false"
                .into(),
        });
    }
    let platform = super::platform::Platform::read(
        values.root(),
        release_of_chart.version,
        &fullname,
        release.name(),
    )?;
    // 2.10.3 reads `backup.<store>.enabled`; 2.10.0 to 2.10.2 still print the removed
    // `backup.<store>.scheduled.enabled`, which their values no longer hold (`quote` of
    // nothing is empty).
    let store_switch = |store: &str, enabled: bool| -> Result<String, RenderError> {
        // (Absent, it prints nothing: `quote` of nothing is empty, read back as `null`.)
        if per_store_switches {
            Ok(enabled.to_string())
        } else {
            settings.text(&["backup", store, "scheduled", "enabled"], "")
        }
    };
    let vm = |n: &str, key: &str, default: &str| {
        settings.text(&[&format!("victoria-metrics-{n}"), "backup", key], default)
    };
    let backup_env: Vec<(&'static str, String)> = vec![
        (
            "BACKUP_STACKPACKS_SERVICE_URL",
            format!("http://{fullname}-backup-stackpacks:7090"),
        ),
        (
            "BACKUP_ELASTICSEARCH_BUCKET_NAME",
            model.backup.elasticsearch.bucket_name.clone(),
        ),
        (
            "BACKUP_ELASTICSEARCH_S3_PREFIX",
            without_trailing_slash(&settings.text(&["backup", "elasticsearch", "s3Prefix"], "")?),
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_ENABLED",
            store_switch("elasticsearch", elasticsearch_enabled)?,
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SCHEDULED",
            model.backup.elasticsearch.scheduled.schedule.clone(),
        ),
        ("BACKUP_ELASTICSEARCH_SCHEDULED_INDICES", "sts*".into()),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_REPOSITORY_NAME",
            "sts-backup".into(),
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_POLICY_NAME",
            "auto-sts-backup".into(),
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_NAME_TEMPLATE",
            "<sts-backup-{now{yyyyMMdd-HHmm}}>".into(),
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_EXPIRE_AFTER",
            model
                .backup
                .elasticsearch
                .scheduled
                .snapshot_retention_expire_after
                .clone(),
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_MIN_COUNT",
            model
                .backup
                .elasticsearch
                .scheduled
                .snapshot_retention_min_count
                .to_string(),
        ),
        (
            "BACKUP_ELASTICSEARCH_SCHEDULED_SNAPSHOT_RETENTION_MAX_COUNT",
            model
                .backup
                .elasticsearch
                .scheduled
                .snapshot_retention_max_count
                .to_string(),
        ),
        (
            "BACKUP_STACKGRAPH_BUCKET_NAME",
            model.backup.stack_graph.bucket_name.clone(),
        ),
        (
            "BACKUP_STACKGRAPH_S3_PREFIX",
            with_trailing_slash(&settings.text(&["backup", "stackGraph", "s3Prefix"], "")?),
        ),
        (
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_NAME_TEMPLATE",
            "sts-backup-$(date +%Y%m%d-%H%M).graph".into(),
        ),
        (
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_NAME_PARSE_REGEXP",
            "sts-backup-([0-9]*-[0-9]*).graph".into(),
        ),
        (
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_DATETIME_PARSE_FORMAT",
            "%Y%m%d-%H%M".into(),
        ),
        (
            "BACKUP_STACKGRAPH_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
            settings.text(
                &[
                    "backup",
                    "stackGraph",
                    "scheduled",
                    "backupRetentionTimeDelta",
                ],
                defaults::STACKGRAPH_RETENTION,
            )?,
        ),
        ("BACKUP_CONFIGURATION_UPLOAD_REMOTE", global.to_string()),
        (
            "BACKUP_CONFIGURATION_BUCKET_NAME",
            model.backup.configuration.bucket_name.clone(),
        ),
        (
            "BACKUP_CONFIGURATION_S3_PREFIX",
            with_trailing_slash(&settings.text(&["backup", "configuration", "s3Prefix"], "")?),
        ),
        (
            "BACKUP_CONFIGURATION_SCHEDULED_ENABLED",
            store_switch("configuration", configuration_enabled)?,
        ),
        (
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_TEMPLATE",
            "sts-backup-$(date +%Y%m%d-%H%M).sty".into(),
        ),
        (
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_NAME_PARSE_REGEXP",
            "sts-backup-([0-9]*-[0-9]*).sty".into(),
        ),
        (
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_DATETIME_PARSE_FORMAT",
            "%Y%m%d-%H%M".into(),
        ),
        (
            "BACKUP_CONFIGURATION_SCHEDULED_BACKUP_RETENTION_TIME_DELTA",
            settings.text(
                &[
                    "backup",
                    "configuration",
                    "scheduled",
                    "backupRetentionTimeDelta",
                ],
                defaults::CONFIGURATION_RETENTION,
            )?,
        ),
        (
            "BACKUP_CONFIGURATION_MAX_LOCAL_FILES",
            settings.text(&["backup", "configuration", "maxLocalFiles"], "10")?,
        ),
        ("BACKUP_STACKPACKS_DIR", "stackpacks/".into()),
        (
            "STACKSTATE_ROUTER_ENDPOINT",
            platform.env.stackstate_router_endpoint.clone(),
        ),
        (
            "ELASTICSEARCH_ENDPOINT",
            platform.env.elasticsearch_endpoint.clone(),
        ),
        (
            "BACKUP_VICTORIA_METRICS_0_ENABLED",
            platform.env.victoria_metrics_0_enabled.clone(),
        ),
        (
            "BACKUP_VICTORIA_METRICS_0_BUCKET_NAME",
            vm("0", "bucketName", defaults::VM_BUCKET)?,
        ),
        (
            "BACKUP_VICTORIA_METRICS_0_S3_PREFIX",
            without_trailing_slash(&vm("0", "s3Prefix", "victoria-metrics-0")?),
        ),
        (
            "BACKUP_VICTORIA_METRICS_1_ENABLED",
            platform.env.victoria_metrics_1_enabled.clone(),
        ),
        (
            "BACKUP_VICTORIA_METRICS_1_BUCKET_NAME",
            vm("1", "bucketName", defaults::VM_BUCKET)?,
        ),
        (
            "BACKUP_VICTORIA_METRICS_1_S3_PREFIX",
            without_trailing_slash(&vm("1", "s3Prefix", "victoria-metrics-1")?),
        ),
        (
            "BACKUP_CLICKHOUSE_BUCKET_NAME",
            settings.text(
                &["clickhouse", "backup", "bucketName"],
                defaults::CLICKHOUSE_BUCKET,
            )?,
        ),
        (
            "BACKUP_CLICKHOUSE_S3_PREFIX",
            with_trailing_slash(&settings.text(&["clickhouse", "backup", "s3Prefix"], "")?),
        ),
        ("S3_ENDPOINT", defaults::S3PROXY_ENDPOINT.into()),
        ("S3_BUCKET_SETTINGS", "local-settings-backup".into()),
        ("PLATFORM_VERSION", platform.env.platform_version.clone()),
    ];
    // `stackstate.backup.envvars`, then what each container adds, in the chart's order.
    let mut unquoted_in_chart = vec![
        "BACKUP_STACKGRAPH_S3_PREFIX",
        "BACKUP_CONFIGURATION_S3_PREFIX",
        "BACKUP_VICTORIA_METRICS_0_S3_PREFIX",
        "BACKUP_VICTORIA_METRICS_1_S3_PREFIX",
        "BACKUP_CLICKHOUSE_S3_PREFIX",
    ];
    if !per_store_switches {
        unquoted_in_chart.extend([
            "BACKUP_ELASTICSEARCH_SCHEDULED_ENABLED",
            "BACKUP_CONFIGURATION_SCHEDULED_ENABLED",
        ]);
    }
    let container_env = |settings_backup: bool| -> Vec<(&'static str, Option<String>)> {
        let mut env: Vec<(&'static str, Option<String>)> = backup_env
            .iter()
            .map(|(name, value)| {
                if unquoted_in_chart.contains(name) {
                    (*name, unquoted(value.clone()))
                } else {
                    (*name, Some(value.clone()))
                }
            })
            .collect();
        let base_url = &platform.env.base_url;
        env.push(("STACKSTATE_BASE_URL", Some(base_url.clone())));
        env.push(("RECEIVER_BASE_URL", Some(format!("{base_url}/receiver"))));
        if settings_backup && let Some(limit) = &platform.env.yaml_code_point_limit {
            env.push((
                "CONFIG_FORCE_stackstate_yaml_codePointLimit",
                Some(limit.clone()),
            ));
        }
        env.push((
            "PROMETHEUS_WRITE_ENDPOINT",
            Some(platform.env.prometheus_write_endpoint.clone()),
        ));
        env.push(("HADOOP_USER_NAME", Some("nobody".into())));
        env.push((
            "ZOOKEEPER_QUORUM",
            Some(platform.env.zookeeper_quorum.clone()),
        ));
        env
    };
    let security_context = |enabled: bool, context: &crate::model::SecurityContext| {
        enabled.then(|| {
            serde_json::json!({
                "fsGroup": context.fs_group,
                "runAsGroup": context.run_as_group,
                "runAsNonRoot": context.run_as_non_root,
                "runAsUser": context.run_as_user,
            })
        })
    };
    let stackgraph_context = &model.backup.stack_graph.security_context;
    let server_job = |name: String,
                      component: &'static str,
                      job_component: &'static str,
                      schedule: &str,
                      suspend: Option<bool>,
                      container: &'static str,
                      script: &'static str,
                      tmp_data_claim: Option<String>,
                      ttl_seconds: Option<u32>,
                      security: Option<serde_json::Value>| ServerCronJob {
        api_version: options.api_version.as_str(),
        name,
        namespace,
        component,
        job_component,
        schedule: schedule.to_owned(),
        suspend,
        argo_cd,
        ttl_seconds,
        container,
        script,
        image: platform.server_image.clone(),
        pull_policy: platform.server_pull_policy.clone(),
        license_secret: None,
        env: container_env(container == "backup-settings"),
        resources: if container == "backup-settings" {
            platform.configuration_backup_resources.clone()
        } else {
            platform.backup_resources.clone()
        },
        container_security_context: platform.container_security_context.clone(),
        wait: &platform.wait,
        empty_service_account: container == "backup-settings",
        fullname: fullname.clone(),
        s3proxy_secret: s3proxy_secret.clone(),
        tmp_data_claim,
        security_context: security,
        pull_secrets: pull_secrets.clone(),
    };
    let mut files = Vec::new();
    let mut reasons = Vec::new();
    let stackgraph_schedule = &model.backup.stack_graph.scheduled.schedule;
    // StackGraph v1: `-backup-sg`, under the fixed `namePrefix` from 2.10.3.
    let v1_rendered = global && (!per_store_switches || stackgraph_enabled);
    if v1_rendered {
        let name = if per_store_switches {
            format!("{CHART_NAME}-backup-sg")
        } else {
            release.cronjob_name_of(CHART_NAME, "-backup-sg")?
        };
        let job = server_job(
            name,
            "backup-sg",
            "backup",
            stackgraph_schedule,
            per_store_switches.then_some(implementation == "v2"),
            "backup-stackgraph",
            "/backup-restore-scripts/backup-stackgraph.sh",
            Some(format!("{fullname}-backup-stackgraph-tmp-data")),
            Some(ttl),
            security_context(stackgraph_context.enabled, stackgraph_context),
        );
        files.push(RenderedFile {
            name: "cronjob-backup-sg.yaml".into(),
            text: templates::render("cronjob-s3proxy.yaml.j2", job)?,
        });
    } else if !global {
        reasons.push("`global.backup.enabled` is off".to_owned());
    } else {
        reasons.push("`backup.stackGraph.enabled` is false".to_owned());
    }
    if per_store_switches && global {
        let mut job = server_job(
            release.cronjob_name_of(CHART_NAME, "-backup-sg-v2")?,
            "backup-sg-v2",
            "backup-v2",
            stackgraph_schedule,
            Some(implementation == "v1"),
            "backup-stackgraph-v2",
            "/backup-restore-scripts/backup-stackgraph-v2.sh",
            Some(format!("{fullname}-backup-stackgraph-v2-tmp-data")),
            Some(ttl),
            security_context(stackgraph_context.enabled, stackgraph_context),
        );
        // v2 alone reads the server's own `imageRegistry` (`stackstate.image.registry` with
        // the server's service config).
        job.image = platform.server_image_v2.clone();
        files.push(RenderedFile {
            name: "cronjob-backup-sg-v2.yaml".into(),
            text: templates::render("cronjob-s3proxy.yaml.j2", job)?,
        });
    }
    // The settings backup: always in 2.10.0 to 2.10.2, `backup.configuration.enabled` from
    // 2.10.3, whatever `global.backup.enabled` says. Under Argo CD it has no TTL, and the
    // chart takes the StackGraph security context for it.
    if !per_store_switches || configuration_enabled {
        let mut job = server_job(
            release.cronjob_name_of(CHART_NAME, "-backup-conf")?,
            "backup-settings",
            "backup",
            &model.backup.configuration.scheduled.schedule,
            None,
            "backup-settings",
            "/backup-restore-scripts/backup-configuration.sh",
            None,
            (!argo_cd).then_some(ttl),
            security_context(
                model.backup.configuration.security_context.enabled,
                stackgraph_context,
            ),
        );
        job.license_secret = Some(settings.text(
            &["stackstate", "license", "fromExternalSecret"],
            &format!("{fullname}-license"),
        )?);
        files.push(RenderedFile {
            name: "cronjob-backup-conf.yaml".into(),
            text: templates::render("cronjob-s3proxy.yaml.j2", job)?,
        });
    } else {
        reasons.push("`backup.configuration.enabled` is false".to_owned());
    }
    let clickhouse = global
        && (!per_store_switches || settings.flag(&["clickhouse", "backup", "enabled"], true));
    if clickhouse {
        let image = platform.clickhouse_backup_image.clone();
        let tables = settings.text(
            &["clickhouse", "backup", "config", "tables"],
            defaults::CLICKHOUSE_TABLES,
        )?;
        for (job, key, default) in [
            ("full-backup", "full_schedule", defaults::CLICKHOUSE_FULL),
            (
                "incremental-backup",
                "incremental_schedule",
                defaults::CLICKHOUSE_INCREMENTAL,
            ),
        ] {
            let context = ClickhouseCronJob {
                job,
                namespace,
                schedule: settings.text(&["clickhouse", "backup", "scheduled", key], default)?,
                image: image.clone(),
                tables: tables.clone(),
                pull_secrets: pull_secrets.clone(),
            };
            files.push(RenderedFile {
                name: format!("cronjob-clickhouse-{job}.yaml"),
                text: templates::render("cronjob-clickhouse.yaml.j2", context)?,
            });
        }
    }
    if files.is_empty() {
        reasons.dedup();
        return Err(RenderError::NotApplicable {
            artifact: "backup CronJob",
            reason: reasons.join("; "),
        });
    }
    Ok(files)
}
