//! `stsbackup schema --chart NAME@VERSION`: the JSON Schema of one release's backup values, from
//! the key catalogue. For each sampled release, the chart's own values file (and its subcharts'
//! where the reference holds them) validates against it with a real draft-07 validator, a
//! typo'd key and a value of the wrong type fail, and the schema itself is valid draft-07. The
//! values files are read from `../shared` (its absence fails the test).

use serde_json::{Value, json};
use std::path::Path;
use stsbackup::generation::ChartVersion;

/// Subchart values files, by the key the parent chart nests them under.
type Subcharts = &'static [(&'static str, &'static str)];

/// Each sampled release with its chart's values file and the subcharts' files (by the key the
/// parent chart nests them under). The Victoria Metrics subchart's files are not among them:
/// they default `backup.s3Prefix` to null, which the parent chart's `""` replaces when Helm
/// merges the two, so the subchart's file alone is no one's values.
const RELEASES: &[(&str, &str, Subcharts)] = &[
    (
        "stackstate@4.3.0",
        "stackstate-values-2021-03-05-1641477.yaml",
        &[],
    ),
    (
        "stackstate@5.1.4",
        "stackstate-values-2023-07-28-554879a.yaml",
        &[("minio", "minio-values-8.0.10-stackstate.8-aac6c8c.yaml")],
    ),
    (
        "stackstate-k8s@1.11.3",
        "stackstate-k8s-values-1.11.3.yaml",
        &[("minio", "minio-values-8.0.10-stackstate.8-aac6c8c.yaml")],
    ),
    (
        "suse-observability@2.0.0",
        "stackstate-k8s-values-2024-09-12-3474134.yaml",
        &[],
    ),
    (
        "suse-observability@2.6.3",
        "suse-observability-values-2.6.3.yaml",
        &[],
    ),
    (
        "suse-observability@2.7.0",
        "suse-observability-values-2.7.0.yaml",
        &[],
    ),
    (
        "suse-observability@2.10.0",
        "suse-observability-values-2.10.0.yaml",
        &[(
            "clickhouse",
            "clickhouse-values-suse-observability-2.10.0.yaml",
        )],
    ),
];

fn read(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/stackstate-chart")
        .join(file);
    let document = stsbackup::load_file(&path)
        .unwrap_or_else(|e| panic!("{file}: {e} (is ../shared beside the repository?)"));
    document.root.expect("a values file is a mapping").to_json()
}

fn problems(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn each_release_schema_takes_its_charts_values_and_refuses_a_typo() {
    for (release, file, subcharts) in RELEASES {
        let release: ChartVersion = release.parse().unwrap();
        let schema = stsbackup::schema::release_schema(release);
        jsonschema::meta::validate(&schema)
            .unwrap_or_else(|e| panic!("{release}: not a valid draft-07 schema: {e}"));
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        let validator = jsonschema::draft7::new(&schema).unwrap();

        let values = read(file);
        let found = problems(&validator, &values);
        assert!(found.is_empty(), "{release}, {file}:\n{}", found.join("\n"));
        for (key, subchart) in *subcharts {
            let values = json!({ *key: read(subchart) });
            let found = problems(&validator, &values);
            assert!(
                found.is_empty(),
                "{release}, {subchart}:\n{}",
                found.join("\n")
            );
        }

        // A typo'd key, and a quoted boolean, in the chart's own file.
        let mut typo = values.clone();
        typo["backup"]["stackGraph"]["bucketname"] = json!("my-bucket");
        let found = problems(&validator, &typo);
        assert!(
            found.len() == 1 && found[0].starts_with("/backup/stackGraph:"),
            "{release}: {found:?}"
        );
        let mut quoted = values.clone();
        quoted["backup"]["enabled"] = json!("false");
        let found = problems(&validator, &quoted);
        assert!(
            found.len() == 1 && found[0].starts_with("/backup/enabled:"),
            "{release}: {found:?}"
        );
        // Keys outside the catalogued sections belong to the rest of the chart.
        let mut other = values.clone();
        other["anythingElse"] = json!({"x": 1});
        assert!(problems(&validator, &other).is_empty(), "{release}");
    }
}

#[test]
fn a_release_schema_holds_exactly_the_keys_present_at_that_release() {
    let at = |release: &str| stsbackup::schema::release_schema(release.parse().unwrap());
    let classic = at("stackstate@5.1.4");
    let stack_graph = &classic["properties"]["backup"]["properties"]["stackGraph"]["properties"];
    assert!(stack_graph.get("s3Prefix").is_none());
    // The model's description and constraints come with the classic chart's keys.
    let bucket = &stack_graph["bucketName"];
    assert_eq!(bucket["minLength"], 3);
    assert!(bucket["description"].as_str().unwrap().contains("bucket"));
    assert_eq!(
        classic["properties"]["minio"]["properties"]["mode"]["enum"],
        json!(["standalone", "distributed"])
    );

    let later = at("suse-observability@2.6.3");
    let stack_graph = &later["properties"]["backup"]["properties"]["stackGraph"]["properties"];
    assert_eq!(stack_graph["s3Prefix"]["type"], "string");
    // `30 days ago` is this release's retention: the classic `timedelta` pattern is not stated.
    let retention = &stack_graph["scheduled"]["properties"]["backupRetentionTimeDelta"];
    assert_eq!(retention["default"], "30 days ago");
    assert!(retention.get("pattern").is_none());

    assert!(
        later["properties"]["backup"]["properties"]
            .get("storage")
            .is_none()
    );
    let newest = at("suse-observability@2.10.0");
    let storage = &newest["properties"]["backup"]["properties"]["storage"];
    assert_eq!(storage["additionalProperties"], false);
    assert_eq!(
        storage["properties"]["backend"]["properties"]["s3"]["additionalProperties"],
        false
    );
    assert_eq!(
        newest["properties"]["global"]["properties"]["backup"]["additionalProperties"],
        false
    );
    assert!(
        newest["properties"]["global"]
            .get("additionalProperties")
            .is_none()
    );
}

#[test]
fn the_classic_schema_without_a_chart_is_unchanged() {
    // `stsbackup schema` without `--chart` prints the checked-in classic schema (tests/schema.rs
    // keeps it current); a release schema is a different document.
    let classic = stsbackup::schema::values_schema();
    assert_eq!(
        classic["$id"],
        "https://raw.githubusercontent.com/stsbackup/stsbackup/main/schema/values.schema.json"
    );
    let release = stsbackup::schema::release_schema("stackstate@5.1.4".parse().unwrap());
    assert_eq!(
        release["$id"],
        "https://stsbackup.dev/schema/stackstate-5.1.4.schema.json"
    );
}
