#!/usr/bin/env bash
# The Action's install step: a release binary verified by install.sh into the runner's tool cache
# (a second job on the same runner reuses it), or `version: source` built from the Action's own
# checkout with cargo. Puts ccauth on PATH for the later steps.
set -euo pipefail
action=${GITHUB_ACTION_PATH:?}
version=${CCAUTH_VERSION:-}
if [ "$version" = source ]; then
  root=${RUNNER_TEMP:?}/ccauth-source
  echo "building ccauth from $action with cargo"
  cargo install --locked --quiet --path "$action" --root "$root" --force
  dir=$root/bin
else
  if [ -z "$version" ]; then
    version=$(sed -n 's/^# version: *//p' "$action/dist/SHA256SUMS" | head -n 1)
  fi
  case $(uname -m) in arm64 | aarch64) arch=arm64 ;; *) arch=x64 ;; esac
  cache=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:?}}
  dir=$cache/ccauth/$version/$arch
  sh "$action/install.sh" --version "$version" --dir "$dir" \
    --base-url "${CCAUTH_DOWNLOAD_URL:?}" --manifest "$action/dist/SHA256SUMS"
fi
echo "$dir" >> "${GITHUB_PATH:?}"
"$dir/ccauth" --version
