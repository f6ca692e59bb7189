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
me=run_redirect_bench
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
require_commands sqlite3 curl timeout pgrep awk od tr

# --- state for the exit trap ------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-redirect-bench.XXXXXX")
wrapper_pid=""  # the timeout(1) process that bounds the server's life even if this script is killed
server_pid=""
load_pid=""
set_exit_traps

port=$(free_port) || { echo "run_redirect_bench: no free port found" >&2; exit 1; }
base="http://127.0.0.1:$port"

# --- the config: demo.toml with [http] address/port, [storage] data_dir/database and [log] level overridden --
data_dir="$tmp/data"
mkdir -p "$data_dir"
config="$tmp/bench.toml"
demo="$repo/config/demo.toml"
[[ -f $demo ]] || { echo "run_redirect_bench: $demo is missing" >&2; exit 2; }
write_demo_config "$demo" "$config" "$port" "$data_dir"
database="$data_dir/ambassador.sqlite3"
export_missing_secrets "$config"

echo "config: $config (port $port, data dir $data_dir)"
timeout 30 "$bot" check-config --config "$config" >/dev/null || { echo "run_redirect_bench: invalid config" >&2; exit 1; }

# --- the schema, one post, one ambassador, one tracked link -----------------------------------------------
timeout 30 "$bot" migrate --config "$config" >"$tmp/migrate.log" 2>&1 || {
  echo "run_redirect_bench: migrate failed:" >&2; cat "$tmp/migrate.log" >&2; exit 1; }
# 16 random bytes as base64url without padding: the shape new_link_token() makes.
token=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
[[ ${#token} == 22 ]] || { echo "run_redirect_bench: could not make a token" >&2; exit 1; }
sql() { sqlite_query "$database" "$@"; }
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
serve_and_wait "$config" "$tmp/server.log" $((duration + warmup + 120))

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
out="$tmp/redirect.json"
agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
echo
echo "== GET /r/<token>: $connections connections, ${duration} s (+${warmup} s warm-up), $threads http_load thread(s)"
status=0
# http_load exits 1 when no answer was a 2xx, which is every run here: its JSON is what is checked.
run_http_load "$out" --url "$base/r/$token" --method GET --header "User-Agent: $agent" || status=$?
[[ -s $out ]] || { echo "  http_load failed (exit status $status) and printed no summary"; exit 1; }
((status <= 1)) || { echo "  http_load exit status $status"; failures=$((failures + 1)); }
rate=$(json_field "$out" requests_per_s)
p99=$(json_field "$out" p99)
print_load_summary "$out"
print_server_memory

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
