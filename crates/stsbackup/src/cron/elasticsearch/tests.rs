use super::fields::Field;
use super::java::{java_digit, java_parse_int};
use super::*;

/// The reference instant of the project's examples: Wednesday 2026-11-25, 10:00 UTC.
const AFTER: &str = "2026-11-25T10:00:00Z";

fn at(text: &str) -> DateTime {
    DateTime::parse_rfc3339(text).unwrap_or_else(|| panic!("bad test time {text}"))
}

fn ok(expr: &str) -> ParsedCron<ElasticsearchCron> {
    parse(expr).unwrap_or_else(|issue| panic!("{expr:?} should parse: {issue:?}"))
}

fn clean(expr: &str) -> ElasticsearchCron {
    let parsed = ok(expr);
    assert!(
        parsed.warnings.is_empty(),
        "{expr:?}: unexpected warnings {:?}",
        parsed.warnings
    );
    parsed.schedule
}

fn err(expr: &str) -> ValueIssue {
    match parse(expr) {
        Ok(parsed) => panic!("{expr:?} should fail, got warnings {:?}", parsed.warnings),
        Err(issue) => issue,
    }
}

/// The text an issue points at.
fn pointed<'e>(expr: &'e str, issue: &ValueIssue) -> &'e str {
    &expr[issue.range.start..issue.range.end]
}

