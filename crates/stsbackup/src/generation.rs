//! Which chart a values file is for: the chart and released version the user names
//! (`--chart suse-observability@2.10.3`), the generation that release belongs to, and, when
//! nothing is named, the generations a file's own keys and values point to.
//!
//! Generations, from `chart-generations.md` (the backup-relevant shapes of the charts):
//!
//! | Generation | Charts and released versions | What defines it |
//! | --- | --- | --- |
//! | [`Generation::Classic`] | `stackstate` 4.3 – 5.1 | MinIO, Python `timedelta` retention |
//! | [`Generation::D1`] | `stackstate-k8s` 1.1.2 – 1.11.3 | + Victoria Metrics and ClickHouse backups |
//! | [`Generation::D2`] | `stackstate-k8s` 1.11.4 – 1.12.x, `suse-observability` 2.0.0 – 2.6.x | GNU `date -d` retention, `s3Prefix` |
//! | [`Generation::E0`] | `suse-observability` 2.7.0 – 2.9.x | `global.backup.enabled`, still MinIO |
//! | [`Generation::E`] | `suse-observability` 2.10.0 – 2.10.2 | S3Proxy, `backup.storage.backend.*` |
//! | [`Generation::EPrime`] | `suse-observability` 2.10.3 and later | per-store `enabled`, StackGraph v2 |
//!
//! Released version numbers are the git tags' (`suse-observability/2.7.0`): the `version:` in a
//! chart's git `Chart.yaml` is a pre-release number that the release pipeline overwrites.
//!
//! What a values file's own keys say about its generation is in [`crate::markers`].

use std::fmt;

/// The three charts that have carried StackState's backups, oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChartName {
    /// The classic `stackstate` chart (4.3 to 5.1), removed from the chart repository in 2026.
    Stackstate,
    /// `stackstate-k8s` (1.x), the chart that became SUSE Observability.
    StackstateK8s,
    /// `suse-observability` (2.x).
    SuseObservability,
}

impl ChartName {
    /// Every chart, oldest first.
    pub const ALL: [ChartName; 3] = [
        ChartName::Stackstate,
        ChartName::StackstateK8s,
        ChartName::SuseObservability,
    ];

    /// The chart's name as in its `Chart.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartName::Stackstate => "stackstate",
            ChartName::StackstateK8s => "stackstate-k8s",
            ChartName::SuseObservability => "suse-observability",
        }
    }

    /// The chart with this `Chart.yaml` name, if it is one of the three.
    pub fn from_name(name: &str) -> Option<ChartName> {
        ChartName::ALL
            .into_iter()
            .find(|chart| chart.as_str() == name)
    }
}

impl fmt::Display for ChartName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A released chart version, `MAJOR.MINOR.PATCH`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Patch version.
    pub patch: u32,
}

impl Version {
    /// A version from its three numbers.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Parses `MAJOR.MINOR.PATCH` (a leading `v` is accepted, as in git tags).
    pub fn parse(text: &str) -> Result<Version, ChartError> {
        let bare = text.strip_prefix('v').unwrap_or(text);
        if bare.contains('-') || bare.contains('+') {
            return Err(ChartError::PreRelease(text.to_owned()));
        }
        let numbers: Vec<&str> = bare.split('.').collect();
        let parsed: Option<Vec<u32>> = numbers
            .iter()
            .map(|n| {
                if n.is_empty() || n.len() > 9 || !n.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    n.parse().ok()
                }
            })
            .collect();
        match parsed.as_deref() {
            Some(&[major, minor, patch]) => Ok(Version::new(major, minor, patch)),
            _ => Err(ChartError::BadVersion(text.to_owned())),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A chart and one of its released versions: what `--chart NAME@VERSION` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChartVersion {
    /// The chart.
    pub chart: ChartName,
    /// Its released version (the git tag's).
    pub version: Version,
}

/// Why a chart or version cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    /// Not `NAME@VERSION`.
    #[error("`{0}` is not NAME@VERSION (for example `suse-observability@2.10.3`)")]
    NotNameAtVersion(String),
    /// A chart other than the three.
    #[error(
        "`{0}` is not a StackState chart: expected `stackstate`, `stackstate-k8s` or `suse-observability`"
    )]
    UnknownChart(String),
    /// A version that is not `MAJOR.MINOR.PATCH`.
    #[error("`{0}` is not a chart version such as `2.10.3`")]
    BadVersion(String),
    /// A pre-release number: released versions are the git tags'.
    #[error(
        "`{0}` is a pre-release version; use the released version (the number of the git tag, such as `2.7.0`)"
    )]
    PreRelease(String),
    /// A version of the chart that has no backups stsbackup models.
    #[error("{0}")]
    Unsupported(String),
}

impl ChartVersion {
    /// A chart version from its parts.
    pub const fn new(chart: ChartName, version: Version) -> ChartVersion {
        ChartVersion { chart, version }
    }

