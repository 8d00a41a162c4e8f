#!/usr/bin/env bash
# Runs the benchmark scenarios against helpchat and the reference peers (Node `ws`, Beast chat-multi), each
# server a fresh process per run, and writes bench/RESULTS.md (medians of the repetitions, ratios helpchat : peer).
#
#   bench/run.sh                  full run: every scenario, every target, 3 repetitions (≈ an hour; keep the box quiet)
#   bench/run.sh --quick          a few seconds, tiny counts, 1 repetition; prints a summary, exits non-zero if any
#                                 client failed to connect or anything was lost (CTest runs this: bench_quick)
#   options: --reps N  --only "realistic peak"  --targets "helpchat ws"  --no-build
#            --helpchat BIN  --loadgen BIN  --results FILE (default bench/RESULTS.md)  --keep DIR (raw JSON)
#            --quiet-wait S: before each full-run measurement, wait up to S s (default 900) for the box to be idle
#
# Only 127.0.0.1 is ever a target. Every wait has a timeout; every process started here is killed on exit.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
quick=0
build=1
reps=""
only=""
targets="helpchat ws beast"
helpchat_bin=""
loadgen_bin=""
results="$bench/RESULTS.md"
keep=""
quiet_wait=900
command_line="bench/run.sh $*"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --reps) reps="$2"; shift ;;
    --only) only="$2"; shift ;;
    --targets) targets="$2"; shift ;;
    --helpchat) helpchat_bin="$2"; shift ;;
    --loadgen) loadgen_bin="$2"; shift ;;
    --results) results="$2"; shift ;;
    --keep) keep="$2"; shift ;;
    --quiet-wait) quiet_wait="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -n "$reps" ]] || reps=$([[ $quick == 1 ]] && echo 1 || echo 3)

work="$(mktemp -d /tmp/helpchat-bench.XXXXXX)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then stop_server; fi
  if [[ -n "$keep" ]]; then mkdir -p "$keep" && cp -r "$work"/. "$keep"/; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

# ---- build --------------------------------------------------------------------------------------------------
if [[ $build == 1 ]]; then
  # Release, without -Werror (a compiler's false positive must not stop a benchmark), tests off.
  log "building helpchat and helpchat-loadgen (build/bench, Release)"
  cmake -S "$root" -B "$root/build/bench" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHELPCHAT_BUILD_TESTS=OFF \
    -DHELPCHAT_BUILD_BENCH=ON -DHELPCHAT_WERROR=OFF >/dev/null
  cmake --build "$root/build/bench" -j 2 --target helpchat helpchat-loadgen >/dev/null
fi
[[ -n "$helpchat_bin" ]] || helpchat_bin="$root/build/bench/server/helpchat"
[[ -n "$loadgen_bin" ]] || loadgen_bin="$root/build/bench/bench/helpchat-loadgen"
for bin in "$helpchat_bin" "$loadgen_bin"; do
  [[ -x "$bin" ]] || { echo "run.sh: $bin is missing (build it, or drop --no-build)" >&2; exit 2; }
done

# Every client comes from 127.0.0.1 and publishers send far more than a person would: lift the server's per-address
# and per-sender limits, where this build has them (the load is the benchmark's, not an abuser's).
helpchat_limits=()
helpchat_help="$("$helpchat_bin" serve --help 2>&1 || true)"
for limit in "max-connections-per-address 1000000" "commands-per-second 1000000000" "command-burst 1000000000" \
             "questions-per-minute 1000000000"; do
  if [[ "$helpchat_help" == *"--${limit%% *} "* ]]; then helpchat_limits+=("--${limit%% *}" "${limit#* }"); fi
done

skipped_targets=""
have_target() { [[ " $targets " == *" $1 "* ]]; }
if have_target ws; then
  if ! command -v node >/dev/null; then
    skipped_targets+=" ws(no node)"; targets="${targets/ws/}"
  elif [[ ! -d "$bench/peers/node-ws/node_modules/ws" ]]; then
    log "installing the Node ws peer (npm ci)"
    if ! (cd "$bench/peers/node-ws" && timeout 120 npm ci --no-audit --no-fund --silent); then
      skipped_targets+=" ws(npm ci failed)"; targets="${targets/ws/}"
    fi
  fi
fi
beast_bin=""
if have_target beast; then
  if beast_bin="$(timeout 300 "$bench/peers/beast-chat-multi/build.sh" "$root/build/bench-peers" 2>"$work/beast-build.log")"; then
    :
  else
    skipped_targets+=" beast($(tail -1 "$work/beast-build.log"))"; targets="${targets/beast/}"
  fi
fi