fn runs(expr: &str, after: &str, count: usize) -> Vec<String> {
    ok(expr)
        .schedule
        .next_runs(at(after), count)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn only_warning(expr: &str) -> ValueIssue {
    let parsed = ok(expr);
    assert_eq!(parsed.warnings.len(), 1, "{expr:?}: {:?}", parsed.warnings);
    parsed.warnings[0].clone()
}

// --- What Elasticsearch accepts -------------------------------------------------------------

#[test]
fn reference_valid_examples_parse_cleanly() {
    for expr in [
        "0 0 3 * * ?",
        "0 30 1 * * ?",
        "0 0 12 1/5 * ?",
        "0 15 10 ? * 6#3",
        "0 0 0 L * ?",
        "0 0 2 ? * MON-FRI",
        "0 0 3 * * ? 2030",
        "0 0 3 ? * *",
        "0 0 22-2 * * ?",
        "0 0 3 ? NOV-FEB MON",
        "0 0 12 LW * ?",
        "0 0 12 L-3 * ?",
        "0 0 12 L-3W * ?",
        "0 0 12 15W * ?",
        "0 0 12 ? * 6L",
        "0 0 12 ? * FRIL",
        "0 0 12 ? * FRI#3",
        "0 0 3 ? * L",
        "0/15 */7 1-5/2 ? JAN-MAR,OCT MON-FRI",
        "0 0 3 * * ? 2027-2030",
        "0 0 3 * * ? 2027/2",
        "  0  0\u{20}3 * * ?  ",
        "0 0 3 ? * SAT-MON",
    ] {
        clean(expr);
    }
}

#[test]
fn names_and_specials_are_case_insensitive() {
    let lower = clean("0 0 2 ? jan-mar mon-fri");
    let upper = clean("0 0 2 ? JAN-MAR MON-FRI");
    assert_eq!(lower.rules, upper.rules);
    assert_eq!(clean("0 0 0 lw * ?").rules, clean("0 0 0 LW * ?").rules);
    // The expression is kept as written.
    assert_eq!(lower.expression(), "0 0 2 ? jan-mar mon-fri");
}

// --- What Elasticsearch rejects -------------------------------------------------------------

#[test]
fn both_day_fields_restricted_quotes_elasticsearch() {
    let expr = "0 0 3 * * *";
    let issue = err(expr);
    assert_eq!(
        issue.message,
        "Elasticsearch rejects this schedule: Support for specifying both a day-of-week AND a \
         day-of-month parameter is not implemented."
    );
    assert_eq!(pointed(expr, &issue), "* * *");
    assert!(
        issue.help.as_deref().unwrap().contains("`0 0 3 * * ?`"),
        "{issue:?}"
    );

    let issue = err("0 0 3 * * MON");
    assert!(
        issue.help.as_deref().unwrap().contains("`0 0 3 ? * MON`"),
        "{issue:?}"
    );
    let issue = err("0 0 3 15 * MON");
    let help = issue.help.unwrap();
    assert!(
        help.contains("`0 0 3 15 * ?`") && help.contains("`0 0 3 ? * MON`"),
        "{help}"
    );
}

#[test]
fn question_mark_rules() {
    let expr = "0 0 3 ? * ?";
    let issue = err(expr);
    assert_eq!(
        issue.message,
        "Elasticsearch rejects this schedule: '?' can only be specified for Day-of-Month -OR- \
         Day-of-Week."
    );
    assert_eq!((issue.range.start, issue.range.end), (10, 11));
    assert!(issue.help.unwrap().contains("`0 0 3 * * ?`"));

    let expr = "0 0 ? * * ?";
    let issue = err(expr);
    assert_eq!(
        issue.message,
        "Elasticsearch rejects this schedule: '?' can only be specified for Day-of-Month or \
         Day-of-Week."
    );
    assert_eq!(pointed(expr, &issue), "?");

    let expr = "0 0 3 * * ?XY";
    assert!(
        err(expr)
            .message
            .contains("Illegal character [X] after '?'")
    );
    // `98` in day-of-week is Elasticsearch's own `?`: neither day field is then restricted.
    assert!(
        err("0 0 3 ? * 98")
            .message
            .contains("Support for specifying both")
    );
}

#[test]
fn reference_invalid_examples() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "0 0 3 ? * 0",
            "Day-of-Week values must be between 1 and 7",
            "0",
        ),
        (
            "0 60 3 * * ?",
            "Minute and Second values must be between 0 and 59",
            "60",
        ),
        (
            "60 0 3 * * ?",
            "Minute and Second values must be between 0 and 59",
            "60",
        ),
        ("0 0 24 * * ?", "Hour values must be between 0 and 23", "24"),
        (
            "0 0 3 0 * ?",
            "Day of month values must be between 1 and 31",
            "0",
        ),
        (
            "0 0 3 32 * ?",
            "Day of month values must be between 1 and 31",
            "32",
        ),
        ("0 0 3 * 0 ?", "Month values must be between 1 and 12", "0"),
        (
            "0 0 3 * 1-13 ?",
            "Month values must be between 1 and 12",
            "1-13",
        ),
        (
            "0 0 3 ? * 8",
            "Day-of-Week values must be between 1 and 7",
            "8",
        ),
        (
            "0 0 3 ? * 6#6",
            "A numeric value between 1 and 5 must follow the '#' option",
            "6",
        ),
        (
            "0 0 3 ? * 6#0",
            "A numeric value between 1 and 5 must follow the '#' option",
            "0",
        ),
        (
            "0 0 3 ? * 6#",
            "A numeric value between 1 and 5 must follow the '#' option",
            "#",
        ),
        (
            "0 0 3 ? * 6#3X",
            "A numeric value between 1 and 5 must follow the '#' option",
            "3X",
        ),
        (
            "0 0 3 ? * MON#9",
            "A numeric value between 1 and 5 must follow the '#' option",
            "9",
        ),
        (
            "0 0 3 ? * 6#3,2#1",
            "Support for specifying multiple \"nth\" days",
            "6#3,2#1",
        ),
        ("0 0 3 ? * #3", "Unexpected character [#]", "#"),
        ("0 0 3 3#2 * ?", "'#' option is not valid here.", "#"),
        (
            "0 0 3 L,15 * ?",
            "'L' and 'LW' with other days of the month",
            "L,15",
        ),
        ("0 0 3 ? * 6L,2", "'L' with other days of the week", "6L,2"),
        ("0 0 3 L-31 * ?", "Offset from last day must be <= 30", "31"),
        ("0 0 3 L- * ?", "`L-` needs a number after `-`", "L-"),
        ("0 0 5L * * ?", "'L' option is not valid here.", "L"),
        (
            "0 0 3 ? * 8L",
            "Day-of-Week values must be between 1 and 7",
            "8",
        ),
        ("0 0 3 32W * ?", "The 'W' option does not make sense", "32"),
        ("0 0 3 ? * 5W", "'W' option is not valid here.", "W"),
        ("0 */60 * * * ?", "Increment [60] > 60", "60"),
        ("0 0 */24 * * ?", "Increment [24] > 24", "24"),
        ("0 0 0 */32 * ?", "Increment [32] > 31", "32"),
        ("0 0 0 ? * */8", "Increment [8] > 7", "8"),
        ("0 0 0 * /13 ?", "Increment [13] > 12", "13"),
        ("0 */5X * * * ?", "The step `5X` is not a number", "5X"),
        ("0 / * * * ?", "'/' must be followed by an integer.", "/"),
        ("0 */ * * * ?", "Unexpected end of string.", "/"),
        ("0 5/ * * * ?", "`5/` ends without a step", "/"),
        ("0 5/2X * * * ?", "Unexpected character [X] after '/'", "X"),
        ("0 5- * * * ?", "`5-` ends without a range end", "-"),
        ("0 5-X * * * ?", "The range end `X` is not a number", "X"),
        ("0 0 3 * FOO ?", "Invalid Month value [FOO]", "FOO"),
        ("0 0 3 * JA ?", "`JA` is not a valid month value", "JA"),
        (
            "0 0 3 * JAN-FE ?",
            "`JAN-FE` is not a valid month value",
            "FE",
        ),
        ("0 0 3 * JAN-3XY ?", "Invalid Month value [3XY]", "3XY"),
        ("0 0 3 ? * FOO", "Invalid Day-of-Week value [FOO]", "FOO"),
        ("0 0 ABC * * ?", "Illegal characters [ABC]", "ABC"),
        ("0 0 3 1-FEB * ?", "The range end `F` is not a number", "F"),
        (
            "0 0 3 * * ? 2030-2020",
            "Start year must be less than stop year",
            "2030-2020",
        ),
        (
            "0 0 99999999999 * * ?",
            "The number `99999999999` is too large",
            "99999999999",
        ),
        ("0 0 3 , * ?", "The day-of-month field has no value", ","),
        ("0 0 3 é * ?", "Unexpected character [É]", "é"),
    ];
    for &(expr, text, at) in cases {
        let issue = err(expr);
        assert!(
            issue
                .message
                .starts_with("Elasticsearch rejects this schedule: "),
            "{expr:?}: {}",
            issue.message
        );
        assert!(issue.message.contains(text), "{expr:?}: {}", issue.message);
        assert_eq!(pointed(expr, &issue), at, "{expr:?}: {issue:?}");
    }
}

