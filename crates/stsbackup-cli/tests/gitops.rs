//! `stsbackup` pointed at a GitOps repository, as a user's CI and pre-commit run it: the real
//! binary on a temporary tree with a `stsbackup.toml`, a `helmfile.yaml`, Argo CD
//! `Application`s, a `.gitignore`, an umbrella chart and other charts' values files.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

/// A repository tree of `(path, text)` files.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn stsbackup(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("stsbackup").unwrap();
    command
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("GITHUB_ACTIONS");
    command
}

fn stdout_of(command: &mut Command) -> (Option<i32>, String, String) {
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The layered values of issue #11: MinIO credentials and the S3 gateway in `values.yaml`,
/// the backups switched on in `envs/values-prod.yaml`, with one real mistake (the bucket).
const BASE: &str = "minio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  s3gateway:\n    enabled: true\n    serviceEndpoint: https://s3.eu-west-1.amazonaws.com\n";
const PROD: &str = "backup:\n  enabled: true\n  stackGraph:\n    bucketName: Bad_Name\n";
const SECRET: &str = "Q3m9XcV7tLp2Rw8Zk4Nd";
const RELEASE: &str = "chart = \"stackstate@5.1.4\"\n\n[[release]]\nname = \"prod\"\nvalues = [\"values.yaml\", \"envs/values-prod.yaml\"]\n";

fn codes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| {
            let start = line.find("[SB")? + 1;
            Some(line[start..start + 5].to_owned())
        })
        .collect()
}

#[test]
fn a_file_of_a_configured_release_lints_the_release_merged_once() {
    let repo = tree(&[
        ("stsbackup.toml", RELEASE),
        ("values.yaml", BASE),
        ("envs/values-prod.yaml", PROD),
    ]);
    // Alone, the production file lacks the credentials of values.yaml: false errors.
    let (code, alone, _) = stdout_of(stsbackup(repo.path()).args([
        "lint",
        "--no-config",
        "--chart",
        "stackstate@5.1.4",
        "envs/values-prod.yaml",
    ]));
    assert_eq!(code, Some(1));
    assert!(codes(&alone).contains(&"SB601".to_owned()), "{alone}");

    // What pre-commit runs: both files, each named.
    let (code, merged, stderr) =
        stdout_of(stsbackup(repo.path()).args(["lint", "values.yaml", "envs/values-prod.yaml"]));
    assert_eq!(code, Some(1), "{merged}{stderr}");
    assert_eq!(
        codes(&merged).iter().filter(|c| *c == "SB201").count(),
        1,
        "{merged}"
    );
    assert!(
        !codes(&merged).iter().any(|c| c == "SB601" || c == "SB103"),
        "{merged}"
    );
    // The finding is at the file that set the value.
    assert!(
        merged.contains("--> envs/values-prod.yaml:4:17"),
        "{merged}"
    );
    assert!(
        merged.contains("2 files (1 release merged) checked"),
        "{merged}"
    );
    assert!(!merged.contains(SECRET) && !stderr.contains(SECRET));

    // From a subdirectory: the configuration is found upward, paths are shown from here.
    let (code, from_below, _) =
        stdout_of(stsbackup(&repo.path().join("envs")).args(["lint", "values-prod.yaml"]));
    assert_eq!(code, Some(1));
    assert!(from_below.contains("values-prod.yaml:4:17"), "{from_below}");
    assert!(
        !codes(&from_below).contains(&"SB601".to_owned()),
        "{from_below}"
    );
}

#[test]
fn a_file_outside_every_release_is_linted_alone() {
    let repo = tree(&[
        ("stsbackup.toml", RELEASE),
        ("values.yaml", BASE),
        ("envs/values-prod.yaml", PROD),
        ("staging.yaml", "backup:\n  enabled: true\n"),
    ]);
    let (code, stdout, _) = stdout_of(stsbackup(repo.path()).args(["lint", "staging.yaml"]));
    assert_eq!(code, Some(1));
    assert!(stdout.contains("1 file checked"), "{stdout}");
    assert!(codes(&stdout).contains(&"SB601".to_owned()), "{stdout}");
}

#[test]
fn an_unknown_configuration_key_is_an_error_at_its_place_with_a_suggestion() {
    let repo = tree(&[
        (
            "stsbackup.toml",
            "chart = \"stackstate@5.1.4\"\nstrcit = true\n",
        ),
        ("values.yaml", PROD),
    ]);
    stsbackup(repo.path())
        .args(["lint", "values.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "stsbackup.toml:2:1: unknown configuration key `strcit`; did you mean `strict`?",
        ));
    let repo = tree(&[
        (
            "stsbackup.toml",
            "[[release]]\nname = \"prod\"\nvalues = [\"a.yaml\"]\nvalue-root = \"x\"\n",
        ),
        ("values.yaml", PROD),
    ]);
    stsbackup(repo.path())
        .args(["lint", "values.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "stsbackup.toml:4:1: unknown configuration key `release.value-root`; did you mean `release.values-root`?",
        ));
    // A value that parses but names nothing real is refused at its place too.
    std::fs::write(
        repo.path().join("bad.toml"),
        "select = [\"SB2\"]\nchart = \"stackstate@9.9.9\"\n",
    )
    .unwrap();
    stsbackup(repo.path())
        .args(["lint", "--config", "bad.toml", "values.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "stsbackup: bad.toml:2:9: `chart`: ",
        ));
    // --no-config (or --isolated) reads no configuration at all.
    stsbackup(repo.path())
        .args(["lint", "--isolated", "values.yaml"])
        .assert()
        .code(1);
}

