#!/usr/bin/env bash
# Builds the libFuzzer targets in the asan preset's build (build/asan) and runs each for SECONDS (default 30) from a
# copy of its committed corpus (tests/fuzz/corpus/NAME/); exits non-zero if any run finds a crash, a sanitizer report, a leak,
# a timeout or an out-of-memory. Findings land in build/asan/findings/NAME/.
#
#   tests/fuzz/run.sh [SECONDS] [NAME...]        e.g. tests/fuzz/run.sh 30, tests/fuzz/run.sh 600 fuzz_http_router
#
# FUZZ_MERGE=1 afterwards merges what each run discovered into the committed corpus (only inputs that reach new
# code; libFuzzer's -merge=1). FUZZ_JOBS sets the build's parallelism (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_client_message fuzz_http_router fuzz_faq_query fuzz_websocket_frames fuzz_api_handler)
fi
build=$root/build/asan
here=$root/tests/fuzz

declare -A max_len=([fuzz_client_message]=8192 [fuzz_http_router]=20000 [fuzz_faq_query]=1024
                    [fuzz_websocket_frames]=4096 [fuzz_api_handler]=8192)

# The asan preset is the fuzz build too (one sanitizer build of the server instead of two, which CI paid for): -O1
# without NDEBUG, fast enough to fuzz with the server's asserts armed, and every library instrumented
# (fuzzer-no-link) so the fuzzers see coverage inside the server's code, not only in the harnesses.
(cd "$root" && cmake --preset asan >/dev/null)
cmake --build "$build" --target "${targets[@]}" -j "${FUZZ_JOBS:-2}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
summary=()
for target in "${targets[@]}"; do
  work=$build/corpus/$target
  findings=$build/findings/$target
  log=$build/$target.log
  rm -rf "$work"
  mkdir -p "$work" "$findings"
  cp "$here/corpus/$target/"* "$work/"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$target]:-4096}"
           -print_final_stats=1 -artifact_prefix="$findings/")
  if [ -f "$here/dict/$target.dict" ]; then options+=(-dict="$here/dict/$target.dict"); fi
  echo "== $target: ${seconds}s"
  status=0
  "$build/tests/fuzz/$target" "${options[@]}" "$work" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    tail -60 "$log"
    echo "!! $target failed (exit $status); input(s) in $findings, full log in $log"
  fi
  summary+=("$target: ${runs:-?} runs in ${seconds}s, ${coverage:-cov: ?}, corpus $(ls "$work" | wc -l) inputs, exit $status")
  if [ "${FUZZ_MERGE:-0}" = 1 ] && [ "$status" -eq 0 ]; then
    # -use_counters=0: an input is kept for a new edge, not for a new hit count of a known one; that keeps the
    # committed corpus to hundreds of files instead of thousands.
    "$build/tests/fuzz/$target" -merge=1 -use_counters=0 -max_len="${max_len[$target]:-4096}" \
      "$here/corpus/$target" "$work" >>"$log" 2>&1
    echo "   merged: committed corpus now $(ls "$here/corpus/$target" | wc -l) inputs"
  fi
done

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