#[test]
fn helpful_hints_on_common_mistakes() {
    let help = err("0 0 3 ? * 0").help.unwrap();
    assert!(help.contains("for Sunday write 1 or SUN"), "{help}");
    let help = err("0 */60 * * * ?").help.unwrap();
    assert!(help.contains("59"), "{help}");
}

#[test]
fn kubernetes_cron_gets_its_elasticsearch_equivalent() {
    let cases = [
        ("0 3 * * *", "0 0 3 * * ?"),
        ("30 2 * * 1-5", "0 30 2 ? * 2-6"),
        ("0 0 * * 0", "0 0 0 ? * 1"),
        ("0 0 * * 0,6", "0 0 0 ? * 1,7"),
        ("0 0 * * sun", "0 0 0 ? * sun"),
        ("0 0 1,15 * *", "0 0 0 1,15 * ?"),
        ("*/15 * * * *", "0 */15 * * * ?"),
        ("0 4 ? * *", "0 0 4 * * ?"),
        ("0 0 * * */2", "0 0 0 ? * */2"),
    ];
    for (kubernetes, elasticsearch) in cases {
        let issue = err(kubernetes);
        assert!(
            issue.message.contains("Unexpected end of expression"),
            "{issue:?}"
        );
        assert!(issue.message.contains("Kubernetes"), "{issue:?}");
        assert_eq!((issue.range.start, issue.range.end), (0, kubernetes.len()));
        let help = issue.help.unwrap();
        assert!(
            help.contains(&format!("`{elasticsearch}`")),
            "{kubernetes}: {help}"
        );
        clean(elasticsearch);
    }
    // Kubernetes ORs the two day fields; Elasticsearch cannot.
    let help = err("0 0 13 * 5").help.unwrap();
    assert!(help.contains("either day field"), "{help}");
    // No clean equivalent (`*/60` is fine in Kubernetes, refused by Elasticsearch).
    let help = err("*/60 * * * *").help.unwrap();
    assert!(help.contains("`0 0 3 * * ?`"), "{help}");
}

#[test]
fn shorthands_and_time_zone_prefixes() {
    for (shorthand, cron) in [
        ("@daily", "0 0 0 * * ?"),
        ("@midnight", "0 0 0 * * ?"),
        ("@hourly", "0 0 * * * ?"),
        ("@weekly", "0 0 0 ? * SUN"),
        ("@monthly", "0 0 0 1 * ?"),
        ("@yearly", "0 0 0 1 1 ?"),
        ("@annually", "0 0 0 1 1 ?"),
    ] {
        let issue = err(shorthand);
        assert!(
            issue.message.contains("Unexpected character [@]"),
            "{issue:?}"
        );
        assert_eq!((issue.range.start, issue.range.end), (0, shorthand.len()));
        assert!(issue.help.unwrap().contains(&format!("`{cron}`")));
        clean(cron);
    }
    let issue = err("@every 1h");
    assert_eq!(issue.range.end, "@every 1h".len());
    assert!(issue.help.unwrap().contains("6-field"));

    let expr = "CRON_TZ=UTC 0 3 * * *";
    let issue = err(expr);
    assert_eq!(pointed(expr, &issue), "CRON_TZ=UTC");
    assert!(
        issue.message.contains("illegal characters [CRO]"),
        "{issue:?}"
    );
    let help = issue.help.unwrap();
    assert!(
        help.contains("UTC") && help.contains("`0 0 3 * * ?`"),
        "{help}"
    );
}

#[test]
fn too_few_fields_and_empty_input() {
    let issue = err("0 0 3");
    assert!(issue.message.contains("Unexpected end of expression"));
    assert!(issue.message.contains("3 fields"));
    assert_eq!((issue.range.start, issue.range.end), (5, 5));
    for expr in ["", "   ", "\u{a0}"] {
        let issue = err(expr);
        assert!(
            issue
                .message
                .starts_with("Elasticsearch rejects this schedule"),
            "{issue:?}"
        );
        assert!(issue.range.start <= expr.len() && issue.range.end <= expr.len());
    }
}

// --- Our errors: accepted by Elasticsearch, but never run or run wrongly --------------------

fn refused(expr: &str) -> ValueIssue {
    let issue = err(expr);
    assert!(
        !issue.message.starts_with("Elasticsearch rejects"),
        "{expr:?} should be refused by us, not by Elasticsearch: {}",
        issue.message
    );
    issue
}

