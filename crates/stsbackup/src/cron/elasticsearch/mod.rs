//! Elasticsearch cron: the SLM policy `schedule` (`backup.elasticsearch.scheduled.schedule`).
//!
//! Elasticsearch 7.x checks an SLM schedule with
//! `x-pack/plugin/core/src/main/java/org/elasticsearch/xpack/core/scheduler/Cron.java`, a fork of
//! the Quartz `CronExpression`: `<seconds> <minutes> <hours> <day-of-month> <month> <day-of-week>
//! [year]`, always evaluated in UTC. "Valid" here has to mean "what that class accepts", and the
//! Java parser accepts a lot by reading part of an item and skipping the rest (`3PM` is 3, `MONDAY`
//! is MON, `*X` is `*`). A tidy grammar would disagree with it in both directions, so this module
//! follows the Java code step by step (`buildExpression`, `storeExpressionVals`, `checkNext`,
//! `addToSet`, `getValue`), including where it reads UTF-16 units and Unicode digits, and then
//! judges the result:
//!
//! - everything Elasticsearch rejects is an error that quotes Elasticsearch's own message;
//! - what it accepts by skipping or reinterpreting input is a warning that says what really runs;
//! - what it stores but then never runs or runs wrongly (the internal markers `99`/`98`, years
//!   outside 1970–2099, tokens after the 7th field, out-of-range days after `#`) and characters
//!   that break the JSON request the chart builds are errors of ours, and say so.
//!
//! [`ElasticsearchCron::next_after`] ports `getNextValidTimeAfter`, lenient calendar arithmetic
//! included, so a preview shows the days the cluster will really pick (`31W` in a 30-day month,
//! for one, follows Java's arithmetic rather than a tidier reading).

mod fields;
mod java;
mod next_run;
mod parser;
#[cfg(test)]
mod tests;
mod verdicts;

use crate::calendar::DateTime;
use crate::cron::ParsedCron;
use crate::issue::ValueIssue;
use fields::Rules;
use java::{Span, tokenize, upper_case_units};

use parser::Parser;
use verdicts::{
    check_request_safety, rejected, shorthand_issue, time_zone_prefix_issue, too_few_fields,
};

/// Value Elasticsearch stores in a field's set for `*`; a literal `99` is read the same way.
const ALL_SPEC: i32 = 99;
/// Value Elasticsearch stores in a field's set for `?`; a literal `98` is read the same way.
const NO_SPEC: i32 = 98;
/// Where `*` in the year field starts.
const FIRST_YEAR: i32 = 1970;
/// The last year Elasticsearch documents; next-run searches give up after it.
const LAST_YEAR: i32 = 2099;
/// Upper bound on the steps of one next-run search. A search takes at most a few steps for each
/// month it passes over (a few thousand from 1970 to 2099; under 2,000 in a fuzz of 80,000
/// accepted schedules). Some schedules Elasticsearch accepts make its own search loop forever
/// (`L-30W` around February), and the bound turns those into `None`.
const MAX_SEARCH_STEPS: u32 = 20_000;
/// What Java's `String.charAt` sees for each half of a character outside the Basic Multilingual
/// Plane: never a digit, a letter or a delimiter.
const SURROGATE: char = '\u{FFFD}';

/// A schedule Elasticsearch accepts, in the form its `Cron` class evaluates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElasticsearchCron {
    expression: String,
    rules: Rules,
}

/// Parses an SLM `schedule` exactly as Elasticsearch 7.x does, then applies stsbackup's stricter
/// checks (see the module documentation).
///
/// `Err` carries the first problem, with the byte range of the offending text in `expr`; `Ok`
/// carries the schedule and warnings about input Elasticsearch skips or reinterprets.
pub fn parse(expr: &str) -> Result<ParsedCron<ElasticsearchCron>, ValueIssue> {
    check_request_safety(expr)?;
    let units = upper_case_units(expr);
    let tokens = tokenize(&units);
    if tokens.is_empty() {
        let end = expr.len();
        return Err(rejected(
            "the schedule is empty (unexpected end of expression)",
            Span { start: end, end },
        )
        .with_help("the chart's default is `0 0 3 * * ?` (every day at 03:00 UTC)"));
    }
    if let Some(issue) = shorthand_issue(expr, &tokens) {
        return Err(issue);
    }
    if let Some(issue) = time_zone_prefix_issue(expr, &tokens) {
        return Err(issue);
    }
    if tokens.len() < 6 {
        return Err(too_few_fields(expr, &tokens));
    }

    let mut parser = Parser::new(expr, DateTime::now().year + 100);
    parser.run(&tokens)?;

    let mut refusals = parser.refusals();
    if let (Some(first), Some(last)) = (tokens.get(7), tokens.last()) {
        let at = first.span.to(last.span);
        let extra = at.text(expr);
        refusals.push(
            ValueIssue::new(
                format!(
                    "`{extra}` comes after the 7th field (year): Elasticsearch would accept this \
                     schedule but silently ignores everything after the year, so this text has \
                     no effect"
                ),
                at.start,
                at.end,
            )
            .with_help(format!("remove `{extra}`")),
        );
    }
    if let Some((start, c)) = expr.char_indices().find(|(_, c)| !c.is_ascii()) {
        refusals.push(
            ValueIssue::new(
                format!(
                    "The schedule contains the non-ASCII character `{c}` (U+{:04X}): \
                     Elasticsearch would accept it, skipping or reinterpreting the character \
                     (it upper-cases the text and reads any Unicode digit as a number), but cron \
                     syntax is plain ASCII, so this is almost certainly a copy-paste accident",
                    u32::from(c)
                ),
                start,
                start + c.len_utf8(),
            )
            .with_help("retype the schedule in plain ASCII"),
        );
    }
    if let Some(first) = refusals.into_iter().min_by_key(|issue| issue.range.start) {
        return Err(first);
    }

    let warnings = parser.warnings();
    Ok(ParsedCron {
        schedule: ElasticsearchCron {
            expression: expr.to_string(),
            rules: parser.rules,
        },
        warnings,
    })
}

impl ElasticsearchCron {
    /// The first fire time strictly after `after` (UTC, second resolution), as Elasticsearch's
    /// `getNextValidTimeAfter` computes it, or `None` when the schedule never fires again:
    /// impossible dates (`0 0 0 30 2 ?`), an empty field (`L 0 3 * * ?`), a year set entirely in
    /// the past, nothing before the end of 2099, or a search Elasticsearch itself never finishes.
    ///
    /// Two departures from the Java code, both about schedules that do not really run: `0W`
    /// gives `None` (Elasticsearch's search loops forever on it, apart from a rare window where
    /// it fires on a 1st before looping), and an `after` before 1970 counts as the end of 1969
    /// (every fire time is in 1970 or later anyway).
    pub fn next_after(&self, after: DateTime) -> Option<DateTime> {
        self.rules.next_after(after)
    }

    /// Up to `count` consecutive fire times after `after`; fewer when the schedule stops firing.
    pub fn next_runs(&self, after: DateTime, count: usize) -> Vec<DateTime> {
        super::consecutive_runs(after, count, |from| self.next_after(from))
    }

    /// The expression as written (Elasticsearch stores it upper-cased).
    pub fn expression(&self) -> &str {
        &self.expression
    }
}
