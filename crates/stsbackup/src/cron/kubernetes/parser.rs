//! The five fields (robfig's `parser.go` `getField`/`getRange`), with the warnings about what
//! robfig accepts that is most likely a mistake.

use super::field_count::field_count_issue;
use super::fields::{Field, bits, values};
use super::go::{AtoiError, Piece, go_atoi, go_fields, go_lower_name, go_strconv_quote};
use super::{Fields, REJECTS, STAR_BIT, fix_parses};
use crate::issue::ValueIssue;

pub(super) fn parse_fields(
    expr: &str,
    warnings: &mut Vec<ValueIssue>,
) -> Result<(Fields, Option<ValueIssue>), ValueIssue> {
    let pieces = go_fields(expr);
    if pieces.len() != 5 {
        return Err(field_count_issue(expr, &pieces));
    }
    let mut masks = [0u64; 5];
    for ((mask, field), piece) in masks.iter_mut().zip(Field::ALL).zip(&pieces) {
        *mask = parse_field(expr, field, *piece, warnings)?;
    }
    let [minute, hour, dom, month, dow] = masks;
    let fields = Fields {
        minute,
        hour,
        dom,
        month,
        dow,
    };

    if dom & STAR_BIT == 0 && dow & STAR_BIT == 0 {
        warnings.push(
            ValueIssue::new(
                format!(
                    "day-of-month `{}` and day-of-week `{}` are both restricted, so Kubernetes \
                     runs on every day that matches either one, not only on days that match both",
                    pieces[2].text, pieces[4].text
                ),
                pieces[2].start,
                pieces[4].end(),
            )
            .with_help("to use only one of them, set the other to `*`"),
        );
    }
    let never = if minute & !STAR_BIT == 0 {
        Some((pieces[0], "the minute field matches nothing"))
    } else if hour & !STAR_BIT == 0 {
        Some((pieces[1], "the hour field matches nothing"))
    } else if !fields.fires_on_some_day() {
        let days = Piece {
            start: pieces[2].start,
            text: &expr[pieces[2].start..pieces[4].end()],
        };
        Some((
            days,
            "no date matches its day-of-month, month and day-of-week fields",
        ))
    } else {
        None
    };
    let never = never.map(|(piece, why)| {
        ValueIssue::new(
            format!(
                "Kubernetes accepts this schedule, but it never runs: {why} (robfig/cron gives \
                 up looking after five years)"
            ),
            piece.start,
            piece.end(),
        )
    });
    Ok((fields, never))
}

/// robfig's `getField`: a comma list of ranges; `strings.FieldsFunc` drops empty items.
pub(super) fn parse_field(
    expr: &str,
    field: Field,
    piece: Piece<'_>,
    warnings: &mut Vec<ValueIssue>,
) -> Result<u64, ValueIssue> {
    let items = piece.split(',');
    let kept: Vec<&str> = items
        .iter()
        .map(|item| item.text)
        .filter(|t| !t.is_empty())
        .collect();
    if kept.is_empty() {
        warnings.push(ValueIssue::new(
            format!(
                "the {} field `{}` lists no values, only commas: Kubernetes accepts it, and it \
                 matches nothing",
                field.label(),
                piece.text
            ),
            piece.start,
            piece.end(),
        ));
        return Ok(0);
    }
    if let Some(index) = items.iter().position(|item| item.text.is_empty()) {
        // Point at the stray comma: the one after the empty item, or before it at the end.
        let comma = if index + 1 < items.len() {
            items[index].start
        } else {
            items[index].start - 1
        };
        warnings.push(
            ValueIssue::new(
                format!(
                    "Kubernetes silently drops empty list items: `{}` means `{}`",
                    piece.text,
                    kept.join(",")
                ),
                comma,
                comma + 1,
            )
            .with_help("remove the extra comma"),
        );
    }
    let mut mask = 0;
    for item in items.into_iter().filter(|item| !item.text.is_empty()) {
        mask |= parse_range(expr, field, item, warnings)?;
    }
    Ok(mask)
}

