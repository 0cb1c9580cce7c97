#!/usr/bin/env bash
# `make test`: every check. With CI=true a missing PostgreSQL or Chromium is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
ci=${CI:-false}
# Each header says how long the run has taken so far (the budget is 40 minutes on 2 cores).
section() { printf '\n==== %s ==== (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }
skip_or_fail() {
  if [ "$ci" = true ]; then echo "FAIL: $* (required under CI=true)" >&2; exit 1; fi
  echo "SKIPPED: $* (install it to run these tests; CI requires it)"
}

# venv_install NAME: the pinned Python tools of scripts/NAME-requirements.txt, installed into
# target/NAME-venv (again when the pins change). python_venv NAME VARIABLE WHAT also names its
# python in VARIABLE for the tests that use it.
venv_install() {
  local venv=target/$1-venv req=scripts/$1-requirements.txt
  cmp -s "$req" "$venv/.requirements.txt" && [ -x "$venv/bin/python" ] && return 0
  rm -rf "$venv"
  if command -v python3 >/dev/null 2>&1 && python3 -m venv "$venv" \
    && "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"; then
    cp "$req" "$venv/.requirements.txt"
  else
    rm -rf "$venv"
    return 1
  fi
}
python_venv() {
  local name=$1 variable=$2 what=$3
  venv_install "$name" || skip_or_fail "python3 with venv and pip (needed for $what)"
  if [ -x "target/$name-venv/bin/python" ]; then
    export "$variable=$PWD/target/$name-venv/bin/python"
  fi
}
# npm_install DIR: DIR's packages as its lock file pins them (again when the lock file changes).
npm_install() {
  [ "$1/node_modules/.package-lock.json" -nt "$1/package-lock.json" ] \
    || (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
}

section "Formatting and lints (Rust)"
cargo fmt --all --check
# The test tools are downloaded and installed in the background meanwhile: they wait on the network,
# the compiler on the CPU. Each section below installs again what is missing (and fails there).
prefetch_log=$(mktemp /tmp/restrack-prefetch.XXXXXX)
(
  for name in smtp readers clients webhooks fuzz; do venv_install "$name" || echo "prefetch: $name failed"; done
  if command -v npm >/dev/null 2>&1; then
    for dir in tests/oidc tests/contract tests/clients frontend; do
      npm_install "$dir" || echo "prefetch: $dir failed"
    done
  fi
) >"$prefetch_log" 2>&1 &
prefetch_pid=$!
cargo clippy --workspace --all-targets --quiet -- -D warnings

section "Building"
cargo build --tests --quiet
cargo nextest --version >/dev/null 2>&1 || { echo "cargo-nextest is missing: cargo install cargo-nextest --locked" >&2; exit 1; }

pg_dir=$(mktemp -d /tmp/restrack-pg.XXXXXX)
server_pid=""
# A background job and everything it started (npm, vitest, pip), when the run stops early.
kill_tree() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
frontend_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
  if [ -n "$prefetch_pid" ]; then kill_tree "$prefetch_pid"; fi
  if [ -n "$frontend_pid" ]; then kill_tree "$frontend_pid"; fi
}
trap cleanup EXIT

wait "$prefetch_pid" || true
prefetch_pid=""
grep '^prefetch:' "$prefetch_log" || true
rm -f "$prefetch_log"

section "Python test tools: the SMTP server of the mail tests (aiosmtpd) and the readers of produced files (openpyxl, python-docx, pypdf)"
# The mail tests start scripts/smtp-sink.py with the first; the export tests open .xlsx files with
# the second (tests/readers/).
python_venv smtp RESTRACK_TEST_SMTP_PYTHON "the SMTP server of the mail tests"
python_venv readers RESTRACK_TEST_READERS_PYTHON "the readers of produced files"
python_venv webhooks RESTRACK_TEST_WEBHOOKS_PYTHON "the webhook receiver (Standard Webhooks verification)"

section "Node test tools: the OpenID Connect provider of the single sign-on tests (oidc-provider)"
# tests/api/oidc.rs and the browser suite start tests/oidc/provider.mjs, a real provider.
if command -v node >/dev/null 2>&1; then
  npm_install tests/oidc
else
  skip_or_fail "Node.js (needed for the OpenID Connect provider of the single sign-on tests)"
fi

section "Contract linters: Spectral (OpenAPI and OWASP rulesets) and Redocly on openapi/openapi.json"
# Zero errors; the rules switched off, each with its reason, are in tests/contract/.
if command -v node >/dev/null 2>&1; then
  scripts/lint-contract.sh
else
  skip_or_fail "Node.js (needed for the contract linters)"
fi

section "Generated clients: Python (openapi-python-client) and TypeScript (openapi-typescript) from openapi/openapi.json"
# tests/api/clients.rs runs a ministry system's upload with each against a real server.
python_venv clients RESTRACK_TEST_CLIENTS_PYTHON "the Python client generator"
if [ -n "${RESTRACK_TEST_CLIENTS_PYTHON:-}" ] && command -v node >/dev/null 2>&1; then
  scripts/clients.sh "$RESTRACK_TEST_CLIENTS_PYTHON"
  export RESTRACK_TEST_CLIENTS_PYTHON_DIR=$PWD/target/clients/python
  export RESTRACK_TEST_CLIENTS_TS=$PWD/tests/clients/dist/sync.js
else
  skip_or_fail "python3 and Node.js (needed for the generated clients)"
fi

section "Rust unit tests, OpenAPI drift check and API tests on SQLite"
cargo nextest run --workspace --no-fail-fast -E 'not test(/::postgres::/)'

section "API tests on PostgreSQL"
if pg_url=$(scripts/pg-test-cluster.sh start "$pg_dir" "${RESTRACK_TEST_PG_PORT:-}"); then
  RESTRACK_TEST_PG_URL="$pg_url" cargo nextest run --no-fail-fast -E 'test(/::postgres::/)' || {
    # What the cluster said, and the disk it writes to: a cluster that stopped answering midway
    # (every later test refused) is otherwise a mystery once the directory is cleaned up.
    echo "--- PostgreSQL server log (last 40 lines) ---"; tail -40 "$pg_dir/server.log" || true
    df -h "$pg_dir" /tmp . || true
    exit 1
  }
else
  skip_or_fail "PostgreSQL is not available"
fi

section "Contract fuzzing (schemathesis against the OpenAPI document, small budget)"
# Uses target/debug/restrack from "Building" above; installs the pinned schemathesis into
# target/fuzz-venv on first use. `make fuzz` runs the same with a larger budget.
if command -v python3 >/dev/null 2>&1; then
  RESTRACK_FUZZ_SKIP_BUILD=1 RESTRACK_FUZZ_EXAMPLES="${RESTRACK_TEST_FUZZ_EXAMPLES:-30}" scripts/fuzz.sh
else
  skip_or_fail "python3 (needed to install schemathesis) is not available"
fi

section "Benchmarks, small scale (checks that make bench works, not how fast it is)"
BENCH_SCALE=smoke scripts/bench.sh

section "Load and soak, bounded (2 minutes at 40 req/s on the debug build; make soak runs 30 minutes), with the frontend's checks beside it"
# The soak mostly waits (a fixed rate of 40 requests a second), so the frontend's checks run on the
# spare CPU meanwhile; their output follows in the next section. The soak fails on errors and on a
# rate under 90 %, not on latency.
frontend_log=$(mktemp /tmp/restrack-frontend.XXXXXX)
(
  set -e
  cd frontend
  [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
  npm run --silent check:api
  npm run --silent typecheck
  npm run --silent lint
  npm test --silent
  npm run --silent build
) >"$frontend_log" 2>&1 &
frontend_pid=$!
SOAK_SECONDS=120 RESTRACK_BIN=target/debug/restrack scripts/soak.sh

section "Frontend: generated client, type check, lint, unit tests, build"
frontend_status=0
wait "$frontend_pid" || frontend_status=$?
frontend_pid=""
cat "$frontend_log"; rm -f "$frontend_log"
[ "$frontend_status" -eq 0 ] || { echo "FAIL: the frontend's checks (exit $frontend_status)"; exit 1; }

section "Browser tests (headless Chromium against the real API)"
if [ -x /usr/bin/chromium ]; then
  cargo build --quiet
  e2e_dir=$(mktemp -d /tmp/restrack-e2e.XXXXXX)
  port=${RESTRACK_E2E_PORT:-18080}
  export RESTRACK_DATABASE_URL="sqlite://$e2e_dir/e2e.db" RESTRACK_BIND="127.0.0.1:$port" \
    RESTRACK_FRONTEND_DIR=frontend/dist RESTRACK_BOOTSTRAP_ADMIN_PASSWORD=admin-e2e-password RESTRACK_LOG=warn \
    RESTRACK_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8
  # (The smoke suite subscribes a webhook on this machine: loopback is the allowed "closed network".)
  # Single sign-on through a real OpenID Connect provider (the demo's Hà Nội planner has an
  # account there): the login page offers it and a browser step signs in through it.
  scripts/e2e-oidc-provider.sh start "$e2e_dir" "http://127.0.0.1:$port"
  oidc_pid=$(cat "$e2e_dir/oidc.pid")
  trap 'cleanup; kill "$oidc_pid" 2>/dev/null || true' EXIT
  export RESTRACK_PUBLIC_URL="http://127.0.0.1:$port" RESTRACK_OIDC_ISSUER="$(cat "$e2e_dir/oidc.issuer")" \
    RESTRACK_OIDC_CLIENT_ID=restrack RESTRACK_OIDC_CLIENT_SECRET=restrack-e2e-client-secret \
    RESTRACK_OIDC_NAME="IdP thử nghiệm"
  target/debug/restrack seed demo >/dev/null
  target/debug/restrack serve >"$e2e_dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  # The phone layout at 390×844 for four roles, with axe, first: on the demo as seeded (it only reads
  # and is refused, so the suites after it find the same data).
  (cd frontend && RESTRACK_E2E_URL="http://127.0.0.1:$port" RESTRACK_E2E_ADMIN_PASSWORD=admin-e2e-password npm run --silent e2e:phone) \
    || { echo "--- server log ---"; tail -50 "$e2e_dir/server.log"; exit 1; }
  (cd frontend && RESTRACK_E2E_URL="http://127.0.0.1:$port" RESTRACK_E2E_ADMIN_PASSWORD=admin-e2e-password npm run --silent e2e) \
    || { echo "--- server log ---"; tail -50 "$e2e_dir/server.log"; exit 1; }
  # The planners' screens (as the demo planner), with axe.
  (cd frontend && RESTRACK_E2E_URL="http://127.0.0.1:$port" RESTRACK_E2E_ADMIN_PASSWORD=admin-e2e-password npm run --silent e2e:planner) \
    || { echo "--- server log ---"; tail -50 "$e2e_dir/server.log"; exit 1; }
  # A commune's link (1.6 Mbit/s, 150 ms): prints the times; fails on a broken flow or too many bytes.
  (cd frontend && RESTRACK_E2E_URL="http://127.0.0.1:$port" RESTRACK_E2E_ADMIN_PASSWORD=admin-e2e-password npm run --silent e2e:throttled) \
    || { echo "--- server log ---"; tail -50 "$e2e_dir/server.log"; exit 1; }
  (cd frontend && RESTRACK_E2E_URL="http://127.0.0.1:$port" npm run --silent e2e:sso) \
    || { echo "--- server log ---"; tail -50 "$e2e_dir/server.log"; exit 1; }
  kill "$server_pid"; server_pid=""
  # Single sign-on in the browser once more, with the server on PostgreSQL.
  if [ -n "${pg_url:-}" ]; then
    psql -q "$pg_url" -c 'CREATE DATABASE e2e_sso' >/dev/null
    export RESTRACK_DATABASE_URL="${pg_url%/*}/e2e_sso"
    target/debug/restrack seed demo >/dev/null
    target/debug/restrack serve >"$e2e_dir/server-pg.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
    (cd frontend && RESTRACK_E2E_URL="http://127.0.0.1:$port" RESTRACK_E2E_SCREENSHOTS=- npm run --silent e2e:sso) \
      || { echo "--- server log (PostgreSQL) ---"; tail -50 "$e2e_dir/server-pg.log"; exit 1; }
    kill "$server_pid"; server_pid=""
  fi
else
  skip_or_fail "Chromium (/usr/bin/chromium) is not installed"
fi

section "All checks passed"
