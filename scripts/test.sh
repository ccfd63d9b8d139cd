#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (the end-to-end tests run the built binary).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/lint.sh
swift build --product crmpipe
swift test "$@"
