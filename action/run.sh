#!/usr/bin/env bash
# The Action's main step: run the chosen ccauth command with the inputs (all from the
# environment, never interpolated into the script), set the step outputs from ccauth's own
# report (--outputs), and exit with ccauth's exit code. Nothing is uploaded anywhere.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=escape.sh
. "$(dirname "$0")/escape.sh"

fail() {
  printf '::error title=ccauth action::%s\n' "$(escape_data "$*")"
  exit 2
}

command=${INPUT_COMMAND:-lint-env}
case $command in
  lint-env | verify | export-env | lint-workflows) ;;
  *) fail "command must be lint-env, verify, export-env or lint-workflows, not '$command'" ;;
esac
cd -- "${INPUT_WORKING_DIRECTORY:-.}" || fail "working-directory '${INPUT_WORKING_DIRECTORY:-}' does not exist"

# The report goes to the log, or to output-file (for an upload step of the caller's choosing):
# ccauth writes it itself (--output-file), atomically, and refuses a symbolic link or a special
# file there, since the file's path is inside a checkout a pull request wrote.
output_args() {
  if [ -n "${INPUT_OUTPUT_FILE:-}" ]; then
    args+=(--output-file "$INPUT_OUTPUT_FILE")
  fi
}

# Which ccauth.toml: the default (the project's own), a path (e.g. one from the base branch), or
# none. A pull request can write the project's ccauth.toml; see docs/security.md.
config_args() {
  case ${INPUT_CONFIG:-} in
    '') ;;
    none) args+=(--no-config) ;;
    *) args+=(--config "$INPUT_CONFIG") ;;
  esac
}

ignore_args() {
  IFS=$', \t\n' read -r -a rules <<< "${INPUT_IGNORE:-}" || true
  # (bash 3.2, macOS's /bin/bash, calls an empty array unbound under set -u)
  for rule in ${rules[@]+"${rules[@]}"}; do
    args+=(--ignore "$rule")
  done
}

deny_args() {
  case ${INPUT_DENY_WARNINGS:-false} in
    true) args+=(--deny warnings) ;;
    false | '') ;;
    *) fail "deny-warnings must be true or false, not '$INPUT_DENY_WARNINGS'" ;;
  esac
}

if [ "$command" = lint-workflows ]; then
  args=(--format "${INPUT_FORMAT:-github}" --outputs "${GITHUB_OUTPUT:?}")
  ignore_args
  deny_args
  output_args
  config_args
  # Every line and every space separates paths; `--` keeps a path from being read as an option.
  paths=()
  IFS=$' \t\n' read -r -d '' -a paths <<< "${INPUT_PATHS:-}" || true
  status=0
  ccauth lint-workflows "${args[@]}" -- ${paths[@]+"${paths[@]}"} || status=$?
  exit "$status"
fi

# The intended credential: at most one of the three inputs.
given=()
[ -n "${INPUT_OAUTH_TOKEN:-}" ] && given+=(oauth-token)
[ -n "${INPUT_API_KEY:-}" ] && given+=(api-key)
[ -n "${INPUT_AUTH_TOKEN:-}" ] && given+=(auth-token)
[ ${#given[@]} -le 1 ] || fail "give at most one of oauth-token, api-key, auth-token (got ${given[*]-})"
kind=${given[0]:-}
case $kind in
  oauth-token) variable=CLAUDE_CODE_OAUTH_TOKEN; value=$INPUT_OAUTH_TOKEN ;;
  api-key) variable=ANTHROPIC_API_KEY; value=$INPUT_API_KEY ;;
  auth-token) variable=ANTHROPIC_AUTH_TOKEN; value=$INPUT_AUTH_TOKEN ;;
  *) variable= ; value= ;;
esac
unset INPUT_OAUTH_TOKEN INPUT_API_KEY INPUT_AUTH_TOKEN

args=()
[ -n "${INPUT_CLAUDE_ARGS:-}" ] && args+=(--claude-command "$INPUT_CLAUDE_ARGS")
args+=(--outputs "${GITHUB_OUTPUT:?}")

if [ "$command" = export-env ]; then
  [ -n "$kind" ] || fail "export-env: oauth-token, api-key and auth-token are all empty. A secret that is not set (a pull request from a fork, a Dependabot run, a typo in the secret's name) arrives as an empty string, so this is usually a missing secret: check that the secret exists and is available to this event"
  export CCAUTH_CREDENTIAL="$value"
  exec ccauth export-env --from-env CCAUTH_CREDENTIAL --kind "$kind" --format github "${args[@]}"
fi

# lint-env and verify check the credential given (when one is) as the variable Claude Code
# reads, and expect it to win unless `expect` says otherwise.
if [ -n "$kind" ]; then
  export "$variable=$value"
fi
# A composite action cannot tell an empty input from a missing one: with no credential input
# set and no `expect`, the intent is unknown, and an empty secret would let whatever else is in
# the environment pass. Say so instead of passing.
if [ -z "$kind" ] && [ -z "${INPUT_EXPECT:-}" ]; then
  fail "no credential input (oauth-token, api-key, auth-token) is set, and expect is not given. A secret that is not set (a pull request from a fork, Dependabot) arrives as an empty string and looks the same: set expect: to the source you intend (e.g. expect: CLAUDE_CODE_OAUTH_TOKEN), so ccauth can tell you when it is missing"
fi
expect=${INPUT_EXPECT:-$variable}
args+=(--expect "$expect")
ignore_args
output_args
config_args
args+=(--format "${INPUT_FORMAT:-github}")

deny_args
if [ "$command" = verify ]; then
  [ -n "${INPUT_WARN_DAYS:-}" ] && args+=(--warn-days "$INPUT_WARN_DAYS")
  exec ccauth verify "${args[@]}"
fi
status=0
ccauth lint-env "${args[@]}" || status=$?
exit "$status"
