#!/usr/bin/env bash
# Instructions per request, by thread, of the service while wrk_bench.sh loads it, counted by valgrind's callgrind:
# the same figure on every run, however fast the machine's cores happen to be at the moment. Why: on this VM the
# cores' speed drifts by a quarter within minutes, so a change of a few per cent cannot be seen in req/s or in CPU
# time (bench/cpu_per_request.sh), only in instructions. User-space instructions only: what the kernel does for a
# system call is not counted, and under valgrind the threads take turns, so the writer's batches (and with them its
# per-request share of each COMMIT) differ from a native run; the network thread's figure is the one to compare.
#   bench/instructions_per_request.sh [--window S] [--only WORKLOAD] [--keep DIR] [AMBASSADOR_BOT]
# (wrk_bench.sh's workloads) Prints a line per thread (network: the main thread, which runs the io_context; the
# store's threads by name). --keep DIR keeps callgrind's files, one per thread, for callgrind_annotate.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
window=20
only=telegram-private
keep=""
while (($#)); do
  case "$1" in
    --window) window=${2:?--window needs seconds}; shift 2 ;;
    --only) only=${2:?--only needs a workload}; shift 2 ;;
    --keep) keep=${2:?--keep needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
command -v valgrind >/dev/null && command -v callgrind_control >/dev/null ||
  { echo "instructions_per_request: needs valgrind (Debian package valgrind)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/instructions_per_request.XXXXXX")
trap 'rm -rf "$work"' EXIT
log=$work/wrk_bench.log
AMBASSADOR_BOT_WRAPPER="valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=$work/callgrind.%p" \
  "$repo/bench/wrk_bench.sh" --duration $((window + 15)) --only "$only" "$@" >"$log" 2>&1 &
bench=$!

# The service's line comes after the ceiling's run: "server pid N is up: http://127.0.0.1:PORT".
for _ in $(seq 1200); do
  grep -q "== $only" "$log" && sed -n "/== $only/,\$p" "$log" | grep -q "server pid .* is up" && break
  kill -0 "$bench" 2>/dev/null || break
  sleep 0.5
done
line=$(sed -n "/== $only/,\$p" "$log" | grep -m1 "server pid .* is up") || { cat "$log" >&2; exit 1; }
pid=$(awk '{print $3}' <<<"$line")
base=$(grep -o 'http://127.0.0.1:[0-9]*' <<<"$line")
sleep 8  # past the first connections, the first statements prepared and the Teams keys fetched

requests() { curl -s --max-time 30 "$base/metrics" | awk '/^ambassador_http_requests_total/ && /webhook|events|messages/ {s += $2} END {print s + 0}'; }
callgrind_control --zero "$pid" >/dev/null 2>&1
r1=$(requests)
sleep "$window"
r2=$(requests)
callgrind_control --dump "$pid" >/dev/null 2>&1
n=$((r2 - r1))
# The store names its threads (writer, reader, checkpointer); valgrind numbers them in order of creation, 1 = main.
declare -A names
number=0
for tid in $(ls /proc/"$pid"/task | sort -n); do names[$((++number))]=$(cat /proc/"$pid"/task/"$tid"/comm); done
wait "$bench" || true
if [[ -n $keep ]]; then mkdir -p "$keep" && cp "$work"/callgrind."$pid".*-* "$keep"/; fi
echo "$only: $n requests counted in the ${window} s window (under callgrind)"
total=0
for f in "$work"/callgrind."$pid".*-*; do
  [[ -e $f ]] || continue
  thread=$((10#${f##*-}))
  ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$f")
  ((ir > 0)) || continue
  total=$((total + ir))
  name=${names[$thread]:-thread $thread}
  ((thread == 1)) && name=network
  awk -v name="$name" -v ir="$ir" -v n="$n" 'BEGIN { if (ir / n >= 100) printf "  %-14s %9.0f instructions/request\n", name, ir / n }'
done
awk -v ir="$total" -v n="$n" 'BEGIN { printf "  %-14s %9.0f instructions/request\n", "all", ir / n }'
