//! Unit tests of the grammar and of resolution; `tests/gnu_date_input.rs` compares the whole
//! module with the real GNU `date`.

use super::*;

fn at(text: &str) -> DateTime {
    DateTime::parse_rfc3339(text).expect("a valid test time")
}

/// `input` resolved at `now`, as RFC 3339 text, or the issue's message.
fn show(input: &str, now: &str) -> String {
    match resolve(input, at(now)) {
        Ok(t) => t.to_string(),
        Err(issue) => format!("error: {}", issue.message),
    }
}

const NOW: &str = "2026-11-25T10:20:30Z"; // a Wednesday

#[test]
fn relative_items_with_and_without_ago() {
    assert_eq!(show("30 days ago", NOW), "2026-10-26T10:20:30Z");
    assert_eq!(show("30 days", NOW), "2026-12-25T10:20:30Z");
    assert_eq!(show("-30 days", NOW), "2026-10-26T10:20:30Z");
    assert_eq!(show("30 days hence", NOW), "2026-12-25T10:20:30Z");
    assert_eq!(show("2 weeks ago", NOW), "2026-11-11T10:20:30Z");
    // `a` is the military zone +01.
    assert_eq!(show("a fortnight ago", NOW), "2026-11-11T09:20:30Z");
    assert_eq!(show("fortnight ago", NOW), "2026-11-11T10:20:30Z");
    assert_eq!(show("-1 day ago", NOW), "2026-11-26T10:20:30Z");
    // `ago` negates only the item it follows.
    assert_eq!(show("1 hour 30 minutes ago", NOW), "2026-11-25T10:50:30Z");
    assert_eq!(show("now - 30 days", NOW), "2026-10-26T10:20:30Z");
    assert_eq!(show("30days ago", NOW), "2026-10-26T10:20:30Z");
}

#[test]
fn ago_applies_to_one_item_only() {
    let input = parse("1 year 2 months ago").unwrap();
    assert_eq!(input.relative().years, 1);
    assert_eq!(input.relative().months, -2);
    assert!(input.has_ago());
    assert!(parse("30 days ago ago").is_err());
}

#[test]
fn words_for_days() {
    assert_eq!(show("yesterday", NOW), "2026-11-24T10:20:30Z");
    assert_eq!(show("tomorrow", NOW), "2026-11-26T10:20:30Z");
    assert_eq!(show("today", NOW), NOW);
    assert_eq!(show("now", NOW), NOW);
    assert_eq!(show("last month", NOW), "2026-10-25T10:20:30Z");
    assert_eq!(show("this week", NOW), NOW);
    assert!(parse("yesterday ago").is_err());
}

#[test]
fn days_of_the_week_start_at_midnight() {
    assert_eq!(show("wednesday", NOW), "2026-11-25T00:00:00Z");
    assert_eq!(show("friday", NOW), "2026-11-27T00:00:00Z");
    assert_eq!(show("next wednesday", NOW), "2026-12-02T00:00:00Z");
    assert_eq!(show("last wednesday", NOW), "2026-11-18T00:00:00Z");
    assert_eq!(show("last friday", NOW), "2026-11-20T00:00:00Z");
    assert_eq!(show("this friday", NOW), "2026-11-27T00:00:00Z");
    assert_eq!(show("2 fri", NOW), "2026-12-04T00:00:00Z");
    assert_eq!(show("Fri, 12:00", NOW), "2026-11-27T12:00:00Z");
}

#[test]
fn month_arithmetic_normalises_like_mktime() {
    assert_eq!(
        show("1 month ago", "2026-03-31T00:00:00Z"),
        "2026-03-03T00:00:00Z"
    );
    assert_eq!(
        show("1 month", "2026-01-31T00:00:00Z"),
        "2026-03-03T00:00:00Z"
    );
    assert_eq!(
        show("1 year ago", "2024-02-29T12:00:00Z"),
        "2023-03-01T12:00:00Z"
    );
    assert_eq!(
        show("12 months ago", "2024-02-29T12:00:00Z"),
        "2023-03-01T12:00:00Z"
    );
    assert_eq!(
        show("1 day", "2026-12-31T23:59:59Z"),
        "2027-01-01T23:59:59Z"
    );
}