#[test]
fn the_configuration_sets_what_flags_would_and_flags_win() {
    let repo = tree(&[
        (
            "stsbackup.toml",
            "chart = \"stackstate@5.1.4\"\nformat = \"json\"\nignore = [\"SB201\"]\nstrict = true\n\n[per-file-ignores]\n\"legacy/*.yaml\" = [\"SB203\"]\n",
        ),
        ("values.yaml", &format!("{BASE}{PROD}")),
        ("legacy/values.yaml", &format!("{BASE}{PROD}")),
    ]);
    let (_, json, _) = stdout_of(stsbackup(repo.path()).args(["lint", "values.yaml"]));
    let findings: serde_json::Value =
        serde_json::from_str(&json).expect("json from the configuration");
    let found: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        !found.contains(&"SB201") && found.contains(&"SB203"),
        "{found:?}"
    );

    // per-file-ignores: SB203 is silenced in legacy/ only.
    let (_, json, _) = stdout_of(stsbackup(repo.path()).args(["lint", "legacy/values.yaml"]));
    assert!(!json.contains("\"SB203\""), "{json}");

    // Flags win: --format and --ignore replace the configuration's.
    let (_, text, _) = stdout_of(stsbackup(repo.path()).args([
        "lint",
        "--format",
        "text",
        "--ignore",
        "SB203",
        "values.yaml",
    ]));
    assert!(
        text.contains("error[SB201]") && !text.contains("SB203"),
        "{text}"
    );

    // `strict = true`: the warnings alone fail the run.
    stsbackup(repo.path())
        .args(["lint", "--select", "SB203", "values.yaml"])
        .assert()
        .code(1);
    stsbackup(repo.path())
        .args(["lint", "--isolated", "--select", "SB203", "values.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[SB203]"));
}

#[test]
fn a_helmfile_declares_releases_with_files_inline_values_and_set() {
    let repo = tree(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            "helmfile.yaml",
            "releases:\n  - name: observability\n    chart: suse-observability/suse-observability\n    version: 2.10.3\n    values:\n      - values.yaml\n      - envs/values-prod.yaml\n      - backup:\n          configuration:\n            bucketName: Inline_Bucket\n    set:\n      - name: backup.elasticsearch.bucketName\n        value: Set_Bucket\n  - name: loki\n    chart: grafana/loki\n    values:\n      - loki.yaml\n",
        ),
        (
            "values.yaml",
            "global:\n  backup:\n    enabled: true\nbackup:\n  storage:\n    backend:\n      s3:\n        endpoint: https://s3.eu-west-1.amazonaws.com\n        region: eu-west-1\n        accessKey: AKIAEXAMPLEKEY01\n        secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n",
        ),
        (
            "envs/values-prod.yaml",
            "backup:\n  stackGraph:\n    bucketName: Bad_Name\n",
        ),
        (
            "loki.yaml",
            "minio:\n  enabled: true\n  rootUser: admin\n  rootPassword: supersecret1\n",
        ),
    ]);
    let (code, stdout, stderr) =
        stdout_of(stsbackup(repo.path()).args(["lint", "envs/values-prod.yaml"]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    // The chart version comes from the helmfile: no SB009 inference note.
    assert!(!codes(&stdout).contains(&"SB009".to_owned()), "{stdout}");
    assert!(
        stdout.contains("--> envs/values-prod.yaml:3:17"),
        "{stdout}"
    );
    // The inline value is reported in the helmfile, at its line.
    assert!(stdout.contains("--> helmfile.yaml:10:25"), "{stdout}");
    // The `set` entry is reported as a --set argument.
    assert!(stdout.contains("Set_Bucket"), "{stdout}");
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));

    // The loki release is not StackState's: its file is linted alone, and skipped.
    let (code, stdout, _) = stdout_of(stsbackup(repo.path()).args(["lint", "loki.yaml"]));
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "note: skipped loki.yaml: not StackState values: `minio.rootUser`, `minio.rootPassword`"
        ),
        "{stdout}"
    );
}

