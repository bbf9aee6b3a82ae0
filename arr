#!/usr/bin/env bash
# ArrHost entry point.
#   ./arr demo        run the main job end to end on a local region (no Docker, no GPU needed)
#   ./arr test        install what is missing, build, and run every test suite
#   ./arr test --docker   build the images and check docker-compose.yml end to end (scripts/docker-check.sh)
#   ./arr <command>   any command of the arr CLI (./arr --help lists them)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIG="${ARR_CONFIGURATION:-Release}"

# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"

case "${1:-}" in
  test)
    shift
    arr_setup
    arr_build
    if [[ "${1:-}" == "--docker" ]]; then
      shift
      exec "$ROOT/scripts/docker-check.sh" "$@"
    fi
    exec "$ROOT/scripts/test.sh" "$@"
    ;;
  setup)
    arr_setup
    arr_build
    ;;
  *)
    arr_setup
    arr_setup_bench "$@"
    arr_build
    exec dotnet "$ROOT/src/Cli/bin/$CONFIG/net10.0/arr.dll" "$@"
    ;;
esac
