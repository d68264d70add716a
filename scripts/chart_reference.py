#!/usr/bin/env python3
"""Renders the real classic chart's backup objects with Helm's Go SDK, as the oracle of
stsbackup's render reference test (crates/stsbackup-cli/tests/render_references.rs).

Usage: scripts/chart_reference.py HELM_CHARTS_DIR VALUES_FILE RELEASE [TIMESTAMP]
       scripts/chart_reference.py --later CHECKOUT CHART VERSION VALUES_FILE RELEASE

--later renders a later chart (CHART `stackstate-k8s` or `suse-observability`) whole, from
CHECKOUT, a checkout of the chart's tag: every dependency kept in the checkout (`file://`,
`stable/*` or `local/*`) is vendored into `charts/`; those only on a remote Helm repository
(Bitnami's Kafka, ZooKeeper and ClickHouse of stackstate-k8s, the anomaly detection and RBAC
agent charts) are left out, which changes no backup object. The values a new install needs
(a base URL, a license key, an admin password: see `INSTALL_VALUES`) are set under the file's
values. Prints {"helm": version, "objects": {...}} with every CronJob and Job and the restore
scripts ConfigMap.

HELM_CHARTS_DIR is a checkout of github.com/StackVista/helm-charts at the chart's tag
(`scripts/test` makes one of tag 5.1.4). Only the backup templates are rendered: the chart is
copied to a temporary directory with its helpers, `cronjob-backup.yaml` and
`configmap-backup-restore-scripts.yaml`, its `common` library chart, and the HBase subchart's
default datanode size (what `tempData.size` refers to), without the other subcharts, which
would need the network. The Jobs the restore scripts make are taken from the scripts ConfigMap
and filled in as the scripts' `sed` commands fill them (first occurrence on a line).

Prints JSON: {"helm": version, "objects": {"<kind>/<name>": object, ...}}.
"""

import json
import re
import pathlib
import shutil
import sys
import tempfile

import helm_python as helm
import yaml

BACKUP_TEMPLATES = ("cronjob-backup.yaml", "configmap-backup-restore-scripts.yaml")

# The Jobs of the scripts ConfigMap: data key, the name the script gives it, and the other
# placeholders the script's sed replaces.
SCRIPT_JOBS = {
    "job-stackgraph-restore-backup.yaml": (
        "stackgraph-restore-backup",
        "stackgraph-restore-{ts}",
        {
            "REPLACE_ME_BACKUP_FILE_REPLACE_ME": "sts-backup-20210216-0300.graph",
            "REPLACE_ME_FORCE_DELETE_REPLACE_ME": "",
        },
    ),
    "pvc-stackgraph-restore-backup.yaml": (
        "stackgraph-restore-backup",
        "stackgraph-restore-{ts}",
        {},
    ),
    "job-stackgraph-list-backups.yaml": (
        "stackgraph-list-backups",
        "stackgraph-list-backups-{ts}",
        {},
    ),
    "job-elasticsearch-restore-snapshot.yaml": (
        "elasticsearch-restore-snapshot",
        "elasticsearch-restore-{ts}",
        {
            "REPLACE_ME_SNAPSHOT_NAME_REPLACE_ME": "sts-backup-20210216-0300-x",
            "REPLACE_ME_INDICES_TO_RESTORE_REPLACE_ME": "sts*",
        },
    ),
    "job-elasticsearch-list-snapshots.yaml": (
        "elasticsearch-list-snapshots",
        "elasticsearch-list-snapshots-{ts}",
        {},
    ),
}


def sed(text, replacements):
    """`sed -e s/a/b/ -e ...`: each expression replaces its first match on every line."""
    lines = []
    for line in text.split("\n"):
        for old, new in replacements:
            line = line.replace(old, new, 1)
        lines.append(line)
    return "\n".join(lines)


def build_chart(checkout, directory):
    source = checkout / "stable" / "stackstate"
    chart = directory / "stackstate"
    (chart / "templates").mkdir(parents=True)
    metadata = yaml.safe_load((source / "Chart.yaml").read_text(encoding="utf-8"))
    metadata["dependencies"] = [d for d in metadata.get("dependencies", []) if d["name"] == "common"]
    (chart / "Chart.yaml").write_text(yaml.safe_dump(metadata), encoding="utf-8")
    values = yaml.safe_load((source / "values.yaml").read_text(encoding="utf-8"))
    hbase = yaml.safe_load((checkout / "stable" / "hbase" / "values.yaml").read_text(encoding="utf-8"))
    size = hbase["hdfs"]["datanode"]["persistence"]["size"]
    values.setdefault("hbase", {}).setdefault("hdfs", {}).setdefault("datanode", {}).setdefault(
        "persistence", {}
    ).setdefault("size", size)
    (chart / "values.yaml").write_text(yaml.safe_dump(values), encoding="utf-8")
    for template in (source / "templates").iterdir():
        if template.name.startswith("_helper") or template.name in BACKUP_TEMPLATES:
            shutil.copy(template, chart / "templates" / template.name)
    for folder in ("scripts", "restore"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, chart / folder)
    shutil.copytree(checkout / "stable" / "common", chart / "charts" / "common")
    return chart


