#!/usr/bin/env bash
# Installs the Debian packages Ambassador Bot needs to build, test (with --tests: the browser test too) and run.
# Idempotent: installs only what is missing, and says nothing when nothing is.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libboost1.81-all-dev libboost-url1.81-dev libssl-dev
  nlohmann-json3-dev rapidjson-dev libsqlitecpp-dev libsqlite3-dev sqlite3
  libspdlog-dev libtomlplusplus-dev libhowardhinnant-date-dev tzdata libical-dev
  libcpp-jwt-dev libpq-dev
  libgtest-dev libgmock-dev
  libjs-chart.js
  curl ca-certificates procps clang-format
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# --tests: what the dashboard's browser test needs besides (about 300 MB, so not for the demo or a server):
# Debian's chromium, Node.js with npm (an install from elsewhere, e.g. NodeSource with npm included, will do).
if [ "${1:-}" = "--tests" ]; then
  if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then missing+=(chromium); fi
  # The PostgreSQL leg of the tests runs a throw-away cluster of Debian's server.
  if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then missing+=(postgresql); fi
  if ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
