#!/usr/bin/env bash
# README command 2 (and .ci/run): install what is missing, build, and run every test — unit and integration
# (GoogleTest via CTest), browser (playwright-core driving Debian's Chromium) — exiting non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test

jobs=$(nproc)
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"

echo "== unit and integration tests"
ctest --preset dev -j "$jobs"

echo "== browser tests"
HELPCHAT_BIN=build/dev/server/helpchat node --test --test-concurrency=1 tests/e2e/
