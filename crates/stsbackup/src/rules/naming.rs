//! Backup names: the template the backup pod evaluates in bash, the regular expression and the
//! `strptime` format the expiry helper reads them back with. The three must agree, or the
//! expiry silently keeps every backup (or deletes the wrong ones).

use super::{Context, Family, Rule};
use crate::calendar::DateTime;
use crate::finding::Severity;
use crate::issue::ValueIssue;
use crate::memo::{Cache, memoize};
use crate::text::{shell_template, strptime};

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &NAME_TEMPLATE,
        &NAME_REGEXP,
        &DATETIME_FORMAT,
        &NAME_COLLISION,
        &TEMP_FILES_LEFT,
        &UNCHECKED_REGEXP,
    ],
    check: Some(check),
};

pub(crate) const NAME_TEMPLATE: Rule = Rule {
    code: "SB501",
    name: "backup-name-template",
    severity: Severity::Error,
    summary: "`backupNameTemplate` is unsafe or produces a name the chart cannot handle.",
    explanation: r#"## What it does
Checks `backupNameTemplate` of StackGraph and configuration backups. The backup pod evaluates it
in bash (`eval "BACKUP_FILE=\"${TEMPLATE}\""`), so it is a double-quoted shell string: the only
command substitution allowed is `$(date +FORMAT)` (with `-u`/`--utc`), with a GNU `date` format
stsbackup knows. Other substitutions, backticks, variables, quotes, `/`, whitespace, glob and
shell metacharacters are refused, and so is a name longer than S3's 1024-byte key limit.

## Why is this bad?
Anything else runs arbitrary code in the backup pod with the backup's credentials, or produces a
name that the restore scripts (which pass it through `sed` and into paths) break on: a backup you
cannot restore.

## Example
```yaml
backup:
  stackGraph:
    scheduled:
      backupNameTemplate: 'sts-backup-$(hostname)-$(date +%F).graph'
```

## Use instead
```yaml
      backupNameTemplate: 'sts-backup-$(date +%Y%m%d-%H%M).graph'
```
"#,
};

pub(crate) const NAME_REGEXP: Rule = Rule {
    code: "SB502",
    name: "backup-name-regexp",
    severity: Severity::Error,
    summary: "`backupNameParseRegexp` does not match the names `backupNameTemplate` produces.",
    explanation: r#"## What it does
Renders a name from `backupNameTemplate` and checks that `backupNameParseRegexp` matches it the
way the expiry helper does (`re.match`: anchored at the start), with a group 1 that captures the
date and time.

## Why is this bad?
The expiry helper skips every object whose name does not match, without a word: no backup is
ever deleted, and the bucket grows until it is full. An invalid expression, or one without a
group, makes the helper crash after every upload instead.

## Example
```yaml
      backupNameTemplate: 'stackgraph-$(date +%Y%m%d-%H%M).graph'
      backupNameParseRegexp: 'sts-backup-([0-9]*-[0-9]*).graph'
```

## Use instead
```yaml
      backupNameParseRegexp: 'stackgraph-([0-9]*-[0-9]*)\.graph'
```
"#,
};

pub(crate) const DATETIME_FORMAT: Rule = Rule {
    code: "SB503",
    name: "backup-datetime-format",
    severity: Severity::Error,
    summary: "`backupDatetimeParseFormat` does not read back the date the template wrote.",
    explanation: r#"## What it does
Parses group 1 of the name rendered from `backupNameTemplate` with `backupDatetimeParseFormat`
as Python's `datetime.strptime` does, and checks that it gives back the date and time the name
was written at. A format with `%z` is refused too: it makes an "aware" datetime, which the
helper cannot subtract from its naive `datetime.now()`.

## Why is this bad?
A format that does not parse makes the expiry helper crash after every upload; a format that
parses the wrong fields (day and month swapped) computes wrong ages, so backups are deleted too
early or kept for ever.

## Example
```yaml
      backupNameTemplate: 'sts-backup-$(date +%Y%m%d-%H%M).graph'
      backupDatetimeParseFormat: '%Y%d%m-%H%M'
```

## Use instead
```yaml
      backupDatetimeParseFormat: '%Y%m%d-%H%M'
```
"#,
};

