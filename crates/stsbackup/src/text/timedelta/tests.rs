use super::arithmetic::divide_by_million;
use super::help::keyword_help;
use super::*;

/// `(value, str(timedelta), total_seconds())` from CPython 3.11.7's
/// `eval('timedelta(' + value + ')')`; 60,000 further random keyword/number combinations
/// were compared during development.
#[rustfmt::skip]
const ACCEPTED: &[(&str, &str, f64)] = &[
    ("days = 30", "30 days, 0:00:00", 2592000.0),
    ("days=30", "30 days, 0:00:00", 2592000.0),
    ("  days = 30  ", "30 days, 0:00:00", 2592000.0),
    ("days = 30\n", "30 days, 0:00:00", 2592000.0),
    ("\tdays=30,", "30 days, 0:00:00", 2592000.0),
    ("days=\r30", "30 days, 0:00:00", 2592000.0),
    ("days=\u{c}30", "30 days, 0:00:00", 2592000.0),
    ("days = 365", "365 days, 0:00:00", 31536000.0),
    ("weeks=4, days=2", "30 days, 0:00:00", 2592000.0),
    ("weeks = 4 , days = 2", "30 days, 0:00:00", 2592000.0),
    ("hours=36", "1 day, 12:00:00", 129600.0),
    ("days=1.5", "1 day, 12:00:00", 129600.0),
    ("days=1", "1 day, 0:00:00", 86400.0),
    ("days=1_000", "1000 days, 0:00:00", 86400000.0),
    ("days=.5", "12:00:00", 43200.0),
    ("days=1.", "1 day, 0:00:00", 86400.0),
    ("days=00.5", "12:00:00", 43200.0),
    ("days=1e2", "100 days, 0:00:00", 8640000.0),
    ("days=.5e1", "5 days, 0:00:00", 432000.0),
    ("days=1.e1", "10 days, 0:00:00", 864000.0),
    ("seconds=1.5E-3", "0:00:00.001500", 0.0015),
    ("milliseconds=1", "0:00:00.001000", 0.001),
    ("microseconds=1", "0:00:00.000001", 1e-06),
    ("microseconds=1.5", "0:00:00.000002", 2e-06),
    ("microseconds=2.5", "0:00:00.000002", 2e-06),
    ("seconds=0.0000015", "0:00:00.000002", 2e-06),
    ("days=0.1, seconds=0.3, microseconds=0.7", "2:24:00.300001", 8640.300001),
    ("weeks=1, days=1.5, hours=0.1, microseconds=0.5", "8 days, 12:06:00", 734760.0),
    ("days=999999999", "999999999 days, 0:00:00", 86399999913600.0),
    ("days=999999999, hours=23.99999999", "999999999 days, 23:59:59.999964", 86400000000000.0),
    ("milliseconds= 2987 , weeks= 32224517.957411915 , microseconds= 99741.99377404382", "225571625 days, 16:50:45.812973", 19489388460645.812),
    ("minutes=1, seconds=1, milliseconds=1", "0:01:01.001000", 61.001),
    ("days=0, hours=1", "1:00:00", 3600.0),
];

#[test]
fn accepted_values_match_cpython() {
    for &(value, shown, seconds) in ACCEPTED {
        let delta = parse(value).unwrap_or_else(|e| panic!("{value:?}: {e:?}"));
        assert_eq!(delta.to_string(), shown, "{value:?}");
        assert_eq!(delta.total_seconds(), seconds, "{value:?}");
    }
}

#[test]
fn fields_and_compact_display() {
    let delta = parse("days = 1, hours = 12, microseconds = 5").unwrap();
    assert_eq!(
        (delta.days(), delta.seconds(), delta.microseconds()),
        (1, 43200, 5)
    );
    assert_eq!(delta.total_microseconds(), 129_600_000_005);
    assert_eq!(format!("{:#}", parse("days = 30").unwrap()), "30 days");
    assert_eq!(format!("{:#}", parse("days = 1").unwrap()), "1 day");
    assert_eq!(
        format!("{:#}", parse("hours = 36").unwrap()),
        "1 day, 12:00:00"
    );
    assert_eq!(format!("{:#}", parse("hours = 1").unwrap()), "1:00:00");
    assert!(parse("days = 30").unwrap() > parse("weeks = 4").unwrap());
}

