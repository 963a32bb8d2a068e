#!/usr/bin/env bash
# The Action's first step: mask every line of every secret input, even one given as a plain
# string, before anything else can print it. Inputs arrive only through the environment.
set -euo pipefail
for name in INPUT_OAUTH_TOKEN INPUT_API_KEY INPUT_AUTH_TOKEN; do
  value=${!name:-}
  [ -n "$value" ] || continue
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [ -n "${line//[[:space:]]/}" ] && printf '::add-mask::%s\n' "$line"
  done <<< "$value"
done
