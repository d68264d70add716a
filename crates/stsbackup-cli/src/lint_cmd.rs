//! `stsbackup lint`: each file on its own, in parallel, or several merged as Helm merges them.

use crate::inputs::{Alone, Project, Unit, is_stackstate, release_inputs, rooted};
use crate::output::{Output as _, Outputs, printable};
use crate::values_inputs::{ChartSettings, chart_settings};
use crate::{output_error, read};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;
use stsbackup::{Document, Report, Severity};

#[derive(clap::Args)]
pub struct LintArgs {
    /// Values files or directories to check (`-` for standard input). A file that a release
    /// merges (see stsbackup.toml, helmfile.yaml, Argo CD) lints that release; any other file
    /// is linted on its own. A directory is searched, honouring .gitignore, for values files.
    /// With no file, no -f and no --set, the directory of stsbackup.toml is checked.
    #[arg(value_name = "PATH")]
    files: Vec<PathBuf>,
    /// -f, --set, --set-string, --set-literal, --chart, --values-root, --config, --no-config:
    /// as `render`, `schedule` and `migrate` read them.
    #[command(flatten)]
    inputs: crate::values_inputs::ValuesInputs,
    /// Output format [default: the configuration's `format`, else github when
    /// GITHUB_ACTIONS=true, else text].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write a format to a file instead of standard output: `--output-file sarif=out.sarif`
    /// (repeatable, one per format, beside what standard output shows), or a bare PATH for the
    /// --format output.
    #[arg(long, value_name = "[FORMAT=]PATH")]
    output_file: Vec<String>,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
    /// Report only these codes or code prefixes (`SB2` is every bucket rule); repeatable,
    /// comma-separated. Replaces the configuration's `select`.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = non_empty_code)]
    select: Vec<String>,
    /// Do not report these codes or code prefixes; repeatable, comma-separated. Replaces the
    /// configuration's `ignore`.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = non_empty_code)]
    ignore: Vec<String>,
    /// Judge schedules as of this time (UTC, `2026-12-31T00:00:00Z` or `2026-12-31`) instead
    /// of now, for output that does not change from one day to the next.
    #[arg(long, value_name = "TIME", value_parser = crate::schedule_cmd::parse_time)]
    now: Option<stsbackup::calendar::DateTime>,
    /// Print the findings and nothing else: no summary, no notes about skipped files.
    #[arg(short, long)]
    quiet: bool,
    /// Print how many times each code was found instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Exit 0 even when findings fail the run (a file that cannot be read still exits 2).
    #[arg(long)]
    exit_zero: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style: the line of the file, a caret under the value, the code, the help.
    Text,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...,line=...::message`).
    Github,
}

/// A finding's file as the lint settings see it.
struct Settings {
    select: Vec<String>,
    ignore: Vec<String>,
    strict: bool,
}

pub fn run(args: LintArgs) -> ExitCode {
    match lint(args) {
        Ok(code) => code,
        Err(Stop::Usage(message)) => {
            warn!("stsbackup: {}", printable(&message));
            ExitCode::from(2)
        }
        Err(Stop::Output(error)) => output_error(error),
    }
}

fn lint(args: LintArgs) -> Result<ExitCode, Stop> {
    let mut project = Project::discover(args.inputs.config.as_deref(), args.inputs.no_config)?;
    if !args.inputs.no_config {
        project.read_releases_under(&args.files);
    }
    let config = project.config.as_ref().map(|found| &found.config);
    let settings = Settings {
        select: pick(&args.select, config.map(|c| &c.select)),
        ignore: pick(&args.ignore, config.map(|c| &c.ignore)),
        strict: args.strict || config.is_some_and(|c| c.strict),
    };
    for pattern in settings.select.iter().chain(&settings.ignore) {
        if !stsbackup::rules::all()
            .iter()
            .any(|rule| code_matches(rule.code, pattern))
        {
            return Err(Stop::Usage(format!(
                "`{pattern}` matches no rule code; `stsbackup rules` lists them"
            )));
        }
    }
    let configured_format = match config.and_then(|c| c.format.as_deref()) {
        Some(name) => Some(Format::from_str(name, true).map_err(|_| {
            format!(
                "{}: `format = \"{name}\"`: the formats are text, json, sarif, github",
                project
                    .config
                    .as_ref()
                    .map_or(String::new(), |f| f.path.display().to_string())
            )
        })?),
        None => None,
    };
    let format = args.format.or(configured_format).unwrap_or_else(|| {
        if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Text
        }
    });
    let ChartSettings { chart, values_root } = chart_settings(
        args.inputs.chart.as_deref(),
        args.inputs.values_root.as_deref(),
        project.config.as_ref(),
    )?;

    let mut output = Outputs::open(format, &args.output_file, args.quiet, args.statistics)?;

    let merging = !args.inputs.is_empty();
    let mut paths = args.files.clone();
    if paths.is_empty() && !merging {
        match &project.config {
            Some(found) => paths.push(found.dir.clone()),
            None => {
                return Err(Stop::Usage(
                    "no values file given: name files or directories, use -f/--set, or run where a stsbackup.toml is"
                        .to_owned(),
                ));
            }
        }
    }
    let units = project.units(&paths, values_root.as_deref());
    let options = stsbackup::Options {
        now: args.now,
        chart,
        ..stsbackup::Options::default()
    };
    let mut run = Run {
        settings: &settings,
        project: &project,
        output: &mut output,
        unreadable: false,
        failed: false,
    };
    // Files alone are linted in parallel, a bounded chunk at a time; releases and skipped
    // files are reported in the order met.
    let mut alone: Vec<Alone> = Vec::new();
    for unit in units {
        match unit {
            Unit::Alone(file) => {
                alone.push(file);
                if alone.len() == LINT_CHUNK {
                    run.lint_alone(&std::mem::take(&mut alone), &options)?;
                }
            }
            Unit::Release(index) => {
                run.lint_alone(&std::mem::take(&mut alone), &options)?;
                let release = &project.releases[index];
                let release_chart = match (&args.inputs.chart, &release.chart.chart) {
                    (None, Some(chart)) => Some(*chart),
                    _ => options.chart,
                };
                // --values-root wins; then the release's own, its chart's, the configuration's.
                let release_root = args
                    .inputs
                    .values_root
                    .clone()
                    .or(release.values_root.clone())
                    .or(release.chart.values_root.clone())
                    .or(values_root.clone());
                let (inputs, unreadable) = release_inputs(release);
                for (path, error) in unreadable {
                    run.unreadable(&path.display().to_string(), &error)?;
                }
                if inputs.is_empty() {
                    continue;
                }
                let merged = stsbackup::merge::merge(inputs);
                let document = match &release_root {
                    Some(key) => match rooted(&merged, key) {
                        Some(section) => section,
                        None => {
                            // Nothing to lint: said, never a silent "no problems found".
                            run.output.skipped(
                                &format!("release `{}` of {}", release.name, release.declared_in),
                                &format!(
                                    "no `{key}:` section in its values, where the values root says the StackState values sit"
                                ),
                            )?;
                            continue;
                        }
                    },
                    None => merged,
                };
                let report = stsbackup::validate_with(
                    &document,
                    &stsbackup::Options {
                        chart: release_chart,
                        ..options.clone()
                    },
                );
                run.output.release(&release.name, &release.declared_in)?;
                run.report(&document, report)?;
            }
            Unit::Skipped { path, reason } => {
                run.output.skipped(&path.display().to_string(), &reason)?;
            }
        }
    }
    run.lint_alone(&alone, &options)?;
    if merging {
        use stsbackup::merge::ValuesInput;
        let mut inputs = Vec::new();
        let mut unreadable = false;
        for path in &args.inputs.values {
            match read(path) {
                Ok(document) => inputs.push(ValuesInput::File(document)),
                Err(error) => {
                    run.unreadable(&path.display().to_string(), &error)?;
                    unreadable = true;
                }
            }
        }
        if !unreadable {
            inputs.extend(args.inputs.set.iter().map(ValuesInput::set));
            inputs.extend(args.inputs.set_string.iter().map(ValuesInput::set_string));
            inputs.extend(args.inputs.set_literal.iter().map(ValuesInput::set_literal));
            let merged = stsbackup::merge::merge(inputs);
            let document = match &values_root {
                Some(key) => rooted(&merged, key).unwrap_or(Document {
                    root: None,
                    ..merged
                }),
                None => merged,
            };
            let report = stsbackup::validate_with(&document, &options);
            run.report(&document, report)?;
        }
    }
    let (unreadable, failed) = (run.unreadable, run.failed);
    output.finish()?;
    Ok(if unreadable {
        ExitCode::from(2)
    } else if failed && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn pick(given: &[String], configured: Option<&Vec<String>>) -> Vec<String> {
    if given.is_empty() {
        configured.cloned().unwrap_or_default()
    } else {
        given.to_vec()
    }
}

/// Why a run stopped early: a usage or configuration error (exit 2), or output that could not
/// be written (reported as every command reports it, [`output_error`]).
enum Stop {
    Usage(String),
    Output(std::io::Error),
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop::Usage(message)
    }
}

