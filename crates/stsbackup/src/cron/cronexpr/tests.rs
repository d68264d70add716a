//! Unit tests of the cronexpr port: the chart's values, each quirk, the verdicts and the
//! ranges. The differential test (`tests/cronexpr_differential.rs`) checks the same code against
//! cronexpr itself on thousands of expressions.

use std::time::{Duration, Instant};

use super::*;

fn at(text: &str) -> DateTime {
    DateTime::parse_rfc3339(text).expect("a time")
}

fn supercronic(expr: &str) -> ParsedCron<Schedule> {
    parse(expr, Flavour::Supercronic).unwrap_or_else(|issue| panic!("{expr:?}: {issue:?}"))
}

fn refusal(expr: &str, flavour: Flavour) -> ValueIssue {
    match parse(expr, flavour) {
        Ok(_) => panic!("{expr:?} was accepted"),
        Err(issue) => issue,
    }
}

fn runs(expr: &str, from: &str, count: usize) -> Vec<String> {
    supercronic(expr)
        .schedule
        .next_runs(at(from), count)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn pointed<'a>(expr: &'a str, issue: &ValueIssue) -> &'a str {
    &expr[issue.range.clone()]
}

#[test]
fn the_chart_defaults_run_hourly_and_daily() {
    let from = "2026-11-25T10:00:00Z";
    assert_eq!(
        runs("25 * * * *", from, 2),
        runs("0 25 * * * * *", from, 2),
        "5 fields are 7 with second 0 and every year"
    );
    let hourly = supercronic("25 * * * *").schedule;
    assert_eq!(
        hourly.next_after(at(from)),
        Some(at("2026-11-25T10:25:00Z"))
    );
    assert_eq!(
        hourly.next_after(at("2026-11-25T10:25:00Z")),
        Some(at("2026-11-25T11:25:00Z")),
        "strictly after"
    );
    let daily = supercronic("55 0 * * *").schedule;
    assert_eq!(daily.next_after(at(from)), Some(at("2026-11-26T00:55:00Z")));
    assert!(hourly.never_fires(at(from)).is_none());
    for schedule in ["25 * * * *", "35 * * * *", "55 0 * * *", "5 1 * * *"] {
        let parsed = parse_crontab_line_schedule(schedule).expect("a chart default");
        assert!(
            parsed.warnings.is_empty(),
            "{schedule}: {:?}",
            parsed.warnings
        );
    }
}

#[test]
fn the_documented_1970_trick_is_a_bad_crontab_line() {
    let expr = "0 0 1 1 1970";
    let issue = parse_crontab_line_schedule(expr).expect_err("1970 is no day of week");
    assert!(issue.message.starts_with(LINE_REFUSED), "{}", issue.message);
    assert!(
        issue
            .message
            .contains("syntax error in day-of-week field: '1970'"),
        "{}",
        issue.message
    );
    assert_eq!(pointed(expr, &issue), "1970");
    assert!(
        issue
            .help
            .as_deref()
            .unwrap_or("")
            .contains("enabled: false")
    );
}

#[test]
fn six_fields_end_with_the_year() {
    let year = supercronic("0 0 1 1 * 2030").schedule;
    assert_eq!(
        year.next_after(at("2026-11-25T10:00:00Z")),
        Some(at("2030-01-01T00:00:00Z"))
    );
    assert_eq!(year.next_after(at("2030-01-01T00:00:00Z")), None);
    // Quartz's "every five minutes" is every five hours here, and says so.
    let parsed = supercronic("0 */5 * * * *");
    assert_eq!(
        runs("0 */5 * * * *", "2026-11-25T10:00:00Z", 2),
        ["2026-11-25T15:00:00Z", "2026-11-25T20:00:00Z"]
    );
    assert_eq!(parsed.warnings.len(), 1);
    assert!(parsed.warnings[0].message.contains("year"));
    // Seven fields start with seconds.
    assert_eq!(
        runs("30 0 0 * * * *", "2026-11-25T10:00:00Z", 1),
        ["2026-11-26T00:00:30Z"]
    );
}

