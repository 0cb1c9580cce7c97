#!/usr/bin/env bash
# make bench: load a synthetic national dataset into a fresh SQLite database and a throwaway
# PostgreSQL cluster, start the server on each, and run every benchmark (restrack-bench).
#
#   scripts/bench.sh                 national scale (5,000 agencies, 1,000,000 tasks, 10,000,000 figures)
#   BENCH_SCALE=smoke scripts/bench.sh   a small run that only checks the benchmarks work (make test)
#
# Overrides: BENCH_AGENCIES, BENCH_TASKS, BENCH_VALUES, BENCH_IMPORT_ROWS, BENCH_REFORM (the old map
# of the reform plan: provinces,districts,communes), BENCH_SECONDS,
# BENCH_CLIENTS, BENCH_REPEAT, BENCH_ONLY (e.g. "reads,writes"), BENCH_BACKENDS ("sqlite postgres"), BENCH_PROFILE (release|debug),
# BENCH_OUT (a file that receives a copy of the results), BENCH_KEEP (a directory: the seeded SQLite
# database is kept there and reused by the next run with the same sizes).
# BENCH_LOG: the server's log filter (default warn; info shows where each import's time goes).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=${BENCH_SCALE:-national}
if [ "$scale" = smoke ]; then
  agencies=${BENCH_AGENCIES:-300} tasks=${BENCH_TASKS:-3000} values=${BENCH_VALUES:-20000}
  import_rows=${BENCH_IMPORT_ROWS:-2000} seconds=${BENCH_SECONDS:-1} repeat=${BENCH_REPEAT:-5}
  reform=${BENCH_REFORM:-6,20,300}
  profile=${BENCH_PROFILE:-debug}
else
  agencies=${BENCH_AGENCIES:-5000} tasks=${BENCH_TASKS:-1000000} values=${BENCH_VALUES:-10000000}
  import_rows=${BENCH_IMPORT_ROWS:-200000} seconds=${BENCH_SECONDS:-10} repeat=${BENCH_REPEAT:-50}
  reform=${BENCH_REFORM:-63,700,10000}
  profile=${BENCH_PROFILE:-release}
fi
clients=${BENCH_CLIENTS:-8}
backends=${BENCH_BACKENDS:-sqlite postgres}
out=${BENCH_OUT:-}

if [ "$profile" = release ]; then
  cargo build --release --quiet --bin restrack --bin restrack-bench
else
  cargo build --quiet --bin restrack --bin restrack-bench
fi
bin=target/$profile

work=$(mktemp -d /tmp/restrack-bench.XXXXXX)
pg_dir=$(mktemp -d /tmp/restrack-bench-pg.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
  if [ -n "${BENCH_LOG:-}" ]; then grep -h "import rows processed" "$work"/server-*.log 2>/dev/null || true; fi
  rm -rf "$work" "$pg_dir"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

report() { if [ -n "$out" ]; then tee -a "$out"; else cat; fi; }

echo "# make bench ($scale): $agencies agencies, $tasks tasks, $values KPI figures; $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')" | report

for backend in $backends; do
  case $backend in
    sqlite)
      url="sqlite://$work/bench.db"
      if [ -n "${BENCH_KEEP:-}" ]; then
        mkdir -p "$BENCH_KEEP"
        kept="$BENCH_KEEP/bench-sqlite-$agencies-$tasks-$values.db"
        url="sqlite://$kept"
      fi ;;
    postgres)
      # Durable, as in production (fsync and synchronous_commit on); BENCH_PG_DURABLE=0 for the
      # tests' unsafe settings.
      if ! url=$(PG_DURABLE=${BENCH_PG_DURABLE:-1} scripts/pg-test-cluster.sh start "$pg_dir" "${BENCH_PG_PORT:-}" 2>"$work/pg.log"); then
        cat "$work/pg.log" >&2
        echo "PostgreSQL is not available: skipping its benchmarks" | report
        continue
      fi
      settings=$(psql "$url" -Atc "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', full_page_writes=' || current_setting('full_page_writes')" 2>/dev/null || echo "settings unknown")
      echo "PostgreSQL $(psql "$url" -Atc 'SHOW server_version' 2>/dev/null): $settings" | report ;;
    *) echo "unknown backend $backend" >&2; exit 2 ;;
  esac
  port=$(free_port)
  # The benchmark sends thousands of requests a second as a few users: no per-caller rate limit.
  export RESTRACK_DATABASE_URL="$url" RESTRACK_BIND="127.0.0.1:$port" RESTRACK_LOG="${BENCH_LOG:-warn}" \
    RESTRACK_ALERT_INTERVAL_SECS=0 RESTRACK_RATE_LIMIT_PER_SECOND=0
  start=$(date +%s)
  if [ "$backend" = sqlite ] && [ -n "${kept:-}" ] && [ -f "$kept" ]; then
    echo "seed $backend: reusing $kept" | report
  else
    "$bin/restrack" seed synthetic --agencies "$agencies" --tasks "$tasks" --values "$values" --seed 2026 \
        | sed -n "1s/^/seed $backend: /p" | report
    echo "seed $backend: $(( $(date +%s) - start )) s wall clock" | report
  fi
  "$bin/restrack" serve >"$work/server-$backend.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  "$bin/restrack-bench" --server "http://127.0.0.1:$port" --database-url "$url" --pid "$server_pid" \
    --import-rows "$import_rows" --seconds "$seconds" --clients "$clients" --repeat "$repeat" \
    --reform "$reform" \
    ${BENCH_ONLY:+--only "$BENCH_ONLY"} \
    | report || { echo "--- server log ---"; tail -30 "$work/server-$backend.log"; exit 1; }
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  if [ "$backend" = postgres ]; then scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; fi
done
