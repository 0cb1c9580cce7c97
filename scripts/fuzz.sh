#!/usr/bin/env bash
# `make fuzz`: contract fuzzing with schemathesis against a running server with the demo data:
# every operation of /api/v1/openapi.json, authenticated as the admin; fails on any 5xx, any
# undocumented status code, content type, header or body that does not match the document, and
# methods a path does not have that do not answer 405. Logout and password change are left out
# (they would end the fuzzer's own session; the integration tests cover them).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v schemathesis >/dev/null || { echo "schemathesis is missing: pip install schemathesis" >&2; exit 1; }
cargo build --quiet
dir=$(mktemp -d /tmp/restrack-fuzz.XXXXXX)
port=${RESTRACK_FUZZ_PORT:-18097}
export RESTRACK_DATABASE_URL="sqlite://$dir/fuzz.db" RESTRACK_BIND="127.0.0.1:$port" RESTRACK_LOG=error \
  RESTRACK_ALERT_INTERVAL_SECS=0 RESTRACK_LOGIN_MAX_FAILURES_PER_USER=1000000 RESTRACK_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000
unset RESTRACK_FRONTEND_DIR RESTRACK_BOOTSTRAP_ADMIN_PASSWORD
target/debug/restrack seed demo >/dev/null
target/debug/restrack serve >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
token=$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"Demo@2026!"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
cd "$dir"
schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" --url "http://127.0.0.1:$port" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method \
  --exclude-path /api/v1/auth/logout --exclude-path /api/v1/me/password \
  --max-examples "${RESTRACK_FUZZ_EXAMPLES:-30}" --seed "${RESTRACK_FUZZ_SEED:-1}" --workers 2