#[test]
fn descriptors_are_replaced_anywhere_and_only_five_exist() {
    let hourly = supercronic("@hourly").schedule;
    assert_eq!(
        hourly.next_after(at("2026-11-25T10:00:00Z")),
        Some(at("2026-11-25T11:00:00Z"))
    );
    assert_eq!(
        runs("@weekly", "2026-11-25T10:00:00Z", 1),
        ["2026-11-29T00:00:00Z"],
        "Sunday"
    );
    for refused in ["@reboot", "@midnight", "@every 1h", "@DAILY"] {
        assert!(
            parse(refused, Flavour::Supercronic).is_err(),
            "{refused} is no cronexpr descriptor"
        );
    }
    // `x@hourly` becomes `x0 0 * * * * *`: the error points at the text as written.
    let issue = refusal("x@hourly", Flavour::Supercronic);
    assert_eq!(
        issue.message,
        format!("{REFUSES}syntax error in second field: 'x0'")
    );
    assert_eq!(pointed("x@hourly", &issue), "x@hourly");
    // A descriptor and more words: too many fields for supercronic, ignored by gorhill.
    assert_eq!(
        refusal("@hourly 1", Flavour::Supercronic).message,
        format!("{REFUSES}too many fields")
    );
    assert!(parse("@hourly 1", Flavour::Gorhill).is_ok());
}

#[test]
fn cronexpr_reads_numbers_through_a_map() {
    // Steps come from `numberTokens`: 60 is not in it, so it is a step of 0.
    assert_eq!(
        refusal("*/60 * * * *", Flavour::Supercronic).message,
        format!("{REFUSES}invalid interval */60")
    );
    assert!(parse("0 0 0 * * * */1970", Flavour::Supercronic).is_ok());
    // `07` (and every `0n`) in the day of week is Sunday.
    let sunday = supercronic("0 0 * * 05").schedule;
    assert_eq!(
        sunday.next_after(at("2026-11-25T10:00:00Z")),
        Some(at("2026-11-29T00:00:00Z"))
    );
    // Names in any case, İ lower-cased as Go does.
    assert!(parse("* * * * FRİ", Flavour::Supercronic).is_ok());
    assert!(parse("* * * * fr", Flavour::Supercronic).is_err());
}

#[test]
fn the_flavours_differ_in_three_places() {
    // Backward ranges.
    let issue = refusal("* 22-2 * * *", Flavour::Supercronic);
    assert_eq!(
        issue.message,
        format!("{REFUSES}invalid interval 22-2 (normalized to 22-2)")
    );
    assert_eq!(pointed("* 22-2 * * *", &issue), "22-2");
    assert!(parse("* 22-2 * * *", Flavour::Gorhill).is_ok());
    // Day of week 7 is read as 0 before the range is built.
    assert!(parse("* * * * 1-7", Flavour::Supercronic).is_err());
    let sunday_only = supercronic("0 0 * * 0-7");
    assert_eq!(sunday_only.warnings.len(), 1, "{:?}", sunday_only.warnings);
    assert!(
        supercronic("0 0 * * 7-7").warnings.is_empty(),
        "7-7 is Sunday, as it looks"
    );
    // Month 01: January in supercronic, month 0 (December before) in gorhill.
    let january = supercronic("0 0 1 01 *").schedule;
    assert_eq!(
        january.next_after(at("2026-11-25T10:00:00Z")),
        Some(at("2027-01-01T00:00:00Z"))
    );
    let gorhill = parse("0 0 1 01 *", Flavour::Gorhill).expect("accepted");
    assert_eq!(gorhill.warnings.len(), 1);
    let december = gorhill.schedule;
    assert_eq!(
        december.next_after(at("2026-11-25T10:00:00Z")),
        Some(at("2026-12-01T00:00:00Z"))
    );
    // ... and from then on it goes back in time.
    let from = at("2026-12-15T00:00:00Z");
    assert_eq!(december.next_after(from), Some(at("2026-12-01T00:00:00Z")));
    assert!(december.never_fires(from).is_some());
    // With no day in that December its search never ends (Go's stack overflows).
    let runaway = parse("0 0 5-1 01 *", Flavour::Gorhill)
        .expect("accepted")
        .schedule;
    assert_eq!(runaway.next(at("2026-11-25T10:00:00Z")), NextRun::RunsAway);
    // More than seven fields.
    assert!(parse("0 0 0 1 1 * 2030 x", Flavour::Supercronic).is_err());
    assert!(parse("0 0 0 1 1 * 2030 x", Flavour::Gorhill).is_ok());
}

