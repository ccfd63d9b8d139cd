#!/usr/bin/env bash
# Fuzzes one parser of untrusted input with libFuzzer (from the Swift toolchain).
# Usage: bash scripts/fuzz.sh TARGET [SECONDS] [libFuzzer options...]
#   TARGET: csv, webform, twilio or pipeline. SECONDS: how long (default 60).
# The build lives in .build/fuzz (every Swift module instrumented, -sanitize=fuzzer).
# The seed corpus is the repository's own inputs for that target; new inputs libFuzzer finds
# go to .build/fuzz/corpus/TARGET, crashes to .build/fuzz/crashes/. A crash is replayed
# with `swift run crmpipe-fuzz TARGET FILE` and, once fixed, kept in
# Tests/crmpipeTests/Fixtures/fuzz/TARGET so that the test suite replays it for ever.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: bash scripts/fuzz.sh csv|webform|twilio|pipeline [SECONDS] [options]}"
seconds="${2:-60}"
shift $(( $# >= 2 ? 2 : 1 ))
bash scripts/install-deps.sh
# lld: gold fails on the instrumented objects ("internal error in format_file_lineno").
swift build --scratch-path .build/fuzz --product crmpipe-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
case "$target" in
  csv) seeds=(SampleData/contacts SampleData/deals SampleData/tasks Tests/crmpipeTests/Fixtures/csv/dialects Tests/crmpipeTests/Fixtures/hostile/contacts) ;;
  webform) seeds=(SampleData/webform Tests/crmpipeTests/Fixtures/hostile/webform) ;;
  twilio) seeds=(SampleData/calls Tests/crmpipeTests/Fixtures/hostile/calls) ;;
  pipeline) seeds=(Pipelines Tests/crmpipeTests/Fixtures/hostile/pipelines) ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
corpus=".build/fuzz/corpus/$target"
mkdir -p "$corpus" .build/fuzz/crashes
for folder in "${seeds[@]}" "Tests/crmpipeTests/Fixtures/fuzz/$target"; do
  [ -d "$folder" ] && find "$folder" -maxdepth 1 -type f -size -200k -exec cp {} "$corpus/" \;
done
export CRMPIPE_FUZZ_TARGET="$target"
exec .build/fuzz/debug/crmpipe-fuzz "$corpus" -max_total_time="$seconds" -max_len=65536 \
  -artifact_prefix=.build/fuzz/crashes/"$target"- -print_final_stats=1 "$@"
