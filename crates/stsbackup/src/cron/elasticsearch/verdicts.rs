//! What stsbackup says about an expression: Elasticsearch's own errors (quoted), the mistakes
//! it accepts (warnings) and what it stores but never runs or runs wrongly (our errors).

use super::fields::Field;
use super::java::{Span, Token, Unit, ordinal, unit_text, weekday_name};
use super::parser::{Note, Parser};
use super::{ALL_SPEC, FIRST_YEAR, LAST_YEAR, NO_SPEC, parse};
use crate::issue::ValueIssue;

/// An error Elasticsearch raises itself; `text` is its message, minus the `at pos [n]` suffix
/// (the byte range says where).
pub(super) fn rejected(text: impl AsRef<str>, at: Span) -> ValueIssue {
    let text = text.as_ref();
    let mut chars = text.chars();
    let text = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    ValueIssue::new(
        format!("Elasticsearch rejects this schedule: {text}"),
        at.start,
        at.end,
    )
}

/// The chart pastes the schedule unescaped into the JSON body of the SLM policy request
/// (`"schedule": "..."`), so these characters break the request before Elasticsearch parses it.
pub(super) fn check_request_safety(expr: &str) -> Result<(), ValueIssue> {
    let Some((start, c)) = expr
        .char_indices()
        .find(|&(_, c)| c == '"' || c == '\\' || c.is_control())
    else {
        return Ok(());
    };
    let what = match c {
        '"' => "a double quote (`\"`)".to_string(),
        '\\' => "a backslash (`\\`)".to_string(),
        '\t' => "a tab".to_string(),
        '\n' | '\r' => "a line break".to_string(),
        _ => format!("the control character U+{:04X}", u32::from(c)),
    };
    let help = if c == '\t' || c == '\n' || c == '\r' {
        "separate the fields with single spaces"
    } else {
        "remove it: Elasticsearch cron never needs it"
    };
    Err(ValueIssue::new(
        format!(
            "The schedule contains {what}: the chart writes the schedule unescaped into the JSON \
             body of the SLM policy request, so this character breaks that request"
        ),
        start,
        start + c.len_utf8(),
    )
    .with_help(help))
}

/// `@daily` and friends: Kubernetes (robfig/cron) shorthands that Elasticsearch has no form of.
pub(super) fn shorthand_issue(expr: &str, tokens: &[Token]) -> Option<ValueIssue> {
    let first = tokens.first()?;
    if first.units.first()?.c != '@' {
        return None;
    }
    let at = first.span.to(tokens.last()?.span);
    let written = at.text(expr);
    let equivalent = match first.span.text(expr).to_ascii_lowercase().as_str() {
        "@yearly" | "@annually" => Some(("0 0 0 1 1 ?", "every 1 January at 00:00 UTC")),
        "@monthly" => Some(("0 0 0 1 * ?", "every 1st of the month at 00:00 UTC")),
        "@weekly" => Some(("0 0 0 ? * SUN", "every Sunday at 00:00 UTC")),
        "@daily" | "@midnight" => Some(("0 0 0 * * ?", "every day at 00:00 UTC")),
        "@hourly" => Some(("0 0 * * * ?", "every hour, on the hour")),
        _ => None,
    };
    let issue = rejected(
        format!(
            "`{written}` is a Kubernetes cron shorthand, and Elasticsearch cron has none (its \
             parser stops at \"Unexpected character [@]\")"
        ),
        at,
    );
    Some(match equivalent {
        Some((cron, meaning)) => issue.with_help(format!("use `{cron}` ({meaning})")),
        None => issue.with_help(
            "write a 6-field Elasticsearch cron: seconds minutes hours day-of-month month \
             day-of-week, e.g. `0 0 3 * * ?` for every day at 03:00 UTC",
        ),
    })
}

