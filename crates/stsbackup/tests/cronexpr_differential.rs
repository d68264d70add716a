//! Differential test of stsbackup's cronexpr port ([`stsbackup::cron::cronexpr`]) against the
//! real cronexpr, in Go.
//!
//! The oracle is `scripts/cronexpr-oracle/main.go`, built here with Debian's Go (`golang-go`)
//! against Debian's gorhill/cronexpr (`golang-github-gorhill-cronexpr-dev`, under
//! `/usr/share/gocode`) and against a copy of it patched into supercronic's in-tree fork (the
//! three changes of supercronic's history, see [`SUPERCRONIC_EDITS`]). Every expression of
//! `fixtures/cron/cronexpr-corpus.txt`, and a few thousand generated ones (seeded, so the same
//! every run), goes through both, in both flavours:
//!
//! - the verdict: accepted, or refused with cronexpr's exact error text;
//! - the next runs after each of [`STARTS`], each asked from the one before as supercronic
//!   does, and how the search ends (Go's zero time, a panic, a stack overflow);
//! - what supercronic makes of the crontab line: the expression followed by a command, and the
//!   expression as a whole line (comment, variable, job with its schedule and command, or
//!   `bad crontab line`).
//!
//! Any disagreement fails. Without Go or the cronexpr sources the test fails too, unless
//! `STSBACKUP_SKIP_ORACLES=1` is set.

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use stsbackup::calendar::DateTime;
use stsbackup::cron::cronexpr::{
    self, CrontabEntry, Flavour, LINE_REFUSED, NextRun, REFUSES, read_crontab_line,
};

/// The times after which next runs are compared (UTC).
const STARTS: [&str; 8] = [
    // The README's "now", a Wednesday.
    "2026-11-25T10:00:00Z",
    // The end of February in a leap year, half a minute before midnight.
    "2024-02-28T23:59:30Z",
    // The end of February in a common year.
    "2023-02-28T23:59:00Z",
    // The end of a 30-day month, with seconds.
    "2027-04-30T12:34:56Z",
    // The last second of a year.
    "2026-12-31T23:59:59Z",
    // cronexpr's last year, an hour before its end.
    "2099-12-31T23:00:00Z",
    // A leap day.
    "2028-02-29T12:00:00Z",
    // Mid-December: gorhill's month 0 lands before it.
    "2026-12-15T08:30:00Z",
];

/// Runs compared after each start.
const COUNT: usize = 5;

/// Generated expressions, and the seed that makes them.
const GENERATED: usize = 3000;
const SEED: u64 = 0x5eed_c0de_2026_1203;

/// Where Debian's golang-github-gorhill-cronexpr-dev puts the sources.
const DEBIAN_GOPATH: &str = "/usr/share/gocode";
const GORHILL_PACKAGE: &str = "src/github.com/gorhill/cronexpr";

/// supercronic's fork, as edits of gorhill's sources: (file, anchor that must occur exactly
/// once, replacement). From supercronic's history: `01`–`09` as months (f54190f, v0.2.2),
/// backward ranges refused (4438829), and `ParseStrict` (added as a file, [`STRICT_GO`]).
const SUPERCRONIC_EDITS: [(&str, &str, &str); 10] = [
    (
        "cronexpr_parse.go",
        "`1`: 1, `jan`",
        "`01`: 1, `1`: 1, `jan`",
    ),
    (
        "cronexpr_parse.go",
        "`2`: 2, `feb`",
        "`02`: 2, `2`: 2, `feb`",
    ),
    (
        "cronexpr_parse.go",
        "`3`: 3, `mar`",
        "`03`: 3, `3`: 3, `mar`",
    ),
    (
        "cronexpr_parse.go",
        "`4`: 4, `apr`",
        "`04`: 4, `4`: 4, `apr`",
    ),
    (
        "cronexpr_parse.go",
        "`5`: 5, `may`",
        "`05`: 5, `5`: 5, `may`",
    ),
    (
        "cronexpr_parse.go",
        "`6`: 6, `jun`",
        "`06`: 6, `6`: 6, `jun`",
    ),
    (
        "cronexpr_parse.go",
        "`7`: 7, `jul`",
        "`07`: 7, `7`: 7, `jul`",
    ),
    (
        "cronexpr_parse.go",
        "`8`: 8, `aug`",
        "`08`: 8, `8`: 8, `aug`",
    ),
    (
        "cronexpr_parse.go",
        "`9`: 9, `sep`",
        "`09`: 9, `9`: 9, `sep`",
    ),
    (
        "cronexpr_parse.go",
        "directive.last = desc.atoi(snormal[pairs[4]:pairs[5]])\n\t\t\tdirective.step = 1\n",
        "directive.last = desc.atoi(snormal[pairs[4]:pairs[5]])\n\t\t\tdirective.step = 1\n\
         \t\t\tif directive.first > directive.last {\n\
         \t\t\t\treturn nil, fmt.Errorf(\"invalid interval %s (normalized to %d-%d)\", snormal, \
         directive.first, directive.last)\n\t\t\t}\n",
    ),
];

