#!/usr/bin/env bash
# CPU time per request, by thread, of the service while wrk_bench.sh loads it: each thread's utime+stime from
# /proc over a window in the middle of the run, divided by the webhook requests /metrics counted in that window.
# Why: on a shared or virtual machine the speed of the cores drifts by a quarter within minutes, and req/s (even as
# a share of a ceiling measured a minute earlier) drifts with it; CPU per request per thread moves much less, says
# which thread a change helped, and compares two binaries run one after the other.
#   bench/cpu_per_request.sh [--window S] [--only WORKLOAD] [AMBASSADOR_BOT]   (wrk_bench.sh's workloads)
# Prints a line per thread busy over 1% of the window (network: the main thread, which runs the io_context; the
# store's threads by name), then wrk_bench.sh's own table row. Each run starts a fresh service and database.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
window=5
only=telegram-private
while (($#)); do
  case "$1" in
    --window) window=${2:?--window needs seconds}; shift 2 ;;
    --only) only=${2:?--only needs a workload}; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
log=$(mktemp "${TMPDIR:-/tmp}/cpu_per_request.XXXXXX")
trap 'rm -f "$log"' EXIT
"$repo/bench/wrk_bench.sh" --duration $((window + 8)) --only "$only" "$@" > "$log" 2>&1 &
bench=$!

# The service's line comes after the ceiling's run: "server pid N is up: http://127.0.0.1:PORT".
for _ in $(seq 240); do
  grep -q "== $only" "$log" && sed -n "/== $only/,\$p" "$log" | grep -q "server pid .* is up" && break
  sleep 0.5
done
line=$(sed -n "/== $only/,\$p" "$log" | grep -m1 "server pid .* is up") || { cat "$log" >&2; exit 1; }
pid=$(awk '{print $3}' <<<"$line")
base=$(grep -o 'http://127.0.0.1:[0-9]*' <<<"$line")
sleep 3  # past the first connections and the warm-up of wrk's own threads

requests() { curl -s "$base/metrics" | awk '/^ambassador_http_requests_total/ && /webhook|events|messages/ {s += $2} END {print s + 0}'; }
# "tid:name ticks" per thread (the store names its threads writer, reader and checkpointer).
ticks() { for t in /proc/"$pid"/task/*; do echo "${t##*/}:$(cat "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done | sort; }
r1=$(requests); t1=$(ticks)
sleep "$window"
r2=$(requests); t2=$(ticks)
hz=$(getconf CLK_TCK)
n=$((r2 - r1))
echo "$only: $((n / window)) requests/s in the ${window} s window"
join <(echo "$t1") <(echo "$t2") | awk -v n="$n" -v hz="$hz" -v w="$window" -v main="$pid" '
  { d = ($3 - $2) / hz; total += d
    split($1, id, ":")
    if (d / w > 0.01) printf "  %-14s %5.1f us/request  (%3.0f%% of a core)\n", (id[1] == main ? "network" : id[2]), d * 1e6 / n, 100 * d / w }
  END { printf "  %-14s %5.1f us/request\n", "all", total * 1e6 / n }'
wait "$bench" || true
grep "^| $only" "$log" || true