# ---- servers ------------------------------------------------------------------------------------------------
server_port=""
session=""
password=""
server_log=""

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# wait_for_line FILE REGEX SECONDS: the first match, or failure after SECONDS.
wait_for_line() {
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    if grep -qE "$2" "$1" 2>/dev/null; then grep -m1 -oE "$2" "$1"; return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

# start_server TARGET NOFILE [extra helpchat flags...]
start_server() {
  local target="$1" nofile="$2"
  shift 2
  server_log="$work/server-$target-$(date +%s%N).log"
  case "$target" in
    helpchat)
      local data
      data="$(mktemp -d "$work/data.XXXXXX")"
      prlimit --nofile="$nofile:$nofile" "$helpchat_bin" serve --demo --port 0 --data "$data" --threads 2 \
        --faq-dir "$root/faq" --web-root "$root/web-client" --log-level warn "${helpchat_limits[@]}" "$@" \
        >"$server_log" 2>&1 &
      server_pid=$!
      server_port="$(wait_for_line "$server_log" 'listening on http://127\.0\.0\.1:[0-9]+' 30 | sed 's/.*://')" || return 1
      session="$(grep -m1 -oE 'demo session: id=[0-9]+' "$server_log" | sed 's/.*=//')"
      password="$(grep -m1 -oE 'password=[^ ]+' "$server_log" | sed 's/password=//')"
      ;;
    ws)
      prlimit --nofile="$nofile:$nofile" node "$bench/peers/node-ws/server.mjs" --port 0 >"$server_log" 2>&1 &
      server_pid=$!
      server_port="$(wait_for_line "$server_log" 'listening on http://127\.0\.0\.1:[0-9]+' 30 | sed 's/.*://')" || return 1
      ;;
    beast)
      server_port="$(free_port)"
      mkdir -p "$work/docroot"
      prlimit --nofile="$nofile:$nofile" "$beast_bin" 127.0.0.1 "$server_port" "$work/docroot" 2 >"$server_log" 2>&1 &
      server_pid=$!
      local deadline=$((SECONDS + 30))
      until (exec 3<>"/dev/tcp/127.0.0.1/$server_port") 2>/dev/null; do
        ((SECONDS < deadline)) && kill -0 "$server_pid" 2>/dev/null || return 1
        sleep 0.1
      done
      ;;
  esac
}

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while kill -0 "$server_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# ---- scenarios ----------------------------------------------------------------------------------------------
# Per scenario: loadgen flags, the server's fd limit, extra helpchat flags, and a time limit for the whole run.
if [[ $quick == 1 ]]; then
  all_scenarios="idle realistic ladder joinstorm overload fdstorm waiting"
  peer_scenarios="realistic"
  declare -A flags=(
    [idle]="--clients 50 --duration 1"
    [realistic]="--clients 50 --publishers 5 --rate 50 --duration 2 --drain 3"
    [peak]="--clients 100 --publishers 5 --rate 100 --duration 2 --drain 3"
    [ladder]="--clients 50 --publishers 1 --ladder 50,100 --step-seconds 1 --drain 2"
    [joinstorm]="--clients 200"
    [overload]="--clients 20 --publishers 2 --rate 250 --duration 9 --stall 8 --payload-bytes 2000 --drain 5"
    [fdstorm]="--clients 300 --after-clients 10 --connect-concurrency 300"
    [waiting]="--clients 50 --waiting 5 --ask-rate 50 --publishers 5 --rate 50 --duration 2 --drain 3"
  )
  declare -A nofile=([fdstorm]=128)
  # 256 KiB: the stalled quarter passes it within a second of its 8 s stall (≈ 500 KB/s each), while a reader that
  # the machine starves for a moment (CTest runs this beside other tests) has half a second of slack, not 0.1 s.
  declare -A server_flags=([overload]="--max-queued-bytes 262144")
else
  all_scenarios="idle realistic peak ladder joinstorm overload fdstorm waiting"
  peer_scenarios="$all_scenarios"
  declare -A flags=(
    [idle]="--clients 10000 --duration 10"
    [realistic]="--clients 5000 --publishers 50 --rate 10 --duration 20"
    [peak]="--clients 5000 --publishers 50 --rate 40 --duration 20"
    [ladder]="--clients 1000 --publishers 1 --step-seconds 10 --drain 3 --threads 2"
    [joinstorm]="--clients 5000"
    [overload]="--clients 1000 --publishers 10 --rate 100 --duration 30 --stall 20 --payload-bytes 2000 --drain 15"
    [fdstorm]="--clients 1500 --after-clients 50 --connect-concurrency 1500"
    # (c)'s load with 500 of the 5,000 officials' questions waiting (asked first, at 25 a second, never answered).
    [waiting]="--clients 5000 --waiting 500 --ask-rate 25 --publishers 50 --rate 40 --duration 20"
  )
  declare -A nofile=([fdstorm]=1024)
  declare -A server_flags=([overload]="--max-queued-bytes 262144")