    /// Parses `NAME@VERSION`, for example `suse-observability@2.10.3`, and checks that the
    /// release is one whose backups stsbackup models.
    ///
    /// ```
    /// use stsbackup::generation::{ChartVersion, Generation};
    /// let chart = ChartVersion::parse("suse-observability@2.7.0").unwrap();
    /// assert_eq!(chart.generation(), Generation::E0);
    /// assert!(ChartVersion::parse("suse-observability@2.7.0-pre.96").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<ChartVersion, ChartError> {
        let (name, version) = text
            .split_once('@')
            .ok_or_else(|| ChartError::NotNameAtVersion(text.to_owned()))?;
        let chart =
            ChartName::from_name(name).ok_or_else(|| ChartError::UnknownChart(name.to_owned()))?;
        ChartVersion::checked(chart, Version::parse(version)?)
    }

    /// A chart version, if it is a release whose backups stsbackup models.
    pub fn checked(chart: ChartName, version: Version) -> Result<ChartVersion, ChartError> {
        let unsupported =
            |why: &str| Err(ChartError::Unsupported(format!("{chart}@{version}: {why}")));
        match chart {
            ChartName::Stackstate if version < Version::new(4, 3, 0) => unsupported(
                "the stackstate chart before 4.3 has the early backup layout, which stsbackup does not model",
            ),
            ChartName::Stackstate if version >= Version::new(5, 2, 0) => unsupported(
                "the stackstate chart ended with 5.1; its successor is stackstate-k8s, then suse-observability",
            ),
            // The tag `stackstate-k8s/2.0.0` is the `suse-observability` chart 2.0.0 (its
            // Chart.yaml says so): its keys and defaults are that chart's.
            ChartName::StackstateK8s if version == Version::new(2, 0, 0) => Ok(ChartVersion {
                chart: ChartName::SuseObservability,
                version,
            }),
            ChartName::StackstateK8s if version >= Version::new(2, 0, 1) => unsupported(
                "stackstate-k8s was renamed suse-observability at 2.0.0; use suse-observability@VERSION",
            ),
            ChartName::StackstateK8s if version.major == 0 => {
                unsupported("stackstate-k8s was first released as 1.x")
            }
            ChartName::SuseObservability if version.major < 2 => {
                unsupported("suse-observability was first released as 2.0.0")
            }
            _ => Ok(ChartVersion { chart, version }),
        }
    }

    /// The generation this release belongs to.
    pub fn generation(self) -> Generation {
        let v = self.version;
        match self.chart {
            ChartName::Stackstate => Generation::Classic,
            ChartName::StackstateK8s if v < Version::new(1, 11, 4) => Generation::D1,
            ChartName::StackstateK8s => Generation::D2,
            ChartName::SuseObservability if v < Version::new(2, 7, 0) => Generation::D2,
            ChartName::SuseObservability if v < Version::new(2, 10, 0) => Generation::E0,
            ChartName::SuseObservability if v < Version::new(2, 10, 3) => Generation::E,
            ChartName::SuseObservability => Generation::EPrime,
        }
    }

    /// Whether this release is the given one or later in the same chart, or any release of a
    /// later chart: the order in which features arrived (`stackstate` < `stackstate-k8s` <
    /// `suse-observability`).
    pub fn is_at_least(self, chart: ChartName, version: Version) -> bool {
        self.chart > chart || (self.chart == chart && self.version >= version)
    }
}

impl fmt::Display for ChartVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.chart, self.version)
    }
}

impl std::str::FromStr for ChartVersion {
    type Err = ChartError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ChartVersion::parse(text)
    }
}

/// The backup-relevant shapes of the charts, oldest first (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Generation {
    /// `stackstate` 4.3 – 5.1: MinIO; StackGraph, Elasticsearch and (5.1) configuration
    /// backups; Python `timedelta` retention.
    Classic,
    /// `stackstate-k8s` 1.1.2 – 1.11.3: adds Victoria Metrics and ClickHouse backups.
    D1,
    /// `stackstate-k8s` 1.11.4 – 1.12.x and `suse-observability` 2.0.0 – 2.6.x: GNU `date -d`
    /// retention, `s3Prefix`.
    D2,
    /// `suse-observability` 2.7.0 – 2.9.x: `global.backup.enabled`, per-store switches removed.
    E0,
    /// `suse-observability` 2.10.0 – 2.10.2: S3Proxy replaces MinIO.
    E,
    /// `suse-observability` 2.10.3 and later: per-store `enabled`, StackGraph backup v2.
    EPrime,
}

impl Generation {
    /// Every generation, oldest first.
    pub const ALL: [Generation; 6] = [
        Generation::Classic,
        Generation::D1,
        Generation::D2,
        Generation::E0,
        Generation::E,
        Generation::EPrime,
    ];

