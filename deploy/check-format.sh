#!/usr/bin/env bash
# Checks that the C++ files changed since BASE are formatted as .clang-format says (prints the ones that are not and
# exits 1). BASE defaults to the commit in .ci/format-base: the tree before it predates the check, and is brought
# into shape file by file as files are touched. Run `deploy/check-format.sh --fix` to format them in place.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fix=false
if [ "${1:-}" = "--fix" ]; then fix=true; shift; fi
base="${1:-$(cat .ci/format-base)}"

if ! git rev-parse --verify -q "$base^{commit}" >/dev/null; then
  echo "check-format: base commit $base is not in this clone (a shallow clone?); nothing checked" >&2
  exit 0
fi

# Changed since BASE, and new files not yet added (so --fix before the first commit covers them too).
mapfile -t files < <( (git diff --name-only --diff-filter=ACMR "$base" -- '*.cpp' '*.hpp' '*.h'
  git ls-files --others --exclude-standard -- '*.cpp' '*.hpp' '*.h') | sort -u)
unformatted=()
for file in "${files[@]}"; do
  [ -f "$file" ] || continue
  if $fix; then
    clang-format -i "$file"
  elif ! clang-format --dry-run -Werror "$file" >/dev/null 2>&1; then
    unformatted+=("$file")
  fi
done
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "check-format: not formatted as .clang-format says (run deploy/check-format.sh --fix):" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  exit 1
fi
echo "check-format: ${#files[@]} changed files formatted"