fi
scenarios="${only:-$all_scenarios}"

# The machine is shared: before each full-run measurement, wait (at most --quiet-wait seconds) until the whole box
# was less than 20 % busy over 3 s, and record how busy it was.
box_busy_pct() {
  local a b
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  local busy=$(( (b[1]+b[2]+b[3]+b[6]+b[7]+b[8]) - (a[1]+a[2]+a[3]+a[6]+a[7]+a[8]) ))
  local total=$(( busy + (b[4]+b[5]) - (a[4]+a[5]) ))
  echo $(( total > 0 ? 100 * busy / total : 0 ))
}
wait_for_quiet() {
  local deadline=$((SECONDS + quiet_wait)) busy
  busy="$(box_busy_pct)"
  while ((busy >= 20 && SECONDS < deadline)); do
    log "box ${busy}% busy (others at work): waiting"
    sleep 10
    busy="$(box_busy_pct)"
  done
  echo "$busy"
}

run_one() {
  local target="$1" scenario="$2" rep="$3"
  local out="$work/$target.$scenario.$rep.json"
  local limit="${nofile[$scenario]:-20000}"
  local extra="" busy_before=0
  [[ $target == helpchat ]] && extra="${server_flags[$scenario]:-}"
  [[ $quick == 1 ]] || busy_before="$(wait_for_quiet)"
  # shellcheck disable=SC2086
  if ! start_server "$target" "$limit" $extra; then
    log "$target did not start: $(tail -3 "$server_log" 2>/dev/null)"
    echo "{\"target\":\"$target\",\"scenario\":\"$scenario\",\"ok\":false,\"problems\":[\"server did not start\"]}" >"$out"
    stop_server
    return
  fi
  local args=(--target "$target" --port "$server_port" --scenario "$scenario" --server-pid "$server_pid" --json)
  [[ $target == helpchat ]] && args+=(--session "$session" --moderator-password "$password")
  # shellcheck disable=SC2206
  args+=(${flags[$scenario]})
  log "$target $scenario #$rep: helpchat-loadgen ${args[*]}"
  local rc=0
  timeout --kill-after=5 900 "$loadgen_bin" "${args[@]}" >"$out" 2>"$work/$target.$scenario.$rep.err" || rc=$?
  if [[ ! -s "$out" ]]; then
    echo "{\"target\":\"$target\",\"scenario\":\"$scenario\",\"ok\":false,\"problems\":[\"loadgen exited $rc without a report: $(tail -1 "$work/$target.$scenario.$rep.err" | tr -d '"\\')\"]}" >"$out"
  fi
  if [[ $target == helpchat ]] && kill -0 "$server_pid" 2>/dev/null; then
    # The transcript's group commits over the whole run (DESIGN.md invariant 4), from /metrics: to explain the figures.
    node "$bench/commit_stats.mjs" "http://127.0.0.1:$server_port/metrics" "$out" || log "no commit figures from /metrics"
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "$target died during $scenario"
    node -e 'const fs = require("fs"); const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
             r.ok = false; (r.problems ??= []).push("the server process died"); fs.writeFileSync(process.argv[1], JSON.stringify(r));' "$out"
  fi
  stop_server
  node -e 'const fs = require("fs"); const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
           r.box_busy_pct_before = Number(process.argv[2]); fs.writeFileSync(process.argv[1], JSON.stringify(r));' \
    "$out" "$busy_before"
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
           console.error(`  → ${r.ok ? "ok" : "PROBLEMS: " + (r.problems ?? []).join("; ")}`);' "$out" || true
}

for scenario in $scenarios; do
  for rep in $(seq 1 "$reps"); do
    for target in $targets; do
      if [[ $target != helpchat && " $peer_scenarios " != *" $scenario "* ]]; then continue; fi
      run_one "$target" "$scenario" "$rep"
    done
  done
done

# ---- report -------------------------------------------------------------------------------------------------
if [[ $quick == 1 ]]; then
  [[ -z "$skipped_targets" ]] || echo "skipped:$skipped_targets"
  if node "$bench/report.mjs" --dir "$work" --summary 1; then
    echo "bench quick: every scenario connected every client and lost nothing"
    exit 0
  fi
  echo "bench quick: FAILED"
  exit 1
fi

machine="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
git_state="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet -- server || echo ' + uncommitted server changes')"
node "$bench/report.mjs" --dir "$work" --out "$results" --command "$command_line" --machine "$machine" \
  --git "$git_state" --reps "$reps" --skipped "$skipped_targets"
log "wrote $results"
