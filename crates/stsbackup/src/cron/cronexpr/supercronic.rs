//! How supercronic reads a crontab line (`crontab/crontab.go`: `ParseCrontab`, `parseJobLine`).
//!
//! supercronic takes the line without leading spaces and tabs, skips it when it starts with `#`,
//! reads it as an environment variable when it looks like `NAME=value`, and otherwise tries its
//! first 7, 6, 5 and 1 words (only counts below the line's word count) as a schedule with
//! `cronexpr.ParseStrict`. The first that parses wins and the rest is the command. No count
//! parses: `bad crontab line`, and supercronic stops (the sidecar restarts).

use super::parser::{go_fields, is_go_space};
use super::{Flavour, Schedule, parse};
use crate::cron::ParsedCron;
use crate::issue::ValueIssue;

/// Every refusal of a whole line starts with this.
pub const LINE_REFUSED: &str = "supercronic refuses this crontab line: ";

/// The word counts `parseJobLine` tries, in order (`parameterCounts`).
const WORD_COUNTS: [usize; 4] = [7, 6, 5, 1];

/// Stands for the chart's command when a schedule value is checked on its own: a path, which
/// no cron field can match, as the chart's commands are.
const COMMAND: &str = "/backup.sh";

/// `bufio.Scanner`'s default limit on a line (`MaxScanTokenSize`), newline included.
const MAX_LINE: usize = 64 * 1024;

/// A job line as supercronic splits it.
#[derive(Clone, Debug)]
pub struct CrontabLine {
    pub schedule: Schedule,
    /// How many words were read as the schedule: 7, 6, 5 or 1.
    pub words: usize,
    /// The schedule is `line[schedule_start..schedule_end]`.
    pub schedule_start: usize,
    pub schedule_end: usize,
    /// The command is `line[command_start..]`.
    pub command_start: usize,
}

/// `parseJobLine`: splits a job line (already without leading spaces and tabs) into schedule
/// and command. The error message is [`LINE_REFUSED`] and supercronic's own text; its help lists
/// what cronexpr said for each count, as `supercronic -debug` would.
pub fn parse_job_line(line: &str, flavour: Flavour) -> Result<CrontabLine, ValueIssue> {
    let words = go_fields(line);
    let mut attempts = Vec::new();
    for count in WORD_COUNTS {
        if words.len() <= count {
            continue;
        }
        let schedule_end = words[count - 1].1;
        match parse(&line[..schedule_end], flavour) {
            Ok(parsed) => {
                return Ok(CrontabLine {
                    schedule: parsed.schedule,
                    words: count,
                    schedule_start: 0,
                    schedule_end,
                    command_start: words[count].0,
                });
            }
            Err(issue) => attempts.push(format!("{count} fields: {}", issue.message)),
        }
    }
    let issue = ValueIssue::new(
        format!("{LINE_REFUSED}bad crontab line: '{line}' (use -debug for details)"),
        0,
        line.len(),
    );
    Err(if attempts.is_empty() {
        issue.with_help("a job line is a schedule followed by a command")
    } else {
        issue.with_help(attempts.join("; "))
    })
}

/// What supercronic makes of one line of a crontab (`ParseCrontab`'s loop body).
#[derive(Clone, Debug)]
pub enum CrontabEntry {
    /// Nothing but spaces and tabs: skipped.
    Blank,
    /// Starts with `#` (after spaces and tabs): skipped.
    Comment,
    /// `NAME=value`: sets a variable for the jobs; `line[name_start..name_end]` is the name.
    Variable { name_start: usize, name_end: usize },
    /// A job; its ranges are in the line as given, leading spaces and tabs included.
    Job(Box<CrontabLine>),
}

/// Reads one crontab line (without its line break) as supercronic's `ParseCrontab` does: `Err`
/// is `bad crontab line`, on which supercronic stops.
pub fn read_crontab_line(line: &str, flavour: Flavour) -> Result<CrontabEntry, ValueIssue> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let lead = line.len() - trimmed.len();
    if trimmed.is_empty() {
        return Ok(CrontabEntry::Blank);
    }
    if trimmed.starts_with('#') {
        return Ok(CrontabEntry::Comment);
    }
    if let Some(name_end) = environment_name_end(trimmed) {
        return Ok(CrontabEntry::Variable {
            name_start: lead,
            name_end: lead + name_end,
        });
    }
    match parse_job_line(trimmed, flavour) {
        Ok(mut job) => {
            job.schedule_start += lead;
            job.schedule_end += lead;
            job.command_start += lead;
            Ok(CrontabEntry::Job(Box::new(job)))
        }
        Err(mut issue) => {
            issue.range = issue.range.start + lead..issue.range.end + lead;
            Err(issue)
        }
    }
}

