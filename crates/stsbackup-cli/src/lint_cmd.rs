//! `stsbackup lint`: each file on its own, in parallel, or several merged as Helm merges them.

use crate::output::{self, printable};
use crate::{output_error, read, use_colour};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;
use stsbackup::{Document, Report, Severity};

#[derive(clap::Args)]
pub struct LintArgs {
    /// Values files to check, each on its own (`-` for standard input).
    #[arg(
        value_name = "FILE",
        required_unless_present_any = ["values", "set", "set_string", "set_literal"]
    )]
    files: Vec<PathBuf>,
    #[command(flatten)]
    inputs: crate::inputs::ValuesInputs,
    /// Output format [default: github when GITHUB_ACTIONS=true, text otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
    /// Report only these codes or code prefixes (`SB2` is every bucket rule); repeatable,
    /// comma-separated.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = non_empty_code)]
    select: Vec<String>,
    /// Do not report these codes or code prefixes; repeatable, comma-separated.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = non_empty_code)]
    ignore: Vec<String>,
    /// Judge schedules as of this time (UTC, `2026-12-31T00:00:00Z` or `2026-12-31`) instead
    /// of now, for output that does not change from one day to the next.
    #[arg(long, value_name = "TIME", value_parser = crate::schedule_cmd::parse_time)]
    now: Option<stsbackup::calendar::DateTime>,
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

pub fn run(args: LintArgs) -> ExitCode {
    for pattern in args.select.iter().chain(&args.ignore) {
        if !stsbackup::rules::all()
            .iter()
            .any(|rule| code_matches(rule.code, pattern))
        {
            warn!("stsbackup: `{pattern}` matches no rule code; `stsbackup rules` lists them");
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
        Format::Text => Box::new(output::text::Text::new(
            stdout,
            use_colour(&std::io::stdout()),
        )),
        Format::Json => Box::new(output::json::Json::new(stdout)),
        Format::Sarif => Box::new(output::sarif::Sarif::new(stdout)),
        Format::Github => Box::new(output::github::Github::new(stdout)),
    };
    let options = stsbackup::Options {
        now: args.now,
        ..args.inputs.options()
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
        for (path, result) in chunk.iter().zip(lint_parallel(chunk, &options)) {
            match result {
                Ok((document, mut report)) => {
                    report
                        .findings
                        .retain(|finding| is_selected(finding.code(), &args.select, &args.ignore));
                    failed |= report.findings.iter().any(fails);
                    if let Err(error) = output.file(&document, &report) {
                        return output_error(error);
                    }
                }
                Err(error) => {
                    let name = path.display().to_string();
                    warn!("stsbackup: cannot read {}: {error}", printable(&name));
                    unreadable = true;
                    if let Err(error) = output.unreadable(&name, &error) {
                        return output_error(error);
                    }
                }
            }
        }
    }
    if !args.inputs.is_empty() {
        match args.inputs.read() {
            Ok(inputs) => {
                let document = stsbackup::merge::merge(inputs);
                let mut report = stsbackup::validate_with(&document, &options);
                report
                    .findings
                    .retain(|finding| is_selected(finding.code(), &args.select, &args.ignore));
                failed |= report.findings.iter().any(fails);
                if let Err(error) = output.file(&document, &report) {
                    return output_error(error);
                }
            }
            Err(files) => {
                for file in files {
                    warn!(
                        "stsbackup: cannot read {}: {}",
                        printable(&file.name),
                        file.error
                    );
                    unreadable = true;
                    if let Err(error) = output.unreadable(&file.name, &file.error) {
                        return output_error(error);
                    }
                }
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
fn lint_parallel(
    files: &[PathBuf],
    options: &stsbackup::Options,
) -> Vec<std::io::Result<(Document, Report)>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    if workers == 1 {
        return files.iter().map(|path| lint_one(path, options)).collect();
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
                        done.push((index, lint_one(path, options)));
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

fn lint_one(
    path: &std::path::Path,
    options: &stsbackup::Options,
) -> std::io::Result<(Document, Report)> {
    let document = read(path)?;
    let report = stsbackup::validate_with(&document, options);
    Ok((document, report))
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
