//! The `stsbackup` command: argument parsing and output only; the work is in the library.

mod output;
mod render_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use stsbackup::{Document, Report, Severity};

/// Lint and render the backup configuration of the StackState Helm chart (4.3 to 5.1).
#[derive(Parser)]
#[command(name = "stsbackup", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check values files: every finding with its code, position, message and help.
    ///
    /// Each file is linted on its own; `-` reads standard input. Exit status: 0 when no
    /// error was found, 1 when one was (a file that is not YAML or not UTF-8 is a finding),
    /// 2 for a usage error or a file that cannot be read.
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
    #[command(verbatim_doc_comment)]
    Lint(LintArgs),
    /// Render the backup values, IAM policy, CronJobs, SLM policy and restore Jobs.
    ///
    /// Nothing is rendered from values that fail validation: their findings are printed as
    /// `lint` prints them (on standard error) and the exit status is 1.
    Render(render_cmd::RenderArgs),
    /// When the backups run (next runs in UTC) and what the retention keeps in steady state.
    ///
    /// Shows the next runs of the StackGraph and configuration CronJobs and of the
    /// Elasticsearch SLM policy, and how many backups and snapshots their retention settings
    /// keep. Exit status 1 when a schedule is invalid or never runs.
    ///
    /// Examples:
    ///   stsbackup schedule -f values.yaml
    ///   stsbackup schedule -f base.yaml -f prod.yaml --count 10 --from 2026-12-31T00:00:00Z
    #[command(verbatim_doc_comment)]
    Schedule(ScheduleArgs),
    /// Print a rule's documentation: what it checks, why it matters, an example and the fix.
    ///
    /// Example: stsbackup explain SB201
    Explain {
        /// A rule code, such as SB201.
        code: String,
    },
    /// List every rule with its code, severity and summary.
    Rules,
    /// Print the JSON Schema (draft-07) of the `backup:` and `minio:` values.
    ///
    /// The same schema is checked in as `schema/values.schema.json`; put it next to a chart's
    /// `values.yaml` as `values.schema.json`, or point an editor at it.
    Schema,
}

#[derive(clap::Args)]
struct LintArgs {
    /// Values files to check, each on its own (`-` for standard input).
    #[arg(
        value_name = "FILE",
        required_unless_present_any = ["values", "set", "set_string", "set_literal"]
    )]
    files: Vec<PathBuf>,
    /// Values files merged in order as `helm install -f` merges them, and checked as one
    /// (`-` for standard input); repeatable.
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    values: Vec<PathBuf>,
    /// As `helm install --set`, applied after every -f file; repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// As `helm install --set-string`: every value is a string; repeatable.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    set_string: Vec<String>,
    /// As `helm install --set-literal`: the value is the rest of the argument; repeatable.
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    set_literal: Vec<String>,
    /// Output format [default: github when GITHUB_ACTIONS=true, text otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
    /// Report only these codes or code prefixes (`SB2` is every bucket rule); repeatable,
    /// comma-separated.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    select: Vec<String>,
    /// Do not report these codes or code prefixes; repeatable, comma-separated.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    ignore: Vec<String>,
}

