#!/usr/bin/env bash
# One command to try Ambassador Bot: installs what is missing, builds in Release and serves the demo
# configuration (SQLite under ./data, the built-in "local" chat platform, no credentials needed).
# Extra arguments go to `ambassador-bot serve`, e.g. --log-format json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/deploy/install-deps.sh"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DAMBASSADOR_TESTS=OFF -DAMBASSADOR_BENCH=OFF >/dev/null
cmake --build build/release --target ambassador-bot

# Demo API tokens (the demo config names these variables); never use these outside a demo.
export AMBASSADOR_DEMO_EDITOR_TOKEN="${AMBASSADOR_DEMO_EDITOR_TOKEN:-demo-editor-token}"
export AMBASSADOR_DEMO_ADMIN_TOKEN="${AMBASSADOR_DEMO_ADMIN_TOKEN:-demo-admin-token}"
export AMBASSADOR_DEMO_WEBCARE_TOKEN="${AMBASSADOR_DEMO_WEBCARE_TOKEN:-demo-webcare-token}"
exec build/release/bot/app/ambassador-bot serve --config config/demo.toml "$@"