/// supercronic's `ParseStrict`: `Parse`, but more than seven fields (descriptors expanded) is
/// an error. Written for this test.
const STRICT_GO: &str = "package cronexpr\n\nimport \"fmt\"\n\n\
// ParseStrict refuses more than seven fields, as supercronic's fork does.\n\
func ParseStrict(cronLine string) (*Expression, error) {\n\
\tif len(fieldFinder.FindAllStringIndex(cronNormalizer.Replace(cronLine), -1)) > 7 {\n\
\t\treturn nil, fmt.Errorf(\"too many fields\")\n\
\t}\n\
\treturn Parse(cronLine)\n\
}\n";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

// ---------------------------------------------------------------------------------------------
// The expressions

/// The corpus, in the format of `fixtures/cron/README.md`.
fn corpus() -> Vec<String> {
    let path = root().join("fixtures/cron/cronexpr-corpus.txt");
    let text = std::fs::read_to_string(&path).expect("the cronexpr corpus");
    let mut expressions = Vec::new();
    let mut seen = BTreeSet::new();
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let expression = if line.starts_with('"') {
            serde_json::from_str::<String>(line)
                .unwrap_or_else(|e| panic!("line {}: bad JSON string: {e}", number + 1))
        } else {
            assert_eq!(
                line,
                line.trim(),
                "line {}: white space at either end must be written as a JSON string",
                number + 1
            );
            line.to_owned()
        };
        assert!(
            seen.insert(expression.clone()),
            "line {}: repeated expression {expression:?}",
            number + 1
        );
        expressions.push(expression);
    }
    expressions
}

/// A small deterministic generator (xorshift64*), so the generated expressions are the same
/// on every machine and every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A number for a field, sometimes out of range, sometimes zero-padded.
fn number(random: &mut Random, min: i32, max: i32) -> String {
    let value = match random.below(40) {
        0 => max + 1 + random.below(3) as i32,
        1 => min,
        2 => max,
        _ => min + random.below((max - min + 1) as usize) as i32,
    };
    if random.below(8) == 0 && (0..10).contains(&value) {
        format!("0{value}")
    } else {
        value.to_string()
    }
}

fn value(random: &mut Random, field: usize) -> String {
    const MONTHS: [&str; 6] = ["jan", "FEB", "march", "Sep", "dec", "june"];
    const DAYS: [&str; 6] = ["sun", "MON", "friday", "Sat", "tue", "7"];
    match field {
        0 | 1 => number(random, 0, 59),
        2 => number(random, 0, 23),
        3 => number(random, 1, 31),
        4 if random.below(4) == 0 => random.pick(&MONTHS).to_owned(),
        4 => number(random, 1, 12),
        5 if random.below(4) == 0 => random.pick(&DAYS).to_owned(),
        5 => number(random, 0, 6),
        _ => number(random, 2020, 2035),
    }
}

