#!/usr/bin/env bash
# crmpipe against `sqlite3 .import` and a pandas script, on the same generated files
# (1,000,000 contacts, 200,000 deals, 100,000 calls). Installs what it needs: the Debian
# packages, the sqlite3 shell, and pandas with XlsxWriter in a virtual environment in .bench/.
# Usage: bash scripts/benchmark-compare.sh [--contacts N --deals N --calls N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
command -v sqlite3 >/dev/null || { sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo); "${sudo_cmd[@]}" apt-get install -y -qq sqlite3 >/dev/null; }
if [ ! -x .bench/venv/bin/python ]; then
  python3 -m venv .bench/venv || { apt-get install -y -qq python3-venv >/dev/null && python3 -m venv .bench/venv; }
fi
.bench/venv/bin/pip install -q "pandas>=2" "XlsxWriter>=3"
swift build -c release --product crmpipe
python3 Benchmarks/compare.py --python .bench/venv/bin/python "$@"
