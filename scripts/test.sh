#!/usr/bin/env bash
# Runs every test suite of the built tree. Called by ./arr test (after setup and build).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="${ARR_CONFIGURATION:-Release}"

# Services that test suites need (e.g. a local PostgreSQL) are started by hooks in scripts/test.d.
for hook in "$ROOT"/scripts/test.d/*.sh; do
  [[ -e "$hook" ]] || continue
  # shellcheck disable=SC1090
  source "$hook"
done

status=0
for proj in "$ROOT"/tests/*/*.Tests.csproj; do
  name="$(basename "$proj" .csproj)"
  echo "=== $name" >&2
  if ! dotnet test "$proj" -c "$CONFIG" --no-build -nologo -v:q \
       --logger "console;verbosity=normal" "$@"; then
    echo "=== $name FAILED" >&2
    status=1
  fi
done
exit $status
