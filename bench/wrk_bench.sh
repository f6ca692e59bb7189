#!/usr/bin/env bash
# The ingest workloads measured the way people compare bot frameworks: wrk (Debian), 2 threads, 64
# connections, 15 s, on the same machine as the service, each next to a ceiling measured in the same run:
# trivial_server (a Beast server answering 200 to everything, as nginx `return 200` would) receiving the very
# same requests from the same wrk script. Four workloads, each against a fresh service and database:
#   slack-chatter     signed Slack `message` events nobody addressed (stored as their key, answered by nobody)
#   telegram-chatter  Telegram supergroup messages nobody addressed
#   slack-mentions    signed Slack events, every 5th an `app_mention` the bot answers
#   telegram-private  Telegram private-chat "/help": every update answered
#   teams-chatter     Bot Framework activities in a Teams channel, each with its RS256 Bearer token checked (keys from
#                     bench/fake_bot_framework on loopback), nobody addressed
#   teams-mentions    the same, every 5th @mentioning the bot with "help" (answered)
# The platforms' APIs point at a loopback port nothing listens on, so answers wait in the outbox as they would
# while a platform is unreachable. After each run: inbox rows against wrk's completed requests (every 2xx is
# stored; requests still in flight when wrk stops may be stored too), one outbox row per answered event, and no
# event kept with its text (only a failed one would be).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/wrk_bench.sh [options] [AMBASSADOR_BOT [TRIVIAL_SERVER [FAKE_BOT_FRAMEWORK]]]
  AMBASSADOR_BOT     the built service (default: build/release/bot/app/ambassador-bot)
  TRIVIAL_SERVER     the ceiling (default: build/release/bench/trivial_server)
  FAKE_BOT_FRAMEWORK Teams' identity provider stand-in (default: build/release/bench/fake_bot_framework)
  --duration S       measured seconds per run (default 15)
  --connections N    wrk connections (default 64)
  --threads N        wrk threads (default 2)
  --server-threads N the service's and the ceiling's threads (default 1)
  --only NAME        one workload: slack-chatter, telegram-chatter, slack-mentions, telegram-private,
                     teams-chatter, teams-mentions
  --generator G      wrk (default), or http_load (build/release/bench/http_load) as a cross-check of the same
                     figures: teams-chatter only (Slack and Telegram have their own http_load benches)
  --postgres URL     store in PostgreSQL at URL (libpq URI; a schema of its own per workload, dropped after)
                     instead of an SQLite file, e.g. the URL deploy/postgres-test-cluster.sh prints
  --keep             keep the temp dir (configs, databases, logs, wrk outputs)
Targets (issue 15, reported, not enforced): chatter >= 45% of the ceiling, answered >= 35%, p99 <= 10 ms,
VmRSS < 50 MB. Exit status: 0 when every run got only 2xx answers and the row checks held; 1 otherwise.
EOF
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=wrk_bench
# shellcheck source=lib/common.sh
source "$repo/bench/lib/common.sh"
set_common_defaults
duration=15
threads=2
server_threads=1
only=""
generator=wrk
postgres=""
while (($#)); do
  case "$1" in
    --postgres) postgres=${2:?--postgres needs a URL}; shift 2 ;;
    --generator) generator=${2:?--generator needs wrk or http_load}; shift 2 ;;
    --server-threads) server_threads=${2:?--server-threads needs a value}; shift 2 ;;
    --only) only=${2:?--only needs a workload}; shift 2 ;;
    *) parse_common_option "$@"; shift "$consumed" ;;
  esac
done
((${#positional[@]} <= 3)) || { usage >&2; exit 2; }
require_whole_numbers "$duration" "$connections" "$threads" "$server_threads"
require_positive "$duration" "$connections" "$threads" "$server_threads"

bot=$(absolute "${positional[0]:-build/release/bot/app/ambassador-bot}")
ceiling_bin=$(absolute "${positional[1]:-build/release/bench/trivial_server}")
identity_bin=$(absolute "${positional[2]:-build/release/bench/fake_bot_framework}")
load=""  # healthz_status falls back to curl
require_executables "$bot" "$ceiling_bin" "$identity_bin"
require_commands wrk sqlite3 timeout pgrep awk od python3 curl
[[ -z $postgres ]] || require_commands psql
case $generator in
  wrk) ;;
  http_load)
    http_load_bin=$(absolute build/release/bench/http_load)
    require_executables "$http_load_bin"
    [[ -z $only || $only == teams-chatter ]] || { echo "$me: http_load runs teams-chatter only" >&2; exit 2; }
    only=teams-chatter ;;
  *) echo "$me: --generator is wrk or http_load" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-wrk-bench.XXXXXX")