fn item(random: &mut Random, field: usize) -> String {
    let step = |random: &mut Random| -> String {
        random
            .pick(&[
                "1", "2", "3", "5", "7", "10", "15", "2", "3", "05", "24", "1", "60", "0",
            ])
            .to_owned()
    };
    match random.below(30) {
        0..=3 => value(random, field),
        4 => "*".to_owned(),
        5 => format!("*/{}", step(random)),
        6 | 7 => format!("{}-{}", value(random, field), value(random, field)),
        8 => format!("{}/{}", value(random, field), step(random)),
        9 => format!(
            "{}-{}/{}",
            value(random, field),
            value(random, field),
            step(random)
        ),
        10 => "?".to_owned(),
        11 if field == 3 => random
            .pick(&["L", "LW", "15W", "1W", "31W", "lw"])
            .to_owned(),
        11 if field == 5 => format!(
            "{}{}",
            value(random, field),
            random.pick(&["L", "#1", "#3", "#5", "#6", "l"])
        ),
        12 => random.pick(&["x", "", "-", "*/", "1-", "L"]).to_owned(),
        13..=17 => "*".to_owned(),
        18..=20 => {
            // A forward range, which supercronic accepts more often than a random one.
            let (a, b) = (value(random, field), value(random, field));
            let (a_n, b_n) = (a.parse::<i32>().ok(), b.parse::<i32>().ok());
            match (a_n, b_n) {
                (Some(x), Some(y)) if x > y => format!("{b}-{a}"),
                _ => format!("{a}-{b}"),
            }
        }
        _ => value(random, field),
    }
}

fn field(random: &mut Random, field: usize) -> String {
    let items = 1 + usize::from(random.below(4) == 0) + usize::from(random.below(8) == 0);
    let items: Vec<String> = (0..items).map(|_| item(random, field)).collect();
    let text = items.join(",");
    if text.is_empty() {
        "*".to_owned()
    } else {
        text
    }
}

/// Generated expressions: mostly plausible ones with a few odd items, in 5, 6 and 7 fields,
/// with the occasional descriptor, and with the day fields often restricted together.
fn generated() -> Vec<String> {
    let mut random = Random(SEED);
    let mut expressions = Vec::with_capacity(GENERATED);
    while expressions.len() < GENERATED {
        let expression = match random.below(40) {
            0 => random
                .pick(&[
                    "@hourly",
                    "@daily",
                    "@weekly",
                    "@monthly",
                    "@yearly",
                    "@annually",
                ])
                .to_owned(),
            1 => format!(
                "{} {}",
                random.pick(&["@hourly", "@daily"]),
                field(&mut random, 6)
            ),
            _ => {
                let fields: &[usize] = match random.below(10) {
                    0..=5 => &[1, 2, 3, 4, 5],
                    6 | 7 => &[1, 2, 3, 4, 5, 6],
                    8 => &[0, 1, 2, 3, 4, 5, 6],
                    _ => &[1, 2, 3, 4],
                };
                let texts: Vec<String> = fields.iter().map(|&f| field(&mut random, f)).collect();
                texts.join(" ")
            }
        };
        expressions.push(expression);
    }
    expressions
}

// ---------------------------------------------------------------------------------------------
// stsbackup's answers, in the oracle's terms

fn start_times() -> Vec<DateTime> {
    STARTS
        .iter()
        .map(|s| DateTime::parse_rfc3339(s).expect("a start time"))
        .collect()
}

fn go_time(time: DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        time.year, time.month, time.day, time.hour, time.minute, time.second
    )
}

/// The oracle's `result` for one flavour; `runs_away` is true when Next overflows the stack.
fn ours(expression: &str, flavour: Flavour) -> (Value, bool) {
    let parsed = match cronexpr::parse(expression, flavour) {
        Ok(parsed) => parsed.schedule,
        Err(issue) => {
            let message = issue
                .message
                .strip_prefix(REFUSES)
                .expect("a refusal quotes cronexpr");
            return (json!({ "error": message }), false);
        }
    };
    let mut runs = Vec::new();
    let mut ends = Vec::new();
    let mut runs_away = false;
    for start in start_times() {
        let mut times = Vec::new();
        let mut from = start;
        let mut end = "count";
        while times.len() < COUNT {
            match parsed.next(from) {
                NextRun::At(time) => {
                    times.push(go_time(time));
                    from = time;
                }
                NextRun::Never => {
                    end = "zero";
                    break;
                }
                NextRun::Panics(_) => {
                    end = "panic";
                    break;
                }
                NextRun::RunsAway => {
                    runs_away = true;
                    break;
                }
            }
        }
        if runs_away {
            break;
        }
        runs.push(times);
        ends.push(end);
    }
    (json!({ "runs": runs, "ends": ends }), runs_away)
}

