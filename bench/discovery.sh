#!/usr/bin/env bash
# The cost of release discovery (helmfiles, Argo CD Applications) in a large repository: a git
# repository of 5,000 Kubernetes manifests (200 apps x 25 files of ~1.9 KB) and one values file,
# linted cold with and without discovery. Usage: bench/discovery.sh [BINARY] [DIR]
set -euo pipefail
binary=$(realpath "${1:-target/release/stsbackup}")
repo=${2:-$(mktemp -d)}
values=$(realpath fixtures/valid/s3-gateway-complete.yaml)
if [ ! -d "$repo/.git" ]; then
  mkdir -p "$repo"
  git -C "$repo" init -q
  cp "$values" "$repo/values.yaml"
  pad=$(printf '# pad\n%.0s' $(seq 1 300))
  for app in $(seq 0 199); do
    mkdir -p "$repo/apps/app$app/k8s"
    for n in $(seq 0 24); do
      printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n%s\n' "$pad" \
        > "$repo/apps/app$app/k8s/deploy$((n * 200 + app)).yaml"
    done
  done
fi
cd "$repo"
hyperfine -N --warmup 5 --runs "${RUNS:-50}" \
  "$binary lint --no-config values.yaml" \
  "$binary lint values.yaml"
