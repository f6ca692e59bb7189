#!/usr/bin/env bash
# Builds the Teams app package (manifest.json + the two icons, zipped) to upload in Teams
# ("Apps" → "Manage your apps" → "Upload an app") or in the Teams admin center.
#
#   TEAMS_APP_ID=<the Azure Bot's Microsoft App ID> PUBLIC_BASE_URL=https://ambassadeurs.example.nl \
#     deploy/teams/make-package.sh [OUTPUT.zip]
#
# Optional: ORGANISATION_NAME (default "Ambassador Bot"), APP_VERSION (default 1.0.0; raise it for every
# upload of a changed package, Teams refuses the same version twice), PRIVACY_URL and TERMS_URL (the
# organisation's privacy statement and terms; default PUBLIC_BASE_URL/privacy and /terms).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
output="${1:-ambassador-bot-teams.zip}"

fail() { echo "make-package: $*" >&2; exit 2; }

guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
[[ "${TEAMS_APP_ID:-}" =~ $guid ]] || fail "TEAMS_APP_ID must be the bot's Microsoft App ID (a GUID), got '${TEAMS_APP_ID:-}'"
[[ "${PUBLIC_BASE_URL:-}" == https://* ]] || fail "PUBLIC_BASE_URL must be the service's https:// address"
export TEAMS_APP_ID PUBLIC_BASE_URL="${PUBLIC_BASE_URL%/}"
export ORGANISATION_NAME="${ORGANISATION_NAME:-Ambassador Bot}" APP_VERSION="${APP_VERSION:-1.0.0}"
export PRIVACY_URL="${PRIVACY_URL:-$PUBLIC_BASE_URL/privacy}" TERMS_URL="${TERMS_URL:-$PUBLIC_BASE_URL/terms}"
[[ "$APP_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "APP_VERSION must look like 1.0.0"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# python3 substitutes (envsubst would also replace "$schema") and checks the result is JSON, then zips
# without directories: Teams wants the three files at the top of the archive.
python3 - "$here" "$work" "$output" <<'PY'
import json, os, re, sys, zipfile
here, work, output = sys.argv[1:4]
text = open(os.path.join(here, "manifest.template.json"), encoding="utf-8").read()
names = ("TEAMS_APP_ID", "PUBLIC_BASE_URL", "ORGANISATION_NAME", "APP_VERSION", "PRIVACY_URL", "TERMS_URL")
text = re.sub(r"\$\{(" + "|".join(names) + r")\}", lambda m: json.dumps(os.environ[m.group(1)])[1:-1], text)
manifest = json.loads(text)
with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
    package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    for icon in ("color.png", "outline.png"):
        package.write(os.path.join(here, icon), icon)
PY
echo "wrote $output (app id $TEAMS_APP_ID, version $APP_VERSION)"
