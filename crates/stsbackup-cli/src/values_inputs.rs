//! The values `render`, `schedule` and `migrate` read, as `helm install` takes them: `-f` files
//! merged in order, then every `--set`, `--set-string` and `--set-literal`; the chart they are
//! for and where the StackState values sit in them (`--chart NAME@VERSION|DIR`,
//! `--values-root`), else the configuration's `chart` and `values-root` (`stsbackup.toml`, found
//! upward, `--config`, `--no-config`). The commands share these flags and this reading; `lint`
//! flattens the same flags and settles its chart with [`chart_settings`], and also reads
//! releases, directories and Chart.yaml files beside values (`inputs.rs`).

use crate::config;
use crate::inputs::{ChartSpec, chart_beside, chart_spec, relative_to, rooted};
use crate::read;
use std::path::{Path, PathBuf};
use stsbackup::Document;
use stsbackup::generation::ChartVersion;
use stsbackup::merge::ValuesInput;

/// The merged inputs: `-f`, `--set`, `--set-string`, `--set-literal` and `--chart`.
#[derive(clap::Args, Clone, Default)]
pub struct ValuesInputs {
    /// Values files merged in order as `helm install -f` merges them, and read as one
    /// (`-` for standard input); repeatable.
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// As `helm install --set`, applied after every -f file; repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// As `helm install --set-string`: every value is a string; repeatable.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,
    /// As `helm install --set-literal`: the value is the rest of the argument; repeatable.
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    pub set_literal: Vec<String>,
    /// The chart and released version the values are for: `stackstate@5.1.4`,
    /// `stackstate-k8s@1.11.3`, `suse-observability@2.10.3`; or a chart directory whose
    /// Chart.yaml says it (an umbrella chart's dependency on one of them: the values then sit
    /// under the dependency's alias or name). Without it, the configuration's `chart`, else
    /// the generations the file's own keys and values point to are inferred (note SB009 says
    /// which and why) and the file is checked against what they share.
    #[arg(long, value_name = "NAME@VERSION|DIR")]
    pub chart: Option<String>,
    /// Where the StackState values sit in the values (`stackstate` in an umbrella chart).
    /// Without it, the configuration's `values-root`, else the one --chart DIR says.
    #[arg(long, value_name = "KEY")]
    pub values_root: Option<String>,
    /// Read this configuration file instead of searching for stsbackup.toml upward from the
    /// current directory.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Read no configuration file (and, for lint, no helmfile or Argo CD release).
    #[arg(long, alias = "isolated")]
    pub no_config: bool,
}

/// The chart the values are for and where their StackState values sit, settled from the
/// flags and the configuration: the flags win, then the configuration's `chart` and
/// `values-root` (a chart directory in it is relative to the configuration's directory).
#[derive(Clone, Debug, Default)]
pub struct ChartSettings {
    pub chart: Option<ChartVersion>,
    pub values_root: Option<String>,
}

/// Settles the chart and the values root, for every command that reads values. An error is
/// a diagnostic ready to print, located in the configuration when it comes from there.
pub fn chart_settings(
    chart_flag: Option<&str>,
    values_root_flag: Option<&str>,
    found: Option<&config::Found>,
) -> Result<ChartSettings, String> {
    let spec = match (chart_flag, found.and_then(|f| f.config.chart.as_deref())) {
        (Some(text), _) => chart_spec(text, Path::new(".")).map_err(|e| format!("--chart: {e}"))?,
        (None, Some(text)) => {
            let found = found.expect("a configuration holds the chart");
            chart_spec(text, &found.dir).map_err(|e| {
                let at = found
                    .config
                    .location("chart")
                    .map_or_else(|| found.path.display().to_string(), str::to_owned);
                format!("{at}: `chart`: {e}")
            })?
        }
        (None, None) => ChartSpec::default(),
    };
    let values_root = values_root_flag
        .map(str::to_owned)
        .or_else(|| found.and_then(|f| f.config.values_root.clone()))
        .or(spec.values_root);
    Ok(ChartSettings {
        chart: spec.chart,
        values_root,
    })
}

/// Why values could not be prepared: files that cannot be read, or a usage or configuration
/// error (a message ready to print).
pub enum NotPrepared {
    Unreadable(Vec<Unreadable>),
    Usage(String),
}

/// Values ready to validate: the merged document (its StackState section, in an umbrella
/// chart's values) and the options naming its chart.
pub struct Prepared {
    pub document: Document,
    pub options: stsbackup::Options,
    /// The key the document was taken from, if any.
    pub values_root: Option<String>,
}

