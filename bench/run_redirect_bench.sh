#!/usr/bin/env bash
# Tracked-link redirect benchmark of ambassador-bot on loopback, with a throw-away config and database:
# `migrate`, then sqlite3 inserts one post, one ambassador and one tracked link; `serve` starts; http_load
# requests GET /r/<token> closed-loop (64 connections, 10 s by default) with a browser User-Agent, so every
# request is a counted click. Prints requests/s, latency percentiles, the server's resident memory and the
# click rows the run added, counted once the server has stopped (which finishes every queued write): they must
# equal the 302 answers, warm-up and drain included. Targets (reported, not enforced: the machine is shared):
# >= 10,000 redirects/s and p99 < 10 ms.
# Only ever talks to 127.0.0.1. Everything it starts is bounded by timeouts and stopped on exit.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run_redirect_bench.sh [options] [AMBASSADOR_BOT [HTTP_LOAD]]
  AMBASSADOR_BOT     the built service (default: build/release/bot/app/ambassador-bot)
  HTTP_LOAD          the load generator (default: build/release/bench/http_load)
  --duration S       measured seconds (default 10)
  --warmup S         warm-up seconds (default 1)
  --connections N    concurrent connections (default 64)
  --threads N        http_load threads (default 1)
  --keep             keep the temp dir (config, database, server log, results)
Relative paths are taken from the repository root. Exit status: 0 when every answer was a 302 to the post's
page, there were no errors, the click rows added equal the 302 answers and the server exited 0 on SIGTERM;
1 otherwise; 2 on bad usage or missing tools.
EOF
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$repo/bench/lib/common.sh"
duration=10
warmup=1
connections=64
threads=1
keep=0
positional=()
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --duration) duration=${2:?--duration needs a value}; shift 2 ;;
    --warmup) warmup=${2:?--warmup needs a value}; shift 2 ;;
    --connections) connections=${2:?--connections needs a value}; shift 2 ;;
    --threads) threads=${2:?--threads needs a value}; shift 2 ;;
    --keep) keep=1; shift ;;
    -*) echo "run_redirect_bench: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
