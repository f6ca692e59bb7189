#!/usr/bin/env bash
# Telegram benchmarks of ambassador-bot on loopback, each against its own throw-away config and database:
#   (a) ingest: http_load posts Telegram updates (group chatter, a unique update_id per request, with the webhook
#       secret header) to POST /telegram/webhook over N keep-alive connections; reports requests/s, latency, the
#       server's memory, and checks that the inbox holds exactly one row per 2xx answer. Chatter is stored and
#       handled but not answered, so nothing is sent.
#   (b) fan-out: one post to G groups (one department with G Telegram channels) through bench/fake_telegram,
#       a Bot API stand-in enforcing 30 msg/s overall, 1 msg/s per chat and 20 msg/min per group with 429 +
#       retry_after; reports the time from creating the post to the last accepted message against the minimum
#       the 30/s limit implies, the 429s, and checks every group got exactly one message.
# Only ever talks to 127.0.0.1. Everything it starts is bounded by timeouts and stopped on exit.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/telegram_bench.sh [options] [AMBASSADOR_BOT [HTTP_LOAD [FAKE_TELEGRAM]]]
  AMBASSADOR_BOT     the built service (default: build/release/bot/app/ambassador-bot)
  HTTP_LOAD          the load generator (default: build/release/bench/http_load)
  FAKE_TELEGRAM      the rate-limiting Bot API stand-in (default: build/release/bench/fake_telegram)
  --duration S       (a) measured seconds (default 10)
  --warmup S         (a) warm-up seconds (default 1)
  --connections N    (a) concurrent connections (default 64)
  --threads N        (a) http_load threads (default 1)
  --server-threads N the service's [http] threads (default 1)
  --groups G         (b) groups the post goes to (default 1000)
  --only ingest|fanout  run one of the two
  --keep             keep the temp dir (configs, databases, logs, results)
Targets (reported, not enforced): (a) >= 35000 updates/s, VmRSS < 50 MB; (b) within 5% of G/30 s, no 429
after the first. Exit status: 0 when every check passed (2xx answers without errors, rows match, every group
exactly one message, all deliveries sent); 1 otherwise; 2 on bad usage or missing tools.
EOF
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=telegram_bench
# shellcheck source=lib/common.sh
source "$repo/bench/lib/common.sh"
set_common_defaults
server_threads=1
groups=1000
only=""
while (($#)); do
  case "$1" in
    --server-threads) server_threads=${2:?--server-threads needs a value}; shift 2 ;;
    --groups) groups=${2:?--groups needs a value}; shift 2 ;;
    --only) only=${2:?--only needs a value}; shift 2 ;;
    *) parse_common_option "$@"; shift "$consumed" ;;
  esac
