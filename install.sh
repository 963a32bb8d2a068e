#!/bin/sh
# Installs a ccauth release binary, verified against the SHA-256 manifest committed in the
# repository (dist/SHA256SUMS). Fails closed: an unknown platform, a missing checksum tool, a
# missing manifest entry or a mismatch installs nothing.
#
#   sh install.sh [--version X.Y.Z] [--dir DIR] [--base-url URL] [--manifest FILE]
#
# --version   the release (default: the version the manifest names)
# --dir       where to put the binary (default: $HOME/.local/bin); an existing binary with the
#             right checksum is kept, so a tool cache is reused
# --base-url  where releases are downloaded from (default: GitHub releases of ccauth/ccauth);
#             https, or http to this machine only (tests serve artifacts on loopback)
# --manifest  the checksum manifest (default: dist/SHA256SUMS next to this script)
# --timeout   the whole download's deadline in seconds (default: 300)
set -eu

die() {
  echo "install.sh: error: $*" >&2
  exit 1
}

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
version=
dir=${HOME:-.}/.local/bin
base_url=https://github.com/ccauth/ccauth/releases/download
manifest=$here/dist/SHA256SUMS
deadline=300

while [ $# -gt 0 ]; do
  case $1 in
    --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift 2 ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a value"; dir=$2; shift 2 ;;
    --base-url) [ $# -ge 2 ] || die "--base-url needs a value"; base_url=${2%/}; shift 2 ;;
    --manifest) [ $# -ge 2 ] || die "--manifest needs a value"; manifest=$2; shift 2 ;;
    --timeout) [ $# -ge 2 ] || die "--timeout needs a value"; deadline=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

[ -r "$manifest" ] || die "the checksum manifest $manifest is missing"
if [ -z "$version" ]; then
  version=$(sed -n 's/^# version: *//p' "$manifest" | head -n 1)
  [ -n "$version" ] || die "$manifest names no version; pass --version"
fi
case $version in
  v*) version=${version#v} ;;
esac
case $version in
  '' | *[!0-9A-Za-z.+-]*) die "not a version: $version" ;;
esac

# The host is parsed, not matched as a prefix: in http://127.0.0.1:1@evil.example/ the host is
# evil.example. A user or password in the URL is refused outright (nothing here needs one).
scheme=${base_url%%://*}
[ "$scheme" != "$base_url" ] || die "--base-url is not a URL: $base_url"
rest=${base_url#*://}
authority=${rest%%[/?#]*}
case $authority in
  *@*) die "--base-url must not carry a user or password: $base_url" ;;
  '') die "--base-url has no host: $base_url" ;;
esac
case $authority in
  \[*) host=${authority%%]*}]; port_part=${authority#"$host"} ;;
  *) host=${authority%%:*}; port_part=${authority#"$host"} ;;
esac
case $port_part in
  '' | :*[!0-9]* | :) [ -z "$port_part" ] || die "--base-url has a bad port: $base_url" ;;
esac
loopback=false
case $host in
  127.0.0.1 | localhost | '[::1]') loopback=true ;;
esac
case $scheme in
  https) ;;
  http) [ "$loopback" = true ] || die "--base-url must be https (or http to this machine): $base_url" ;;
  *) die "--base-url must be https (or http to this machine): $base_url" ;;
esac
# Redirects stay on https; plain http only to a real loopback host given as the base URL.
if [ "$loopback" = true ] && [ "$scheme" = http ]; then
  curl_proto="=http,https"
else
  curl_proto="=https"
fi
# The largest artifact accepted (a release binary is about 5 MiB), for curl and wget alike.
max_bytes=104857600
case $deadline in
  '' | *[!0-9]* | 0) die "--timeout must be a whole number of seconds: $deadline" ;;
esac

# The release target of this machine.
os=$(uname -s)
arch=$(uname -m)
ext=
case $os in
  Linux) os_part=unknown-linux-musl ;;
  Darwin) os_part=apple-darwin ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT) os_part=pc-windows-msvc; ext=.exe ;;
  *) die "no ccauth release for $os; build from source: cargo install --locked --path ." ;;
esac
case $arch in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) die "no ccauth release for $arch; build from source: cargo install --locked --path ." ;;
esac
if [ "$os_part" = pc-windows-msvc ] && [ "$arch" != x86_64 ]; then
  die "no ccauth release for Windows on $arch; build from source"
fi
target=$arch-$os_part
asset=ccauth-$version-$target$ext

expected=$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1; exit }' "$manifest")
[ -n "$expected" ] || die "$manifest has no checksum for $asset (no such release yet?); refusing to install. Until there is one, build from source: cargo install --locked --git https://github.com/ccauth/ccauth (in the GitHub Action: version: source)"
case $expected in
  *[!0-9a-f]*) die "the checksum of $asset in $manifest is not lower-case hex" ;;
esac
[ ${#expected} -eq 64 ] || die "the checksum of $asset in $manifest is not a SHA-256"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{ print $1 }'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{ print $1 }'
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 -r "$1" | awk '{ print $1 }'
  else
    die "no SHA-256 tool (sha256sum, shasum or openssl); refusing to install unverified"
  fi
}

bin=$dir/ccauth$ext
# A directory (or a link to one) at the binary's path would receive the binary inside it.
if [ -d "$bin" ]; then
  die "$bin is a directory; refusing to install into it"
fi
if [ -f "$bin" ] && [ "$(sha256 "$bin")" = "$expected" ]; then
  echo "ccauth $version ($target) is already installed in $dir"
  exit 0
fi

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t ccauth)
trap 'rm -rf "$tmp"' EXIT INT TERM
url=$base_url/v$version/$asset
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --proto "$curl_proto" --proto-redir "=https" --retry 2 --connect-timeout 20 \
    --max-time "$deadline" --max-filesize "$max_bytes" -o "$tmp/$asset" "$url" \
    || die "downloading $url failed"
elif command -v wget >/dev/null 2>&1; then
  # wget has no overall deadline and no size limit of its own: timeout(1) and the shell's file
  # size limit (in 512-byte blocks) give both. Without timeout(1), nothing is downloaded.
  command -v timeout >/dev/null 2>&1 \
    || die "wget needs timeout(1) for a deadline; install curl or coreutils"
  (ulimit -f $((max_bytes / 512)) && timeout "$deadline" wget -q -T 60 -t 3 -O "$tmp/$asset" "$url") \
    || die "downloading $url failed (or it took longer than ${deadline}s or exceeded $max_bytes bytes)"
else
  die "neither curl nor wget is installed"
fi

actual=$(sha256 "$tmp/$asset")
[ "$actual" = "$expected" ] \
  || die "checksum mismatch for $asset: expected $expected, got $actual; refusing to install"

mkdir -p "$dir"
chmod 755 "$tmp/$asset"
mv -f "$tmp/$asset" "$bin.tmp.$$"
mv -f "$bin.tmp.$$" "$bin"
echo "installed ccauth $version ($target) to $bin"
