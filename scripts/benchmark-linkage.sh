#!/usr/bin/env bash
# Deduplication benchmark: crmpipe and Splink 4 side by side on the contact sets of
# Benchmarks/linkage (see its README.md). Creates the Python environment .venv-linkage at the
# repository root if missing, builds crmpipe in release if .build/release/crmpipe is missing
# (unless --crmpipe is given), and passes every argument on to run_benchmark.py.
# Usage: bash scripts/benchmark-linkage.sh [--sets common-names,febrl3] [--sizes 5000]
#        [--crmpipe .build/debug/crmpipe] [--tools crmpipe,splink] [--work DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-linkage
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import splink, duckdb, recordlinkage, psutil" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "splink>=4,<5" duckdb recordlinkage psutil
fi
crmpipe_given=no
for arg in "$@"; do
    case "$arg" in --crmpipe|--crmpipe=*) crmpipe_given=yes ;; esac
done
if [ "$crmpipe_given" = no ] && [ ! -x .build/release/crmpipe ]; then
    swift build -c release --product crmpipe
fi
exec "$venv/bin/python" Benchmarks/linkage/run_benchmark.py "$@"