#[test]
fn absolute_dates() {
    assert_eq!(show("2024-01-01", NOW), "2024-01-01T00:00:00Z");
    assert_eq!(show("20240101", NOW), "2024-01-01T00:00:00Z");
    assert_eq!(show("1/31/24", NOW), "2024-01-31T00:00:00Z");
    assert_eq!(show("2024/1/31", NOW), "2024-01-31T00:00:00Z");
    assert_eq!(show("31 jan 2024", NOW), "2024-01-31T00:00:00Z");
    assert_eq!(show("31-Jan-2024", NOW), "2024-01-31T00:00:00Z");
    assert_eq!(show("jan 31, 2024", NOW), "2024-01-31T00:00:00Z");
    assert_eq!(show("Jan-31-2024", NOW), "2024-01-31T00:00:00Z");
    assert_eq!(show("jan 31 2024", NOW), "2024-01-31T00:00:00Z");
    assert_eq!(show("jan 31", NOW), "2026-01-31T00:00:00Z");
    assert_eq!(show("2024-01-01T12:30:15Z", NOW), "2024-01-01T12:30:15Z");
    assert_eq!(show("2024-01-01 12:30 +02:00", NOW), "2024-01-01T10:30:00Z");
    assert_eq!(show("2024-01-01 -1 day", NOW), "2023-12-31T00:00:00Z");
    assert!(show("2024-02-30", NOW).starts_with("error"));
    assert!(show("2024-13-01", NOW).starts_with("error"));
    assert!(show("2024-01-01 2024-01-02", NOW).starts_with("error"));
    // A lone T after a date must start an ISO time.
    assert!(parse("2024-01-01 T").is_err());
}

#[test]
fn times_and_meridians() {
    assert_eq!(show("12:00", NOW), "2026-11-25T12:00:00Z");
    assert_eq!(show("12am", NOW), "2026-11-25T00:00:00Z");
    assert_eq!(show("12 pm", NOW), "2026-11-25T12:00:00Z");
    assert_eq!(show("3:04:05 p.m.", NOW), "2026-11-25T15:04:05Z");
    assert_eq!(show("1230", NOW), "2026-11-25T12:30:00Z");
    assert_eq!(show("7", NOW), "2026-11-25T07:00:00Z");
    assert_eq!(show("", NOW), "2026-11-25T00:00:00Z");
    assert!(show("13pm", NOW).starts_with("error"));
    assert!(show("24:00", NOW).starts_with("error"));
    assert!(show("12:60", NOW).starts_with("error"));
    // An hour with a zone, then the unit `days` alone: one day later.
    assert_eq!(show("12:00 -5 days", NOW), "2026-11-26T17:00:00Z");
}

#[test]
fn zones() {
    assert_eq!(show("UTC", NOW), "2026-11-25T00:00:00Z");
    assert_eq!(show("12:00 UTC+2", NOW), "2026-11-25T10:00:00Z");
    assert_eq!(show("12:00 CEST", NOW), "2026-11-25T10:00:00Z");
    assert_eq!(show("12:00 EST DST", NOW), "2026-11-25T16:00:00Z");
    assert_eq!(show("12:00 Z", NOW), "2026-11-25T12:00:00Z");
    assert_eq!(show("12:00 UTC+05:30", NOW), "2026-11-25T06:30:00Z");
    assert!(show("12:00 UTC+25", NOW).starts_with("error"));
    assert!(show("UTC EST", NOW).starts_with("error"));
}

#[test]
fn epoch_seconds() {
    assert_eq!(show("@1700000000", NOW), "2023-11-14T22:13:20Z");
    assert_eq!(show("@ -1.5", NOW), "1969-12-31T23:59:58Z");
    assert!(parse("@1700000000 UTC").is_err());
    assert!(parse("now @1").is_err());
}