((${#positional[@]} <= 2)) || { usage >&2; exit 2; }
for number in "$duration" "$warmup" "$connections" "$threads"; do
  [[ $number =~ ^[0-9]+$ ]] || { echo "run_redirect_bench: '$number' is not a whole number" >&2; exit 2; }
done
((duration > 0 && connections > 0 && threads > 0)) || { echo "run_redirect_bench: values must be positive" >&2; exit 2; }

bot=$(absolute "${positional[0]:-build/release/bot/app/ambassador-bot}")
load=$(absolute "${positional[1]:-build/release/bench/http_load}")
for tool in "$bot" "$load"; do
  [[ -x $tool ]] || { echo "run_redirect_bench: $tool is not an executable (build it first)" >&2; exit 2; }
done
for needed in sqlite3 curl timeout pgrep awk od tr; do
  command -v "$needed" >/dev/null || { echo "run_redirect_bench: $needed is needed" >&2; exit 2; }
done

# --- state for the exit trap ------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-redirect-bench.XXXXXX")
wrapper_pid=""  # the timeout(1) process that bounds the server's life even if this script is killed
server_pid=""
load_pid=""



cleanup() {
  local status=$?
  if still_running "$load_pid"; then kill -TERM "$load_pid" 2>/dev/null || true; fi
  stop_server >/dev/null 2>&1 || true
  if ((keep)); then
    echo "kept: $tmp"
  else
    rm -rf -- "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

port=$(free_port) || { echo "run_redirect_bench: no free port found" >&2; exit 1; }
base="http://127.0.0.1:$port"

# --- the config: demo.toml with [http] address/port, [storage] data_dir/database and [log] level overridden --
data_dir="$tmp/data"
mkdir -p "$data_dir"
config="$tmp/bench.toml"
demo="$repo/config/demo.toml"
[[ -f $demo ]] || { echo "run_redirect_bench: $demo is missing" >&2; exit 2; }
# Same rewriting as run_http_bench.sh: drop the overridden keys where they are, write ours under the header.
awk -v port="$port" -v dir="$data_dir" '
  BEGIN { top = 1 }
  function overrides(table) {
    if (table == "http") { print "address = \"127.0.0.1\""; print "port = " port }
    if (table == "storage") { print "data_dir = \"" dir "\""; print "database = \"ambassador.sqlite3\"" }
    if (table == "log") { print "level = \"warn\"" }
    done[table] = 1
  }
  /^[ \t]*\[/ {
    header = $0; sub(/#.*/, "", header); gsub(/[ \t]/, "", header)
    top = 0; table = ""
    print
    if (header == "[http]" || header == "[storage]" || header == "[log]") {
      table = substr(header, 2, length(header) - 2); overrides(table)
    }
    next
  }
  top && /^[ \t]*(http[ \t]*\.[ \t]*(address|port)|storage[ \t]*\.[ \t]*(data_dir|database)|log[ \t]*\.[ \t]*level)[ \t]*=/ { next }
  table == "http" && /^[ \t]*(address|port)[ \t]*=/ { next }
  table == "storage" && /^[ \t]*(data_dir|database)[ \t]*=/ { next }
  table == "log" && /^[ \t]*level[ \t]*=/ { next }
  { print }
  END {
    if (!("http" in done)) { print ""; print "[http]"; overrides("http") }
    if (!("storage" in done)) { print ""; print "[storage]"; overrides("storage") }
    if (!("log" in done)) { print ""; print "[log]"; overrides("log") }
  }' "$demo" >"$config"
database="$data_dir/ambassador.sqlite3"

# Unset secret references ("env:NAME") get a random throw-away value (never printed) so the config starts.
while read -r name; do
  if [[ -z ${!name:-} ]]; then
    export "$name=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  fi
done < <(grep -o '"env:[A-Za-z_][A-Za-z0-9_]*"' "$config" | sed 's/^"env://; s/"$//' | sort -u)

echo "config: $config (port $port, data dir $data_dir)"
timeout 30 "$bot" check-config --config "$config" >/dev/null || { echo "run_redirect_bench: invalid config" >&2; exit 1; }

# --- the schema, one post, one ambassador, one tracked link -----------------------------------------------
timeout 30 "$bot" migrate --config "$config" >"$tmp/migrate.log" 2>&1 || {
  echo "run_redirect_bench: migrate failed:" >&2; cat "$tmp/migrate.log" >&2; exit 1; }
# 16 random bytes as base64url without padding: the shape new_link_token() makes.
token=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
[[ ${#token} == 22 ]] || { echo "run_redirect_bench: could not make a token" >&2; exit 1; }
sql() { timeout 30 sqlite3 -cmd ".timeout 5000" "$database" "$@"; }
now_ms=$(($(date +%s) * 1000))
sql <<EOF
INSERT INTO posts(id, title, link_url, status, created_at, updated_at)
  VALUES (1, 'Bench post', 'https://example.org/news/bench?lang=nl#top', 'sent', $now_ms, $now_ms);
INSERT INTO ambassadors(id, display_name, created_at) VALUES (1, 'Bench Ambassador', $now_ms);
INSERT INTO tracked_links(token, post_id, ambassador_id, department_id, network, created_at)
  VALUES ('$token', 1, 1, '', 'linkedin', $now_ms);
EOF
echo "tracked link: /r/$token -> post 1 (https://example.org/news/bench?lang=nl#top)"

# --- start the server and wait for GET /healthz = 200 -----------------------------------------------------
budget=$((duration + warmup + 120))
timeout --signal=TERM --kill-after=10 "$budget" "$bot" serve --config "$config" >"$tmp/server.log" 2>&1 &
wrapper_pid=$!
for _ in $(seq 1 50); do
  server_pid=$(pgrep -P "$wrapper_pid" | head -n 1 || true)
  [[ -n $server_pid ]] && break
  sleep 0.1
done
[[ -n $server_pid ]] || { echo "run_redirect_bench: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
ready=0
for _ in $(seq 1 300); do  # 30 s
  if ! still_running "$wrapper_pid"; then
    echo "run_redirect_bench: the server exited during start-up; its log:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base/healthz" || true) == 200 ]]; then
    ready=1
    break
  fi
  sleep 0.1
done
((ready)) || { echo "run_redirect_bench: GET /healthz did not answer 200 within 30 s" >&2; tail -n 50 "$tmp/server.log" >&2; exit 1; }
echo "server pid $server_pid is up: $base"

failures=0
# A HEAD shows where the link goes without counting a click.
head_reply=$(curl -s -I --max-time 5 -o /dev/null -w '%{http_code} %{redirect_url}' "$base/r/$token" || true)
echo "HEAD /r/<token>: $head_reply"
expected_location="https://example.org/news/bench?lang=nl&utm_source=linkedin&utm_medium=ambassador&utm_campaign=post-1&utm_content=ambassador-1#top"
if [[ $head_reply != "302 $expected_location" ]]; then
  echo "  UNEXPECTED: wanted 302 $expected_location"
  failures=$((failures + 1))
fi

clicks() { sql "SELECT COUNT(*) FROM clicks"; }
rows_before=$(clicks)

# --- the load ---------------------------------------------------------------------------------------------
memory() {
  local rss hwm
  rss=$(awk '/^VmRSS:/ { print $2, $3 }' "/proc/$server_pid/status" 2>/dev/null || echo "?")
  hwm=$(awk '/^VmHWM:/ { print $2, $3 }' "/proc/$server_pid/status" 2>/dev/null || echo "?")
  echo "  server memory: VmRSS $rss, VmHWM $hwm"
}

out="$tmp/redirect.json"
agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
echo
echo "== GET /r/<token>: $connections connections, ${duration} s (+${warmup} s warm-up), $threads http_load thread(s)"
status=0
# http_load exits 1 when no answer was a 2xx, which is every run here: its JSON is what is checked.
timeout $((duration + warmup + 60)) "$load" --url "$base/r/$token" --method GET --header "User-Agent: $agent" \
  --connections "$connections" --duration "$duration" --warmup "$warmup" --threads "$threads" --json >"$out" &
load_pid=$!
wait "$load_pid" || status=$?
load_pid=""
[[ -s $out ]] || { echo "  http_load failed (exit status $status) and printed no summary"; exit 1; }
((status <= 1)) || { echo "  http_load exit status $status"; failures=$((failures + 1)); }
rate=$(json_field "$out" requests_per_s)
p99=$(json_field "$out" p99)
echo "  requests $(json_field "$out" requests) in $(json_field "$out" duration_s) s: $rate req/s"
echo "  latency ms: p50 $(json_field "$out" p50), p90 $(json_field "$out" p90), p99 $p99," \
  "p99.9 $(json_field "$out" p99_9), max $(json_field "$out" max)"
echo "  status $(json_object "$out" status), errors $(json_object "$out" errors)"
memory

# Every measured answer must be a 302 and nothing may have failed at all; then all.responses (warm-up and drain
# included) is the number of 302s the server sent, each of which must have logged one click.
statuses=$(json_object "$out" status)
if [[ ! $statuses =~ ^\{\"302\":[0-9]+\}$ ]]; then
  echo "  UNEXPECTED status codes: $statuses"
  failures=$((failures + 1))
fi
all=$(grep -o '"all":{.*' "$out")
all_errors=0
for count in $(grep -o '"errors":{[^}]*}' <<<"$all" | grep -o '[0-9][0-9]*' || true); do all_errors=$((all_errors + count)); done
if ((all_errors > 0)); then
  echo "  $all_errors error(s) in the run"
  failures=$((failures + 1))
fi
answered=$(grep -o '"responses":[0-9]*' <<<"$all" | head -n 1 | cut -d: -f2)

# The writer stores clicks behind the answers; stopping the server finishes every queued write, so the rows
# are counted after it has stopped.
echo
stop_server || failures=$((failures + 1))
rows_after=$(clicks)
added=$((rows_after - rows_before))
unique=$(sql "SELECT COALESCE(SUM(is_unique), 0) FROM clicks")
echo "  click rows added: $added (unique visitors: $unique); 302 answers (warm-up and drain included): $answered"
if [[ $added == "$answered" ]]; then
  echo "  rows match the 302 answers"
else
  echo "  MISMATCH: every 302 to a person must have logged exactly one click"
  grep -h "not keeping up\|not logged" "$tmp/server.log" | tail -n 3 | sed 's/^/  server: /' || true
  failures=$((failures + 1))
fi
meets="no"
awk -v r="$rate" -v p="$p99" 'BEGIN { exit !(r >= 10000 && p < 10) }' && meets="yes"
echo "  target (>= 10000 req/s and p99 < 10 ms) met: $meets"

if ((failures)); then
  echo "run_redirect_bench: $failures check(s) failed"
  exit 1
fi
echo "run_redirect_bench: all checks passed"
