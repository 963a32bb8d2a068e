#!/usr/bin/env bash
# The Action's first step: mask every line of every secret input, even one given as a plain
# string, before anything else can print it. Inputs arrive only through the environment.
#
# The runner unescapes a workflow command's data (%25 -> %, %0D -> CR, %0A -> LF), so each piece
# is escaped the same way first: unescaped, a token holding "%25" would mask a different string.
# A value is split at every LF and CR, since either ends a line in the log.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=escape.sh
. "$(dirname "$0")/escape.sh"

for name in INPUT_OAUTH_TOKEN INPUT_API_KEY INPUT_AUTH_TOKEN; do
  value=${!name:-}
  [ -n "$value" ] || continue
  value=${value//$'\r'/$'\n'}
  while IFS= read -r line || [ -n "$line" ]; do
    if [ -n "${line//[[:space:]]/}" ]; then
      printf '::add-mask::%s\n' "$(escape_data "$line")"
    fi
  done <<< "$value"
done
