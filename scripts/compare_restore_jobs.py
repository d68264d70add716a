#!/usr/bin/env python3
"""Compares `stsbackup render restore-job --chart NAME@VERSION` with the Jobs the real chart's
restore scripts create, field by field. A check by hand, before a change to the restore Jobs of
stackstate-k8s or suse-observability lands: it needs the chart's code, which CI never fetches.

Usage: scripts/compare_restore_jobs.py HELM_CHARTS_CHECKOUT NAME@VERSION VALUES [--release NAME]

HELM_CHARTS_CHECKOUT is a clone of github.com/StackVista/helm-charts with its release tags
(`NAME/VERSION`). The tag's chart is rendered with Helm's Go SDK (`helm_python`, from
scripts/oracles.txt) from VALUES plus what the chart requires to render at all (a base URL,
a license key, an admin password); only its helpers and the scripts ConfigMap are kept, with
its `file://` subcharts. Each `job-*.yaml` of the ConfigMap is filled in as the restore
script's `sed` fills it (first match on a line) and compared with what stsbackup renders for
the same values (`target/debug/stsbackup`, or STSBACKUP). Left out of the comparison: labels,
pod metadata, node selectors, affinity and tolerations (stsbackup does not render them), the
order of environment variables, and the value of `PLATFORM_VERSION` (the chart's version: the
release pipeline sets it to the tag's, where git holds a pre-release number, sometimes of
another version). Exit status: 0 when every Job agrees, 1 when one does not, 2 for a
usage error.
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import helm_python as helm
import yaml

AT = "20261125t100000"
ROOT = pathlib.Path(__file__).resolve().parent.parent
# What the charts require to render anything (not read by the restore Jobs but the settings
# restore's base URLs).
REQUIRED = {
    "stackstate": {
        "baseUrl": "https://observability.acme.example",
        "license": {"key": "XXXX-XXXX-XXXX"},
        "admin": {"authentication": {"password": "not-a-real-password"}},
        "authentication": {"adminPassword": "not-a-real-password"},
        "receiver": {"apiKey": "not-a-real-api-key"},
    }
}


def jobs(settings_suffix):
    """ConfigMap key -> (name in the manifest, name the script gives it, placeholders, CLI)."""
    return {
        "job-stackgraph-restore-backup.yaml": (
            "stackgraph-restore-backup", f"stackgraph-restore-{AT}",
            {"REPLACE_ME_BACKUP_FILE_REPLACE_ME": "sts-backup-20261124-0300.graph",
             "REPLACE_ME_FORCE_DELETE_REPLACE_ME": "-force"},
            ["stackgraph", "--backup=sts-backup-20261124-0300.graph", "--force"]),
        "job-stackgraph-list-backups.yaml": (
            "stackgraph-list-backups", f"stackgraph-list-backups-{AT}", {},
            ["list-stackgraph-backups"]),
        "job-elasticsearch-restore-snapshot.yaml": (
            "elasticsearch-restore-snapshot", f"elasticsearch-restore-{AT}",
            {"REPLACE_ME_SNAPSHOT_NAME_REPLACE_ME": "sts-backup-20261124-0300-abc",
             "REPLACE_ME_INDICES_TO_RESTORE_REPLACE_ME": "sts_topology*",
             "REPLACE_ME_DELETE_ALL_INDICES_REPLACE_ME": "false"},
            ["elasticsearch", "--snapshot=sts-backup-20261124-0300-abc", "--indices=sts_topology*"]),
        "job-elasticsearch-list-snapshots.yaml": (
            "elasticsearch-list-snapshots", f"elasticsearch-list-snapshots-{AT}", {},
            ["list-elasticsearch-snapshots"]),
        "job-configuration-restore-backup.yaml": (
            "configuration-restore-backup", f"configuration-restore-{AT}",
            {"REPLACE_ME_BACKUP_FILE_REPLACE_ME": f"sts-backup-20261124-0400.{settings_suffix}",
             "REPLACE_ME_FORCE_DELETE_REPLACE_ME": ""},
            ["configuration", f"--backup=sts-backup-20261124-0400.{settings_suffix}"]),
        "job-configuration-list-backups.yaml": (
            "configuration-list-backups", f"configuration-list-backups-{AT}", {},
            ["list-configuration-backups"]),
        "job-victoria-metrics-restore-backup.yaml": (
            "victoria-metrics-restore-backup", f"victoria-metrics-restore-backup-{AT}",
            {"REPLACE_ME_VICTORIA_METRICS_INSTANCE_NAME": "victoria-metrics-1",
             "REPLACE_ME_VICTORIA_METRICS_S3_PREFIX": "victoria-metrics-1-20261124120000"},
            ["victoria-metrics", "--instance=victoria-metrics-1",
             "--backup=victoria-metrics-1-20261124120000"]),
        "job-victoria-metrics-list-backups.yaml": (
            "victoria-metrics-list-backups", f"victoria-metrics-list-backups-{AT}", {},
            ["list-victoria-metrics-backups"]),
    }


def vendor(source, target):
    """Copies a chart with its `file://` dependencies into charts/ (the others need the network
    and are left out)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("charts", "test", "tests", "*.tgz"))
    (target / "charts").mkdir(exist_ok=True)
    for dependency in yaml.safe_load((source / "Chart.yaml").read_text()).get("dependencies") or []:
        repository = dependency.get("repository", "")
        if repository.startswith("file://"):
            path = (source / repository[len("file://"):]).resolve()
            if not (target / "charts" / path.name).exists():
                vendor(path, target / "charts" / path.name)


