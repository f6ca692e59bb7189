# shellcheck shell=bash disable=SC2154,SC2034  # the sourcing scripts own these variables (see below)
# Shared by the bench/*.sh scripts (sourced, not run): option checks, the exit trap, the throw-away config,
# process control for the server under test, a free loopback port, running http_load and reading and checking
# its JSON summary, and the inbox checks. The scripts own the variables these functions use: repo, me, tmp,
# wrapper_pid (the timeout(1) process bounding the server's life), server_pid, load_pid, bot, load, base and
# the option values.

absolute() { [[ $1 == /* ]] && printf '%s\n' "$1" || printf '%s\n' "$repo/$1"; }

still_running() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }

# Sends SIGTERM to the server and waits up to 15 s; SIGKILL after that. Prints the exit status.
stop_server() {
  still_running "$wrapper_pid" || return 0
  if still_running "$server_pid"; then kill -TERM "$server_pid" 2>/dev/null || true; fi
  local waited=0
  while still_running "$wrapper_pid" && ((waited < 150)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if still_running "$wrapper_pid"; then
    echo "server did not stop within 15 s of SIGTERM: killing it" >&2
    if still_running "$server_pid"; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    kill -KILL "$wrapper_pid" 2>/dev/null || true
  fi
  local status=0
  wait "$wrapper_pid" 2>/dev/null || status=$?
  wrapper_pid=""
  server_pid=""
  echo "server stopped (exit status $status)"
  return "$status"
}

# A port on 127.0.0.1 that nothing listens on.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A field of http_load's one-line JSON summary in file $1: a number, or an object.
json_field() { grep -o "\"$2\":[^,}]*" "$1" | head -n 1 | cut -d: -f2; }
json_object() { grep -o "\"$2\":{[^}]*}" "$1" | head -n 1 | cut -d: -f2-; }

# --- options -------------------------------------------------------------------------------------------------
# The scripts also own: me (their name, for messages), usage(), duration, warmup, connections, threads, keep,
# positional. parse_common_option takes the options every script has from "$@" (the rest of the command line),
# or a positional argument, and sets consumed to how many words it took; it exits 2 on an unknown option.
# The defaults of those options, as every usage() states them.
set_common_defaults() {
  duration=10
  warmup=1
  connections=64
  threads=1
  keep=0
  positional=()
}

parse_common_option() {
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --duration) duration=${2:?--duration needs a value}; consumed=2 ;;
    --warmup) warmup=${2:?--warmup needs a value}; consumed=2 ;;
    --connections) connections=${2:?--connections needs a value}; consumed=2 ;;
    --threads) threads=${2:?--threads needs a value}; consumed=2 ;;
    --keep) keep=1; consumed=1 ;;
    -*) echo "$me: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) positional+=("$1"); consumed=1 ;;
  esac
}

# require_whole_numbers VALUE...: exits 2 unless each is a whole number.
require_whole_numbers() {
  local number
  for number in "$@"; do
    [[ $number =~ ^[0-9]+$ ]] || { echo "$me: '$number' is not a whole number" >&2; exit 2; }
  done
}

# require_positive VALUE...: exits 2 unless each (already a whole number) is above 0.
require_positive() {
  local number
  for number in "$@"; do
    ((number > 0)) || { echo "$me: values must be positive" >&2; exit 2; }
  done
}

# require_executables FILE...: exits 2 unless each is an executable file.
require_executables() {
  local tool
  for tool in "$@"; do
    [[ -x $tool ]] || { echo "$me: $tool is not an executable (build it first)" >&2; exit 2; }
  done
}

# require_commands NAME...: exits 2 unless each is on PATH.
require_commands() {
  local needed
  for needed in "$@"; do
    command -v "$needed" >/dev/null || { echo "$me: $needed is needed" >&2; exit 2; }
  done
}

# --- exit trap ---------------------------------------------------------------------------------------------
# Stops a running http_load and the server, then removes $tmp unless --keep. A script with more to stop
# defines stop_extra, which runs after the server has stopped.
cleanup() {
  local status=$?
  if still_running "$load_pid"; then kill -TERM "$load_pid" 2>/dev/null || true; fi
  stop_server >/dev/null 2>&1 || true
  if declare -F stop_extra >/dev/null; then stop_extra; fi
  if ((keep)); then echo "kept: $tmp"; else rm -rf -- "$tmp"; fi
  exit "$status"
}

set_exit_traps() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM HUP
}

# --- the throw-away config -----------------------------------------------------------------------------------
random_hex() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# write_demo_config DEMO CONFIG PORT DATA_DIR: DEMO with [http] address/port, [storage] data_dir/database and
# [log] level overridden. Drops the overridden keys where they are and writes ours right under the table's
# header; appends the table when the demo has none. Also drops top-level dotted forms such as `http.port = ...`.
write_demo_config() {
  awk -v port="$3" -v dir="$4" '
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
    }' "$1" >"$2"
}

# export_missing_secrets CONFIG: secret references the config makes ("env:NAME") must resolve at start-up;
# gives unset ones a random throw-away value (never printed) so the config starts.
export_missing_secrets() {
  local name
  while read -r name; do
    if [[ -z ${!name:-} ]]; then
      export "$name=bench-$(random_hex)"
    fi
  done < <(grep -o '"env:[A-Za-z_][A-Za-z0-9_]*"' "$1" | sed 's/^"env://; s/"$//' | sort -u)
}

# --- the server --------------------------------------------------------------------------------------------
# The HTTP status of GET $base/healthz; without curl, http_load ($load) stands in (it exits 0 on a 2xx answer).
healthz_status() {
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base/healthz" || true
  else
    timeout 5 "$load" --url "$base/healthz" --connections 1 --warmup 0 --duration 1 --max-requests 1 --timeout 1 \
      >/dev/null 2>&1 && echo 200 || echo 000
  fi
}

# serve_and_wait CONFIG LOG BUDGET_S: starts `$bot serve`, bounded by BUDGET_S, and waits up to 30 s for
# GET $base/healthz = 200; sets wrapper_pid and server_pid. Exits 1 when the server does not come up.
# AMBASSADOR_BOT_WRAPPER, when set, is a command the service runs under (e.g. valgrind, as
# bench/instructions_per_request.sh does); start-up is then given 300 s.
serve_and_wait() {
  local config=$1 log=$2 budget=$3 wait_tenths=300
  local -a wrapper=()
  if [[ -n ${AMBASSADOR_BOT_WRAPPER:-} ]]; then
    read -r -a wrapper <<<"$AMBASSADOR_BOT_WRAPPER"
    wait_tenths=3000
  fi
  timeout --signal=TERM --kill-after=10 "$budget" "${wrapper[@]}" "$bot" serve --config "$config" >"$log" 2>&1 &
  wrapper_pid=$!
  for _ in $(seq 1 50); do
    server_pid=$(pgrep -P "$wrapper_pid" | head -n 1 || true)
    [[ -n $server_pid ]] && break
    sleep 0.1
  done
  [[ -n $server_pid ]] || { echo "$me: the server did not start" >&2; cat "$log" >&2; exit 1; }
  local ready=0
  for _ in $(seq 1 "$wait_tenths"); do
    if ! still_running "$wrapper_pid"; then
      echo "$me: the server exited during start-up; its log:" >&2
      cat "$log" >&2
      exit 1
    fi
    if [[ $(healthz_status) == 200 ]]; then
      ready=1
      break
    fi
    sleep 0.1
  done
  ((ready)) || { echo "$me: GET /healthz did not answer 200 within $((wait_tenths / 10)) s" >&2; tail -n 50 "$log" >&2; exit 1; }
  echo "server pid $server_pid is up: $base"
}

# The server's memory: "  server memory: VmRSS <n> kB, VmHWM <n> kB".
print_server_memory() {
  local rss hwm
  rss=$(awk '/^VmRSS:/ { print $2, $3 }' "/proc/$server_pid/status" 2>/dev/null || echo "?")
  hwm=$(awk '/^VmHWM:/ { print $2, $3 }' "/proc/$server_pid/status" 2>/dev/null || echo "?")
  echo "  server memory: VmRSS $rss, VmHWM $hwm"
}

# proc_status_kb KEY: a kB figure (VmRSS, VmHWM) of the server; 0 when it cannot be read.
proc_status_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0; }

# --- http_load -----------------------------------------------------------------------------------------------
# run_http_load OUT [http_load options...]: one closed-loop run with the script's connections, duration,
# warm-up and threads; its JSON summary goes to OUT. Returns http_load's exit status (call it as
# `cmd || status=$?`). In the background and waited for, so that a signal to the script is handled at once.
run_http_load() {
  local out=$1 status=0
  shift
  timeout $((duration + warmup + 60)) "$load" "$@" --connections "$connections" --duration "$duration" \
    --warmup "$warmup" --threads "$threads" --json >"$out" &
  load_pid=$!
  wait "$load_pid" || status=$?
  load_pid=""
  return "$status"
}

# print_load_summary OUT: requests/s, latency percentiles, status codes and errors of the measured window.
print_load_summary() {
  local out=$1
  echo "  requests $(json_field "$out" requests) in $(json_field "$out" duration_s) s:" \
    "$(json_field "$out" requests_per_s) req/s"
  echo "  latency ms: p50 $(json_field "$out" p50), p90 $(json_field "$out" p90), p99 $(json_field "$out" p99)," \
    "p99.9 $(json_field "$out" p99_9), max $(json_field "$out" max)"
  echo "  status $(json_object "$out" status), errors $(json_object "$out" errors)"
}

# check_load_result OUT STATUS: a run that ended with 2xx answers (STATUS 0) and no errors in the measured
# window. Prints each failed check; returns how many failed (call it as `cmd || failures=$((failures + $?))`).
check_load_result() {
  local out=$1 status=$2 failed=0 errors=0 count
  if ((status != 0)); then
    echo "  http_load exit status $status (no 2xx answer)"
    failed=$((failed + 1))
  fi
  for count in $(json_object "$out" errors | grep -o '[0-9][0-9]*' || true); do errors=$((errors + count)); done
  if ((errors > 0)); then
    echo "  $errors error(s) in the measured window"
    failed=$((failed + 1))
  fi
  return "$failed"
}

# check_only_2xx OUT: every answer in the measured window was a 2xx. Prints the others; returns 1 if any.
check_only_2xx() {
  local non_2xx
  non_2xx=$(json_object "$1" status | grep -o '"[0-9]*":[0-9]*' | grep -v '^"2' || true)
  [[ -z $non_2xx ]] || { echo "  answers other than 2xx: $non_2xx"; return 1; }
}

# --- the inbox -----------------------------------------------------------------------------------------------
# sqlite_query DATABASE [sqlite3 arguments...]: bounded, waiting up to 5 s for a lock.
sqlite_query() {
  local database=$1
  shift
  timeout 30 sqlite3 -cmd ".timeout 5000" "$database" "$@"
}

# inbox_rows DATABASE PLATFORM: the inbox rows of one platform.
inbox_rows() { sqlite_query "$1" "select count(*) from inbox where platform='$2'"; }

# check_rows_match OUT PLATFORM ADDED: every 2xx answer (warm-up and drain included) stored exactly one inbox
# row, ADDED being the rows the run added. Prints both counts and the verdict; returns 1 on a mismatch.
check_rows_match() {
  local answered_2xx
  answered_2xx=$(json_field "$1" responses_2xx || true)
  echo "  inbox rows added (platform '$2'): $3; 2xx answers (warm-up and drain included): ${answered_2xx:-?}"
  if [[ $3 == "${answered_2xx:-x}" ]]; then
    echo "  rows match the 2xx answers"
  else
    echo "  MISMATCH: every 2xx answer must have stored exactly one inbox row"
    return 1
  fi
}

# check_distinct_keys DATABASE PLATFORM ROWS WHAT: the platform's ROWS inbox rows have as many distinct event
# keys; otherwise prints "  DUPLICATE WHAT in the inbox" and returns 1.
check_distinct_keys() {
  local distinct
  distinct=$(sqlite_query "$1" "select count(distinct event_key) from inbox where platform='$2'")
  [[ $distinct == "$3" ]] || { echo "  DUPLICATE $4 in the inbox"; return 1; }
}

# Figures from wrk's text output: requests/s, the p99 in ms, completed requests, non-2xx answers, socket errors.
wrk_rate() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_p99_ms() {
  awk '$1 == "99%" { v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u)
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f", v }' "$1"
}
wrk_requests() { awk '/requests in/ { print $1 }' "$1"; }
wrk_non_2xx() { awk '/Non-2xx or 3xx responses:/ { print $5 }' "$1" | grep . || echo 0; }
wrk_socket_errors() { grep -o 'Socket errors:.*' "$1" || true; }