wrapper_pid=""
server_pid=""
load_pid=""
ceiling_pid=""
identity_pid=""
stop_extra() {
  local pid
  for pid in "$ceiling_pid" "$identity_pid"; do
    still_running "$pid" || continue
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
set_exit_traps

# Throw-away secrets, never printed; the scripts sign with them as the platforms would.
export SLACK_SIGNING_SECRET="bench-$(random_hex)"
export TELEGRAM_WEBHOOK_SECRET="bench-$(random_hex)"
export AMBASSADOR_BENCH_SLACK_BOT_TOKEN="xoxb-bench-$(random_hex)"
export AMBASSADOR_BENCH_TELEGRAM_BOT_TOKEN="123456789:AAbench$(random_hex)"
export AMBASSADOR_BENCH_TEAMS_APP_PASSWORD="bench-$(random_hex)"
unused_port=$(free_port)
# Activities name this connector; nothing listens there, so answers wait in the outbox like the others'.
export SERVICE_URL="http://127.0.0.1:$unused_port/teams"

# Teams' identity provider: publishes the signing keys and mints the one token every activity carries.
"$identity_bin" "$SERVICE_URL" >"$tmp/identity.out" 2>&1 &
identity_pid=$!
for _ in $(seq 1 100); do
  grep -q '^token ' "$tmp/identity.out" 2>/dev/null && break
  sleep 0.1
done
metadata_url=$(awk '$1 == "metadata" { print $2 }' "$tmp/identity.out")
teams_app_id=$(awk '$1 == "app_id" { print $2 }' "$tmp/identity.out")
TEAMS_TOKEN=$(awk '$1 == "token" { print $2 }' "$tmp/identity.out")
export TEAMS_TOKEN
[[ -n $TEAMS_TOKEN ]] || { echo "$me: fake_bot_framework did not start" >&2; cat "$tmp/identity.out" >&2; exit 1; }

write_config() {
  local file=$1 port=$2 dir=$3
  cat >"$file" <<EOF
[http]
address = "127.0.0.1"
port = $port
threads = $server_threads
max_connections = 4096

[storage]
data_dir = "$dir"
database = "ambassador.sqlite3"
$([[ -z $postgres ]] || printf 'backend = "postgres"\npostgres_url = "env:BENCH_POSTGRES_URL"')

[log]
level = "warn"

[[departments]]
id = "bench"
name = "Bench"

  [[departments.channels]]
  platform = "slack"
  workspace = "T1"
  id = "C1"

  [[departments.channels]]
  platform = "telegram"
  id = "-1000000000001"

[platforms.local]
enabled = false

[platforms.slack]
enabled = true
api_base_url = "http://127.0.0.1:$unused_port"

  [[platforms.slack.workspaces]]
  team_id = "T1"
  signing_secret = "env:SLACK_SIGNING_SECRET"
  bot_token = "env:AMBASSADOR_BENCH_SLACK_BOT_TOKEN"

[platforms.telegram]
enabled = true
api_base_url = "http://127.0.0.1:$unused_port"
bot_username = "BenchAmbassadorBot"
bot_token = "env:AMBASSADOR_BENCH_TELEGRAM_BOT_TOKEN"
webhook_secret = "env:TELEGRAM_WEBHOOK_SECRET"

[platforms.teams]
enabled = true
app_id = "$teams_app_id"
app_password = "env:AMBASSADOR_BENCH_TEAMS_APP_PASSWORD"
openid_metadata_url = "$metadata_url"
login_base_url = "http://127.0.0.1:$unused_port"
default_service_url = "$SERVICE_URL"
EOF
}

# The service loads Teams' signing keys in the background after start: until then activities get 401.
wait_for_teams_keys() {
  local probe
  probe='{"type":"typing","id":"probe","channelId":"msteams","serviceUrl":"'$SERVICE_URL'","from":{"id":"29:probe"},'
  probe+='"conversation":{"id":"a:probe","tenantId":"bench-tenant"},"recipient":{"id":"28:bench-bot"}}'
  for _ in $(seq 1 100); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 -H "Authorization: Bearer $TEAMS_TOKEN" \
      -H 'Content-Type: application/json' --data "$probe" "$base/teams/messages") == 200 ]] && return 0
    sleep 0.1
  done
  echo "$me: the service did not accept a signed Teams activity within 10 s" >&2
  exit 1
}

# run_load OUT URL SCRIPT [VAR=VALUE...]: one run of the load generator with the workload's environment.
run_load() {
  if [[ $generator == http_load ]]; then run_http_load "$@"; else run_wrk "$@"; fi
}

run_wrk() {
  local out=$1 url=$2 script=$3
  shift 3
  env "$@" timeout $((duration + 60)) wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    -s "$repo/bench/wrk/$script" "$url" >"$out" 2>&1 &
  load_pid=$!
  wait "$load_pid"
  load_pid=""
}

