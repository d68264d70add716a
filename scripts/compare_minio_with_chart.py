#!/usr/bin/env python3
"""Compares the CronJobs `stsbackup render cronjob` writes for stackstate-k8s 1.x and
suse-observability 2.0 to 2.9 (MinIO) with what each release's real templates render, through
Helm's Go SDK (helm-python-sdk), field by field.

A check by hand, not part of scripts/test or CI: it needs the charts' code, which CI never
fetches. HELM_CHARTS_GIT is a clone of github.com/StackVista/helm-charts with its release tags
(`stackstate-k8s/1.11.3`, `suse-observability/2.6.3`, ...); nothing of it is copied into this
repository. For each case, the release's chart, its `common` library and the HBase subchart's
defaults are exported from the tag into a temporary directory with only the backup templates
and helpers (the other subcharts would need the network), rendered with the case's values, and
its CronJobs compared with ours.

It renders only the backup templates, so it cannot see what comes from the rest of the chart:
the `wait` init container, `resources` and the variables whose values come from other parts of
the chart are left out of the comparison (the whole-chart comparison of
`scripts/compare-with-chart` checks them for one release of each stretch), and so are node
selectors, affinity and tolerations. A null value is compared as `""`, and an unset
`BACKUP_VICTORIA_METRICS_N_ENABLED` as `false`, the Victoria Metrics subchart's default, which
this partial render does not load. Helm's default capabilities have no `batch/v1` CronJob, so ours are
rendered with `--api-version batch/v1beta1`.

Usage: scripts/compare_minio_with_chart.py HELM_CHARTS_GIT [STSBACKUP_BINARY]
Run with the oracles' venv (`.venv/bin/python`, made by scripts/test). Exit status 0 when every
case agrees, 1 otherwise.
"""

import difflib
import io
import json
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

import helm_python as helm
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "render"
PLAIN = "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n"

# (git tag, values (a fixture of fixtures/render, or PLAIN), release, overlay values)
CASES = [
    ("stackstate-k8s/1.1.2", PLAIN, "stackstate-k8s", {}),
    ("stackstate-k8s/1.9.0", PLAIN, "prod", {}),
    ("stackstate-k8s/1.11.0", "stackstate-k8s-1.11.3-s3.yaml", "stackstate-k8s", {}),
    ("stackstate-k8s/1.11.1", "stackstate-k8s-1.11.3-s3.yaml", "stackstate-k8s", {}),
    ("stackstate-k8s/1.11.3", "stackstate-k8s-1.11.3-s3.yaml", "prod", {}),
    (
        "stackstate-k8s/1.11.3",
        "stackstate-k8s-1.11.3-s3.yaml",
        "acme",
        {
            "backup": {"stackGraph": {"scheduled": {"enabled": False}}},
            "global": {"imageRegistry": "reg.acme.io"},
        },
    ),
    (
        "stackstate-k8s/1.11.3",
        "stackstate-k8s-1.11.3-s3.yaml",
        "acme",
        {
            "stackstate": {
                "components": {
                    "all": {"image": {"pullSecretName": "acme-pull"}},
                    "server": {"image": {"tag": "6.1.0"}},
                }
            }
        },
    ),
    ("stackstate-k8s/1.11.4", "stackstate-k8s-1.12.1-azure.yaml", "stackstate-k8s", {}),
    ("stackstate-k8s/1.11.5", "stackstate-k8s-1.12.1-azure.yaml", "stackstate-k8s", {}),
    ("stackstate-k8s/1.12.0", "stackstate-k8s-1.12.1-azure.yaml", "prod", {}),
    ("stackstate-k8s/1.12.1", "stackstate-k8s-1.12.1-azure.yaml", "stackstate-k8s", {}),
    ("stackstate-k8s/2.0.0", "stackstate-k8s-1.12.1-azure.yaml", "suse-observability", {}),
    ("suse-observability/2.0.1", "suse-observability-2.6.3-pvc.yaml", "suse-observability", {}),
    ("suse-observability/2.0.2", "suse-observability-2.6.3-pvc.yaml", "prod", {}),
    (
        "suse-observability/2.0.2",
        "suse-observability-2.6.3-pvc.yaml",
        "suse-observability",
        {"clickhouse": {"enabled": True}, "global": {"imageRegistry": "reg.acme.io"}},
    ),
    ("suse-observability/2.1.0", "suse-observability-2.6.3-pvc.yaml", "suse-observability", {}),
    ("suse-observability/2.2.0", "suse-observability-2.6.3-pvc.yaml", "suse-observability", {}),
    (
        "suse-observability/2.2.1",
        "suse-observability-2.6.3-pvc.yaml",
        "suse-observability",
        {"stackstate": {"license": {"fromExternalSecret": "lic"}}, "hbase": {"version": "1.2"}},
    ),
    ("suse-observability/2.3.0", "suse-observability-2.6.3-pvc.yaml", "suse-observability", {}),
    ("suse-observability/2.4.0", "suse-observability-2.6.3-pvc.yaml", "suse-observability", {}),
    ("suse-observability/2.5.1", "suse-observability-2.6.3-pvc.yaml", "suse-observability", {}),
    ("suse-observability/2.6.0", "suse-observability-2.6.3-pvc.yaml", "prod", {}),
    ("suse-observability/2.6.1", "suse-observability-2.6.3-pvc.yaml", "suse-observability", {}),
    ("suse-observability/2.6.3", "suse-observability-2.6.3-pvc.yaml", "suse-observability", {}),
    (
        "suse-observability/2.6.3",
        "suse-observability-2.6.3-pvc.yaml",
        "suse-observability",
        {"backup": {"enabled": False}},
    ),
    (
        "suse-observability/2.6.3",
        "suse-observability-2.6.3-pvc.yaml",
        "suse-observability",
        {
            "backup": {
                "configuration": {"securityContext": {"enabled": False}},
                "stackGraph": {"securityContext": {"enabled": False}},
            },
            "minio": {"fullnameOverride": "acme-minio"},
        },
    ),
    ("suse-observability/2.7.0", "suse-observability-2.7.0-s3.yaml", "suse-observability", {}),
    ("suse-observability/2.8.0", "suse-observability-2.7.0-s3.yaml", "prod", {}),
    ("suse-observability/2.8.1", "suse-observability-2.7.0-s3.yaml", "suse-observability", {}),
    ("suse-observability/2.9.0", "suse-observability-2.7.0-s3.yaml", "suse-observability", {}),
    (
        "suse-observability/2.9.0",
        "suse-observability-2.7.0-s3.yaml",
        "suse-observability",
        {"global": {"backup": {"enabled": False}}},
    ),
    (
        "suse-observability/2.9.0",
        "suse-observability-2.7.0-s3.yaml",
        "prod",
        {"deployment": {"compatibleWithArgoCD": True}},
    ),
    (
        "suse-observability/2.9.0",
        "suse-observability-2.7.0-s3.yaml",
        "suse-observability",
        {"victoria-metrics-1": {"enabled": False}},
    ),
]