/// Parses a schedule value as supercronic reads the crontab line `<schedule> <command>` the
/// chart writes for it, with supercronic's cronexpr ([`Flavour::Supercronic`]).
///
/// `Err` when supercronic refuses the line (it then stops, and the backup sidecar with it),
/// when it does not read the line as a job at all (a comment, a variable assignment, a line
/// break), and when it takes only part of the value as the schedule and the rest as the start
/// of the command. The range points into `schedule`. The command is taken to start with a word
/// that is no cron field (a path, as the chart's commands are).
pub fn parse_crontab_line_schedule(schedule: &str) -> Result<ParsedCron<Schedule>, ValueIssue> {
    if let Some(at) = schedule.find('\n') {
        return Err(ValueIssue::new(
            format!(
                "{LINE_REFUSED}the schedule contains a line break, and supercronic reads each \
                 line of the crontab on its own"
            ),
            at,
            at + 1,
        )
        .with_help("write the schedule on one line"));
    }
    if schedule.len() + COMMAND.len() + 2 > MAX_LINE {
        return Err(ValueIssue::new(
            format!(
                "{LINE_REFUSED}the line is longer than supercronic's reader takes \
                 (bufio.Scanner: token too long)"
            ),
            0,
            schedule.len(),
        ));
    }
    let line = format!("{schedule} {COMMAND}");
    let schedule_words = go_fields(schedule);
    let entry = read_crontab_line(&line, Flavour::Supercronic)
        .map_err(|line_issue| explain_refusal(schedule, &schedule_words, line_issue))?;
    let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
    match entry {
        CrontabEntry::Job(job) if job.words < schedule_words.len() => {
            let (start, end) = (
                schedule_words[job.words].0,
                schedule_words[schedule_words.len() - 1].1,
            );
            Err(ValueIssue::new(
                format!(
                    "supercronic takes only the first {} word(s) as the schedule: `{}` becomes \
                     the start of the command, which then fails",
                    job.words,
                    &schedule[start..end]
                ),
                start,
                end,
            )
            .with_help(
                "cronexpr reads 5 fields, 6 (a year last) or 7 (seconds first, year last), or \
                 one descriptor such as `@hourly`",
            ))
        }
        // The same words without the command: the same schedule, with ranges in `schedule`.
        CrontabEntry::Job(_) => parse(schedule, Flavour::Supercronic),
        CrontabEntry::Comment => Err(ValueIssue::new(
            format!(
                "{LINE_REFUSED}a line that starts with `#` is a comment: supercronic skips it \
                 and this backup never runs"
            ),
            lead,
            (lead + 1).min(schedule.len()),
        )),
        CrontabEntry::Variable {
            name_start,
            name_end,
        } => Err(ValueIssue::new(
            format!(
                "{LINE_REFUSED}supercronic reads the line as the environment variable `{}`, \
                 not as a job: this backup never runs",
                &line[name_start..name_end]
            ),
            name_start,
            schedule.len(),
        )),
        // Not with a command on the line.
        CrontabEntry::Blank => Err(ValueIssue::new(
            format!("{LINE_REFUSED}the schedule is empty"),
            0,
            0,
        )),
    }
}

/// The refusal of `<schedule> <command>` told through the attempt that read exactly the
/// schedule's words, which is the one its author meant.
fn explain_refusal(schedule: &str, words: &[(usize, usize)], line_issue: ValueIssue) -> ValueIssue {
    let meant = match words.len() {
        0 => {
            return ValueIssue::new(format!("{LINE_REFUSED}the schedule is empty"), 0, 0)
                .with_help("the chart's default is `25 * * * *` (minute 25 of every hour)");
        }
        count if count > 7 => &schedule[..words[6].1],
        _ => schedule,
    };
    match parse(meant, Flavour::Supercronic) {
        Err(issue) => {
            let message = issue.message.replacen(super::REFUSES, "", 1);
            let mut explained = ValueIssue::new(
                format!("{LINE_REFUSED}bad crontab line ({message})"),
                issue.range.start,
                issue.range.end,
            );
            explained.help = issue.help;
            if words.len() > 7 {
                explained.help = Some("supercronic reads at most 7 fields: seconds to year".into());
            }
            if words.len() == 1 && meant.trim_start().starts_with('@') {
                explained.help = Some(
                    "cronexpr knows `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily` and \
                     `@hourly`, in lower case (no `@reboot`, `@midnight` or `@every`)"
                        .into(),
                );
            }
            explained
        }
        // Cannot happen (that attempt failed); keep supercronic's own words.
        Ok(_) => ValueIssue {
            range: 0..schedule.len(),
            ..line_issue
        },
    }
}

/// `envLineMatcher` (`^([^\s=]+)\s*=\s*(.*)$`): where the variable's name ends, when the line
/// is an assignment.
fn environment_name_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let name_end = bytes
        .iter()
        .position(|&b| is_go_space(b) || b == b'=')
        .unwrap_or(bytes.len());
    if name_end == 0 {
        return None;
    }
    let rest = &bytes[name_end..];
    let after_spaces = rest.iter().position(|&b| !is_go_space(b))?;
    (rest[after_spaces] == b'=' && !line.contains('\n')).then_some(name_end)
}
