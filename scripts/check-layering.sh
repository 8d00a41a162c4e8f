#!/usr/bin/env bash
# Holds the code to the "Libraries" diagram of docs/architecture.md. The table under it (between the
# layering-table markers) says which libraries each server/ folder links, i.e. the arrows. Fails, naming what is
# wrong, when
#   - a file in server/LIB/ has an #include "X/..." of a library X that LIB reaches by no chain of arrows;
#   - the arrows of a row differ from the helpchat_* libraries in the DEPS of server/LIB/CMakeLists.txt;
#   - a server/ folder has no row, or a row no folder.
# The build enforces the same (each library sees only the headers of what it links; see helpchat_library in
# CMakeLists.txt); this check says it without a compiler, and keeps the drawing from drifting away from the code.
# Run by scripts/test.sh (stage "format") and by CTest (test "layering").
set -euo pipefail
cd "$(dirname "$0")/.."
doc=docs/architecture.md

# "lib dep dep ..." per row, from the table between the markers: | `lib` | `dep`, `dep` |
mapfile -t rows < <(awk '
  /<!-- layering-table begin -->/ { inside = 1; next }
  /<!-- layering-table end -->/ { inside = 0 }
  inside && /^\|/ {
    n = split($0, cell, "|")
    if (cell[2] !~ /`/) next  # the header and the separator
    row = cell[2] " " cell[3]
    gsub(/[`,|—]/, " ", row)
    gsub(/[ \t]+/, " ", row)
    sub(/^ /, "", row); sub(/ $/, "", row)
    print row
  }' "$doc")
[[ ${#rows[@]} -gt 0 ]] || { echo "layering: no table between <!-- layering-table begin/end --> in $doc" >&2; exit 2; }

declare -A arrows
for row in "${rows[@]}"; do
  read -r lib deps <<< "$row"
  arrows[$lib]="$deps"
done

failures=0
fail() { echo "layering: $*"; failures=$((failures + 1)); }

# Everything a library may include: itself and whatever its arrows reach.
reachable() {
  local -A seen=()
  local todo=("$1") lib dep
  while ((${#todo[@]})); do
    lib=${todo[-1]}
    unset 'todo[-1]'
    [[ -n ${seen[$lib]:-} ]] && continue
    seen[$lib]=1
    for dep in ${arrows[$lib]:-}; do todo+=("$dep"); done
  done
  echo "${!seen[@]}"
}

is_library() { [[ -f server/$1/CMakeLists.txt ]]; }

for dir in server/*/; do
  lib=$(basename "$dir")
  is_library "$lib" || continue
  [[ -v arrows[$lib] ]] || fail "server/$lib/ has no row in the table of $doc"
done

for lib in "${!arrows[@]}"; do
  if [[ $lib == main.cpp ]]; then
    files=(server/main.cpp)
  else
    if ! is_library "$lib"; then
      fail "$doc has a row for '$lib' but there is no server/$lib/CMakeLists.txt"
      continue
    fi
    # The helpchat_* libraries after DEPS in the helpchat_library() call (which may span lines).
    linked=$(tr '\n' ' ' < "server/$lib/CMakeLists.txt" | { grep -o 'helpchat_library([^)]*)' || true; } |
      sed 's/.*DEPS//' | { grep -o 'helpchat_[a-z_]*' || true; } | sed 's/^helpchat_//' |
      while read -r dep; do if is_library "$dep"; then echo "$dep"; fi; done | sort -u | tr '\n' ' ')
    drawn=$(tr ' ' '\n' <<< "${arrows[$lib]}" | sed '/^$/d' | sort -u | tr '\n' ' ')
    [[ "$linked" == "$drawn" ]] ||
      fail "$lib: $doc draws arrows to [${drawn% }] but server/$lib/CMakeLists.txt DEPS link [${linked% }]"
    mapfile -t files < <(find "server/$lib" -name '*.hpp' -o -name '*.cpp' | sort)
  fi
  allowed=" $(reachable "$lib") "
  while IFS=: read -r file line text; do
    [[ -n $file ]] || continue
    target=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([a-z0-9_]+)\/.*/\1/' <<< "$text")
    is_library "$target" || continue
    [[ $allowed == *" $target "* ]] ||
      fail "$file:$line: ${text#"${text%%[![:space:]]*}"} crosses the layering: $lib may not include $target ($doc)"
  done < <(grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[a-z0-9_]+/' "${files[@]}" /dev/null || true)
done

if ((failures)); then
  echo "layering: $failures problem(s); fix the include, or change the DEPS and the table (and the drawing) together"
  exit 1
fi
echo "layering OK (${#arrows[@]} rows of $doc match the includes and the CMake DEPS)"
