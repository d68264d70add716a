use super::releases::*;
use super::*;
use crate::generation::Version;
use serde_json::Value;
use std::path::{Path, PathBuf};

#[test]
fn paths_are_sorted_and_unique() {
    for pair in keys().windows(2) {
        assert!(
            pair[0].path < pair[1].path,
            "{} / {}",
            pair[0].path,
            pair[1].path
        );
    }
    assert!(lookup("backup.stackGraph.bucketName").is_some());
    assert!(lookup("backup.stackgraph.bucketName").is_none());
}

#[test]
fn every_default_is_json_of_the_key_kind_and_eras_move_forward() {
    for key in keys() {
        assert!(
            matches!(
                key.eras.first().map(|e| e.state),
                Some(State::Present { .. })
            ),
            "{}: a key starts present",
            key.path
        );
        for era in key.eras {
            if let State::Present { default } = era.state {
                let value: Value = serde_json::from_str(default)
                    .unwrap_or_else(|e| panic!("{}: {default}: {e}", key.path));
                // A default of `null` stands for "not set", whatever the kind.
                if !value.is_null() {
                    assert!(
                        key.kind.admits(&value),
                        "{}: {default} is not {:?}",
                        key.path,
                        key.kind
                    );
                }
            }
        }
        for pair in key.eras.windows(2) {
            for later in pair[1].from {
                assert!(
                    !starts_by(pair[1].from, *later) || !pair[0].from.contains(later),
                    "{}: eras overlap",
                    key.path
                );
                assert!(
                    starts_by(pair[0].from, *later),
                    "{}: an era starts before the one it follows",
                    key.path
                );
            }
        }
    }
}

#[test]
fn era_starts_per_chart() {
    // Settings on a volume: stackstate-k8s 1.12.0 and suse-observability 2.1.0, not 2.0.0.
    let from = [STACKSTATE_K8S_1_12_0, SUSE_OBSERVABILITY_2_1_0];
    let at = |chart, major, minor, patch| {
        starts_by(
            &from,
            ChartVersion::new(chart, Version::new(major, minor, patch)),
        )
    };
    use crate::generation::ChartName::*;
    assert!(!at(StackstateK8s, 1, 11, 4));
    assert!(at(StackstateK8s, 1, 12, 1));
    assert!(!at(SuseObservability, 2, 0, 0));
    assert!(at(SuseObservability, 2, 6, 3));
    assert!(!at(Stackstate, 5, 1, 4));
    // A start in an earlier chart carries into every later one.
    assert!(starts_by(&[STACKSTATE_4_3_0], SUSE_OBSERVABILITY_2_10_3));
}

#[test]
fn keys_change_where_the_facts_say() {
    let retention = lookup("backup.stackGraph.scheduled.backupRetentionTimeDelta").unwrap();
    let release = |text: &str| ChartVersion::parse(text).unwrap();
    assert_eq!(
        retention.default_at(release("stackstate@5.1.4")),
        Some("\"days = 30\"")
    );
    assert_eq!(
        retention.default_at(release("stackstate-k8s@1.11.3")),
        Some("\"days = 30\"")
    );
    assert_eq!(
        retention.default_at(release("stackstate-k8s@1.11.4")),
        Some("\"30 days ago\"")
    );
    let split = lookup("backup.stackGraph.splitArchiveSize").unwrap();
    assert_eq!(split.default_at(release("stackstate-k8s@1.8.0")), None);
    assert_eq!(split.default_at(release("stackstate-k8s@1.9.0")), Some("0"));
    assert_eq!(
        split.state_at(release("suse-observability@2.10.0")),
        Some(State::Gone)
    );
    let vm = lookup("victoria-metrics-0.backup.enabled").unwrap();
    assert_eq!(
        vm.default_at(release("suse-observability@2.6.3")),
        Some("false")
    );
    // 2.7.0 stopped reading it; 2.10.0 lists it again (unread until 2.10.3).
    assert_eq!(vm.default_at(release("suse-observability@2.7.0")), None);
    assert_eq!(
        vm.default_at(release("suse-observability@2.10.2")),
        Some("false")
    );
    assert_eq!(
        vm.default_at(release("suse-observability@2.10.3")),
        Some("true")
    );
    let prefix = lookup("backup.configuration.s3Prefix").unwrap();
    assert!(
        prefix
            .default_at(release("stackstate-k8s@1.12.0"))
            .is_some()
    );
    assert!(
        prefix
            .default_at(release("stackstate-k8s@1.11.5"))
            .is_none()
    );
    assert!(
        lookup("backup.stackGraph.s3Prefix")
            .unwrap()
            .default_at(release("stackstate-k8s@1.12.1"))
            .is_none()
    );
}

