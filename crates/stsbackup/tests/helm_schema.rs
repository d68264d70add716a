//! The checked-in `schema/values.schema.json` in Helm itself, through Helm's own Go SDK
//! (`helm-python-sdk`): a small chart is assembled from `fixtures/chart/`, the schema and the
//! chart's defaults, and for every fixture (valid, invalid, hostile):
//! - Helm reads the YAML to the same values as stsbackup's loader;
//! - when Helm refuses the file (YAML or schema), stsbackup reports an error too (or SB015,
//!   the warning about a misspelt key that restates a default, which the schema refuses).
//!
//! The native validator knows more than the schema; it must never know less. Fails when
//! `STSBACKUP_ORACLES` is not set (`scripts/test` sets it), unless `STSBACKUP_SKIP_ORACLES=1`.

mod support;

use std::path::PathBuf;

use stsbackup::Severity;

fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for kind in ["valid", "invalid", "hostile"] {
        for entry in std::fs::read_dir(support::root().join("fixtures").join(kind)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The small chart: `fixtures/chart/Chart.yaml`, the checked-in schema, and the chart's
/// defaults for backup: and minio: (the schema's) as its values.yaml.
fn assemble_chart() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stsbackup-helm-chart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        support::root().join("fixtures/chart/Chart.yaml"),
        dir.join("Chart.yaml"),
    )
    .unwrap();
    std::fs::copy(
        support::root().join("schema/values.schema.json"),
        dir.join("values.schema.json"),
    )
    .unwrap();
    // The chart's defaults as the schema states them (the classic chart's: the model's keys of
    // later generations are absent by default, and the classic schema does not name them).
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(support::root().join("schema/values.schema.json")).unwrap(),
    )
    .unwrap();
    let defaults: serde_json::Map<String, serde_json::Value> = schema["properties"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(key, property)| (key.clone(), property["default"].clone()))
        .collect();
    let defaults = serde_json::to_string_pretty(&defaults).unwrap();
    std::fs::write(dir.join("values.yaml"), defaults).unwrap();
    dir
}

#[test]
fn helm_agrees_on_values_and_never_refuses_what_stsbackup_accepts() {
    let Some(python) =
        support::oracle_python("helm_agrees_on_values_and_never_refuses_what_stsbackup_accepts")
    else {
        return;
    };
    let chart = assemble_chart();
    let files = fixtures();
    let texts: Vec<String> = files
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect();
    let request = serde_json::json!({ "chart": chart, "files": texts });
    let answer = support::run_oracle(&python, "helm_schema_oracle.py", &request);
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), files.len());

    let mut disagreements = Vec::new();
    let mut helm_refusals = 0;
    for ((path, bytes), helm) in files
        .iter()
        .zip(files.iter().map(|p| std::fs::read(p).unwrap()))
        .zip(results)
    {
        let name = path
            .strip_prefix(support::root())
            .unwrap_or(path)
            .display()
            .to_string();
        let document = stsbackup::load_bytes(name.clone(), &bytes);
        // The schema is the classic chart's: compare with stsbackup checking that chart.
        let report = stsbackup::validate_with(
            &document,
            &stsbackup::Options {
                chart: Some("stackstate@5.1.4".parse().expect("a release")),
                ..stsbackup::Options::default()
            },
        );
        // SB015 is the one warning Helm's schema check refuses: a misspelt key that only
        // restates a default loses nothing in the chart (which ships no schema), but a chart
        // that adds this schema refuses the unknown key, and the warning names it.
        let stsbackup_errors = report
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error || f.code() == "SB015");
        let helm_refuses = !helm["yaml_error"].is_null() || !helm["schema_error"].is_null();
        if helm_refuses {
            helm_refusals += 1;
            if !stsbackup_errors {
                disagreements.push(format!(
                    "{name}: Helm refuses it but stsbackup reports no error:\n{}{}",
                    helm["yaml_error"].as_str().unwrap_or(""),
                    helm["schema_error"].as_str().unwrap_or("")
                ));
            }
        }
        // The same values, where both could read the file (Helm 4 merges extra documents,
        // which stsbackup reports as SB004 instead).
        let several_documents = report.findings.iter().any(|f| f.code() == "SB004");
        if let (Some(root), false, false) = (
            document.root.as_ref(),
            helm["values"].is_null(),
            several_documents,
        ) {
            let ours = root.to_json();
            let ours = if ours.is_null() {
                serde_json::json!({})
            } else {
                ours
            };
            if !support::same_json(&ours, &helm["values"]) {
                disagreements.push(format!(
                    "{name}: Helm reads {}\nstsbackup reads {ours}",
                    helm["values"]
                ));
            }
        }
    }
    std::fs::remove_dir_all(&chart).unwrap();
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
    assert!(
        helm_refusals >= 10,
        "only {helm_refusals} fixtures are refused by Helm: the check proves little"
    );
}