pub(crate) const NAME_COLLISION: Rule = Rule {
    code: "SB504",
    name: "backup-name-collision",
    severity: Severity::Warning,
    summary: "Two scheduled runs write a backup of the same name.",
    explanation: r#"## What it does
Renders the backup names of the next runs of the schedule and warns when two runs produce the
same name (a template without a `$(date ...)` part, or a date coarser than the schedule, such
as `%Y%m%d` with an hourly schedule).

## Why is this bad?
The second upload replaces the first: you keep fewer backups than the schedule suggests.
"#,
};

pub(crate) const TEMP_FILES_LEFT: Rule = Rule {
    code: "SB505",
    name: "temp-files-left",
    severity: Severity::Warning,
    summary: "StackGraph backup names that do not start with `sts-backup-` are never cleaned from the temporary volume.",
    explanation: r#"## What it does
Warns when the StackGraph `backupNameTemplate` produces names that do not start with
`sts-backup-`.

## Why is this bad?
Before each export, the chart's backup script (5.1) removes old exports from its temporary
volume with `rm -rf ./sts-backup-*`. Exports with other names stay there, and after a few nights
the volume is full and every backup fails.
"#,
};

pub(crate) const UNCHECKED_REGEXP: Rule = Rule {
    code: "SB506",
    name: "unchecked-regexp",
    severity: Severity::Warning,
    summary: "`backupNameParseRegexp` uses look-around or back-references, which stsbackup cannot check.",
    explanation: r#"## What it does
Warns that the regular expression uses Python features (look-ahead, look-behind,
back-references) that stsbackup's engine does not run, so rules SB502 and SB503 could not check
the naming.

## Why is this bad?
It may be fine, but nothing has verified that the expiry helper matches the names: a plain
pattern such as `sts-backup-([0-9]*-[0-9]*)\.graph` can be checked.
"#,
};

/// Moments at which names are rendered: fields that differ from each other (day 25 > 12, so
/// a swapped day and month cannot parse by accident).
fn sample_time() -> DateTime {
    DateTime {
        year: 2026,
        month: 11,
        day: 25,
        hour: 3,
        minute: 4,
        second: 5,
    }
}

/// Where the search for colliding runs starts: a fixed moment, so the verdict depends only
/// on the schedule and the template (and can be cached), not on when stsbackup runs.
fn collision_reference() -> DateTime {
    DateTime {
        year: 2026,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
    }
}

struct Naming<'a> {
    store: &'static str,
    template: &'a str,
    regexp: &'a str,
    format: &'a str,
    schedule: &'a str,
}

fn check(cx: &mut Context<'_>) {
    let backup = &cx.values.backup;
    let stack_graph = &backup.stack_graph.scheduled;
    let configuration = &backup.configuration.scheduled;
    let stores = [
        Naming {
            store: "stackGraph",
            template: &stack_graph.backup_name_template,
            regexp: &stack_graph.backup_name_parse_regexp,
            format: &stack_graph.backup_datetime_parse_format,
            schedule: &stack_graph.schedule,
        },
        Naming {
            store: "configuration",
            template: &configuration.backup_name_template,
            regexp: &configuration.backup_name_parse_regexp,
            format: &configuration.backup_datetime_parse_format,
            schedule: &configuration.schedule,
        },
    ];
    let mut reports = Vec::new();
    for naming in &stores {
        // The verdict depends only on the four texts: computed once per distinct naming.
        let key = [
            naming.store,
            naming.template,
            naming.regexp,
            naming.format,
            naming.schedule,
        ]
        .join("\u{0}");
        reports.extend(memoize(&VERDICTS, &key, || {
            let mut found = Vec::new();
            check_store(naming, &mut found);
            found
        }));
    }
    for verdict in reports {
        let path = format!("backup.{}.scheduled.{}", verdict.store, verdict.key);
        if verdict.points_inside {
            cx.report_issue(verdict.rule, &path, verdict.issue);
        } else {
            cx.report(
                verdict.rule,
                &path,
                verdict.issue.message,
                verdict.issue.help,
            );
        }
    }
}