# What a new install of each later chart refuses to render without, none of it about backups.
# The legacy `stackstate.*` settings, not `global.suseObservability`, whose "global mode" also
# changes the image registry.
INSTALL_VALUES = {
    "stackstate": {
        "baseUrl": "https://observability.example.com",
        "license": {"key": "LICENSE-KEY-FOR-REFERENCE-RENDERS"},
        "admin": {"authentication": {"password": "$2a$10$referencerenderreferencere"}},
        "authentication": {"adminPassword": "$2a$10$referencerenderreferencere"},
        "k8sAuthorization": {"enabled": False},
    },
    "anomaly-detection": {"enabled": False},
}


HELM_SEPARATOR = re.compile(r"(?:^|\s*\n)---\s*")


def merged(base, over):
    """`over` merged onto `base` as Helm merges values files (mappings key by key)."""
    result = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def vendor(source, destination, version=None):
    """Copies a chart and, into its `charts/`, every `file://` dependency that exists here."""
    shutil.copytree(source, destination)
    metadata = yaml.safe_load((destination / "Chart.yaml").read_text(encoding="utf-8"))
    kept = []
    for dependency in metadata.get("dependencies") or []:
        repository = dependency.get("repository", "")
        if repository.startswith("file://"):
            path = (source / repository[len("file://"):]).resolve()
            if path.is_dir():
                (destination / "charts").mkdir(exist_ok=True)
                # An alias is a copy of the chart under that name, as Helm makes it when it
                # builds dependencies (Helm's SDK renders a loaded directory as it is).
                name = dependency.pop("alias", None) or dependency["name"]
                if not (destination / "charts" / name).exists():
                    vendor(path, destination / "charts" / name)
                    if name != dependency["name"]:
                        aliased = destination / "charts" / name / "Chart.yaml"
                        chart = yaml.safe_load(aliased.read_text(encoding="utf-8"))
                        chart["name"] = name
                        aliased.write_text(yaml.safe_dump(chart), encoding="utf-8")
                dependency["name"] = name
                dependency.pop("version", None)
                kept.append(dependency)
                continue
        print(f"left out dependency {dependency['name']} ({repository})", file=sys.stderr)
    metadata["dependencies"] = kept
    if version is not None:
        metadata["version"] = version
    (destination / "Chart.yaml").write_text(yaml.safe_dump(metadata), encoding="utf-8")
    (destination / "Chart.lock").unlink(missing_ok=True)


def later(checkout, chart_name, version, values_file, release):
    user = yaml.safe_load(pathlib.Path(values_file).read_text(encoding="utf-8")) or {}
    values = helm.values_from_yaml(yaml.safe_dump(merged(INSTALL_VALUES, user)))
    with tempfile.TemporaryDirectory() as directory:
        chart_dir = pathlib.Path(directory) / chart_name
        vendor(checkout / "stable" / chart_name, chart_dir, version)
        with helm.Chart.load(str(chart_dir)) as chart:
            rendered = chart.render(values, name=release, namespace="default", is_install=True)
    objects = {}
    for name, text in sorted(rendered.items()):
        if not name.endswith((".yaml", ".yml")):
            continue
        # Split as Helm splits a manifest (`releaseutil.SplitManifests`): a `---` glued to
        # the next line (`---apiVersion:`, in ClickHouse's CronJobs before 2.10.3) separates too.
        for document in map(yaml.safe_load, HELM_SEPARATOR.split(text)):
            if not document:
                continue
            metadata = document["metadata"]
            # Under Argo CD compatibility the Jobs have a `generateName` instead.
            kind, object_name = document["kind"], metadata.get("name", metadata.get("generateName"))
            if kind in ("CronJob", "Job") or object_name.endswith("-backup-restore-scripts"):
                objects[f"{kind}/{object_name}"] = document
    json.dump({"helm": helm.helm_sdk_version(), "objects": objects}, sys.stdout, sort_keys=True)
    return 0


def main():
    if len(sys.argv) == 7 and sys.argv[1] == "--later":
        return later(pathlib.Path(sys.argv[2]), *sys.argv[3:7])
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    checkout, values_file, release = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    timestamp = sys.argv[4] if len(sys.argv) == 5 else "20261125t100000"
    values = helm.values_from_yaml(pathlib.Path(values_file).read_text(encoding="utf-8"))
    objects = {}
    with tempfile.TemporaryDirectory() as directory:
        chart_dir = build_chart(checkout, pathlib.Path(directory))
        with helm.Chart.load(str(chart_dir)) as chart:
            rendered = chart.render(values, name=release, namespace="default", is_install=True)
    for name, text in sorted(rendered.items()):
        for document in yaml.safe_load_all(text):
            if not document:
                continue
            objects[f"{document['kind']}/{document['metadata']['name']}"] = document
            if document["kind"] != "ConfigMap":
                continue
            for key, (template, job_name, placeholders) in SCRIPT_JOBS.items():
                if key not in document.get("data", {}):
                    continue
                replacements = [(template, job_name.format(ts=timestamp))]
                replacements += list(placeholders.items())
                job = yaml.safe_load(sed(document["data"][key], replacements))
                objects[f"{job['kind']}/{job['metadata']['name']}"] = job
    json.dump({"helm": helm.helm_sdk_version(), "objects": objects}, sys.stdout, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