#[test]
fn argo_cd_applications_declare_releases() {
    let repo = tree(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            "apps/observability.yaml",
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: observability\nspec:\n  sources:\n    - repoURL: https://charts.example.com\n      chart: stackstate\n      targetRevision: 5.1.4\n      helm:\n        valueFiles:\n          - $values/clusters/prod/values.yaml\n          - $values/clusters/prod/backup.yaml\n        valuesObject:\n          backup:\n            elasticsearch:\n              bucketName: Object_Bucket\n        parameters:\n          - name: backup.configuration.bucketName\n            value: Param_Bucket\n    - repoURL: https://git.example.com/gitops.git\n      ref: values\n",
        ),
        ("clusters/prod/values.yaml", BASE),
        ("clusters/prod/backup.yaml", PROD),
    ]);
    let (code, stdout, stderr) =
        stdout_of(stsbackup(repo.path()).args(["lint", "clusters/prod/backup.yaml"]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        !codes(&stdout)
            .iter()
            .any(|c| c == "SB601" || c == "SB103" || c == "SB009"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--> clusters/prod/backup.yaml:4:17"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--> apps/observability.yaml:17:27"),
        "{stdout}"
    );
    assert!(stdout.contains("Param_Bucket"), "{stdout}");
    assert!(stdout.contains("1 release merged"), "{stdout}");
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
}

/// Applications whose chart comes from git (`path:`): the chart's Chart.yaml says whether it is
/// StackState's (here an umbrella chart, values under its alias) or another chart's.
#[test]
fn argo_cd_charts_from_git_are_told_apart_by_their_chart_yaml() {
    let app = |name: &str, chart: &str, values: &str| {
        format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {name}\nspec:\n  source:\n    repoURL: https://git.example.com/gitops.git\n    path: {chart}\n    helm:\n      valueFiles:\n        - {values}\n"
        )
    };
    let repo = tree(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            "apps/platform.yaml",
            &app("platform", "charts/platform", "values-prod.yaml"),
        ),
        (
            "apps/loki.yaml",
            &app("loki", "charts/loki", "values-prod.yaml"),
        ),
        (
            "charts/platform/Chart.yaml",
            "apiVersion: v2\nname: platform\nversion: 1.0.0\ndependencies:\n  - name: stackstate\n    version: 5.1.4\n    alias: sts\n",
        ),
        (
            "charts/platform/values.yaml",
            "sts:\n  backup:\n    enabled: true\n",
        ),
        (
            "charts/platform/values-prod.yaml",
            "sts:\n  backup:\n    stackGraph:\n      bucketName: Bad_Name\n",
        ),
        (
            "charts/loki/Chart.yaml",
            "apiVersion: v2\nname: loki\nversion: 6.0.0\n",
        ),
        (
            "charts/loki/values-prod.yaml",
            "minio:\n  enabled: true\n  rootUser: loki\n",
        ),
    ]);
    let (code, stdout, stderr) = stdout_of(stsbackup(repo.path()).args(["lint", "charts"]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("--> charts/platform/values-prod.yaml:4:19"),
        "{stdout}"
    );
    assert!(
        !codes(&stdout).contains(&"SB009".to_owned()),
        "the chart is known: {stdout}"
    );
    assert!(
        stdout.contains("note: skipped charts/loki/values-prod.yaml: not StackState values"),
        "{stdout}"
    );
    // The umbrella chart's own values.yaml is the release's first layer, linted with it, once.
    assert!(stdout.contains("(1 release merged)"), "{stdout}");
    assert_eq!(
        codes(&stdout).iter().filter(|c| *c == "SB201").count(),
        1,
        "{stdout}"
    );
}