# Variables stsbackup leaves out (their values come from other parts of the chart).
LEFT_OUT_ENV = {
    "ZOOKEEPER_QUORUM",
    "ELASTICSEARCH_ENDPOINT",
    "STACKSTATE_ROUTER_ENDPOINT",
    "PROMETHEUS_WRITE_ENDPOINT",
    "CONFIG_FORCE_stackstate_yaml_codePointLimit",
}


def left_out(name):
    return (
        name in LEFT_OUT_ENV
        or name.endswith("_BASE_URL")
        or name.startswith("STACKSTATE_BASE")
        or name.startswith("CONFIG_FORCE_stackstate_api_authentication")
        or name in ("PLATFORM_VERSION", "STACKSTATE_VERSION")
    )


def merge(base, over):
    """Helm's coalescing of a values overlay: mappings merge, anything else replaces."""
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


def defaults_under(base, defaults):
    """Fills in a subchart's defaults where the parent's values are silent."""
    for key, value in defaults.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            defaults_under(base[key], value)
        elif key not in base:
            base[key] = value


def export(git, tag, path, destination):
    archive = subprocess.run(
        ["git", "-C", str(git), "archive", tag, path], capture_output=True, check=True
    ).stdout
    tarfile.open(fileobj=io.BytesIO(archive)).extractall(destination, filter="data")