#[test]
fn tokens_after_the_year_are_refused() {
    let expr = "0 0 3 * * ? 2030 extra tokens";
    let issue = refused(expr);
    assert_eq!(pointed(expr, &issue), "extra tokens");
    assert!(issue.message.contains("would accept"), "{issue:?}");
    assert!(issue.message.contains("ignores everything after the year"));
}

#[test]
fn internal_markers_are_refused() {
    let expr = "0 0 99 * * ?";
    let issue = refused(expr);
    assert_eq!(pointed(expr, &issue), "99");
    assert!(issue.message.contains("marker for `*`"), "{issue:?}");
    assert!(issue.message.contains("every hour"), "{issue:?}");

    let expr = "0 0 3 98 * MON";
    let issue = refused(expr);
    assert_eq!(pointed(expr, &issue), "98");
    assert!(issue.message.contains("marker for `?`"), "{issue:?}");

    for expr in [
        "99 0 3 * * ?",
        "0 0 3 * 99 ?",
        "0 0 3 ? * 99",
        "0 0 3 * * ? 99",
        "0 0 99-5 * * ?",
    ] {
        assert!(refused(expr).message.contains("marker"), "{expr}");
    }
    let expr = "0 0 3 ? * 99#2";
    assert_eq!(pointed(expr, &refused(expr)), "99");
}

#[test]
fn explicit_years_outside_1970_to_2099_are_refused() {
    for (expr, year) in [
        ("0 0 3 * * ? 1900", "1900"),
        ("0 0 3 * * ? 2200", "2200"),
        ("0 0 3 * * ? 2030,1969", "1969"),
        ("0 0 3 * * ? 2090-2100", "2100"),
        ("0 0 3 * * ? 5", "5"),
        ("0 0 3 * * ? 98", "98"),
        ("0 0 3 * * ? 1969/10", "1969"),
    ] {
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), year, "{expr}");
        assert!(issue.message.contains("outside 1970-2099"), "{issue:?}");
        assert!(issue.message.contains("would accept"), "{issue:?}");
    }
    clean("0 0 3 * * ? 1970");
    clean("0 0 3 * * ? 2099");
}

#[test]
fn weekdays_outside_one_to_seven_after_hash_are_refused() {
    let expr = "0 0 3 ? * 0#3";
    let issue = refused(expr);
    assert_eq!(pointed(expr, &issue), "0#3");
    assert!(issue.help.unwrap().contains("SUN#n"));
    assert_eq!(pointed("0 0 3 ? * 8#2", &refused("0 0 3 ? * 8#2")), "8#2");
}

#[test]
fn steps_that_overflow_java_int_are_refused() {
    let expr = "5/2147483647 * * * * ?";
    let issue = refused(expr);
    assert_eq!(pointed(expr, &issue), "5/2147483647");
    assert!(issue.message.contains("overflow a Java int"), "{issue:?}");
    refused("0 0 3 * * ? 2000/2147483000");
    // A huge step that does not overflow just leaves the start value.
    let warning = only_warning("0/2147483647 0 3 * * ?");
    assert!(warning.message.contains("selects only 0"), "{warning:?}");
}

#[test]
fn non_ascii_text_is_refused_even_when_elasticsearch_reads_it() {
    // `ſ` upper-cases to `S`, so Elasticsearch reads `ſun` as SUN.
    let expr = "0 0 3 ? * ſun";
    let issue = refused(expr);
    assert_eq!(pointed(expr, &issue), "ſ");
    assert!(issue.message.contains("U+017F"), "{issue:?}");
    // Java's parseInt reads any Unicode digit: `6#٣` is the third Friday to Elasticsearch.
    let expr = "0 0 3 ? * 6#٣";
    assert_eq!(pointed(expr, &refused(expr)), "٣");
    // Skipped text after a number is read past, but still refused.
    let expr = "0 0 3é * * ?";
    assert_eq!(pointed(expr, &refused(expr)), "é");
}

#[test]
fn characters_that_break_the_json_request_are_refused() {
    for (expr, bad) in [
        ("0 0 3 * * \"?\"", "\""),
        ("0 0 3 * * \\?", "\\"),
        ("0 0 3\t* * ?", "\t"),
        ("0 0 3 * * ?\n", "\n"),
        ("0 0 3 * * ?\u{0}", "\u{0}"),
        ("0 0 3 * * ?\u{7f}", "\u{7f}"),
    ] {
        let issue = refused(expr);
        assert_eq!(pointed(expr, &issue), bad, "{expr:?}");
        assert!(issue.message.contains("JSON"), "{issue:?}");
    }
}

// --- Warnings: accepted by skipping or reinterpreting input ---------------------------------