# The activity bench/wrk/teams_activities.lua sends as chatter, as an http_load body template ({seq} makes each
# activity id unique; the run's start time keeps reruns apart).
teams_chatter_template() {
  local id="$(date +%s)-{seq}"
  printf '%s' '{"type":"message","id":"'"$id"'","timestamp":"2026-12-07T09:00:00.000Z","channelId":"msteams",' \
    '"serviceUrl":"'"$SERVICE_URL"'","from":{"id":"29:user-{conn}","name":"Collega","aadObjectId":' \
    '"00000000-0000-0000-0000-000000000001"},"conversation":{"id":"19:bench@thread.tacv2;messageid='"$id"'",' \
    '"conversationType":"channel","tenantId":"bench-tenant","isGroup":true},"recipient":{"id":"28:bench-bot",' \
    '"name":"Ambassador Bot"},"text":"koffie om tien uur? bericht {seq}","textFormat":"plain","entities":[],' \
    '"channelData":{"teamsChannelId":"19:bench@thread.tacv2","teamsTeamId":"19:bench@thread.tacv2",' \
    '"channel":{"id":"19:bench@thread.tacv2"},"team":{"id":"19:bench@thread.tacv2"},"tenant":{"id":"bench-tenant"}}}'
}

# http_load writes one JSON line; it is turned into the lines of wrk's output that the readers below take.
run_http_load() {
  local out=$1 url=$2
  timeout $((duration + 60)) "$http_load_bin" --url "$url/teams/messages" --method POST --json \
    --connections "$connections" --threads "$threads" --duration "$duration" --warmup 1 \
    --content-type application/json --header "Authorization: Bearer $TEAMS_TOKEN" \
    --body-template "$(teams_chatter_template)" >"$out.json" 2>&1 &
  load_pid=$!
  wait "$load_pid" || true
  load_pid=""
  python3 - "$out.json" >"$out" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
a = s["all"]
print("     99%%    %.3fms" % s["latency_ms"]["p99"])
print("  %d requests in %.2fs" % (a["responses"], s["duration_s"]))
print("  Non-2xx or 3xx responses: %d" % (a["responses"] - a["responses_2xx"]))
print("Requests/sec: %.1f" % s["requests_per_s"])
PY
}


start_ceiling() {
  local port
  port=$(free_port)
  "$ceiling_bin" --port "$port" --threads "$server_threads" >"$tmp/ceiling.log" 2>&1 &
  ceiling_pid=$!
  ceiling_url="http://127.0.0.1:$port"
  for _ in $(seq 1 50); do
    curl -s -o /dev/null --max-time 1 "$ceiling_url/" && return 0
    sleep 0.1
  done
  echo "$me: trivial_server did not start" >&2
  exit 1
}

failures=0
summary=()

# run_workload NAME PLATFORM SCRIPT ANSWERED_EVERY VAR=VALUE...: ceiling, then the service, then the checks.
# db_query DATABASE SQL: the workload's SQLite file, or with --postgres its schema (DATABASE names it then).
db_query() {
  if [[ -z $postgres ]]; then sqlite_query "$1" "$2"; return; fi
  psql "$postgres" -Atq -v ON_ERROR_STOP=1 -c "SET search_path = $(basename "$(dirname "$1")" | tr -c 'a-z0-9\n' _)" -c "$2"
}

# With --postgres: a fresh schema for the workload, the service pointed at it.
use_schema() {
  [[ -n $postgres ]] || return 0
  local schema
  schema=$(echo "$1" | tr -c 'a-z0-9\n' _)
  PGOPTIONS='-c client_min_messages=warning' psql "$postgres" -Atq -v ON_ERROR_STOP=1 \
    -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
  local separator='?'
  [[ $postgres != *\?* ]] || separator='&'
  export BENCH_POSTGRES_URL="$postgres${separator}options=-csearch_path%3D$schema"
}

