//! The rendered artifacts checked against real references: the Kubernetes OpenAPI schemas
//! (`kubernetes-validate`, Kubernetes 1.25 and the latest, strict) and an IAM policy analyser
//! (`parliament`), through `scripts/check_rendered.py`. The Python oracles are installed by
//! `scripts/test` into `.venv` and found through `STSBACKUP_ORACLES`; without them the test
//! fails, unless `STSBACKUP_SKIP_ORACLES=1` skips it knowingly.

use std::path::Path;
use std::process::Command;

#[path = "../../stsbackup/tests/support/oracle.rs"]
mod oracle;

#[test]
fn rendered_artifacts_pass_kubernetes_validate_and_parliament() {
    let Some(python) =
        oracle::oracle_python("rendered_artifacts_pass_kubernetes_validate_and_parliament")
    else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(); // the CLI package is the repository's root
    let binary = assert_cmd::cargo::cargo_bin("stsbackup");
    let out = std::env::temp_dir().join(format!("stsbackup-rendered-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    for fixture in [
        "s3-gateway-complete",
        "azure-gateway-complete",
        "pvc-complete",
    ] {
        let values = root.join(format!("fixtures/valid/{fixture}.yaml"));
        let dir = out.join(fixture);
        let run = |args: &[&str], file: Option<&str>| {
            let output = Command::new(&binary)
                .args(args)
                .arg("-f")
                .arg(&values)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            if let Some(file) = file {
                std::fs::write(dir.join(file), output.stdout).unwrap();
            }
        };
        let status = Command::new(&binary)
            .args(["render", "all", "-f"])
            .arg(&values)
            .arg("-o")
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success());
        run(
            &[
                "render",
                "restore-job",
                "stackgraph",
                "--backup",
                "sts-backup-20210216-0300.graph",
            ],
            Some("job-stackgraph-restore.yaml"),
        );
        run(
            &[
                "render",
                "restore-job",
                "elasticsearch",
                "--snapshot",
                "sts-backup-20210216-0300-x",
            ],
            Some("job-elasticsearch-restore.yaml"),
        );
        run(
            &["render", "restore-job", "list-stackgraph-backups"],
            Some("job-stackgraph-list.yaml"),
        );
        run(
            &["render", "restore-job", "list-elasticsearch-snapshots"],
            Some("job-elasticsearch-list.yaml"),
        );
        let check = Command::new(&python)
            .arg(root.join("scripts/check_rendered.py"))
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{fixture}: {}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
    }
    std::fs::remove_dir_all(&out).unwrap();
}
