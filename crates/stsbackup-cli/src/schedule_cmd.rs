//! `stsbackup schedule`: when backups run, and what their retention keeps.

use crate::output::printable;
use crate::{output, output_error};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ScheduleArgs {
    /// Values files, merged in order before any -f file (`-` for standard input).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    inputs: crate::values_inputs::ValuesInputs,
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
    let inputs = args.inputs.clone().with_files_first(args.files.clone());
    if inputs.is_empty() {
        warn!(
            "stsbackup: no values to read: give a values file (`-f values.yaml` or `values.yaml`), or --set"
        );
        return ExitCode::from(2);
    }
    let prepared = match inputs.prepare() {
        Ok(prepared) => prepared,
        Err(crate::values_inputs::NotPrepared::Usage(message)) => {
            warn!("stsbackup: {}", printable(&message));
            return ExitCode::from(2);
        }
        Err(crate::values_inputs::NotPrepared::Unreadable(files)) => {
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
    let document = prepared.document;
    let report = stsbackup::validate_with(&document, &prepared.options);
    let Some(values) = report.values.as_ref() else {
        // The file could not be read as values: show why, as lint would.
        let mut output = output::text::Text::new(
            std::io::stderr().lock(),
            crate::use_colour(&std::io::stderr()),
        );
        let _ = output::Output::file(&mut output, &document, &report);
        return ExitCode::from(1);
    };
    let from = args.from.unwrap_or_else(stsbackup::calendar::DateTime::now);
    let mut previews = stsbackup::schedule::preview(values, from, usize::from(args.count));
    // suse-observability 2.10 and later (named, or the only generations the keys point to):
    // the master switch is `global.backup.enabled`, and Victoria Metrics and ClickHouse are
    // backed up too.
    use stsbackup::generation::Generation;
    let checked = &report.checked;
    let generation = match checked.chart {
        Some(chart) => Some(chart.generation()),
        None if !checked.generations.is_empty()
            && checked
                .generations
                .iter()
                .all(|g| matches!(g, Generation::E | Generation::EPrime)) =>
        {
            checked.generations.iter().last()
        }
        None => None,
    };
    let s3proxy = matches!(generation, Some(Generation::E | Generation::EPrime));
    // stackstate-k8s and suse-observability before 2.10 (named): the release's retention and
    // switches, and Victoria Metrics and ClickHouse too.
    let minio_release = checked.chart.filter(|chart| {
        matches!(
            chart.generation(),
            Generation::D1 | Generation::D2 | Generation::E0
        )
    });
    if let Some(release) = minio_release {
        previews = stsbackup::schedule::preview_minio_release(
            values,
            document.root.as_ref(),
            release,
            from,
            usize::from(args.count),
        );
    }
    let global_switch = s3proxy || generation == Some(Generation::E0);
    if s3proxy {
        previews.extend(stsbackup::schedule::preview_s3proxy_stores(
            document.root.as_ref(),
            generation == Some(Generation::EPrime),
            from,
            usize::from(args.count),
        ));
    }
    let backup_enabled = if global_switch {
        document
            .root
            .as_ref()
            .and_then(|root| root.at(["global", "backup", "enabled"]))
            .is_some_and(|node| node.value == stsbackup::load::NodeValue::Bool(true))
    } else {
        values.backup.enabled
    };
    let never = previews
        .iter()
        .any(|p| p.enabled && (p.error.is_some() || p.runs.is_empty()));
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        ScheduleFormat::Json => serde_json::to_string_pretty(&previews)
            .map_err(std::io::Error::from)
            .and_then(|json| writeln!(out, "{}", output::inert_json(json))),
        ScheduleFormat::Text => write_schedule(
            &mut out,
            backup_enabled,
            checked
                .chart
                .is_some_and(stsbackup::schedule::settings_backup_runs_without_master_switch),
            if global_switch {
                "global.backup.enabled"
            } else {
                "backup.enabled"
            },
            &previews,
            from,
        ),
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
    settings_run_anyway: bool,
    switch: &str,
    previews: &[stsbackup::schedule::StorePreview],
    from: stsbackup::calendar::DateTime,
) -> std::io::Result<()> {
    if !backup_enabled && settings_run_anyway {
        writeln!(
            out,
            "note: {switch} is not true, so until it is only the configuration backup runs, keeping the settings on its volume and uploading none\n"
        )?;
    } else if !backup_enabled {
        writeln!(
            out,
            "note: {switch} is not true, so none of these runs happens until it is\n"
        )?;
    }
    for preview in previews {
        writeln!(
            out,
            "{} ({} `{}`, {}, UTC){}",
            preview.store.title(),
            preview.path,
            printable(&preview.schedule),
            preview.runner,
            match (&preview.enabled, &preview.off_because) {
                (true, _) => String::new(),
                (false, Some(reason)) => format!(" [not scheduled: {}]", printable(reason)),
                (false, None) => " [scheduled.enabled is false: not scheduled]".to_owned(),
            }
        )?;
        match (&preview.error, preview.runs.is_empty()) {
            (Some(error), _) => writeln!(out, "  invalid: {}", printable(error))?,
            (None, true) => writeln!(out, "  never runs after {from}")?,
            (None, false) => {
                for run in &preview.runs {
                    writeln!(out, "  {run}")?;
                }
            }
        }
        writeln!(out, "  retention `{}`", printable(&preview.retention))?;
        if let Some(keeps) = &preview.keeps {
            writeln!(out, "  keeps {}", printable(keeps))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