    /// The releases of this generation, in words.
    pub fn releases(self) -> &'static str {
        match self {
            Generation::Classic => "stackstate 4.3 to 5.1",
            Generation::D1 => "stackstate-k8s 1.1.2 to 1.11.3",
            Generation::D2 => {
                "stackstate-k8s 1.11.4 to 1.12.x and suse-observability 2.0.0 to 2.6.x"
            }
            Generation::E0 => "suse-observability 2.7.0 to 2.9.x",
            Generation::E => "suse-observability 2.10.0 to 2.10.2",
            Generation::EPrime => "suse-observability 2.10.3 and later",
        }
    }

    /// The first release of the generation, in words.
    fn first_release(self) -> &'static str {
        match self {
            Generation::Classic => "stackstate 4.3",
            Generation::D1 => "stackstate-k8s 1.1.2",
            Generation::D2 => "stackstate-k8s 1.11.4",
            Generation::E0 => "suse-observability 2.7.0",
            Generation::E => "suse-observability 2.10.0",
            Generation::EPrime => "suse-observability 2.10.3",
        }
    }

    /// The last release of the generation, in words.
    fn last_release(self) -> &'static str {
        match self {
            Generation::Classic => "stackstate 5.1",
            Generation::D1 => "stackstate-k8s 1.11.3",
            Generation::D2 => "suse-observability 2.6.x",
            Generation::E0 => "suse-observability 2.9.x",
            Generation::E => "suse-observability 2.10.2",
            Generation::EPrime => "later",
        }
    }

    /// The newest release of this generation known to stsbackup, which stands for the
    /// generation when only the generation is known.
    pub fn newest_release(self) -> ChartVersion {
        let (chart, version) = match self {
            Generation::Classic => (ChartName::Stackstate, Version::new(5, 1, 4)),
            Generation::D1 => (ChartName::StackstateK8s, Version::new(1, 11, 3)),
            Generation::D2 => (ChartName::SuseObservability, Version::new(2, 6, 3)),
            Generation::E0 => (ChartName::SuseObservability, Version::new(2, 9, 0)),
            Generation::E => (ChartName::SuseObservability, Version::new(2, 10, 2)),
            Generation::EPrime => (ChartName::SuseObservability, Version::new(2, 10, 3)),
        };
        ChartVersion::new(chart, version)
    }
}

impl fmt::Display for Generation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.releases())
    }
}

/// A set of generations (a small bit set).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Generations(u8);

impl Generations {
    /// Every generation.
    pub const ALL: Generations = Generations(0b11_1111);
    /// No generation.
    pub const NONE: Generations = Generations(0);

    /// The generations from `first` to `last`, both included.
    pub const fn range(first: Generation, last: Generation) -> Generations {
        let (first, last) = (first as u8, last as u8);
        let mut set = 0u8;
        let mut bit = first;
        while bit <= last {
            set |= 1 << bit;
            bit += 1;
        }
        Generations(set)
    }

    /// `first` and every later generation.
    pub const fn from(first: Generation) -> Generations {
        Generations::range(first, Generation::EPrime)
    }

    /// Every generation up to `last`, included.
    pub const fn until(last: Generation) -> Generations {
        Generations::range(Generation::Classic, last)
    }

    /// Whether every generation of `other` is in this set.
    pub const fn covers(self, other: Generations) -> bool {
        other.0 & !self.0 == 0
    }

    /// Whether the set holds `generation`.
    pub const fn contains(self, generation: Generation) -> bool {
        self.0 & (1 << generation as u8) != 0
    }

    /// The generations in both sets.
    pub fn intersection(self, other: Generations) -> Generations {
        Generations(self.0 & other.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The generations of the set, oldest first.
    pub fn iter(self) -> impl Iterator<Item = Generation> {
        Generation::ALL
            .into_iter()
            .filter(move |generation| self.contains(*generation))
    }
}

impl fmt::Display for Generations {
    /// Runs of consecutive generations as release ranges: `stackstate-k8s 1.11.4 or later`,
    /// `stackstate 4.3 to stackstate-k8s 1.11.3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut runs: Vec<(Generation, Generation)> = Vec::new();
        for generation in self.iter() {
            match runs.last_mut() {
                Some((_, last)) if *last as u8 + 1 == generation as u8 => *last = generation,
                _ => runs.push((generation, generation)),
            }
        }
        if runs.is_empty() {
            return f.write_str("no generation");
        }
        let texts: Vec<String> = runs
            .into_iter()
            .map(|(first, last)| match (first, last) {
                (first, last) if first == last => first.releases().to_owned(),
                (first, Generation::EPrime) => format!("{} or later", first.first_release()),
                (first, last) => format!("{} to {}", first.first_release(), last.last_release()),
            })
            .collect();
        f.write_str(&texts.join("; "))
    }
}

#[cfg(test)]
mod tests;
