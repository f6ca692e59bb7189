#!/usr/bin/env bash
# Event throughput of several instances on one PostgreSQL database against one, the way deploy/compose runs them:
# nginx (Debian's) in front, round robin over the instances, wrk -t2 -c64 sending Telegram private "/help" updates
# (bench/wrk/telegram_updates.lua, CHAT=private: every update answered, its answer queued in the outbox; the Bot API
# points at a port nothing listens on, so answers wait there as while Telegram is unreachable). The ceiling is
# trivial_server behind the same nginx, measured in the same run with the same script. After each run: inbox rows
# against wrk's completed requests (every 2xx stored) and one outbox row per stored update.
#   bench/scaleout_bench.sh --postgres URL [--instances "1 3"] [--duration 10] [AMBASSADOR_BOT [TRIVIAL_SERVER]]
# URL: e.g. what deploy/postgres-test-cluster.sh prints; each run stores in a schema of its own, dropped after.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/common.sh
source "$repo/bench/lib/common.sh"  # free_port and the wrk_* readers
postgres=""
counts="1 3"
duration=10
positional=()
while (($#)); do
  case "$1" in
    --postgres) postgres=${2:?--postgres needs a URL}; shift 2 ;;
    --instances) counts=${2:?--instances needs a list}; shift 2 ;;
    --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ -n $postgres ]] || { echo "scaleout_bench: --postgres URL is required" >&2; exit 2; }
bot=${positional[0]:-$repo/build/release/bot/app/ambassador-bot}
ceiling_bin=${positional[1]:-$repo/build/release/bench/trivial_server}
for tool in wrk nginx psql curl python3; do
  command -v "$tool" >/dev/null || { echo "scaleout_bench: $tool is missing (apt install wrk nginx)" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ambassador-scaleout.XXXXXX")
pids=()
schemas=()
stop_everything() {  # not common.sh's cleanup: this script owns several servers and schemas
  local pid schema
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for schema in "${schemas[@]}"; do psql -q "$postgres" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap stop_everything EXIT
wait_ready() { for _ in $(seq 1 200); do curl -sf -o /dev/null --max-time 1 "$1" && return 0; sleep 0.1; done; return 1; }

export TELEGRAM_WEBHOOK_SECRET="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export BENCH_TELEGRAM_BOT_TOKEN="123456789:AAbench$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
unused_port=$(free_port)

# nginx_front NAME PORT UPSTREAM_PORTS...: nginx on PORT, round robin over the ports, keep-alive to them.
nginx_front() {
  local name=$1 port=$2 dir="$tmp/nginx-$1" upstream
  shift 2
  mkdir -p "$dir"
  upstream=$(printf '    server 127.0.0.1:%s;\n' "$@")
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream backends {
$upstream
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' 2>"$dir/stderr" &
  pids+=("$!")
}

# run_wrk OUT URL: the telegram-private workload.
run_wrk() {
  CHAT=private wrk -t2 -c64 -d"${duration}s" --latency -s "$repo/bench/wrk/telegram_updates.lua" "$2" >"$1" 2>&1
}

# The ceiling: trivial_server (one thread per instance of the largest run would be unfair to it: it gets two).
ceiling_port=$(free_port)
"$ceiling_bin" --port "$ceiling_port" --threads 2 >"$tmp/ceiling.log" 2>&1 &
pids+=("$!")
wait_ready "http://127.0.0.1:$ceiling_port/" || { echo "scaleout_bench: trivial_server did not start" >&2; exit 1; }
front=$(free_port)
nginx_front ceiling "$front" "$ceiling_port"
wait_ready "http://127.0.0.1:$front/" || { echo "scaleout_bench: nginx did not start" >&2; cat "$tmp/nginx-ceiling/stderr" >&2; exit 1; }
run_wrk "$tmp/ceiling.wrk" "http://127.0.0.1:$front/telegram/webhook"
ceiling=$(wrk_rate "$tmp/ceiling.wrk")
printf 'ceiling (nginx -> trivial_server): %s req/s, p99 %s ms\n' "$ceiling" "$(wrk_p99_ms "$tmp/ceiling.wrk")"

status=0
for n in $counts; do
  schema="scaleout_${n}_$$"
  schemas+=("$schema")
  psql -q "$postgres" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
  sep='?'; [[ $postgres == *\?* ]] && sep='&'
  export BENCH_POSTGRES_URL="$postgres${sep}options=-csearch_path%3D$schema"
  ports=()
  first_pid=${#pids[@]}
  for i in $(seq 1 "$n"); do
    port=$(free_port)
    ports+=("$port")
    mkdir -p "$tmp/run$n/instance$i"
    cat >"$tmp/run$n/instance$i.toml" <<EOF
[http]
address = "127.0.0.1"
port = $port
max_connections = 4096
[storage]
data_dir = "$tmp/run$n/instance$i"
backend = "postgres"
postgres_url = "env:BENCH_POSTGRES_URL"
[log]
level = "warn"
[[departments]]
id = "bench"
name = "Bench"
[platforms.local]
enabled = false
[platforms.telegram]
enabled = true
api_base_url = "http://127.0.0.1:$unused_port"
bot_username = "BenchAmbassadorBot"
bot_token = "env:BENCH_TELEGRAM_BOT_TOKEN"
webhook_secret = "env:TELEGRAM_WEBHOOK_SECRET"
EOF
    "$bot" serve --config "$tmp/run$n/instance$i.toml" >"$tmp/run$n/instance$i.log" 2>&1 &
    pids+=("$!")
  done
  for port in "${ports[@]}"; do
    wait_ready "http://127.0.0.1:$port/readyz" || { echo "scaleout_bench: an instance did not start" >&2; cat "$tmp/run$n"/*.log >&2; exit 1; }
  done
  front=$(free_port)
  nginx_front "run$n" "$front" "${ports[@]}"
  wait_ready "http://127.0.0.1:$front/readyz" || { echo "scaleout_bench: nginx did not start" >&2; exit 1; }
  run_wrk "$tmp/run$n.wrk" "http://127.0.0.1:$front/telegram/webhook"
  sleep 1
  inbox=$(psql -At "$BENCH_POSTGRES_URL" -c "SELECT count(*) FROM inbox")
  outbox=$(psql -At "$BENCH_POSTGRES_URL" -c "SELECT count(*) FROM outbox")
  service=$(wrk_rate "$tmp/run$n.wrk")
  share=$(python3 -c "print(f'{100 * $service / $ceiling:.1f}')")
  printf '%d instance(s): %s req/s, p99 %s ms, %s%% of the ceiling; %s completed, %s non-2xx, inbox %s, outbox %s\n' \
    "$n" "$service" "$(wrk_p99_ms "$tmp/run$n.wrk")" "$share" "$(wrk_requests "$tmp/run$n.wrk")" "$(wrk_non_2xx "$tmp/run$n.wrk")" \
    "$inbox" "$outbox"
  if [[ $(wrk_non_2xx "$tmp/run$n.wrk") != 0 || $inbox -lt $(wrk_requests "$tmp/run$n.wrk") || $inbox != "$outbox" ]]; then
    echo "scaleout_bench: FAILED: every 2xx must be a stored update with one answer queued" >&2
    status=1
  fi
  for pid in "${pids[@]:first_pid}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]:first_pid}"; do wait "$pid" 2>/dev/null || true; done
  pids=("${pids[@]:0:first_pid}")
done
exit "$status"
