//! The named fuzz regression inputs, `fuzz/regressions/<target>/<name>`, replayed on stable Rust
//! through the very checks the fuzz targets run (`fuzz/checks.rs`): an input that once crashed
//! a target must pass its check for ever, without a nightly toolchain or `cargo fuzz`.

mod support;

#[path = "../../../fuzz/checks.rs"]
mod checks;

use std::fs;

#[test]
fn every_fuzz_regression_input_passes_its_targets_check() {
    let regressions = support::root().join("fuzz/regressions");
    let mut replayed = Vec::new();
    for target in fs::read_dir(&regressions).expect("fuzz/regressions is there") {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in fs::read_dir(&target).unwrap() {
            let input = input.unwrap().path();
            let data = fs::read(&input).unwrap();
            assert!(
                checks::run(&name, &data),
                "{}: `{name}` is not a fuzz target (see fuzz/Cargo.toml)",
                input.display()
            );
            replayed.push(input);
        }
    }
    // The day-of-week stack overflow found in November 2026 is the first of them.
    assert!(
        replayed
            .iter()
            .any(|input| input.ends_with("kubernetes_cron/stack-overflow-day-of-week-7-help")),
        "the known regression inputs are missing: {replayed:?}"
    );
}
