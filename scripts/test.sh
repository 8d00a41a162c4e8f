#!/usr/bin/env bash
# README command 2 (and .ci/run): install what is missing, build, and run every test, exiting non-zero on any
# failure:
#   1. format check (clang-format) and layering check (docs/architecture.md's table against includes and CMake),
#      then clang-tidy (.clang-tidy) once the build has its compile commands
#   2. unit, integration, deploy-file and fuzz-corpus tests (GoogleTest and scripts via CTest), -Werror build
#   3. browser tests (playwright-core driving Debian's Chromium) and raw WebSocket frame tests (Node's net)
#   4. the benchmark in quick mode, so it cannot rot
#   5. unit and integration tests again under ASan+UBSan, then under TSan (clang)
#   6. each libFuzzer target for a bounded time
# HELPCHAT_QUICK=1 skips 5 and 6 (a fast local loop); CI always runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
jobs=$(nproc)
started=$SECONDS
stage() { echo; echo "== $1 ($((SECONDS - started)) s)"; }

stage "format"
scripts/check-format.sh
scripts/check-layering.sh

stage "build (dev)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"

stage "clang-tidy"
scripts/clang-tidy.sh

stage "unit, integration, deploy and fuzz-corpus tests"
ctest --preset dev -j "$jobs"

stage "browser and wire tests"
export HELPCHAT_BIN=build/dev/server/helpchat
node --test --test-concurrency=1 tests/e2e/ tests/wire/

stage "benchmark, quick"
bench/run.sh --quick --no-build --helpchat build/dev/server/helpchat --loadgen build/dev/bench/helpchat-loadgen

if [[ "${HELPCHAT_QUICK:-0}" != 1 || "${CI:-}" == true ]]; then
  for preset in asan tsan; do
    stage "build ($preset)"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    stage "unit and integration tests under $preset"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
      ctest --preset "$preset" -j "$jobs" --label-exclude "fd_exhaustion|heavy"
  done
  stage "fuzzing"
  tests/fuzz/run.sh 20
fi
stage "all tests passed"