#[test]
fn an_umbrella_chart_says_the_generation_and_where_the_values_sit() {
    let repo = tree(&[
        (
            "chart/Chart.yaml",
            "apiVersion: v2\nname: observability-platform\nversion: 0.1.0\ndependencies:\n  - name: suse-observability\n    version: ~2.10.0\n    repository: https://charts.example.com\n    alias: sts\n",
        ),
        (
            "chart/Chart.lock",
            "dependencies:\n  - name: suse-observability\n    repository: https://charts.example.com\n    version: 2.10.3\n",
        ),
        (
            "chart/values.yaml",
            "global:\n  backup:\n    enabled: true\nsts:\n  backup:\n    stackgraph:\n      bucketName: x\n",
        ),
    ]);
    // Before: the file is not the chart's own values, and nothing was found.
    let (code, stdout, stderr) =
        stdout_of(stsbackup(repo.path()).args(["lint", "--chart", "chart", "chart/values.yaml"]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("error[SB010]"), "{stdout}");
    assert!(stdout.contains("--> chart/values.yaml:6:5"), "{stdout}");
    assert!(stdout.contains("backup.stackGraph"), "{stdout}");

    // With no --chart, the Chart.yaml beside the values file says the same.
    stsbackup(repo.path())
        .args(["lint", "chart/values.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--> chart/values.yaml:6:5"));

    // The same from the configuration.
    let repo2 = tree(&[
        ("stsbackup.toml", "chart = \"chart\"\n"),
        (
            "chart/Chart.yaml",
            "apiVersion: v2\nname: platform\nversion: 0.1.0\ndependencies:\n  - name: suse-observability\n    version: 2.10.3\n",
        ),
        (
            "chart/values.yaml",
            "suse-observability:\n  backup:\n    stackgraph:\n      bucketName: x\n",
        ),
    ]);
    stsbackup(repo2.path())
        .args(["lint", "chart/values.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[SB010]"));

    // With nothing to say where the values sit, the file is not passed as clean: a note says
    // where they seem to be.
    let repo5 = tree(&[(
        "values.yaml",
        "stackstate:\n  backup:\n    stackgraph:\n      bucketName: x\n",
    )]);
    stsbackup(repo5.path())
        .args(["lint", "--isolated", "values.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "note: skipped values.yaml: no StackState section at the top, but `stackstate:` holds StackState values (an umbrella chart's?): give --values-root stackstate",
        ))
        .stdout(predicate::str::contains("no problems found").not());
    stsbackup(repo5.path())
        .args([
            "lint",
            "--isolated",
            "--values-root",
            "stackstate",
            "values.yaml",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[SB010]"));

    // A configured release: its own values root and `set`, after its files.
    let repo4 = tree(&[
        (
            "stsbackup.toml",
            "[[release]]\nname = \"prod\"\nvalues = [\"values.yaml\"]\nchart = \"stackstate@5.1.4\"\nvalues-root = \"stackstate\"\nset = [\"stackstate.backup.configuration.bucketName=Set_Bucket\"]\n",
        ),
        (
            "values.yaml",
            &format!(
                "stackstate:\n{}",
                format!("{BASE}{PROD}")
                    .lines()
                    .map(|l| format!("  {l}\n"))
                    .collect::<String>()
            ),
        ),
    ]);
    let (code, stdout, _) = stdout_of(stsbackup(repo4.path()).args(["lint", "values.yaml"]));
    assert_eq!(code, Some(1));
    assert!(stdout.contains("--> values.yaml:11:19"), "{stdout}");
    assert!(stdout.contains("--> --set:1:"), "{stdout}");
    assert!(
        stdout.contains("1 file and 1 --set argument (1 release merged) checked"),
        "{stdout}"
    );
    assert!(!stdout.contains(SECRET));

    // A range with no Chart.lock is not one release: said, not guessed.
    let repo3 = tree(&[(
        "chart/Chart.yaml",
        "apiVersion: v2\nname: platform\nversion: 0.1.0\ndependencies:\n  - name: stackstate-k8s\n    version: ^1.11.0\n",
    )]);
    stsbackup(repo3.path())
        .args(["lint", "--chart", "chart", "-f", "-"])
        .write_stdin("stackstate-k8s: {}\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not one release"));
}

#[test]
fn a_directory_recurses_honouring_gitignore_and_skips_other_charts_with_a_note() {
    let repo = tree(&[
        (".gitignore", "build/\n"),
        ("build/values.yaml", "backup:\n  stackgraph: {}\n"),
        ("sts/values.yaml", PROD),
        (
            "sts/templates/values-cronjob.yaml",
            "backup: {{ .Values.backup }}\n",
        ),
        (
            "loki/values.yaml",
            "minio:\n  enabled: true\n  rootUser: admin\n  rootPassword: supersecret1\n",
        ),
        (
            "cnpg/values.yaml",
            "backup:\n  retentionPolicy: 30d\n  barmanObjectStore:\n    destinationPath: s3://backups/\n",
        ),
        (
            "minio/values.yaml",
            "rootUser: admin\nmode: standalone\npersistence:\n  size: 10Gi\n",
        ),
        (
            "k8s/deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\n",
        ),
    ]);
    let (code, stdout, stderr) =
        stdout_of(stsbackup(repo.path()).args(["lint", "--chart", "stackstate@5.1.4", "."]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        !stdout.contains("build/"),
        "ignored by .gitignore: {stdout}"
    );
    assert!(
        !stdout.contains("templates") && !stdout.contains("deployment"),
        "{stdout}"
    );
    assert!(stdout.contains("--> sts/values.yaml:4:17"), "{stdout}");
    for skipped in ["loki/values.yaml", "cnpg/values.yaml", "minio/values.yaml"] {
        assert!(
            stdout.contains(&format!("note: skipped {skipped}: not StackState values")),
            "{skipped}: {stdout}"
        );
    }
    assert!(
        stdout.contains("1 file checked, 3 files skipped (not StackState values)"),
        "{stdout}"
    );

    // A quoted glob is expanded as a shell would (pre-commit and CI pass them quoted too).
    let (code, globbed, _) = stdout_of(stsbackup(repo.path()).args([
        "lint",
        "--chart",
        "stackstate@5.1.4",
        "*/values.yaml",
    ]));
    assert_eq!(code, Some(1));
    assert!(
        globbed.contains("--> sts/values.yaml:4:17") && !globbed.contains("build/"),
        "{globbed}"
    );
    assert!(
        globbed.contains("1 file checked, 3 files skipped"),
        "{globbed}"
    );
    stsbackup(repo.path())
        .args(["lint", "nothing/*.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read nothing/*.yaml"));

    // --quiet: the findings and nothing else.
    let (_, quiet, _) =
        stdout_of(stsbackup(repo.path()).args(["lint", "-q", "--chart", "stackstate@5.1.4", "."]));
    assert!(
        !quiet.contains("note: skipped") && !quiet.contains("checked"),
        "{quiet}"
    );
    assert!(quiet.contains("SB201"), "{quiet}");

    // The configuration forces it either way, and narrows the walk.
    std::fs::write(
        repo.path().join("stsbackup.toml"),
        "chart = \"stackstate@5.1.4\"\nstackstate-files = [\"loki/*.yaml\"]\nother-files = [\"sts/*.yaml\"]\nexclude = [\"cnpg/**\"]\n",
    )
    .unwrap();
    let (_, stdout, _) = stdout_of(stsbackup(repo.path()).args(["lint"]));
    assert!(stdout.contains("--> loki/values.yaml"), "forced: {stdout}");
    assert!(
        stdout.contains("note: skipped sts/values.yaml: listed in `other-files`"),
        "{stdout}"
    );
    assert!(!stdout.contains("cnpg"), "excluded: {stdout}");
    std::fs::write(
        repo.path().join("stsbackup.toml"),
        "include = [\"sts/**\"]\n",
    )
    .unwrap();
    let (_, stdout, _) = stdout_of(stsbackup(repo.path()).args(["lint", "."]));
    assert!(
        !stdout.contains("loki") && stdout.contains("sts/values.yaml"),
        "{stdout}"
    );
}

#[test]
fn one_run_writes_sarif_to_a_file_and_prints_github_annotations() {
    let repo = tree(&[
        ("values.yaml", PROD),
        ("loki/values.yaml", "minio:\n  rootUser: a\n"),
    ]);
    let (code, stdout, _) = stdout_of(stsbackup(repo.path()).args([
        "lint",
        "--isolated",
        "--chart",
        "stackstate@5.1.4",
        "--format",
        "github",
        "--output-file",
        "sarif=out/stsbackup.sarif",
        "values.yaml",
        "loki/values.yaml",
    ]));
    assert_eq!(code, Some(2), "the out/ directory does not exist: {stdout}");
    std::fs::create_dir(repo.path().join("out")).unwrap();
    let (code, stdout, _) = stdout_of(stsbackup(repo.path()).args([
        "lint",
        "--isolated",
        "--chart",
        "stackstate@5.1.4",
        "--format",
        "github",
        "--output-file",
        "sarif=out/stsbackup.sarif",
        "values.yaml",
        "loki/values.yaml",
    ]));
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("::error file=values.yaml,line=4,col=17"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "::notice file=loki/values.yaml::stsbackup skipped this file: not StackState values"
        ),
        "{stdout}"
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("out/stsbackup.sarif")).unwrap(),
    )
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "SB201"), "{sarif}");
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.iter().any(|n| {
        n["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("skipped loki/values.yaml")
    }));

    // A bare path takes standard output's place.
    let (_, stdout, _) = stdout_of(stsbackup(repo.path()).args([
        "lint",
        "--isolated",
        "--format",
        "json",
        "--output-file",
        "out/findings.json",
        "values.yaml",
    ]));
    assert!(stdout.is_empty(), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("out/findings.json")).unwrap(),
    )
    .unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "SB201")
    );
}

