#!/usr/bin/env bash
# Measures `ccauth verify --probe models` beside curl making the same request (same headers) to
# the same loopback mock API, in one hyperfine run. The mock is a small threaded Python server
# answering /v1/models like the API; both commands pay for it equally.
# Usage: bench/verify.sh [path-to-ccauth]   (default: target/release/ccauth, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done
bin=${1:-target/release/ccauth}
[ -x "$bin" ] || cargo build --release --locked
bin=$(realpath "$bin")

world=$(mktemp -d)
mkdir -p "$world/home" "$world/project" "$world/managed"
cat > "$world/mock.py" <<'PY'
import http.server, socketserver, sys
BODY = b'{"data":[{"type":"model","id":"claude-haiku-4-5"}],"has_more":true}'
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        ok = self.headers.get("x-api-key", "").startswith("sk-ant-api03-")
        self.send_response(200 if ok else 401)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(BODY)))
        self.send_header("request-id", "req_bench")
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *a):
        pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$world/mock.py" > "$world/port" &
mock=$!
trap 'kill "$mock" 2>/dev/null; rm -rf "$world"' EXIT
for _ in $(seq 50); do [ -s "$world/port" ] && break; sleep 0.1; done
read -r port < "$world/port"
url="http://127.0.0.1:$port"
key="sk-ant-api03-$(printf 'k%.0s' {1..90})AAAA"

# The runner-like environment of bench/lint-env.sh: ~95 variables plus the credential.
envs=(HOME="$world/home" PATH=/usr/local/bin:/usr/bin:/bin CI=true GITHUB_ACTIONS=true
  ANTHROPIC_API_KEY="$key" ANTHROPIC_BASE_URL="$url")
for v in ACTION ACTOR API_URL BASE_REF ENV EVENT_NAME EVENT_PATH HEAD_REF JOB OUTPUT REF \
  REF_NAME REPOSITORY RUN_ID RUN_NUMBER SERVER_URL SHA WORKFLOW WORKFLOW_REF WORKSPACE; do
  envs+=("GITHUB_$v=value-of-$v")
done
for i in $(seq 1 60); do envs+=("TOOL_VAR_$i=some/path/or/value/$i"); done
echo "environment: ${#envs[@]} variables; mock at $url"

# Both must succeed before they are timed.
env -i "${envs[@]}" "$bin" verify --managed-dir "$world/managed" --project-dir "$world/project" >/dev/null
curl -fsS -o /dev/null -H "x-api-key: $key" -H "anthropic-version: 2023-06-01" "$url/v1/models?limit=1"

cd "$world/project"
hyperfine --shell=none --warmup 20 --min-runs 200 --export-json "$world/run.json" \
  -n 'curl (same request)' "env -i ${envs[*]} curl -fsS -o /dev/null -H x-api-key:$key -H anthropic-version:2023-06-01 $url/v1/models?limit=1" \
  -n 'ccauth verify --probe models' "env -i ${envs[*]} $bin verify --probe models --managed-dir $world/managed" \
  -n 'ccauth verify --probe models --format json' "env -i ${envs[*]} $bin verify --probe models --format json --managed-dir $world/managed"

python3 - "$world/run.json" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
base = rs[0]["median"]
for r in rs:
    print(f"median {r['median'] * 1000:6.2f} ms  ({r['median'] / base:4.2f}x curl)  {r['command'][:60]}")
PY
