//! The real values files of the classic chart (4.3 to 5.1) lint with no error as shipped.
//! They are not ours and are not copied into the project: they are read from `../shared` when
//! it is there (it is, in CI).

use std::path::Path;
use stsbackup::Severity;

#[test]
fn real_chart_values_files_lint_without_errors() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/stackstate-chart");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    };
    let mut checked = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("stackstate-values-") && name.ends_with(".yaml")) {
            continue;
        }
        let document = stsbackup::load_file(&path).unwrap();
        let report = stsbackup::validate(&document);
        let errors: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert!(report.values.is_some());
        checked += 1;
    }
    assert_eq!(
        checked, 3,
        "expected the three stackstate-values-*.yaml files"
    );
}
