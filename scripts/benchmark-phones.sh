#!/usr/bin/env bash
# What libphonenumber alone costs on the import benchmark's numbers (see README, "Benchmark"):
# crmpipe's C++ phone entry point in a loop, on one thread and on two.
# Usage: bash scripts/benchmark-phones.sh [N]   (N contacts, default 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
count="${1:-1000000}"
bash scripts/phone-cost-build.sh "$count"
.bench/phone_cost ".bench/data-$count/phones.tsv"
