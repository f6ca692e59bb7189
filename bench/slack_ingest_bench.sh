#!/usr/bin/env bash
# Slack ingest benchmark: ambassador-bot with only Slack enabled, on loopback, with a throw-away config, database
# and signing secret. http_load posts validly signed Events API `message` events (a unique event_id per request,
# signed with the current timestamp) to POST /slack/events over N keep-alive connections; reports requests/s,
# latency, the server's peak memory (VmHWM), and checks that the inbox holds exactly one row per 2xx answer.
# Plain channel chatter is stored and handled but answered by nobody, so nothing is sent to Slack: api_base_url
# points at an unused loopback port. Only ever talks to 127.0.0.1; everything it starts is bounded by timeouts.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/slack_ingest_bench.sh [options] [AMBASSADOR_BOT [HTTP_LOAD]]
  AMBASSADOR_BOT     the built service (default: build/release/bot/app/ambassador-bot)
  HTTP_LOAD          the load generator (default: build/release/bench/http_load)
  --duration S       measured seconds (default 10)
  --warmup S         warm-up seconds (default 1)
  --connections N    concurrent connections (default 64)
  --threads N        http_load threads (default 1)
  --server-threads N the service's [http] threads (default 1)
  --keep             keep the temp dir (config, database, server log, results)
Targets (reported, not enforced): >= 27000 events/s, p99 < 20 ms, VmHWM < 50 MB.
Exit status: 0 when the run got 2xx answers without errors and the inbox rows match them; 1 otherwise;
2 on bad usage or missing tools.
EOF
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=slack_ingest_bench
# shellcheck source=lib/common.sh
source "$repo/bench/lib/common.sh"
set_common_defaults
server_threads=1
while (($#)); do
  case "$1" in
    --server-threads) server_threads=${2:?--server-threads needs a value}; shift 2 ;;
    *) parse_common_option "$@"; shift "$consumed" ;;
  esac
done
((${#positional[@]} <= 2)) || { usage >&2; exit 2; }
require_whole_numbers "$duration" "$warmup" "$connections" "$threads" "$server_threads"
require_positive "$duration" "$connections" "$threads" "$server_threads"

bot=$(absolute "${positional[0]:-build/release/bot/app/ambassador-bot}")
load=$(absolute "${positional[1]:-build/release/bench/http_load}")
require_executables "$bot" "$load"
require_commands sqlite3 timeout pgrep awk od python3 curl

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-slack-bench.XXXXXX")
wrapper_pid=""  # the timeout(1) process bounding the server's life even if this script is killed
server_pid=""
load_pid=""
set_exit_traps

port=$(free_port)
unused_port=$(free_port)  # Slack's API stand-in: nothing listens there, and nothing is sent to it
base="http://127.0.0.1:$port"
data_dir="$tmp/data"
mkdir -p "$data_dir"
database="$data_dir/ambassador.sqlite3"

# Throw-away secrets, never printed; the signing secret also goes to http_load to sign each request.
export AMBASSADOR_BENCH_SLACK_SIGNING_SECRET="bench-$(random_hex)"
export AMBASSADOR_BENCH_SLACK_BOT_TOKEN="xoxb-bench-$(random_hex)"
export AMBASSADOR_BENCH_EDITOR_TOKEN="bench-$(random_hex)"

config="$tmp/slack-bench.toml"
cat >"$config" <<EOF
[http]
address = "127.0.0.1"
port = $port
threads = $server_threads

[storage]
data_dir = "$data_dir"
database = "ambassador.sqlite3"

[log]
level = "warn"

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

  [[departments.channels]]
  platform = "slack"
  workspace = "T1"
  id = "C1"

[[departments]]
id = "groenbeheer"
name = "Groenbeheer"

  [[departments.channels]]
  platform = "slack"
  workspace = "T1"
  id = "C2"

[[api_tokens]]
name = "bench-editor"
token = "env:AMBASSADOR_BENCH_EDITOR_TOKEN"
role = "editor"

[platforms.local]
enabled = false

[platforms.slack]
enabled = true
api_base_url = "http://127.0.0.1:$unused_port/api"

  [[platforms.slack.workspaces]]
  team_id = "T1"
  signing_secret = "env:AMBASSADOR_BENCH_SLACK_SIGNING_SECRET"
  bot_token = "env:AMBASSADOR_BENCH_SLACK_BOT_TOKEN"
EOF

echo "config: $config (port $port, data dir $data_dir)"
timeout 30 "$bot" check-config --config "$config" >/dev/null ||
  { echo "slack_ingest_bench: the generated config is not valid" >&2; exit 1; }

serve_and_wait "$config" "$tmp/server.log" $((duration + warmup + 120))

# A channel message as Slack's Events API delivers it: {seq} makes event_id (the dedupe key) unique per request.
event='{"token":"bench","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"EvBENCH{seq}","event_time":1700000000,"authorizations":[{"team_id":"T1","user_id":"UBOT","is_bot":true}],"event":{"type":"message","user":"U{conn}","text":"koffie om tien uur? bericht {seq}","channel":"C1","channel_type":"channel","ts":"1700000000.{seq}","event_ts":"1700000000.{seq}"}}'

rows_before=$(inbox_rows "$database" slack)
out="$tmp/slack-events.json"
echo
echo "== POST /slack/events (signed, unique event_id): $connections connections, ${duration} s (+${warmup} s warm-up)"
status=0
run_http_load "$out" --url "$base/slack/events" --method POST --content-type application/json \
  --slack-secret "$AMBASSADOR_BENCH_SLACK_SIGNING_SECRET" --body-template "$event" || status=$?
[[ -s $out ]] || { echo "http_load failed (exit status $status) and printed no summary" >&2; exit 1; }
hwm_kb=$(proc_status_kb VmHWM)
rss_kb=$(proc_status_kb VmRSS)

rate=$(json_field "$out" requests_per_s)
p99=$(json_field "$out" p99)
print_load_summary "$out"
echo "  server memory: VmRSS $((rss_kb / 1024)) MB, VmHWM $((hwm_kb / 1024)) MB ($hwm_kb kB)"
echo "  json: $(cat "$out")"

failures=0
check_load_result "$out" "$status" || failures=$((failures + $?))
check_only_2xx "$out" || failures=$((failures + 1))

# Every 2xx (warm-up and drain included) must have stored exactly one row: no loss, no duplicates.
rows_after=$(inbox_rows "$database" slack)
check_rows_match "$out" slack $((rows_after - rows_before)) || failures=$((failures + 1))
check_distinct_keys "$database" slack "$rows_after" "event keys" || failures=$((failures + 1))

echo
awk -v rate="$rate" -v p99="$p99" -v hwm="$hwm_kb" 'BEGIN {
  printf "targets: %s events/s (>= 27000: %s), p99 %s ms (< 20: %s), VmHWM %.1f MB (< 50: %s)\n",
    rate, (rate >= 27000 ? "met" : "BELOW"), p99, (p99 < 20 ? "met" : "MISSED"), hwm / 1024, (hwm < 50 * 1024 ? "met" : "MISSED")
}'

echo
stop_server || failures=$((failures + 1))
if ((failures)); then
  echo "slack_ingest_bench: $failures check(s) failed"
  exit 1
fi
echo "slack_ingest_bench: all checks passed"
