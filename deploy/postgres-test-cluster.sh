#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: `start DIR` creates one in DIR (a fresh directory), listening only on
# a Unix socket inside DIR, and prints the URL to reach its database "ambassador"; `stop DIR` stops it. Debian's
# postgresql package provides the server; the cluster runs as an unprivileged user (the caller, or "postgres" when
# the caller is root), trusts local connections on that socket and keeps nothing after `stop` and `rm -rf DIR`.
set -euo pipefail
command=${1:?usage: postgres-test-cluster.sh start|stop DIR}
dir=${2:?usage: postgres-test-cluster.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U ambassador --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # fsync off: a test cluster is thrown away, never recovered; listen_addresses '': no TCP at all.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-k $dir -c listen_addresses='' -c fsync=off \
-c max_connections=200 -c full_page_writes=off" start >/dev/null
    "$bin/createdb" -h "$dir" -U ambassador ambassador
    echo "postgresql://ambassador@/ambassador?host=$dir"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: postgres-test-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
