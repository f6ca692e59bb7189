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
me=run_http_bench
# shellcheck source=lib/common.sh
source "$repo/bench/lib/common.sh"
set_common_defaults
while (($#)); do parse_common_option "$@"; shift "$consumed"; done
((${#positional[@]} <= 2)) || { usage >&2; exit 2; }
require_whole_numbers "$duration" "$warmup" "$connections" "$threads"
require_positive "$duration" "$connections" "$threads"

bot=$(absolute "${positional[0]:-build/release/bot/app/ambassador-bot}")
load=$(absolute "${positional[1]:-build/release/bench/http_load}")
require_executables "$bot" "$load"
command -v sqlite3 >/dev/null || { echo "run_http_bench: sqlite3 is needed to count inbox rows" >&2; exit 2; }
require_commands timeout pgrep awk od

# --- state for the exit trap ------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-bench.XXXXXX")
wrapper_pid=""  # the timeout(1) process that bounds the server's life even if this script is killed
server_pid=""
load_pid=""     # a running http_load
set_exit_traps

port=$(free_port) || { echo "run_http_bench: no free port found" >&2; exit 1; }
base="http://127.0.0.1:$port"

# --- the config: demo.toml with [http] address/port, [storage] data_dir/database and [log] level overridden --
data_dir="$tmp/data"
mkdir -p "$data_dir"
config="$tmp/bench.toml"
demo="$repo/config/demo.toml"
if [[ -f $demo ]]; then
  write_demo_config "$demo" "$config" "$port" "$data_dir"
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
export_missing_secrets "$config"

echo "config: $config (port $port, data dir $data_dir)"
if ! timeout 30 "$bot" check-config --config "$config"; then
  echo "run_http_bench: the generated config is not valid" >&2
  exit 1
fi

# --- start the server and wait for GET /healthz = 200 -----------------------------------------------------
# The server may live at most as long as both benchmarks plus start and stop margins.
serve_and_wait "$config" "$tmp/server.log" $((2 * (duration + warmup + 40) + 60))

failures=0
# run_load NAME [http_load options...]: runs, prints a summary, leaves the JSON in $tmp/NAME.json.
run_load() {
  local name=$1
  shift
  local out="$tmp/$name.json" status=0
  echo
  echo "== $name: $connections connections, ${duration} s (+${warmup} s warm-up), $threads http_load thread(s)"
  run_http_load "$out" "$@" || status=$?
  if [[ ! -s $out ]]; then
    echo "  http_load failed (exit status $status) and printed no summary"
    failures=$((failures + 1))
    return
  fi
  print_load_summary "$out"
  echo "  json: $(cat "$out")"
  check_load_result "$out" "$status" || failures=$((failures + $?))
}

# --- (1) GET /healthz -------------------------------------------------------------------------------------
run_load "get-healthz" --url "$base/healthz" --method GET
print_server_memory

# --- (2) POST /local/messages, a unique message per request -----------------------------------------------
rows_before=$(inbox_rows "$database" local) || { echo "run_http_bench: cannot count inbox rows in $database" >&2; exit 1; }
run_load "post-local-messages" --url "$base/local/messages" --method POST --content-type application/json \
  --body-template '{"channel":"bench-{conn}","user":"user-{conn}","text":"hello {seq}"}'
print_server_memory
rows_after=$(inbox_rows "$database" local) || { echo "run_http_bench: cannot count inbox rows in $database" >&2; exit 1; }
check_rows_match "$tmp/post-local-messages.json" local $((rows_after - rows_before)) || failures=$((failures + 1))

# --- stop -------------------------------------------------------------------------------------------------
echo
stop_server || failures=$((failures + 1))
if ((failures)); then
  echo "run_http_bench: $failures check(s) failed"
  exit 1
fi
echo "run_http_bench: all checks passed"