/// A finding to report, gathered while the model is borrowed (and cached per naming).
#[derive(Clone)]
struct Verdict {
    rule: &'static Rule,
    store: &'static str,
    /// The key under `backup.<store>.scheduled`.
    key: &'static str,
    issue: ValueIssue,
    /// Whether `issue.range` points inside the value (a parser's issue); otherwise the
    /// finding is about the value as a whole and points at all of it.
    points_inside: bool,
}

thread_local! {
    static VERDICTS: Cache<Vec<Verdict>> = Default::default();
}

fn check_store(naming: &Naming<'_>, out: &mut Vec<Verdict>) {
    let store = naming.store;
    let mut push = |rule,
                    key: &'static str,
                    range: Option<std::ops::Range<usize>>,
                    message: String,
                    help: Option<String>| {
        let points_inside = range.is_some();
        let range = range.unwrap_or_default();
        out.push(Verdict {
            rule,
            store,
            key,
            issue: ValueIssue::new(message, range.start, range.end).with_optional_help(help),
            points_inside,
        });
    };

    let template = match shell_template::parse(naming.template) {
        Ok(template) => template,
        Err(issue) => {
            push(
                &NAME_TEMPLATE,
                "backupNameTemplate",
                Some(issue.range),
                issue.message,
                issue.help,
            );
            return;
        }
    };
    let sample = sample_time();
    let name = template.render(sample);
    if name.len() > 1024 {
        push(
            &NAME_TEMPLATE,
            "backupNameTemplate",
            None,
            format!(
                "the template makes names of {} bytes, over S3's 1024-byte limit for object keys: the upload fails",
                name.len()
            ),
            None,
        );
        return;
    }
    if naming.store == "stackGraph" && !name.starts_with("sts-backup-") {
        push(
            &TEMP_FILES_LEFT,
            "backupNameTemplate",
            None,
            format!(
                "names such as `{name}` do not start with `sts-backup-`: the backup script never removes old exports from its temporary volume, which fills up"
            ),
            Some("start the template with `sts-backup-`".into()),
        );
    }
    check_collisions(naming, &template, &mut push);

    // Python's re.match anchors at the start only; `\Z` is Python's end of text.
    let regexp = match compiled_regexp(naming.regexp) {
        Ok(regexp) => regexp,
        Err(text) => {
            let unsupported = text.contains("look-around") || text.contains("backreference");
            if unsupported {
                push(
                    &UNCHECKED_REGEXP,
                    "backupNameParseRegexp",
                    None,
                    "the expression uses look-around or back-references: stsbackup cannot check that it matches the backup names".into(),
                    Some("a plain pattern such as `sts-backup-([0-9]*-[0-9]*)\\.graph` can be checked".into()),
                );
            } else {
                let reason = text
                    .lines()
                    .rev()
                    .find(|l| l.starts_with("error:"))
                    .unwrap_or("invalid syntax")
                    .trim_start_matches("error: ");
                push(
                    &NAME_REGEXP,
                    "backupNameParseRegexp",
                    None,
                    format!(
                        "`{}` is not a valid regular expression ({reason}): the expiry helper crashes after every upload",
                        naming.regexp
                    ),
                    None,
                );
            }
            return;
        }
    };
    if regexp.captures_len() < 2 {
        push(
            &NAME_REGEXP,
            "backupNameParseRegexp",
            None,
            "the expression has no group: the expiry helper reads the date from group 1 and crashes with `IndexError: no such group`".into(),
            Some("put the date part in parentheses: `sts-backup-([0-9]*-[0-9]*)\\.graph`".into()),
        );
        return;
    }
    let Some(captures) = regexp.captures(&name) else {
        push(
            &NAME_REGEXP,
            "backupNameParseRegexp",
            None,
            format!(
                "`{}` does not match `{name}`, a name the template produces: the expiry skips every backup and none is ever deleted",
                naming.regexp
            ),
            Some(suggest_regexp(&template)),
        );
        return;
    };
    let Some(group) = captures.get(1) else {
        push(
            &NAME_REGEXP,
            "backupNameParseRegexp",
            None,
            format!(
                "group 1 of `{}` does not take part in the match of `{name}`: the expiry helper crashes",
                naming.regexp
            ),
            None,
        );
        return;
    };
    let group = group.as_str();

    if let Err(issue) = strptime::check_format(naming.format) {
        push(
            &DATETIME_FORMAT,
            "backupDatetimeParseFormat",
            Some(issue.range),
            issue.message,
            issue.help,
        );
        return;
    }
    match strptime::parse(group, naming.format) {
        Err(issue) => push(
            &DATETIME_FORMAT,
            "backupDatetimeParseFormat",
            None,
            format!("`{group}`, the date part of `{name}`, does not parse with `{}`: {}", naming.format, issue.message),
            Some(format!(
                "use the directives of the template's `date` format, `{}`",
                template.date_formats().collect::<Vec<_>>().join("` and `")
            )),
        ),
        Ok(parsed) if parsed.is_aware() => push(
            &DATETIME_FORMAT,
            "backupDatetimeParseFormat",
            None,
            "`%z` makes the parsed date carry a time zone: the expiry helper's `datetime.now() - date` fails with a TypeError".into(),
            Some("drop `%z`: the pod's clock is UTC".into()),
        ),
        Ok(parsed) => {
            if let Some(field) = first_mismatch(naming.format, &parsed, sample) {
                push(
                    &DATETIME_FORMAT,
                    "backupDatetimeParseFormat",
                    None,
                    format!(
                        "`{}` reads `{group}` (written at {sample}) with the wrong {field}: the expiry computes wrong ages and deletes backups too early or too late",
                        naming.format
                    ),
                    None,
                );
            }
        }
    }
}

