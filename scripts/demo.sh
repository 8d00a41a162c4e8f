#!/usr/bin/env bash
# README command 1: install what is missing, build Release, and start the server on http://127.0.0.1:8080 with an
# embedded SQLite database under ./data/, a help session live now and a demo moderator (credentials printed).
# Extra arguments go to `helpchat serve` (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/server/helpchat serve --demo --data ./data "$@"
