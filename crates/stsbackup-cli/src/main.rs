//! The `stsbackup` command: argument parsing and output only; the work is in the library.

mod output;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use stsbackup::{Document, Report};

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
    /// Examples:
    ///   stsbackup lint values.yaml
    ///   stsbackup lint --format json values.yaml other-values.yaml
    #[command(verbatim_doc_comment)]
    Lint {
        /// Values files to check (`-` for standard input).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style: the line of the file, a caret under the value, the code, the help.
    Text,
    /// One JSON array of findings.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint { files, format } => lint(&files, format),
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

fn lint(files: &[PathBuf], format: Format) -> ExitCode {
    let mut results: Vec<(Document, Report)> = Vec::with_capacity(files.len());
    let mut unreadable = false;
    for path in files {
        match read(path) {
            Ok(document) => {
                let report = stsbackup::validate(&document);
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
    };
    if let Err(error) = written.and_then(|()| stdout.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("stsbackup: cannot write the output: {error}");
        return ExitCode::from(2);
    }
    if unreadable {
        ExitCode::from(2)
    } else if results.iter().any(|(_, report)| report.has_errors()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