fn reference(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/stackstate-chart")
        .join(file)
}

fn read_json(file: &str) -> Value {
    let document = crate::load::load_file(&reference(file))
        .unwrap_or_else(|e| panic!("{file}: {e} (is ../shared beside the repository?)"));
    document.root.expect("a mapping").to_json()
}

/// Helm's coalescing of a parent chart's values over a subchart's.
fn merged(base: &Value, over: &Value) -> Value {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            let mut out = base.clone();
            for (key, value) in over {
                let next = match base.get(key) {
                    Some(below) => merged(below, value),
                    None => value.clone(),
                };
                out.insert(key.clone(), next);
            }
            Value::Object(out)
        }
        (_, over) => over.clone(),
    }
}

fn leaves(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            for (key, value) in object {
                leaves(value, format!("{path}.{key}"), out);
            }
        }
        _ => out.push((path, value.clone())),
    }
}

fn at<'a>(value: &'a Value, dotted: &str) -> Option<&'a Value> {
    dotted
        .split('.')
        .try_fold(value, |value, key| value.get(key))
}

/// The catalogued leaves of a chart's values, with its subcharts' defaults merged under.
fn catalogued_leaves(values: &Value, subcharts: &[(&str, &Value)]) -> Vec<(String, Value)> {
    let mut values = values.clone();
    for (name, subchart) in subcharts {
        if let Some(parent) = values.get(*name).cloned() {
            values[*name] = merged(subchart, &parent);
        }
    }
    let mut out = Vec::new();
    for section in SECTIONS {
        if let Some(value) = at(&values, section) {
            leaves(value, (*section).to_owned(), &mut out);
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The catalogue at a release lists exactly the keys of the chart's values files of that
/// release, with their defaults.
fn assert_catalogue_matches(release: ChartVersion, leaves: &[(String, Value)]) {
    let mut problems = Vec::new();
    for (path, value) in leaves {
        match lookup(path).map(|key| key.default_at(release)) {
            None => problems.push(format!("{path}: not in the catalogue")),
            Some(None) => problems.push(format!("{path}: not present at {release}")),
            Some(Some(default)) => {
                let default: Value = serde_json::from_str(default).unwrap();
                if &default != value {
                    problems.push(format!(
                        "{path}: default {default} here, {value} in the chart"
                    ));
                }
            }
        }
    }
    for key in keys_at(release).filter(|key| !UNLISTED.contains(&key.path)) {
        if !leaves.iter().any(|(path, _)| path == key.path) {
            problems.push(format!(
                "{}: in the catalogue at {release}, not in the chart",
                key.path
            ));
        }
    }
    assert!(problems.is_empty(), "{release}:\n{}", problems.join("\n"));
}

#[test]
fn the_catalogue_is_the_charts_own_values_at_each_sampled_release() {
    let minio = read_json("minio-values-8.0.10-stackstate.8-aac6c8c.yaml");
    let vm_d = read_json("victoria-metrics-single-values-stackstate-k8s-1.11.3.yaml");
    let vm_e = read_json("victoria-metrics-single-values-suse-observability-2.10.0.yaml");
    let clickhouse_e = read_json("clickhouse-values-suse-observability-2.10.0.yaml");
    let release = |text: &str| ChartVersion::parse(text).unwrap();
    let classic = read_json("stackstate-values-2023-07-28-554879a.yaml");
    assert_catalogue_matches(
        release("stackstate@5.1.4"),
        &catalogued_leaves(&classic, &[("minio", &minio)]),
    );
    // 4.3.0-snapshot.33: every key it has is in the catalogue with its default (keys added
    // later in 4.x, such as `tempData`, are catalogued from 4.3.0 on).
    let early = read_json("stackstate-values-2021-03-05-1641477.yaml");
    let at_4_3 = release("stackstate@4.3.0");
    // (Its own keys only: the MinIO subchart of 2021 is not among the reference files.)
    for (path, value) in catalogued_leaves(&early, &[]) {
        let default = lookup(&path).and_then(|key| key.default_at(at_4_3));
        let default: Option<Value> = default.map(|d| serde_json::from_str(d).unwrap());
        assert_eq!(default.as_ref(), Some(&value), "{path} at {at_4_3}");
    }
    let d1 = read_json("stackstate-k8s-values-1.11.3.yaml");
    let d_subcharts = [
        ("minio", &minio),
        ("victoria-metrics-0", &vm_d),
        ("victoria-metrics-1", &vm_d),
    ];
    assert_catalogue_matches(
        release("stackstate-k8s@1.11.3"),
        &catalogued_leaves(&d1, &d_subcharts),
    );
    // The values of 2.0.1-pre.5, from between the releases 2.0.0 and 2.0.1.
    let d2_start = read_json("stackstate-k8s-values-2024-09-12-3474134.yaml");
    assert_catalogue_matches(
        release("suse-observability@2.0.0"),
        &catalogued_leaves(&d2_start, &d_subcharts),
    );
    let d2 = read_json("suse-observability-values-2.6.3.yaml");
    assert_catalogue_matches(
        release("suse-observability@2.6.3"),
        &catalogued_leaves(&d2, &d_subcharts),
    );
    let e0 = read_json("suse-observability-values-2.7.0.yaml");
    let mut e0_leaves = catalogued_leaves(&e0, &d_subcharts);
    // The Victoria Metrics subchart of 2.7.0 is not among the reference files; the one of
    // 1.11.3 stands in, less the switches 2.7.0 stopped reading.
    e0_leaves
        .retain(|(path, _)| !(path.starts_with("victoria-metrics-") && path.ends_with(".enabled")));
    assert_catalogue_matches(release("suse-observability@2.7.0"), &e0_leaves);
    let e = read_json("suse-observability-values-2.10.0.yaml");
    assert_catalogue_matches(
        release("suse-observability@2.10.0"),
        &catalogued_leaves(
            &e,
            &[
                ("victoria-metrics-0", &vm_e),
                ("victoria-metrics-1", &vm_e),
                ("clickhouse", &clickhouse_e),
            ],
        ),
    );
}

#[test]
fn the_classic_catalogue_is_the_model() {
    // The typed model holds the classic chart's values with their defaults: the catalogue must
    // say the same for stackstate 5.1. The keys of later generations are `None` in the model
    // (they take the default of the release checked): each must be a key of some release.
    let model = serde_json::to_value(crate::model::Values::default()).unwrap();
    let mut model_leaves = Vec::new();
    for section in crate::model::SECTIONS {
        let value = at(&model, section).unwrap_or_else(|| panic!("{section} is in the model"));
        leaves(value, section.to_owned(), &mut model_leaves);
    }
    let release = ChartVersion::parse("stackstate@5.1.4").unwrap();
    // The model holds this free-form value as `null`; the MinIO chart writes `{}`, and either
    // renders no relabelling.
    let same_in_effect = ["minio.metrics.serviceMonitor.relabelConfigs"];
    let mut problems = Vec::new();
    let mut later = 0;
    for (path, value) in model_leaves
        .iter()
        .filter(|(p, _)| !same_in_effect.contains(&p.as_str()))
    {
        let key = lookup(path);
        if value.is_null() {
            match key {
                Some(key)
                    if key
                        .eras
                        .iter()
                        .any(|e| matches!(e.state, State::Present { .. })) =>
                {
                    later += 1;
                }
                _ => problems.push(format!(
                    "{path}: in the model, in no release of the catalogue"
                )),
            }
            continue;
        }
        match key.and_then(|key| key.default_at(release)) {
            None => problems.push(format!("{path}: in the model, not in the catalogue")),
            Some(default) => {
                let default: Value = serde_json::from_str(default).unwrap();
                if &default != value {
                    problems.push(format!(
                        "{path}: {default} in the catalogue, {value} in the model"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        later >= 40,
        "only {later} keys of later generations in the model"
    );
}

#[test]
fn removed_and_catalogued_paths() {
    let release = |text: &str| ChartVersion::parse(text).unwrap();
    let e = release("suse-observability@2.10.0");
    assert!(is_removed_at(
        &["backup", "stackGraph", "splitArchiveSize"],
        e
    ));
    assert!(is_removed_at(&["backup", "elasticsearch", "restore"], e));
    assert!(!is_removed_at(&["backup", "stackGraph", "s3Prefix"], e));
    assert!(!is_removed_at(
        &["backup", "stackGraph", "splitArchiveSize"],
        release("suse-observability@2.9.0")
    ));
    assert!(is_catalogued(&["backup", "storage"]));
    assert!(is_catalogued(&[
        "global",
        "s3proxy",
        "credentials",
        "accessKey"
    ]));
    assert!(!is_catalogued(&["backup", "stackgraph"]));
}

#[test]
fn known_paths_include_mappings_and_free_form_contents() {
    let release = |text: &str| ChartVersion::parse(text).unwrap();
    let d2 = release("suse-observability@2.6.3");
    assert!(is_known_at(&["backup", "stackGraph", "s3Prefix"], d2));
    assert!(is_known_at(&["backup", "stackGraph"], d2));
    assert!(is_known_at(
        &["backup", "initJobAnnotations", "any.annotation/name"],
        d2
    ));
    assert!(!is_known_at(&["backup", "stackGraph", "s3prefix"], d2));
    assert!(!is_known_at(
        &["backup", "stackGraph", "s3Prefix"],
        release("stackstate@5.1.4")
    ));
    assert!(!is_known_at(&["backup", "storage"], d2));
    assert!(is_known_at(
        &["backup", "storage"],
        release("suse-observability@2.10.0")
    ));
}

/// Whether the typed model holds a value at `path`: the model's defaults have it, or a
/// parent the model deserializes whole (an `Option<Vec<_>>` or `Option<String>` is `null` in
/// the defaults).
fn model_holds(path: &str) -> bool {
    let mut value = crate::schema::defaults();
    for segment in path.split('.') {
        match value {
            Value::Object(object) => match object.get(segment) {
                Some(next) => value = next,
                None => return false,
            },
            _ => return false,
        }
    }
    true
}

/// The values `{path: sample}` as a whole values file, for the model to deserialize.
fn instance_at(path: &str, sample: &Value) -> Value {
    path.rsplit('.').fold(sample.clone(), |inner, segment| {
        let mut object = serde_json::Map::new();
        object.insert(segment.to_owned(), inner);
        Value::Object(object)
    })
}

#[test]
fn every_catalogued_kind_is_the_type_the_model_deserializes() {
    // One sample of each JSON type but `null`, which the validator turns into "not set" before
    // the model sees it. A kind that admits a value the model refuses would pass the shape
    // check and then fail to build the model; one that refuses a value the model takes would
    // report an error for a value the rules would have read.
    let samples: Vec<Value> = [
        "true",
        "1",
        "1.5",
        "\"text\"",
        "[]",
        "[\"text\"]",
        "[1]",
        "{}",
        "{\"k\": \"v\"}",
    ]
    .iter()
    .map(|text| serde_json::from_str(text).unwrap())
    .collect();
    let mut drifted = Vec::new();
    let mut compared = 0;
    for key in keys() {
        if !model_holds(key.path) {
            continue;
        }
        compared += 1;
        for sample in &samples {
            let accepts = |value: &Value| {
                serde_json::from_value::<crate::model::Values>(instance_at(key.path, value)).is_ok()
            };
            // A key with a fixed set of values (`minio.mode`) refuses other text by its
            // constraint, not by its type: its default stands for the type then.
            let default_of_sample_type = key
                .eras
                .iter()
                .filter_map(|era| match era.state {
                    State::Present { default } => serde_json::from_str::<Value>(default).ok(),
                    State::Gone => None,
                })
                .find(|default| same_json_type(default, sample));
            let by_model = accepts(sample) || default_of_sample_type.is_some_and(|d| accepts(&d));
            let by_kind = key.kind.admits(sample);
            if by_model != by_kind {
                drifted.push(format!(
                    "{} ({:?}): {sample} is {} by the catalogue but {} by the model",
                    key.path,
                    key.kind,
                    if by_kind { "accepted" } else { "refused" },
                    if by_model { "accepted" } else { "refused" },
                ));
            }
        }
    }
    assert!(compared > 100, "only {compared} keys compared");
    assert!(drifted.is_empty(), "{}", drifted.join("\n"));
}

/// Whether two JSON values have the same JSON type (a list's first item included).
fn same_json_type(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(a), Value::Array(b)) => match (a.first(), b.first()) {
            (Some(a), Some(b)) => same_json_type(a, b),
            _ => a.is_empty() == b.is_empty(),
        },
        (Value::Number(a), Value::Number(b)) => a.is_f64() == b.is_f64(),
        (Value::Object(a), Value::Object(b)) => a.is_empty() == b.is_empty(),
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}
