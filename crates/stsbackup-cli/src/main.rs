//! The `stsbackup` command: argument parsing and output only; the work is in the library.

mod output;

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
    /// Examples:
    ///   stsbackup lint values.yaml
    ///   stsbackup lint --format json values.yaml other-values.yaml
    ///   stsbackup lint --strict --ignore SB603 values.yaml
    ///   stsbackup lint --select SB2,SB3 --format sarif values.yaml > stsbackup.sarif
    #[command(verbatim_doc_comment)]
    Lint(LintArgs),
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
    /// Values files to check (`-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
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
    let mut results: Vec<(Document, Report)> = Vec::with_capacity(args.files.len());
    let mut unreadable = false;
    for path in &args.files {
        match read(path) {
            Ok(document) => {
                let mut report = stsbackup::validate(&document);
                report
                    .findings
                    .retain(|finding| is_selected(finding.code, &args.select, &args.ignore));
                results.push((document, report));
            }
            Err(error) => {
                eprintln!("stsbackup: cannot read {}: {error}", path.display());
                unreadable = true;
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    let written = match format {
        Format::Text => output::text::write(&mut stdout, &results, use_colour()),
        Format::Json => output::json::write(&mut stdout, &results),
        Format::Sarif => output::sarif::write(&mut stdout, &results),
        Format::Github => output::github::write(&mut stdout, &results),
    };
    if let Err(error) = written.and_then(|()| stdout.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("stsbackup: cannot write the output: {error}");
        return ExitCode::from(2);
    }
    let fails = |finding: &stsbackup::Finding| match finding.severity {
        Severity::Error => true,
        Severity::Warning => args.strict,
        Severity::Info => false,
    };
    if unreadable {
        ExitCode::from(2)
    } else if results
        .iter()
        .any(|(_, report)| report.findings.iter().any(fails))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