#[test]
fn star_ends_a_field_and_the_rest_is_unchecked() {
    let parsed = supercronic("*,nonsense * * * *");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(
        pointed("*,nonsense * * * *", &parsed.warnings[0]),
        "nonsense"
    );
    // Not in the day fields, which read every item.
    assert!(parse("* * *,x * *", Flavour::Supercronic).is_err());
    // The first bad item wins over a later star.
    assert!(parse("x,* * * * *", Flavour::Supercronic).is_err());
}

#[test]
fn quartz_day_syntax() {
    let last = supercronic("0 0 L * *").schedule;
    assert_eq!(
        last.next_after(at("2024-02-01T00:00:00Z")),
        Some(at("2024-02-29T00:00:00Z"))
    );
    // 2026-02-01 is a Sunday: the nearest weekday is Monday the 2nd.
    let nearest = supercronic("0 0 1W * *").schedule;
    assert_eq!(
        nearest.next_after(at("2026-01-31T00:00:00Z")),
        Some(at("2026-02-02T00:00:00Z"))
    );
    // The third Friday of December 2026 is the 18th; the last Friday the 25th.
    let third = supercronic("0 0 ? * 5#3").schedule;
    assert_eq!(
        third.next_after(at("2026-12-01T00:00:00Z")),
        Some(at("2026-12-18T00:00:00Z"))
    );
    let last_friday = supercronic("0 0 ? * 5L").schedule;
    assert_eq!(
        last_friday.next_after(at("2026-12-01T00:00:00Z")),
        Some(at("2026-12-25T00:00:00Z"))
    );
    // Both day fields restricted: either matches.
    assert_eq!(
        runs("0 0 13 * 5", "2026-11-01T00:00:00Z", 3),
        [
            "2026-11-06T00:00:00Z",
            "2026-11-13T00:00:00Z",
            "2026-11-20T00:00:00Z"
        ]
    );
}

#[test]
fn never_fires_names_the_field_at_fault() {
    let from = at("2026-11-25T10:00:00Z");
    let cases = [
        ("0 0 30 2 *", "30", "no day matches"),
        ("0 0 1 1 * 2020", "2020", "2020"),
        ("0 0 * * * 2030-2020/1", "2030-2020/1", "selects no year"),
        ("5-1/2 * * * *", "5-1/2", "panic"),
        ("0 0 * 12-1/1 *", "12-1/1", "panic"),
    ];
    for (expr, field, words) in cases {
        let schedule = supercronic(expr).schedule;
        assert_eq!(schedule.next_after(from), None, "{expr}");
        let issue = schedule
            .never_fires(from)
            .unwrap_or_else(|| panic!("{expr} never fires"));
        assert_eq!(pointed(expr, &issue), field, "{expr}");
        assert!(issue.message.contains(words), "{expr}: {}", issue.message);
    }
    assert_eq!(
        supercronic("5-1/2 * * * *").schedule.next(from),
        NextRun::Panics(Field::Minute)
    );
    // After cronexpr's last year nothing runs.
    let every_minute = supercronic("* * * * *").schedule;
    assert_eq!(
        every_minute.next(at("2100-01-01T00:00:00Z")),
        NextRun::Never
    );
    assert!(
        every_minute
            .never_fires(at("2100-01-01T00:00:00Z"))
            .is_some()
    );
}

#[test]
fn crontab_lines_are_split_as_supercronic_splits_them() {
    let line = "  0 0 1 1 * 2030 /backup.sh --now";
    let Ok(CrontabEntry::Job(job)) = read_crontab_line(line, Flavour::Supercronic) else {
        panic!("a job");
    };
    assert_eq!(job.words, 6);
    assert_eq!(
        &line[job.schedule_start..job.schedule_end],
        "0 0 1 1 * 2030"
    );
    assert_eq!(&line[job.command_start..], "/backup.sh --now");
    assert!(matches!(
        read_crontab_line(" # 0 3 * * * x", Flavour::Supercronic),
        Ok(CrontabEntry::Comment)
    ));
    assert!(matches!(
        read_crontab_line("FOO = bar", Flavour::Supercronic),
        Ok(CrontabEntry::Variable { .. })
    ));
    let issue = read_crontab_line("0 3 * *", Flavour::Supercronic).expect_err("4 words");
    assert_eq!(
        issue.message,
        format!("{LINE_REFUSED}bad crontab line: '0 3 * *' (use -debug for details)")
    );
}