impl From<std::io::Error> for Stop {
    fn from(error: std::io::Error) -> Self {
        Stop::Output(error)
    }
}

struct Run<'a> {
    settings: &'a Settings,
    project: &'a Project,
    output: &'a mut Outputs,
    unreadable: bool,
    failed: bool,
}

impl Run<'_> {
    fn unreadable(&mut self, name: &str, error: &std::io::Error) -> Result<(), Stop> {
        warn!("stsbackup: cannot read {}: {error}", printable(name));
        self.unreadable = true;
        self.output.unreadable(name, error)?;
        Ok(())
    }

    fn report(&mut self, document: &Document, mut report: Report) -> Result<(), Stop> {
        let settings = self.settings;
        let project = self.project;
        let mut silenced: Vec<(String, Vec<String>)> = Vec::new();
        report.findings.retain(|finding| {
            if !is_selected(finding.code(), &settings.select, &settings.ignore) {
                return false;
            }
            let codes = match silenced.iter().find(|(file, _)| *file == finding.file) {
                Some((_, codes)) => codes,
                None => {
                    let codes = project
                        .ignored_codes(&finding.file)
                        .into_iter()
                        .map(str::to_owned)
                        .collect();
                    silenced.push((finding.file.clone(), codes));
                    &silenced.last().expect("just pushed").1
                }
            };
            !codes.iter().any(|code| code_matches(finding.code(), code))
        });
        self.failed |= report
            .findings
            .iter()
            .any(|finding| match finding.severity {
                Severity::Error => true,
                Severity::Warning => settings.strict,
                Severity::Info => false,
            });
        self.output.file(document, &report)?;
        Ok(())
    }

    fn lint_alone(&mut self, files: &[Alone], options: &stsbackup::Options) -> Result<(), Stop> {
        if files.is_empty() {
            return Ok(());
        }
        for (Alone { path, .. }, result) in files.iter().zip(lint_parallel(files, options)) {
            match result {
                Ok(Outcome::Linted(document, report)) => self.report(&document, *report)?,
                Ok(Outcome::Skipped(reason)) => {
                    self.output.skipped(&path.display().to_string(), &reason)?
                }
                Err(error) => self.unreadable(&path.display().to_string(), &error)?,
            }
        }
        Ok(())
    }
}