/// `CRON_TZ=...`/`TZ=...` before the fields: Kubernetes syntax; Elasticsearch schedules are UTC.
pub(super) fn time_zone_prefix_issue(expr: &str, tokens: &[Token]) -> Option<ValueIssue> {
    let first = tokens.first()?;
    let text = first.span.text(expr).to_ascii_uppercase();
    if !(text.starts_with("TZ=") || text.starts_with("CRON_TZ=")) {
        return None;
    }
    let name: String = unit_text(first.units).chars().take(3).collect();
    let issue = rejected(
        format!(
            "`{}` is a time-zone prefix, which Elasticsearch cron does not have (its parser \
             reports \"illegal characters [{name}]\")",
            first.span.text(expr)
        ),
        first.span,
    );
    let rest: Vec<&str> = tokens[1..].iter().map(|t| t.span.text(expr)).collect();
    let help = match kubernetes_equivalent(&rest) {
        Some(cron) => format!(
            "remove the prefix: Elasticsearch schedules always run in UTC; the rest is a \
             Kubernetes cron, which Elasticsearch writes as `{cron}`"
        ),
        None => "remove the prefix: Elasticsearch schedules always run in UTC".to_string(),
    };
    Some(issue.with_help(help))
}

/// Fewer than six fields: Elasticsearch's "unexpected end of expression". Five fields is almost
/// always a Kubernetes cron pasted into the wrong value, so the help translates it.
pub(super) fn too_few_fields(expr: &str, tokens: &[Token]) -> ValueIssue {
    let count = tokens.len();
    let fields: Vec<&str> = tokens.iter().map(|t| t.span.text(expr)).collect();
    let end = tokens.last().map_or(expr.len(), |t| t.span.end);
    let plural = if count == 1 { "" } else { "s" };
    if count == 5 {
        let at = tokens[0].span.to(tokens[4].span);
        let issue = rejected(
            format!(
                "unexpected end of expression: `{}` has 5 fields and looks like Kubernetes cron \
                 (minute hour day-of-month month day-of-week), but Elasticsearch cron has 6 or 7: \
                 seconds minutes hours day-of-month month day-of-week [year]",
                at.text(expr)
            ),
            at,
        );
        let both_days = |s: &str| s != "*" && s != "?";
        return match kubernetes_equivalent(&fields) {
            Some(cron) => issue.with_help(format!(
                "in Elasticsearch cron this is `{cron}` (a seconds field first, day-of-week \
                 counted 1-7 from Sunday, and `?` in the day field that is not restricted)"
            )),
            None if both_days(fields[2]) && both_days(fields[4]) => issue.with_help(
                "Kubernetes fires when either day field matches; Elasticsearch needs `?` in one \
                 of them, so pick one, e.g. `0 0 3 ? * MON` for Mondays at 03:00 UTC",
            ),
            None => issue.with_help(
                "start with a seconds field and put `?` in day-of-month or day-of-week, e.g. \
                 `0 0 3 * * ?` for every day at 03:00 UTC",
            ),
        };
    }
    rejected(
        format!(
            "unexpected end of expression: the schedule has {count} field{plural}, but \
             Elasticsearch cron needs 6 or 7: seconds minutes hours day-of-month month \
             day-of-week [year]"
        ),
        Span { start: end, end },
    )
    .with_help("for example `0 0 3 * * ?` runs every day at 03:00 UTC")
}

/// The Elasticsearch form of a 5-field Kubernetes cron, when one exists and parses cleanly.
pub(super) fn kubernetes_equivalent(fields: &[&str]) -> Option<String> {
    let &[minute, hour, dom, month, dow] = fields else {
        return None;
    };
    let any = |s: &str| s == "*" || s == "?";
    // Kubernetes allows `?` for "any" in every field; Elasticsearch only in the day fields.
    let star = |field: &str| {
        if field == "?" {
            "*".to_string()
        } else {
            field.to_string()
        }
    };
    let (dom, dow) = match (any(dom), any(dow)) {
        (true, true) => ("*".to_string(), "?".to_string()),
        (false, true) => (dom.to_string(), "?".to_string()),
        (true, false) => ("?".to_string(), kubernetes_weekdays(dow)?),
        // Kubernetes fires when either field matches; Elasticsearch cannot say that.
        (false, false) => return None,
    };
    let cron = format!(
        "0 {} {} {dom} {} {dow}",
        star(minute),
        star(hour),
        star(month)
    );
    match parse(&cron) {
        Ok(parsed) if parsed.warnings.is_empty() => Some(cron),
        _ => None,
    }
}

