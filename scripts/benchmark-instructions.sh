#!/usr/bin/env bash
# Instructions the contacts import executes, counted by Valgrind's callgrind (see README,
# "Benchmark"): a figure the machine's other load does not move, for changes too small to show
# in wall time. Counts this tree's release build, and another crmpipe binary when given one.
# Usage: bash scripts/benchmark-instructions.sh [N] [OTHER_CRMPIPE]   (N contacts, default 10,000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if ! command -v valgrind >/dev/null || ! command -v objcopy >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq valgrind binutils >/dev/null
fi
swift build -c release --product crmpipe
count="${1:-10000}"
data=".bench/data-$count"
[ -f "$data/contacts.csv" ] || python3 Benchmarks/generate_contacts.py --count "$count" --out "$data"
work=".bench/instructions"
mkdir -p "$work"

# Prints the instructions one binary executes importing the file into an empty warehouse.
count_instructions() {
  local binary="$1" name="$2"
  # Debian's Valgrind cannot read the DWARF 5 that Swift writes: count a copy without it.
  objcopy --strip-debug "$binary" "$work/$name"
  rm -f "$work/$name.sqlite"*
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.callgrind" "$work/$name" import contacts \
    "$data/contacts.csv" --warehouse "$work/$name.sqlite" --mapping Benchmarks/contacts-mapping.yml \
    --as-of 2026-11-28 --quiet 2>"$work/$name.log"
  local total
  total=$(awk '/^summary:/ {print $2}' "$work/$name.callgrind")
  printf '%s: %s instructions, %s a row (callgrind_annotate %s for where)\n' \
    "$name" "$total" "$((total / count))" "$work/$name.callgrind"
}

count_instructions .build/release/crmpipe this-tree
[ -z "${2:-}" ] || count_instructions "$2" other