done
((${#positional[@]} <= 3)) || { usage >&2; exit 2; }
require_whole_numbers "$duration" "$warmup" "$connections" "$threads" "$server_threads" "$groups"
require_positive "$duration" "$connections" "$threads" "$server_threads" "$groups"
[[ -z $only || $only == ingest || $only == fanout ]] || { echo "telegram_bench: --only ingest or fanout" >&2; exit 2; }

bot=$(absolute "${positional[0]:-build/release/bot/app/ambassador-bot}")
load=$(absolute "${positional[1]:-build/release/bench/http_load}")
fake=$(absolute "${positional[2]:-build/release/bench/fake_telegram}")
require_executables "$bot" "$load" "$fake"
require_commands sqlite3 timeout pgrep awk od python3 curl date

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-telegram-bench.XXXXXX")
wrapper_pid=""  # the timeout(1) process bounding the server's life even if this script is killed
server_pid=""
load_pid=""
fake_pid=""

# Run by cleanup (lib/common.sh) after the server has stopped.
stop_extra() { stop_fake; }
stop_fake() {
  still_running "$fake_pid" || return 0
  kill -TERM "$fake_pid" 2>/dev/null || true
  wait "$fake_pid" 2>/dev/null || true
  fake_pid=""
}
set_exit_traps

now_ms() { date +%s%3N; }

# Throw-away secrets, never printed. The webhook secret also goes to http_load, as the header Telegram sends.
export AMBASSADOR_BENCH_TELEGRAM_BOT_TOKEN="123456789:AAbench$(random_hex)"
export AMBASSADOR_BENCH_TELEGRAM_WEBHOOK_SECRET="bench-$(random_hex)"
export AMBASSADOR_BENCH_EDITOR_TOKEN="bench-$(random_hex)"

# --- the fake Bot API ---------------------------------------------------------------------------------------
# Its life is bounded too: both runs plus margins.
fake_budget=$((duration + warmup + 4 * groups / 30 + 600))
timeout --signal=TERM --kill-after=5 "$fake_budget" "$fake" >"$tmp/fake_telegram.out" 2>&1 &
fake_pid=$!
fake_port=""
for _ in $(seq 1 100); do
  fake_port=$(awk '$1 == "port" { print $2; exit }' "$tmp/fake_telegram.out" 2>/dev/null || true)
  [[ -n $fake_port ]] && break
  sleep 0.1
done
[[ -n $fake_port ]] || { echo "telegram_bench: fake_telegram did not start" >&2; cat "$tmp/fake_telegram.out" >&2; exit 1; }
fake_url="http://127.0.0.1:$fake_port"
echo "fake Bot API: $fake_url"

# write_config FILE PORT DATA_DIR CHANNELS: one department with CHANNELS Telegram groups -1000000000001, ...
write_config() {
  local file=$1 port=$2 dir=$3 channels=$4
  {
    cat <<EOF
[http]
address = "127.0.0.1"
port = $port
threads = $server_threads
max_connections = 4096

[storage]
data_dir = "$dir"
database = "ambassador.sqlite3"

[log]
level = "warn"

[[departments]]
id = "bench"
name = "Bench"
EOF
    local i
    for ((i = 1; i <= channels; i++)); do
      printf '\n  [[departments.channels]]\n  platform = "telegram"\n  id = "-100%010d"\n' "$i"
    done
    cat <<EOF

[[api_tokens]]
name = "bench-editor"
token = "env:AMBASSADOR_BENCH_EDITOR_TOKEN"
role = "editor"

[platforms.local]
enabled = false

[platforms.telegram]
enabled = true
api_base_url = "$fake_url"
bot_username = "BenchAmbassadorBot"
bot_token = "env:AMBASSADOR_BENCH_TELEGRAM_BOT_TOKEN"
webhook_secret = "env:AMBASSADOR_BENCH_TELEGRAM_WEBHOOK_SECRET"
EOF
  } >"$file"
}

# start_server CONFIG LOG BUDGET_S: starts `serve`, waits for GET /healthz = 200; sets base, server_pid.
start_server() {
  local config=$1 log=$2 budget=$3 port
  port=$(awk '/^port = / { print $3; exit }' "$config")
  base="http://127.0.0.1:$port"
  timeout 30 "$bot" check-config --config "$config" >/dev/null ||
    { echo "telegram_bench: the generated config $config is not valid" >&2; timeout 30 "$bot" check-config --config "$config" >&2 || true; exit 1; }
  serve_and_wait "$config" "$log" "$budget"
}

failures=0
summary=()

# --- (a) ingest ---------------------------------------------------------------------------------------------
run_ingest() {
  local dir="$tmp/ingest" config="$tmp/ingest.toml"
  mkdir -p "$dir"
  write_config "$config" "$(free_port)" "$dir" 3
  start_server "$config" "$tmp/ingest-server.log" $((duration + warmup + 120))
  local database="$dir/ambassador.sqlite3"

  # A group message nobody addressed, as Telegram delivers it; {seq} makes update_id (the dedupe key) unique.
  local update='{"update_id":{seq},"message":{"message_id":{seq},"from":{"id":{conn},"is_bot":false,"first_name":"Collega","username":"collega{conn}"},"chat":{"id":-1000000000001,"title":"Bench","type":"supergroup"},"date":1700000000,"text":"koffie om tien uur? bericht {seq}"}}'
  local rows_before out="$tmp/ingest.json" status=0
  rows_before=$(inbox_rows "$database" telegram)
  echo
  echo "== (a) POST /telegram/webhook (secret header, unique update_id): $connections connections, ${duration} s (+${warmup} s warm-up)"
  run_http_load "$out" --url "$base/telegram/webhook" --method POST --content-type application/json \
    --header "X-Telegram-Bot-Api-Secret-Token: $AMBASSADOR_BENCH_TELEGRAM_WEBHOOK_SECRET" --body-template "$update" ||
    status=$?
  [[ -s $out ]] || { echo "http_load failed (exit status $status) and printed no summary" >&2; failures=$((failures + 1)); return; }
  local hwm_kb rss_kb rate p99
  hwm_kb=$(proc_status_kb VmHWM)
  rss_kb=$(proc_status_kb VmRSS)
  rate=$(json_field "$out" requests_per_s)
  p99=$(json_field "$out" p99)
  print_load_summary "$out"
  echo "  server memory: VmRSS $((rss_kb / 1024)) MB, VmHWM $((hwm_kb / 1024)) MB"
  echo "  json: $(cat "$out")"

  check_load_result "$out" "$status" || failures=$((failures + $?))
  check_only_2xx "$out" || failures=$((failures + 1))

  local rows_after
  rows_after=$(inbox_rows "$database" telegram)
  check_rows_match "$out" telegram $((rows_after - rows_before)) || failures=$((failures + 1))
  check_distinct_keys "$database" telegram "$rows_after" "update ids" || failures=$((failures + 1))
  stop_server || failures=$((failures + 1))
  summary+=("$(awk -v rate="$rate" -v p99="$p99" -v rss="$rss_kb" -v hwm="$hwm_kb" 'BEGIN {
    printf "(a) ingest: %s updates/s (>= 35000: %s), p99 %s ms, VmRSS %.1f MB (< 50: %s), VmHWM %.1f MB",
      rate, (rate >= 35000 ? "met" : "BELOW"), p99, rss / 1024, (rss < 50 * 1024 ? "met" : "MISSED"), hwm / 1024
  }')")
}

# --- (b) fan-out ----------------------------------------------------------------------------------------------
run_fanout() {
  local dir="$tmp/fanout" config="$tmp/fanout.toml"
  mkdir -p "$dir"
  write_config "$config" "$(free_port)" "$dir" "$groups"
  local minimum_s
  minimum_s=$(awk -v g="$groups" 'BEGIN { printf "%.1f", g / 30 }')
  local wait_s=$((3 * groups / 30 + 120))
  start_server "$config" "$tmp/fanout-server.log" $((wait_s + 120))
  local database="$dir/ambassador.sqlite3"
  curl -s "$fake_url/stats" >"$tmp/fake-before.json"
  local accepted_before
  accepted_before=$(json_field "$tmp/fake-before.json" accepted)

  echo
  echo "== (b) one post to $groups groups through the rate-limited fake Bot API (limit-implied minimum ${minimum_s} s)"
  local publish_at post started id
  publish_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  post="{\"title\":\"Bench post\",\"body\":\"Fan-out benchmark\",\"link_url\":\"https://example.org/bench\",\"departments\":[\"bench\"],\"publish_at\":\"$publish_at\"}"
  started=$(now_ms)
  curl -s --max-time 10 -X POST "$base/api/v1/posts" -H "Authorization: Bearer $AMBASSADOR_BENCH_EDITOR_TOKEN" \
    -H 'Content-Type: application/json' -d "$post" >"$tmp/post.json"
  id=$(json_field "$tmp/post.json" id)
  [[ -n $id ]] || { echo "  creating the post failed: $(cat "$tmp/post.json")"; failures=$((failures + 1)); stop_server || true; return; }

  local deadline=$(($(now_ms) + wait_s * 1000)) accepted=0
  while (($(now_ms) < deadline)); do
    curl -s --max-time 5 "$fake_url/stats" >"$tmp/fake-stats.json" || true
    accepted=$(($(json_field "$tmp/fake-stats.json" accepted || echo 0) - accepted_before))
    ((accepted >= groups)) && break
    sleep 0.2
  done
  # The outbox settles each delivery just after its answer: give the last ones a moment.
  local sent=0
  for _ in $(seq 1 50); do
    sent=$(sqlite_query "$database" "select count(*) from outbox where post_id = $id and status = 'sent'")
    ((sent >= groups)) && break
    sleep 0.1
  done
  sleep 1  # anything sent twice would arrive now
  curl -s --max-time 5 "$fake_url/stats" >"$tmp/fake-stats.json"
  echo "  fake Bot API: $(cat "$tmp/fake-stats.json")"
  echo "  outbox: $(sqlite_query "$database" \
    "select group_concat(status || '=' || n, ', ') from (select status, count(*) n from outbox where post_id = $id group by status)")"

  local first last rejected first_429 last_429 chats twice
  first=$(json_field "$tmp/fake-stats.json" first_accepted_ms)
  last=$(json_field "$tmp/fake-stats.json" last_accepted_ms)
  rejected=$(json_field "$tmp/fake-stats.json" rejected_429)
  first_429=$(json_field "$tmp/fake-stats.json" first_429_ms)
  last_429=$(json_field "$tmp/fake-stats.json" last_429_ms)
  chats=$(json_field "$tmp/fake-stats.json" chats_with_messages)
  twice=$(json_field "$tmp/fake-stats.json" chats_with_more_than_one)
  accepted=$(($(json_field "$tmp/fake-stats.json" accepted) - accepted_before))
  local line
  line=$(awk -v g="$groups" -v s="$started" -v f="$first" -v l="$last" -v r="$rejected" -v f4="$first_429" -v l4="$last_429" 'BEGIN {
    min = g / 30; total = (l - s) / 1000; span = (l - f) / 1000
    printf "(b) fan-out to %d groups: %.2f s from creating the post to the last message (minimum %.2f s: %+.1f%%, within 5%%: %s); ",
      g, total, min, (total / min - 1) * 100, (total <= min * 1.05 ? "met" : "MISSED")
    printf "first to last message %.2f s (minimum %.2f s for %d spaced at 1/30 s); first message after %.2f s; ",
      span, (g - 1) / 30, g, (f - s) / 1000
    printf "429s: %d (none after the first: %s)", r, (r <= 1 ? "met" : "MISSED")
  }')
  echo "  $line"
  summary+=("$line")
  ((accepted == groups)) || { echo "  MISMATCH: $accepted messages accepted for $groups groups"; failures=$((failures + 1)); }
  ((chats == groups)) || { echo "  MISMATCH: $chats groups got a message, expected $groups"; failures=$((failures + 1)); }
  ((twice == 0)) || { echo "  DUPLICATES: $twice groups got more than one message"; failures=$((failures + 1)); }
  ((sent == groups)) || { echo "  MISMATCH: $sent deliveries marked sent, expected $groups"; failures=$((failures + 1)); }
  stop_server || failures=$((failures + 1))
}

[[ $only == fanout ]] || run_ingest
[[ $only == ingest ]] || run_fanout
stop_fake

echo
for line in "${summary[@]}"; do echo "$line"; done
if ((failures)); then
  echo "telegram_bench: $failures check(s) failed"
  exit 1
fi
echo "telegram_bench: all checks passed"
