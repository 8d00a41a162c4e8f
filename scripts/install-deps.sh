#!/usr/bin/env bash
# Installs what helpchat needs and is missing, and nothing else: Debian packages (apt) and the npm packages of the
# browser tests (npm ci, from the committed package-lock.json). Idempotent; safe to run on every build.
#   scripts/install-deps.sh          build and run the server
#   scripts/install-deps.sh --test   also what the tests need (Chromium, clang for sanitizers, npm packages)
set -euo pipefail
cd "$(dirname "$0")/.."

runtime_and_build=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev        # Boost.Beast + Boost.Asio (HTTP, WebSocket, io threads)
  libboost-url1.81-dev    # Boost.URL: parses request targets (a compiled library: libboost_url.so at run time)
  nlohmann-json3-dev      # JSON
  libsqlite3-dev          # the embedded store (WAL, FTS5)
  libsodium-dev           # Argon2id password hashing, random tokens, SHA-256
  libstemmer-dev          # Snowball Spanish stemmer for FAQ search
  libhowardhinnant-date-dev tzdata  # IANA time zones (America/Bogota)
  zlib1g-dev              # gzip of static files
  libssl-dev              # TLS
)
for_tests=(
  libgtest-dev            # unit and integration tests
  clang libclang-rt-14-dev  # sanitizer builds and libFuzzer
  openssl                 # test certificates for the TLS tests
  systemd nginx-light prometheus  # systemd-analyze, nginx -t and promtool check the deploy files and /metrics
  sqlite3                 # a second process that holds the database lock in the storage-failure browser test
  libboost1.81-doc        # the bench builds Beast's own chat-multi example from it, as a reference peer
  chromium                # browser tests (driven by playwright-core)
  nodejs npm
)

wanted=("${runtime_and_build[@]}")
if [[ "${1:-}" == "--test" ]]; then wanted+=("${for_tests[@]}"); fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# Node.js may come from another source than Debian's nodejs package; npm with it is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for package in "${missing[@]}"; do
    [[ "$package" == nodejs || "$package" == npm ]] || filtered+=("$package")
  done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ "${1:-}" == "--test" ]]; then
  # npm ci only when the lock file changed since the last install.
  stamp=node_modules/.package-lock.sha256
  if [[ ! -f "$stamp" ]] || ! sha256sum --status -c "$stamp" 2>/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
    sha256sum package-lock.json > "$stamp"
  fi
fi
