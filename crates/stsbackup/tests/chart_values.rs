//! The real values files of the three charts lint with no error as shipped: under the
//! generation inferred from their own keys, and under the release they come from. They are not
//! ours and are not copied into the project: they are read from `../shared` (beside the
//! repository, in CI too; its absence fails the test).

use std::path::Path;
use stsbackup::Severity;
use stsbackup::generation::{ChartVersion, Generation};

/// Each parent chart's values file, the release it comes from, and the generations its markers
/// leave (the classic files carry no key that only the classic chart has).
const FILES: &[(&str, &str, &[Generation])] = &[
    (
        "stackstate-values-2021-03-05-1641477.yaml",
        "stackstate@4.3.0",
        &[Generation::Classic, Generation::D1],
    ),
    (
        "stackstate-values-2022-09-05-e8a2df2.yaml",
        "stackstate@5.0.0",
        &[Generation::Classic, Generation::D1],
    ),
    (
        "stackstate-values-2023-07-28-554879a.yaml",
        "stackstate@5.1.4",
        &[Generation::Classic, Generation::D1],
    ),
    (
        "stackstate-k8s-values-1.11.3.yaml",
        "stackstate-k8s@1.11.3",
        &[Generation::D1],
    ),
    (
        "stackstate-k8s-values-2024-09-12-3474134.yaml",
        "suse-observability@2.0.0",
        &[Generation::D2],
    ),
    (
        "suse-observability-values-2.6.3.yaml",
        "suse-observability@2.6.3",
        &[Generation::D2],
    ),
    (
        "suse-observability-values-2.7.0.yaml",
        "suse-observability@2.7.0",
        &[Generation::E0],
    ),
    (
        "suse-observability-values-2.10.0.yaml",
        "suse-observability@2.10.0",
        &[Generation::E, Generation::EPrime],
    ),
];

fn errors(report: &stsbackup::Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.to_string())
        .collect()
}

#[test]
fn real_chart_values_files_lint_without_errors() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/stackstate-chart");
    for (name, release, inferred) in FILES {
        let path = dir.join(name);
        let document = stsbackup::load_file(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (../shared must be beside the repository)",
                path.display()
            )
        });
        let report = stsbackup::validate(&document);
        assert!(errors(&report).is_empty(), "{name}: {:#?}", errors(&report));
        assert!(report.values.is_some());
        let found: Vec<Generation> = report.checked.generations.iter().collect();
        assert_eq!(
            &found,
            inferred,
            "{name}: inferred {}",
            report.checked.describe()
        );
        assert!(
            report.findings.iter().any(|f| f.code() == "SB009"),
            "{name}: the note says which generations"
        );

        let chart = ChartVersion::parse(release).unwrap();
        let given = stsbackup::validate_with(
            &document,
            &stsbackup::Options {
                chart: Some(chart),
                ..stsbackup::Options::default()
            },
        );
        assert!(
            errors(&given).is_empty(),
            "{name} as {release}: {:#?}",
            errors(&given)
        );
        assert!(
            given.findings.iter().all(|f| f.code() != "SB009"),
            "{name}: no note when named"
        );
    }
}

#[test]
fn the_later_generations_keys_reach_the_typed_model() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/stackstate-chart");
    let document = stsbackup::load_file(&dir.join("suse-observability-values-2.10.0.yaml"))
        .expect("../shared must be beside the repository");
    let report = stsbackup::validate_with(
        &document,
        &stsbackup::Options {
            chart: Some(ChartVersion::parse("suse-observability@2.10.0").unwrap()),
            ..stsbackup::Options::default()
        },
    );
    let values = report.values.expect("the file is read");
    assert_eq!(values.global.backup.enabled, Some(false));
    assert_eq!(values.backup.stack_graph.s3_prefix.as_deref(), Some(""));
    assert_eq!(values.backup.storage.backend.pvc.enabled, Some(false));
    assert_eq!(
        values.global.s3proxy.credentials.access_key.as_deref(),
        Some("default-for-settings-only")
    );
    assert_eq!(
        values.victoria_metrics_0.backup.keep_last_daily,
        Some(stsbackup::model::IntOrString::Int(7))
    );

    // The same key on a chart that does not have it yet is unknown there, and not modelled.
    let classic = stsbackup::load_str(
        "values.yaml",
        "backup:\n  stackGraph:\n    s3Prefix: prod\n",
    );
    let report = stsbackup::validate_with(
        &classic,
        &stsbackup::Options {
            chart: Some(ChartVersion::parse("stackstate@5.1.4").unwrap()),
            ..stsbackup::Options::default()
        },
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code() == "SB010" && f.path == "backup.stackGraph.s3Prefix")
    );
    let values = report.values.unwrap();
    assert_eq!(values.backup.stack_graph.s3_prefix, None);
    // Keys a file does not write stay absent, for the rules to take the release's default.
    assert_eq!(values.global.backup.enabled, None);
}

