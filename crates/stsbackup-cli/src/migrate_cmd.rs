//! `stsbackup migrate`: backup values rewritten for a newer chart generation.

use crate::output::printable;
use crate::output_error;
use crate::values_inputs::{NotPrepared, Prepared};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use stsbackup::generation::ChartVersion;
use stsbackup::migrate::{ChangeKind, MigrateOptions, Migration, migrate};

#[derive(clap::Args)]
pub struct MigrateArgs {
    /// The chart release to migrate to, such as `suse-observability@2.10.3`.
    #[arg(long, value_name = "NAME@VERSION", value_parser = parse_chart)]
    to: ChartVersion,
    /// More values files, after those of -f.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The values as they are today, read as `lint` reads them; --chart names the release they
    /// are for now, --values-root (or an umbrella chart's directory as --chart, or the
    /// configuration) where the StackState values sit: the migrated values are then written
    /// under that key.
    #[command(flatten)]
    inputs: crate::values_inputs::ValuesInputs,
    /// Write the migrated values to this file instead of standard output, secrets included
    /// (mode 0600, replaced atomically). On standard output secrets are masked.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_chart(text: &str) -> Result<ChartVersion, String> {
    text.parse::<ChartVersion>().map_err(|e| e.to_string())
}

pub fn run(args: MigrateArgs) -> ExitCode {
    let mut inputs = args.inputs.clone();
    inputs.values.extend(args.files.iter().cloned());
    if inputs.is_empty() {
        warn!(
            "stsbackup: migrate needs a values file: stsbackup migrate --to NAME@VERSION -f FILE"
        );
        return ExitCode::from(2);
    }
    let Prepared {
        document,
        options,
        values_root,
    } = match inputs.prepare() {
        Ok(prepared) => prepared,
        Err(NotPrepared::Usage(message)) => {
            warn!("stsbackup: {}", printable(&message));
            return ExitCode::from(2);
        }
        Err(NotPrepared::Unreadable(files)) => {
            for file in files {
                warn!(
                    "stsbackup: cannot read {}: {}",
                    printable(&file.name),
                    file.error
                );
            }
            return ExitCode::from(2);
        }
    };
    if document.root.is_none() || !document.problems.is_empty() {
        // The old values cannot be read as Helm reads them: say why, as lint would.
        let report = stsbackup::validate_with(&document, &options);
        let mut output = crate::output::text::Text::new(
            std::io::stderr().lock(),
            crate::use_colour(&std::io::stderr()),
        );
        let _ = crate::output::Output::file(&mut output, &document, &report);
        return ExitCode::from(1);
    }
    let to = args.to;
    let complete = migrate(
        &document,
        &MigrateOptions {
            to,
            mask_secrets: false,
        },
    );
    let shown = if args.output.is_some() {
        complete.clone()
    } else {
        migrate(
            &document,
            &MigrateOptions {
                to,
                mask_secrets: true,
            },
        )
    };
    report_changes(&document, &shown);

    // The result is checked as lint checks it, under the release it is for (with its secrets,
    // which the findings never quote).
    let check_document = stsbackup::load_str("<migrated values>", &complete.yaml);
    let check = stsbackup::validate_with(
        &check_document,
        &stsbackup::Options {
            chart: Some(to),
            ..stsbackup::Options::default()
        },
    );
    let errors = check.count(stsbackup::Severity::Error);
    let warnings = check.count(stsbackup::Severity::Warning);
    if errors + warnings > 0 {
        warn!("the migrated values, linted under {to}:");
        let mut output = crate::output::text::Text::new(
            std::io::stderr().lock(),
            crate::use_colour(&std::io::stderr()),
        );
        let _ = crate::output::Output::file(&mut output, &check_document, &check);
    }
    warn!(
        "{}; the migrated values lint with {errors} error{} and {warnings} warning{} under {to}",
        summary(&shown),
        plural(errors),
        plural(warnings)
    );

    let text = match &values_root {
        Some(key) => under_key(key, &shown.yaml),
        None => shown.yaml.clone(),
    };
    let written = match &args.output {
        Some(path) => write_private(path, &text),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
    };
    if let Err(error) = written {
        return match &args.output {
            Some(path) => {
                let name = path.display().to_string();
                warn!("stsbackup: cannot write {}: {error}", printable(&name));
                ExitCode::from(2)
            }
            None => output_error(error),
        };
    }
    if shown.is_complete() && errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The migrated values put back where an umbrella chart's values hold them: every top-level
/// block nested under `key:` (indented alike, so block scalars stay whole), but `global:`,
/// which Helm reads at the parent's top level and passes down.
fn under_key(key: &str, yaml: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    // A JSON string is a YAML scalar: any other key is written quoted.
    let shown = if plain {
        key.to_owned()
    } else {
        serde_json::Value::from(key).to_string()
    };
    let mut nested = format!("{shown}:\n");
    let mut global = String::new();
    let mut in_global = false;
    for line in yaml.lines() {
        if !line.starts_with([' ', '#']) && !line.is_empty() {
            in_global = line.starts_with("global:");
        }
        if in_global {
            global.push_str(line);
            global.push('\n');
        } else if line.is_empty() {
            nested.push('\n');
        } else {
            nested.push_str("  ");
            nested.push_str(line);
            nested.push('\n');
        }
    }
    if nested.lines().count() == 1 {
        nested.clear();
    }
    global + &nested
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// One line per change on standard error, at the key of the old file it concerns.
fn report_changes(document: &stsbackup::Document, migration: &Migration) {
    for change in &migration.changes {
        let at = match change.origin {
            Some(origin) => format!(
                "{}:{}:{}: ",
                printable(document.source_of(origin).name()),
                change.position.line,
                change.position.column
            ),
            None => String::new(),
        };
        warn!("{at}{}", printable(&change.to_string()));
    }
}

fn summary(migration: &Migration) -> String {
    let count = |kind| migration.changes.iter().filter(|c| c.kind == kind).count();
    let parts: Vec<String> = [
        ChangeKind::Moved,
        ChangeKind::Converted,
        ChangeKind::Dropped,
        ChangeKind::NotCarried,
        ChangeKind::Masked,
    ]
    .into_iter()
    .filter(|kind| count(*kind) > 0)
    .map(|kind| format!("{} {}", count(kind), kind.as_str()))
    .collect();
    if parts.is_empty() {
        format!("nothing to change for {}", migration.to)
    } else {
        format!("migrated to {}: {}", migration.to, parts.join(", "))
    }
}

/// Writes the file whole or not at all, readable by its owner only: it holds secrets.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // tempfile creates the file with mode 0600; the rename keeps it.
    let mut temporary = tempfile::Builder::new()
        .prefix(".stsbackup-migrate.")
        .suffix(".tmp")
        .tempfile_in(directory)?;
    temporary.write_all(text.as_bytes())?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}
