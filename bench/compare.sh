#!/usr/bin/env bash
# Times stsbackup side by side with check-jsonschema (the peer users reach for today, which
# checks far less) on the same inputs, with hyperfine:
#   1. one small values file, cold process (as pre-commit runs it);
#   2. the 146 KB stackstate-k8s values file;
#   3. 10,000 generated values files in one call;
# and prints a table of medians with the ratio to the peer, and stsbackup's peak memory on the
# 10,000 files. Needs hyperfine (Debian: apt-get install hyperfine) and Python 3; installs
# check-jsonschema into bench/.venv (ignored by git).
#
# Usage: bench/compare.sh [--quick]   (--quick: fewer runs, for a smoke test)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=100; slow_runs=5
if [ "${1:-}" = "--quick" ]; then runs=3; slow_runs=1; fi

command -v hyperfine >/dev/null || { echo "bench/compare.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
if [ ! -x bench/.venv/bin/check-jsonschema ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet --disable-pip-version-check check-jsonschema==0.35.0
fi
cargo build --release --quiet -p stsbackup-cli
sts="$PWD/target/release/stsbackup"
peer="$PWD/bench/.venv/bin/check-jsonschema --schemafile $PWD/schema/values.schema.json"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/generate.py "$work"
# Run where the inputs are, as pre-commit runs in the repository that holds them: from this
# repository, `lint` would also search it for helmfiles and Argo CD Applications (release
# discovery walks its thousands of fixtures and snapshots), which measures this repository, not
# the input (BENCHMARKS.md has that figure apart).
cd "$work"

# The 10,000 files go through a shell glob: as one argument they would exceed the kernel's
# limit. Both tools exit 1 when they find problems (some inputs have them): -i keeps the timing.
hyperfine -N -i --warmup 10 --runs "$runs" --export-json "$work/small.json" \
  -n "stsbackup: small file" "$sts lint $work/small.yaml" \
  -n "check-jsonschema: small file" "$peer $work/small.yaml" >/dev/null
hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/large.json" \
  -n "stsbackup: 146 KB file" "$sts lint $work/large.yaml" \
  -n "check-jsonschema: 146 KB file" "$peer $work/large.yaml" >/dev/null
hyperfine -i --warmup 1 --runs "$slow_runs" --export-json "$work/many.json" \
  -n "stsbackup: 10,000 files" "$sts lint --format json $work/many/*.yaml > /dev/null" \
  -n "check-jsonschema: 10,000 files" "$peer $work/many/*.yaml > /dev/null" >/dev/null

peak_kb=$( { /usr/bin/time -f '%M' "$sts" lint --format json "$work"/many/*.yaml > /dev/null || true; } 2>&1 | tail -n 1 )

python3 - "$work" "$peak_kb" <<'PY'
import json, pathlib, sys
work, peak_kb = pathlib.Path(sys.argv[1]), int(sys.argv[2])
def fmt(seconds):
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
print("| input | stsbackup (median) | check-jsonschema (median) | peer / stsbackup |")
print("| --- | --- | --- | --- |")
for case, label in (("small", "one small file, cold"), ("large", "146 KB chart values"), ("many", "10,000 files, one call")):
    results = json.loads((work / f"{case}.json").read_text())["results"]
    ours, peer = results[0]["median"], results[1]["median"]
    print(f"| {label} | {fmt(ours)} | {fmt(peer)} | {peer / ours:.0f}x |")
print(f"\nstsbackup peak memory on 10,000 files: {peak_kb / 1024:.1f} MiB")
PY
