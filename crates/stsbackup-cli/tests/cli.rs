//! The `stsbackup` binary end to end: exit statuses, output formats, and that no secret value
//! ever reaches stdout or stderr.

mod support;

use support::{fixture, stsbackup};

use predicates::prelude::*;
use std::path::Path;

#[test]
fn a_clean_file_exits_0() {
    stsbackup()
        .args(["lint", "--chart", "stackstate@5.1.4"])
        .arg(fixture("valid/s3-gateway-complete.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no problems found"));
}

#[test]
fn warnings_alone_exit_0() {
    stsbackup()
        .arg("lint")
        .arg(fixture("valid/pvc-complete.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SB603"));
}

#[test]
fn an_error_exits_1() {
    stsbackup()
        .arg("lint")
        .arg(fixture("invalid/sb010-stackgraph-lowercase.yaml"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[SB010]"))
        .stdout(predicate::str::contains(
            "did you mean `backup.stackGraph`?",
        ));
}

#[test]
fn a_file_that_is_not_yaml_is_a_finding_exit_1() {
    stsbackup()
        .arg("lint")
        .arg(fixture("invalid/sb005-latin1.yaml"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("SB005"));
}

#[test]
fn a_missing_file_exits_2_and_the_others_are_still_linted() {
    stsbackup()
        .arg("lint")
        .arg("does-not-exist.yaml")
        .arg(fixture("valid/s3-gateway-complete.yaml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read does-not-exist.yaml"))
        .stdout(predicate::str::contains("1 file checked"));
}

#[test]
fn usage_errors_exit_2() {
    stsbackup().arg("lint").assert().code(2);
    stsbackup()
        .args(["lint", "--format", "xml", "x.yaml"])
        .assert()
        .code(2);
    stsbackup().arg("frobnicate").assert().code(2);
}

#[test]
fn standard_input_is_read_with_a_dash() {
    stsbackup()
        .args(["lint", "-"])
        .write_stdin("backup:\n  enabeld: true\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin>:2:3"));
}

#[test]
fn json_output_is_one_array_with_the_documented_fields() {
    let output = stsbackup()
        .args(["lint", "--format", "json"])
        .arg(fixture("invalid/sb201-uppercase-underscore.yaml"))
        .arg(fixture("invalid/sb402-weeks.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 4);
    let bucket = findings.iter().find(|f| f["code"] == "SB201").unwrap();
    assert_eq!(bucket["severity"], "error");
    assert_eq!(bucket["path"], "backup.stackGraph.bucketName");
    assert_eq!(bucket["line"], 4);
    assert_eq!(bucket["column"], 17);
    assert!(
        bucket["file"]
            .as_str()
            .unwrap()
            .ends_with("sb201-uppercase-underscore.yaml")
    );
    assert!(
        bucket["message"]
            .as_str()
            .unwrap()
            .contains("StackGraph_Backups")
    );
    assert!(
        bucket["help"]
            .as_str()
            .unwrap()
            .contains("stackgraph-backups")
    );
}

#[test]
fn text_output_points_at_the_value() {
    let output = stsbackup()
        .arg("lint")
        .arg(fixture("invalid/sb201-uppercase-underscore.yaml"))
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("--> "), "{text}");
    assert!(
        text.contains("sb201-uppercase-underscore.yaml:4:17"),
        "{text}"
    );
    assert!(
        text.contains("4 |     bucketName: StackGraph_Backups"),
        "{text}"
    );
    assert!(
        text.contains("  |                 ^^^^^^^^^^^^^^^^^^ backup.stackGraph.bucketName"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");
}

#[test]
fn explain_prints_a_rules_documentation() {
    stsbackup()
        .args(["explain", "sb601"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "# SB601 no-persistent-storage (error)",
        ))
        .stdout(predicate::str::contains("## Why is this bad?"));
    stsbackup()
        .args(["explain", "SB999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule SB999"));
}

#[test]
fn rules_lists_every_rule() {
    let output = stsbackup().arg("rules").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    for rule in stsbackup::rules::all() {
        assert!(text.contains(rule.code), "{}", rule.code);
    }
}

#[test]
fn schema_prints_the_checked_in_schema() {
    let checked_in = std::fs::read_to_string(fixture("../schema/values.schema.json")).unwrap();
    stsbackup()
        .arg("schema")
        .assert()
        .code(0)
        .stdout(checked_in);
}

#[test]
fn schema_for_a_release_prints_that_releases_keys() {
    let output = stsbackup()
        .args(["schema", "--chart", "suse-observability@2.10.0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let release = "suse-observability@2.10.0".parse().unwrap();
    assert_eq!(printed, stsbackup::schema::release_schema(release));
    assert!(printed["properties"]["backup"]["properties"]["storage"].is_object());
}

#[test]
fn schema_for_an_unknown_release_is_a_usage_error() {
    let output = stsbackup()
        .args(["schema", "--chart", "stackstate@3.0.0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--chart"), "{stderr}");
}

/// Every secret value in the fixtures, found by reading them as the loader does.
fn secrets_in(path: &Path) -> Vec<String> {
    let document = stsbackup::load_file(path).unwrap();
    let Some(root) = document.root.as_ref() else {
        return Vec::new();
    };
    stsbackup::load::SECRET_PATHS
        .iter()
        .filter_map(|secret| root.at(secret.iter().copied()))
        .filter_map(|node| node.as_str().map(str::to_owned))
        .filter(|s| s.len() >= 4 && s != "setme")
        .collect()
}

#[test]
fn no_secret_reaches_any_output_of_any_fixture() {
    let mut checked = 0;
    for kind in ["valid", "invalid", "hostile"] {
        for entry in std::fs::read_dir(fixture(kind)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let secrets = secrets_in(&path);
            if secrets.is_empty() {
                continue;
            }
            for format in ["text", "json", "sarif", "github"] {
                let output = stsbackup()
                    .args(["lint", "--format", format])
                    .arg(&path)
                    .output()
                    .unwrap();
                for stream in [&output.stdout, &output.stderr] {
                    let text = String::from_utf8_lossy(stream);
                    for secret in &secrets {
                        assert!(
                            !text.contains(secret.as_str()),
                            "{} leaks a secret in {format}:\n{text}",
                            path.display()
                        );
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} fixtures hold secrets");
}

#[test]
fn a_secret_quoted_in_a_syntax_error_line_is_masked() {
    let output = stsbackup()
        .args(["lint", "-"])
        .write_stdin("minio:\n  secretKey: Sup3rS3cretValue: oops\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("SB001"), "{text}");
    assert!(!text.contains("Sup3rS3cretValue"), "{text}");
}

#[test]
fn strict_fails_on_warnings() {
    stsbackup()
        .arg("lint")
        .arg(fixture("valid/pvc-complete.yaml"))
        .assert()
        .code(0);
    stsbackup()
        .args(["lint", "--strict"])
        .arg(fixture("valid/pvc-complete.yaml"))
        .assert()
        .code(1);
}

#[test]
fn select_and_ignore_filter_by_code_prefix() {
    let file = fixture("invalid/sb103-setme-enabled.yaml");
    stsbackup()
        .args(["lint", "--ignore", "SB1"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SB603"))
        .stdout(predicate::str::contains("SB103").not());
    stsbackup()
        .args(["lint", "--select", "SB6", "--strict"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("SB103").not());
    stsbackup()
        .args(["lint", "--select", "XX1"])
        .arg(&file)
        .assert()
        .code(2);
}

#[test]
fn sarif_output_has_rules_and_located_results() {
    let output = stsbackup()
        .args(["lint", "--format", "sarif"])
        .arg(fixture("invalid/sb201-uppercase-underscore.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), stsbackup::rules::all().len());
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "SB201")
        .unwrap();
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "SB201");
    assert!(
        rules[index]["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules.md#sb201")
    );
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(4), Some(17))
    );
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "backup.stackGraph.bucketName"
    );
    assert!(result["partialFingerprints"]["stsbackup/v1"].is_string());
}

#[test]
fn github_output_is_workflow_commands_and_the_default_on_actions() {
    let file = fixture("invalid/sb201-uppercase-underscore.yaml");
    let output = stsbackup()
        .env("GITHUB_ACTIONS", "true")
        .arg("lint")
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("::error ")).unwrap();
    assert!(
        line.contains(",line=4,col=17,endColumn=35,title=SB201 s3-bucket-name::"),
        "{line}"
    );
    assert!(line.contains("%0Ahelp: "), "{line}");
    assert!(text.starts_with("::group::"));
    assert!(text.trim_end().ends_with("::endgroup::"));
}

#[test]
fn inline_ignores_silence_one_line_and_report_stale_ones() {
    stsbackup()
        .args(["lint", "--chart", "stackstate@5.1.4"])
        .arg(fixture("valid/sb008-used-ignore.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no problems found"));
    stsbackup()
        .arg("lint")
        .arg(fixture("invalid/sb008-stale-ignore.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[SB008]"));
}

#[test]
fn secrets_are_masked_on_every_error_path_that_quotes_a_line() {
    let secret = "Zq8vN2kP4mR7tX1yB6wC";
    let cases = [
        // A syntax error on the secret's own line.
        format!("minio:\n  secretKey: {secret}: broken\n"),
        // A secret retyped by YAML is reported without its value.
        "minio:\n  secretKey: 123456789012\n".to_owned(),
        // The secret reused through an alias, with an error on the alias line.
        format!(
            "minio:\n  secretKey: &k {secret}\n  accessKey: *k\n  persistence: {{enabled: true}}\nbackup: {{enabled: true}}\n"
        ),
        // An unknown key next to the secret on a flow line.
        format!("minio: {{secretKey: {secret}, secretkey2: x}}\n"),
        // An AWS secret with a bad shape.
        format!(
            "backup: {{enabled: true}}\nminio:\n  s3gateway: {{enabled: true, accessKey: AKIAIOSFODNN7EXAMPLE, secretKey: {secret}}}\n"
        ),
    ];
    for text in &cases {
        let hidden = if text.contains("123456789012") {
            "123456789012"
        } else {
            secret
        };
        for format in ["text", "json", "sarif", "github"] {
            let output = stsbackup()
                .args(["lint", "--format", format, "-"])
                .write_stdin(text.as_str())
                .output()
                .unwrap();
            for stream in [&output.stdout, &output.stderr] {
                let shown = String::from_utf8_lossy(stream);
                assert!(
                    !shown.contains(hidden),
                    "{format} leaks the secret for {text:?}:\n{shown}"
                );
            }
        }
    }
}

#[test]
fn lint_never_changes_the_files_it_reads() {
    let dir = std::env::temp_dir().join(format!("stsbackup-unchanged-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("values.yaml");
    let text = std::fs::read(fixture("invalid/sb402-weeks.yaml")).unwrap();
    std::fs::write(&path, &text).unwrap();
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    for format in ["text", "json", "sarif", "github"] {
        stsbackup()
            .args(["lint", "--format", format])
            .arg(&path)
            .assert()
            .code(1);
    }
    assert_eq!(std::fs::read(&path).unwrap(), text);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Memory stays bounded on hostile input: the process is run under an address-space limit
/// (256 MiB) and must still answer with a finding.
#[cfg(target_os = "linux")]
#[test]
fn hostile_input_runs_within_a_memory_limit() {
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    for file in [
        "invalid/sb001-alias-bomb.yaml",
        "hostile/recursive-alias.yaml",
        "hostile/duplicate-keys.yaml",
    ] {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 262144 && exec \"$0\" lint --format json \"$1\"")
            .arg(&binary)
            .arg(fixture(file))
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{file}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert!(!findings.as_array().unwrap().is_empty(), "{file}");
    }
}

#[test]
fn schedule_shows_runs_and_retention_and_fails_on_schedules_that_never_run() {
    let output = stsbackup()
        .args([
            "schedule",
            "--from",
            "2026-11-25T10:00:00Z",
            "--count",
            "2",
            "--format",
            "json",
            "-f",
        ])
        .arg(fixture("valid/pvc-complete.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let previews: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(previews[0]["store"], "stack-graph");
    assert_eq!(
        previews[0]["runs"],
        serde_json::json!(["2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z"])
    );
    assert_eq!(previews[0]["max_kept"]["count"], 31);
    assert_eq!(previews[2]["runs"][0], "2026-11-26T03:00:00Z");

    stsbackup()
        .args(["schedule", "--from", "2026-11-25T10:00:00Z", "-f"])
        .arg(fixture("invalid/sb302-thirty-first-of-february.yaml"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "never runs after 2026-11-25T10:00:00Z",
        ));
    stsbackup()
        .args(["schedule", "--from", "yesterday", "-f", "x.yaml"])
        .assert()
        .code(2);
}

#[test]
fn without_chart_a_note_says_which_generations_were_checked() {
    stsbackup()
        .arg("lint")
        .arg(fixture("valid/s3-gateway-complete.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "info[SB009]: checked against stackstate 4.3 to suse-observability 2.6.x, from `backup.enabled: true`",
        ));
    stsbackup()
        .args(["lint", "--chart", "suse-observability@2.7.0-pre.96"])
        .arg(fixture("valid/s3-gateway-complete.yaml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pre-release"));
}
