#!/usr/bin/env bash
# Measures `ccauth lint-env` and `ccauth export-env` against /bin/true, in one hyperfine run, on a
# realistic CI environment: about 100 variables (a GitHub Actions runner's set plus the
# credentials), user, project and local settings files.
# Usage: bench/lint-env.sh [path-to-ccauth]   (default: target/release/ccauth, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
bin=${1:-target/release/ccauth}
[ -x "$bin" ] || cargo build --release --locked
bin=$(realpath "$bin")

world=$(mktemp -d)
trap 'rm -rf "$world"' EXIT
mkdir -p "$world/home/.claude" "$world/project/.claude" "$world/managed"
cat > "$world/home/.claude/settings.json" <<'JSON'
{"permissions": {"allow": ["Bash(cargo test:*)", "Read"]}, "env": {"ANTHROPIC_MODEL": "claude-sonnet-4-5", "DISABLE_TELEMETRY": "1"}}
JSON
cat > "$world/project/.claude/settings.json" <<'JSON'
{"permissions": {"allow": ["Edit", "Bash(git diff:*)"], "deny": ["Read(./.env)"]}, "env": {"BASH_DEFAULT_TIMEOUT_MS": "60000"}, "hooks": {}}
JSON
cat > "$world/project/.claude/settings.local.json" <<'JSON'
{"env": {"CLAUDE_CODE_MAX_OUTPUT_TOKENS": "8000"}}
JSON

# A runner-like environment: ~95 GitHub and tool variables plus the credential.
envs=(HOME="$world/home" PATH=/usr/local/bin:/usr/bin:/bin CI=true GITHUB_ACTIONS=true
  CLAUDE_CODE_OAUTH_TOKEN="sk-ant-oat01-$(printf 'x%.0s' {1..90})AAAA")
for v in ACTION ACTION_REF ACTION_REPOSITORY ACTOR ACTOR_ID API_URL BASE_REF ENV EVENT_NAME \
  EVENT_PATH GRAPHQL_URL HEAD_REF JOB OUTPUT PATH REF REF_NAME REF_PROTECTED REF_TYPE REPOSITORY \
  REPOSITORY_ID REPOSITORY_OWNER REPOSITORY_OWNER_ID RETENTION_DAYS RUN_ATTEMPT RUN_ID RUN_NUMBER \
  SERVER_URL SHA STATE STEP_SUMMARY TRIGGERING_ACTOR WORKFLOW WORKFLOW_REF WORKFLOW_SHA WORKSPACE; do
  envs+=("GITHUB_$v=value-of-$v")
done
for v in ARCH DEBUG ENVIRONMENT NAME OS TEMP TOOL_CACHE WORKSPACE; do envs+=("RUNNER_$v=runner-$v"); done
for i in $(seq 1 45); do envs+=("TOOL_VAR_$i=some/path/or/value/$i"); done
echo "environment: ${#envs[@]} variables"

cd "$world/project"
hyperfine --shell=none --warmup 20 --min-runs 200 --export-json "$world/run.json" \
  -n '/bin/true' "env -i ${envs[*]} /bin/true" \
  -n 'ccauth lint-env' "env -i ${envs[*]} $bin lint-env --managed-dir $world/managed --format json" \
  -n 'ccauth lint-env (human)' "env -i ${envs[*]} $bin lint-env --managed-dir $world/managed" \
  -n 'ccauth export-env' "env -i ${envs[*]} NEW=sk-ant-api03-$(printf 'y%.0s' {1..90})AA $bin export-env --from-env NEW --managed-dir $world/managed" \
  -n 'ccauth export-env (github)' "env -i ${envs[*]} NEW=sk-ant-api03-$(printf 'y%.0s' {1..90})AA GITHUB_ENV=$world/github_env $bin export-env --from-env NEW --format github --managed-dir $world/managed"

# Medians, the figure docs/performance.md quotes.
python3 - "$world/run.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median'] * 1000:6.2f} ms  {r['command']}")
PY