def chart_cronjobs(git, tag, values, release):
    """The CronJobs the release's templates render from `values`, by `CronJob/<name>`."""
    listing = subprocess.run(
        ["git", "-C", str(git), "ls-tree", "--name-only", tag, "stable/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    source_path = next(
        path for path in listing if path in ("stable/stackstate-k8s", "stable/suse-observability")
    )
    with tempfile.TemporaryDirectory() as directory:
        directory = pathlib.Path(directory)
        export(git, tag, source_path, directory / "src")
        export(git, tag, "stable/common", directory / "src")
        source = directory / "src" / source_path
        chart = directory / "chart"
        (chart / "templates").mkdir(parents=True)
        metadata = yaml.safe_load((source / "Chart.yaml").read_text(encoding="utf-8"))
        metadata["dependencies"] = [
            {"name": d["name"], "version": d["version"]}
            for d in metadata.get("dependencies", [])
            if d["name"] == "common"
        ]
        (chart / "Chart.yaml").write_text(yaml.safe_dump(metadata), encoding="utf-8")
        chart_values = yaml.safe_load((source / "values.yaml").read_text(encoding="utf-8"))
        export(git, tag, "stable/hbase", directory / "sub")
        hbase = yaml.safe_load(
            (directory / "sub" / "stable" / "hbase" / "values.yaml").read_text(encoding="utf-8")
        )
        defaults_under(chart_values.setdefault("hbase", {}), hbase)
        (chart / "values.yaml").write_text(yaml.safe_dump(chart_values), encoding="utf-8")
        for template in (source / "templates").iterdir():
            if template.is_file() and (
                template.name.startswith("_")
                or template.name in ("cronjob-backup.yaml", "cronjob-clickhouse-backup.yaml")
            ):
                shutil.copy(template, chart / "templates" / template.name)
        # 2.8.0 defines a helper the env vars use in a ConfigMap's template: only the helper.
        backup_config = source / "templates" / "configmap-backup-config.yaml"
        if backup_config.exists():
            text = backup_config.read_text(encoding="utf-8")
            start = text.find('{{- define "victoria-metrics-1.effectivelyEnabled"')
            if start >= 0:
                end = text.find("{{/*", start)
                (chart / "templates" / "_vm1.tpl").write_text(text[start:end], encoding="utf-8")
        shutil.copytree(directory / "src" / "stable" / "common", chart / "charts" / "common")
        # The chart requires a base URL to render the settings backup's variables.
        helm_values = merge({"stackstate": {"baseUrl": "https://sts.example"}}, values)
        with helm.Chart.load(str(chart)) as loaded:
            rendered = loaded.render(
                helm.values_from_yaml(yaml.safe_dump(helm_values)),
                name=release,
                namespace="default",
                is_install=True,
            )
    objects = {}
    for text in rendered.values():
        for document in yaml.safe_load_all(text):
            if document and document["kind"] == "CronJob":
                objects[f"CronJob/{document['metadata']['name']}"] = document
    return objects


def our_cronjobs(binary, chart, values_files, release):
    command = [binary, "render", "cronjob", "--chart", chart, "--api-version", "batch/v1beta1"]
    command += ["--release", release]
    for values_file in values_files:
        command += ["-f", str(values_file)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode == 1 and "no backup CronJob" in result.stderr:
        return {}
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {result.stderr}")
    return {
        f"CronJob/{document['metadata']['name']}": document
        for document in yaml.safe_load_all(result.stdout)
        if document
    }


def comparable(cronjob):
    cronjob = json.loads(json.dumps(cronjob))
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    for key in ("initContainers", "nodeSelector", "affinity", "tolerations"):
        pod.pop(key, None)
    for container in pod["containers"]:
        container.pop("resources", None)
        env = [e for e in container.get("env", []) if not left_out(e["name"])]
        for variable in env:
            if "value" in variable and variable["value"] is None:
                variable["value"] = ""
            if variable["name"].startswith("BACKUP_VICTORIA_METRICS_") and variable["name"].endswith(
                "_ENABLED"
            ) and variable.get("value") == "":
                variable["value"] = "false"
        container["env"] = sorted(env, key=lambda e: e["name"])
    return cronjob


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    git = pathlib.Path(sys.argv[1])
    binary = sys.argv[2] if len(sys.argv) == 3 else str(ROOT / "target" / "debug" / "stsbackup")
    failures = 0
    compared = 0
    with tempfile.TemporaryDirectory() as directory:
        directory = pathlib.Path(directory)
        for index, (tag, fixture, release, overlay) in enumerate(CASES):
            chart, version = tag.split("/")
            base = PLAIN if fixture == PLAIN else (FIXTURES / fixture).read_text(encoding="utf-8")
            base_file = directory / f"base-{index}.yaml"
            base_file.write_text(base, encoding="utf-8")
            overlay_file = directory / f"overlay-{index}.yaml"
            overlay_file.write_text(yaml.safe_dump(overlay), encoding="utf-8")
            values = merge(yaml.safe_load(base), json.loads(json.dumps(overlay)))
            theirs = chart_cronjobs(git, tag, values, release)
            ours = our_cronjobs(binary, f"{chart}@{version}", [base_file, overlay_file], release)
            label = f"{tag} {fixture if fixture != PLAIN else 'backup.enabled'} {release} {overlay}"
            differences = []
            for name in sorted(set(theirs) | set(ours)):
                if name not in ours:
                    differences.append(f"  stsbackup does not render {name}")
                elif name not in theirs:
                    differences.append(f"  the chart does not render {name}")
                else:
                    a = yaml.safe_dump(comparable(theirs[name])).splitlines()
                    b = yaml.safe_dump(comparable(ours[name])).splitlines()
                    if a != b:
                        diff = difflib.unified_diff(a, b, "chart", "stsbackup", lineterm="", n=1)
                        differences.append(f"  {name}:\n" + "\n".join(diff))
                    compared += 1
            if differences:
                failures += 1
                print(f"DIFFERS {label}")
                print("\n".join(differences))
            else:
                print(f"agrees  {label}: {len(theirs)} CronJobs")
    print(f"{len(CASES)} cases, {compared} CronJobs compared, {failures} cases differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