/// A file that could not be read, by the name it was given as.
pub struct Unreadable {
    pub name: String,
    pub error: std::io::Error,
}

impl ValuesInputs {
    /// Whether anything is to be merged (the chart alone is not a value).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
            && self.set.is_empty()
            && self.set_string.is_empty()
            && self.set_literal.is_empty()
    }

    /// The same inputs with `files` read first, as `-f` files (for the commands that take
    /// their files as arguments too).
    pub fn with_files_first(mut self, files: Vec<PathBuf>) -> Self {
        if !files.is_empty() {
            self.values.splice(0..0, files);
        }
        self
    }

    /// Reads every file, then adds the `--set` expressions, in Helm's order. Every file
    /// that cannot be read is reported, not only the first.
    pub fn read(&self) -> Result<Vec<ValuesInput>, Vec<Unreadable>> {
        let mut inputs = Vec::new();
        let mut unreadable = Vec::new();
        for path in &self.values {
            match read(path) {
                Ok(document) => inputs.push(ValuesInput::File(document)),
                Err(error) => unreadable.push(Unreadable {
                    name: path.display().to_string(),
                    error,
                }),
            }
        }
        if !unreadable.is_empty() {
            return Err(unreadable);
        }
        inputs.extend(self.set.iter().map(ValuesInput::set));
        inputs.extend(self.set_string.iter().map(ValuesInput::set_string));
        inputs.extend(self.set_literal.iter().map(ValuesInput::set_literal));
        Ok(inputs)
    }

    /// The values, read and merged as Helm merges them. A single file and nothing else is
    /// that file as it was read (its `null`s still there for SB013 to report).
    pub fn merged(&self) -> Result<Document, Vec<Unreadable>> {
        let mut inputs = self.read()?;
        if let [ValuesInput::File(_)] = inputs.as_slice()
            && let Some(ValuesInput::File(document)) = inputs.pop()
        {
            return Ok(document);
        }
        Ok(stsbackup::merge::merge(inputs))
    }

    /// The configuration these inputs read: `--config`, else the nearest `stsbackup.toml`
    /// upward from the current directory, unless `--no-config`.
    pub fn configuration(&self) -> Result<Option<config::Found>, String> {
        if let Some(path) = &self.config {
            return config::read(path).map(Some);
        }
        if self.no_config {
            return Ok(None);
        }
        let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
        // Shown as the user would type it, relative to the current directory (as lint shows it).
        config::discover(&cwd)
            .map(|path| config::read(&relative_to(&path, &cwd)))
            .transpose()
    }

    /// The values merged, the section the values root names taken, and the chart settled.
    pub fn prepare(&self) -> Result<Prepared, NotPrepared> {
        let found = self.configuration().map_err(NotPrepared::Usage)?;
        let mut settings = chart_settings(
            self.chart.as_deref(),
            self.values_root.as_deref(),
            found.as_ref(),
        )
        .map_err(NotPrepared::Usage)?;
        // Nothing named: a Chart.yaml beside the first values file says it, as for lint.
        if settings.chart.is_none()
            && settings.values_root.is_none()
            && let Some(first) = self.values.first().filter(|path| path.as_os_str() != "-")
            && let Some(beside) = chart_beside(first)
        {
            settings = ChartSettings {
                chart: beside.chart,
                values_root: beside.values_root,
            };
        }
        let merged = self.merged().map_err(NotPrepared::Unreadable)?;
        let document = match &settings.values_root {
            Some(key) if merged.root.is_some() && merged.problems.is_empty() => {
                rooted(&merged, key).ok_or_else(|| {
                    NotPrepared::Usage(format!(
                        "no `{key}:` section in the values, where the values root{} says the StackState values sit",
                        root_origin(self, found.as_ref())
                    ))
                })?
            }
            _ => merged,
        };
        Ok(Prepared {
            document,
            options: stsbackup::Options {
                chart: settings.chart,
                ..stsbackup::Options::default()
            },
            values_root: settings.values_root,
        })
    }
}

/// Where the values root came from, for the diagnostic when the values have no such section.
fn root_origin(inputs: &ValuesInputs, found: Option<&config::Found>) -> String {
    if inputs.values_root.is_some() {
        " (--values-root)".to_owned()
    } else if let Some(at) = found.and_then(|f| f.config.location("values-root")) {
        format!(" ({at})")
    } else if let Some(chart) = &inputs.chart {
        format!(" (the dependency alias of --chart {chart})")
    } else if let Some(at) = found.and_then(|f| f.config.location("chart")) {
        format!(" (the dependency alias of the chart at {at})")
    } else {
        String::new()
    }
}
