//! Small defects of issue 11, each held by a test: the summary's counts with `--set` alone and
//! with a file that cannot be read, the `rules` table's columns, and the nesting limit stated
//! the same wherever it is stated, and where a finding about a chart default points.

mod support;

use support::stsbackup;

use assert_cmd::Command;

fn stdout(command: &mut Command) -> String {
    String::from_utf8(command.output().unwrap().stdout).unwrap()
}

#[test]
fn set_arguments_alone_are_counted_as_arguments_not_as_a_file() {
    let output = stdout(stsbackup().args([
        "lint",
        "--set",
        "backup.enabled=false",
        "--set-string",
        "minio.accessKey=opsbackup01",
    ]));
    let summary = output.lines().last().unwrap();
    assert!(
        summary.starts_with("0 files and 2 --set arguments checked: "),
        "{output}"
    );
}

#[test]
fn the_rules_table_keeps_its_columns_for_every_severity() {
    let output = stdout(stsbackup().arg("rules"));
    let name_columns: Vec<(usize, &str)> = output
        .lines()
        .map(|line| {
            let severity = line.split_whitespace().nth(1).unwrap();
            let name = line.split_whitespace().nth(2).unwrap();
            (line.find(name).unwrap(), severity)
        })
        .collect();
    for severity in ["error", "warning", "info"] {
        assert!(
            name_columns.iter().any(|(_, s)| *s == severity),
            "no {severity} rule listed"
        );
    }
    let first = name_columns[0].0;
    assert!(
        name_columns.iter().all(|(column, _)| *column == first),
        "the name column moves with the severity:\n{output}"
    );
}

#[test]
fn the_nesting_limit_is_the_loaders_everywhere() {
    let limit = stsbackup::load::MAX_DEPTH;
    let explain = stdout(stsbackup().args(["explain", "SB001"]));
    assert!(explain.contains(&format!("({limit} levels)")), "{explain}");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules_md = std::fs::read_to_string(root.join("docs/rules.md")).unwrap();
    assert!(rules_md.contains(&format!("({limit} levels)")));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains(&format!("nesting deeper than {limit} levels")));

    // And the loader holds it: one level more is SB001 with the same number.
    let mut text = String::new();
    for depth in 0..=limit {
        text.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
    }
    let output = stdout(stsbackup().args(["lint", "-"]).write_stdin(text));
    assert!(
        output.contains("error[SB001]") && output.contains(&format!("deeper than {limit} levels")),
        "{output}"
    );
}

#[test]
fn a_file_that_cannot_be_read_is_in_the_summary_not_no_problems_found() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = stsbackup()
        .args(["lint", "--chart", "stackstate@5.1.4"])
        .arg(root.join("fixtures/valid/s3-gateway-complete.yaml"))
        .arg(root.join("fixtures/valid/there-is-no-such-file.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout,
        "1 file checked, 1 file could not be read: 0 errors, 0 warnings, 0 notes\n"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("cannot read") && stderr.contains("there-is-no-such-file.yaml"),
        "{stderr}"
    );
}

#[test]
fn a_chart_default_finding_in_a_file_without_backup_points_at_its_backup_values() {
    let dir = std::env::temp_dir().join(format!("stsbackup-defaults-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("values.yaml");
    // `backup.enabled` is not written: SB607 is about its default, and the file's backup values
    // are the MinIO settings on line 4, not the comment on line 1.
    std::fs::write(
        &file,
        "# production\nstackstate:\n  baseUrl: https://sts.example.com\nminio:\n  persistence:\n    enabled: true\n",
    )
    .unwrap();
    let output = stdout(
        stsbackup()
            .args(["lint", "--chart", "stackstate@5.1.4", "--format", "json"])
            .arg(&file),
    );
    let findings: serde_json::Value = serde_json::from_str(&output).unwrap();
    let sb607 = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "SB607")
        .unwrap_or_else(|| panic!("{output}"));
    assert_eq!(
        (&sb607["line"], &sb607["column"]),
        (&4.into(), &1.into()),
        "{output}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_schema_id_is_the_url_the_readme_gives_editors() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&stdout(stsbackup().arg("schema"))).unwrap();
    let id = schema["$id"].as_str().unwrap();
    let modelines: Vec<&str> = readme
        .lines()
        .filter_map(|line| {
            line.split_once("yaml-language-server: $schema=")
                .map(|(_, url)| url.trim())
        })
        .collect();
    assert!(!modelines.is_empty());
    for url in modelines {
        assert_eq!(url, id, "the README's modeline and the schema's $id differ");
    }
}
