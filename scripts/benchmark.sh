#!/usr/bin/env bash
# The import benchmark: generates N contacts (default 1,000,000) with known duplicates, times
# `sqlite3 .import` and `crmpipe import contacts` on them, and prints speed, memory,
# precision and recall, then imports a night's file of 2,000 rows into the warehouse it made.
# Usage: bash scripts/benchmark.sh [N] [--baseline OTHER_CRMPIPE] [--nightly ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
command -v sqlite3 >/dev/null || { sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo); "${sudo_cmd[@]}" apt-get install -y -qq sqlite3 >/dev/null; }
swift build -c release --product crmpipe
python3 Benchmarks/benchmark.py --count "${1:-1000000}" "${@:2}"
