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
# shellcheck source=lib/common.sh
source "$repo/bench/lib/common.sh"
duration=10
warmup=1
connections=64
threads=1
server_threads=1
keep=0
positional=()
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --duration) duration=${2:?--duration needs a value}; shift 2 ;;
    --warmup) warmup=${2:?--warmup needs a value}; shift 2 ;;
    --connections) connections=${2:?--connections needs a value}; shift 2 ;;
    --threads) threads=${2:?--threads needs a value}; shift 2 ;;
    --server-threads) server_threads=${2:?--server-threads needs a value}; shift 2 ;;
    --keep) keep=1; shift ;;
    -*) echo "slack_ingest_bench: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
((${#positional[@]} <= 2)) || { usage >&2; exit 2; }
for number in "$duration" "$warmup" "$connections" "$threads" "$server_threads"; do
  [[ $number =~ ^[0-9]+$ ]] || { echo "slack_ingest_bench: '$number' is not a whole number" >&2; exit 2; }
done
((duration > 0 && connections > 0 && threads > 0 && server_threads > 0)) ||
  { echo "slack_ingest_bench: values must be positive" >&2; exit 2; }

bot=$(absolute "${positional[0]:-build/release/bot/app/ambassador-bot}")
load=$(absolute "${positional[1]:-build/release/bench/http_load}")
for tool in "$bot" "$load"; do
  [[ -x $tool ]] || { echo "slack_ingest_bench: $tool is not an executable (build it first)" >&2; exit 2; }
done
for needed in sqlite3 timeout pgrep awk od python3 curl; do
  command -v "$needed" >/dev/null || { echo "slack_ingest_bench: $needed is needed" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-slack-bench.XXXXXX")
wrapper_pid=""  # the timeout(1) process bounding the server's life even if this script is killed
server_pid=""
load_pid=""



cleanup() {
  local status=$?
  if still_running "$load_pid"; then kill -TERM "$load_pid" 2>/dev/null || true; fi
  stop_server >/dev/null 2>&1 || true
  if ((keep)); then echo "kept: $tmp"; else rm -rf -- "$tmp"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

port=$(free_port)
unused_port=$(free_port)  # Slack's API stand-in: nothing listens there, and nothing is sent to it
base="http://127.0.0.1:$port"
data_dir="$tmp/data"
mkdir -p "$data_dir"
database="$data_dir/ambassador.sqlite3"

# Throw-away secrets, never printed; the signing secret also goes to http_load to sign each request.
random_hex() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
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

budget=$((duration + warmup + 120))
timeout --signal=TERM --kill-after=10 "$budget" "$bot" serve --config "$config" >"$tmp/server.log" 2>&1 &
wrapper_pid=$!
for _ in $(seq 1 50); do
  server_pid=$(pgrep -P "$wrapper_pid" | head -n 1 || true)
  [[ -n $server_pid ]] && break
  sleep 0.1
done
[[ -n $server_pid ]] || { echo "slack_ingest_bench: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
ready=0
for _ in $(seq 1 300); do
  still_running "$wrapper_pid" || { echo "slack_ingest_bench: the server exited; its log:" >&2; cat "$tmp/server.log" >&2; exit 1; }
  if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base/healthz" || true) == 200 ]]; then
    ready=1
    break
  fi
  sleep 0.1
done
((ready)) || { echo "slack_ingest_bench: GET /healthz did not answer 200 within 30 s" >&2; exit 1; }
echo "server pid $server_pid is up: $base"

proc_status_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo 0; }
inbox_rows() { timeout 30 sqlite3 -cmd ".timeout 5000" "$database" "select count(*) from inbox where platform='slack'"; }

# A channel message as Slack's Events API delivers it: {seq} makes event_id (the dedupe key) unique per request.
event='{"token":"bench","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"EvBENCH{seq}","event_time":1700000000,"authorizations":[{"team_id":"T1","user_id":"UBOT","is_bot":true}],"event":{"type":"message","user":"U{conn}","text":"koffie om tien uur? bericht {seq}","channel":"C1","channel_type":"channel","ts":"1700000000.{seq}","event_ts":"1700000000.{seq}"}}'

rows_before=$(inbox_rows)
out="$tmp/slack-events.json"
echo
echo "== POST /slack/events (signed, unique event_id): $connections connections, ${duration} s (+${warmup} s warm-up)"
status=0
timeout $((duration + warmup + 60)) "$load" --url "$base/slack/events" --method POST \
  --content-type application/json --slack-secret "$AMBASSADOR_BENCH_SLACK_SIGNING_SECRET" --body-template "$event" \
  --connections "$connections" --duration "$duration" --warmup "$warmup" --threads "$threads" --json >"$out" &
load_pid=$!
wait "$load_pid" || status=$?
load_pid=""
[[ -s $out ]] || { echo "http_load failed (exit status $status) and printed no summary" >&2; exit 1; }
hwm_kb=$(proc_status_kb VmHWM)
rss_kb=$(proc_status_kb VmRSS)

rate=$(json_field "$out" requests_per_s)
p50=$(json_field "$out" p50)
p99=$(json_field "$out" p99)
echo "  requests $(json_field "$out" requests) in $(json_field "$out" duration_s) s: $rate req/s"
echo "  latency ms: p50 $p50, p90 $(json_field "$out" p90), p99 $p99, p99.9 $(json_field "$out" p99_9), max $(json_field "$out" max)"
echo "  status $(json_object "$out" status), errors $(json_object "$out" errors)"
echo "  server memory: VmRSS $((rss_kb / 1024)) MB, VmHWM $((hwm_kb / 1024)) MB ($hwm_kb kB)"
echo "  json: $(cat "$out")"

failures=0
((status == 0)) || { echo "  http_load exit status $status (no 2xx answer)"; failures=$((failures + 1)); }
errors=0
for count in $(json_object "$out" errors | grep -o '[0-9][0-9]*' || true); do errors=$((errors + count)); done
((errors == 0)) || { echo "  $errors error(s) in the measured window"; failures=$((failures + 1)); }
non_2xx=$(json_object "$out" status | grep -o '"[0-9]*":[0-9]*' | grep -v '^"2' || true)
[[ -z $non_2xx ]] || { echo "  answers other than 2xx: $non_2xx"; failures=$((failures + 1)); }

# Every 2xx (warm-up and drain included) must have stored exactly one row: no loss, no duplicates.
rows_after=$(inbox_rows)
answered_2xx=$(json_field "$out" responses_2xx || true)
added=$((rows_after - rows_before))
echo "  inbox rows added (platform 'slack'): $added; 2xx answers (warm-up and drain included): ${answered_2xx:-?}"
if [[ $added == "${answered_2xx:-x}" ]]; then
  echo "  rows match the 2xx answers"
else
  echo "  MISMATCH: every 2xx answer must have stored exactly one inbox row"
  failures=$((failures + 1))
fi
distinct=$(timeout 30 sqlite3 -cmd ".timeout 5000" "$database" \
  "select count(distinct event_key) from inbox where platform='slack'")
[[ $distinct == "$rows_after" ]] || { echo "  DUPLICATE event keys in the inbox"; failures=$((failures + 1)); }

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
