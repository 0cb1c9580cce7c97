#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster for the tests, owned by the `postgres` user,
# in a temporary directory, on its own port. Prints the admin URL for RESTRACK_TEST_PG_URL.
#
#   scripts/pg-test-cluster.sh start [DIR] [PORT]   → prints postgres://postgres@127.0.0.1:PORT/postgres
#   (without PORT: the first free port from 55432)
#   scripts/pg-test-cluster.sh stop  [DIR]
#
# PG_DURABLE=1 keeps PostgreSQL's durable defaults (fsync, synchronous_commit, full_page_writes on),
# as a production database runs: the benchmarks use it; the tests do not need it.
set -euo pipefail

cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/restrack-pg}
port=${3:-}

free_port() {
  local p
  for p in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

pg_bin() {
  local name=$1
  for candidate in "$(command -v "$name" 2>/dev/null || true)" /usr/lib/postgresql/*/bin/"$name"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    initdb=$(pg_bin initdb) || { echo "PostgreSQL (initdb) is not installed" >&2; exit 3; }
    pg_ctl=$(pg_bin pg_ctl)
    if [ -f "$dir/port" ] && as_postgres "$pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"; exit 0
    fi
    [ -n "$port" ] || port=$(free_port) || { echo "no free port for PostgreSQL" >&2; exit 1; }
    rm -rf "$dir"; mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
    as_postgres "$initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_postgres "$initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Tuned for throwaway test data: nothing needs to survive a crash of the test cluster — unless
    # PG_DURABLE=1 (benchmarks), which keeps the durable defaults.
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "${PG_DURABLE:-0}" = 1 ]; then durability=""; fi
    as_postgres "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=300 -c shared_buffers=128MB" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    pg_ctl=$(pg_bin pg_ctl) || exit 0
    [ -d "$dir/data" ] && as_postgres "$pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
