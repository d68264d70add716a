//! `render all -o DIR` never leaves a partial file: every file is written to a temporary name
//! and renamed, so a target is either complete or absent, also when the disk fills up or the
//! folder cannot be written.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures") // the CLI package is the repository's root
        .join(path)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stsbackup-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A full disk, simulated with a file-size limit: writes past 4 KiB fail with EFBIG (the
/// signal is ignored so that the write returns the error, as ENOSPC would).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_only_complete_files_and_no_temporaries() {
    let out = scratch("full-disk");
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8; exec \"$0\" render all -f \"$1\" -o \"$2\"")
        .arg(&binary)
        .arg(fixture("valid/s3-gateway-complete.yaml"))
        .arg(&out)
        .output()
        .unwrap();
    assert_ne!(
        output.status.code(),
        Some(0),
        "the render should fail when the disk is full"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write"), "{stderr}");
    let written = entries(&out);
    assert!(
        written.iter().all(|name| !name.ends_with(".tmp")),
        "temporary files left: {written:?}"
    );
    // What is there is whole: it parses.
    for name in &written {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        if name.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text).unwrap();
        } else {
            assert!(
                text.trim_end().ends_with("restartPolicy: Never") || text.contains("kind:"),
                "{name}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_folder_that_cannot_be_written_is_an_error_and_nothing_is_written() {
    // /proc is read-only for everyone, root included.
    let output = Command::new(assert_cmd::cargo::cargo_bin("stsbackup"))
        .args(["render", "all", "-f"])
        .arg(fixture("valid/s3-gateway-complete.yaml"))
        .args(["-o", "/proc/stsbackup-render-test"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("cannot create /proc/stsbackup-render-test")
    );
    assert!(!Path::new("/proc/stsbackup-render-test").exists());
}

#[test]
fn values_with_errors_are_not_rendered_and_nothing_is_written() {
    let out = scratch("invalid-values");
    let output = Command::new(assert_cmd::cargo::cargo_bin("stsbackup"))
        .args(["render", "all", "-f"])
        .arg(fixture("invalid/sb201-uppercase-underscore.yaml"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("SB201"));
    assert!(
        !out.exists(),
        "the output folder was created for values that fail validation"
    );
}

#[test]
fn a_complete_render_replaces_files_whole() {
    let out = scratch("replace");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("iam-policy.json"), "stale, half written").unwrap();
    let status = Command::new(assert_cmd::cargo::cargo_bin("stsbackup"))
        .args(["render", "all", "-f"])
        .arg(fixture("valid/s3-gateway-complete.yaml"))
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let policy = std::fs::read_to_string(out.join("iam-policy.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&policy).unwrap();
    assert!(entries(&out).iter().all(|name| !name.ends_with(".tmp")));
    std::fs::remove_dir_all(&out).unwrap();
}
