#!/usr/bin/env bash
# Builds the fuzz corpora, corpus/<target>/, from the repository's fixtures (the corpora are not
# committed: they are generated, and `cargo fuzz cmin` keeps them small). Run it before the first
# `cargo fuzz run`; it adds files and never deletes any, so it is safe over an existing corpus.
# The named regression inputs of regressions/<target>/ are copied in too.
set -euo pipefail
cd "$(dirname "$0")"
fixtures=../fixtures

# One corpus file per input, named by its content (as libFuzzer names them).
add() { # add TARGET < input
  local file
  file=$(mktemp)
  cat >"$file"
  mkdir -p "corpus/$1"
  mv "$file" "corpus/$1/$(sha1sum <"$file" | cut -d' ' -f1)"
}

# Every values file of the fixtures (valid, invalid, hostile, merge examples).
find "$fixtures" -name '*.yaml' -type f | sort | while read -r file; do
  add load_and_validate <"$file"
done

# Schedules: the Kubernetes corpus (one expression a line, `#` comments) and every `schedule:`
# of the fixtures, for both cron dialects.
schedules() {
  grep -v '^\s*\(#\|$\)' "$fixtures/cron/kubernetes-corpus.txt" || true
  grep -rhoE "schedule:\s*['\"]?[^'\"#]*" "$fixtures" --include='*.yaml' |
    sed -E "s/^schedule:\s*['\"]?//; s/\s+$//" | grep -v '^$' || true
}
schedules | sort -u | while IFS= read -r expression; do
  printf '%s' "$expression" | add kubernetes_cron
  printf '%s' "$expression" | add elasticsearch_cron
done

# `--set` expressions, once per flag (the first byte picks the flag: 0 typed, 1 string,
# 2 literal).
grep -v '^\s*\(#\|$\)' "$fixtures/merge/set-expressions.txt" | while IFS= read -r expression; do
  for flag in '\x00' '\x01' '\x02'; do
    { printf "$flag"; printf '%s' "$expression"; } | add merge_set
  done
done

for dir in regressions/*/; do
  target=$(basename "$dir")
  for input in "$dir"*; do
    add "$target" <"$input"
  done
done

for dir in corpus/*/; do
  echo "$dir: $(find "$dir" -type f | wc -l) inputs"
done