#[test]
fn skipped_text_is_a_warning_that_says_what_runs() {
    let cases = [
        ("0 0 3PM * * ?", "reads `3PM` as `3` and ignores `PM`", "PM"),
        (
            "0 0 3 ? * MONDAY",
            "reads `MONDAY` as `MON` and ignores `DAY`",
            "DAY",
        ),
        (
            "0 0 3 ? * monday",
            "reads `monday` as `mon` and ignores `day`",
            "day",
        ),
        ("0 *X 3 * * ?", "reads `*X` as `*` and ignores `X`", "X"),
        (
            "0 0 3 ? * MON-FRI/2",
            "reads `MON-FRI/2` as `MON-FRI` and ignores `/2`",
            "/2",
        ),
        (
            "0 0 3 * JANUARY ?",
            "reads `JANUARY` as `JAN` and ignores `UARY`",
            "UARY",
        ),
        ("0 0 3 * * ?X", "reads `?X` as `?` and ignores `X`", "X"),
        (
            "0 0 1-5X * * ?",
            "reads `1-5X` as `1-5` and ignores `X`",
            "X",
        ),
        (
            "0 0 1-5/2X * * ?",
            "reads `1-5/2X` as `1-5/2` and ignores `X`",
            "X",
        ),
        (
            "0 5/23X * * * ?",
            "reads `5/23X` as `5/23` and ignores `X`",
            "X",
        ),
        (
            "0 0 3 ? * 1-3#2",
            "reads `1-3#2` as `1-3` and ignores `#2`",
            "#2",
        ),
        ("0 0 3 ? * 6LX", "reads `6LX` as `6L` and ignores `X`", "X"),
        (
            "0 0 3 15WX * ?",
            "reads `15WX` as `15W` and ignores `X`",
            "X",
        ),
        ("0 0 3 ? * L-3", "reads `L-3` as `L` and ignores `-3`", "-3"),
    ];
    for (expr, text, at) in cases {
        let warning = only_warning(expr);
        assert!(
            warning.message.contains(text),
            "{expr}: {}",
            warning.message
        );
        assert_eq!(pointed(expr, &warning), at, "{expr}");
    }
    let warning = only_warning("0 0 3PM * * ?");
    assert!(warning.help.unwrap().contains("`15`"));
    assert!(only_warning("0 0 3 ? * L-3").message.contains("Saturday"));
}

#[test]
fn empty_list_items_are_warnings() {
    let expr = "0 0 1,,15 * * ?";
    let warning = only_warning(expr);
    assert!(warning.message.contains("Empty item"), "{warning:?}");
    assert_eq!((warning.range.start, warning.range.end), (6, 7));
    assert_eq!(ok(expr).schedule.rules, clean("0 0 1,15 * * ?").rules);
    assert_eq!(ok("0 ,5, 3 * * ?").warnings.len(), 2);
}

#[test]
fn uncapped_steps_after_a_number_select_only_the_start() {
    for (expr, item, value) in [
        ("0 0/60 * * * ?", "0/60", "0"),
        ("0 5/90 * * * ?", "5/90", "5"),
        ("0 0 0 ? * 1/8", "1/8", "1"),
        ("0 0 0 1 7/6 ?", "7/6", "7"),
        ("0 0/0 * * * ?", "0/0", "0"),
        ("0 0 0 ? * */7", "*/7", "1"),
    ] {
        let warning = only_warning(expr);
        assert_eq!(pointed(expr, &warning), item, "{expr}");
        assert!(
            warning.message.contains(&format!("selects only {value}")),
            "{warning:?}"
        );
    }
    assert_eq!(
        runs("0 0/60 * * * ?", AFTER, 2),
        ["2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z"]
    );
    assert_eq!(
        runs("0 0 0 1 7/6 ?", AFTER, 2),
        ["2027-07-01T00:00:00Z", "2028-07-01T00:00:00Z"]
    );
}

#[test]
fn non_positive_steps_after_a_star_are_dropped() {
    for expr in ["0 */0 * * * ?", "0 */-5 * * * ?", "0 /0 * * * ?"] {
        let warning = only_warning(expr);
        assert!(warning.message.contains("as `*`"), "{warning:?}");
        assert_eq!(ok(expr).schedule.rules.set(Field::Minute).len(), 61);
    }
}

#[test]
fn w_and_hash_in_lists_say_which_day_really_counts() {
    let warning = only_warning("0 0 0 1W,15 * ?");
    assert!(warning.message.contains("smallest day, 1"), "{warning:?}");
    assert!(warning.message.contains("nearest the 1st"), "{warning:?}");
    // Order does not matter: the smallest day wins, even without the `W` on it.
    assert!(
        only_warning("0 0 0 15W,1 * ?")
            .message
            .contains("nearest the 1st")
    );

    let warning = only_warning("0 0 0 ? * 5#2,3");
    assert!(warning.message.contains("2nd Tuesday"), "{warning:?}");
    assert_eq!(
        runs("0 0 0 ? * 5#2,3", AFTER, 2),
        ["2026-12-08T00:00:00Z", "2027-01-12T00:00:00Z"]
    );
    assert_eq!(
        runs("0 0 0 1W,15 * ?", AFTER, 2),
        ["2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"]
    );
}

