//! `stsbackup schedule`: when backups run, and what their retention keeps.

use crate::{output, output_error, read};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ScheduleArgs {
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

pub(crate) fn parse_time(text: &str) -> Result<stsbackup::calendar::DateTime, String> {
    stsbackup::calendar::DateTime::parse_rfc3339(text)
        .ok_or_else(|| "expected a UTC time such as 2026-12-31T00:00:00Z or 2026-12-31".to_owned())
}

pub fn run(args: ScheduleArgs) -> ExitCode {
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
