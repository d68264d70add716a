//! What the backup CronJobs and Jobs share: the Helm release they belong to, the names the
//! chart derives from it, the images and the endpoints of the chart's defaults.

use super::RenderError;
use super::chart::ChartSettings;
use crate::model::{Backup, Values};
use serde::Serialize;

/// Kubernetes refuses CronJob names longer than this: the controller appends an 11-character
/// suffix to the Jobs it creates, and Job names feed 63-character labels.
pub const CRONJOB_NAME_LIMIT: usize = 52;

/// The longest name of any other object (a DNS-1123 subdomain is 253; Job names go into the
/// `job-name` label, which allows 63).
const JOB_NAME_LIMIT: usize = 63;

/// Helm refuses release names longer than this.
const RELEASE_NAME_LIMIT: usize = 53;

/// The chart's name, which `common.fullname.short` uses.
const CHART_NAME: &str = "stackstate";

/// The Helm release the chart is installed as, and the namespace to put objects in.
///
/// ```
/// use stsbackup::render::Release;
///
/// assert_eq!(Release::default().fullname(), "stackstate");
/// assert_eq!(Release::new("prod").unwrap().fullname(), "prod-stackstate");
/// assert!(Release::new("Prod_1").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    name: String,
    namespace: Option<String>,
}

impl Default for Release {
    /// The release `stackstate` (the docs' install command), no namespace.
    fn default() -> Self {
        Release {
            name: CHART_NAME.to_owned(),
            namespace: None,
        }
    }
}

impl Release {
    /// A release name as Helm accepts it: at most 53 characters, lowercase letters, digits,
    /// `-` and `.`, starting and ending with a letter or digit.
    pub fn new(name: impl Into<String>) -> Result<Self, RenderError> {
        let name = name.into();
        if let Some(reason) = dns_name_problem(&name, RELEASE_NAME_LIMIT, true) {
            return Err(RenderError::InvalidInput {
                what: "Helm release name",
                value: name,
                reason,
            });
        }
        Ok(Release {
            name,
            namespace: None,
        })
    }

    /// The same release, with its objects in `namespace` (a DNS-1123 label). Without one, the
    /// objects carry no namespace and `kubectl` uses the current one.
    pub fn in_namespace(mut self, namespace: impl Into<String>) -> Result<Self, RenderError> {
        let namespace = namespace.into();
        if let Some(reason) = dns_name_problem(&namespace, 63, false) {
            return Err(RenderError::InvalidInput {
                what: "Kubernetes namespace",
                value: namespace,
                reason,
            });
        }
        self.namespace = Some(namespace);
        Ok(self)
    }

    /// The release name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The namespace, when one was given.
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The chart's `common.fullname.short`: the chart name when the release is called like
    /// the chart, `<release>-stackstate` otherwise; lowercased, cut to 54 characters, without
    /// a trailing `-`. Every backup object name starts with it.
    pub fn fullname(&self) -> String {
        self.fullname_of(CHART_NAME)
    }

    /// `common.fullname.short` of a chart named `chart` (`suse-observability` for 2.x).
    pub(crate) fn fullname_of(&self, chart: &str) -> String {
        let base = if self.name == chart {
            chart.to_owned()
        } else {
            format!("{}-{chart}", self.name)
        };
        let lower = base.to_lowercase();
        let cut: String = lower.chars().take(54).collect();
        cut.trim_end_matches('-').to_owned()
    }

    /// The name of a CronJob `<fullname><suffix>`, refused over Kubernetes' 52 characters.
    pub(crate) fn cronjob_name(&self, suffix: &str) -> Result<String, RenderError> {
        self.cronjob_name_of(CHART_NAME, suffix)
    }