#[test]
fn other_quirks_are_warnings() {
    let warning = only_warning("0 0 3 5-0 * ?");
    assert!(warning.message.contains("reads it as 5-31"), "{warning:?}");
    let warning = only_warning("0 0 3 L-W * ?");
    assert!(warning.message.contains("as `LW`"), "{warning:?}");
    assert_eq!(
        ok("0 0 3 L-W * ?").schedule.rules,
        clean("0 0 3 LW * ?").rules
    );

    let expr = "0 0 3 ?,5 * MON";
    let warning = only_warning(expr);
    assert!(warning.message.contains("mixes `?`"), "{warning:?}");
    assert_eq!(pointed(expr, &warning), "?,5");
}

// --- Accepted but never fires ---------------------------------------------------------------

#[test]
fn schedules_that_never_fire_parse_and_have_no_next_run() {
    for expr in [
        "0 0 0 30 2 ?",
        "0 0 0 31 4 ?",
        "0 0 0 29 2 ? 2027",
        "0 0 3 * * ? 2025",
        "0 0 3 * * ? 1970-2000",
        "0 0 0 ? 2 1#5 2027-2031",
    ] {
        assert_eq!(clean(expr).next_after(at(AFTER)), None, "{expr}");
    }
    // Never fires because of one item, which also gets a warning.
    for expr in [
        "L 0 3 * * ?",
        "0 LW 3 * * ?",
        "0 0 3 0W * ?",
        "0 0 3 ? * ,",
        "0 0 3 * L ?",
    ] {
        let parsed = ok(expr);
        assert!(!parsed.warnings.is_empty(), "{expr}");
        assert_eq!(parsed.schedule.next_after(at(AFTER)), None, "{expr}");
    }
    let warnings = ok("L 0 3 * * ?").warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("`L` means nothing")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.message.contains("never runs")),
        "{warnings:?}"
    );
    assert!(only_warning("0 0 3 0W * ?").message.contains("never runs"));
}

// --- Next fire times (checked against Elasticsearch's Cron.java) ----------------------------

#[test]
fn default_schedule() {
    assert_eq!(
        runs("0 0 3 * * ?", AFTER, 3),
        [
            "2026-11-26T03:00:00Z",
            "2026-11-27T03:00:00Z",
            "2026-11-28T03:00:00Z"
        ]
    );
    // Strictly after: a run exactly at `after` is not returned.
    assert_eq!(
        runs("0 0 3 * * ?", "2026-11-26T03:00:00Z", 1),
        ["2026-11-27T03:00:00Z"]
    );
    assert_eq!(
        runs("0 0 3 * * ?", "2026-11-26T02:59:59Z", 1),
        ["2026-11-26T03:00:00Z"]
    );
}

#[test]
fn last_day_of_month() {
    assert_eq!(
        runs("0 0 12 L * ?", AFTER, 3),
        [
            "2026-11-30T12:00:00Z",
            "2026-12-31T12:00:00Z",
            "2027-01-31T12:00:00Z"
        ]
    );
    assert_eq!(
        runs("0 0 12 L-3 * ?", AFTER, 4),
        [
            "2026-11-27T12:00:00Z",
            "2026-12-28T12:00:00Z",
            "2027-01-28T12:00:00Z",
            "2027-02-25T12:00:00Z"
        ]
    );
    assert_eq!(
        runs("0 0 0 L 2 ?", AFTER, 2),
        ["2027-02-28T00:00:00Z", "2028-02-29T00:00:00Z"]
    );
}

#[test]
fn last_weekday_and_nearest_weekday() {
    assert_eq!(
        runs("0 0 12 LW * ?", AFTER, 4),
        [
            "2026-11-30T12:00:00Z",
            "2026-12-31T12:00:00Z",
            "2027-01-29T12:00:00Z",
            "2027-02-26T12:00:00Z"
        ]
    );
    // 15 Nov 2026 has passed; 15 May 2027 is a Saturday (the Friday wins).
    assert_eq!(
        runs("0 0 12 15W * ?", AFTER, 3),
        [
            "2026-12-15T12:00:00Z",
            "2027-01-15T12:00:00Z",
            "2027-02-15T12:00:00Z"
        ]
    );
    assert_eq!(runs("0 0 12 15W 5 ?", AFTER, 1), ["2027-05-14T12:00:00Z"]);
    // 1 May 2027 is a Saturday: `1W` does not jump back into April, it moves to Monday 3rd.
    assert_eq!(runs("0 0 12 1W 5 ?", AFTER, 1), ["2027-05-03T12:00:00Z"]);
    // 30 April 2028 is a Sunday: back to Friday 28th, not forward into May.
    assert_eq!(
        runs("0 0 0 30W 4 ?", AFTER, 2),
        ["2027-04-30T00:00:00Z", "2028-04-28T00:00:00Z"]
    );
    assert_eq!(
        runs("0 0 12 L-3W * ?", AFTER, 3),
        [
            "2026-11-27T12:00:00Z",
            "2026-12-28T12:00:00Z",
            "2027-01-28T12:00:00Z"
        ]
    );
}