/// The README's GitHub Actions step, as the runner runs it: `GITHUB_ACTIONS=true`, no path (the
/// configuration's directory), SARIF to a file.
#[test]
fn the_readme_workflow_step_annotates_and_writes_sarif() {
    let repo = tree(&[
        ("stsbackup.toml", RELEASE),
        ("values.yaml", BASE),
        ("envs/values-prod.yaml", PROD),
        (
            "loki/values.yaml",
            "minio:\n  rootUser: a\n  rootPassword: bbbbbbbbbbbb\n",
        ),
    ]);
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let step = "stsbackup lint --output-file sarif=stsbackup.sarif";
    assert!(
        readme.contains(&format!("- run: {step}")),
        "the README's workflow changed"
    );
    let (code, stdout, stderr) = stdout_of(
        stsbackup(repo.path())
            .env("GITHUB_ACTIONS", "true")
            .args(step.split_whitespace().skip(1)),
    );
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("::error file=envs/values-prod.yaml,line=4,col=17"),
        "{stdout}"
    );
    assert!(
        stdout.contains("::notice file=loki/values.yaml::"),
        "{stdout}"
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("stsbackup.sarif")).unwrap(),
    )
    .unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"envs/values-prod.yaml"), "{uris:?}");
    assert!(!stdout.contains(SECRET) && !sarif.to_string().contains(SECRET));
}

