#!/usr/bin/env bash
# `make fuzz` (and a smaller run inside `make test`): contract fuzzing with schemathesis against a
# running server with the demo data: every operation of /api/v1/openapi.json, authenticated as the
# admin; fails on any 5xx, any undocumented status code, content type, header or body that does not
# match the document, and methods a path does not have that do not answer 405. Logout (both: `/auth/logout` and `/auth/oidc/logout`), password
# change and ending a session (`DELETE /me/sessions/{id}`: schemathesis finds its own session's id in
# `GET /me/sessions`) are left out: they would end the fuzzer's own session, and every operation
# fuzzed after that would see only 401. The integration tests cover them.
#
# Self-sufficient: schemathesis and its dependencies, pinned in scripts/fuzz-requirements.txt, are
# installed into a virtualenv under target/ (reused while the requirements file is unchanged).
#
# Environment:
#   RESTRACK_BIN               server binary (default target/debug/restrack, built here first)
#   RESTRACK_FUZZ_SKIP_BUILD=1 do not run `cargo build` (the caller built RESTRACK_BIN already)
#   RESTRACK_FUZZ_EXAMPLES     --max-examples: cases per operation in the fuzzing phase (default 100,
#                              about 2 minutes on 2 cores; `make test` runs 30, about 1 minute)
#   RESTRACK_FUZZ_SEED         random seed (default 1)
#   RESTRACK_FUZZ_WORKERS      concurrent schemathesis workers (default 2)
#   RESTRACK_FUZZ_PORT         port of the throwaway server (default 18097)
#   RESTRACK_FUZZ_VENV         virtualenv directory (default target/fuzz-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bin=${RESTRACK_BIN:-target/debug/restrack}
if [ -z "${RESTRACK_BIN:-}" ] && [ "${RESTRACK_FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  cargo build --quiet
fi
case $bin in /*) ;; *) bin="$root/$bin" ;; esac
[ -x "$bin" ] || { echo "fuzz: server binary $bin is missing (cargo build, or set RESTRACK_BIN)" >&2; exit 1; }

# The pinned schemathesis, in a virtualenv that is (re)built only when the requirements change.
venv=${RESTRACK_FUZZ_VENV:-target/fuzz-venv}
case $venv in /*) ;; *) venv="$root/$venv" ;; esac
req=scripts/fuzz-requirements.txt
if ! cmp -s "$req" "$venv/.requirements.txt" || [ ! -x "$venv/bin/schemathesis" ]; then
  echo "fuzz: installing $(grep -m1 '^schemathesis==' "$req") into ${venv#"$root"/}"
  if [ -e "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ]; then
    echo "fuzz: $venv exists and is not a virtualenv; not touching it" >&2; exit 1
  fi
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "fuzz: python3 -m venv failed (on Debian: apt-get install python3-venv)" >&2; exit 1; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
  cp "$req" "$venv/.requirements.txt"
fi

examples=${RESTRACK_FUZZ_EXAMPLES:-100}
seed=${RESTRACK_FUZZ_SEED:-1}
workers=${RESTRACK_FUZZ_WORKERS:-2}
port=${RESTRACK_FUZZ_PORT:-18097}
dir=$(mktemp -d /tmp/restrack-fuzz.XXXXXX)
pid=""
status=1
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ "$status" -eq 0 ]; then rm -rf "$dir"; else echo "fuzz: server log and events.ndjson kept in $dir" >&2; fi
}
trap cleanup EXIT

# A throwaway SQLite database with the demo data; no background alert runs, no login throttling and
# no per-caller rate limit (schemathesis sends as fast as it can as one user).
# The server runs in the temporary directory, so it serves the API alone whether or not
# frontend/dist has been built (in `make test` it has not, yet): the contract must not depend on it.
cd "$dir"
export RESTRACK_DATABASE_URL="sqlite://$dir/fuzz.db" RESTRACK_BIND="127.0.0.1:$port" RESTRACK_LOG=error \
  RESTRACK_ALERT_INTERVAL_SECS=0 RESTRACK_LOGIN_MAX_FAILURES_PER_USER=1000000 RESTRACK_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 \
  RESTRACK_RATE_LIMIT_PER_SECOND=0
unset RESTRACK_FRONTEND_DIR RESTRACK_BOOTSTRAP_ADMIN_PASSWORD
"$bin" seed demo >/dev/null
"$bin" serve >"$dir/server.log" 2>&1 &
pid=$!
ready=false
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && { ready=true; break; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if [ "$ready" != true ]; then
  echo "fuzz: the server did not become ready on port $port" >&2; tail -20 "$dir/server.log" >&2; exit 1
fi
token=$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"Demo@2026!"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

started=$(date +%s)
fuzz() {
  status=0
  "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method \
    --exclude-path /api/v1/auth/logout --exclude-path /api/v1/me/password \
    --exclude-path '/api/v1/me/sessions/{id}' --exclude-path /api/v1/auth/oidc/logout \
    --max-examples "$examples" --seed "$seed" --workers "$workers" \
    --report ndjson --report-ndjson-path "$dir/events.ndjson" || status=$?
}
fuzz
# CPython 3.11 can fail to parse a lambda's source while another thread parses too ("AST constructor
# recursion depth mismatch", raised inside hypothesis when it describes a strategy): an error of the
# tool, not a finding about the API. Only that error, and only with no failure found, runs the same
# seed once more; any other error or a failure stands.
if [ $status -ne 0 ] && grep -q 'AST constructor recursion depth mismatch' "$dir/events.ndjson" \
  && ! grep -q '"failure_info": *{' "$dir/events.ndjson"; then
  echo "fuzz: schemathesis hit CPython's AST recursion-depth race (a tool error, no failure found); running the same seed again"
  mv "$dir/events.ndjson" "$dir/events-first.ndjson"
  fuzz
fi
elapsed=$(($(date +%s) - started))

# One line for docs and logs, taken from schemathesis' own event stream.
summary=$("$venv/bin/python" - "$dir/events.ndjson" <<'PY' || true
import json, sys
operations, cases, failures, errors = 0, 0, set(), 0
try:
    lines = open(sys.argv[1], encoding="utf-8")
except OSError:
    sys.exit(1)
for line in lines:
    try:
        event = json.loads(line)
    except ValueError:
        continue
    for kind, body in event.items():
        if not isinstance(body, dict):
            continue
        if kind == "LoadingFinished":
            operations = body.get("statistic", {}).get("operations", {}).get("selected", 0)
        elif kind == "ScenarioFinished":
            recorder = body.get("recorder") or {}
            cases += len(recorder.get("cases") or {})
            for checks in (recorder.get("checks") or {}).values():
                for check in checks:
                    if str(check.get("status")).lower() not in ("success", "skip", "skipped"):
                        info = (check.get("failure_info") or {}).get("failure") or {}
                        failures.add((info.get("operation") or recorder.get("label"), check.get("name"), info.get("title")))
        elif kind == "NonFatalError":
            errors += 1
print(f"{operations} operations, {cases} generated cases, {len(failures)} distinct failures, {errors} errors")
PY
)
echo "fuzz summary: ${summary:-no event stream} (schemathesis $("$venv/bin/schemathesis" --version | awk '{print $NF}'), --max-examples $examples, --seed $seed, --workers $workers, ${elapsed}s): $([ $status -eq 0 ] && echo passed || echo FAILED)"
if [ $status -ne 0 ]; then
  echo "--- server log (last 30 lines) ---"; tail -30 "$dir/server.log"
fi
exit $status
