#!/usr/bin/env bash
# make soak: a load and soak test on loopback. A fresh SQLite database with the demo data, the
# server with the periodic alert job on a short interval, then scripts/soak.py: a fixed rate of mixed
# reads and writes for SOAK_SECONDS, reporting throughput, p50/p99 latency, errors and the server's
# memory over the run (docs/benchmarks.md, "Load and soak"). Fails on any failed request (5xx,
# connection error, unexpected status), an achieved rate under 90 % of the target, RSS growth beyond
# the allowed amount, an ERROR line in the server log, or a failed PRAGMA integrity_check.
#
#   scripts/soak.sh                                      30 minutes at 40 req/s, release build
#   SOAK_SECONDS=120 RESTRACK_BIN=target/debug/restrack scripts/soak.sh      the bounded run of make test
#
# Options: SOAK_SECONDS (1800), SOAK_RATE (40 requests/s), SOAK_MIX (operation=weight,…; see
# scripts/soak.py --help), SOAK_WORKERS (16 client threads), SOAK_PORT (a free port),
# SOAK_TOKEN_TTL (60: access-token lifetime, so that refreshes happen during the run),
# SOAK_ALERT_INTERVAL (30 s), SOAK_ARGS (more scripts/soak.py options), SOAK_OUT (a file that
# receives a copy of the report), RESTRACK_BIN (the server binary; when set nothing is built,
# otherwise the release build is made with cargo and used).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${SOAK_SECONDS:-1800}
rate=${SOAK_RATE:-40}
bin=${RESTRACK_BIN:-}
if [ -z "$bin" ]; then
  if command -v cargo >/dev/null; then cargo build --release --quiet --bin restrack; fi
  if [ -x target/release/restrack ]; then bin=target/release/restrack; else bin=target/debug/restrack; fi
fi
[ -x "$bin" ] || { echo "soak: no server binary at $bin (cargo build, or set RESTRACK_BIN)" >&2; exit 2; }

dir=$(mktemp -d /tmp/restrack-soak.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
report() { if [ -n "${SOAK_OUT:-}" ]; then tee -a "$SOAK_OUT"; else cat; fi; }

port=${SOAK_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
db="$dir/soak.db"
unset RESTRACK_FRONTEND_DIR RESTRACK_BOOTSTRAP_ADMIN_PASSWORD RESTRACK_WORKERS RESTRACK_DB_POOL_SIZE
export RESTRACK_DATABASE_URL="sqlite://$db" RESTRACK_BIND="127.0.0.1:$port" \
  RESTRACK_LOG="error,restrack::alerts=info" RESTRACK_LOG_FORMAT=json \
  RESTRACK_ALERT_INTERVAL_SECS="${SOAK_ALERT_INTERVAL:-30}" \
  RESTRACK_ACCESS_TOKEN_TTL_SECS="${SOAK_TOKEN_TTL:-60}"

echo "# make soak: $bin, ${seconds} s at ${rate} req/s; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')" | report
"$bin" seed demo >/dev/null
"$bin" serve >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { echo "soak: the server did not start"; cat "$dir/server.log"; exit 1; }

status=0
# shellcheck disable=SC2086
python3 scripts/soak.py --url "http://127.0.0.1:$port" --pid "$pid" --seconds "$seconds" --rate "$rate" \
  ${SOAK_MIX:+--mix "$SOAK_MIX"} --workers "${SOAK_WORKERS:-16}" ${SOAK_ARGS:-} | report || status=$?

kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""

evaluations=$(grep -c 'alerts evaluated' "$dir/server.log" || true)
errors=$(grep -c '"level":"ERROR"' "$dir/server.log" || true)
echo "server: $evaluations alert evaluations during the run, $errors ERROR lines in its log" | report
if [ "$errors" != 0 ]; then
  echo "--- server errors ---"; grep '"level":"ERROR"' "$dir/server.log" | head -20
  status=1
fi
check=$(python3 -c 'import sqlite3, sys; print(";".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check")))' "$db")
echo "database: PRAGMA integrity_check: $check ($(du -k "$db" | cut -f1) kB)" | report
[ "$check" = ok ] || status=1
if [ "$status" = 0 ]; then echo "soak: PASS" | report; else echo "soak: FAIL" | report; fi
exit "$status"