/// Kubernetes counts days of the week 0-6 from Sunday, Elasticsearch 1-7; names are the same.
pub(super) fn kubernetes_weekdays(field: &str) -> Option<String> {
    let shift = |part: &str| -> Option<String> {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Some(part.to_string());
        }
        let day: u32 = part.parse().ok().filter(|&d| d <= 7)?;
        Some((day % 7 + 1).to_string())
    };
    let items = field.split(',').map(|item| {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (item, None),
        };
        let range = range
            .split('-')
            .map(shift)
            .collect::<Option<Vec<_>>>()?
            .join("-");
        Some(match step {
            Some(step) => format!("{range}/{step}"),
            None => range,
        })
    });
    Some(items.collect::<Option<Vec<_>>>()?.join(","))
}

impl Parser<'_> {
    /// Our errors: what Elasticsearch stores but never runs or runs wrongly.
    pub(super) fn refusals(&self) -> Vec<ValueIssue> {
        let expr = self.expr;
        let mut issues = Vec::new();
        for note in &self.notes {
            let issue = match *note {
                Note::Marker { field, value, at } => {
                    let (stands_for, meaning) = if value == ALL_SPEC {
                        ("*", format!("runs it {}", field.every()))
                    } else {
                        ("?", format!("treats the {} field as `?`", field.name()))
                    };
                    ValueIssue::new(
                        format!(
                            "`{value}` is Elasticsearch's internal marker for `{stands_for}`: \
                             Elasticsearch would accept it in the {} field and {meaning}, which \
                             is surely not what `{value}` was meant to say",
                            field.name()
                        ),
                        at.start,
                        at.end,
                    )
                    .with_help(field.valid_values())
                }
                Note::UncheckedWeekday { value, item } => {
                    let help = if value == 0 {
                        "Elasticsearch counts days of the week from 1: for Sunday write `1#n` or \
                         `SUN#n`"
                    } else {
                        Field::DayOfWeek.valid_values()
                    };
                    ValueIssue::new(
                        format!(
                            "Day-of-week {value} in `{}` is outside 1-7: Elasticsearch would \
                             accept it (there is no range check before `#`), but its next-run \
                             arithmetic then picks days nobody asked for",
                            item.text(expr)
                        ),
                        item.start,
                        item.end,
                    )
                    .with_help(help)
                }
                Note::Year { value, at } if !(FIRST_YEAR..=LAST_YEAR).contains(&value) => {
                    let consequence = if value < FIRST_YEAR {
                        "so the policy would be stored and never run".to_string()
                    } else {
                        format!("so the policy would be stored and not run before {value}, if ever")
                    };
                    ValueIssue::new(
                        format!(
                            "The year {value} is outside 1970-2099: Elasticsearch would accept it \
                             (it does not range-check years written out), {consequence}"
                        ),
                        at.start,
                        at.end,
                    )
                    .with_help("years are 1970-2099; leave the year field out to run every year")
                }
                Note::StepOverflow { field, item } => ValueIssue::new(
                    format!(
                        "`{}` makes Elasticsearch's parser overflow a Java int: its loop then \
                         adds {} values nobody wrote, or never ends",
                        item.text(expr),
                        field.name()
                    ),
                    item.start,
                    item.end,
                )
                .with_help(field.valid_values()),
                _ => continue,
            };
            issues.push(issue);
        }
        issues
    }

    /// Warnings: what Elasticsearch accepts by skipping or reinterpreting input, and schedules it
    /// accepts that can never fire because of one item.
    pub(super) fn warnings(&self) -> Vec<ValueIssue> {
        let expr = self.expr;
        let mut warnings = Vec::new();
        for note in &self.notes {
            let warning = match *note {
                Note::Skipped {
                    field,
                    item,
                    read,
                    skipped,
                } => skipped_warning(expr, field, item, read, skipped),
                Note::EmptyItem { field, comma } => ValueIssue::new(
                    format!(
                        "Empty item in the {} list: Elasticsearch skips it without a word",
                        field.name()
                    ),
                    comma.start,
                    comma.end,
                )
                .with_help("remove the extra comma"),
                Note::StepIgnored { field, item } => ValueIssue::new(
                    format!(
                        "Elasticsearch ignores a step of zero or less and reads `{}` as `*` ({} \
                         in the {} field)",
                        item.text(expr),
                        field.every(),
                        field.name()
                    ),
                    item.start,
                    item.end,
                )
                .with_help("write `*`, or a positive step such as `*/5`"),
                Note::SingleStep { field, item, value } => ValueIssue::new(
                    format!(
                        "`{}` selects only {value} in the {} field: the step reaches past the end \
                         of the range, so only the start value is left{}",
                        item.text(expr),
                        field.name(),
                        if item.text(expr).starts_with(['*', '/']) {
                            ""
                        } else {
                            " (Elasticsearch limits the step after `*`, but not after a number)"
                        }
                    ),
                    item.start,
                    item.end,
                )
                .with_help(format!("write `{value}` if that is what you mean")),
                Note::WrapFromZero { field, item, start } => ValueIssue::new(
                    format!(
                        "The range `{}` ends at 0, below the smallest {} value: Elasticsearch \
                         wraps it around and reads it as {start}-{}",
                        item.text(expr),
                        field.name(),
                        field.open_end(LAST_YEAR)
                    ),
                    item.start,
                    item.end,
                )
                .with_help(field.valid_values()),
                Note::LastIgnored { field, item } => ValueIssue::new(
                    format!(
                        "`L` means nothing in the {} field: Elasticsearch accepts `{}` there and \
                         ignores it",
                        field.name(),
                        item.text(expr)
                    ),
                    item.start,
                    item.end,
                )
                .with_help(last_help(field)),
                Note::OffsetlessLast { item } => ValueIssue::new(
                    format!(
                        "`{}` has no offset after `L-`: Elasticsearch reads it as `LW`",
                        item.text(expr)
                    ),
                    item.start,
                    item.end,
                )
                .with_help("write `LW` (last weekday of the month) or `L-nW` with a number n"),
                Note::ZeroWeekday { item } if self.rules.uses_day_of_month() => ValueIssue::new(
                    format!(
                        "`{}` asks for the weekday nearest day 0: Elasticsearch accepts it (there \
                         is no range check before `W`), but its next-run search never settles on \
                         a day, so the policy never runs",
                        item.text(expr)
                    ),
                    item.start,
                    item.end,
                )
                .with_help("use `1W` for the first weekday of the month"),
                _ => continue,
            };
            warnings.push(warning);
        }
        self.day_rule_warnings(&mut warnings);
        warnings
    }

    /// Warnings that need the whole schedule: fields left empty, `?` mixed with values, and `W`
    /// or `#` applied to a list.
    pub(super) fn day_rule_warnings(&self, warnings: &mut Vec<ValueIssue>) {
        let rules = &self.rules;
        let span = |field: Field| self.spans[field.index()];
        for field in [
            Field::Second,
            Field::Minute,
            Field::Hour,
            Field::Month,
            Field::Year,
        ] {
            if rules.set(field).is_empty() {
                warnings.push(never_runs(self.expr, field, span(field)));
            }
        }
        if rules.uses_day_of_week() && rules.real_values(Field::DayOfWeek).next().is_none() {
            let field = Field::DayOfWeek;
            warnings.push(never_runs(self.expr, field, span(field)));
        }
        for field in [Field::DayOfMonth, Field::DayOfWeek] {
            let set = rules.set(field);
            if set.contains(&NO_SPEC) && set.len() > 1 {
                let at = span(field);
                warnings.push(
                    ValueIssue::new(
                        format!(
                            "The {} field `{}` mixes `?` with other values: Elasticsearch treats \
                             the whole field as `?` and ignores the rest",
                            field.name(),
                            at.text(self.expr)
                        ),
                        at.start,
                        at.end,
                    )
                    .with_help("write `?` alone"),
                );
            }
        }
        let mut days = rules.real_values(Field::DayOfMonth);
        if rules.uses_day_of_month()
            && rules.nearest_weekday
            && !rules.lastday_of_month
            && let (Some(day), Some(_)) = (days.next(), days.next())
            && day != 0
        {
            let at = span(Field::DayOfMonth);
            warnings.push(
                ValueIssue::new(
                    format!(
                        "`W` works on a single day: with `{}` Elasticsearch uses only the \
                         smallest day, {day}, fires on the weekday nearest the {} and ignores \
                         the other days",
                        at.text(self.expr),
                        ordinal(day)
                    ),
                    at.start,
                    at.end,
                )
                .with_help("use `nW` alone, or one policy per day"),
            );
        }
        let mut weekdays = rules.real_values(Field::DayOfWeek);
        if rules.uses_day_of_week()
            && rules.nthday_of_week != 0
            && let (Some(dow), Some(_)) = (weekdays.next(), weekdays.next())
        {
            let at = span(Field::DayOfWeek);
            let n = rules.nthday_of_week;
            warnings.push(
                ValueIssue::new(
                    format!(
                        "`#{n}` works on a single day of the week: with `{}` Elasticsearch uses \
                         only the smallest one, {dow} ({}), fires on the {} {} of the month and \
                         ignores the other days",
                        at.text(self.expr),
                        weekday_name(dow),
                        ordinal(n),
                        weekday_name(dow)
                    ),
                    at.start,
                    at.end,
                )
                .with_help("use `d#n` alone, or one policy per day"),
            );
        }
    }
}