#[test]
fn statistics_exit_zero_and_a_truthful_summary() {
    let repo = tree(&[("a.yaml", PROD), ("b.yaml", PROD)]);
    let (code, stdout, _) = stdout_of(stsbackup(repo.path()).args([
        "lint",
        "--isolated",
        "--chart",
        "stackstate@5.1.4",
        "--statistics",
        "a.yaml",
        "b.yaml",
    ]));
    assert_eq!(code, Some(1));
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    // Most frequent first: the placeholder credentials, twice in each file.
    assert_eq!(
        rows[0],
        ["4", "SB103", "error", "placeholder-credentials"],
        "{stdout}"
    );
    assert!(
        rows.contains(&vec!["2", "SB201", "error", "s3-bucket-name"]),
        "{stdout}"
    );
    assert!(!stdout.contains("-->"), "{stdout}");

    stsbackup(repo.path())
        .args(["lint", "--isolated", "--exit-zero", "a.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("error[SB201]"));
    // --exit-zero does not hide a file that could not be read.
    stsbackup(repo.path())
        .args(["lint", "--isolated", "--exit-zero", "missing.yaml"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("could not be read"))
        .stdout(predicate::str::contains("no problems found").not());
    // No file, no -f, no configuration: a usage error, not a clean run.
    stsbackup(repo.path())
        .args(["lint", "--isolated"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no values file given"));
}

#[test]
fn colour_follows_the_flag_then_no_color_then_force_color() {
    let repo = tree(&[("values.yaml", PROD)]);
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = stsbackup(repo.path());
        command.args(args);
        for (name, value) in env {
            command.env(name, value);
        }
        stdout_of(&mut command).1
    };
    let lint = ["lint", "--isolated", "values.yaml"];
    let coloured = |text: &str| text.contains("\u{1b}[");
    assert!(!coloured(&run(&lint, &[])), "not a terminal");
    assert!(coloured(&run(&lint, &[("FORCE_COLOR", "1")])));
    assert!(!coloured(&run(
        &lint,
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]
    )));
    assert!(coloured(&run(
        &["--color", "always", "lint", "--isolated", "values.yaml"],
        &[("NO_COLOR", "1")]
    )));
    assert!(coloured(&run(
        &["lint", "--color=always", "--isolated", "values.yaml"],
        &[]
    )));
    assert!(!coloured(&run(
        &["lint", "--color", "never", "--isolated", "values.yaml"],
        &[("FORCE_COLOR", "1")]
    )));
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef stsbackup"),
        ("fish", "complete -c stsbackup"),
    ] {
        let (code, script, _) = stdout_of(stsbackup(dir.path()).args(["completions", shell]));
        assert_eq!(code, Some(0));
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("lint") && script.contains("--output-file"),
            "{shell}"
        );
    }
    // The bash script loads in bash and completes the subcommands.
    let (_, script, _) = stdout_of(stsbackup(dir.path()).args(["completions", "bash"]));
    std::fs::write(dir.path().join("c.bash"), script).unwrap();
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg("source ./c.bash && COMP_WORDS=(stsbackup li) COMP_CWORD=1 COMP_LINE='stsbackup li' COMP_POINT=12 && _stsbackup stsbackup li stsbackup && echo \"${COMPREPLY[@]}\"")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .any(|w| w == "lint"),
        "{output:?}"
    );
}

#[test]
fn rules_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = stdout_of(stsbackup(dir.path()).args(["rules", "--format", "json"]));
    assert_eq!(code, Some(0));
    let rules: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rules = rules.as_array().unwrap();
    let (_, text, _) = stdout_of(stsbackup(dir.path()).args(["rules"]));
    assert_eq!(rules.len(), text.lines().count());
    let sb201 = rules.iter().find(|r| r["code"] == "SB201").unwrap();
    assert_eq!(sb201["severity"], "error");
    assert_eq!(sb201["name"], "s3-bucket-name");
}

/// An umbrella repository's StackState values, under `stackstate:`, with a schedule of their
/// own (`0 5 * * *`, not the chart's `0 3 * * *`) to tell whether they were read.
const UMBRELLA_VALUES: &str = "stackstate:\n  minio:\n    accessKey: opsbackup01\n    secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n    s3gateway:\n      enabled: true\n      serviceEndpoint: https://s3.eu-west-1.amazonaws.com\n  backup:\n    enabled: true\n    stackGraph:\n      bucketName: prod-stackgraph\n      scheduled:\n        schedule: \"0 5 * * *\"\n    elasticsearch:\n      bucketName: prod-es\n    configuration:\n      bucketName: prod-conf\n";
const UMBRELLA_CHART: &str = "apiVersion: v2\nname: platform\nversion: 0.1.0\ndependencies:\n  - name: stackstate\n    version: 5.1.4\n    alias: stackstate\n";