#[test]
fn a_schedule_value_must_be_the_whole_schedule() {
    // The 6th word is no year, so supercronic takes five and runs `foo /backup.sh`.
    let expr = "0 3 * * * foo";
    let issue = parse_crontab_line_schedule(expr).expect_err("foo joins the command");
    assert_eq!(pointed(expr, &issue), "foo");
    assert!(
        issue.message.contains("first 5 word(s)"),
        "{}",
        issue.message
    );
    let expr = "0 0 0 1 1 * 2030 x y";
    let issue = parse_crontab_line_schedule(expr).expect_err("eight fields");
    assert_eq!(pointed(expr, &issue), "x y");
    for (expr, words) in [
        ("#0 3 * * *", "comment"),
        ("A=1 * * * *", "environment variable `A`"),
        ("0 3 * * *\n", "line break"),
        ("", "empty"),
        ("0 3", "missing field(s)"),
        ("@reboot", "missing field(s)"),
    ] {
        let issue = parse_crontab_line_schedule(expr).expect_err(expr);
        assert!(issue.message.contains(words), "{expr:?}: {}", issue.message);
        assert!(expr.get(issue.range.clone()).is_some(), "{expr:?}");
    }
    let reboot = parse_crontab_line_schedule("@reboot").expect_err("no @reboot");
    assert!(reboot.help.unwrap_or_default().contains("no `@reboot`"));
    assert!(parse_crontab_line_schedule("@hourly").is_ok());
    assert!(parse_crontab_line_schedule("  0 0 * * * *  ").is_ok());
}

#[test]
fn hostile_input_is_refused_or_read_quickly() {
    let inputs = [
        "1-7,".repeat(25_000),
        format!("{} * * * *", "@hourly".repeat(10_000)),
        format!("* * * * {}", "0-7,".repeat(20_000)),
        "@hourly ".repeat(5_000),
        format!("{} 2030-2020/1", "5-1/1 ".repeat(6)),
        "\u{130}".repeat(30_000),
        "*/".repeat(40_000),
        ",".repeat(100_000),
    ];
    for input in &inputs {
        let started = Instant::now();
        for flavour in [Flavour::Supercronic, Flavour::Gorhill] {
            if let Ok(parsed) = parse(input, flavour) {
                let from = at("2026-11-25T10:00:00Z");
                let _ = parsed.schedule.next_runs(from, 5);
                let _ = parsed.schedule.never_fires(from);
            }
            if let Err(issue) = parse(input, flavour) {
                assert!(
                    input.get(issue.range.clone()).is_some(),
                    "{:?}",
                    issue.range
                );
            }
        }
        let _ = parse_crontab_line_schedule(input);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{} bytes took {:?}",
            input.len(),
            started.elapsed()
        );
    }
}

#[test]
fn gorhill_with_many_descriptors_maps_ranges_back() {
    // Every oddity and error range must land on the input's own characters.
    let input = format!("* * * * * 0-7,0-7 2030 {}", "@hourly ".repeat(100));
    let parsed = parse(&input, Flavour::Gorhill).expect("gorhill ignores the fields after 7");
    for warning in &parsed.warnings {
        assert_eq!(pointed(&input, warning), "0-7", "{warning:?}");
    }
    assert_eq!(parsed.warnings.len(), 2);
}

mod any_text {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Any text of cron characters: no panic, ranges on character boundaries, and every
        /// search ends.
        #[test]
        fn is_read_without_panicking(expr in "[0-9a-zA-Z*?/,#@ \t\u{b}\u{130}=-]{0,48}") {
            let from = at("2026-02-27T23:59:59Z");
            for flavour in [Flavour::Supercronic, Flavour::Gorhill] {
                match parse(&expr, flavour) {
                    Ok(parsed) => {
                        for warning in &parsed.warnings {
                            prop_assert!(expr.get(warning.range.clone()).is_some());
                        }
                        let _ = parsed.schedule.next_runs(from, 3);
                        if let Some(issue) = parsed.schedule.never_fires(from) {
                            prop_assert!(expr.get(issue.range.clone()).is_some());
                        }
                    }
                    Err(issue) => prop_assert!(expr.get(issue.range.clone()).is_some()),
                }
            }
            match parse_crontab_line_schedule(&expr) {
                Ok(parsed) => prop_assert!(parsed.schedule.next(from) != NextRun::RunsAway),
                Err(issue) => prop_assert!(expr.get(issue.range.clone()).is_some()),
            }
        }
    }
}
