//! Where the Python oracles are, and what a test does when they are not there. Only `std`, so
//! that the CLI's tests include this file too (`#[path]`).

use std::path::{Path, PathBuf};

/// The Python interpreter of the oracles' venv that `scripts/test` sets up (through
/// `STSBACKUP_ORACLES`). Without it the calling test fails: a differential test that passes
/// without its oracle proves nothing. Only an explicit `STSBACKUP_SKIP_ORACLES=1` skips it
/// (`None`, after saying so on standard error).
pub fn oracle_python(test: &str) -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("STSBACKUP_ORACLES") {
        return Some(Path::new(&bin).join("python"));
    }
    if std::env::var_os("STSBACKUP_SKIP_ORACLES").is_some_and(|skip| skip == "1") {
        eprintln!("{test} skipped: STSBACKUP_SKIP_ORACLES=1 and STSBACKUP_ORACLES is not set");
        return None;
    }
    panic!(
        "{test} needs the Python oracles: run the tests with scripts/test, which installs them \
         into .venv and sets STSBACKUP_ORACLES (or set STSBACKUP_SKIP_ORACLES=1 to skip this \
         test knowingly)"
    );
}

/// A checkout of github.com/StackVista/helm-charts at the classic chart's tag 5.1.4, which
/// `scripts/test` makes (through `STSBACKUP_HELM_CHARTS`): the real chart the render
/// reference test renders with Helm's SDK. Missing, the calling test fails, unless
/// `STSBACKUP_SKIP_ORACLES=1` skips it knowingly.
pub fn helm_charts_checkout(test: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("STSBACKUP_HELM_CHARTS") {
        return Some(PathBuf::from(dir));
    }
    if std::env::var_os("STSBACKUP_SKIP_ORACLES").is_some_and(|skip| skip == "1") {
        eprintln!("{test} skipped: STSBACKUP_SKIP_ORACLES=1 and STSBACKUP_HELM_CHARTS is not set");
        return None;
    }
    panic!(
        "{test} needs the real chart (a helm-charts checkout at tag 5.1.4): run \
         scripts/compare-with-chart, which makes one and sets STSBACKUP_HELM_CHARTS"
    );
}

/// A directory of checkouts of github.com/StackVista/helm-charts, one per tag
/// `suse-observability/2.10.N` in `2.10.N/` (the `stable/suse-observability` chart and the
/// charts it depends on), which `scripts/compare-with-chart` makes (through
/// `STSBACKUP_HELM_CHARTS_2_10`). Missing, the
/// calling test fails, unless `STSBACKUP_SKIP_ORACLES=1` skips it knowingly.
pub fn helm_charts_2_10_checkout(test: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("STSBACKUP_HELM_CHARTS_2_10") {
        return Some(PathBuf::from(dir));
    }
    if std::env::var_os("STSBACKUP_SKIP_ORACLES").is_some_and(|skip| skip == "1") {
        eprintln!(
            "{test} skipped: STSBACKUP_SKIP_ORACLES=1 and STSBACKUP_HELM_CHARTS_2_10 is not set"
        );
        return None;
    }
    panic!(
        "{test} needs the real chart (helm-charts checkouts at tags suse-observability/2.10.0 to 2.10.3): \
         run scripts/compare-with-chart, which makes one and sets STSBACKUP_HELM_CHARTS_2_10"
    );
}

/// A directory of checkouts of github.com/StackVista/helm-charts, one per tag of the MinIO
/// releases the comparison renders, in `<chart>/<version>/` (`stackstate-k8s/1.11.3/`,
/// `suse-observability/2.7.0/`, ...), which `scripts/compare-with-chart` makes (through
/// `STSBACKUP_HELM_CHARTS_MINIO`). Missing, the calling test fails, unless
/// `STSBACKUP_SKIP_ORACLES=1` skips it knowingly.
pub fn helm_charts_minio_checkout(test: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("STSBACKUP_HELM_CHARTS_MINIO") {
        return Some(PathBuf::from(dir));
    }
    if std::env::var_os("STSBACKUP_SKIP_ORACLES").is_some_and(|skip| skip == "1") {
        eprintln!(
            "{test} skipped: STSBACKUP_SKIP_ORACLES=1 and STSBACKUP_HELM_CHARTS_MINIO is not set"
        );
        return None;
    }
    panic!(
        "{test} needs the real charts (helm-charts checkouts at the tags of stackstate-k8s 1.11.3 \
         and 1.12.1, suse-observability 2.0.2 to 2.9.0): run scripts/compare-with-chart, which \
         makes them and sets STSBACKUP_HELM_CHARTS_MINIO"
    );
}
