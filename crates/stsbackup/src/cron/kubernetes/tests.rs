use super::*;

/// A Wednesday.
const NOW: &str = "2026-11-25T10:00:00Z";

fn t(text: &str) -> DateTime {
    DateTime::parse_rfc3339(text).unwrap()
}

fn ok(expr: &str) -> ParsedCron<KubernetesCron> {
    parse(expr).unwrap_or_else(|issue| panic!("{expr:?} rejected: {issue:?}"))
}

fn err(expr: &str) -> ValueIssue {
    match parse(expr) {
        Ok(parsed) => panic!("{expr:?} accepted: {parsed:?}"),
        Err(issue) => issue,
    }
}

fn runs(expr: &str, after: &str, count: usize) -> Vec<String> {
    ok(expr)
        .schedule
        .next_runs(t(after), count)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn span<'a>(expr: &'a str, issue: &ValueIssue) -> &'a str {
    &expr[issue.range.start..issue.range.end]
}

fn help(issue: &ValueIssue) -> &str {
    issue
        .help
        .as_deref()
        .unwrap_or_else(|| panic!("no help: {issue:?}"))
}

/// The only warning of an accepted schedule.
fn warning(expr: &str) -> ValueIssue {
    let parsed = ok(expr);
    assert_eq!(parsed.warnings.len(), 1, "{expr:?}: {:?}", parsed.warnings);
    parsed.warnings.into_iter().next().unwrap()
}

// --- validation-rules.md A.4 -----------------------------------------------------------------

#[test]
fn reference_valid_examples_parse_without_warnings() {
    for expr in [
        "0 3 * * *",
        "*/15 * * * *",
        "0 0 1 jan *",
        "30 2 * * MON-FRI",
        "0 0 * * 0,6",
        "0 4 ? * *",
        "@daily",
    ] {
        let parsed = ok(expr);
        assert!(parsed.warnings.is_empty(), "{expr}: {:?}", parsed.warnings);
        assert_eq!(parsed.schedule.expression(), expr);
    }
}

#[test]
fn reference_invalid_examples_quote_the_api_server() {
    let cases = [
        (
            "0 0 3 * * ?",
            "expected exactly 5 fields, found 6: [0 0 3 * * ?]",
            "0 0 3 * * ?",
        ),
        ("0 3 * * 7", "end of range (7) above maximum (6): 7", "7"),
        (
            "60 * * * *",
            "end of range (60) above maximum (59): 60",
            "60",
        ),
        (
            "0 24 * * *",
            "end of range (24) above maximum (23): 24",
            "24",
        ),
        (
            "0 0 0 * *",
            "beginning of range (0) below minimum (1): 0",
            "0",
        ),
        (
            "0 0 * 13 *",
            "end of range (13) above maximum (12): 13",
            "13",
        ),
        (
            "CRON_TZ=UTC 0 3 * * *",
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            "CRON_TZ=UTC",
        ),
        ("@reboot", "unrecognized descriptor: @reboot", "@reboot"),
        (
            "0 0 L * *",
            r#"failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax"#,
            "L",
        ),
        (
            "0 0 1W * *",
            r#"failed to parse int from 1W: strconv.Atoi: parsing "1W": invalid syntax"#,
            "1W",
        ),
        (
            "0 0 * * 5#3",
            r#"failed to parse int from 5#3: strconv.Atoi: parsing "5#3": invalid syntax"#,
            "5#3",
        ),
    ];
    for (expr, message, offending) in cases {
        let issue = err(expr);
        assert_eq!(issue.message, format!("{REJECTS}{message}"), "{expr}");
        assert_eq!(span(expr, &issue), offending, "{expr}");
        assert!(issue.help.is_some(), "{expr}");
    }
    // The day-of-month 0 is the third field, not the first two zeros.
    assert_eq!(err("0 0 0 * *").range.start, 4);
}

#[test]
fn quirk_table_schedules_are_accepted_with_warnings() {
    for expr in [
        "*/61 * * * *",
        "*/60 * * * *",
        "0 0 31 2 *",
        "0 0 30 2 *",
        "1,,2 * * * *",
        ",5 * * * *",
        "*-5 * * * *",
        "+5 * * * *",
        "@every 24h",
    ] {
        let parsed = ok(expr);
        assert!(
            !parsed.warnings.is_empty() || parsed.schedule.never_runs().is_some(),
            "{expr}"
        );
    }
}

// --- error texts and byte ranges -------------------------------------------------------------

#[test]
fn range_errors_use_robfig_texts_and_point_at_the_item() {
    let cases = [
        (
            "61 * * * *",
            "end of range (61) above maximum (59): 61",
            "61",
        ),
        (
            "0 22-2 * * *",
            "beginning of range (22) beyond end of range (2): 22-2",
            "22-2",
        ),
        (
            "*/0 * * * *",
            "step of range should be a positive number: */0",
            "*/0",
        ),
        ("1-2-3 * * * *", "too many hyphens: 1-2-3", "1-2-3"),
        ("*/2/3 * * * *", "too many slashes: */2/3", "*/2/3"),
        ("*/-5 * * * *", "negative number (-5) not allowed: -5", "-5"),
        (
            "0 0 1,32 * *",
            "end of range (32) above maximum (31): 32",
            "32",
        ),
        (
            "0 0 * 0-5 *",
            "beginning of range (0) below minimum (1): 0-5",
            "0-5",
        ),
        // "N/step" means "N-max/step", so 61/5 is 61-59.
        (
            "61/5 * * * *",
            "beginning of range (61) beyond end of range (59): 61/5",
            "61/5",
        ),
        // The bounds are checked before the step.
        (
            "61/0 * * * *",
            "beginning of range (61) beyond end of range (59): 61/0",
            "61/0",
        ),
        (
            "0 0 * * 0-7",
            "end of range (7) above maximum (6): 0-7",
            "0-7",
        ),
    ];
    for (expr, message, offending) in cases {
        let issue = err(expr);
        assert_eq!(issue.message, format!("{REJECTS}{message}"), "{expr}");
        assert_eq!(span(expr, &issue), offending, "{expr}");
    }
}