#[test]
fn nearest_weekday_past_the_end_of_a_short_month_follows_java() {
    // Java's lenient calendar turns 31 April into 1 May; when that is a Saturday the
    // schedule fires on Friday 30 April, and June 2027 (31 June = Thursday 1 July) is skipped.
    assert_eq!(
        runs("0 0 12 31W * ?", "2027-03-25T10:00:00Z", 4),
        [
            "2027-03-31T12:00:00Z",
            "2027-04-30T12:00:00Z",
            "2027-05-31T12:00:00Z",
            "2027-07-30T12:00:00Z"
        ]
    );
}

#[test]
fn nth_and_last_weekday_of_month() {
    assert_eq!(
        runs("0 0 12 ? * 6#3", AFTER, 3),
        [
            "2026-12-18T12:00:00Z",
            "2027-01-15T12:00:00Z",
            "2027-02-19T12:00:00Z"
        ]
    );
    assert_eq!(
        runs("0 15 10 ? * FRI#3", AFTER, 1),
        ["2026-12-18T10:15:00Z"]
    );
    assert_eq!(
        runs("0 0 12 ? * 6L", AFTER, 3),
        [
            "2026-11-27T12:00:00Z",
            "2026-12-25T12:00:00Z",
            "2027-01-29T12:00:00Z"
        ]
    );
    // Fifth Monday: only months that have one.
    assert_eq!(
        runs("0 0 12 ? * 2#5", AFTER, 3),
        [
            "2026-11-30T12:00:00Z",
            "2027-03-29T12:00:00Z",
            "2027-05-31T12:00:00Z"
        ]
    );
    assert_eq!(
        runs("0 0 0 ? 2 1#5", AFTER, 2),
        ["2032-02-29T00:00:00Z", "2060-02-29T00:00:00Z"]
    );
    // `L` alone in day-of-week is Saturday.
    assert_eq!(
        runs("0 0 3 ? * L", AFTER, 2),
        ["2026-11-28T03:00:00Z", "2026-12-05T03:00:00Z"]
    );
}

#[test]
fn wrap_around_ranges() {
    assert_eq!(
        runs("0 0 22-2 * * ?", AFTER, 6),
        [
            "2026-11-25T22:00:00Z",
            "2026-11-25T23:00:00Z",
            "2026-11-26T00:00:00Z",
            "2026-11-26T01:00:00Z",
            "2026-11-26T02:00:00Z",
            "2026-11-26T22:00:00Z"
        ]
    );
    assert_eq!(
        runs("0 0 3 ? NOV-FEB MON", "2027-02-25T10:00:00Z", 2),
        ["2027-11-01T03:00:00Z", "2027-11-08T03:00:00Z"]
    );
    assert_eq!(
        runs("0 0 0 ? * SAT-MON", AFTER, 4),
        [
            "2026-11-28T00:00:00Z",
            "2026-11-29T00:00:00Z",
            "2026-11-30T00:00:00Z",
            "2026-12-05T00:00:00Z"
        ]
    );
}

#[test]
fn year_field_and_search_bounds() {
    assert_eq!(
        runs("0 0 3 * * ? 2030", AFTER, 2),
        ["2030-01-01T03:00:00Z", "2030-01-02T03:00:00Z"]
    );
    assert_eq!(
        runs("0 0 0 29 2 ?", AFTER, 2),
        ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]
    );
    // Before 1970 the search starts at the epoch; after 2099 it gives up.
    assert_eq!(
        runs("0 0 3 * * ?", "1900-01-01T00:00:00Z", 1),
        ["1970-01-01T03:00:00Z"]
    );
    assert_eq!(
        runs("0 0 3 * * ?", "2099-12-31T03:00:00Z", 1),
        Vec::<String>::new()
    );
    assert_eq!(
        runs("0 0 3 * * ?", "2150-01-01T00:00:00Z", 1),
        Vec::<String>::new()
    );
    let schedule = clean("0 0 12 31 12 ?");
    assert_eq!(schedule.next_runs(at("2097-01-01T00:00:00Z"), 10).len(), 3);
}

#[test]
fn seconds_minutes_and_steps() {
    assert_eq!(
        runs("*/20 * * * * ?", "2026-11-25T10:00:59Z", 3),
        [
            "2026-11-25T10:01:00Z",
            "2026-11-25T10:01:20Z",
            "2026-11-25T10:01:40Z"
        ]
    );
    assert_eq!(
        runs("0 0 12 1/5 * ?", AFTER, 3),
        [
            "2026-11-26T12:00:00Z",
            "2026-12-01T12:00:00Z",
            "2026-12-06T12:00:00Z"
        ]
    );
    assert_eq!(
        runs("0 0 2 ? * MON-FRI", "2026-11-27T10:00:00Z", 2),
        ["2026-11-30T02:00:00Z", "2026-12-01T02:00:00Z"]
    );
}

#[test]
fn a_search_java_never_finishes_gives_none() {
    // `L-30W` sends Java's search back and forth between February and March forever.
    assert_eq!(
        runs("0 0 12 L-30W * ?", AFTER, 3),
        ["2026-12-01T12:00:00Z", "2027-01-01T12:00:00Z"]
    );
}

// --- Robustness -----------------------------------------------------------------------------

