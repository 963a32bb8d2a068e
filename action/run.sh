#!/usr/bin/env bash
# The Action's main step: run the chosen ccauth command with the inputs (all from the
# environment, never interpolated into the script), set the step outputs from ccauth's own
# report (--outputs), and exit with ccauth's exit code. Nothing is uploaded anywhere.
set -euo pipefail

fail() {
  echo "::error title=ccauth action::$*"
  exit 2
}

command=${INPUT_COMMAND:-lint-env}
case $command in
  lint-env | verify | export-env | lint-workflows) ;;
  *) fail "command must be lint-env, verify, export-env or lint-workflows, not '$command'" ;;
esac
cd -- "${INPUT_WORKING_DIRECTORY:-.}" || fail "working-directory '${INPUT_WORKING_DIRECTORY:-}' does not exist"

# The report goes to the log, or to output-file (for an upload step of the caller's choosing).
report() {
  if [ -n "${INPUT_OUTPUT_FILE:-}" ]; then
    "$@" > "$INPUT_OUTPUT_FILE"
  else
    "$@"
  fi
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
  read -r -a paths <<< "${INPUT_PATHS:-}" || true
  status=0
  report ccauth lint-workflows "${args[@]}" ${paths[@]+"${paths[@]}"} || status=$?
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
  [ -n "$kind" ] || fail "export-env needs oauth-token, api-key or auth-token"
  export CCAUTH_CREDENTIAL="$value"
  exec ccauth export-env --from-env CCAUTH_CREDENTIAL --kind "$kind" --format github "${args[@]}"
fi

# lint-env and verify check the credential given (when one is) as the variable Claude Code
# reads, and expect it to win unless `expect` says otherwise.
if [ -n "$kind" ]; then
  export "$variable=$value"
fi
expect=${INPUT_EXPECT:-$variable}
[ -n "$expect" ] && args+=(--expect "$expect")
ignore_args
args+=(--format "${INPUT_FORMAT:-github}")

if [ "$command" = verify ]; then
  [ -n "${INPUT_WARN_DAYS:-}" ] && args+=(--warn-days "$INPUT_WARN_DAYS")
  exec ccauth verify "${args[@]}"
fi
deny_args
status=0
report ccauth lint-env "${args[@]}" || status=$?
exit "$status"