/// The oracle's `lineResult` for one crontab line.
fn our_line(line: &str) -> Value {
    match read_crontab_line(line, Flavour::Supercronic) {
        Ok(CrontabEntry::Blank) => json!({ "kind": "empty" }),
        Ok(CrontabEntry::Comment) => json!({ "kind": "comment" }),
        Ok(CrontabEntry::Variable { .. }) => json!({ "kind": "env" }),
        Ok(CrontabEntry::Job(job)) => json!({
            "kind": "job",
            "words": job.words,
            "schedule": &line[job.schedule_start..job.schedule_end],
            "command": &line[job.command_start..],
        }),
        Err(issue) => json!({
            "kind": "error",
            "error": issue.message.strip_prefix(LINE_REFUSED).expect("supercronic's words"),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// The oracle

/// Builds the oracle into the cargo target directory, or says why it cannot.
fn build_oracle() -> Result<PathBuf, String> {
    let gorhill = Path::new(DEBIAN_GOPATH).join(GORHILL_PACKAGE);
    if !gorhill.join("cronexpr.go").is_file() {
        return Err(format!(
            "{} is missing (apt-get install golang-github-gorhill-cronexpr-dev)",
            gorhill.display()
        ));
    }
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cronexpr-oracle");
    let fork = work.join("gopath/src/supercronic/cronexpr");
    std::fs::create_dir_all(&fork).map_err(|e| e.to_string())?;
    for file in ["cronexpr.go", "cronexpr_parse.go", "cronexpr_next.go"] {
        let mut text = std::fs::read_to_string(gorhill.join(file)).map_err(|e| e.to_string())?;
        for (_, anchor, replacement) in SUPERCRONIC_EDITS.iter().filter(|(f, _, _)| *f == file) {
            assert_eq!(
                text.matches(anchor).count(),
                1,
                "{file}: the anchor {anchor:?} must occur once in Debian's cronexpr"
            );
            text = text.replacen(anchor, replacement, 1);
        }
        std::fs::write(fork.join(file), text).map_err(|e| e.to_string())?;
    }
    std::fs::write(fork.join("strict.go"), STRICT_GO).map_err(|e| e.to_string())?;
    let binary = work.join("cronexpr-oracle");
    let gopath = format!("{}:{DEBIAN_GOPATH}", work.join("gopath").display());
    let output = Command::new("go")
        .args(["build", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(root().join("scripts/cronexpr-oracle"))
        .env("GOPATH", gopath)
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .env("GOCACHE", work.join("gocache"))
        .output()
        .map_err(|e| format!("cannot run go (apt-get install golang-go): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "go build failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(binary)
}

/// The oracle's two lines for each expression. When gorhill's Next overflows the Go stack, the
/// process dies after the expression's first line: that is recorded as `{"gorhill": "runs
/// away"}` and the oracle restarts on the expressions left.
fn run_oracle(binary: &Path, expressions: &[String]) -> Vec<(Value, Value)> {
    let header = json!({ "starts": STARTS, "count": COUNT }).to_string();
    let mut answers: Vec<(Value, Value)> = Vec::with_capacity(expressions.len());
    let mut restarts = 0;
    while answers.len() < expressions.len() {
        let rest = &expressions[answers.len()..];
        let mut child = Command::new(binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the oracle starts");
        let mut stdin = child.stdin.take().expect("stdin");
        let input: String = std::iter::once(header.clone())
            .chain(rest.iter().map(|e| Value::from(e.as_str()).to_string()))
            .map(|line| line + "\n")
            .collect();
        let writer = std::thread::spawn(move || {
            // The oracle may die before reading everything; the reader notices.
            let _ = stdin.write_all(input.as_bytes());
        });
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut pending: Option<Value> = None;
        for line in stdout.lines() {
            let value: Value = serde_json::from_str(&line.expect("oracle output"))
                .expect("the oracle writes JSON");
            match pending.take() {
                None => pending = Some(value),
                Some(first) => answers.push((first, value)),
            }
        }
        let _ = writer.join();
        let output = child.wait_with_output().expect("the oracle ends");
        if answers.len() == expressions.len() {
            assert!(output.status.success(), "the oracle failed at the end");
            break;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = pending.unwrap_or_else(|| {
            panic!(
                "the oracle died on {:?} before answering: {stderr}",
                expressions[answers.len()]
            )
        });
        assert!(
            stderr.contains("stack overflow") || stderr.contains("stack exceeds"),
            "the oracle died on {:?}: {stderr}",
            expressions[answers.len()]
        );
        answers.push((first, json!({ "gorhill": "runs away" })));
        restarts += 1;
        assert!(restarts < 200, "the oracle keeps dying");
    }
    answers
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn the_corpus_is_large_and_parses_without_panicking() {
    let corpus = corpus();
    assert!(corpus.len() >= 300, "only {} expressions", corpus.len());
    let accepted = corpus
        .iter()
        .filter(|e| cronexpr::parse(e, Flavour::Supercronic).is_ok())
        .count();
    // Both verdicts well represented.
    assert!(
        accepted > 150 && corpus.len() - accepted > 100,
        "{accepted} accepted"
    );
    for expression in corpus.iter().chain(&generated()) {
        let _ = ours(expression, Flavour::Supercronic);
        let _ = ours(expression, Flavour::Gorhill);
        let _ = cronexpr::parse_crontab_line_schedule(expression);
    }
}

#[test]
fn cronexpr_port_agrees_with_go() {
    let binary = match build_oracle() {
        Ok(binary) => binary,
        Err(why) if std::env::var("STSBACKUP_SKIP_ORACLES").as_deref() == Ok("1") => {
            eprintln!("cronexpr_port_agrees_with_go skipped (STSBACKUP_SKIP_ORACLES=1): {why}");
            return;
        }
        Err(why) => panic!("the cronexpr oracle is missing: {why}"),
    };
    let mut expressions = corpus();
    let corpus_size = expressions.len();
    expressions.extend(generated());
    let answers = run_oracle(&binary, &expressions);

    let mut failures = Vec::new();
    let mut tally = [0usize; 4];
    // How the searches ended (both flavours, every start): each way must be exercised.
    let mut endings: BTreeMap<String, usize> = BTreeMap::new();
    for (index, (expression, (first, second))) in expressions.iter().zip(&answers).enumerate() {
        let origin = if index < corpus_size {
            "corpus"
        } else {
            "generated"
        };
        let mut check = |what: &str, ours: Value, theirs: &Value| {
            if &ours != theirs {
                failures.push(format!(
                    "{origin} {expression:?} {what}:\n  stsbackup {ours}\n  cronexpr  {theirs}"
                ));
            }
        };
        let (supercronic, runs_away) = ours(expression, Flavour::Supercronic);
        assert!(!runs_away, "supercronic's months are 1–12: no runaway");
        check("supercronic", supercronic, &first["supercronic"]);

        let (gorhill, runs_away) = ours(expression, Flavour::Gorhill);
        let gorhill = if runs_away {
            json!("runs away")
        } else {
            gorhill
        };
        check("gorhill", gorhill, &second["gorhill"]);

        if !expression.contains('\n') {
            let line = format!("{expression} /backup.sh");
            check("line", our_line(&line), &first["line"]);
            check("whole line", our_line(expression), &first["whole"]);

            // The schedule check agrees with supercronic on the line with a command: accepted
            // exactly when supercronic reads the whole value as the schedule.
            let words = expression.split_ascii_whitespace().count();
            let theirs = &first["line"];
            let whole_schedule = theirs["kind"] == "job"
                && theirs["words"]
                    .as_u64()
                    .is_some_and(|n| n as usize >= words);
            let ours = cronexpr::parse_crontab_line_schedule(expression).is_ok();
            if ours != whole_schedule {
                failures.push(format!(
                    "{origin} {expression:?}: parse_crontab_line_schedule says {ours}, \
                     supercronic reads {theirs}"
                ));
            }
        }
        for answer in [&first["supercronic"], &second["gorhill"]] {
            if answer == "runs away" {
                *endings.entry("runs away".to_owned()).or_default() += 1;
            }
            for end in answer["ends"].as_array().into_iter().flatten() {
                *endings
                    .entry(end.as_str().unwrap_or("?").to_owned())
                    .or_default() += 1;
            }
        }
        let accepted = first["supercronic"].get("error").is_none();
        tally[usize::from(index >= corpus_size) * 2 + usize::from(accepted)] += 1;
    }
    eprintln!(
        "cronexpr differential: corpus {} refused / {} accepted, generated {} refused / {} \
         accepted (supercronic's fork), {} start times; searches ended {endings:?}",
        tally[0],
        tally[1],
        tally[2],
        tally[3],
        STARTS.len()
    );
    for ending in ["count", "zero", "panic", "runs away"] {
        assert!(
            endings.contains_key(ending),
            "no search ended with {ending}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} disagreements with cronexpr:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
