//! `TZ=`/`CRON_TZ=` prefixes and the descriptors (`@daily`, `@every <duration>`).

use super::fields::{Field, all};
use super::go::go_parse_duration;
use super::{DESCRIPTORS, Fields, NANOS_PER_SECOND, REJECTS, Schedule, fix_parses};
use crate::issue::ValueIssue;

/// Kubernetes' `cannot use TZ or CRON_TZ in schedule` (on create), with a fix when the rest of
/// the schedule is fine.
pub(super) fn time_zone_issue(expr: &str, at: usize) -> ValueIssue {
    let mut message =
        format!("{REJECTS}cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    let prefix = ["CRON_TZ=", "TZ="]
        .into_iter()
        .find(|p| expr.starts_with(p));
    let Some(prefix) = prefix else {
        return ValueIssue::new(message, at, at + 2).with_help(
            "Kubernetes refuses any schedule that contains `TZ`; the chart does not set the \
             CronJob's `timeZone`, so the schedule runs in the kube-controller-manager's time \
             zone (UTC on most clusters)",
        );
    };
    if !expr.contains(' ') {
        // parser.go slices up to `strings.Index(spec, " ")`, which is -1 here.
        message.push_str(
            " (robfig/cron v3.0.1 itself panics on a `TZ=` prefix with no space after it)",
        );
    }
    let end = expr.find(char::is_whitespace).unwrap_or(expr.len());
    let zone = &expr[prefix.len()..end];
    let rest = expr[end..].trim();
    let issue = ValueIssue::new(message, 0, end);
    let removal = format!(
        "remove `{}`: the chart does not set the CronJob's `timeZone`, so the schedule runs in \
         the kube-controller-manager's time zone (UTC on most clusters)",
        &expr[..end]
    );
    if rest.is_empty() || !fix_parses(rest) {
        return issue.with_help(removal);
    }
    let utc = [
        "",
        "UTC",
        "Etc/UTC",
        "GMT",
        "Etc/GMT",
        "Zulu",
        "Etc/Zulu",
        "Universal",
        "UCT",
    ];
    if utc.contains(&zone) {
        issue.with_help(format!("{removal}; that leaves `{rest}`"))
    } else {
        issue.with_help(format!(
            "{removal}; convert the times of `{rest}` from {zone} to that zone"
        ))
    }
}

/// robfig's `parseDescriptor`: the exact, case-sensitive names and `@every <duration>`.
pub(super) fn parse_descriptor(
    expr: &str,
    warnings: &mut Vec<ValueIssue>,
) -> Result<Schedule, ValueIssue> {
    let (dom, month, dow) = (Field::DayOfMonth, Field::Month, Field::DayOfWeek);
    let fields = match expr {
        "@yearly" | "@annually" => Some(Fields {
            minute: 1,
            hour: 1,
            dom: 1 << 1,
            month: 1 << 1,
            dow: all(dow),
        }),
        "@monthly" => Some(Fields {
            minute: 1,
            hour: 1,
            dom: 1 << 1,
            month: all(month),
            dow: all(dow),
        }),
        "@weekly" => Some(Fields {
            minute: 1,
            hour: 1,
            dom: all(dom),
            month: all(month),
            dow: 1,
        }),
        "@daily" | "@midnight" => Some(Fields {
            minute: 1,
            hour: 1,
            dom: all(dom),
            month: all(month),
            dow: all(dow),
        }),
        "@hourly" => Some(Fields {
            minute: 1,
            hour: all(Field::Hour),
            dom: all(dom),
            month: all(month),
            dow: all(dow),
        }),
        _ => None,
    };
    if let Some(fields) = fields {
        return Ok(Schedule::Fields(fields));
    }
    if let Some(duration) = expr.strip_prefix("@every ") {
        return parse_every(expr, duration, warnings);
    }
    let trimmed = expr.trim_end();
    let lower = expr.to_lowercase();
    let help = if trimmed != expr && DESCRIPTORS.contains(&trimmed) {
        format!("remove the white space after `{trimmed}`")
    } else if DESCRIPTORS.contains(&lower.as_str()) {
        format!("descriptors are case-sensitive: write `{lower}`")
    } else if lower == "@reboot" {
        "Kubernetes has no `@reboot`: a CronJob runs only on its schedule; write one such as \
         `0 3 * * *`"
            .to_owned()
    } else if lower.starts_with("@every") {
        "write `@every`, one space and a Go duration, such as `@every 6h`; better, a five-field \
         schedule at fixed times, such as `0 */6 * * *`"
            .to_owned()
    } else {
        "Kubernetes knows @yearly (or @annually), @monthly, @weekly, @daily (or @midnight) and \
         @hourly; or write five fields such as `0 3 * * *`"
            .to_owned()
    };
    Err(ValueIssue::new(
        format!("{REJECTS}unrecognized descriptor: {expr}"),
        0,
        expr.len(),
    )
    .with_help(help))
}

/// `@every <Go duration>`: accepted, with robfig's rounding, and always worth a warning.
pub(super) fn parse_every(
    expr: &str,
    duration: &str,
    warnings: &mut Vec<ValueIssue>,
) -> Result<Schedule, ValueIssue> {
    let start = expr.len() - duration.len();
    let nanos = go_parse_duration(duration).map_err(|error| {
        let help = if duration.trim() != duration {
            "remove the white space around the duration".to_owned()
        } else if duration.ends_with('d') {
            "Go durations have no day unit: write `24h` for a day".to_owned()
        } else {
            "write a Go duration such as `30m`, `6h` or `1h30m` (units ns, us, ms, s, m, h)"
                .to_owned()
        };
        ValueIssue::new(
            format!("{REJECTS}failed to parse duration {expr}: {error}"),
            start,
            expr.len(),
        )
        .with_help(help)
    })?;
    // constantdelay.go `Every`: under a second becomes a second, then the fraction is dropped.
    let delay = if nanos < NANOS_PER_SECOND {
        NANOS_PER_SECOND
    } else {
        nanos - nanos % NANOS_PER_SECOND
    };
    let seconds = delay / NANOS_PER_SECOND;

    let mut warning = ValueIssue::new(
        format!(
            "`@every` is accepted by Kubernetes but not documented: the CronJob controller counts \
             the interval from the last scheduled run (or the CronJob's creation), not from fixed \
             clock times, and Kubernetes 1.21 mis-scheduled it after controller restarts \
             (kubernetes/kubernetes#104012); `{expr}` runs every {}",
            format_seconds(seconds)
        ),
        0,
        expr.len(),
    );
    warning = match every_as_cron(seconds) {
        Some(cron) => warning.with_help(format!(
            "use a cron schedule at fixed clock times instead, such as `{cron}`"
        )),
        None => warning.with_help("use a five-field cron schedule instead, such as `0 3 * * *`"),
    };
    warnings.push(warning);
    if nanos < NANOS_PER_SECOND {
        warnings.push(ValueIssue::new(
            format!(
                "`{duration}` is rounded up to one second: Kubernetes runs this every second \
                 (robfig/cron turns any delay under a second, zero and negative ones included, \
                 into 1s)"
            ),
            start,
            expr.len(),
        ));
    } else if nanos % NANOS_PER_SECOND != 0 {
        warnings.push(ValueIssue::new(
            format!(
                "the fraction of a second in `{duration}` is dropped: Kubernetes runs this \
                 every {}",
                format_seconds(seconds)
            ),
            start,
            expr.len(),
        ));
    }
    Ok(Schedule::Every { seconds })
}

/// `90061` → `1d1h1m1s`-like text, in Go's units (no days): `25h1m1s`.
pub(super) fn format_seconds(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut text = String::new();
    if h > 0 {
        text.push_str(&format!("{h}h"));
    }
    if m > 0 {
        text.push_str(&format!("{m}m"));
    }
    if s > 0 || text.is_empty() {
        text.push_str(&format!("{s}s"));
    }
    text
}

/// A cron schedule that fires at the same rate as `@every <seconds>`, when there is a plain one.
pub(super) fn every_as_cron(seconds: i64) -> Option<String> {
    match seconds {
        604_800 => Some("0 0 * * 0".to_owned()),
        86_400 => Some("0 0 * * *".to_owned()),
        3_600 => Some("0 * * * *".to_owned()),
        60 => Some("* * * * *".to_owned()),
        s if s % 3_600 == 0 && 24 % (s / 3_600) == 0 => Some(format!("0 */{} * * *", s / 3_600)),
        s if s % 60 == 0 && s < 3_600 && 60 % (s / 60) == 0 => {
            Some(format!("*/{} * * * *", s / 60))
        }
        _ => None,
    }
}