/// robfig's `getRange`: `*`, `?`, `N` or `N-M`, optionally `/step`, checked in robfig's order
/// so that the first error is the one the API server reports.
pub(super) fn parse_range(
    expr: &str,
    field: Field,
    item: Piece<'_>,
    warnings: &mut Vec<ValueIssue>,
) -> Result<u64, ValueIssue> {
    let range_and_step = item.split('/');
    let range = range_and_step[0];
    let low_and_high = range.split('-');
    let single = low_and_high.len() == 1;
    let reject = |message: String, start: usize, end: usize| {
        ValueIssue::new(format!("{REJECTS}{message}"), start, end)
    };

    let (start, mut end, mut star);
    let low = low_and_high[0];
    if low.text == "*" || low.text == "?" {
        (start, end, star) = (field.min(), field.max(), true);
        if low.text == "?" && !field.is_day() {
            warnings.push(ValueIssue::new(
                format!(
                    "`?` in the {} field means `*` to Kubernetes (every {}); it is meant for the \
                     day-of-month and day-of-week fields",
                    field.label(),
                    field.unit()
                ),
                low.start,
                low.end(),
            ));
        }
        if !single {
            // robfig never looks past the star: `*-5` is `*`, and so is `*-5-9`.
            let ignored = Piece {
                start: low.end(),
                text: &expr[low.end()..range.end()],
            };
            let step = &expr[range.end()..item.end()];
            warnings.push(
                ValueIssue::new(
                    format!(
                        "Kubernetes ignores `{}` after `{}`, so `{}` means `{}{step}`",
                        ignored.text, low.text, item.text, low.text
                    ),
                    ignored.start,
                    ignored.end(),
                )
                .with_help(format!(
                    "write `{}{step}`, or a range such as `0-5`",
                    low.text
                )),
            );
        }
    } else {
        start = parse_int_or_name(field, low, item, false, warnings)?;
        end = match low_and_high.len() {
            1 => start,
            2 => parse_int_or_name(field, low_and_high[1], item, false, warnings)?,
            _ => {
                return Err(reject(
                    format!("too many hyphens: {}", item.text),
                    item.start,
                    item.end(),
                )
                .with_help("a range has one hyphen: `N-M`, optionally followed by `/step`"));
            }
        };
        star = false;
    }

    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = parse_int_or_name(field, range_and_step[1], item, true, warnings)?;
            // "N/step" means "N-max/step".
            if single {
                end = field.max();
            }
            if step > 1 {
                star = false;
            }
            step
        }
        _ => {
            return Err(reject(
                format!("too many slashes: {}", item.text),
                item.start,
                item.end(),
            )
            .with_help("a step is written once: `N-M/S`"));
        }
    };

    let (min, max) = (field.min(), field.max());
    if start < min {
        return Err(reject(
            format!(
                "beginning of range ({start}) below minimum ({min}): {}",
                item.text
            ),
            item.start,
            item.end(),
        )
        .with_help(format!(
            "the {} field takes {}",
            field.label(),
            field.takes()
        )));
    }
    if end > max {
        let issue = reject(
            format!("end of range ({end}) above maximum ({max}): {}", item.text),
            item.start,
            item.end(),
        );
        return Err(above_maximum_help(expr, field, item, start, end, issue));
    }
    if start > end {
        let issue = reject(
            format!(
                "beginning of range ({start}) beyond end of range ({end}): {}",
                item.text
            ),
            item.start,
            item.end(),
        );
        let help = if range_and_step.len() == 1 && low_and_high.len() == 2 {
            let (a, b) = (low.text, low_and_high[1].text);
            let upper = if start == max {
                a.to_owned()
            } else {
                format!("{a}-{max}")
            };
            let lower = if end == min {
                b.to_owned()
            } else {
                format!("{min}-{b}")
            };
            format!("Kubernetes ranges do not wrap around: write `{upper},{lower}`")
        } else if single {
            format!("the {} field takes {}", field.label(), field.takes())
        } else {
            "Kubernetes ranges do not wrap around: split the range in two at the field's end"
                .to_owned()
        };
        return Err(issue.with_help(help));
    }
    if step == 0 {
        return Err(reject(
            format!("step of range should be a positive number: {}", item.text),
            item.start,
            item.end(),
        )
        .with_help("the step after `/` must be 1 or more, e.g. `*/15`"));
    }

    if step > 1 {
        step_warnings(field, item, start, end, step, warnings);
    }
    Ok(bits(start, end, step) | if star { STAR_BIT } else { 0 })
}

