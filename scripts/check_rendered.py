#!/usr/bin/env python3
"""Checks a directory of files rendered by `stsbackup render` against real references.

- Kubernetes objects (`*.yaml`): every document is validated with `kubernetes-validate`
  against the OpenAPI schema of Kubernetes 1.25 (the first release without
  `batch/v1beta1` CronJobs) and of the latest release the package knows, in strict mode
  (an unknown field is an error).
- IAM policies (`*.json` with a `Statement`): analysed with `parliament`; any finding fails.
- Other JSON (the SLM policy body): must parse and have the keys Elasticsearch requires.

Usage: scripts/check_rendered.py DIR [--kubernetes-version 1.30 ...]
Needs the PyPI packages `kubernetes-validate`, `parliament` and `PyYAML`.
Exit status: 0 when every file passes, 1 when one does not, 2 for a usage error.
"""

import argparse
import json
import pathlib
import sys

import kubernetes_validate
import parliament
import yaml

OLDEST_KUBERNETES = "1.25"
SLM_KEYS = {"schedule", "name", "repository", "config", "retention"}


def kubernetes_versions(requested):
    """The versions to validate against: the requested ones, or 1.25 and the latest."""
    if requested:
        return requested
    return sorted({OLDEST_KUBERNETES, kubernetes_validate.latest_version()})


def check_kubernetes(path, versions):
    problems = []
    with path.open(encoding="utf-8") as handle:
        documents = [d for d in yaml.safe_load_all(handle) if d is not None]
    if not documents:
        problems.append("no YAML document")
    for index, document in enumerate(documents):
        kind = document.get("kind", "?") if isinstance(document, dict) else "?"
        for version in versions:
            try:
                kubernetes_validate.validate(document, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                where = ".".join(str(p) for p in error.path)
                problems.append(f"document {index + 1} ({kind}), Kubernetes {version}: {where}: {error.message}")
            except kubernetes_validate.SchemaNotFoundError:
                api = document.get("apiVersion", "?") if isinstance(document, dict) else "?"
                problems.append(
                    f"document {index + 1} ({kind}), Kubernetes {version}: no {api} {kind} in this version"
                    " (check older clusters with --kubernetes-version)"
                )
    return problems


def check_iam_policy(path, text):
    policy = parliament.analyze_policy_string(text, filepath=str(path))
    return [f"parliament {finding.issue}: {finding.detail} {finding.location}" for finding in policy.findings]


def check_json(path):
    text = path.read_text(encoding="utf-8")
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        return [f"not JSON: {error}"]
    if isinstance(body, dict) and "Statement" in body:
        return check_iam_policy(path, text)
    missing = SLM_KEYS - set(body) if isinstance(body, dict) else SLM_KEYS
    return [f"SLM policy without {', '.join(sorted(missing))}"] if missing else []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=pathlib.Path)
    parser.add_argument("--kubernetes-version", action="append", default=[], metavar="VERSION")
    args = parser.parse_args()
    if not args.directory.is_dir():
        parser.error(f"{args.directory} is not a directory")
    versions = kubernetes_versions(args.kubernetes_version)
    known = {kubernetes_validate.utils.major_minor(v) for v in kubernetes_validate.utils.all_versions()}
    for version in versions:
        if kubernetes_validate.utils.major_minor(version) not in known:
            ordered = sorted(known, key=lambda v: tuple(int(part) for part in v.split(".")))
            parser.error(
                f"kubernetes-validate has no schema for Kubernetes {version} (it has {ordered[0]} to {ordered[-1]})"
            )
    failed = False
    files = sorted(p for p in args.directory.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        parser.error(f"{args.directory} has no files")
    for path in files:
        if path.suffix in (".yaml", ".yml"):
            problems = check_kubernetes(path, versions)
        elif path.suffix == ".json":
            problems = check_json(path)
        else:
            problems = [f"not a rendered artifact ({path.suffix or 'no extension'})"]
        status = "ok" if not problems else "FAILED"
        print(f"{path.name}: {status}")
        for problem in problems:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
