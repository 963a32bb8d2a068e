#!/usr/bin/env bash
# Measures `ccauth lint-workflows` on a repository of 200 workflow files (the corpus's GitHub
# workflows and composite actions, copied round-robin under new names, so real shapes: claude-code-
# action, matrices, reusable workflows, scripts), against /bin/true, in one hyperfine run.
# Goal: under 100 ms. Usage: bench/lint-workflows.sh [path-to-ccauth]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
bin=${1:-target/release/ccauth}
[ -x "$bin" ] || cargo build --release --locked
bin=$(realpath "$bin")

repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
mkdir -p "$repo/.github/workflows"
mapfile -t sources < <(find tests/testdata/workflows -path '*/.github/workflows/*.yml' | sort)
for i in $(seq 1 200); do
  src=${sources[$(( (i - 1) % ${#sources[@]} ))]}
  cp "$src" "$repo/.github/workflows/w$i.yml"
done
echo "$(find "$repo/.github/workflows" -name '*.yml' | wc -l) workflow files, $(cat "$repo"/.github/workflows/*.yml | wc -l) lines"

cd "$repo"
hyperfine --shell=none --warmup 5 --min-runs 50 --ignore-failure --export-json "$repo/run.json" \
  -n '/bin/true' "/bin/true" \
  -n 'ccauth lint-workflows (200 files)' "$bin lint-workflows --format json" \
  -n 'ccauth lint-workflows (200 files, human)' "$bin lint-workflows --color never"

python3 - "$repo/run.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median'] * 1000:7.2f} ms  {r['command']}")
PY