/// Steps that are valid but do not do what they seem to.
pub(super) fn step_warnings(
    field: Field,
    item: Piece<'_>,
    start: u64,
    end: u64,
    step: u64,
    warnings: &mut Vec<ValueIssue>,
) {
    if start + step > end {
        let help = match field {
            Field::Minute => Some("to run every few hours, step the hour field: `0 */2 * * *`"),
            Field::Hour => {
                Some("to run every few days, step the day-of-month field: `0 0 */2 * *`")
            }
            _ => None,
        };
        let warning = ValueIssue::new(
            format!(
                "`{}` selects only {} {start}: the step {step} is larger than the range \
                 {start}–{end}",
                item.text,
                field.unit(),
            ),
            item.start,
            item.end(),
        );
        warnings.push(match help {
            Some(help) => warning.with_help(help),
            None => warning,
        });
        return;
    }
    // `*/45` in minutes runs at :00 and :45: gaps of 45 and 15 minutes, not "every 45".
    let cycle = field.max() - field.min() + 1;
    let whole_field = start == field.min() && end == field.max();
    if whole_field && matches!(field, Field::Minute | Field::Hour) && !cycle.is_multiple_of(step) {
        let last = start + (end - start) / step * step;
        let listed: Vec<String> = values(bits(start, end, step))
            .map(|v| v.to_string())
            .collect();
        let parent = if field == Field::Minute {
            "hour"
        } else {
            "day"
        };
        warnings.push(ValueIssue::new(
            format!(
                "`{}` does not divide the {parent} evenly: it runs at {}s {} of every {parent}, so \
                 the gap from {last} to the next {start} is {} {}s, not {step}",
                item.text,
                field.unit(),
                listed.join(","),
                cycle - (last - start),
                field.unit(),
            ),
            item.start,
            item.end(),
        ));
    }
}

/// The help for `end of range (N) above maximum (M)`; day-of-week 7 gets its own.
pub(super) fn above_maximum_help(
    expr: &str,
    field: Field,
    item: Piece<'_>,
    start: u64,
    end: u64,
    issue: ValueIssue,
) -> ValueIssue {
    if field == Field::DayOfWeek && end == 7 {
        let explain = "Kubernetes numbers the days of the week 0–6 with Sunday as 0 and rejects 7 \
                       (unlike Vixie cron)";
        let low = item.text.split('-').next().unwrap_or_default();
        let replacement = if item.text.contains('/') {
            None
        } else if start == 7 {
            Some("0".to_owned())
        } else if start == 0 {
            Some(format!("{low}-6"))
        } else if start == 6 {
            Some(format!("{low},0"))
        } else {
            Some(format!("{low}-6,0"))
        };
        let Some(replacement) = replacement else {
            return issue.with_help(format!("{explain}: use 0 or SUN for Sunday"));
        };
        let fixed = format!(
            "{}{replacement}{}",
            &expr[..item.start],
            &expr[item.end()..]
        );
        let help = if fix_parses(&fixed) {
            format!("{explain}: write `{replacement}`, as in `{fixed}`")
        } else {
            format!("{explain}: write `{replacement}`")
        };
        return issue.with_help(help);
    }
    let help = match (field, end) {
        (Field::Hour, 24) => "hours run 0–23: midnight is hour 0".to_owned(),
        (Field::Minute, 60) => "minutes run 0–59: the top of the hour is minute 0".to_owned(),
        _ => format!("the {} field takes {}", field.label(), field.takes()),
    };
    issue.with_help(help)
}