#[test]
fn numbers_after_dates_and_hybrids() {
    assert_eq!(show("jan 5 5", NOW), "2026-01-05T05:00:00Z");
    assert_eq!(show("jan 5 123", NOW), "0123-01-05T00:00:00Z");
    assert_eq!(show("20240101 +3 days", NOW), "2024-01-04T00:00:00Z");
    assert!(parse("5 +3 days ago").is_err());
}

#[test]
fn comments_and_case() {
    assert_eq!(show("30 DAYS AGO (retention)", NOW), "2026-10-26T10:20:30Z");
    assert_eq!(show("  30   Days   Ago  ", NOW), "2026-10-26T10:20:30Z");
    assert_eq!(show("30 days ago (unclosed", NOW), "2026-10-26T10:20:30Z");
    assert!(parse("30 days ago )").is_err());
}

#[test]
fn shape_of_the_input() {
    let input = parse("30 days ago").unwrap();
    assert!(input.is_purely_relative() && !input.has_absolute_parts());
    assert_eq!(
        input.items(),
        [Item {
            kind: ItemKind::Relative,
            start: 0,
            end: 11
        }]
    );
    let input = parse("2024-01-01 -1 day").unwrap();
    assert!(!input.is_purely_relative() && input.has_absolute_parts());
    assert!(parse("").unwrap().has_absolute_parts());
}

#[test]
fn rejections_point_at_the_offending_bytes() {
    let issue = parse("30 dayz ago").unwrap_err();
    assert_eq!(issue.range, 3..7);
    assert!(issue.message.contains("`dayz`"), "{}", issue.message);
    let issue = parse("days = 30").unwrap_err();
    assert_eq!(issue.range, 5..6);
    assert!(issue.help.unwrap().contains("timedelta"));
    let issue = resolve("P30D", at(NOW)).unwrap_err();
    assert!(issue.help.unwrap().contains("ISO 8601"));
    let issue = parse("30 jours é").unwrap_err();
    assert_eq!(&"30 jours é"[issue.range], "jours");
    let issue = parse("30 days é").unwrap_err();
    assert_eq!(&"30 days é"[issue.range], "é");
    let issue = resolve("2024-02-30 12:00", at(NOW)).unwrap_err();
    assert_eq!(issue.range, 0..16);
    assert!(parse("TZ=\"Europe/Berlin\" now").is_err());
}

#[test]
fn retention_days_rounds_up() {
    let now = at("2026-12-31T23:59:59Z");
    assert_eq!(retention_days("30 days ago", now).unwrap(), 30);
    assert_eq!(retention_days("1 second ago", now).unwrap(), 1);
    assert_eq!(retention_days("now", now).unwrap(), 0);
    assert_eq!(retention_days("1 second", now).unwrap(), 0);
    assert_eq!(retention_days("25 hours ago", now).unwrap(), 2);
    assert_eq!(retention_days("365 days ago", now).unwrap(), 365);
    assert!(retention_days("days = 30", now).is_err());
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let now = at(NOW);
    for input in [
        "9223372036854775807 days",
        "9223372036854775807 weeks",
        "9223372036854775807 years",
        "2147483647 years",
        "-9223372036854775808 seconds ago",
        "9223372036854775807 hours",
        "@9223372036854775807",
        "@-9223372036854775808",
        "0.9 sec 0.9 sec 0.9 sec",
        "2147483647-12-31",
        "9999999999999999999",
        "99999999999999999 (x)",
        "12:4294967296",
        "last 9223372036854775807 fri",
    ] {
        let _ = resolve(input, now);
        let _ = retention_days(input, now);
    }
    // gnulib's nanoseconds are an `int`: three fractions overflow it.
    assert!(parse("0.9 sec 0.9 sec 0.9 sec").is_err());
    assert!(resolve("9223372036854775807 hours", now).is_err());
}