/// `(value, byte range, text the message must contain, text the help must contain)`.
#[rustfmt::skip]
const REJECTED: &[(&str, (usize, usize), &str, &str)] = &[
    ("", (0, 0), "`timedelta()`, which is zero", "days = 30"),
    ("  \n", (0, 3), "the one just uploaded included", "days = 30"),
    ("days=0", (0, 6), "zero", "positive"),
    ("days=0, hours=0.0", (0, 17), "zero", "positive"),
    ("seconds=0.0000001", (0, 17), "zero", ""),
    ("days=1e-300", (0, 11), "zero", ""),
    ("days=-1", (5, 7), "negative", "minus"),
    ("days = - 1", (7, 10), "negative", "minus"),
    ("days=2, hours=-1", (14, 16), "negative", "minus"),
    ("days=+30", (5, 8), "sign", "`30`"),
    ("day=30", (0, 3), "'day' is an invalid keyword argument", "`days`"),
    ("Days=30", (0, 4), "'Days'", "`days`"),
    ("days=1, hour=2", (8, 12), "'hour'", "`hours`"),
    ("mins=5", (0, 4), "'mins'", "`minutes`"),
    ("secs=5", (0, 4), "'secs'", "`seconds`"),
    ("milisecond=5", (0, 10), "'milisecond'", "`milliseconds`"),
    ("dys=5", (0, 3), "'dys'", "`days`"),
    ("months=1", (0, 6), "'months'", "days = 30"),
    ("year=1", (0, 4), "'year'", "days = 365"),
    ("xyz=1", (0, 3), "'xyz'", ""),
    ("days=30, days=1", (9, 13), "keyword argument repeated: days", "once"),
    ("30", (0, 2), "bare number", "`days = 30`"),
    (" 30 ", (1, 3), "bare number", "`days = 30`"),
    ("30, 12", (0, 2), "bare number", "`days = 30, seconds = 12`"),
    ("30, hours=1", (0, 2), "bare number", "`days = 30, hours=1`"),
    ("30, days=1", (0, 2), "bare number", "given by name ('days') and position"),
    ("-30", (0, 3), "bare number", "`days = -30`"),
    ("days=1, 30", (8, 10), "positional argument follows keyword argument", ""),
    ("seconds=86400*30", (8, 16), "evaluated as Python code", "plain numbers"),
    ("seconds = 86400 * 30", (10, 20), "evaluated as Python code", ""),
    ("int(30)", (0, 7), "evaluated as Python code", ""),
    ("__import__('os').system('id')", (0, 29), "evaluated as Python code", ""),
    ("days=(30)", (5, 9), "evaluated as Python code", ""),
    ("days=10**3", (5, 10), "evaluated as Python code", ""),
    ("days=True", (5, 9), "evaluated as Python code", ""),
    ("days=inf", (5, 8), "evaluated as Python code", ""),
    ("days==30", (0, 8), "evaluated as Python code", ""),
    ("a.b=1", (0, 5), "evaluated as Python code", ""),
    ("days = 3 0", (7, 10), "evaluated as Python code", ""),
    ("days=30; x=1", (5, 12), "evaluated as Python code", ""),
    ("days=30), print(1", (7, 8), "closes the chart's `timedelta(` early", ""),
    ("days=[30", (5, 6), "never closed", ""),
    ("days=30 # thirty", (8, 16), "comment", "remove"),
    ("days='30", (5, 8), "unterminated string", ""),
    ("days=\"30\"", (5, 9), "string, not a number", "quotes"),
    ("'days = 30'", (0, 11), "unsupported type for timedelta days component: str", "quotes"),
    ("days=030", (5, 8), "leading zeros", "`30`"),
    ("days=0x1e", (5, 9), "not a decimal number", "decimal"),
    ("days=30j", (5, 8), "timedelta days component: complex", ""),
    ("days=1.2.3", (5, 10), "not a valid Python number", ""),
    ("days=1__0", (5, 9), "not a valid Python number", ""),
    ("days=1_", (5, 7), "not a valid Python number", ""),
    ("days=1e", (5, 7), "not a valid Python number", ""),
    ("days=1e+", (5, 8), "not a valid Python number", ""),
    ("days=", (5, 5), "has no value", "`days = 30`"),
    ("days = ", (7, 7), "has no value", ""),
    ("=30", (0, 3), "evaluated as Python code", ""),
    (",days=1", (0, 0), "empty argument", "comma"),
    ("days=1,,hours=2", (7, 7), "empty argument", "comma"),
    ("days=1, ,", (7, 8), "empty argument", "comma"),
    ("days=\u{a0}30", (5, 7), "U+00A0 is not whitespace to Python", "plain space"),
    ("days=\u{b}30", (5, 6), "U+000B", ""),
    ("30d", (0, 3), "Elasticsearch time value", "`days = 30`"),
    ("days=30d", (5, 8), "Elasticsearch time value", "`days = 30`"),
    ("12h", (0, 3), "Elasticsearch time value", "`hours = 12`"),
    ("30 days ago", (0, 11), "GNU `date -d` relative date", "stackstate-k8s chart from 2024-08"),
    ("30 days ago", (0, 11), "GNU `date -d`", "; here: `days = 30`"),
    ("2 weeks 3 days ago", (0, 18), "GNU `date -d`", "; here: `weeks = 2, days = 3`"),
    ("1 month ago", (0, 11), "GNU `date -d`", "such as `days = 30`"),
    (" 30 days ", (1, 8), "GNU `date -d`", "`days = 30`"),
    ("30days ago", (0, 10), "GNU `date -d`", ""),
    ("-30 days", (0, 8), "GNU `date -d`", ""),
    ("30 Days Ago", (0, 11), "GNU `date -d`", ""),
    ("1 month ago", (0, 11), "GNU `date -d`", ""),
    ("2 weeks 3 days ago", (0, 18), "GNU `date -d`", ""),
    ("yesterday", (0, 9), "GNU `date -d`", ""),
    ("days=1e9", (0, 8), "days=1000000000; must have magnitude <= 999999999", "999999999"),
    ("days=999999999, hours=24", (0, 24), "days=1000000000", ""),
    ("hours=1, days=1e20", (9, 18), "Python int too large to convert to C int", ""),
    ("days=1e400", (0, 10), "cannot convert float infinity to integer", ""),
    ("days=99999999999999999999999999999999999999999", (0, 46), "too large", ""),
];