#[test]
fn unreadable_numbers_use_go_strconv_texts() {
    let cases = [
        (
            "99999999999999999999 * * * *",
            "99999999999999999999",
            "value out of range",
        ),
        // ParseUint reports an overflow as soon as it happens, before reaching the `x` …
        (
            "18446744073709551616x * * * *",
            "18446744073709551616x",
            "value out of range",
        ),
        // … but 2^63 does not overflow uint64, so the `x` is found first.
        (
            "9223372036854775808x * * * *",
            "9223372036854775808x",
            "invalid syntax",
        ),
        ("0 0 * * MONDAY", "MONDAY", "invalid syntax"),
        ("0 0 * * 1.5", "1.5", "invalid syntax"),
        ("0 x * * *", "x", "invalid syntax"),
    ];
    for (expr, piece, why) in cases {
        let issue = err(expr);
        assert_eq!(
            issue.message,
            format!(
                "{REJECTS}failed to parse int from {piece}: strconv.Atoi: parsing \"{piece}\": \
                 {why}"
            ),
            "{expr}"
        );
        assert_eq!(span(expr, &issue), piece, "{expr}");
    }
}

#[test]
fn pieces_are_quoted_like_go_strconv_quote() {
    let issue = err("\u{1} * * * *");
    assert!(
        issue.message.ends_with(r#"parsing "\x01": invalid syntax"#),
        "{}",
        issue.message
    );
    let issue = err("é * * * *");
    assert!(
        issue.message.ends_with(r#"parsing "é": invalid syntax"#),
        "{}",
        issue.message
    );
    let issue = err("\u{200b} * * * *");
    assert!(
        issue
            .message
            .ends_with(r#"parsing "\u200b": invalid syntax"#),
        "{}",
        issue.message
    );
    let issue = err(r#"a"b\ * * * *"#);
    assert!(
        issue
            .message
            .ends_with(r#"parsing "a\"b\\": invalid syntax"#),
        "{}",
        issue.message
    );
}

#[test]
fn an_empty_piece_points_at_its_whole_item() {
    let issue = err("0 -5 * * *");
    assert_eq!(
        issue.message,
        format!(r#"{REJECTS}failed to parse int from : strconv.Atoi: parsing "": invalid syntax"#)
    );
    assert_eq!(span("0 -5 * * *", &issue), "-5");
    assert!(help(&issue).contains("negative"));
    let issue = err("*/ * * * *");
    assert_eq!(span("*/ * * * *", &issue), "*/");
    assert!(help(&issue).contains("after `/`"));
}

#[test]
fn the_first_error_in_field_order_wins() {
    // robfig parses minute, hour, day of month, month, day of week, each item left to right.
    let issue = err("0 99 0 13 9");
    assert_eq!(
        issue.message,
        format!("{REJECTS}end of range (99) above maximum (23): 99")
    );
    let issue = err("1,70,80 * * * *");
    assert_eq!(span("1,70,80 * * * *", &issue), "70");
    assert_eq!((issue.range.start, issue.range.end), (2, 4));
}

#[test]
fn field_count_errors_list_the_fields_like_go() {
    let issue = err("1 2 3");
    assert_eq!(
        issue.message,
        format!("{REJECTS}expected exactly 5 fields, found 3: [1 2 3]")
    );
    assert_eq!(help(&issue), FIVE_FIELDS_HELP);
    let expr = "  \t ";
    let issue = err(expr);
    assert_eq!(
        issue.message,
        format!("{REJECTS}expected exactly 5 fields, found 0: []")
    );
    assert_eq!((issue.range.start, issue.range.end), (0, expr.len()));
    let expr = " 0 3 * * * * * * ";
    let issue = err(expr);
    assert!(
        issue.message.ends_with("found 8: [0 3 * * * * * *]"),
        "{}",
        issue.message
    );
    assert_eq!(span(expr, &issue), "0 3 * * * * * *");
}

#[test]
fn an_empty_schedule_is_required() {
    let issue = err("");
    assert_eq!(
        issue.message,
        "Kubernetes rejects an empty schedule (spec.schedule: Required value)"
    );
    assert_eq!((issue.range.start, issue.range.end), (0, 0));
}

#[test]
fn helpful_fixes_for_common_mistakes() {
    let cases = [
        ("0 22-2 * * *", "`22-23,0-2`"),
        ("0 0 * * SAT-SUN", "`SAT,SUN`"),
        ("0 0 * NOV-FEB *", "`NOV-12,1-FEB`"),
        ("0 0 * * MONDAY", "`MON`"),
        ("0 0 * JANUARY *", "`JAN`"),
        (
            "0 0 * MON *",
            "day-of-week name, but this is the month field",
        ),
        (
            "0 0 * * JAN",
            "month name, but this is the day-of-week field",
        ),
        (
            "0 MON * * *",
            "day-of-week name, but this is the hour field",
        ),
        ("0 0 abc * *", "numbers only"),
        ("0 24 * * *", "midnight is hour 0"),
        ("60 * * * *", "minute 0"),
        ("0 0 L * *", "last day of the month"),
        ("0 0 LW * *", "last weekday of the month"),
        ("0 0 15W * *", "nearest"),
        ("0 0 * * 5L", "last given weekday"),
        ("0 0 * * 5#3", "nth weekday"),
        ("0 0 * * 7", "`0`, as in `0 0 * * 0`"),
        ("0 0 * * 1-7", "`1-6,0`, as in `0 0 * * 1-6,0`"),
        ("0 0 * * 6-7", "`6,0`"),
        ("0 0 * * 0-7", "`0-6`"),
        ("0 0 * * */7/", "too many slashes"),
        ("*/0 * * * *", "1 or more"),
        ("0 0 * 99999999999999999999 *", "1–12 or JAN–DEC"),
    ];
    for (expr, expected) in cases {
        let issue = err(expr);
        let text = format!("{} {}", issue.message, issue.help.unwrap_or_default());
        assert!(text.contains(expected), "{expr}: {text}");
    }
}

#[test]
fn day_of_week_seven_is_rejected_with_a_sunday_fix() {
    let issue = err("0 3 * * 7");
    assert_eq!(
        help(&issue),
        "Kubernetes numbers the days of the week 0–6 with Sunday as 0 and rejects 7 (unlike \
         Vixie cron): write `0`, as in `0 3 * * 0`"
    );
    // With a step there is no one-item fix, but the rule is still explained.
    let issue = err("0 3 * * 1-7/2");
    assert!(
        help(&issue).ends_with("use 0 or SUN for Sunday"),
        "{}",
        help(&issue)
    );
}

// --- the Elasticsearch (Quartz) dialect ------------------------------------------------------

#[test]
fn quartz_schedules_get_their_kubernetes_equivalent() {
    let cases = [
        ("0 0 3 * * ?", "0 3 * * *"),
        ("0 30 1 * * ?", "30 1 * * *"),
        ("0 0 2 ? * MON-FRI", "0 2 * * MON-FRI"),
        // Quartz counts the days of the week 1–7 from Sunday.
        ("0 0 12 ? * 2-6", "0 12 * * 1-5"),
        ("0 0 12 ? * 1,7", "0 12 * * 0,6"),
        ("0 0/15 * * * ?", "0/15 * * * *"),
        ("0 0 3 * * ? *", "0 3 * * *"),
        ("0 0 0 1 1 ?", "0 0 1 1 *"),
    ];
    for (expr, converted) in cases {
        let issue = err(expr);
        assert_eq!(
            help(&issue),
            format!(
                "this is Elasticsearch (Quartz) syntax, with seconds first; a Kubernetes \
                 CronJob schedule has no seconds field: `{converted}`"
            ),
            "{expr}"
        );
        assert!(ok(converted).warnings.is_empty(), "{converted}");
    }
    let issue = err("30 0 3 * * ?");
    assert!(help(&issue).contains("`0 3 * * *` (Kubernetes cannot start at second 30"));
}

#[test]
fn quartz_schedules_without_an_equivalent_say_why() {
    let cases = [
        ("0 0 3 * * ? 2030", "the year `2030` has no equivalent"),
        ("0 15 10 ? * 6#3", "`L` and `#` in the day of week"),
        ("0 0 0 L * ?", "`L` and `W` in the day of month"),
        (
            "*/30 * * * * ?",
            "the seconds field `*/30` has no equivalent",
        ),
        (
            "0 0 22-2 * * ?",
            "translate to `0 22-2 * * *`, which Kubernetes rejects too",
        ),
    ];
    for (expr, reason) in cases {
        let help = help(&err(expr)).to_owned();
        assert!(
            help.starts_with("this looks like Elasticsearch (Quartz) syntax"),
            "{help}"
        );
        assert!(help.contains(reason), "{expr}: {help}");
    }
    // Six fields that are not cron syntax get the plain explanation.
    assert_eq!(help(&err("every day at 3 am please")), FIVE_FIELDS_HELP);
}

// --- TZ --------------------------------------------------------------------------------------

#[test]
fn any_tz_is_rejected_even_where_robfig_would_panic() {
    let message =
        format!("{REJECTS}cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    let issue = err("TZ=Europe/Amsterdam 0 3 * * *");
    assert_eq!(issue.message, message);
    assert_eq!(
        span("TZ=Europe/Amsterdam 0 3 * * *", &issue),
        "TZ=Europe/Amsterdam"
    );
    assert!(
        help(&issue)
            .ends_with("convert the times of `0 3 * * *` from Europe/Amsterdam to that zone"),
        "{}",
        help(&issue)
    );
    assert!(help(&err("CRON_TZ=UTC 0 3 * * *")).ends_with("that leaves `0 3 * * *`"));
    for expr in ["TZ=", "TZ=UTC", "CRON_TZ=UTC\t0\t3\t*\t*\t*"] {
        let issue = err(expr);
        assert!(issue.message.starts_with(&message), "{expr}");
        assert!(
            issue.message.contains("panics"),
            "{expr}: {}",
            issue.message
        );
    }
    // Anywhere in the schedule, not only as a prefix.
    let issue = err("0 3 * * * TZ");
    assert_eq!(issue.message, message);
    assert_eq!((issue.range.start, issue.range.end), (10, 12));
    // The check is case-sensitive, as in Kubernetes: `tz=` is just a sixth field.
    assert!(
        err("tz=UTC 0 3 * * *")
            .message
            .contains("expected exactly 5 fields, found 6")
    );
}

// --- quirks that Kubernetes accepts ----------------------------------------------------------

#[test]
fn steps_larger_than_the_range_keep_only_the_first_value() {
    for expr in ["*/61 * * * *", "*/60 * * * *"] {
        let w = warning(expr);
        assert_eq!(span(expr, &w), &expr[..4]);
        assert!(w.message.contains("selects only minute 0"), "{}", w.message);
        assert_eq!(
            runs(expr, NOW, 2),
            ["2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z"]
        );
    }
    let w = warning("0 */24 * * *");
    assert!(w.message.contains("selects only hour 0"), "{}", w.message);
    assert!(help(&w).contains("`0 0 */2 * *`"));
    assert!(
        warning("5/60 * * * *")
            .message
            .contains("selects only minute 5")
    );
}

#[test]
fn uneven_steps_warn_about_the_short_gap() {
    let w = warning("*/45 * * * *");
    assert_eq!(
        w.message,
        "`*/45` does not divide the hour evenly: it runs at minutes 0,45 of every hour, so the \
         gap from 45 to the next 0 is 15 minutes, not 45"
    );
    assert_eq!(
        runs("*/45 * * * *", NOW, 3),
        [
            "2026-11-25T10:45:00Z",
            "2026-11-25T11:00:00Z",
            "2026-11-25T11:45:00Z"
        ]
    );
    assert!(
        warning("0 */5 * * *")
            .message
            .contains("gap from 20 to the next 0 is 4 hours")
    );
    for expr in ["*/15 * * * *", "*/20 * * * *", "0 */6 * * *", "0 0 */2 * *"] {
        assert!(ok(expr).warnings.is_empty(), "{expr}");
    }
}

#[test]
fn empty_list_items_are_dropped() {
    let w = warning("1,,2 * * * *");
    assert_eq!((w.range.start, w.range.end), (2, 3));
    assert_eq!(
        w.message,
        "Kubernetes silently drops empty list items: `1,,2` means `1,2`"
    );
    assert_eq!(
        runs("1,,2 * * * *", NOW, 3),
        [
            "2026-11-25T10:01:00Z",
            "2026-11-25T10:02:00Z",
            "2026-11-25T11:01:00Z"
        ]
    );
    let w = warning(",5 * * * *");
    assert_eq!((w.range.start, w.range.end), (0, 1));
    let w = warning("5, * * * *");
    assert_eq!((w.range.start, w.range.end), (1, 2));
    assert_eq!(runs("5, * * * *", NOW, 1), ["2026-11-25T10:05:00Z"]);
}

#[test]
fn a_field_of_only_commas_matches_nothing() {
    let parsed = ok(", * * * *");
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert!(parsed.warnings[0].message.contains("lists no values"));
    let never = parsed.schedule.never_runs().expect("never runs");
    assert!(never.message.contains("never runs"));
    assert_eq!(parsed.schedule.next_after(t(NOW)), None);
    // An empty day-of-month under OR leaves the day-of-week alone in charge.
    assert_eq!(
        runs("0 0 , * 5", NOW, 2),
        ["2026-11-27T00:00:00Z", "2026-12-04T00:00:00Z"]
    );
}

#[test]
fn a_hyphen_after_a_star_is_ignored() {
    let w = warning("*-5 * * * *");
    assert_eq!((w.range.start, w.range.end), (1, 3));
    assert_eq!(
        w.message,
        "Kubernetes ignores `-5` after `*`, so `*-5` means `*`"
    );
    assert_eq!(
        runs("*-5 * * * *", NOW, 2),
        ["2026-11-25T10:01:00Z", "2026-11-25T10:02:00Z"]
    );
    // Anything goes after the star, even what would be an error elsewhere.
    let w = &ok("*-x-99/30 * * * *").warnings[0];
    assert_eq!(span("*-x-99/30 * * * *", w), "-x-99");
    assert!(w.message.ends_with("means `*/30`"), "{}", w.message);
}

#[test]
fn a_plus_sign_is_read_as_part_of_the_number() {
    let w = warning("+5 * * * *");
    assert_eq!((w.range.start, w.range.end), (0, 2));
    assert_eq!(w.message, "Kubernetes reads `+5` as 5");
    assert_eq!(runs("+5 * * * *", NOW, 1), ["2026-11-25T10:05:00Z"]);
    let w = warning("*/+20 * * * *");
    assert_eq!(span("*/+20 * * * *", &w), "+20");
    // 19 characters leave Go's fast path; the result is the same.
    let parsed = ok("+000000000000000005 * * * *");
    assert_eq!(parsed.warnings.len(), 1);
    assert!(ok("0000000000000000005 * * * *").warnings.is_empty());
}

#[test]
fn question_marks_outside_the_day_fields_are_stars() {
    let parsed = ok("? ? * ? *");
    assert_eq!(parsed.warnings.len(), 3, "{:?}", parsed.warnings);
    assert!(
        parsed.warnings[0]
            .message
            .starts_with("`?` in the minute field means `*`")
    );
    assert_eq!(
        parsed
            .warnings
            .iter()
            .map(|w| w.range.start)
            .collect::<Vec<_>>(),
        [0, 2, 6]
    );
    assert_eq!(runs("? ? * ? *", NOW, 1), ["2026-11-25T10:01:00Z"]);
    assert!(ok("0 0 ? * ?").warnings.is_empty());
}

#[test]
fn both_day_fields_restricted_warns_about_or() {
    let expr = "0 0 13 * 5";
    let w = warning(expr);
    assert_eq!(span(expr, &w), "13 * 5");
    assert!(w.message.contains("either one"), "{}", w.message);
    assert_eq!(help(&w), "to use only one of them, set the other to `*`");
}

#[test]
fn schedules_that_never_run_are_flagged() {
    for expr in ["0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *"] {
        let parsed = ok(expr);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let w = parsed.schedule.never_runs().expect("never runs").clone();
        assert!(w.message.contains("never runs"), "{}", w.message);
        assert_eq!(span(expr, &w), &expr[4..], "{expr}");
        assert_eq!(ok(expr).schedule.next_after(t(NOW)), None, "{expr}");
    }
    // 29 February does come round.
    assert!(ok("0 0 29 2 *").warnings.is_empty());
    assert!(ok("0 0 29 2 *").schedule.never_runs().is_none());
}

// --- AND/OR day rule and next runs -----------------------------------------------------------

#[test]
fn both_day_fields_restricted_fire_on_either() {
    assert_eq!(
        runs("0 0 13 * 5", NOW, 6),
        [
            "2026-11-27T00:00:00Z",
            "2026-12-04T00:00:00Z",
            "2026-12-11T00:00:00Z",
            "2026-12-13T00:00:00Z", // a Sunday, but the 13th
            "2026-12-18T00:00:00Z",
            "2026-12-25T00:00:00Z",
        ]
    );
}

#[test]
fn a_star_in_either_day_field_means_and() {
    assert_eq!(
        runs("0 0 * * 5", NOW, 2),
        ["2026-11-27T00:00:00Z", "2026-12-04T00:00:00Z"]
    );
    assert_eq!(
        runs("0 0 13 * *", NOW, 2),
        ["2026-12-13T00:00:00Z", "2027-01-13T00:00:00Z"]
    );
    // `*/1` keeps the star; `?` is a star too.
    assert_eq!(
        runs("0 0 */1 * 1", NOW, 2),
        ["2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z"]
    );
    assert_eq!(runs("0 0 ? * 1", NOW, 1), ["2026-11-30T00:00:00Z"]);
}

#[test]
fn a_step_above_one_or_a_full_range_is_not_a_star() {
    // `*/2` drops the star: odd days OR Mondays.
    assert_eq!(
        runs("0 0 */2 * 1", NOW, 5),
        [
            "2026-11-27T00:00:00Z",
            "2026-11-29T00:00:00Z",
            "2026-11-30T00:00:00Z",
            "2026-12-01T00:00:00Z",
            "2026-12-03T00:00:00Z",
        ]
    );
    // `1-31` is not a star: with a day of week, it fires every day.
    assert_eq!(
        runs("0 0 1-31 * 1", NOW, 3),
        [
            "2026-11-26T00:00:00Z",
            "2026-11-27T00:00:00Z",
            "2026-11-28T00:00:00Z"
        ]
    );
}

#[test]
fn names_are_case_insensitive_three_letter_words() {
    assert_eq!(
        runs("0 0 1 JAN-MAR *", NOW, 3),
        [
            "2027-01-01T00:00:00Z",
            "2027-02-01T00:00:00Z",
            "2027-03-01T00:00:00Z"
        ]
    );
    assert_eq!(
        runs("0 0 * * sAt,Sun", NOW, 2),
        ["2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z"]
    );
    assert_eq!(runs("0 0 1 dec/1 *", NOW, 1), ["2026-12-01T00:00:00Z"]);
    // Go's strings.ToLower maps U+0130 to `i`, so robfig accepts this.
    assert_eq!(runs("0 0 * * FR\u{130}", NOW, 1), ["2026-11-27T00:00:00Z"]);
    // Names are not numbers for steps.
    assert!(
        err("*/mon * * * *")
            .message
            .contains("failed to parse int from mon")
    );
}

#[test]
fn next_runs_of_common_schedules() {
    assert_eq!(
        runs("0 3 * * *", NOW, 3),
        [
            "2026-11-26T03:00:00Z",
            "2026-11-27T03:00:00Z",
            "2026-11-28T03:00:00Z"
        ]
    );
    // Friday 23:50 → Monday.
    assert_eq!(
        runs("*/15 * * * MON-FRI", "2026-11-27T23:50:00Z", 3),
        [
            "2026-11-30T00:00:00Z",
            "2026-11-30T00:15:00Z",
            "2026-11-30T00:30:00Z"
        ]
    );
    assert_eq!(
        runs("0 0 29 2 *", NOW, 2),
        ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]
    );
    assert_eq!(ok("0 0 31 2 *").schedule.next_after(t(NOW)), None);
    assert_eq!(
        runs("30 2 * * MON-FRI", NOW, 3),
        [
            "2026-11-26T02:30:00Z",
            "2026-11-27T02:30:00Z",
            "2026-11-30T02:30:00Z"
        ]
    );
    assert_eq!(runs("59 23 31 12 *", NOW, 1), ["2026-12-31T23:59:00Z"]);
}

#[test]
fn runs_are_strictly_after_and_on_whole_minutes() {
    assert_eq!(
        runs("0 3 * * *", "2026-11-26T03:00:00Z", 1),
        ["2026-11-27T03:00:00Z"]
    );
    assert_eq!(
        runs("0 3 * * *", "2026-11-26T02:59:59Z", 1),
        ["2026-11-26T03:00:00Z"]
    );
    assert_eq!(
        runs("* * * * *", "2026-11-26T02:59:30Z", 1),
        ["2026-11-26T03:00:00Z"]
    );
    assert_eq!(
        runs("* * * * *", "2026-12-31T23:59:00Z", 1),
        ["2027-01-01T00:00:00Z"]
    );
}

#[test]
fn the_search_gives_up_after_five_years_like_robfig() {
    // 2100 is no leap year: the next 29 February after 2096 is in 2104.
    assert_eq!(
        ok("0 0 29 2 *")
            .schedule
            .next_after(t("2097-03-01T00:00:00Z")),
        None
    );
    assert_eq!(
        runs("0 0 29 2 *", "2099-03-01T00:00:00Z", 1),
        ["2104-02-29T00:00:00Z"]
    );
    // The horizon is counted from one second after `after`, as robfig does.
    assert_eq!(
        ok("0 0 29 2 *")
            .schedule
            .next_after(t("2098-12-31T23:59:58Z")),
        None
    );
    assert_eq!(
        runs("0 0 29 2 *", "2098-12-31T23:59:59Z", 1),
        ["2104-02-29T00:00:00Z"]
    );
}

#[test]
fn descriptors() {
    let cases = [
        ("@yearly", "2027-01-01T00:00:00Z"),
        ("@annually", "2027-01-01T00:00:00Z"),
        ("@monthly", "2026-12-01T00:00:00Z"),
        ("@weekly", "2026-11-29T00:00:00Z"),
        ("@daily", "2026-11-26T00:00:00Z"),
        ("@midnight", "2026-11-26T00:00:00Z"),
        ("@hourly", "2026-11-25T11:00:00Z"),
    ];
    for (expr, next) in cases {
        let parsed = ok(expr);
        assert!(parsed.warnings.is_empty(), "{expr}");
        assert_eq!(runs(expr, NOW, 1), [next], "{expr}");
    }
    assert_eq!(
        ok("@yearly").schedule.schedule,
        ok("0 0 1 1 *").schedule.schedule
    );
    assert_eq!(
        ok("@monthly").schedule.schedule,
        ok("0 0 1 * *").schedule.schedule
    );
    assert_eq!(
        ok("@weekly").schedule.schedule,
        ok("0 0 * * 0").schedule.schedule
    );
    assert_eq!(
        ok("@daily").schedule.schedule,
        ok("0 0 * * *").schedule.schedule
    );
    assert_eq!(
        ok("@hourly").schedule.schedule,
        ok("0 * * * *").schedule.schedule
    );
}

#[test]
fn descriptors_are_exact() {
    let issue = err("@Daily");
    assert_eq!(
        issue.message,
        format!("{REJECTS}unrecognized descriptor: @Daily")
    );
    assert_eq!(
        help(&issue),
        "descriptors are case-sensitive: write `@daily`"
    );
    let issue = err("@daily ");
    assert_eq!(
        issue.message,
        format!("{REJECTS}unrecognized descriptor: @daily ")
    );
    assert_eq!(help(&issue), "remove the white space after `@daily`");
    assert!(help(&err("@reboot")).contains("no `@reboot`"));
    assert!(help(&err("@every")).contains("one space"));
    // Not the first character: just one field.
    let issue = err(" @daily");
    assert_eq!(
        issue.message,
        format!("{REJECTS}expected exactly 5 fields, found 1: [@daily]")
    );
    assert!(help(&issue).contains("remove the white space before it"));
    let issue = err("\t@every 1h");
    assert!(help(&issue).starts_with("Kubernetes reads `@every 1h` as a descriptor only"));
}

#[test]
fn every_takes_go_durations() {
    let cases = [
        ("@every 1h30m", 5_400),
        ("@every 90s", 90),
        ("@every 1.5h", 5_400),
        ("@every 24h", 86_400),
        ("@every 1h1h", 7_200),
        ("@every +2m", 120),
        ("@every 2000000us", 2),
        ("@every 2000000\u{b5}s", 2),
        ("@every .5m", 30),
    ];
    for (expr, seconds) in cases {
        let after = t(NOW);
        assert_eq!(
            ok(expr).schedule.next_runs(after, 2),
            [after.plus_seconds(seconds), after.plus_seconds(2 * seconds)],
            "{expr}"
        );
    }
    let w = &ok("@every 24h").warnings;
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("kubernetes/kubernetes#104012"));
    assert_eq!((w[0].range.start, w[0].range.end), (0, 10));
    assert_eq!(
        help(&w[0]),
        "use a cron schedule at fixed clock times instead, such as `0 0 * * *`"
    );
    assert!(help(&ok("@every 30m").warnings[0]).contains("`*/30 * * * *`"));
    assert!(help(&ok("@every 6h").warnings[0]).contains("`0 */6 * * *`"));
}

#[test]
fn every_rounds_like_robfig() {
    // Under a second (zero and negative included) becomes one second.
    for expr in ["@every 300ms", "@every 0", "@every -1h", "@every 0s"] {
        let parsed = ok(expr);
        assert_eq!(parsed.warnings.len(), 2, "{expr}");
        assert!(
            parsed.warnings[1]
                .message
                .contains("rounded up to one second"),
            "{expr}"
        );
        assert_eq!(span(expr, &parsed.warnings[1]), &expr[7..]);
        assert_eq!(
            parsed.schedule.next_after(t(NOW)),
            Some(t("2026-11-25T10:00:01Z"))
        );
    }
    // The fraction of a second is dropped.
    let parsed = ok("@every 1m1.9s");
    assert!(
        parsed.warnings[1].message.ends_with("every 1m1s"),
        "{}",
        parsed.warnings[1].message
    );
    assert_eq!(
        parsed.schedule.next_after(t(NOW)),
        Some(t("2026-11-25T10:01:01Z"))
    );
    // Go adds 2^63 + 2^63 in uint64: it wraps to 0, which robfig then makes 1s.
    let parsed = ok("@every 9223372036854775808ns9223372036854775808ns");
    assert_eq!(
        parsed.schedule.next_after(t(NOW)),
        Some(t("2026-11-25T10:00:01Z"))
    );
}

#[test]
fn every_duration_errors_use_go_texts() {
    let cases = [
        (
            "@every 1d",
            r#"time: unknown unit "d" in duration "1d""#,
            "Go durations have no day unit",
        ),
        (
            "@every 1",
            r#"time: missing unit in duration "1""#,
            "Go duration such as",
        ),
        (
            "@every .s",
            r#"time: invalid duration ".s""#,
            "Go duration such as",
        ),
        (
            "@every ",
            r#"time: invalid duration """#,
            "Go duration such as",
        ),
        (
            "@every  1h",
            r#"time: invalid duration " 1h""#,
            "white space",
        ),
        (
            "@every 1h ",
            r#"time: unknown unit "h " in duration "1h ""#,
            "white space",
        ),
        (
            "@every 2562048h",
            r#"time: invalid duration "2562048h""#,
            "Go duration such as",
        ),
        (
            "@every 1é",
            r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#,
            "such as",
        ),
    ];
    for (expr, go_error, advice) in cases {
        let issue = err(expr);
        assert_eq!(
            issue.message,
            format!("{REJECTS}failed to parse duration {expr}: {go_error}")
        );
        assert_eq!(
            (issue.range.start, issue.range.end),
            (7, expr.len()),
            "{expr}"
        );
        assert!(help(&issue).contains(advice), "{expr}: {}", help(&issue));
    }
    // The largest duration Go accepts.
    assert!(parse("@every 2562047h").is_ok());
}

#[test]
fn white_space_is_any_unicode_space() {
    let expr = "\u{3000}0\u{a0}3\t*\n*  *\n";
    let parsed = ok(expr);
    assert!(parsed.warnings.is_empty());
    assert_eq!(parsed.schedule.expression(), expr);
    assert_eq!(parsed.schedule.schedule, ok("0 3 * * *").schedule.schedule);
    // A zero-width space is not white space: it is part of the field.
    assert!(
        err("0\u{200b} 3 * * *")
            .message
            .contains("failed to parse int")
    );
}

#[test]
fn next_runs_stops_at_count_or_when_nothing_fires() {
    assert!(ok("0 3 * * *").schedule.next_runs(t(NOW), 0).is_empty());
    assert!(
        ok("0 0 31 2 *")
            .schedule
            .next_runs(t(NOW), usize::MAX)
            .is_empty()
    );
    // 2092 and 2096; from 2096-02-29 the next one (2104) is beyond robfig's five years.
    assert_eq!(
        ok("0 0 29 2 *")
            .schedule
            .next_runs(t("2090-01-01T00:00:00Z"), 100),
        [t("2092-02-29T00:00:00Z"), t("2096-02-29T00:00:00Z")]
    );
}

/// The day-skipping search against a plain minute-by-minute reading of the rules.
#[test]
fn the_search_agrees_with_a_minute_by_minute_walk() {
    fn brute(fields: &Fields, after: DateTime, minutes: i64) -> Option<DateTime> {
        let first = after.to_unix().div_euclid(60) * 60 + 60;
        (0..minutes)
            .map(|i| DateTime::from_unix(first + i * 60))
            .find(|m| {
                fields.minute & (1 << m.minute) != 0
                    && fields.hour & (1 << m.hour) != 0
                    && fields.month & (1 << m.month) != 0
                    && fields.day_matches(m.day, m.weekday())
            })
    }
    let exprs = [
        "0 3 * * *",
        "*/7 */5 * * *",
        "5-10 22-23 * * 0,6",
        "0 0 13 * 5",
        "0 12 */3 * 2",
        "30 0 1 */2 *",
        "0 0 31 * *",
        "15 4 28-31 2,3 *",
        "0 0 * 2,3 1",
        "59 23 1,15 * *",
    ];
    let afters = [
        NOW,
        "2026-12-31T23:59:59Z",
        "2027-02-28T23:59:00Z",
        "2028-02-28T12:34:56Z",
    ];
    for expr in exprs {
        let parsed = ok(expr);
        let Schedule::Fields(fields) = parsed.schedule.schedule else {
            unreachable!()
        };
        for after in afters {
            let expected = brute(&fields, t(after), 100 * 24 * 60);
            assert!(
                expected.is_some(),
                "{expr} after {after}: pick a denser schedule"
            );
            assert_eq!(
                fields.next_after(t(after)),
                expected,
                "{expr} after {after}"
            );
        }
    }
}

#[test]
fn nothing_panics_on_hostile_input() {
    let hostile = [
        "TZ=",
        "TZ=UTC",
        "CRON_TZ=",
        "TZ",
        "\0",
        "💥 * * * *",
        "* * * * 💥",
        "*/💥 * * * *",
        "@every 💥",
        "@💥",
        "@every 123456789012345678901234567890ns",
        "@every 0.00000000000000000000000000001h",
        "@every -9223372036854775808ns",
        "*/99999999999999999999 * * * *",
        "*/9223372036854775807 * * * *",
        "0-9223372036854775807 * * * *",
        "-",
        ",",
        "/",
        "*/",
        "--",
        "1-",
        "@",
        "?",
        ", , , , ,",
        "- - - - -",
        "/ / / / /",
        "* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *",
        "\u{feff}0 3 * * *",
        "0 3 * * *\u{feff}",
        "0 0 * * \u{212a}",
        "İİİ * * * *",
    ];
    let long = "1,".repeat(10_000) + " * * * *";
    for expr in hostile.iter().copied().chain([long.as_str()]) {
        check_no_panic(expr);
    }
    // Every string of up to three characters from an alphabet of troublemakers, alone and as
    // each field of an otherwise valid schedule.
    let alphabet = [
        "", " ", "*", "?", "-", "/", ",", "0", "7", "9", "L", "W", "#", "@", "T", "Z", "=", "é",
        "\t",
    ];
    for a in alphabet {
        for b in alphabet {
            for c in alphabet {
                let piece = format!("{a}{b}{c}");
                check_no_panic(&piece);
                for field in 0..5 {
                    let mut fields = ["0", "3", "*", "*", "*"].map(str::to_owned);
                    fields[field] = piece.clone();
                    check_no_panic(&fields.join(" "));
                }
            }
        }
    }
}

#[test]
fn help_texts_check_one_fix_not_one_per_bad_item() {
    // Found by the kubernetes_cron fuzz target: the help for day-of-week 7 parses the fixed
    // schedule, whose next 7 parsed its own fix, and so on: one nested parse per item, which
    // overflowed the stack with a few hundred items (and took quadratic time). `TZ=`
    // prefixes did the same.
    let sevens = format!("0 0 * * {}7", "7,".repeat(50_000));
    let issue = err(&sevens);
    assert!(
        issue
            .message
            .contains("end of range (7) above maximum (6): 7")
    );
    assert!(help(&issue).contains("write `0`"), "{issue:?}");
    let zones = format!("{}0 3 * * *", "TZ=UTC ".repeat(50_000));
    let issue = err(&zones);
    assert!(issue.message.contains("cannot use TZ"), "{issue:?}");
    assert_eq!(span(&zones, &issue), "TZ=UTC");
    // The fix is still checked where it matters.
    assert_eq!(
        help(&err("0 0 * * 7")),
        "Kubernetes numbers the days of the week 0–6 with Sunday as 0 and rejects 7 (unlike \
         Vixie cron): write `0`, as in `0 0 * * 0`"
    );
    assert_eq!(
        help(&err("0 0 * * 7,7")),
        "Kubernetes numbers the days of the week 0–6 with Sunday as 0 and rejects 7 (unlike \
         Vixie cron): write `0`"
    );
    assert!(help(&err("TZ=UTC 0 3 * * *")).ends_with("that leaves `0 3 * * *`"));
    assert!(!help(&err("TZ=UTC TZ=UTC 0 3 * * *")).contains("that leaves"));
}

fn check_no_panic(expr: &str) {
    let in_expr = |issue: &ValueIssue| {
        assert!(
            issue.range.start <= issue.range.end && issue.range.end <= expr.len(),
            "{expr:?}: {issue:?}"
        );
        assert!(
            expr.is_char_boundary(issue.range.start),
            "{expr:?}: {issue:?}"
        );
        assert!(
            expr.is_char_boundary(issue.range.end),
            "{expr:?}: {issue:?}"
        );
        assert!(!issue.message.is_empty());
    };
    match parse(expr) {
        Ok(parsed) => {
            parsed.warnings.iter().for_each(in_expr);
            let _ = parsed.schedule.next_runs(t(NOW), 3);
            let _ = parsed.schedule.next_after(DateTime {
                year: i32::MAX,
                month: 200,
                day: 200,
                hour: 200,
                minute: 200,
                second: 200,
            });
        }
        Err(issue) => in_expr(&issue),
    }
}
