//! The `stsbackup` command: argument parsing and output only; the work is in the library.

/// `eprintln!` that cannot panic: a standard error that cannot be written (`2>/dev/full`)
/// must not turn a run into a crash; the exit status still tells.
macro_rules! warn {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod config;
mod inputs;
mod lint_cmd;
mod migrate_cmd;
mod output;
mod render_cmd;
mod schedule_cmd;
mod values_inputs;

use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use stsbackup::Document;

/// Lint and render the backup configuration of the StackState Helm chart (4.3 to 5.1).
#[derive(Parser)]
#[command(name = "stsbackup", version, about, long_about = None)]
struct Cli {
    /// When to colour diagnostics: `auto` colours on a terminal unless NO_COLOR is set (or
    /// when FORCE_COLOR is); `always` and `never` win over both.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The `--color` of this run, read by [`use_colour`].
static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

#[derive(Subcommand)]
enum Command {
    /// Check values files: every finding with its code, position, message and help.
    ///
    /// Each file is linted on its own, unless a release merges it: releases are declared in
    /// stsbackup.toml (found upward from the current directory), helmfile.yaml and Argo CD
    /// Applications, and a file of a release lints the release, merged, once. A directory is
    /// searched for values files (honouring .gitignore); another chart's values (Loki's
    /// minio:, CloudNativePG's backup:) are skipped with a note. `-` reads standard input.
    /// Exit status: 0 when no error was found, 1 when one was (a file that is not YAML or not
    /// UTF-8 is a finding), 2 for a usage error or a file that cannot be read.
    ///
    /// Warnings and notes do not fail the run unless --strict is given. A comment
    /// `# stsbackup: ignore[SB203]` at the end of a line silences that code on that line;
    /// an ignore that silences nothing is reported as SB008.
    ///
    /// With -f/--set, the files and expressions are merged as Helm merges them and linted
    /// once: each finding points at the file, line and column (or the --set argument) that
    /// set the winning value.
    ///
    /// Examples:
    ///   stsbackup lint values.yaml
    ///   stsbackup lint -f base.yaml -f prod.yaml --set backup.enabled=true
    ///   stsbackup lint --format json values.yaml other-values.yaml
    ///   stsbackup lint --strict --ignore SB603 values.yaml
    ///   stsbackup lint --select SB2,SB3 --format sarif values.yaml > stsbackup.sarif
    ///   stsbackup lint envs/values-prod.yaml       # the release of stsbackup.toml it is in
    ///   stsbackup lint --chart charts/platform charts/platform/values.yaml   # umbrella chart
    ///   stsbackup lint --format github --output-file sarif=stsbackup.sarif .
    ///   stsbackup lint --statistics .
    #[command(verbatim_doc_comment)]
    Lint(lint_cmd::LintArgs),
    /// Render the backup values, IAM policy, CronJobs, SLM policy and restore Jobs.
    ///
    /// Nothing is rendered from values that fail validation: their findings are printed as
    /// `lint` prints them (on standard error) and the exit status is 1. Values are read as
    /// `lint` reads them: -f files merged in order (files as arguments first), then --set,
    /// --set-string, --set-literal; --chart NAME@VERSION names the release to render for,
    /// --chart DIR reads an umbrella chart's Chart.yaml (its dependency, whose alias is where
    /// the values sit); without them, the chart and values-root of stsbackup.toml (found
    /// upward), else a Chart.yaml beside the first values file, else the classic chart 5.1.4.
    ///
    /// Examples:
    ///   stsbackup render cronjob -f values.yaml -f prod.yaml --set backup.enabled=true
    ///   stsbackup render iam-policy --chart suse-observability@2.10.3 values.yaml
    ///   stsbackup render cronjob --chart stackstate-k8s@1.11.3 values.yaml
    ///   stsbackup render all values.yaml -o rendered/
    ///   stsbackup render cronjob --chart charts/platform charts/platform/values.yaml
    #[command(verbatim_doc_comment)]
    Render(Deferred<render_cmd::RenderArgs>),
    /// When the backups run (next runs in UTC) and what the retention keeps in steady state.
    ///
    /// Shows the next runs of the StackGraph and configuration CronJobs and of the
    /// Elasticsearch SLM policy, and how many backups and snapshots their retention settings
    /// keep; with --chart stackstate-k8s@VERSION or suse-observability@VERSION, also each
    /// Victoria Metrics instance and ClickHouse's full and incremental backups, with that
    /// release's retention and switches. Exit status 1 when a schedule is invalid or never runs.
    ///
    /// Examples:
    ///   stsbackup schedule values.yaml
    ///   stsbackup schedule --chart suse-observability@2.6.3 values.yaml
    ///   stsbackup schedule -f base.yaml -f prod.yaml --set backup.stackGraph.scheduled.schedule='0 2 * * *'
    ///   stsbackup schedule -f base.yaml -f prod.yaml --count 10 --from 2026-12-31T00:00:00Z
    ///   stsbackup schedule --values-root stackstate values.yaml    # an umbrella chart's values
    #[command(verbatim_doc_comment)]
    Schedule(Deferred<schedule_cmd::ScheduleArgs>),
    /// Rewrite backup values for a newer chart generation.
    ///
    /// Keys are moved to where the target reads them (`backup.enabled` to
    /// `global.backup.enabled`, MinIO's gateways and keys to `backup.storage.backend.*` and the
    /// S3Proxy credentials), Python timedelta retentions become GNU `date -d` dates, removed
    /// keys are dropped. The migrated backup values go to standard output (secrets masked) or,
    /// with -o, to a file of mode 0600; every change, and what could not be carried, goes to
    /// standard error, followed by how the result lints under the target. Only the backup
    /// sections are read and written: the rest of a values file stays as it is. The values are
    /// read as `lint` reads them (stsbackup.toml's chart and values-root, --chart DIR,
    /// --values-root); with a values root the result is written under that key, `global:` at
    /// the top.
    ///
    /// Exit status: 0 when everything was carried and the result lints with no error, 1
    /// otherwise, 2 for a usage error or a file that cannot be read or written.
    ///
    /// Examples:
    ///   stsbackup migrate --to suse-observability@2.10.3 -f values.yaml
    ///   stsbackup migrate --to suse-observability@2.10.3 -f values.yaml -o values-2.10.yaml
    ///   stsbackup migrate --to suse-observability@2.10.3 --chart charts/platform charts/platform/values.yaml
    #[command(verbatim_doc_comment)]
    Migrate(Deferred<migrate_cmd::MigrateArgs>),
    /// Print a rule's documentation: what it checks, why it matters, an example and the fix.
    ///
    /// Example: stsbackup explain SB201
    Explain {
        /// A rule code, such as SB201.
        code: String,
    },
    /// List every rule with its code, severity and summary.
    ///
    /// Example: stsbackup rules --format json
    Rules {
        /// `text`: one aligned line a rule; `json`: an array of objects with `code`, `name`,
        /// `severity`, `generations`, `summary`.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print a shell completion script: `stsbackup completions bash > /etc/bash_completion.d/stsbackup`.
    ///
    /// zsh: `stsbackup completions zsh > "${fpath[1]}/_stsbackup"`;
    /// fish: `stsbackup completions fish > ~/.config/fish/completions/stsbackup.fish`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema (draft-07) of the backup values.
    ///
    /// Without --chart: the classic chart's `backup:` and `minio:` values, from the typed model,
    /// with descriptions and constraints; the same schema is checked in as
    /// `schema/values.schema.json`. With --chart: the backup keys of that release, from the key
    /// catalogue (its kinds and defaults, the model's descriptions and constraints where the
    /// release reads a key as the classic chart does). Put it next to a chart's `values.yaml` as
    /// `values.schema.json`, or point an editor at it.
    ///
    /// Examples:
    ///   stsbackup schema > values.schema.json
    ///   stsbackup schema --chart suse-observability@2.10.3 > values.schema.json
    #[command(verbatim_doc_comment)]
    Schema {
        /// The chart and released version: `stackstate@5.1.4`, `stackstate-k8s@1.11.3`,
        /// `suse-observability@2.10.3`.
        #[arg(long, value_name = "NAME@VERSION")]
        chart: Option<stsbackup::generation::ChartVersion>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

/// A subcommand's arguments, built only when that subcommand runs (or shows its help, or
/// completions are generated): `lint`, what pre-commit and CI run, then does not pay for
/// building every option of `render`, `schedule` and `migrate` (clap's `Command::defer`; a
/// third of a cold lint's instructions went to building them).
struct Deferred<T>(T);

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn augment_args(command: clap::Command) -> clap::Command {
        command.defer(T::augment_args)
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        command.defer(T::augment_args_for_update)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = COLOR.set(cli.color);
    match cli.command {
        Command::Lint(args) => lint_cmd::run(args),
        Command::Render(Deferred(args)) => render_cmd::run(args),
        Command::Schedule(Deferred(args)) => schedule_cmd::run(args),
        Command::Migrate(Deferred(args)) => migrate_cmd::run(args),
        Command::Explain { code } => explain(&code),
        Command::Completions { shell } => write_stdout(|out| {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "stsbackup", out);
            Ok(())
        }),
        Command::Rules {
            format: RulesFormat::Json,
        } => write_stdout(|out| {
            let rules: Vec<serde_json::Value> = stsbackup::rules::all()
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "code": rule.code,
                        "name": rule.name,
                        "severity": rule.severity,
                        "generations": applies_to(rule.generations),
                        "summary": rule.summary,
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&rules)?;
            writeln!(out, "{}", output::inert_json(text))
        }),
        Command::Rules {
            format: RulesFormat::Text,
        } => write_stdout(|out| {
            for rule in stsbackup::rules::all() {
                writeln!(
                    out,
                    "{}  {:<7}  {:<28} {}",
                    rule.code,
                    // Severity's Display ignores the width: pad its text.
                    rule.severity.to_string(),
                    rule.name,
                    rule.summary
                )?;
            }
            Ok(())
        }),
        Command::Schema { chart } => {
            let text = match chart {
                None => stsbackup::schema::values_schema_text(),
                Some(release) => stsbackup::schema::release_schema_text(release),
            };
            write_stdout(|out| out.write_all(text.as_bytes()))
        }
    }
}

/// Writes a command's whole output to standard output and flushes it; a failed write is
/// [`output_error`]'s to report.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => output_error(error),
    }
}

pub(crate) fn read(path: &std::path::Path) -> std::io::Result<Document> {
    if path.as_os_str() == "-" {
        return stsbackup::load::load_reader("<stdin>", std::io::stdin().lock());
    }
    stsbackup::load_file(path)
}

/// Whether to colour a stream: `--color always`/`never` decide; otherwise never when
/// `NO_COLOR` is set (<https://no-color.org>), always when `FORCE_COLOR` is
/// (<https://force-color.org>, for CI logs that render colours), else only on a terminal. Asked
/// of the stream the diagnostics go to (standard output for `lint`, standard error for
/// `render` and `schedule`).
pub(crate) fn use_colour(stream: &impl IsTerminal) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match COLOR.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("FORCE_COLOR") => true,
        ColorChoice::Auto => stream.is_terminal(),
    }
}