#[test]
fn rejections_say_why_and_where() {
    let mut bad = Vec::new();
    for &(value, range, message, help) in REJECTED {
        match parse(value) {
            Ok(delta) => bad.push(format!("{value:?} accepted as {delta}")),
            Err(issue) => {
                let help_text = issue.help.clone().unwrap_or_default();
                if (issue.range.start, issue.range.end) != range
                    || !issue.message.contains(message)
                    || !help_text.contains(help)
                {
                    bad.push(format!(
                        "{value:?}: {:?} {} / {help_text}",
                        (issue.range.start, issue.range.end),
                        issue.message
                    ));
                }
                assert!(
                    value.get(issue.range.start..issue.range.end).is_some(),
                    "{value:?}"
                );
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn did_you_mean() {
    assert_eq!(
        keyword_help("minuts").as_deref(),
        Some("did you mean `minutes`?")
    );
    assert_eq!(
        keyword_help("micro").as_deref(),
        Some("did you mean `microseconds`?")
    );
    assert_eq!(
        keyword_help("HOURS").as_deref(),
        Some("did you mean `hours`?")
    );
    assert_eq!(keyword_help("frobnicate"), None);
}

#[test]
fn exact_total_seconds_for_huge_values() {
    // `(n / 10**6)` as CPython's true division rounds it.
    for (micros, seconds) in [
        (19_489_388_460_645_812_973i128, 19489388460645.812),
        (86_399_999_999_999_999_999, 86400000000000.0),
        (9_007_199_254_740_993, 9007199254.740993),
        (123_456_789_012_345_678, 123456789012.34567),
    ] {
        assert_eq!(divide_by_million(micros), seconds, "{micros}");
    }
}

#[test]
fn hostile_inputs_are_bounded() {
    assert!(
        parse(&"days=1,".repeat(200))
            .unwrap_err()
            .message
            .contains("at most")
    );
    assert!(parse(&"(".repeat(MAX_LEN)).is_err());
    assert!(parse(&format!("days={}", "9".repeat(1000))).is_err());
    for value in [
        "\"",
        "'",
        "\\",
        "=",
        ",",
        ")",
        "days=\"\\",
        "é=1",
        "1e99999",
        "0.",
        "._1",
    ] {
        let _ = parse(value);
    }
}
