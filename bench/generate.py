#!/usr/bin/env python3
"""Writes the inputs of bench/compare.sh into a directory:

- small.yaml: a typical values file (the complete S3 recipe of fixtures/valid);
- large.yaml: the 146 KB stackstate-k8s values file from ../shared/reference when it is there,
  otherwise a generated file of the same size and shape;
- many/values-NNNNN.yaml: 10,000 generated values files, varied as a GitOps repository's
  would be (storage mode, buckets, schedules, retention; one in ten has a mistake).

Usage: bench/generate.py OUT_DIR
"""

import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED_LARGE = ROOT.parent / "shared/reference/stackstate-chart/stackstate-k8s-values-2024-09-12-3474134.yaml"

STORAGE = {
    "s3": "  s3gateway:\n    enabled: true\n",
    "pvc": "  persistence:\n    enabled: true\n    size: 500Gi\n",
}
SCHEDULES = ["0 3 * * *", "30 2 * * *", "0 */6 * * *", "15 1 * * MON-FRI"]
ES_SCHEDULES = ["0 0 3 * * ?", "0 30 2 * * ?", "0 0 */6 * * ?"]
MISTAKES = [
    "  stackgraph:\n    bucketName: typo\n",
    "  elasticsearch:\n    scheduled:\n      snapshotRetentionExpireAfter: 4w\n",
    "  stackGraph:\n    scheduled:\n      backupRetentionTimeDelta: 30 days\n",
]


def values_file(rng, index):
    mode = rng.choice(list(STORAGE))
    team = f"team{index:05d}"
    text = (
        f"# values of {team}\n"
        "backup:\n"
        "  enabled: true\n"
        "  stackGraph:\n"
        f"    bucketName: {team}-stackgraph\n"
        "    scheduled:\n"
        f"      schedule: \"{rng.choice(SCHEDULES)}\"\n"
        f"      backupRetentionTimeDelta: \"days = {rng.randint(7, 60)}\"\n"
        "  elasticsearch:\n"
        f"    bucketName: {team}-elasticsearch\n"
        "    scheduled:\n"
        f"      schedule: \"{rng.choice(ES_SCHEDULES)}\"\n"
        f"      snapshotRetentionExpireAfter: {rng.randint(7, 60)}d\n"
        "  configuration:\n"
        f"    bucketName: {team}-configuration\n"
    )
    if rng.random() < 0.1:
        text += rng.choice(MISTAKES)
    text += "minio:\n  accessKey: \"opsbackup01\"\n  secretKey: \"Q3m9XcV7tLp2Rw8Zk4Nd\"\n" + STORAGE[mode]
    return text


def large_file():
    if SHARED_LARGE.exists():
        return SHARED_LARGE.read_text()
    parts = [(ROOT / "fixtures/valid/s3-gateway-complete.yaml").read_text()]
    index = 0
    while sum(map(len, parts)) < 146 * 1024:
        parts.append(
            f"component{index}:\n  # component{index}.enabled -- Enables the component.\n  enabled: true\n"
            f"  image:\n    repository: quay.io/stackstate/component-{index}\n    tag: 5.1.{index}\n"
            "  resources:\n    requests: {cpu: 500m, memory: 1Gi}\n    limits: {cpu: \"1\", memory: 2Gi}\n"
        )
        index += 1
    return "".join(parts)


def main():
    out = pathlib.Path(sys.argv[1])
    many = out / "many"
    many.mkdir(parents=True, exist_ok=True)
    (out / "small.yaml").write_text((ROOT / "fixtures/valid/s3-gateway-complete.yaml").read_text())
    (out / "large.yaml").write_text(large_file())
    rng = random.Random(20261125)
    for index in range(10_000):
        (many / f"values-{index:05d}.yaml").write_text(values_file(rng, index))


if __name__ == "__main__":
    main()
