//! What to say when the value is wrong: the keyword form of positional arguments, misspelt
//! keywords, and the retention formats of other places.

use super::arguments::{Span, is_python_space, split_keyword};
use super::literals::Number;
use super::{KEYWORDS, POSITIONAL};
use crate::issue::ValueIssue;
use crate::suggest::did_you_mean;

/// The issue for a positional argument (`30`), with the keyword form of the whole call as help.
pub(super) fn bare_number(
    text: &str,
    arguments: &[Span],
    index: usize,
    value: &Number,
) -> ValueIssue {
    let mut rewritten: Vec<String> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (position, arg) in arguments.iter().enumerate() {
        let source = text[arg.start..arg.end].trim_matches(is_python_space);
        if source.is_empty() {
            continue;
        }
        if let Some((name, ..)) = split_keyword(text, arg.start, arg.end) {
            names.push(name);
            rewritten.push(source.to_owned());
        } else {
            let name = POSITIONAL.get(position).copied().unwrap_or("days");
            names.push(name);
            rewritten.push(format!("{name} = {source}"));
        }
    }
    let param = POSITIONAL.get(index).copied().unwrap_or("days");
    let conflict = names
        .iter()
        .enumerate()
        .any(|(i, n)| names.get(..i).is_some_and(|before| before.contains(n)));
    let help = if conflict {
        format!(
            "Python also refuses this call (TypeError: argument for __new__() given by name \
             ('{param}') and position); write `{param} = N` once"
        )
    } else {
        format!("write `{}`", rewritten.join(", "))
    };
    ValueIssue::new(
        format!(
            "`{}` is a bare number: Python reads it as {}, but only keyword arguments are \
             accepted, so the unit is explicit",
            &text[value.start..value.end],
            POSITIONAL
                .get(index)
                .copied()
                .unwrap_or("an extra argument (TypeError)")
        ),
        value.start,
        value.end,
    )
    .with_help(help)
}

/// Did-you-mean for an unknown keyword.
pub(super) fn keyword_help(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let alias = match lower.as_str() {
        "w" | "wk" | "wks" | "week" => Some("weeks"),
        "d" | "day" => Some("days"),
        "h" | "hr" | "hrs" | "hour" => Some("hours"),
        "m" | "min" | "mins" | "minute" => Some("minutes"),
        "s" | "sec" | "secs" | "second" => Some("seconds"),
        "ms" | "msec" | "msecs" | "millis" | "millisecond" => Some("milliseconds"),
        "us" | "µs" | "usec" | "usecs" | "micros" | "microsecond" => Some("microseconds"),
        _ => None,
    };
    if let Some(keyword) = alias {
        return Some(format!("did you mean `{keyword}`?"));
    }
    if matches!(lower.as_str(), "month" | "months" | "year" | "years") {
        return Some(format!(
            "`timedelta` has no `{lower}`; count days instead, e.g. `days = {}`",
            if lower.starts_with('m') { 30 } else { 365 }
        ));
    }
    // An abbreviation (`micro`, `milli`), then a near miss (`minuts`, `dys`).
    let prefixed: Vec<&str> = KEYWORDS
        .iter()
        .map(|&(k, _)| k)
        .filter(|k| lower.len() >= 3 && k.starts_with(&lower))
        .collect();
    if let [keyword] = prefixed.as_slice() {
        return Some(format!("did you mean `{keyword}`?"));
    }
    let best = did_you_mean(&lower, KEYWORDS.iter().map(|&(k, _)| k))?;
    Some(format!("did you mean `{best}`?"))
}

/// Recognises the retention formats of other places: GNU `date -d` relative dates (the
/// `stackstate-k8s` chart's format since 2024-08) and Elasticsearch time values.
pub(super) fn foreign_format(text: &str) -> Option<ValueIssue> {
    const UNITS: [&str; 10] = [
        "year",
        "month",
        "fortnight",
        "week",
        "day",
        "hour",
        "minute",
        "min",
        "second",
        "sec",
    ];
    let lower = text.trim_matches(is_python_space).to_lowercase();
    if lower.contains(['=', ',']) {
        return None;
    }
    // Split `30days` into `30` `days` as GNU date does.
    let mut words: Vec<String> = Vec::new();
    for chunk in lower.split_whitespace() {
        let mut word = String::new();
        for c in chunk.chars() {
            let boundary = word
                .chars()
                .last()
                .is_some_and(|l| l.is_ascii_digit() != c.is_ascii_digit());
            if boundary && !(word == "-" || word == "+") {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        words.push(word);
    }
    let is_unit = |w: &str| {
        UNITS
            .iter()
            .any(|u| w == *u || w.strip_suffix('s') == Some(u))
    };
    let is_number = |w: &str| {
        let digits = w.trim_start_matches(['+', '-']);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let is_gnu_word = |w: &str| {
        is_unit(w)
            || is_number(w)
            || matches!(
                w,
                "ago" | "yesterday" | "today" | "now" | "tomorrow" | "last" | "next" | "this"
            )
    };
    let has_unit = words
        .iter()
        .any(|w| is_unit(w) || matches!(w.as_str(), "yesterday" | "today" | "now"));
    let trimmed_start = text.len() - text.trim_start_matches(is_python_space).len();
    let trimmed_end = text.trim_end_matches(is_python_space).len();
    if has_unit && words.iter().all(|w| is_gnu_word(w)) {
        return Some(
            ValueIssue::new(
                format!(
                    "`{}` is a GNU `date -d` relative date, which Python cannot evaluate: \
                     the expiry job fails at each run",
                    &text[trimmed_start..trimmed_end]
                ),
                trimmed_start,
                trimmed_end,
            )
            .with_help(format!(
                "this is the `date -d` format of the stackstate-k8s chart from 2024-08; this \
                 chart (4.3–5.1) expects Python timedelta arguments such as `days = 30`{}",
                translate_relative_date(&words)
                    .map(|keywords| format!("; here: `{keywords}`"))
                    .unwrap_or_default()
            )),
        );
    }
    None
}

/// `30 days ago` → `days = 30`, for the units `timedelta` has (the sign and `ago` are dropped:
/// a retention is a length of time either way).
pub(super) fn translate_relative_date(words: &[String]) -> Option<String> {
    let mut keywords: Vec<String> = Vec::new();
    let mut number: Option<&str> = None;
    for word in words {
        let unit = word.strip_suffix('s').unwrap_or(word);
        let keyword = match unit {
            "week" => "weeks",
            "day" => "days",
            "hour" => "hours",
            "minute" | "min" => "minutes",
            "second" | "sec" => "seconds",
            "ago" => continue,
            _ if number.is_none() && word.bytes().any(|b| b.is_ascii_digit()) => {
                number = Some(word.trim_start_matches(['+', '-']));
                continue;
            }
            _ => return None,
        };
        let count = number.take().unwrap_or("1");
        keywords.push(format!("{keyword} = {count}"));
    }
    (number.is_none() && !keywords.is_empty()).then(|| keywords.join(", "))
}