#[test]
fn hostile_input_is_bounded() {
    let long = "1 day ".repeat(MAX_INPUT_LEN / 6);
    assert!(parse(&long).is_ok());
    assert!(parse(&"x".repeat(MAX_INPUT_LEN + 1)).is_err());
    let nested = format!("{}{}", "(".repeat(4000), ")".repeat(96));
    assert!(parse(&nested).is_ok());
    let junk: String = (0..MAX_INPUT_LEN as u32)
        .map(|i| char::from_u32(i * 7919 % 0x2000 + 1).unwrap_or('x'))
        .collect::<String>()
        .chars()
        .take(1000)
        .collect();
    let _ = resolve(&junk, at(NOW));
    assert!(parse("30 days\0 ago").is_err());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Fragments of the grammar, so that random inputs reach deep into the parser.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9]{1,20}",
            "[-+] ?[0-9]{1,4}",
            "[0-9]{1,3}[.,][0-9]{1,12}",
            prop::sample::select(vec![
                "days",
                "week",
                "month",
                "years",
                "hour",
                "min",
                "sec",
                "ago",
                "hence",
                "last",
                "next",
                "this",
                "third",
                "now",
                "today",
                "yesterday",
                "fri",
                "monday",
                "jan",
                "sept.",
                "UTC",
                "EST",
                "CEST",
                "DST",
                "T",
                "Z",
                "J",
                "am",
                "p.m.",
                ":",
                "/",
                ",",
                "@",
                "(",
                ")",
                "-",
                "é",
                "\t",
            ])
            .prop_map(str::to_owned),
        ]
    }

    fn now() -> impl Strategy<Value = DateTime> {
        // 1900 to 2200.
        (-2_208_988_800i64..7_258_118_400).prop_map(DateTime::from_unix)
    }

    proptest! {
        #[test]
        fn never_panics_and_issues_point_inside(
            input in prop_oneof![
                ".{0,200}",
                prop::collection::vec(fragment(), 0..8).prop_map(|f| f.join(" ")),
                prop::collection::vec(fragment(), 0..8).prop_map(|f| f.concat()),
            ],
            now in now(),
        ) {
            match parse(&input).and_then(|p| p.resolve_precise(now)) {
                Ok((_, nanoseconds)) => prop_assert!(nanoseconds < 1_000_000_000),
                Err(issue) => {
                    let range = issue.range;
                    prop_assert!(range.start <= range.end && range.end <= input.len());
                    prop_assert!(input.is_char_boundary(range.start));
                    prop_assert!(input.is_char_boundary(range.end));
                }
            }
        }

        #[test]
        fn days_ago_is_whole_days_back(days in 0i64..100_000, now in now()) {
            let input = format!("{days} days ago");
            let back = resolve(&input, now).unwrap();
            prop_assert_eq!(back.to_unix(), now.to_unix() - days * 86_400);
            prop_assert_eq!(retention_days(&input, now).unwrap(), days);
            // Without `ago`, the same count points into the future.
            // bash's division truncates toward zero: `N days` is -(N - 1) days, and 0 for 0.
            prop_assert_eq!(
                retention_days(&format!("{days} days"), now).unwrap(),
                -((days - 1).max(0))
            );
        }

        #[test]
        fn months_ago_keeps_the_time_and_normalises_the_day(months in 0i64..1200, now in now()) {
            let back = resolve(&format!("{months} months ago"), now).unwrap();
            prop_assert_eq!((back.hour, back.minute, back.second), (now.hour, now.minute, now.second));
            // The month is the target month, or the one after when the day overflowed it.
            let target = (i64::from(now.year) * 12 + i64::from(now.month) - 1) - months;
            let got = i64::from(back.year) * 12 + i64::from(back.month) - 1;
            prop_assert!(got == target || (got == target + 1 && back.day <= 3));
        }
    }
}