    /// [`Release::cronjob_name`] for a chart named `chart`.
    pub(crate) fn cronjob_name_of(&self, chart: &str, suffix: &str) -> Result<String, RenderError> {
        let name = format!("{}{suffix}", self.fullname_of(chart));
        let length = name.chars().count();
        if length > CRONJOB_NAME_LIMIT {
            let room = CRONJOB_NAME_LIMIT.saturating_sub(suffix.len() + chart.len() + 1);
            return Err(RenderError::NameTooLong {
                kind: "CronJob",
                name,
                length,
                limit: CRONJOB_NAME_LIMIT,
                help: format!(
                    "the chart names it `<release>-{chart}{suffix}`, so the release name can have at most {room} characters (or be `{chart}`)"
                ),
            });
        }
        Ok(name)
    }
}

/// Why a name is not a DNS-1123 label (`dots` false) or subdomain (`dots` true), if it is not.
fn dns_name_problem(name: &str, limit: usize, dots: bool) -> Option<String> {
    let length = name.chars().count();
    if length == 0 {
        return Some("it is empty".into());
    }
    if length > limit {
        return Some(format!("it has {length} characters, over {limit}"));
    }
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (dots && c == '.');
    if !name.chars().all(allowed) {
        return Some(if dots {
            "only lowercase letters, digits, `-` and `.` are allowed".into()
        } else {
            "only lowercase letters, digits and `-` are allowed".into()
        });
    }
    let alphanumeric =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let segments_ok = name.split('.').all(|segment| {
        alphanumeric(segment.chars().next()) && alphanumeric(segment.chars().last())
    });
    if !segments_ok {
        return Some("it must start and end with a letter or digit (around every `.` too)".into());
    }
    None
}

/// An object name the restore scripts make: `<prefix>-<YYYYmmddtHHMMSS>`, as
/// `$(date +%Y%m%dt%H%M%S)` writes the time.
pub(crate) fn timestamped_name(
    prefix: &str,
    at: crate::calendar::DateTime,
) -> Result<String, RenderError> {
    let name = format!(
        "{prefix}-{:04}{:02}{:02}t{:02}{:02}{:02}",
        at.year, at.month, at.day, at.hour, at.minute, at.second
    );
    if let Some(reason) = dns_name_problem(&name, JOB_NAME_LIMIT, false) {
        return Err(RenderError::InvalidInput {
            what: "time for a Job name",
            value: at.to_string(),
            reason,
        });
    }
    Ok(name)
}

/// The `wait` init container: the services to wait for and how to pull its image.
#[derive(Serialize)]
pub(crate) struct Wait {
    pub command: String,
    pub image: String,
    pub pull_policy: String,
}

impl Wait {
    /// `/entrypoint -c <host:port,...> -t 300`, as the chart's `sh -c` block writes it.
    /// The CronJobs pull the image `Always` (`always`); the restore Jobs use the image's
    /// pull policy.
    pub fn for_services(services: &[String], chart: &ChartSettings, always: bool) -> Self {
        Wait {
            command: format!("/entrypoint -c {} -t 300\n", services.join(",")),
            image: chart.wait.image.clone(),
            pull_policy: if always {
                "Always".to_owned()
            } else {
                chart.wait.pull_policy.clone()
            },
        }
    }
}

/// The services the backup pods talk to, with the chart's defaults.
#[derive(Serialize)]
pub(crate) struct Endpoints {
    /// `stackstate.es.endpoint`: the Elasticsearch subchart's headless service.
    pub elasticsearch: String,
    /// `stackstate.minio.endpoint`: `<minio.fullnameOverride>:9000`.
    pub minio: String,
    /// `stackstate.router.endpoint` (chart 5.1, configuration backups).
    pub router: String,
    /// `stackstate.zookeeper.endpoint`.
    pub zookeeper: String,
}

impl Endpoints {
    pub fn new(values: &Values, release: &Release) -> Self {
        Endpoints {
            elasticsearch: "stackstate-elasticsearch-master-headless:9200".into(),
            minio: format!("{}:9000", values.minio.fullname_override),
            router: format!("http://{}-router:8080", release.fullname()),
            zookeeper: "stackstate-zookeeper-headless:2181".into(),
        }
    }
}