/// `expr` with the text at `span` replaced, for suggestions.
pub(super) fn replaced(expr: &str, span: Span, text: &str) -> String {
    format!("{}{text}{}", &expr[..span.start], &expr[span.end..])
        .trim()
        .to_string()
}

/// `L`, `LW` and `L-digits[W]` take the `L` branch; other items starting with a letter are
/// read as names (`s.matches("^L-[0-9]*[W]?")` in Java).
pub(super) fn is_last_day_form(s: &[Unit]) -> bool {
    let text = unit_text(s);
    if text == "L" || text == "LW" {
        return true;
    }
    let Some(rest) = text.strip_prefix("L-") else {
        return false;
    };
    let digits = rest.strip_suffix('W').unwrap_or(rest);
    digits.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn last_help(field: Field) -> &'static str {
    match field {
        Field::DayOfMonth => "`L` means the last day of the month, `LW` the last weekday",
        _ => {
            "`L` only means something in day-of-month (`L`, `LW`, `L-3`) and day-of-week \
             (`6L` = last Friday)"
        }
    }
}

pub(super) fn never_runs(expr: &str, field: Field, at: Span) -> ValueIssue {
    ValueIssue::new(
        format!(
            "The {} field `{}` selects no value: Elasticsearch accepts the schedule, but the \
             policy never runs",
            field.name(),
            at.text(expr)
        ),
        at.start,
        at.end,
    )
    .with_help(field.valid_values())
}

pub(super) fn skipped_warning(
    expr: &str,
    field: Field,
    item: Span,
    read: Span,
    skipped: Span,
) -> ValueIssue {
    let item_text = item.text(expr);
    let read_text = read.text(expr);
    let skipped_text = skipped.text(expr);
    let mut message =
        format!("Elasticsearch reads `{item_text}` as `{read_text}` and ignores `{skipped_text}`");
    if field == Field::DayOfWeek && read_text.eq_ignore_ascii_case("L") {
        message.push_str(" (`L` alone in day-of-week means Saturday)");
    }
    let warning = ValueIssue::new(message, skipped.start, skipped.end);
    let suffix = skipped_text.to_ascii_uppercase();
    match read_text.parse::<u8>() {
        Ok(hour) if field == Field::Hour && suffix.starts_with("PM") && hour < 12 => warning
            .with_help(format!(
                "hours are 0-23 in UTC: for {hour} p.m. write `{}`",
                hour + 12
            )),
        _ => warning.with_help(format!("write `{read_text}` if that is what you mean")),
    }
}
