#!/usr/bin/env bash
# `make run`: build the API and the SPA, migrate the database, load the demo data when the database
# is empty, print the demo logins and serve API + SPA on RESTRACK_BIND (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> Building the API (release)"
cargo build --release --quiet
echo "==> Building the web app"
(cd frontend && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build)

export RESTRACK_DATABASE_URL=${RESTRACK_DATABASE_URL:-sqlite://data/restrack.db}
export RESTRACK_FRONTEND_DIR=${RESTRACK_FRONTEND_DIR:-frontend/dist}
bin=target/release/restrack

echo "==> Preparing the database ($RESTRACK_DATABASE_URL)"
"$bin" migrate
"$bin" seed demo --print-logins
echo
echo "==> Open http://${RESTRACK_BIND:-127.0.0.1:8080} (API docs: /docs). Stop with Ctrl+C."
exec "$bin" serve