#[test]
fn hostile_input_never_panics_and_ranges_stay_on_char_boundaries() {
    let long_digits = "9".repeat(5000);
    let long_commas = format!("0 0 3 {} * ?", ",".repeat(5000));
    let many_fields = "0 ".repeat(2000);
    let hostile: Vec<String> = [
        "",
        " ",
        "\t",
        "?",
        "*",
        "#",
        "/",
        "-",
        ",",
        "L",
        "W",
        "LW",
        "L-",
        "L-W",
        "#3",
        "6#",
        "0 0 3 ? * #",
        "0 0 3 ? * 6#",
        "0 0 3 ? * 6##3",
        "0 0 3 ? * 6#-1",
        "0 0 3 ? * 6#+3",
        "0 0 3 ? * MON#",
        "0 0 3 ? * MO",
        "0 0 3 ? * MON-",
        "0 0 3 ? * MON-TU",
        "0 0 3 * J ?",
        "0 0 3 L-99999999999 * ?",
        "0 0 3 ? * 6L-",
        "0 0 3 W * ?",
        "0 0 3 LX * ?",
        "0 0 3 * * ? -1",
        "0 0 3 * * ? +1",
        "*/2147483648 * * * * ?",
        "0-2147483647 * * * * ?",
        "0 0 3 * * ? 1970-2147483647",
        "0 0 3 * * ? 0/1",
        "0 0 3 * * ? */1000000000",
        "٣ ٣ ٣ * * ?",
        "０ ０ ３ * * ?",
        "ß ß ß ß ß ß",
        "😀 😀 😀 😀 😀 😀",
        "0 0 3 ? * 😀",
        "0 0 3 ? * 6#😀",
        "0 0 3 1-😀 * ?",
        "0 0 3 ?😀 * ?",
        "ǅ ǆ ŉ ﬀ ﬆ ı",
        "ſ ſ ſ ſ ſ ſ",
        "\u{0} \u{0}",
        "\u{feff}0 0 3 * * ?",
        "0\u{a0}0 3 * * ? x",
        "0 0 3 * * ? 2030 \u{200b}",
        "@",
        "@daily extra",
        "@ÿ",
        "TZ=",
        "CRON_TZ=",
        "tz=x 1 2 3",
        "0 0 3 ? * ?X",
        "0 0 3 ?? * MON",
        "0 0 3 * * ?,?",
        "0 0 3 ?,* * ?",
        "0 0 3 98-5 * ?",
        "0 0 3 * * ? 98",
        "0 0 3 ? * 98",
        "0 0 3 ? * 0-0",
        "0 0 3 ? * 7-0",
        "99-99 * * * * ?",
        "0 0 0 0W * ?",
        "0 0 0 ? * 0#1",
        "1-0/0 * * * * ?",
        "0 0 0 31W 2 ?",
        "0 0 0 L-30W 2 ?",
    ]
    .iter()
    .map(ToString::to_string)
    .chain([long_digits, long_commas, many_fields])
    .collect();
    for expr in &hostile {
        let issues = match parse(expr) {
            Ok(parsed) => {
                // A next-run search on whatever was accepted must end, too.
                let _ = parsed.schedule.next_runs(at(AFTER), 3);
                parsed.warnings
            }
            Err(issue) => vec![issue],
        };
        for issue in issues {
            assert!(
                issue.range.start <= issue.range.end && issue.range.end <= expr.len(),
                "{expr:?}: {issue:?}"
            );
            assert!(
                expr.is_char_boundary(issue.range.start) && expr.is_char_boundary(issue.range.end),
                "{expr:?}: {issue:?}"
            );
            assert!(!issue.message.is_empty());
        }
    }
}

#[test]
fn byte_ranges_refer_to_the_original_text() {
    // `ß` upper-cases to two letters; positions after it must still point into the original.
    let expr = "0 0 ß * * ?";
    let issue = err(expr);
    assert_eq!(pointed(expr, &issue), "ß");
    let expr = "0 0 3 ? * mondaß";
    let issue = refused(expr);
    assert_eq!(pointed(expr, &issue), "ß");
}

#[test]
fn next_runs_stops_when_the_schedule_does() {
    let schedule = clean("0 0 3 * * ? 2030");
    assert_eq!(schedule.next_runs(at("2030-12-30T12:00:00Z"), 5).len(), 1);
    assert!(schedule.next_runs(at(AFTER), 0).is_empty());
}

#[test]
fn java_number_parsing() {
    assert_eq!(java_parse_int("+5".chars()), Some(5));
    assert_eq!(java_parse_int("-2147483648".chars()), Some(i32::MIN));
    assert_eq!(java_parse_int("2147483648".chars()), None);
    assert_eq!(java_parse_int("٣".chars()), Some(3));
    assert_eq!(java_parse_int("+".chars()), None);
    assert_eq!(java_parse_int("".chars()), None);
    assert_eq!(java_parse_int("0000000000000000000007".chars()), Some(7));
    assert_eq!(java_digit('\u{FF19}'), Some(9));
    assert_eq!(java_digit('\u{1D7CE}'), None);
}