/// The expiry helper's `re.match` as a Rust regex: anchored at the start, Python's `\Z` as
/// `\z`.
fn compiled_regexp(pattern: &str) -> Result<regex::Regex, String> {
    let anchored = format!(r"\A(?:{})", pattern.replace(r"\Z", r"\z"));
    regex::RegexBuilder::new(&anchored)
        .size_limit(1 << 20)
        .build()
        .map_err(|error| error.to_string())
}

/// The first date field the format sets that disagrees with the moment the name was written.
fn first_mismatch(
    format: &str,
    parsed: &strptime::ParsedTime,
    written: DateTime,
) -> Option<&'static str> {
    let has = |directives: &str| {
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            if c == '%' {
                match chars.next() {
                    Some(d) if directives.contains(d) => return true,
                    _ => {}
                }
            }
        }
        false
    };
    let checks: [(&str, &'static str, bool); 6] = [
        ("Yy", "year", parsed.year == written.year),
        ("mbBj", "month", parsed.month == written.month),
        ("dj", "day", parsed.day == written.day),
        ("HI", "hour", parsed.hour == written.hour),
        ("M", "minute", parsed.minute == written.minute),
        ("S", "second", parsed.second == written.second),
    ];
    checks
        .into_iter()
        .find(|(directives, _, equal)| has(directives) && !equal)
        .map(|(_, field, _)| field)
}

/// A regular expression that matches the template's names, for the help text.
fn suggest_regexp(template: &shell_template::NameTemplate) -> String {
    let mut pattern = String::new();
    for part in template.parts() {
        match part {
            shell_template::Part::Literal(text) => pattern.push_str(&regex::escape(text)),
            shell_template::Part::Date { .. } => pattern.push_str("([0-9-]*)"),
        }
    }
    format!("a pattern such as `{pattern}`")
}

