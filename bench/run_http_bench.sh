#!/usr/bin/env bash
# HTTP benchmarks of ambassador-bot on loopback, with a throw-away config and database:
#   (1) GET /healthz and (2) POST /local/messages (a unique message per request), each closed-loop with
#   http_load; the server's resident memory after each; after (2) the inbox rows the run added, which must
#   equal the 2xx answers http_load counted (warm-up and drain included).
# Only ever talks to 127.0.0.1. Everything it starts is bounded by timeouts and stopped on exit.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run_http_bench.sh [options] [AMBASSADOR_BOT [HTTP_LOAD]]
  AMBASSADOR_BOT     the built service (default: build/release/bot/app/ambassador-bot)
  HTTP_LOAD          the load generator (default: build/release/bench/http_load)
  --duration S       measured seconds per benchmark (default 10)
  --warmup S         warm-up seconds per benchmark (default 1)
  --connections N    concurrent connections (default 64)
  --threads N        http_load threads (default 1)
  --keep             keep the temp dir (config, database, server log, results)
Relative paths are taken from the repository root. Exit status: 0 when every run got 2xx answers without
errors and the inbox row count matches; 1 otherwise; 2 on bad usage or missing tools.
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
    -*) echo "run_http_bench: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
((${#positional[@]} <= 2)) || { usage >&2; exit 2; }
for number in "$duration" "$warmup" "$connections" "$threads"; do
  [[ $number =~ ^[0-9]+$ ]] || { echo "run_http_bench: '$number' is not a whole number" >&2; exit 2; }
done
((duration > 0 && connections > 0 && threads > 0)) || { echo "run_http_bench: values must be positive" >&2; exit 2; }

bot=$(absolute "${positional[0]:-build/release/bot/app/ambassador-bot}")
load=$(absolute "${positional[1]:-build/release/bench/http_load}")
for tool in "$bot" "$load"; do
  [[ -x $tool ]] || { echo "run_http_bench: $tool is not an executable (build it first)" >&2; exit 2; }
done
command -v sqlite3 >/dev/null || { echo "run_http_bench: sqlite3 is needed to count inbox rows" >&2; exit 2; }
for needed in timeout pgrep awk od; do
  command -v "$needed" >/dev/null || { echo "run_http_bench: $needed is needed" >&2; exit 2; }
done

# --- state for the exit trap ------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-bench.XXXXXX")
wrapper_pid=""  # the timeout(1) process that bounds the server's life even if this script is killed
server_pid=""
load_pid=""     # a running http_load



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

port=$(free_port) || { echo "run_http_bench: no free port found" >&2; exit 1; }
base="http://127.0.0.1:$port"

# --- the config: demo.toml with [http] address/port, [storage] data_dir/database and [log] level overridden --
data_dir="$tmp/data"
mkdir -p "$data_dir"
config="$tmp/bench.toml"
demo="$repo/config/demo.toml"
if [[ -f $demo ]]; then
  # Drops the overridden keys where they are and writes ours right under the table's header; appends the
  # table when the demo has none. Also drops top-level dotted forms such as `http.port = ...`.
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
else
  echo "note: $demo does not exist; using a minimal config (local platform only)" >&2
  cat >"$config" <<EOF
[http]
address = "127.0.0.1"
port = $port

[storage]
data_dir = "$data_dir"
database = "ambassador.sqlite3"

[log]
level = "warn"

[platforms.local]
enabled = true
EOF
fi
database="$data_dir/ambassador.sqlite3"

# Secret references the config makes ("env:NAME") must resolve at start-up; give unset ones a random
# throw-away value (never printed) so the demo config starts.
while read -r name; do
  if [[ -z ${!name:-} ]]; then
    export "$name=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  fi
done < <(grep -o '"env:[A-Za-z_][A-Za-z0-9_]*"' "$config" | sed 's/^"env://; s/"$//' | sort -u)

echo "config: $config (port $port, data dir $data_dir)"
if ! timeout 30 "$bot" check-config --config "$config"; then
  echo "run_http_bench: the generated config is not valid" >&2
  exit 1
fi

# --- start the server and wait for GET /healthz = 200 -----------------------------------------------------
# The server may live at most as long as both benchmarks plus start and stop margins.
budget=$((2 * (duration + warmup + 40) + 60))
timeout --signal=TERM --kill-after=10 "$budget" "$bot" serve --config "$config" >"$tmp/server.log" 2>&1 &
wrapper_pid=$!
for _ in $(seq 1 50); do
  server_pid=$(pgrep -P "$wrapper_pid" | head -n 1 || true)
  [[ -n $server_pid ]] && break
  sleep 0.1
done
[[ -n $server_pid ]] || { echo "run_http_bench: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }

healthz_status() {
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base/healthz" || true
  else  # http_load exits 0 on a 2xx answer
    timeout 5 "$load" --url "$base/healthz" --connections 1 --warmup 0 --duration 1 --max-requests 1 --timeout 1 \
      >/dev/null 2>&1 && echo 200 || echo 000
  fi
}
ready=0
for _ in $(seq 1 300); do  # 30 s
  if ! still_running "$wrapper_pid"; then
    echo "run_http_bench: the server exited during start-up; its log:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  if [[ $(healthz_status) == 200 ]]; then
    ready=1
    break
  fi
  sleep 0.1
done
((ready)) || { echo "run_http_bench: GET /healthz did not answer 200 within 30 s" >&2; tail -n 50 "$tmp/server.log" >&2; exit 1; }
echo "server pid $server_pid is up: $base"

# --- helpers ----------------------------------------------------------------------------------------------
# A field of http_load's one-line JSON summary: "name":value, first occurrence (names are unique but errors).

memory() {
  local rss hwm
  rss=$(awk '/^VmRSS:/ { print $2, $3 }' "/proc/$server_pid/status" 2>/dev/null || echo "?")
  hwm=$(awk '/^VmHWM:/ { print $2, $3 }' "/proc/$server_pid/status" 2>/dev/null || echo "?")
  echo "  server memory: VmRSS $rss, VmHWM $hwm"
}

failures=0
# run_load NAME [http_load options...]: runs, prints a summary, leaves the JSON in $tmp/NAME.json.
run_load() {
  local name=$1
  shift
  local out="$tmp/$name.json" status=0
  echo
  echo "== $name: $connections connections, ${duration} s (+${warmup} s warm-up), $threads http_load thread(s)"
  # In the background and waited for, so that a signal to this script is handled at once, not after the run.
  timeout $((duration + warmup + 60)) "$load" --connections "$connections" --duration "$duration" \
    --warmup "$warmup" --threads "$threads" --json "$@" >"$out" &
  load_pid=$!
  wait "$load_pid" || status=$?
  load_pid=""
  if [[ ! -s $out ]]; then
    echo "  http_load failed (exit status $status) and printed no summary"
    failures=$((failures + 1))
    return
  fi
  echo "  requests $(json_field "$out" requests) in $(json_field "$out" duration_s) s:" \
    "$(json_field "$out" requests_per_s) req/s"
  echo "  latency ms: p50 $(json_field "$out" p50), p90 $(json_field "$out" p90), p99 $(json_field "$out" p99)," \
    "p99.9 $(json_field "$out" p99_9), max $(json_field "$out" max)"
  echo "  status $(json_object "$out" status), errors $(json_object "$out" errors)"
  echo "  json: $(cat "$out")"
  if ((status != 0)); then
    echo "  http_load exit status $status (no 2xx answer)"
    failures=$((failures + 1))
  fi
  local errors=0 count
  for count in $(json_object "$out" errors | grep -o '[0-9][0-9]*' || true); do errors=$((errors + count)); done
  if ((errors > 0)); then
    echo "  $errors error(s) in the measured window"
    failures=$((failures + 1))
  fi
}

inbox_rows() {
  timeout 30 sqlite3 -cmd ".timeout 5000" "$database" "select count(*) from inbox where platform='local'"
}

# --- (1) GET /healthz -------------------------------------------------------------------------------------
run_load "get-healthz" --url "$base/healthz" --method GET
memory

# --- (2) POST /local/messages, a unique message per request -----------------------------------------------
rows_before=$(inbox_rows) || { echo "run_http_bench: cannot count inbox rows in $database" >&2; exit 1; }
run_load "post-local-messages" --url "$base/local/messages" --method POST --content-type application/json \
  --body-template '{"channel":"bench-{conn}","user":"user-{conn}","text":"hello {seq}"}'
memory
rows_after=$(inbox_rows) || { echo "run_http_bench: cannot count inbox rows in $database" >&2; exit 1; }
answered_2xx=$(json_field "$tmp/post-local-messages.json" responses_2xx || true)
added=$((rows_after - rows_before))
echo "  inbox rows added (platform 'local'): $added; 2xx answers (warm-up and drain included): ${answered_2xx:-?}"
if [[ $added == "${answered_2xx:-x}" ]]; then
  echo "  rows match the 2xx answers"
else
  echo "  MISMATCH: every 2xx answer must have stored exactly one inbox row"
  failures=$((failures + 1))
fi

# --- stop -------------------------------------------------------------------------------------------------
echo
stop_server || failures=$((failures + 1))
if ((failures)); then
  echo "run_http_bench: $failures check(s) failed"
  exit 1
fi
echo "run_http_bench: all checks passed"
