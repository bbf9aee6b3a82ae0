#!/usr/bin/env bash
# `./arr test --docker`: builds the project's images and runs docker-compose.yml for real, then checks the region
# end to end: the control plane is healthy, both render hosts register, a session goes Starting -> Ready -> Stopped
# over REST, and `arr connect` on this machine receives frames that decode. Then the same with --profile postgres.
#
# It installs and starts Debian's Docker engine when none runs (as root), and makes the base images locally when no
# registry can be reached: debian:bookworm-slim by debootstrap, the .NET images from this machine's own dotnet
# install, postgres:15 from Debian's PostgreSQL 15 (deploy/docker/postgres-standin). Builds use host networking
# (NuGet and Debian); the containers talk over the compose network and publish their ports on this machine only.
# Every container, network and volume it made is removed at the end, and an engine it started is stopped.
#
# The images stay in the engine's cache for the next run.
#   scripts/docker-check.sh      (ARR_DOCKER_CHECK_OUT: where the logs and report go; default out/docker)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${ARR_DOCKER_CHECK_OUT:-$ROOT/out/docker}"
CONFIG="${ARR_CONFIGURATION:-Release}"
PROJECT=arrhost-check
[[ $# -eq 0 ]] || { echo "docker-check: takes no options" >&2; exit 2; }
mkdir -p "$OUT"
REPORT="$OUT/report.md"
: > "$REPORT"
STARTED_ENGINE=0
DOCKERD_PID=""

say() { printf '[docker-check %s] %s\n' "$(date +%T)" "$*" >&2; }
report() { printf '%s\n' "$*" >> "$REPORT"; }
fail() { say "FAILED: $*"; report "FAILED: $*"; exit 1; }

# docker compose v2 where the plugin exists, else Debian's docker-compose v1: the file works with both.
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
compose() { "${COMPOSE[@]}" -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"; }

cleanup() {
  local rc=$?
  set +e
  rm -f "$ROOT/deploy/docker/ca/host-bundle.crt"
  if docker info >/dev/null 2>&1; then
    say "stopping the region's containers"
    compose --profile postgres down -v --remove-orphans >"$OUT/down.log" 2>&1
  fi
  if [[ $STARTED_ENGINE -eq 1 && -n "$DOCKERD_PID" ]]; then
    say "stopping the Docker engine this check started"
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  [[ $rc -eq 0 ]] && say "passed; report in $REPORT" || say "failed (rc=$rc); logs in $OUT"
  exit $rc
}
trap cleanup EXIT

# --- 1. The engine ------------------------------------------------------------------------------------------
ensure_engine() {
  docker info >/dev/null 2>&1 && return 0
  if ! command -v dockerd >/dev/null 2>&1; then
    [[ "$(id -u)" -eq 0 ]] || fail "no Docker engine runs and dockerd is missing: sudo apt-get install -y docker.io"
    say "installing Debian's Docker engine (docker.io)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >&2
  fi
  [[ "$(id -u)" -eq 0 ]] || fail "no Docker engine runs; start it (sudo dockerd) or run this as root"
  say "starting dockerd"
  dockerd >"$OUT/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  STARTED_ENGINE=1
  for _ in $(seq 1 100); do docker info >/dev/null 2>&1 && return 0; sleep 0.3; done
  fail "dockerd did not start (see $OUT/dockerd.log)"
}

# --- 2. Base images -----------------------------------------------------------------------------------------
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
try_pull() { timeout 60 docker pull "$1" >/dev/null 2>&1; }

ensure_debian() {
  have_image debian:bookworm-slim && return 0
  try_pull debian:bookworm-slim && return 0
  command -v debootstrap >/dev/null 2>&1 || {
    [[ "$(id -u)" -eq 0 ]] || fail "debian:bookworm-slim cannot be pulled and debootstrap is missing"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >&2
  }
  local rootfs="$OUT/rootfs-bookworm"
  if [[ ! -x "$rootfs/usr/bin/apt-get" ]]; then
    say "debian:bookworm-slim cannot be pulled: making it with debootstrap (minbase)"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$OUT/debootstrap.log" 2>&1 ||
      fail "debootstrap failed (see $OUT/debootstrap.log)"
  fi
  # Slim as the official image: no apt lists or caches, and dpkg leaves out documentation, manuals and
  # translations, now and in every package the images install later (licences stay).
  cat > "$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
DPKG
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
         "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/lintian/*
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  report "- debian:bookworm-slim made locally with debootstrap (minbase)"
}

# The Dockerfile takes only /usr/share/dotnet from the .NET images, so this machine's own install stands in.
ensure_dotnet_image() {
  local image=$1; shift
  have_image "$image" && return 0
  try_pull "$image" && return 0
  local dotnet_root
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  say "$image cannot be pulled: making it from $dotnet_root"
  tar -C "$dotnet_root" -c --transform 's,^\./,usr/share/dotnet/,' "$@" | docker import - "$image" >/dev/null
  report "- $image made locally from this machine's $dotnet_root ($*)"
}

ensure_postgres() {
  have_image postgres:15 && return 0
  try_pull postgres:15 && return 0
  say "postgres:15 cannot be pulled: building the Debian PostgreSQL 15 stand-in"
  docker build --network host -t postgres:15 "$ROOT/deploy/docker/postgres-standin" >"$OUT/build-postgres.log" 2>&1 ||
    fail "the postgres stand-in did not build (see $OUT/build-postgres.log)"
  report "- postgres:15 made locally from Debian's postgresql-15 (deploy/docker/postgres-standin)"
}

# --- 3. The project's images --------------------------------------------------------------------------------
build_images() {
  local target start secs
  # The build restores from NuGet over HTTPS with this machine's trust (e.g. a TLS-inspecting proxy's CA).
  cp /etc/ssl/certs/ca-certificates.crt "$ROOT/deploy/docker/ca/host-bundle.crt"
  for target in controlplane renderhost; do
    say "building arrhost/$target:dev"
    start=$(date +%s)
    # The classic builder uses the local base images as they are; host networking reaches NuGet and Debian.
    DOCKER_BUILDKIT=0 docker build --network host -f "$ROOT/deploy/docker/Dockerfile" --target "$target" \
      -t "arrhost/$target:dev" "$ROOT" >"$OUT/build-$target.log" 2>&1 || fail "arrhost/$target did not build (see $OUT/build-$target.log)"
    secs=$(( $(date +%s) - start ))
    report "- arrhost/$target:dev built in ${secs} s, $(docker image inspect -f '{{.Size}}' "arrhost/$target:dev" | awk '{printf "%.0f MB", $1/1e6}')"
  done
  rm -f "$ROOT/deploy/docker/ca/host-bundle.crt"
}

# --- 4. The checks ------------------------------------------------------------------------------------------
REST=http://127.0.0.1:8080
GRPC=http://127.0.0.1:50050
ACCOUNT=00000000-0000-4000-8000-00000000a11e
KEY=arr-dev-account-key

wait_until() { # seconds, description, command...
  local limit=$1 what=$2; shift 2
  local until=$(( $(date +%s) + limit ))
  while ! "$@" >/dev/null 2>&1; do
    (( $(date +%s) < until )) || fail "$what did not happen within ${limit} s"
    sleep 1
  done
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

hosts_registered() {
  curl -fsS -H "Authorization: Bearer $TOKEN" "$REST/hosts" |
    json "sum(1 for h in d['hosts'] if h['state'] == 'Idle')" | grep -qx 2
}

session_status() {
  curl -fsS -H "Authorization: Bearer $TOKEN" "$REST/accounts/$ACCOUNT/sessions/$1?api-version=2021-01-01" | json "d['status']"
}

check_region() { # label
  local label=$1 id status
  wait_until 120 "the control plane's /health" curl -fsS "$REST/health"
  TOKEN=$(curl -fsS -H "Authorization: Bearer $ACCOUNT:$KEY" "$REST/accounts/$ACCOUNT/token" | json "d['AccessToken']")
  [[ -n "$TOKEN" ]] || fail "no access token from the control plane"
  wait_until 120 "both render hosts registering (Idle)" hosts_registered
  report "- $label: control plane healthy, both render hosts registered"

  id="docker-check-$label-$RANDOM"
  local code
  code=$(curl -sS -o "$OUT/create-$label.json" -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d '{"maxLeaseTimeMinutes": 10, "size": "Standard"}' \
    "$REST/accounts/$ACCOUNT/sessions/$id?api-version=2021-01-01")
  [[ "$code" == 201 ]] || fail "$label: create answered $code: $(cat "$OUT/create-$label.json")"
  status=$(json "d['status']" < "$OUT/create-$label.json")
  [[ "$status" == Starting ]] || fail "$label: a new session is $status, not Starting"
  wait_until 120 "$label: session $id Ready" sh -c "[ \"\$(curl -fsS -H 'Authorization: Bearer $TOKEN' '$REST/accounts/$ACCOUNT/sessions/$id?api-version=2021-01-01' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"status\"])')\" = Ready ]"
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    "$REST/accounts/$ACCOUNT/sessions/$id/:stop?api-version=2021-01-01")
  [[ "$code" == 204 ]] || fail "$label: stop answered $code"
  status=$(session_status "$id")
  [[ "$status" == Stopped ]] || fail "$label: a stopped session is $status"
  report "- $label: session Starting -> Ready -> Stopped over REST"

  # The host must be back in the pool before arr connect asks for a Standard session.
  wait_until 60 "$label: the Standard host back in the pool" hosts_registered
  local dir="$OUT/connect-$label"
  rm -rf "$dir"
  dotnet "$ROOT/src/Cli/bin/$CONFIG/net10.0/arr.dll" connect --endpoint "$GRPC" --account-id "$ACCOUNT" --account-key "$KEY" \
    --create --model color-cube.glb --codec h264 --seconds 3 --out "$dir" --json >"$OUT/connect-$label.json" 2>"$OUT/connect-$label.log" ||
    fail "$label: arr connect failed (see $OUT/connect-$label.log)"
  local frames
  frames=$(json "d['statistics']['frames']" < "$OUT/connect-$label.json")
  [[ "$frames" =~ ^[0-9]+$ && "$frames" -gt 0 ]] || fail "$label: arr connect received no frames ($(cat "$OUT/connect-$label.json"))"
  # framecrc with passthrough timing: one line per decoded frame (a constant-rate output would drop or re-time some).
  local count
  count=$(ffmpeg -v error -i "$dir/stream.mp4" -fps_mode passthrough -f framecrc - 2>"$OUT/ffmpeg-$label.log" | grep -vc '^#' || true)
  [[ ! -s "$OUT/ffmpeg-$label.log" ]] || fail "$label: ffmpeg reported errors decoding $dir/stream.mp4 (see $OUT/ffmpeg-$label.log)"
  local written
  written=$(json "d['files']['streamFrames']" < "$OUT/connect-$label.json")
  [[ "$count" -gt 0 && "$count" -eq "$written" ]] || fail "$label: ffmpeg decoded $count of the $written frames written to stream.mp4"
  report "- $label: arr connect on this machine received $frames H.264 frames; ffmpeg decoded all $count written to stream.mp4"
}

ensure_engine
report "# docker-check $(date -u +'%Y-%m-%d %H:%M') UTC"
report ""
report "Engine: Docker $(docker version -f '{{.Server.Version}}'), storage $(docker info -f '{{.Driver}}'); compose: $("${COMPOSE[@]}" version --short 2>/dev/null || "${COMPOSE[@]}" version | head -1)"
ensure_debian
ensure_dotnet_image mcr.microsoft.com/dotnet/sdk:10.0 .
ensure_dotnet_image mcr.microsoft.com/dotnet/aspnet:10.0 ./dotnet ./host ./shared ./LICENSE.txt ./ThirdPartyNotices.txt
ensure_postgres
build_images
[[ -f "$ROOT/src/Cli/bin/$CONFIG/net10.0/arr.dll" ]] || fail "arr is not built (./arr setup)"

say "compose up (SQLite)"
start=$(date +%s)
compose up -d --no-build >"$OUT/up-sqlite.log" 2>&1 || fail "compose up failed (see $OUT/up-sqlite.log)"
check_region sqlite
report "- sqlite: up to checked in $(( $(date +%s) - start )) s"
compose logs --no-color >"$OUT/logs-sqlite.log" 2>&1 || true
compose down -v --remove-orphans >"$OUT/down-sqlite.log" 2>&1 || fail "compose down failed"

say "compose --profile postgres up (ARR_STORE on PostgreSQL)"
start=$(date +%s)
ARR_STORE='postgres:Host=postgres;Username=arr;Password=arr-local;Database=arr' \
  compose --profile postgres up -d --no-build >"$OUT/up-postgres.log" 2>&1 || fail "compose --profile postgres up failed"
export ARR_STORE='postgres:Host=postgres;Username=arr;Password=arr-local;Database=arr'
check_region postgres
stored=$(compose exec -T postgres psql -U arr -d arr -tAc "select count(*) from sessions" 2>/dev/null | tr -d '[:space:]')
[[ "$stored" =~ ^[0-9]+$ && "$stored" -ge 2 ]] || fail "postgres: the sessions were not stored in PostgreSQL (count: '$stored')"
report "- postgres: up to checked in $(( $(date +%s) - start )) s; $stored sessions stored in PostgreSQL"
compose --profile postgres logs --no-color >"$OUT/logs-postgres.log" 2>&1 || true
cat "$REPORT" >&2