/// A carried-over `backup.enabled: true` in the real later files: from 2.7.0 the chart fails on
/// it alone (SB611). It switches no backup on there (`global.backup.enabled` does), so the
/// findings of backups that would run (MinIO without storage, placeholder keys, no backend)
/// must not stand beside it.
#[test]
fn a_carried_over_backup_enabled_is_the_one_error_of_the_later_files() {
    let switch =
        regex::Regex::new(r"(?m)^(  # backup\.enabled -- [^\n]*\n  enabled: )false$").unwrap();
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/stackstate-chart");
    for (name, release) in [
        (
            "suse-observability-values-2.7.0.yaml",
            "suse-observability@2.7.0",
        ),
        (
            "suse-observability-values-2.10.0.yaml",
            "suse-observability@2.10.0",
        ),
        (
            "suse-observability-values-2.10.0.yaml",
            "suse-observability@2.10.3",
        ),
    ] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (../shared must be beside the repository)",
                path.display()
            )
        });
        assert!(
            switch.is_match(&text),
            "{name}: the chart's own `backup.enabled: false`"
        );
        let carried = switch.replace(&text, "${1}true");
        let document = stsbackup::load_str(name, &carried);
        let report = stsbackup::validate_with(
            &document,
            &stsbackup::Options {
                chart: Some(ChartVersion::parse(release).unwrap()),
                ..stsbackup::Options::default()
            },
        );
        let codes: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code())
            .collect();
        assert_eq!(
            codes,
            ["SB611"],
            "{name} as {release}: {:#?}",
            errors(&report)
        );
    }
}

/// The subcharts' own values files of the folder, and what their keys say.
const SUBCHART_FILES: &[(&str, Option<&str>)] = &[
    (
        "clickhouse-values-suse-observability-2.10.0.yaml",
        Some("clickhouse.backup"),
    ),
    (
        "victoria-metrics-single-values-stackstate-k8s-1.11.3.yaml",
        Some("victoria-metrics-0.backup"),
    ),
    (
        "victoria-metrics-single-values-suse-observability-2.10.0.yaml",
        Some("victoria-metrics-0.backup"),
    ),
    // MinIO's chart: no StackState section at its top level at all.
    ("minio-values-8.0.10-stackstate.8-aac6c8c.yaml", None),
];

/// Every values file of the folder is either a parent chart's (linted above) or a subchart's
/// own, which `lint` skips as not StackState values: the ClickHouse and Victoria Metrics
/// charts' top-level `backup:` is what StackState values hold under the subchart's name, and
/// their `global.backup.enabled` is the parent's switch they read, not a StackState marker.
#[test]
fn the_subcharts_own_values_are_not_linted_as_stackstate_values() {
    use stsbackup::belonging::{Belonging, belonging};
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/stackstate-chart");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("../shared must be beside the repository") {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".yaml") || FILES.iter().any(|(file, _, _)| *file == name) {
            continue;
        }
        let Some((_, section)) = SUBCHART_FILES.iter().find(|(file, _)| *file == name) else {
            panic!(
                "{name}: a values file this test does not know: add it to FILES or SUBCHART_FILES"
            );
        };
        let document = stsbackup::load_file(&dir.join(&name)).unwrap();
        let found = belonging(document.root.as_ref().unwrap());
        match (section, &found) {
            (Some(expected), Belonging::SubchartValues { section }) => {
                assert_eq!(section, expected, "{name}")
            }
            (None, Belonging::Undecided { has_section: false }) => {}
            _ => panic!("{name}: {found:?}"),
        }
        seen += 1;
    }
    assert_eq!(seen, SUBCHART_FILES.len(), "every subchart file was read");
}
