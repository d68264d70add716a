//! The binary against input and surroundings chosen by an attacker: endless devices and pipes,
//! closed and full outputs, arguments that would switch the linter off, file names and values
//! that would be control sequences in a terminal or a CI log.

mod support;

use support::{fixture, stsbackup};

use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// Runs a shell script with the binary as `$0`, under an address-space limit of 256 MiB: an
/// unbounded read of an endless input dies there instead of after gigabytes.
#[cfg(target_os = "linux")]
fn sh_limited(script: &str) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -v 262144 && {script}"))
        .arg(&binary)
        .output()
        .unwrap()
}

// ---- Bounded reads -------------------------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn endless_devices_and_pipes_are_read_up_to_the_limit_only() {
    for (what, script) in [
        ("a device", r#""$0" lint --format json /dev/zero"#),
        (
            "a named -f device",
            r#""$0" lint --format json -f /dev/zero"#,
        ),
        (
            "a process substitution",
            r#""$0" lint --format json <(yes 'a: b')"#,
        ),
        (
            "standard input",
            r#"yes 'a: b' | "$0" lint --format json -"#,
        ),
        (
            "schedule on a device",
            r#""$0" schedule -f /dev/zero 2>/dev/null; echo "status $?""#,
        ),
    ] {
        let output = sh_limited(script);
        let stdout = String::from_utf8_lossy(&output.stdout);
        if what.starts_with("schedule") {
            // The findings go to standard error; the status says the values were refused.
            assert!(stdout.contains("status 1"), "{what}: {stdout}");
            continue;
        }
        assert_eq!(
            output.status.code(),
            Some(1),
            "{what}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let codes: Vec<&str> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["SB007"], "{what}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn render_reads_a_device_up_to_the_limit_only() {
    let output = sh_limited(r#""$0" render slm-policy -f /dev/zero"#);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("SB007"));
}

#[test]
fn a_small_pipe_is_read_whole() {
    stsbackup()
        .args(["lint", "-"])
        .write_stdin("backup:\n  stackgraph: {}\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("SB010"));
}

// ---- Output errors -------------------------------------------------------------------------

/// Every command that writes to standard output, with arguments that make it write.
/// Every command that writes, `render all` into a directory of the calling test's own (the
/// tests run at once, and two renders swapping one directory would race).
fn writing_commands(test: &str) -> Vec<Vec<String>> {
    let valid = fixture("valid/s3-gateway-complete.yaml")
        .display()
        .to_string();
    let invalid = fixture("invalid/sb010-stackgraph-lowercase.yaml")
        .display()
        .to_string();
    let output_dir = std::env::temp_dir()
        .join(format!("stsbackup-{test}-{}", std::process::id()))
        .display()
        .to_string();
    let mut commands: Vec<Vec<String>> = Vec::new();
    for format in ["text", "json", "sarif", "github"] {
        commands.push(vec![
            "lint".into(),
            "--format".into(),
            format.into(),
            invalid.clone(),
        ]);
    }
    commands.extend(
        [
            vec!["lint", &valid],
            vec!["rules"],
            vec!["schema"],
            vec!["explain", "SB201"],
            vec!["schedule", "-f", &valid],
            vec!["schedule", "--format", "json", "-f", &valid],
            vec!["render", "slm-policy", "-f", &valid],
            vec!["render", "iam-policy", "-f", &valid],
            vec!["render", "cronjob", "-f", &valid],
            vec![
                "render",
                "values",
                "--storage",
                "pvc",
                "--generate-credentials",
            ],
            vec!["render", "all", "-f", &valid, "-o", &output_dir],
        ]
        .into_iter()
        .map(|args| args.into_iter().map(String::from).collect()),
    );
    commands
}

#[cfg(unix)]
#[test]
fn a_full_disk_is_a_clear_error_with_exit_2_for_every_command() {
    for args in writing_commands("a_full_disk_is_a_clear_error_with_exit_2_for_every_command") {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("stsbackup"))
            .env_remove("NO_COLOR")
            .env_remove("GITHUB_ACTIONS")
            .args(&args)
            .env_remove("STSBACKUP_MINIO_ACCESS_KEY")
            .env_remove("STSBACKUP_MINIO_SECRET_KEY")
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("stsbackup: cannot write the output: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// With standard error full too, the error cannot be told, but the status still says it.
#[cfg(unix)]
#[test]
fn a_full_disk_on_both_outputs_is_still_exit_2_not_a_panic() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in writing_commands("a_full_disk_on_both_outputs_is_still_exit_2_not_a_panic") {
        let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("stsbackup"))
            .env_remove("GITHUB_ACTIONS")
            .env_remove("STSBACKUP_MINIO_ACCESS_KEY")
            .env_remove("STSBACKUP_MINIO_SECRET_KEY")
            .args(&args)
            .stdout(full())
            .stderr(full())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}");
    }
    // A file that cannot be read, said on a full standard error.
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("stsbackup"))
        .args(["lint", "does-not-exist.yaml"])
        .stdout(std::process::Stdio::null())
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_every_command_quietly_with_141() {
    for args in writing_commands("a_closed_pipe_ends_every_command_quietly_with_141") {
        // The reading end is closed before the process starts: its first write fails, always
        // (a reader that closes later races with the writer and the pipe's buffer).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("stsbackup"))
            .env_remove("NO_COLOR")
            .env_remove("GITHUB_ACTIONS")
            .args(&args)
            .env_remove("STSBACKUP_MINIO_ACCESS_KEY")
            .env_remove("STSBACKUP_MINIO_SECRET_KEY")
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("cannot write") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

// ---- Arguments that would switch the linter off ------------------------------------------

#[test]
fn an_empty_code_in_select_or_ignore_is_a_usage_error() {
    let invalid = fixture("invalid/sb010-stackgraph-lowercase.yaml");
    for flag in ["--ignore", "--select"] {
        for value in ["", "SB603,", ",SB603", "SB1,,SB2", " ", ","] {
            stsbackup()
                .arg("lint")
                .arg(format!("{flag}={value}"))
                .arg(&invalid)
                .assert()
                .code(2)
                .stdout("")
                .stderr(predicate::str::contains("an empty code"))
                .stderr(predicate::str::contains(flag));
        }
    }
    // The same codes without the stray comma still work.
    stsbackup()
        .args(["lint", "--ignore", "SB603,SB010"])
        .arg(&invalid)
        .assert()
        .code(0);
}

// ---- Writes --------------------------------------------------------------------------------

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stsbackup-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn temporaries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    names.sort();
    names
}

/// Files named as the temporaries of an earlier scheme (`.<name>.<pid>.tmp`), with the pid the
/// run will have: a predictable name would collide with them, and a clean-up by name would
/// delete them.
#[cfg(unix)]
#[test]
fn render_all_never_touches_files_it_did_not_create() {
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    for (case, limit) in [("succeeds", ""), ("fails", "trap '' XFSZ; ulimit -f 8; ")] {
        let out = scratch(&format!("decoys-{case}"));
        // `exec` keeps the shell's pid, so `$$` is the pid stsbackup runs with.
        let script = format!(
            "{limit}for name in iam-policy.json slm-policy.json cronjob-backup-stackgraph.yaml; do \
               echo mine > \"$2/.$name.$$.tmp\"; echo mine > \"$2/.$name.tmp\"; \
             done; exec \"$0\" render all -f \"$1\" -o \"$2\""
        );
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(&binary)
            .arg(fixture("valid/s3-gateway-complete.yaml"))
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if case == "succeeds" {
            assert_eq!(output.status.code(), Some(0), "{stderr}");
        } else {
            assert_eq!(output.status.code(), Some(2), "{stderr}");
        }
        let left = temporaries(&out);
        assert_eq!(left.len(), 6, "{case}: {left:?}");
        for name in &left {
            assert_eq!(
                std::fs::read_to_string(out.join(name)).unwrap(),
                "mine\n",
                "{case}: {name}"
            );
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
}

// ---- Nothing from the input is control in a terminal or a CI log ---------------------------

/// The lines a CI runner would read as workflow commands: those starting with `::` after
/// leading spaces, and those holding the old `##[` syntax anywhere.
fn commands_in(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.trim_start().starts_with("::") || line.contains("##["))
        .collect()
}

/// Whether a command line is one stsbackup writes, read as the runner reads it: the command
/// and its properties up to the next `::`, each property `key=value` split at `,`. A line
/// with `##[` that is not such a command would be an old-syntax command.
fn is_ours(command: &str) -> bool {
    let Some(rest) = command.trim_start().strip_prefix("::") else {
        return false;
    };
    let Some(end) = rest.find("::") else {
        return false;
    };
    let info = &rest[..end];
    let (name, properties) = info.split_once(' ').unwrap_or((info, ""));
    match name {
        "group" | "endgroup" => properties.is_empty(),
        "error" | "warning" | "notice" => {
            properties
                .split(',')
                .all(|property| match property.split_once('=') {
                    Some(("title", title)) => title.starts_with("SB"),
                    Some(("file" | "line" | "col" | "endColumn", _)) => true,
                    _ => false,
                })
        }
        _ => false,
    }
}

#[test]
fn file_names_cannot_forge_or_stop_workflow_commands() {
    let dir = scratch("command-names");
    for name in [
        "::stop-commands::x.yaml",
        "::error title=forged::x.yaml",
        " ::warning::x.yaml",
        "##[error]x.yaml",
    ] {
        std::fs::write(dir.join(name), "backup:\n  stackgraph: {}\n").unwrap();
        let output = stsbackup()
            .current_dir(&dir)
            .args([
                "lint",
                "--chart",
                "stackstate@5.1.4",
                "--format",
                "github",
                name,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        let log = String::from_utf8(output.stdout).unwrap();
        let commands = commands_in(&log);
        // The group, the annotation and the end of the group; the plain line is inert.
        assert_eq!(commands.len(), 3, "{name}:\n{log}");
        for command in commands {
            assert!(is_ours(command), "{name}: {command}");
        }
        let error = log.lines().find(|l| l.starts_with("::error ")).unwrap();
        let escaped_file = name.replace(':', "%3A").replace(',', "%2C");
        assert!(
            error.starts_with(&format!("::error file={escaped_file},line=2,")),
            "{error}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A value with an escape sequence that clears the screen, a line break that would start a
/// forged command, `##[` and a `%`.
const CONTROL_VALUE: &str = r#"backup:
  enabled: true
  stackGraph:
    bucketName: "50%_\e[2J\n::error::forged ##[warning]x"
    scheduled:
      schedule: "0 3 * * *\e]0;title\a"
"#;

/// The same bytes raw in the file: YAML refuses them, and the syntax error quotes the line.
const RAW_CONTROL_BYTES: &str =
    "backup:\n  stackGraph:\n    bucketName: \"a\u{1b}[2J\u{7}b\u{9b}31m\"\n";

#[test]
fn values_reach_no_output_as_control_characters() {
    for input in [CONTROL_VALUE, RAW_CONTROL_BYTES] {
        for args in [
            vec!["lint", "--format", "text", "-"],
            vec!["lint", "--format", "github", "-"],
            vec!["lint", "--format", "json", "-"],
            vec!["lint", "--format", "sarif", "-"],
            vec!["schedule", "-f", "-"],
            vec!["schedule", "--format", "json", "-f", "-"],
            vec!["render", "slm-policy", "-f", "-"],
        ] {
            let output = stsbackup().args(&args).write_stdin(input).output().unwrap();
            for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
                let text = String::from_utf8_lossy(bytes);
                assert!(
                    !bytes.iter().any(|&b| b == 0x1b || b == 0x07) && !text.contains('\u{9b}'),
                    "{args:?} {stream} has control bytes:\n{text}"
                );
                let commands = commands_in(&text);
                assert!(
                    commands.iter().all(|c| is_ours(c)),
                    "{args:?} {stream}: {commands:?}"
                );
            }
        }
    }
}

#[test]
fn the_readable_log_line_is_not_escaped_twice() {
    let output = stsbackup()
        .args(["lint", "--format", "github", "-"])
        .write_stdin("backup:\n  stackGraph:\n    bucketName: 50%_off\n")
        .output()
        .unwrap();
    let log = String::from_utf8(output.stdout).unwrap();
    let plain = log
        .lines()
        .find(|l| l.starts_with("<stdin>:3:17: error[SB201]"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(
        plain.contains("`50%_off`") && !plain.contains("%25"),
        "{plain}"
    );
    let annotation = log.lines().find(|l| l.starts_with("::error ")).unwrap();
    assert!(annotation.contains("`50%25_off`"), "{annotation}");
}

#[test]
fn sarif_uris_are_relative_references_or_file_uris() {
    let dir = scratch("sarif-uris");
    std::fs::write(dir.join("a b.yaml"), "backup:\n  stackgraph: {}\n").unwrap();
    let absolute = dir.join("a b.yaml");
    let output = stsbackup()
        .current_dir(&dir)
        .args([
            "lint",
            "--chart",
            "stackstate@5.1.4",
            "--format",
            "sarif",
            "a b.yaml",
        ])
        .arg(&absolute)
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    let expected_absolute = format!("file://{}", absolute.display()).replace(' ', "%20");
    assert_eq!(uris, ["a%20b.yaml", expected_absolute.as_str()]);
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreadable_file_leaves_a_notification_in_sarif() {
    let output = stsbackup()
        .args(["lint", "--format", "sarif", "does-not-exist.yaml"])
        .arg(fixture("valid/s3-gateway-complete.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert!(
        notification["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("cannot read does-not-exist.yaml: ")
    );
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "does-not-exist.yaml"
    );
}

#[test]
fn every_hostile_fixture_in_every_format_writes_no_control_characters() {
    for entry in std::fs::read_dir(fixture("hostile")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        for format in ["text", "json", "sarif", "github"] {
            let output = stsbackup()
                .args(["lint", "--format", format])
                .arg(&path)
                .output()
                .unwrap();
            let shown = path.display();
            assert!(
                matches!(output.status.code(), Some(0..=2)),
                "{shown} {format}: {output:?}"
            );
            for bytes in [&output.stdout, &output.stderr] {
                let text = String::from_utf8_lossy(bytes);
                assert!(
                    !text
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\t'),
                    "{shown} {format}:\n{text}"
                );
                assert!(commands_in(&text).iter().all(|c| is_ours(c)), "{shown}");
            }
        }
    }
}

// ---- Secrets -------------------------------------------------------------------------------

const SECRET: &str = "Zq8vN2kP4mR7tX1yB6wC";
const OTHER_SECRET: &str = "B0nusB0nusB0nus1x";

/// Every shape a secret value can take: the values file, the extra arguments, and the
/// secrets that must not appear (compared without case: a help that suggests a lowercased
/// bucket name leaks as much).
fn secret_cases() -> Vec<(String, Vec<String>, Vec<&'static str>)> {
    let file = |text: String| (text, Vec::new(), vec![SECRET]);
    vec![
        // Written as a list, or a mapping.
        file(format!("minio:\n  secretKey: [{SECRET}]\n")),
        file(format!("minio:\n  secretKey: {{k: {SECRET}}}\n")),
        // A duplicate key: the losing value.
        (
            format!("minio: {{secretKey: {SECRET}, secretKey: {OTHER_SECRET}}}\n"),
            Vec::new(),
            vec![SECRET, OTHER_SECRET],
        ),
        (
            format!("minio:\n  secretKey: {SECRET}\n  secretKey: {OTHER_SECRET}\n"),
            Vec::new(),
            vec![SECRET, OTHER_SECRET],
        ),
        // Files that do not parse, the error on or after the secret.
        file(format!("minio:\n  secretKey: \"{SECRET}\n  x: [\n")),
        file(format!("minio:\n  secretKey: |\n    {SECRET}\n  x: [\n")),
        file(format!("minio: {{secretKey: {SECRET}, : ]\n")),
        file(format!("minio:\n  secretKey:\n    {SECRET}\n  - x\n")),
        // Carriage returns only.
        file(format!(
            "minio:\r  secretKey: {SECRET}\r  persistence: {{enabled: true}}\rbackup: {{enabled: true}}\r"
        )),
        file(format!("minio:\r  secretKey: {SECRET}\r  x: [\r")),
        // A misspelt secret key in --set (the same typo in a file is masked).
        (
            String::new(),
            vec![format!("--set=minio.secretkey={SECRET}")],
            vec![SECRET],
        ),
        (
            String::new(),
            vec![format!(
                "--set-string=minio.secretkey={SECRET},backup.enabled=true"
            )],
            vec![SECRET],
        ),
        file(format!("minio:\n  secretkey: {SECRET}\n")),
        // Through an alias, into another value's message and help.
        file(format!(
            "minio:\n  secretKey: &s {SECRET}\nbackup:\n  enabled: true\n  stackGraph:\n    bucketName: *s\n"
        )),
        file(format!(
            "minio:\n  s3gateway:\n    secretKey: &s \"{SECRET}\"\nbackup:\n  elasticsearch:\n    snapshotRepositoryName: *s\n    scheduled: {{snapshotPolicyName: *s}}\n"
        )),
    ]
}

#[test]
fn no_secret_reaches_any_output_whatever_its_shape() {
    for (text, extra, hidden) in secret_cases() {
        let mut runs: Vec<Vec<String>> = Vec::new();
        for format in ["text", "json", "sarif", "github"] {
            let mut args: Vec<String> = vec!["lint".into(), "--format".into(), format.into()];
            args.extend(extra.iter().cloned());
            if !text.is_empty() {
                args.extend(["-f".into(), "-".into()]);
            }
            runs.push(args);
        }
        if !text.is_empty() {
            runs.push(vec![
                "render".into(),
                "slm-policy".into(),
                "-f".into(),
                "-".into(),
            ]);
            runs.push(vec!["schedule".into(), "-f".into(), "-".into()]);
        }
        for args in runs {
            let output = stsbackup()
                .args(&args)
                .write_stdin(text.as_str())
                .output()
                .unwrap();
            assert!(
                matches!(output.status.code(), Some(0..=2)),
                "{args:?} {text:?}: {output:?}"
            );
            for stream in [&output.stdout, &output.stderr] {
                let shown = String::from_utf8_lossy(stream).to_lowercase();
                for secret in &hidden {
                    assert!(
                        !shown.contains(&secret.to_lowercase()),
                        "{args:?} leaks {secret} for {text:?}:\n{shown}"
                    );
                }
            }
        }
    }
}

// ---- Linear time ---------------------------------------------------------------------------

/// A quadratic text format printed the whole 60 KB line under each of its 5,000 findings
/// (300 MB); a piece of it around each finding is at most a few kilobytes.
#[test]
fn a_long_line_with_many_findings_prints_a_piece_per_finding() {
    let keys: Vec<String> = (0..5_000).map(|i| format!("k{i}: {i}")).collect();
    let line = format!("backup: {{{}}}", keys.join(", "));
    let output = stsbackup()
        .args(["lint", "--format", "text", "-"])
        .write_stdin(format!("{line}\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.matches("error[SB010]").count(), 5_000);
    assert!(stdout.len() < 5_000 * 4_000, "{} bytes", stdout.len());
    // The position is the line's, not the piece's.
    let column = line.find("k4999:").unwrap() + 1;
    assert!(
        stdout.contains(&format!("<stdin>:1:{column}")),
        "{}",
        &stdout[stdout.len() - 2_000..]
    );
}