fn check_collisions(
    naming: &Naming<'_>,
    template: &shell_template::NameTemplate,
    push: &mut impl FnMut(
        &'static Rule,
        &'static str,
        Option<std::ops::Range<usize>>,
        String,
        Option<String>,
    ),
) {
    let Ok(parsed) = super::kubernetes_cron::parsed(naming.schedule) else {
        return;
    };
    // Two consecutive runs that share a name show up within a cycle's first few runs; a dozen
    // covers every schedule shape while keeping the check cheap.
    let runs = parsed.schedule.next_runs(collision_reference(), 12);
    for pair in runs.windows(2) {
        let (first, second) = (template.render(pair[0]), template.render(pair[1]));
        if first == second {
            push(
                &NAME_COLLISION,
                "backupNameTemplate",
                None,
                format!(
                    "runs such as {} and {} both write `{first}`: the second backup replaces the first",
                    pair[0], pair[1]
                ),
                Some("include the date and time down to the schedule's interval, for example `$(date +%Y%m%d-%H%M)`".into()),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(
        template: &str,
        regexp: &str,
        format: &str,
        schedule: &str,
    ) -> Vec<(&'static str, String)> {
        let naming = Naming {
            store: "stackGraph",
            template,
            regexp,
            format,
            schedule,
        };
        let mut out = Vec::new();
        check_store(&naming, &mut out);
        out.into_iter()
            .map(|v| (v.rule.code, v.issue.message))
            .collect()
    }

    const TEMPLATE: &str = "sts-backup-$(date +%Y%m%d-%H%M).graph";
    const REGEXP: &str = "sts-backup-([0-9]*-[0-9]*).graph";

    #[test]
    fn the_chart_defaults_agree() {
        assert!(findings(TEMPLATE, REGEXP, "%Y%m%d-%H%M", "0 3 * * *").is_empty());
    }

    #[test]
    fn a_regexp_that_misses_the_names_is_an_error() {
        let found = findings(
            "stackgraph-$(date +%Y%m%d-%H%M).graph",
            REGEXP,
            "%Y%m%d-%H%M",
            "0 3 * * *",
        );
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            ["SB505", "SB502"]
        );
        assert!(
            found[1].1.contains("stackgraph-20261125-0304.graph"),
            "{}",
            found[1].1
        );
    }

    #[test]
    fn swapped_fields_and_bad_formats_are_errors() {
        assert_eq!(
            findings(TEMPLATE, REGEXP, "%Y%d%m-%H%M", "0 3 * * *")[0].0,
            "SB503"
        );
        assert_eq!(
            findings(TEMPLATE, REGEXP, "%Y%m%d-%H%Q", "0 3 * * *")[0].0,
            "SB503"
        );
        assert_eq!(
            findings(TEMPLATE, REGEXP, "%Y%m%d-%H%M%z", "0 3 * * *")[0].0,
            "SB503"
        );
        // A format that parses a different minute than was written.
        assert_eq!(
            findings(
                TEMPLATE,
                "sts-backup-([0-9]*-[0-9]{2})",
                "%Y%m%d-%H",
                "0 3 * * *"
            ),
            vec![]
        );
    }

    #[test]
    fn regexps_without_groups_or_invalid_are_errors() {
        assert_eq!(
            findings(TEMPLATE, "sts-backup-.*", "%Y%m%d-%H%M", "0 3 * * *")[0].0,
            "SB502"
        );
        assert_eq!(
            findings(TEMPLATE, "sts-backup-([0-9", "%Y%m%d-%H%M", "0 3 * * *")[0].0,
            "SB502"
        );
        assert_eq!(
            findings(
                TEMPLATE,
                "sts-backup-(?=2)([0-9]*-[0-9]*)",
                "%Y%m%d-%H%M",
                "0 3 * * *"
            )[0]
            .0,
            "SB506"
        );
    }

    #[test]
    fn unsafe_templates_are_errors() {
        assert_eq!(
            findings(
                "sts-backup-$(hostname).graph",
                REGEXP,
                "%Y%m%d-%H%M",
                "0 3 * * *"
            )[0]
            .0,
            "SB501"
        );
        assert_eq!(
            findings(
                "sts-backup-`date`.graph",
                REGEXP,
                "%Y%m%d-%H%M",
                "0 3 * * *"
            )[0]
            .0,
            "SB501"
        );
    }

    #[test]
    fn coarse_names_collide_on_frequent_schedules() {
        let found = findings(
            "sts-backup-$(date +%Y%m%d).graph",
            "sts-backup-([0-9]*).graph",
            "%Y%m%d",
            "0 * * * *",
        );
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), ["SB504"]);
        assert!(
            findings(
                "sts-backup-$(date +%Y%m%d).graph",
                "sts-backup-([0-9]*).graph",
                "%Y%m%d",
                "0 3 * * *"
            )
            .is_empty()
        );
    }
}
