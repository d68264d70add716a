//! The "1970" trick: the suse-observability 2.7.0 docs told users to turn one store's backup
//! off by setting its schedule to `'0 0 1 1 1970'`. No cron dialect of the chart reads a year
//! there (Kubernetes and supercronic read a day of the week, Elasticsearch needs seconds
//! first), so each refuses it; the cron rules keep their own finding and, through this
//! module, say what the value was meant to do and what does it instead.

use crate::generation::{Generation, Generations};
use crate::issue::ValueIssue;

/// Whether a schedule is the trick: five fields whose last is a year (`1970` to `2099`).
pub(super) fn is_disable_trick(schedule: &str) -> bool {
    let fields: Vec<&str> = schedule.split_whitespace().collect();
    fields.len() == 5
        && fields[4].len() == 4
        && fields[4]
            .parse::<u16>()
            .is_ok_and(|year| (1970..=2099).contains(&year))
}

/// The switches that turn the backup of the store a schedule belongs to off: the one of
/// suse-observability 2.10.3 and later, and the one of the releases before 2.7.0.
fn store_switches(path: &str) -> Option<(String, String)> {
    let (store, _) = path
        .split_once(".scheduled.")
        .or_else(|| path.split_once(".backup.scheduled."))?;
    if let Some(store) = store.strip_prefix("backup.") {
        return Some((
            format!("backup.{store}.enabled"),
            format!("backup.{store}.scheduled.enabled"),
        ));
    }
    // `victoria-metrics-0.backup`, `clickhouse.backup`: one switch in both eras.
    let switch = format!("{store}.enabled");
    Some((switch.clone(), switch))
}

/// The issue a cron parser found in `schedule`, told as the trick it is when it is one.
pub(super) fn explained(
    issue: ValueIssue,
    schedule: &str,
    path: &str,
    generations: Generations,
) -> ValueIssue {
    if !is_disable_trick(schedule) {
        return issue;
    }
    let Some((switch, old_switch)) = store_switches(path) else {
        return issue;
    };
    let mut ways = Vec::new();
    if generations.iter().any(|g| g <= Generation::D2) {
        ways.push(format!(
            "up to suse-observability 2.6.x write `{old_switch}: false`"
        ));
    }
    if generations.contains(Generation::E0) || generations.contains(Generation::E) {
        ways.push("suse-observability 2.7.0 to 2.10.2 have no switch for one store: `global.backup.enabled` turns every backup on or off, so keep a valid schedule (or upgrade to 2.10.3)".to_owned());
    }
    if generations.contains(Generation::EPrime) {
        ways.push(format!(
            "from suse-observability 2.10.3 write `{switch}: false`"
        ));
    }
    ValueIssue {
        message: format!(
            "{}; `{schedule}` is the 2.7.0 docs' trick to turn this backup off, but no cron of the chart reads `{}` as a year, so it turns nothing off",
            issue.message,
            schedule.split_whitespace().last().unwrap_or_default()
        ),
        help: Some(format!("to turn this backup off, {}", ways.join("; "))),
        range: issue.range,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_disable_trick, store_switches};

    #[test]
    fn the_trick_is_a_year_in_the_fifth_field() {
        assert!(is_disable_trick("0 0 1 1 1970"));
        assert!(is_disable_trick(" 0  0 1 1 2099 "));
        assert!(!is_disable_trick("0 0 1 1 *"));
        assert!(!is_disable_trick("0 0 0 1 1 ? 1970"));
        assert!(!is_disable_trick("0 0 1 1 6"));
    }

    #[test]
    fn each_schedule_names_its_stores_switches() {
        let switches = |path| store_switches(path).unwrap();
        assert_eq!(
            switches("backup.stackGraph.scheduled.schedule"),
            (
                "backup.stackGraph.enabled".into(),
                "backup.stackGraph.scheduled.enabled".into()
            )
        );
        assert_eq!(
            switches("victoria-metrics-1.backup.scheduled.daily").0,
            "victoria-metrics-1.backup.enabled"
        );
        assert_eq!(
            switches("clickhouse.backup.scheduled.full_schedule").1,
            "clickhouse.backup.enabled"
        );
    }
}