/// robfig's `parseIntOrName` (names only for the range ends of month and day-of-week) and
/// `mustParseInt`, with robfig's error texts.
pub(super) fn parse_int_or_name(
    field: Field,
    piece: Piece<'_>,
    item: Piece<'_>,
    is_step: bool,
    warnings: &mut Vec<ValueIssue>,
) -> Result<u64, ValueIssue> {
    if !is_step
        && let Some(value) = go_lower_name(piece.text).and_then(|lower| field.name_value(&lower))
    {
        return Ok(value);
    }
    // Point at the piece, or at the whole item when the piece is empty (`-5`, `*/`).
    let (start, end) = if piece.text.is_empty() {
        (item.start, item.end())
    } else {
        (piece.start, piece.end())
    };
    match go_atoi(piece.text) {
        Ok(n) if n < 0 => Err(ValueIssue::new(
            format!("{REJECTS}negative number ({n}) not allowed: {}", piece.text),
            start,
            end,
        )
        .with_help("a step must be a positive number, e.g. `*/15`")),
        Ok(n) => {
            if piece.text.starts_with('+') {
                warnings.push(
                    ValueIssue::new(
                        format!("Kubernetes reads `{}` as {n}", piece.text),
                        piece.start,
                        piece.end(),
                    )
                    .with_help("drop the `+`"),
                );
            }
            Ok(n as u64)
        }
        Err(error) => {
            let issue = ValueIssue::new(
                format!(
                    "{REJECTS}failed to parse int from {}: strconv.Atoi: parsing {}: {}",
                    piece.text,
                    go_strconv_quote(piece.text),
                    error.text()
                ),
                start,
                end,
            );
            match int_help(field, piece.text, item.text, is_step, error) {
                Some(help) => Err(issue.with_help(help)),
                None => Err(issue),
            }
        }
    }
}

/// Help for a value robfig could not read.
pub(super) fn int_help(
    field: Field,
    piece: &str,
    item: &str,
    is_step: bool,
    error: AtoiError,
) -> Option<String> {
    if piece.is_empty() {
        return Some(if is_step {
            "write a number after `/`, e.g. `*/15`".to_owned()
        } else if item.starts_with('-') {
            "Kubernetes takes no negative values, and a range needs a start: `N-M`".to_owned()
        } else {
            "a range needs both ends: `N-M`".to_owned()
        });
    }
    if error == AtoiError::Range {
        return Some(format!(
            "the {} field takes {}",
            field.label(),
            field.takes()
        ));
    }
    let upper = piece.to_ascii_uppercase();
    let quartz = |what: &str| {
        format!("{what} is Elasticsearch (Quartz) cron syntax; Kubernetes cron has no equivalent")
    };
    if field.is_day() {
        let core = upper.trim_start_matches(|c: char| c.is_ascii_digit());
        let numbered = core.len() < upper.len();
        if upper.contains('#') {
            return Some(quartz("`#` (the nth weekday of the month, as in `5#3`)"));
        }
        match (field, core, numbered) {
            (Field::DayOfMonth, "L", false) => {
                return Some(quartz("`L` (the last day of the month)"));
            }
            (Field::DayOfMonth, "LW", false) => {
                return Some(quartz("`LW` (the last weekday of the month)"));
            }
            (Field::DayOfMonth, "W", true) => {
                return Some(quartz("`W` (the weekday nearest a day of the month)"));
            }
            (Field::DayOfWeek, "L", _) => {
                return Some(quartz("`L` (the last given weekday of the month)"));
            }
            _ => {}
        }
    }
    if is_step {
        return Some(format!(
            "a step is a number of {}s, e.g. `*/15`",
            field.unit()
        ));
    }
    if piece.chars().all(|c| c.is_ascii_alphabetic()) {
        let lower = piece.to_ascii_lowercase();
        if lower.len() > 3 && field.name_value(&lower[..3]).is_some() {
            return Some(format!(
                "Kubernetes takes three-letter names only: write `{}`",
                &piece[..3]
            ));
        }
        for other in [Field::Month, Field::DayOfWeek] {
            if other != field && other.name_value(&lower).is_some() {
                return Some(format!(
                    "`{piece}` is a {} name, but this is the {} field",
                    other.label(),
                    field.label()
                ));
            }
        }
        if field.names().is_empty() {
            return Some(format!(
                "the {} field takes numbers only ({})",
                field.label(),
                field.takes()
            ));
        }
    }
    None
}
