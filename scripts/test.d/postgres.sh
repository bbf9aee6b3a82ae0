# Sourced by scripts/test.sh: starts a throw-away local PostgreSQL 15 for the store tests and
# exports ARR_TEST_POSTGRES. Idempotent: a server already started by an earlier run is reused.
arr_pg_start() {
  local bin="/usr/lib/postgresql/15/bin"
  if [[ -n "${ARR_TEST_POSTGRES:-}" ]]; then return 0; fi
  if [[ ! -x "$bin/pg_ctl" ]]; then
    echo "postgres.sh: PostgreSQL 15 is not installed ($bin); store tests against PostgreSQL will fail" >&2
    return 0
  fi
  local dir="${ARR_PG_DIR:-/tmp/arr-test-postgres}"
  local run_as=()
  if [[ "$(id -u)" -eq 0 ]]; then run_as=(runuser -u postgres --); fi
  local port_file="$dir/port"
  if [[ -f "$port_file" ]] && "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    local port; port="$(cat "$port_file")"
    export ARR_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=arr;Database=arr_test;Pooling=true"
    return 0
  fi
  mkdir -p "$dir"
  if [[ "$(id -u)" -eq 0 ]]; then chown postgres "$dir"; fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U arr --auth=trust -E UTF8 >/dev/null || { echo "postgres.sh: initdb failed" >&2; return 0; }
  fi
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { echo "postgres.sh: pg_ctl start failed (see $dir/log)" >&2; return 0; }
  echo "$port" > "$port_file"
  "${run_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U arr arr_test 2>/dev/null || true
  export ARR_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=arr;Database=arr_test;Pooling=true"
  echo "postgres.sh: PostgreSQL 15 on 127.0.0.1:$port (data in $dir)" >&2
}
arr_pg_start
