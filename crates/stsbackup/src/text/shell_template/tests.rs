use super::*;

fn at() -> DateTime {
    DateTime::parse_rfc3339("2026-03-05T03:07:09Z").unwrap()
}

fn ok(template: &str) -> NameTemplate {
    parse(template).unwrap_or_else(|e| panic!("{template:?}: {e:?}"))
}

fn err(template: &str) -> ValueIssue {
    match parse(template) {
        Ok(t) => panic!("{template:?} accepted: {t:?}"),
        Err(e) => e,
    }
}

#[test]
fn chart_default() {
    let t = ok("sts-backup-$(date +%Y%m%d-%H%M).graph");
    assert_eq!(t.render(at()), "sts-backup-20260305-0307.graph");
    assert_eq!(t.date_formats().collect::<Vec<_>>(), ["%Y%m%d-%H%M"]);
    assert_eq!(
        t.parts(),
        [
            Part::Literal("sts-backup-".into()),
            Part::Date {
                format: "%Y%m%d-%H%M".into()
            },
            Part::Literal(".graph".into()),
        ]
    );
    let spans: Vec<_> = t.parts_with_spans().map(|(_, s, e)| (s, e)).collect();
    assert_eq!(spans, [(0, 11), (11, 31), (31, 37)]);
}

#[test]
fn accepted_spellings_of_the_date_command() {
    for template in [
        "x-$(date +%Y%m%d).graph",
        "x-$(date \"+%Y%m%d\").graph",
        "x-$(date '+%Y%m%d').graph",
        "x-$(date -u +%Y%m%d).graph",
        "x-$(date --utc +%Y%m%d).graph",
        "x-$(date +%Y%m%d -u).graph",
        "x-$( date  +%Y%m%d ).graph",
        "x-$(date +%Y'%m'\"%d\").graph",
        "x-$(date \\+%Y%m%d).graph",
        "x-$(\"date\" +%Y%m%d).graph",
        "x-$(date\t+%Y%m%d).graph",
    ] {
        let t = ok(template);
        assert_eq!(t.render(at()), "x-20260305.graph", "{template}");
        assert_eq!(
            t.date_formats().collect::<Vec<_>>(),
            ["%Y%m%d"],
            "{template}"
        );
    }
}

#[test]
fn several_dates_literals_and_continuations() {
    let t = ok("b_$(date +%G-W%V)_$(date +%s)\\\n.graph");
    assert_eq!(t.render(at()), "b_2026-W10_1772680029.graph");
    assert_eq!(t.date_formats().collect::<Vec<_>>(), ["%G-W%V", "%s"]);
    // Characters that are harmless in bash double quotes and in the restore path.
    let t = ok("backup(1)~{x},a=b:c@d+e%f!g#h.é");
    assert_eq!(t.render(at()), "backup(1)~{x},a=b:c@d+e%f!g#h.é");
    assert!(t.date_formats().next().is_none());
    // A quoted `)` or `#` inside the format does not end the substitution.
    assert_eq!(ok("a$(date '+%H)%M')").render(at()), "a03)07");
}

#[test]
fn empty_templates() {
    let issue = err("");
    assert_eq!((issue.range.start, issue.range.end), (0, 0));
    assert!(issue.message.contains("empty"));
    assert!(err("\\\n").message.contains("empty name"));
    assert_eq!(ok("x$(date +)").render(at()), "x");
}

