//! The Python wheel of the binary (`pyproject.toml`, maturin with `bindings = "bin"`): built with
//! the oracles' maturin, installed with pip into a new venv, and run from that venv's `bin/`.

mod support;

use std::process::Command;

#[test]
fn the_wheel_installs_a_working_stsbackup() {
    let (Some(maturin), Some(python)) = (support::oracle("maturin"), support::oracle("python"))
    else {
        return;
    };
    let scratch = support::scratch_dir("wheel");
    let dist = scratch.join("dist");
    // A release build made cheap, as the pre-commit test's: what is tested is the packaging, not
    // the optimiser, and the two share the compiled dependencies.
    support::run_ok(support::quick_release_build(
        Command::new(&maturin)
            .args(["build", "--release", "--quiet", "--manifest-path"])
            .arg(support::root().join("Cargo.toml"))
            .arg("--out")
            .arg(&dist),
    ));
    let wheels: Vec<_> = std::fs::read_dir(&dist)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "maturin built {wheels:?}");
    let wheel_name = wheels[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        wheel_name.starts_with(&format!(
            "stsbackup-{}-py3-none-",
            env!("CARGO_PKG_VERSION")
        )),
        "the wheel is named {wheel_name}"
    );

    let venv = scratch.join("venv");
    support::run_ok(Command::new(&python).args(["-m", "venv"]).arg(&venv));
    support::run_ok(
        Command::new(venv.join("bin/pip"))
            .args([
                "install",
                "--quiet",
                "--no-index",
                "--disable-pip-version-check",
            ])
            .arg(&wheels[0]),
    );
    let installed = venv.join("bin/stsbackup");

    let version = support::run_ok(Command::new(&installed).arg("--version"));
    assert_eq!(
        version.trim(),
        format!("stsbackup {}", env!("CARGO_PKG_VERSION"))
    );

    let fixtures = support::root().join("fixtures");
    let clean = support::run_ok(
        Command::new(&installed)
            .args(["lint", "--chart", "stackstate@5.1.4"])
            .arg(fixtures.join("valid/s3-gateway-complete.yaml"))
            .env_remove("GITHUB_ACTIONS"),
    );
    assert!(clean.contains("no problems found"), "{clean}");
    let (output, text) = support::run(
        Command::new(&installed)
            .arg("lint")
            .arg(fixtures.join("invalid/sb010-stackgraph-lowercase.yaml"))
            .env_remove("GITHUB_ACTIONS"),
    );
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("error[SB010]"), "{text}");

    let _ = std::fs::remove_dir_all(&scratch);
}