/// What every backup pod template needs: the `backup:` values (which hold no secret), the
/// names derived from the release, the endpoints, and what the chart reads outside `backup:`
/// (images, pull secrets, resources). The MinIO keys are not here: the pods mount the Secret
/// named after `minio.fullnameOverride`.
#[derive(Serialize)]
pub(crate) struct PodContext<'a> {
    pub backup: &'a Backup,
    pub fullname: String,
    pub namespace: Option<&'a str>,
    pub minio_secret: &'a str,
    pub endpoints: Endpoints,
    pub images: &'a ChartSettings,
    pub pull_secrets: Vec<String>,
}

impl<'a> PodContext<'a> {
    pub fn new(values: &'a Values, chart: &'a ChartSettings, release: &'a Release) -> Self {
        let fullname = release.fullname();
        PodContext {
            backup: &values.backup,
            pull_secrets: chart.pull_secrets(&fullname),
            fullname,
            namespace: release.namespace(),
            minio_secret: &values.minio.fullname_override,
            endpoints: Endpoints::new(values, release),
            images: chart,
        }
    }

    /// The `wait` target for the server: the initializer when the server is split (the
    /// chart's default), the server itself otherwise.
    pub fn server_wait_target(&self) -> String {
        if self.images.server_split {
            format!("{}-initializer:1618", self.fullname)
        } else {
            format!("{}-server-headless:7070", self.fullname)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fullname_follows_common_fullname_short() {
        assert_eq!(Release::default().fullname(), "stackstate");
        assert_eq!(Release::new("stackstate").unwrap().fullname(), "stackstate");
        assert_eq!(Release::new("sts").unwrap().fullname(), "sts-stackstate");
        let long = "a".repeat(50);
        assert_eq!(Release::new(long.as_str()).unwrap().fullname().len(), 54);
        // Cut at 54 characters, the `-` before `stackstate` is left at the end and dropped.
        let longest = "a".repeat(53);
        assert_eq!(Release::new(longest.as_str()).unwrap().fullname(), longest);
        assert!(
            Release::new("a".repeat(54)).is_err(),
            "over Helm's 53 characters"
        );
    }

    #[test]
    fn cronjob_names_over_52_characters_are_refused() {
        // `<release>-stackstate-backup-stackgraph`: 29 characters besides the release.
        let fits = Release::new("a".repeat(23)).unwrap();
        assert_eq!(fits.cronjob_name("-backup-stackgraph").unwrap().len(), 52);
        let over = Release::new("a".repeat(24)).unwrap();
        let error = over.cronjob_name("-backup-stackgraph").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("53 characters, over the 52"), "{message}");
        assert!(message.contains("at most 23 characters"), "{message}");
        // The configuration CronJob's shorter suffix leaves more room.
        assert!(over.cronjob_name("-backup-conf").is_ok());
    }

    #[test]
    fn release_and_namespace_names() {
        for bad in ["", "Prod", "prod_1", "-prod", "prod-", "a..b", "a b"] {
            assert!(Release::new(bad).is_err(), "{bad:?}");
        }
        assert!(Release::new("prod.eu-1").is_ok());
        assert!(Release::default().in_namespace("a.b").is_err());
        assert!(Release::default().in_namespace("x".repeat(64)).is_err());
        assert_eq!(
            Release::default()
                .in_namespace("stackstate")
                .unwrap()
                .namespace(),
            Some("stackstate")
        );
    }

    #[test]
    fn timestamps_as_the_restore_scripts_write_them() {
        let at = crate::calendar::DateTime::parse_rfc3339("2021-02-22T11:21:42Z").unwrap();
        assert_eq!(
            timestamped_name("stackgraph-restore", at).unwrap(),
            "stackgraph-restore-20210222t112142"
        );
    }
}
