#!/usr/bin/env bash
# Builds Beast's own multi-threaded chat example (Vinnie Falco's chat-multi, Boost 1.81) from Debian's
# libboost1.81-doc into build/bench-peers/chat-multi/, as a reference peer for bench/run.sh. Nothing of it is
# copied into the repository. Needs: apt-get install libboost1.81-doc (a bench-only dependency).
#   bench/peers/beast-chat-multi/build.sh [OUT_DIR]    → prints the path of the binary
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
src=/usr/share/doc/libboost1.81-doc/examples/libs/beast/example/websocket/server/chat-multi
out="${1:-$root/build/bench-peers}/chat-multi"
bin="$out/websocket-chat-multi"

if [[ ! -d "$src" ]]; then
  echo "beast-chat-multi: $src is missing; install it with: apt-get install libboost1.81-doc" >&2
  exit 3
fi
mkdir -p "$out/src"
# Debian may compress larger example files; take each one as it is or unpacked.
for f in "$src"/*; do
  name="$(basename "$f")"
  case "$name" in
    *.gz) gzip -dc "$f" > "$out/src/${name%.gz}.new" ;;
    *) cp "$f" "$out/src/$name.new" ;;
  esac
  target="$out/src/$(basename "${name%.gz}")"
  if cmp -s "$target.new" "$target"; then rm "$target.new"; else mv "$target.new" "$target"; fi
done
if [[ ! -x "$bin" ]] || [[ -n "$(find "$out/src" -newer "$bin" -name '*.[ch]pp' | head -1)" ]]; then
  ${CXX:-c++} -std=c++17 -O2 -DNDEBUG -pthread -I"$out/src" "$out"/src/*.cpp -o "$bin.tmp"
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
