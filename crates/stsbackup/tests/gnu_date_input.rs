//! Differential test of [`stsbackup::text::date_input`] against the real GNU `date` of the
//! machine (coreutils, TZ=UTC, LC_ALL=C), with "now" frozen by `faketime`.
//!
//! Every line of `fixtures/date/gnu-date-corpus.txt` (see `fixtures/date/README.md`) goes
//! through `date -f - +%s.%N` once per base time in [`BASES`], in one `date` process per base:
//! both must accept it or both refuse it, and when both accept it the instants must agree to
//! the nanosecond. `date -f` prints nothing on standard output for a line it refuses, so each
//! corpus line is followed by a sentinel line whose output is known; what comes between two
//! sentinels is the answer for one line.
//!
//! `date` and `faketime` are oracles: when either is missing the test fails, unless
//! `STSBACKUP_SKIP_ORACLES=1` (then the corpus is still parsed and resolved, for panics).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use stsbackup::calendar::DateTime;
use stsbackup::text::date_input;

/// The "now" of each run: month ends, leap days, a year's last second, midnights and noons.
const BASES: [&str; 8] = [
    "2024-02-29 12:34:56",
    "2024-02-29 00:00:00",
    "2026-03-31 03:00:00",
    "2026-12-31 23:59:59",
    "2026-11-25 10:20:30",
    "2023-01-31 00:00:00",
    "2025-10-31 23:00:00",
    "2028-03-01 00:00:01",
];

/// A line whose output (`-987654322.876543211`) no corpus line produces; checked below.
const SENTINEL: &str = "@-987654321.123456789";
const SENTINEL_OUTPUT: &str = "-987654322.876543211";

/// Where stsbackup deliberately differs from `date` (`fixtures/date/README.md` says why):
/// inputs stsbackup refuses although `date` accepts them.
const KNOWN_DIFFERENCES: [&str; 2] = [
    // Another time zone for the string: stsbackup models UTC only.
    "TZ=\"Europe/Berlin\" 2024-01-01 12:00",
    // A zone glibc cannot read, which it then takes for UTC: refused as any other zone.
    "TZ=\"\\\"\" now",
];

fn corpus() -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/date/gnu-date-corpus.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            if line == "<empty>" {
                String::new()
            } else {
                line.to_owned()
            }
        })
        .collect()
}

fn base_time(base: &str) -> DateTime {
    DateTime::parse_rfc3339(&base.replace(' ', "T")).expect("a valid base time")
}

/// stsbackup's answer: `Some("SECONDS.NANOSECONDS")`, or `None` when it refuses the input.
fn ours(input: &str, now: DateTime) -> Option<String> {
    let parsed = date_input::parse(input).ok()?;
    let (seconds, nanoseconds) = parsed.resolve_precise(now).ok()?;
    Some(format!("{seconds}.{nanoseconds:09}"))
}

/// GNU date's answers for every input at `base`, or `None` when `date` or `faketime` is
/// missing.
fn gnu(inputs: &[String], base: &str) -> Option<Vec<Option<String>>> {
    let mut child = Command::new("faketime")
        .args(["-f", base, "date", "-f", "-", "+%s.%N"])
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut request = String::new();
    // First "now" itself, to prove that faketime froze the clock at the base.
    for line in std::iter::once("now").chain(inputs.iter().map(String::as_str)) {
        request.push_str(line);
        request.push('\n');
        request.push_str(SENTINEL);
        request.push('\n');
    }
    let mut stdin = child.stdin.take().expect("a stdin pipe");
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let output = child.wait_with_output().expect("date runs");
    writer
        .join()
        .expect("the writer")
        .expect("the corpus is written");
    let text = String::from_utf8(output.stdout).expect("date prints ASCII");
    let mut lines = text.lines().peekable();
    let mut answers = Vec::new();
    for _ in 0..=inputs.len() {
        let answer = match lines.next() {
            Some(SENTINEL_OUTPUT) => None,
            Some(value) => {
                assert_eq!(
                    lines.next(),
                    Some(SENTINEL_OUTPUT),
                    "date's output is out of step after {value}"
                );
                Some(value.to_owned())
            }
            None => panic!("date's output ended early"),
        };
        answers.push(answer);
    }
    assert_eq!(lines.next(), None, "date printed more lines than expected");
    let now = answers.remove(0);
    let expected = format!("{}.000000000", base_time(base).to_unix());
    assert_eq!(
        now.as_deref(),
        Some(expected.as_str()),
        "faketime did not freeze the clock at {base}"
    );
    Some(answers)
}

fn oracles_skipped() -> bool {
    std::env::var("STSBACKUP_SKIP_ORACLES").as_deref() == Ok("1")
}