#[test]
fn render_schedule_and_migrate_read_the_configuration_found_upward() {
    let repo = tree(&[
        (
            "stsbackup.toml",
            "chart = \"stackstate@5.1.4\"\nvalues-root = \"stackstate\"\n",
        ),
        ("envs/values.yaml", UMBRELLA_VALUES),
    ]);
    let envs = repo.path().join("envs");
    // render, from a subdirectory: the configuration above says where the values sit.
    let (code, stdout, stderr) =
        stdout_of(stsbackup(&envs).args(["render", "cronjob", "values.yaml"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("schedule: \"0 5 * * *\""), "{stdout}");
    // --no-config: the top of the file has no backup section, so there is nothing to render.
    let (code, stdout, stderr) =
        stdout_of(stsbackup(&envs).args(["render", "cronjob", "--no-config", "values.yaml"]));
    assert_ne!(code, Some(0), "{stdout}");
    assert!(stderr.contains("`backup.enabled` is false"), "{stderr}");
    // schedule reads the same.
    let (code, stdout, stderr) = stdout_of(stsbackup(&envs).args([
        "schedule",
        "values.yaml",
        "--count",
        "1",
        "--from",
        "2026-12-31",
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2026-12-31T05:00:00Z"), "{stdout}");
    // migrate writes the migrated values back under the values root, `global:` at the top.
    let (code, stdout, stderr) = stdout_of(stsbackup(&envs).args([
        "migrate",
        "--to",
        "suse-observability@2.10.3",
        "-f",
        "values.yaml",
        "-o",
        "migrated.yaml",
    ]));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let migrated = std::fs::read_to_string(envs.join("migrated.yaml")).unwrap();
    assert!(migrated.starts_with("global:\n"), "{migrated}");
    assert!(
        migrated.contains("\nstackstate:\n  backup:\n"),
        "{migrated}"
    );
    // The migrated file lints clean under the target with the same values root.
    stsbackup(&envs)
        .args([
            "lint",
            "--no-config",
            "--chart",
            "suse-observability@2.10.3",
            "--values-root",
            "stackstate",
            "migrated.yaml",
        ])
        .assert()
        .success();
    // --values-root wins over the configuration, and a missing section is said, with exit 2.
    stsbackup(&envs)
        .args(["schedule", "--values-root", "sts", "values.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no `sts:` section in the values, where the values root (--values-root) says",
        ));
}

#[test]
fn render_schedule_and_migrate_take_a_chart_directory() {
    let repo = tree(&[
        ("platform/Chart.yaml", UMBRELLA_CHART),
        ("platform/values.yaml", UMBRELLA_VALUES),
    ]);
    let dir = repo.path();
    for args in [
        &[
            "render",
            "cronjob",
            "--chart",
            "platform",
            "platform/values.yaml",
        ][..],
        &[
            "schedule",
            "--chart",
            "platform",
            "-f",
            "platform/values.yaml",
        ][..],
    ] {
        let (code, stdout, stderr) = stdout_of(stsbackup(dir).args(args).arg("--no-config"));
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stdout.contains("0 5 * * *"), "{args:?}: {stdout}");
    }
    // With no flag and no configuration, the Chart.yaml beside the first values file says it.
    let (code, stdout, stderr) = stdout_of(stsbackup(dir).args([
        "schedule",
        "--no-config",
        "platform/values.yaml",
        "--count",
        "1",
        "--from",
        "2026-12-31",
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2026-12-31T05:00:00Z"), "{stdout}");
    stsbackup(dir)
        .args([
            "migrate",
            "--to",
            "suse-observability@2.10.3",
            "--chart",
            "platform",
        ])
        .args(["platform/values.yaml", "-o", "out.yaml"])
        .assert()
        .success();
    let migrated = std::fs::read_to_string(dir.join("out.yaml")).unwrap();
    assert!(migrated.contains("\nstackstate:\n"), "{migrated}");
    // The configuration's chart is a directory relative to the configuration; a bad one is
    // a usage error at its place, for every command.
    std::fs::write(dir.join("stsbackup.toml"), "chart = \"stackstate@9.1.4\"\n").unwrap();
    for command in [
        "render cronjob",
        "schedule",
        "migrate --to suse-observability@2.10.3",
        "lint",
    ] {
        stsbackup(dir)
            .args(command.split(' '))
            .arg("platform/values.yaml")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "stsbackup.toml:1:9: `chart`: stackstate@9.1.4",
            ));
    }
    std::fs::write(dir.join("stsbackup.toml"), "chart = \"platform\"\n").unwrap();
    let (code, stdout, stderr) =
        stdout_of(stsbackup(&dir.join("platform")).args(["render", "cronjob", "values.yaml"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("0 5 * * *"), "{stdout}");
}

/// The search for Applications reads a file's first block only, up to its first `apiVersion:`
/// or `kind:` line (a long comment header before them is fine), never a chart's `templates/`
/// (Go templates, not manifests); `discover-releases = false` turns the search off.
#[test]
fn the_release_search_reads_little_and_can_be_turned_off() {
    let header = "# Managed by the platform team.\n".repeat(40);
    let application = |name: &str, file: &str| {
        format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {name}\nspec:\n  source:\n    repoURL: https://charts.example.com\n    chart: stackstate\n    targetRevision: 5.1.4\n    helm:\n      valueFiles:\n        - {file}\n"
        )
    };
    let late = format!(
        "{header}---\n{}",
        application(
            "observability",
            "../values.yaml\n        - ../envs/values-prod.yaml"
        )
    );
    let templated = application("templated", "../../../envs/values-prod.yaml");
    let repo = tree(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("values.yaml", BASE),
        ("envs/values-prod.yaml", PROD),
        ("apps/observability.yaml", &late),
        ("charts/apps/templates/app.yaml", &templated),
        (
            "apps/deployment.yaml",
            "# not an argoproj.io/v1alpha1 Application\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n",
        ),
    ]);
    let (code, stdout, stderr) =
        stdout_of(stsbackup(repo.path()).args(["lint", "envs/values-prod.yaml"]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    // The Application after the header is found: the file is linted merged with values.yaml
    // (no SB103/SB601 of a file alone), once; the templated one is not read.
    assert!(stdout.contains("1 release merged"), "{stdout}");
    assert!(
        !codes(&stdout).iter().any(|c| c == "SB601" || c == "SB103"),
        "{stdout}"
    );
    assert!(codes(&stdout).contains(&"SB201".to_owned()), "{stdout}");

    // Turned off: the file is linted alone (its false errors of a file alone come back).
    std::fs::write(
        repo.path().join("stsbackup.toml"),
        "discover-releases = false\n",
    )
    .unwrap();
    let (code, stdout, _) =
        stdout_of(stsbackup(repo.path()).args(["lint", "envs/values-prod.yaml"]));
    assert_eq!(code, Some(1), "{stdout}");
    assert!(!stdout.contains("release merged"), "{stdout}");
    assert!(codes(&stdout).contains(&"SB103".to_owned()), "{stdout}");
    // A misspelt key is refused with the suggestion.
    std::fs::write(
        repo.path().join("stsbackup.toml"),
        "discover-release = false\n",
    )
    .unwrap();
    stsbackup(repo.path())
        .args(["lint", "envs/values-prod.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `discover-releases`?",
        ));
}

/// `--format json` keeps its contract, an array of findings; a skipped file is said on
/// standard error (`--quiet` silences it) and recorded in SARIF's notifications for tools.
#[test]
fn json_output_stays_an_array_and_skipped_files_are_said_beside_it() {
    let repo = tree(&[
        ("values.yaml", PROD),
        (
            "loki/values.yaml",
            "minio:\n  enabled: true\n  rootUser: admin\n  rootPassword: supersecret1\n",
        ),
    ]);
    let (code, stdout, stderr) = stdout_of(
        stsbackup(repo.path())
            .args(["lint", "--no-config", "--format", "json", "."])
            .args(["--output-file", "sarif=out.sarif"]),
    );
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = findings.as_array().expect("an array of findings");
    assert!(!findings.is_empty());
    assert!(
        findings.iter().all(|f| f["file"] == "values.yaml"),
        "{stdout}"
    );
    assert!(
        stderr.contains("note: skipped loki/values.yaml: not StackState values"),
        "{stderr}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("out.sarif")).unwrap())
            .unwrap();
    let notifications = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert!(
        notifications.iter().any(|n| n["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("skipped loki/values.yaml: ")),
        "{notifications:?}"
    );
    // --quiet: findings only.
    let (_, stdout, stderr) = stdout_of(stsbackup(repo.path()).args([
        "lint",
        "--no-config",
        "--quiet",
        "--format",
        "json",
        ".",
    ]));
    assert!(
        serde_json::from_str::<serde_json::Value>(&stdout)
            .unwrap()
            .is_array()
    );
    assert!(!stderr.contains("skipped"), "{stderr}");
    // JSON to a file beside text on standard output: the note is said once, by the text.
    let (_, stdout, stderr) = stdout_of(
        stsbackup(repo.path())
            .args(["lint", "--no-config", "."])
            .args(["--output-file", "json=out.json"]),
    );
    assert_eq!(
        stdout.matches("note: skipped loki/values.yaml").count(),
        1,
        "{stdout}"
    );
    assert!(!stderr.contains("skipped"), "{stderr}");
    let written = std::fs::read_to_string(repo.path().join("out.json")).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&written)
            .unwrap()
            .is_array()
    );
}
