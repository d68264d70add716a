use super::*;

fn chart(text: &str) -> ChartVersion {
    ChartVersion::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn released_versions_map_to_their_generations() {
    for (text, generation) in [
        ("stackstate@4.3.0", Generation::Classic),
        ("stackstate@5.1.4", Generation::Classic),
        ("stackstate-k8s@1.1.2", Generation::D1),
        ("stackstate-k8s@1.11.3", Generation::D1),
        ("stackstate-k8s@1.11.4", Generation::D2),
        ("stackstate-k8s@1.12.1", Generation::D2),
        ("stackstate-k8s@2.0.0", Generation::D2),
        ("suse-observability@2.0.0", Generation::D2),
        ("suse-observability@2.6.3", Generation::D2),
        ("suse-observability@2.7.0", Generation::E0),
        ("suse-observability@2.9.0", Generation::E0),
        ("suse-observability@2.10.0", Generation::E),
        ("suse-observability@2.10.2", Generation::E),
        ("suse-observability@2.10.3", Generation::EPrime),
        ("suse-observability@2.11.0", Generation::EPrime),
        ("suse-observability@v2.10.3", Generation::EPrime),
    ] {
        assert_eq!(chart(text).generation(), generation, "{text}");
    }
}

#[test]
fn names_and_versions_that_are_not_releases_are_refused() {
    for (text, expected) in [
        ("suse-observability", "NAME@VERSION"),
        ("loki@2.10.3", "not a StackState chart"),
        ("suse-observability@2.10", "not a chart version"),
        ("suse-observability@2.10.3.1", "not a chart version"),
        ("suse-observability@2.x", "not a chart version"),
        ("suse-observability@", "not a chart version"),
        ("suse-observability@2.7.0-pre.96", "pre-release"),
        ("stackstate@4.2.9", "before 4.3"),
        ("stackstate@5.2.0", "ended with 5.1"),
        ("stackstate-k8s@2.0.1", "renamed suse-observability"),
        ("suse-observability@1.11.3", "first released as 2.0.0"),
        ("suse-observability@99999999999.0.0", "not a chart version"),
    ] {
        let error = ChartVersion::parse(text).expect_err(text).to_string();
        assert!(error.contains(expected), "{text}: {error}");
    }
}

#[test]
fn features_arrive_in_chart_order_then_version_order() {
    let k8s_1_12 = chart("stackstate-k8s@1.12.0");
    assert!(k8s_1_12.is_at_least(ChartName::StackstateK8s, Version::new(1, 12, 0)));
    assert!(k8s_1_12.is_at_least(ChartName::Stackstate, Version::new(5, 1, 0)));
    assert!(!k8s_1_12.is_at_least(ChartName::SuseObservability, Version::new(2, 0, 0)));
    assert!(
        chart("suse-observability@2.0.0")
            .is_at_least(ChartName::StackstateK8s, Version::new(1, 12, 0))
    );
}

#[test]
fn every_generation_is_named_by_its_newest_release() {
    for generation in Generation::ALL {
        assert_eq!(generation.newest_release().generation(), generation);
    }
}

#[test]
fn generation_sets() {
    let d2_on = Generations::from(Generation::D2);
    assert!(!d2_on.contains(Generation::D1) && d2_on.contains(Generation::EPrime));
    let until_d1 = Generations::until(Generation::D1);
    assert!(d2_on.intersection(until_d1).is_empty());
    assert_eq!(
        Generations::range(Generation::D2, Generation::E0)
            .iter()
            .collect::<Vec<_>>(),
        vec![Generation::D2, Generation::E0]
    );
    assert_eq!(Generations::ALL.iter().count(), 6);
}

fn inferred(text: &str) -> Inference {
    let document = crate::load::load_str("values.yaml", text);
    infer(document.root.as_ref().expect("a mapping"))
}

#[test]
fn a_file_without_markers_fits_every_generation() {
    let inference = inferred("backup:\n  stackGraph:\n    bucketName: my-bucket\n");
    assert_eq!(inference.candidates, Generations::ALL);
    assert!(inference.markers.is_empty() && !inference.conflict);
}

#[test]
fn retention_forms_tell_the_classic_chart_from_gnu_date() {
    let python = inferred(
        "backup:\n  stackGraph:\n    scheduled:\n      backupRetentionTimeDelta: 'days = 30'\n",
    );
    assert_eq!(python.candidates, Generations::until(Generation::D1));
    let gnu = inferred(
        "backup:\n  stackGraph:\n    scheduled:\n      backupRetentionTimeDelta: '30 days ago'\n",
    );
    assert_eq!(gnu.candidates, Generations::from(Generation::D2));
    assert_eq!(
        gnu.markers[0].path,
        "backup.stackGraph.scheduled.backupRetentionTimeDelta"
    );
}

#[test]
fn new_keys_outweigh_keys_left_over_from_an_upgrade() {
    let inference = inferred(
        "global:\n  backup:\n    enabled: true\nbackup:\n  stackGraph:\n    restore:\n      enabled: true\n",
    );
    assert!(inference.conflict);
    assert_eq!(inference.candidates, Generations::from(Generation::E0));
}

#[test]
fn backup_enabled_false_is_no_marker() {
    // The chart's default, written out: every generation has it (from 2.7.0 only `true` fails).
    assert_eq!(
        inferred("backup:\n  enabled: false\n").candidates,
        Generations::ALL
    );
    assert_eq!(
        inferred("backup:\n  enabled: true\n").candidates,
        Generations::until(Generation::D2)
    );
}

/// The chart's own values files, read from `../shared`, infer the generation they belong to.
#[test]
fn the_real_chart_values_infer_their_own_generation() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/stackstate-chart");
    for (file, expected) in [
        (
            "stackstate-values-2021-03-05-1641477.yaml",
            Generations::until(Generation::D1),
        ),
        (
            "stackstate-values-2022-09-05-e8a2df2.yaml",
            Generations::until(Generation::D1),
        ),
        (
            "stackstate-values-2023-07-28-554879a.yaml",
            Generations::until(Generation::D1),
        ),
        (
            "stackstate-k8s-values-1.11.3.yaml",
            Generations::range(Generation::D1, Generation::D1),
        ),
        (
            "stackstate-k8s-values-2024-09-12-3474134.yaml",
            Generations::range(Generation::D2, Generation::D2),
        ),
        (
            "suse-observability-values-2.6.3.yaml",
            Generations::range(Generation::D2, Generation::D2),
        ),
        (
            "suse-observability-values-2.7.0.yaml",
            Generations::range(Generation::E0, Generation::E0),
        ),
        (
            "suse-observability-values-2.10.0.yaml",
            Generations::from(Generation::E),
        ),
    ] {
        let document = crate::load::load_file(&folder.join(file))
            .unwrap_or_else(|e| panic!("{file}: {e} (is ../shared beside the repository?)"));
        let inference = infer(document.root.as_ref().expect("a mapping"));
        assert_eq!(
            inference.candidates, expected,
            "{file}: {}\n{:#?}",
            inference.candidates, inference.markers
        );
    }
}