/// `(template, expected range, a word the message must contain)`.
#[rustfmt::skip]
const REJECTED: &[(&str, (usize, usize), &str)] = &[
    ("sts-\"; rm -rf /; \"", (4, 5), "ends the double-quoted string"),
    ("sts-`id`.graph", (4, 8), "backtick"),
    ("sts-$(id).graph", (4, 9), "other than `date`"),
    ("sts-$(curl x|sh).graph", (4, 16), "other than `date`"),
    ("sts-$(date +%Y; id).graph", (4, 19), "other than `date`"),
    ("sts-$(date +%Y)$(date -d yesterday +%d)", (22, 24), "argument `-d`"),
    ("sts-$(date +%Y +%m)", (15, 18), "one `+FORMAT`"),
    ("sts-$(date).graph", (4, 11), "without `+FORMAT`"),
    ("sts-$(date +%Y", (4, 14), "never closed"),
    ("sts-$().graph", (4, 7), "empty command"),
    ("sts-$(TZ=UTC date +%Y)", (4, 22), "other than `date`"),
    ("sts-$(date +$FMT)", (12, 13), "expands shell code"),
    ("sts-$(date \"+%Y$x\")", (15, 16), "expands shell code"),
    ("sts-$(date +%Y`x`)", (14, 15), "expands shell code"),
    ("sts-$(date #x)", (11, 12), "comment"),
    ("sts-$(date +{%Y,%m})", (12, 13), "brace"),
    ("sts-$(date '+%Y)", (11, 12), "unterminated"),
    ("sts-$(date \"+%Y)", (11, 12), "unterminated"),
    ("sts-$((1+2)).graph", (4, 12), "arithmetic"),
    ("sts-$HOSTNAME.graph", (4, 13), "parameter expansion"),
    ("sts-${HOSTNAME}.graph", (4, 15), "parameter expansion"),
    ("sts-${HOSTNAME", (4, 14), "parameter expansion"),
    ("sts-$1.graph", (4, 6), "parameter expansion"),
    ("sts-$$.graph", (4, 6), "parameter expansion"),
    ("sts-$", (4, 5), "`$`"),
    ("sts-\\$x", (4, 6), "`$`"),
    ("sts-\\\\x", (4, 6), "backslash"),
    ("sts-\\\"x", (4, 6), "`\"`"),
    ("sts-\\`x", (4, 6), "backtick"),
    ("sts-\\x", (4, 5), "backslash"),
    ("sts-x\\", (5, 6), "backslash"),
    ("backups/sts-$(date +%Y)", (7, 8), "`/`"),
    ("sts $(date +%Y)", (3, 4), "whitespace"),
    ("sts\t$(date +%Y)", (3, 4), "whitespace"),
    ("sts\n$(date +%Y)", (3, 4), "control"),
    ("sts-\u{a0}x", (4, 6), "whitespace"),
    ("sts-*.graph", (4, 5), "glob"),
    ("sts-?.graph", (4, 5), "glob"),
    ("sts-[1].graph", (4, 5), "glob"),
    ("sts-'1'.graph", (4, 5), "metacharacters"),
    ("sts-a;b", (5, 6), "metacharacters"),
    ("sts-a|b", (5, 6), "metacharacters"),
    ("sts-a<b", (5, 6), "metacharacters"),
    ("sts-a>b", (5, 6), "metacharacters"),
    ("sts-a&b", (5, 6), "`&`"),
    ("sts-$(date '+%Y %m')", (15, 16), "whitespace"),
    ("sts-$(date +%Y/%m)", (14, 15), "`/`"),
    ("sts-$(date \"+%Y\\\\%m\")", (15, 17), "backslash"),
    ("sts-$(date +%Y\\ %m)", (14, 16), "whitespace"),
    ("sts-$(date +%Y*)", (14, 15), "glob"),
    ("sts-$(date +%Y%e)", (14, 16), "`%e`"),
    ("sts-$(date +%_H)", (12, 15), "`%_H`"),
    ("sts-$(date +%D)", (12, 14), "`/`"),
    ("sts-$(date +%Y%n)", (14, 16), "newline"),
    ("sts-$(date +%10a)", (12, 16), "spaces"),
    ("sts-$(date +%Y%Q)", (14, 16), "unknown date directive"),
    ("sts-$(date '+%Y%'\"Q\")", (15, 19), "unknown date directive"),
    ("sts-$(date +%c)", (12, 14), "locale"),
    ("sts-$(date +%Y%)", (14, 15), "incomplete"),
];

#[test]
fn rejections_say_why_and_where() {
    let mut bad = Vec::new();
    for &(template, range, needle) in REJECTED {
        let issue = err(template);
        if (issue.range.start, issue.range.end) != range || !issue.message.contains(needle) {
            bad.push(format!(
                "{template:?} {range:?} {needle}: got {:?} {}",
                (issue.range.start, issue.range.end),
                issue.message
            ));
        }
        assert!(
            template.get(issue.range.start..issue.range.end).is_some(),
            "{template:?}"
        );
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn long_and_hostile_inputs_do_not_panic() {
    let long = "a".repeat(MAX_TEMPLATE_LEN + 1);
    assert!(err(&long).message.contains("at most"));
    for template in [
        "$",
        "$(",
        "$((",
        "${",
        "\\",
        "`",
        "$(date '",
        "$(date \"\\",
        "$(\\",
        "é$(é)",
    ] {
        let _ = parse(template);
    }
    let many = "$(date +%Y)".repeat(300);
    assert_eq!(ok(&many).render(at()).len(), 1200);
}