#[derive(clap::Args)]
struct ScheduleArgs {
    /// Values files, merged in order as `helm install -f` merges them (`-` for standard input).
    #[arg(short = 'f', long = "values", value_name = "FILE", required = true)]
    values: Vec<PathBuf>,
    /// How many runs to show for each schedule.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
    count: u16,
    /// Show the runs after this time (UTC, `2026-12-31T00:00:00Z` or `2026-12-31`) instead of now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    from: Option<stsbackup::calendar::DateTime>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScheduleFormat::Text)]
    format: ScheduleFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScheduleFormat {
    Text,
    Json,
}

fn parse_time(text: &str) -> Result<stsbackup::calendar::DateTime, String> {
    stsbackup::calendar::DateTime::parse_rfc3339(text)
        .ok_or_else(|| "expected a UTC time such as 2026-12-31T00:00:00Z or 2026-12-31".to_owned())
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style: the line of the file, a caret under the value, the code, the help.
    Text,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...,line=...::message`).
    Github,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint(args) => lint(args),
        Command::Render(args) => render_cmd::run(args),
        Command::Schedule(args) => schedule(args),
        Command::Explain { code } => explain(&code),
        Command::Rules => {
            let mut out = std::io::stdout().lock();
            for rule in stsbackup::rules::all() {
                let _ = writeln!(
                    out,
                    "{}  {:<7}  {:<28} {}",
                    rule.code, rule.severity, rule.name, rule.summary
                );
            }
            ExitCode::SUCCESS
        }
        Command::Schema => {
            print!("{}", stsbackup::schema::values_schema_text());
            ExitCode::SUCCESS
        }
    }
}

fn lint(args: LintArgs) -> ExitCode {
    for pattern in args.select.iter().chain(&args.ignore) {
        if !stsbackup::rules::all()
            .iter()
            .any(|rule| code_matches(rule.code, pattern))
        {
            eprintln!("stsbackup: `{pattern}` matches no rule code; `stsbackup rules` lists them");
            return ExitCode::from(2);
        }
    }
    let format = args.format.unwrap_or_else(|| {
        if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Text
        }
    });
    let stdout = std::io::stdout().lock();
    let mut output: Box<dyn output::Output> = match format {
        Format::Text => Box::new(output::text::Text::new(stdout, use_colour())),
        Format::Json => Box::new(output::json::Json::new(stdout)),
        Format::Sarif => Box::new(output::sarif::Sarif::new(stdout)),
        Format::Github => Box::new(output::github::Github::new(stdout)),
    };
    let mut unreadable = false;
    let mut failed = false;
    let fails = |finding: &stsbackup::Finding| match finding.severity {
        Severity::Error => true,
        Severity::Warning => args.strict,
        Severity::Info => false,
    };
    // Files are linted in parallel, a bounded chunk at a time, and reported in the order
    // given: memory stays flat however many files a CI job passes.
    for chunk in args.files.chunks(LINT_CHUNK) {
        for (path, result) in chunk.iter().zip(lint_parallel(chunk)) {
            match result {
                Ok((document, mut report)) => {
                    report
                        .findings
                        .retain(|finding| is_selected(finding.code, &args.select, &args.ignore));
                    failed |= report.findings.iter().any(fails);
                    if let Err(error) = output.file(&document, &report) {
                        return output_error(error);
                    }
                }
                Err(error) => {
                    eprintln!("stsbackup: cannot read {}: {error}", path.display());
                    unreadable = true;
                }
            }
        }
    }
    let merging = !(args.values.is_empty()
        && args.set.is_empty()
        && args.set_string.is_empty()
        && args.set_literal.is_empty());
    if merging {
        use stsbackup::merge::ValuesInput;
        let mut inputs = Vec::new();
        for path in &args.values {
            match read(path) {
                Ok(document) => inputs.push(ValuesInput::File(document)),
                Err(error) => {
                    eprintln!("stsbackup: cannot read {}: {error}", path.display());
                    unreadable = true;
                }
            }
        }
        if !unreadable {
            inputs.extend(args.set.iter().map(ValuesInput::set));
            inputs.extend(args.set_string.iter().map(ValuesInput::set_string));
            inputs.extend(args.set_literal.iter().map(ValuesInput::set_literal));
            let document = stsbackup::merge::merge(inputs);
            let mut report = stsbackup::validate(&document);
            report
                .findings
                .retain(|finding| is_selected(finding.code, &args.select, &args.ignore));
            failed |= report.findings.iter().any(fails);
            if let Err(error) = output.file(&document, &report) {
                return output_error(error);
            }
        }
    }
    if let Err(error) = output.finish() {
        return output_error(error);
    }
    if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// How many files are read and linted before their results are written: small enough that
/// peak memory stays flat (about 15 MiB for 10,000 files), large enough to keep every core busy.
const LINT_CHUNK: usize = 64;

/// Lints files on every core, keeping their order.
fn lint_parallel(files: &[PathBuf]) -> Vec<std::io::Result<(Document, Report)>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    if workers == 1 {
        return files.iter().map(|path| lint_one(path)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<std::io::Result<(Document, Report)>>> =
        (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = files.get(index) else { break };
                        done.push((index, lint_one(path)));
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

fn lint_one(path: &std::path::Path) -> std::io::Result<(Document, Report)> {
    let document = read(path)?;
    let report = stsbackup::validate(&document);
    Ok((document, report))
}

fn output_error(error: std::io::Error) -> ExitCode {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::from(2);
    }
    eprintln!("stsbackup: cannot write the output: {error}");
    ExitCode::from(2)
}

/// Whether a code is matched by a code or code prefix given on the command line.
fn code_matches(code: &str, pattern: &str) -> bool {
    code.len() >= pattern.len() && code[..pattern.len()].eq_ignore_ascii_case(pattern)
}

fn is_selected(code: &str, select: &[String], ignore: &[String]) -> bool {
    let selected = select.is_empty() || select.iter().any(|p| code_matches(code, p));
    selected && !ignore.iter().any(|p| code_matches(code, p))
}

fn read(path: &std::path::Path) -> std::io::Result<Document> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(stsbackup::load::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        return Ok(stsbackup::load_bytes("<stdin>", &bytes));
    }
    stsbackup::load_file(path)
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn schedule(args: ScheduleArgs) -> ExitCode {
    let mut inputs = Vec::new();
    for path in &args.values {
        match read(path) {
            Ok(document) => inputs.push(stsbackup::merge::ValuesInput::File(document)),
            Err(error) => {
                eprintln!("stsbackup: cannot read {}: {error}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let document = match (inputs.len(), inputs.pop()) {
        (1, Some(stsbackup::merge::ValuesInput::File(document))) => document,
        (_, last) => stsbackup::merge::merge(inputs.into_iter().chain(last).collect()),
    };
    let report = stsbackup::validate(&document);
    let Some(values) = report.values.as_ref() else {
        // The file could not be read as values: show why, as lint would.
        let mut output = output::text::Text::new(std::io::stderr().lock(), false);
        let _ = output::Output::file(&mut output, &document, &report);
        return ExitCode::from(1);
    };
    let from = args.from.unwrap_or_else(stsbackup::calendar::DateTime::now);
    let previews = stsbackup::schedule::preview(values, from, usize::from(args.count));
    let never = previews
        .iter()
        .any(|p| p.enabled && (p.error.is_some() || p.runs.is_empty()));
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        ScheduleFormat::Json => serde_json::to_writer_pretty(&mut out, &previews)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        ScheduleFormat::Text => write_schedule(&mut out, values.backup.enabled, &previews, from),
    };
    if let Err(error) = written {
        return output_error(error);
    }
    if never {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn write_schedule(
    out: &mut impl Write,
    backup_enabled: bool,
    previews: &[stsbackup::schedule::StorePreview],
    from: stsbackup::calendar::DateTime,
) -> std::io::Result<()> {
    if !backup_enabled {
        writeln!(
            out,
            "note: backup.enabled is not true, so none of these runs happens until it is\n"
        )?;
    }
    for preview in previews {
        writeln!(
            out,
            "{} ({} `{}`, {}, UTC){}",
            preview.store.title(),
            preview.path,
            preview.schedule,
            preview.runner,
            if preview.enabled {
                ""
            } else {
                " [scheduled.enabled is false: not scheduled]"
            }
        )?;
        match (&preview.error, preview.runs.is_empty()) {
            (Some(error), _) => writeln!(out, "  invalid: {error}")?,
            (None, true) => writeln!(out, "  never runs after {from}")?,
            (None, false) => {
                for run in &preview.runs {
                    writeln!(out, "  {run}")?;
                }
            }
        }
        writeln!(out, "  retention `{}`", preview.retention)?;
        if let Some(keeps) = &preview.keeps {
            writeln!(out, "  keeps {keeps}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn explain(code: &str) -> ExitCode {
    match stsbackup::rules::lookup(code) {
        Some(rule) => {
            println!(
                "# {} {} ({})\n\n{}\n\n{}",
                rule.code,
                rule.name,
                rule.severity,
                rule.summary,
                rule.explanation.trim_end()
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("stsbackup: no rule {code}; `stsbackup rules` lists them");
            ExitCode::from(2)
        }
    }
}
