#!/usr/bin/env bash
# Installs the Debian packages crmpipe builds against, when they are missing.
set -euo pipefail
packages=(libsqlite3-dev libxlsxwriter-dev libcsv-dev libphonenumber-dev libmimalloc-dev zlib1g-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift (6.0 or later) is not on PATH: install the Swift toolchain first" >&2; exit 1; }
