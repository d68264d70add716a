//! A wrong number of fields, and the Elasticsearch (Quartz) dialect written where Kubernetes'
//! is expected.

use super::go::Piece;
use super::{FIVE_FIELDS_HELP, REJECTS, fix_parses};
use crate::calendar::{MONTH_NAMES, WEEKDAY_NAMES, name_index};
use crate::issue::ValueIssue;

pub(super) fn field_count_issue(expr: &str, pieces: &[Piece<'_>]) -> ValueIssue {
    let listed: Vec<&str> = pieces.iter().map(|p| p.text).collect();
    let message = format!(
        "{REJECTS}expected exactly 5 fields, found {}: [{}]",
        pieces.len(),
        listed.join(" ")
    );
    let (start, end) = match (pieces.first(), pieces.last()) {
        (Some(first), Some(last)) => (first.start, last.end()),
        _ => (0, expr.len()),
    };
    let help = match pieces.len() {
        0 => "the schedule is blank; write five fields such as `0 3 * * *` (03:00 every day)"
            .to_owned(),
        _ if pieces[0].text.starts_with('@') => format!(
            "Kubernetes reads `{}` as a descriptor only when `@` is the very first character of \
             the schedule: remove the white space before it",
            expr.trim()
        ),
        6 | 7 => quartz_help(pieces),
        _ => FIVE_FIELDS_HELP.to_owned(),
    };
    ValueIssue::new(message, start, end).with_help(help)
}

/// Six or seven fields: most likely the Elasticsearch (Quartz) dialect, seconds first and an
/// optional year, which the chart uses for the Elasticsearch snapshot schedule.
pub(super) fn quartz_help(pieces: &[Piece<'_>]) -> String {
    if !pieces.iter().all(|p| looks_like_cron_field(p.text)) {
        return FIVE_FIELDS_HELP.to_owned();
    }
    match quartz_to_kubernetes(pieces) {
        Ok(converted) => {
            let seconds = pieces[0].text;
            let note = if seconds.trim_start_matches('0').is_empty() {
                String::new()
            } else {
                format!(" (Kubernetes cannot start at second {seconds}; it starts at second 0)")
            };
            format!(
                "this is Elasticsearch (Quartz) syntax, with seconds first; a Kubernetes CronJob \
                 schedule has no seconds field: `{converted}`{note}"
            )
        }
        Err(reason) => format!(
            "this looks like Elasticsearch (Quartz) syntax, with seconds first and an optional \
             year; a Kubernetes CronJob schedule has five fields (minute, hour, day of month, \
             month, day of week), and {reason}"
        ),
    }
}

/// Digits, `* ? , - / #`, and words that are month or day names or Quartz's `L`, `W`, `LW`.
pub(super) fn looks_like_cron_field(text: &str) -> bool {
    let symbols = |c: char| c.is_ascii_digit() || matches!(c, '*' | '?' | ',' | '-' | '/' | '#');
    text.chars().all(|c| symbols(c) || c.is_ascii_alphabetic())
        && text
            .split(symbols)
            .filter(|word| !word.is_empty())
            .all(|word| {
                let lower = word.to_ascii_lowercase();
                matches!(lower.as_str(), "l" | "w" | "lw")
                    || name_index(&MONTH_NAMES, &lower, true).is_some()
                    || name_index(&WEEKDAY_NAMES, &lower, true).is_some()
            })
}

/// The Kubernetes schedule that fires like a Quartz one, when there is one.
pub(super) fn quartz_to_kubernetes(pieces: &[Piece<'_>]) -> Result<String, String> {
    let seconds = pieces[0].text;
    let single_second = !seconds.is_empty()
        && seconds.bytes().all(|b| b.is_ascii_digit())
        && seconds.parse::<u32>().is_ok_and(|s| s <= 59);
    if !single_second {
        return Err(format!(
            "the seconds field `{seconds}` has no equivalent: Kubernetes runs at most once a minute"
        ));
    }
    if let Some(year) = pieces.get(6)
        && year.text != "*"
    {
        return Err(format!("the year `{}` has no equivalent", year.text));
    }
    let (dom, dow) = (
        pieces[3].text.to_ascii_uppercase(),
        pieces[5].text.to_ascii_uppercase(),
    );
    if dom.contains('L') || dom.contains('W') {
        return Err("`L` and `W` in the day of month have no equivalent".to_owned());
    }
    if dow.contains('L') || dow.contains('#') {
        return Err("`L` and `#` in the day of week have no equivalent".to_owned());
    }
    let dom = if dom == "?" {
        "*".to_owned()
    } else {
        pieces[3].text.to_owned()
    };
    let dow = quartz_dow_to_kubernetes(pieces[5].text)?;
    let converted = format!(
        "{} {} {dom} {} {dow}",
        pieces[1].text, pieces[2].text, pieces[4].text
    );
    if fix_parses(&converted) {
        Ok(converted)
    } else {
        Err(format!(
            "its fields translate to `{converted}`, which Kubernetes rejects too"
        ))
    }
}

/// Quartz numbers the days of the week 1–7 from Sunday; Kubernetes 0–6. Names are the same.
pub(super) fn quartz_dow_to_kubernetes(dow: &str) -> Result<String, String> {
    if dow == "?" {
        return Ok("*".to_owned());
    }
    let shift = |value: &str| -> Result<String, String> {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(value.replace('?', "*"));
        }
        match value.parse::<u8>() {
            Ok(day @ 1..=7) => Ok((day - 1).to_string()),
            _ => Err(format!(
                "`{value}` is not a day of the week in either dialect"
            )),
        }
    };
    let mut items = Vec::new();
    for item in dow.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (item, None),
        };
        let ends: Result<Vec<String>, String> = range.split('-').map(shift).collect();
        let mut converted = ends?.join("-");
        if let Some(step) = step {
            converted = format!("{converted}/{step}");
        }
        items.push(converted);
    }
    Ok(items.join(","))
}
