#!/usr/bin/env bash
# The reports benchmark: a warehouse of 200,000 deals and 1,000,000 contacts (plus tasks,
# invoices and calls), then every report kind written from it, each timed with its peak
# memory. Usage: bash scripts/benchmark-reports.sh [--period current-quarter] [--deals N] [--contacts N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product crmpipe
python3 Benchmarks/reports_benchmark.py "$@"