def merge(base, over):
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


def sed(text, replacements):
    """`sed -e s/a/b/ -e ...`: each expression replaces its first match on every line."""
    lines = []
    for line in text.split("\n"):
        for old, new in replacements:
            line = line.replace(old, new, 1)
        lines.append(line)
    return "\n".join(lines)


def chart_jobs(checkout, chart, version, values, release, table):
    with tempfile.TemporaryDirectory() as directory:
        tree = pathlib.Path(directory) / "tree"
        tree.mkdir()
        for folder in ("stable", "local"):
            archive = subprocess.run(["git", "-C", str(checkout), "archive", f"{chart}/{version}", folder],
                                     capture_output=True)
            if archive.returncode == 0:
                subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        source = next(p for p in (tree / "stable").iterdir()
                      if (p / "Chart.yaml").is_file() and p.name in ("stackstate-k8s", "suse-observability"))
        target = pathlib.Path(directory) / source.name
        vendor(source, target)
        # Only the helpers (and files that define some) and the scripts ConfigMap.
        for template in (target / "templates").rglob("*"):
            if template.is_file() and not (template.name.startswith("_")
                                           or "backup-restore-scripts" in template.name
                                           or 'define "' in template.read_text(errors="ignore")):
                template.unlink()
        with helm.Chart.load(str(target)) as loaded:
            rendered = loaded.render(helm.values_from_yaml(yaml.safe_dump(values)),
                                     name=release, namespace="default", is_install=True)
    objects = {}
    for name, text in rendered.items():
        if "backup-restore-scripts" not in name:
            continue
        for document in yaml.safe_load_all(text):
            if not document or document.get("kind") != "ConfigMap":
                continue
            data = document.get("data", {})
            for key, (template, job, placeholders, _) in table.items():
                if key in data:
                    objects[key] = yaml.safe_load(sed(data[key], [(template, job)] + list(placeholders.items())))
            if "pvc-stackgraph-restore-backup.yaml" in data:
                objects["pvc"] = yaml.safe_load(sed(data["pvc-stackgraph-restore-backup.yaml"],
                                                    [("stackgraph-restore-backup", f"stackgraph-restore-{AT}")]))
    return objects