# ANSWERED_EVERY: 0 = chatter (nothing answered), n = every n-th event gets one answer.
run_workload() {
  local name=$1 platform=$2 script=$3 answered_every=$4
  shift 4
  [[ -z $only || $only == "$name" ]] || return 0
  echo
  echo "== $name: $generator -t$threads -c$connections -d${duration}s, server threads $server_threads"
  run_load "$tmp/$name-ceiling.txt" "$ceiling_url" "$script" "$@"
  local dir="$tmp/$name" config="$tmp/$name.toml" port
  mkdir -p "$dir"
  port=$(free_port)
  write_config "$config" "$port" "$dir"
  use_schema "$name"
  base="http://127.0.0.1:$port"
  serve_and_wait "$config" "$tmp/$name-server.log" $((duration + 180))
  [[ $platform != teams ]] || wait_for_teams_keys
  run_load "$tmp/$name-service.txt" "$base" "$script" "$@"
  local rss_kb hwm_kb
  rss_kb=$(proc_status_kb VmRSS)
  hwm_kb=$(proc_status_kb VmHWM)
  local database="$dir/ambassador.sqlite3" pending=1
  for _ in $(seq 1 300); do  # the inbox processor catches up: 30 s at most
    pending=$(db_query "$database" "select count(*) from inbox where status = 'pending'")
    ((pending == 0)) && break
    sleep 0.1
  done
  stop_server >/dev/null || failures=$((failures + 1))

  local ceiling_rate rate p99 ceiling_p99 completed non_2xx rows answered replies payloads
  ceiling_rate=$(wrk_rate "$tmp/$name-ceiling.txt")
  ceiling_p99=$(wrk_p99_ms "$tmp/$name-ceiling.txt")
  rate=$(wrk_rate "$tmp/$name-service.txt")
  p99=$(wrk_p99_ms "$tmp/$name-service.txt")
  completed=$(wrk_requests "$tmp/$name-service.txt")
  non_2xx=$(wrk_non_2xx "$tmp/$name-service.txt")
  rows=$(db_query "$database" "select count(*) from inbox where platform = '$platform' and event_key <> 'a:probe|probe'")
  # An answered event is one with its first reply queued (the reply's key names the event).
  answered=$(db_query "$database" "select count(*) from inbox i where i.platform = '$platform' and exists
    (select 1 from outbox o where o.idempotency_key = 'reply:' || i.platform || ':' || i.event_key || ':0')")
  replies=$(db_query "$database" "select count(*) from outbox")
  payloads=$(db_query "$database" "select count(*) from inbox where payload <> ''")
  echo "  ceiling: $ceiling_rate req/s, p99 $ceiling_p99 ms $(wrk_socket_errors "$tmp/$name-ceiling.txt")"
  echo "  service: $rate req/s, p99 $p99 ms, VmRSS $((rss_kb / 1024)) MB, VmHWM $((hwm_kb / 1024)) MB" \
    "$(wrk_socket_errors "$tmp/$name-service.txt")"
  echo "  completed $completed, non-2xx $non_2xx, inbox rows $rows (answered events $answered), outbox rows $replies"
  local ok=1
  ((non_2xx == 0)) || { echo "  FAILED: answers other than 2xx"; ok=0; }
  if ((rows < completed || rows > completed + connections)); then
    echo "  FAILED: inbox rows must be the completed requests plus at most the $connections in flight at the end"
    ok=0
  fi
  ((pending == 0)) || { echo "  FAILED: $pending events still pending 30 s after the run"; ok=0; }
  ((payloads == 0)) || { echo "  FAILED: $payloads events kept with their text (only failed ones may be)"; ok=0; }
  if ((answered_every == 0)); then
    ((answered == 0 && replies == 0)) || { echo "  FAILED: chatter must not be answered"; ok=0; }
  else
    ((replies == answered)) || { echo "  FAILED: every answered event must queue exactly one reply"; ok=0; }
    ((answered >= rows / answered_every - 1)) || { echo "  FAILED: fewer answered events than sent"; ok=0; }
  fi
  ((ok)) || failures=$((failures + 1))
  summary+=("$(awk -v n="$name" -v r="$rate" -v c="$ceiling_rate" -v p="$p99" -v cp="$ceiling_p99" \
    -v rss="$rss_kb" -v goal="$([[ $answered_every == 0 ]] && echo 45 || echo 35)" 'BEGIN {
      share = c > 0 ? 100 * r / c : 0
      printf "| %s | %.0f | %.2f ms | %.0f | %.2f ms | %.1f%% (goal %d%%: %s) | %.1f MB |", n, r, p, c, cp, share, goal,
        (share >= goal ? "met" : "below"), rss / 1024 }')")
}

start_ceiling
echo "ceiling: trivial_server ($server_threads thread(s)) at $ceiling_url"
run_workload slack-chatter slack slack_events.lua 0
run_workload telegram-chatter telegram telegram_updates.lua 0 CHAT=group
run_workload slack-mentions slack slack_events.lua 5 MENTION_EVERY=5
run_workload telegram-private telegram telegram_updates.lua 1 CHAT=private
run_workload teams-chatter teams teams_activities.lua 0
run_workload teams-mentions teams teams_activities.lua 5 MENTION_EVERY=5

echo
echo "| workload | service req/s | p99 | ceiling req/s | ceiling p99 | share of ceiling | VmRSS |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
((failures == 0)) || { echo "$failures check(s) failed"; exit 1; }
