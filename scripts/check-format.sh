#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted as .clang-format says (fix with: clang-format -i FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if ! clang-format --dry-run --Werror "${files[@]}" 2> /tmp/helpchat-format.txt; then
  grep -o '^[^:]*\.[ch]pp' /tmp/helpchat-format.txt | sort -u | sed 's/^/not formatted: /'
  exit 1
fi
echo "format OK (${#files[@]} files)"
