#!/usr/bin/env bash
# One command to check Ambassador Bot: installs what is missing, checks the formatting of changed files, builds with
# AddressSanitizer and UndefinedBehaviorSanitizer (warnings are errors) and runs the whole test suite through ctest,
# then runs the tests that open a database again on PostgreSQL (a throw-away cluster, deploy/postgres-test-cluster.sh),
# then builds the tests that run threads (store, dispatcher, HTTP server and client, end to end) with
# ThreadSanitizer and runs them again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/deploy/install-deps.sh" --tests
# puppeteer-core for the dashboard's browser test (ctest dashboard_e2e); it drives Debian's chromium, downloads none.
(cd "$root/tests/dashboard_e2e" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
"$root/deploy/check-format.sh"

build=build/asan
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAMBASSADOR_SANITIZE=ON -DAMBASSADOR_WERROR=ON \
  -DAMBASSADOR_BENCH=OFF >/dev/null
cmake --build "$build"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build" --output-on-failure --timeout 300 -j "$(nproc)"

# The PostgreSQL leg: the same binaries, each test's database a schema of its own on a cluster that lives only for
# this run (its socket and files under a temporary directory; nothing listens on TCP).
on_postgres=(storage bot content impact rhythm tracking webcare dashboard http integration slack_e2e telegram_e2e teams_e2e
  scaleout)
pg_dir=$(mktemp -d /tmp/ambassador-pg.XXXXXX)
trap '"$root/deploy/postgres-test-cluster.sh" stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
AMBASSADOR_TEST_POSTGRES_URL="$("$root/deploy/postgres-test-cluster.sh" start "$pg_dir")"
export AMBASSADOR_TEST_POSTGRES_URL
ctest --test-dir "$build" --output-on-failure --timeout 300 -j "$(nproc)" \
  -L "^($(IFS='|'; echo "${on_postgres[*]}"))\$" -E dashboard_e2e
unset AMBASSADOR_TEST_POSTGRES_URL

# About ten minutes more on 2 cores; a developer in a hurry may skip it (CI never does).
if [ "${AMBASSADOR_SKIP_TSAN:-0}" = "1" ] && [ "${CI:-}" != "true" ]; then exit 0; fi
threaded=(storage bot http http_client integration slack_e2e telegram_e2e teams teams_e2e rhythm)
tsan=build/tsan
cmake -S . -B "$tsan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAMBASSADOR_TSAN=ON -DAMBASSADOR_WERROR=ON \
  -DAMBASSADOR_BENCH=OFF >/dev/null
cmake --build "$tsan" --target ambassador-bot "${threaded[@]/#/test_}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
labels="^($(IFS='|'; echo "${threaded[*]}"))\$"
ctest --test-dir "$tsan" --output-on-failure --timeout 600 -j "$(nproc)" -L "$labels"
