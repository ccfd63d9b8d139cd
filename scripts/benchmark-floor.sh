#!/usr/bin/env bash
# The least the contacts import can take on this machine, against `sqlite3 .import` in the same
# invocation (see README, "Benchmark"): SQLite writing what the import writes, and libphonenumber
# parsing the file's numbers, each without any of crmpipe's own work (Benchmarks/floor.py).
# Usage: bash scripts/benchmark-floor.sh [N]   (N contacts, default 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
command -v sqlite3 >/dev/null || { sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo); "${sudo_cmd[@]}" apt-get install -y -qq sqlite3 >/dev/null; }
swift build -c release --product crmpipe
count="${1:-1000000}"
bash scripts/phone-cost-build.sh "$count"
python3 Benchmarks/floor.py --count "$count" --phone-cost .bench/phone_cost
