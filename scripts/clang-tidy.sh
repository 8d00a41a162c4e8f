#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over the server's sources using build/dev/compile_commands.json.
# By default the libraries without Beast in their sources (common, sqlite, auth, chat, protocol, store, faq,
# config), which parse in seconds; --all adds net/ and app/, whose Beast-heavy sources take minutes each on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f build/dev/compile_commands.json ]] || { echo "build with: cmake --preset dev" >&2; exit 2; }
folders=(common sqlite auth chat protocol store faq config)
[[ "${1:-}" == "--all" ]] && folders+=(net app)
files=()
for folder in "${folders[@]}"; do
  while IFS= read -r f; do files+=("$f"); done < <(git ls-files "server/$folder/*.cpp")
done
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p build/dev --quiet --extra-arg=-Wno-unknown-warning-option 2>/dev/null
echo "clang-tidy OK (${#files[@]} files)"