#[test]
fn corpus_is_large_and_varied() {
    let inputs = corpus();
    assert!(inputs.len() >= 400, "only {} corpus lines", inputs.len());
    let now = base_time(BASES[0]);
    let accepted = inputs.iter().filter(|i| ours(i, now).is_some()).count();
    // Both outcomes are well represented.
    assert!(
        accepted >= 150 && inputs.len() - accepted >= 100,
        "{accepted} accepted"
    );
    for input in &inputs {
        assert_ne!(
            ours(input, now).as_deref(),
            Some(SENTINEL_OUTPUT),
            "{input}"
        );
    }
}

#[test]
fn agrees_with_gnu_date() {
    let inputs = corpus();
    let mut disagreements = Vec::new();
    let mut differences_seen = Vec::new();
    for base in BASES {
        let now = base_time(base);
        let Some(answers) = gnu(&inputs, base) else {
            if oracles_skipped() {
                eprintln!("GNU date comparison skipped at {base}: STSBACKUP_SKIP_ORACLES=1");
                for input in &inputs {
                    let _ = ours(input, now);
                }
                continue;
            }
            panic!(
                "GNU date or faketime is missing (install the Debian packages coreutils and \
                 faketime), or set STSBACKUP_SKIP_ORACLES=1"
            );
        };
        for (input, theirs) in inputs.iter().zip(answers) {
            let mine = ours(input, now);
            if mine == theirs {
                continue;
            }
            if KNOWN_DIFFERENCES.contains(&input.as_str()) && mine.is_none() {
                differences_seen.push(input.clone());
                continue;
            }
            disagreements.push(format!(
                "at {base}: {input:?}: stsbackup {mine:?}, GNU date {theirs:?}"
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    if !oracles_skipped() {
        for known in KNOWN_DIFFERENCES {
            assert!(
                differences_seen.iter().any(|seen| seen == known),
                "the known difference {known:?} no longer shows; remove it"
            );
        }
    }
}

/// The StackGraph v2 backup's line of `backup-stackgraph-v2.sh` (suse-observability 2.10.3),
/// run by bash with GNU date at `base`: the retention in days for each input, `None` where
/// `date` refuses it. `None` overall when bash, date or faketime is missing.
fn v2_days_by_bash(inputs: &[String], base: &str) -> Option<Vec<Option<i64>>> {
    let script = r#"while IFS= read -r RETENTION; do
  if date -d "${RETENTION}" +%s >/dev/null 2>&1; then
    DAYS=$(( ($(date +%s) - $(date -d "${RETENTION}" +%s) + 86399) / 86400 ))
    echo "$DAYS"
  else
    echo refused
  fi
done"#;
    let mut child = Command::new("faketime")
        .args(["-f", base, "bash", "-c", script])
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let request: String = inputs.iter().map(|i| format!("{i}\n")).collect();
    let mut stdin = child.stdin.take().expect("a stdin pipe");
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().expect("the writer").ok()?;
    let text = String::from_utf8(output.stdout).expect("bash prints ASCII");
    let answers: Vec<Option<i64>> = text
        .lines()
        .map(|line| (line != "refused").then(|| line.parse().expect("a day count")))
        .collect();
    (answers.len() == inputs.len()).then_some(answers)
}

#[test]
fn stackgraph_v2_days_agree_with_the_charts_bash_line() {
    // The corpus inputs `read -r` passes through unchanged, and the retentions the v2 rule is
    // about: under a day, now, the future, calendar months.
    let mut inputs: Vec<String> = corpus()
        .into_iter()
        .filter(|i| i.trim() == i && !i.contains('\\') && !i.is_empty())
        .collect();
    for extra in [
        "30 days ago",
        "12 hours ago",
        "1 minute ago",
        "36 hours ago",
        "now",
        "today",
        "0 days ago",
        "30 days",
        "1 day",
        "1 month ago",
        "yesterday",
    ] {
        inputs.push(extra.to_owned());
    }
    let mut compared = 0;
    for base in BASES {
        let now = base_time(base);
        let Some(answers) = v2_days_by_bash(&inputs, base) else {
            if oracles_skipped() {
                eprintln!("v2 day count comparison skipped: STSBACKUP_SKIP_ORACLES=1");
                return;
            }
            panic!("bash, GNU date or faketime is missing, or set STSBACKUP_SKIP_ORACLES=1");
        };
        let mut disagreements = Vec::new();
        for (input, theirs) in inputs.iter().zip(answers) {
            let Some(theirs) = theirs else { continue };
            // Inputs our port refuses are the GNU comparison's business (KNOWN_DIFFERENCES).
            let Ok(mine) = date_input::retention_days(input, now) else {
                continue;
            };
            compared += 1;
            if mine != theirs {
                disagreements.push(format!(
                    "at {base}: {input:?}: stsbackup {mine}, bash {theirs}"
                ));
            }
        }
        assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    }
    assert!(compared > 1000, "only {compared} day counts compared");
}