def comparable(job):
    job = json.loads(json.dumps(job))
    job["metadata"].pop("labels", None)
    job["spec"]["template"].pop("metadata", None)
    spec = job["spec"]["template"]["spec"]
    for key in ("nodeSelector", "affinity", "tolerations"):
        spec.pop(key, None)
    for container in spec.get("containers", []) + spec.get("initContainers", []):
        env = {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}
        if "PLATFORM_VERSION" in env:
            env["PLATFORM_VERSION"] = "(the released version)"
        container["env"] = env
    return job


def differences(chart, ours, path=""):
    if isinstance(chart, dict) and isinstance(ours, dict):
        for key in sorted(set(chart) | set(ours)):
            if key not in ours:
                yield f"{path}.{key}: only the chart's: {chart[key]!r}"
            elif key not in chart:
                yield f"{path}.{key}: only ours: {ours[key]!r}"
            else:
                yield from differences(chart[key], ours[key], f"{path}.{key}")
    elif isinstance(chart, list) and isinstance(ours, list) and len(chart) == len(ours):
        for index, (a, b) in enumerate(zip(chart, ours)):
            yield from differences(a, b, f"{path}[{index}]")
    elif chart != ours and not (chart in (None, "") and ours in (None, "")):
        yield f"{path}: the chart's {chart!r}, ours {ours!r}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkout", type=pathlib.Path)
    parser.add_argument("release_of_chart", metavar="NAME@VERSION")
    parser.add_argument("values", type=pathlib.Path)
    parser.add_argument("--release", help="the Helm release name [default: as `render` picks it]")
    arguments = parser.parse_args()
    try:
        chart, version = arguments.release_of_chart.split("@")
    except ValueError:
        parser.error("NAME@VERSION, for example suse-observability@2.10.3")
    release = arguments.release or ("stackstate" if chart == "stackstate-k8s" else "suse-observability")
    # `.stj` until the settings were kept on a local volume too (stackstate-k8s 1.12, 2.1).
    numbers = tuple(map(int, version.split(".")))
    local_settings = numbers >= (1, 12, 0) if chart == "stackstate-k8s" and numbers < (2,) else numbers >= (2, 1, 0)
    settings_suffix = "sty" if local_settings else "stj"
    table = jobs(settings_suffix)
    values = merge(yaml.safe_load(arguments.values.read_text()) or {}, json.loads(json.dumps(REQUIRED)))
    objects = chart_jobs(arguments.checkout, chart, version, values, release, table)
    binary = os.environ.get("STSBACKUP", str(ROOT / "target" / "debug" / "stsbackup"))
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as extra:
        yaml.safe_dump(REQUIRED, extra)
        extra.flush()
        failed = False
        for key, (_, _, _, command) in table.items():
            if key not in objects:
                print(f"{key}: not in the chart's ConfigMap for these values")
                continue
            run = subprocess.run([binary, "render", "restore-job", *command, "--chart", arguments.release_of_chart,
                                  f"--at={AT[:4]}-{AT[4:6]}-{AT[6:8]}T{AT[9:11]}:{AT[11:13]}:{AT[13:]}Z",
                                  "--release", release, "-f", str(arguments.values), "-f", extra.name],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{key}: stsbackup refuses it: {run.stderr.strip()}")
                failed = True
                continue
            documents = [d for d in yaml.safe_load_all(run.stdout) if d]
            found = list(differences(comparable(objects[key]),
                                     comparable(next(d for d in documents if d["kind"] == "Job"))))
            if key == "job-stackgraph-restore-backup.yaml" and "pvc" in objects:
                claim = next(d for d in documents if d["kind"] == "PersistentVolumeClaim")
                found += list(differences(objects["pvc"], claim, "(claim)"))
            print(f"{key}: {'agrees' if not found else f'{len(found)} differences'}")
            for line in found:
                print(f"    {line}")
            failed |= bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