/// What became of a file linted alone.
enum Outcome {
    Linted(Document, Box<Report>),
    /// Not StackState values (another chart's), and why.
    Skipped(String),
}

/// How many files are read and linted before their results are written: small enough that
/// peak memory stays flat (about 15 MiB for 10,000 files), large enough to keep every core busy.
const LINT_CHUNK: usize = 64;

/// Lints files on every core, keeping their order.
fn lint_parallel(files: &[Alone], options: &stsbackup::Options) -> Vec<std::io::Result<Outcome>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    if workers == 1 {
        return files.iter().map(|file| lint_one(file, options)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<std::io::Result<Outcome>>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = files.get(index) else { break };
                        done.push((index, lint_one(file, options)));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            // A worker that panicked loses its files; report them as unreadable rather than
            // taking the whole run down.
            if let Ok(done) = handle.join() {
                for (index, result) in done {
                    slots[index] = Some(result);
                }
            }
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.unwrap_or_else(|| Err(std::io::Error::other("internal error while linting")))
        })
        .collect()
}

/// Reads a file, takes the section its StackState values sit in (an umbrella chart's), and
/// lints it, unless its keys say it is another chart's values (and the configuration does not
/// force it).
fn lint_one(
    Alone {
        path,
        values_root,
        chart,
        forced,
    }: &Alone,
    options: &stsbackup::Options,
) -> std::io::Result<Outcome> {
    let mut document = read(path)?;
    if let Some(key) = values_root {
        match rooted(&document, key) {
            Some(section) => document = section,
            None if document.root.is_some() && document.problems.is_empty() && !forced => {
                return Ok(Outcome::Skipped(format!(
                    "no `{key}:` section, where the values root says the StackState values sit"
                )));
            }
            None => {}
        }
    }
    // Standard input has no name to configure: what is piped in is linted.
    if !forced
        && path.as_os_str() != "-"
        && let Err(reason) = is_stackstate(&document)
    {
        return Ok(Outcome::Skipped(reason));
    }
    let report = match (options.chart, chart) {
        (None, Some(chart)) => stsbackup::validate_with(
            &document,
            &stsbackup::Options {
                chart: Some(*chart),
                ..options.clone()
            },
        ),
        _ => stsbackup::validate_with(&document, options),
    };
    Ok(Outcome::Linted(document, Box::new(report)))
}

/// A code or code prefix given to --select or --ignore. An empty one is refused: as a prefix
/// it would match every code, so `--ignore 'SB603,'` (a stray comma) or `--ignore ''` (an
/// unset variable) would switch the linter off without a word.
fn non_empty_code(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err(
            "an empty code (a stray comma or an empty argument) would match every rule; give codes such as SB603 or prefixes such as SB6".to_owned(),
        );
    }
    Ok(text.to_owned())
}

/// Whether a code is matched by a code or code prefix given on the command line.
fn code_matches(code: &str, pattern: &str) -> bool {
    code.len() >= pattern.len() && code[..pattern.len()].eq_ignore_ascii_case(pattern)
}

fn is_selected(code: &str, select: &[String], ignore: &[String]) -> bool {
    let selected = select.is_empty() || select.iter().any(|p| code_matches(code, p));
    selected && !ignore.iter().any(|p| code_matches(code, p))
}
