use super::*;

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