/// The exit status when the output cannot be written, for every command.
///
/// A closed pipe (`stsbackup lint ... | head -1`) is not an error to complain about: the
/// process ends quietly with 141, the status a shell reports for a program killed by
/// `SIGPIPE` (what `grep` or `cat` give), so that `set -o pipefail` sees that the output was
/// cut short and never mistakes it for a clean run. Any other failure (a full disk, `>
/// /dev/full`) is an error with exit 2, as for a file that cannot be written.
pub(crate) fn output_error(error: std::io::Error) -> ExitCode {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::from(BROKEN_PIPE_STATUS);
    }
    warn!("stsbackup: cannot write the output: {error}");
    ExitCode::from(2)
}

/// 128 + SIGPIPE (13).
const BROKEN_PIPE_STATUS: u8 = 141;

/// The generations a rule applies to, in words.
fn applies_to(generations: stsbackup::generation::Generations) -> String {
    if generations == stsbackup::generation::Generations::ALL {
        "every chart generation".to_owned()
    } else {
        generations.to_string()
    }
}

fn explain(code: &str) -> ExitCode {
    match stsbackup::rules::lookup(code) {
        Some(rule) => write_stdout(|out| {
            writeln!(
                out,
                "# {} {} ({})\n\n{}\n\nApplies to: {}.\n\n{}",
                rule.code,
                rule.name,
                rule.severity,
                rule.summary,
                applies_to(rule.generations),
                rule.explanation.trim_end()
            )
        }),
        None => {
            warn!("stsbackup: no rule {code}; `stsbackup rules` lists them");
            ExitCode::from(2)
        }
    }
}
