#!/usr/bin/env bash
# Generates the clients tests/api/clients.rs runs against a real server, from the committed
# openapi/openapi.json:
#   - Python: openapi-python-client (pinned in scripts/clients-requirements.txt, installed into
#     target/clients-venv by scripts/test.sh) into target/clients/python/restrack_client;
#   - TypeScript: openapi-typescript's types into tests/clients/generated/schema.d.ts, and the sync
#     script type-checked against them and compiled to tests/clients/dist/sync.js.
# Usage: scripts/clients.sh PYTHON (the venv's python). Prints nothing on success but the tools' lines.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$1
doc=$PWD/openapi/openapi.json
out=target/clients/python
rm -rf "$out" && mkdir -p "$out"
"$(dirname "$python")/openapi-python-client" generate --path "$doc" \
  --output-path "$out/restrack_client" --meta none --overwrite 2>&1 \
  | grep -v -e '^Skipping Integration' -e '^ruff is not in PATH' -e '^$' || true
[ -f "$out/restrack_client/client.py" ] || { echo "FAIL: openapi-python-client made no client"; exit 1; }
(
  cd tests/clients
  [ node_modules/.package-lock.json -nt package-lock.json ] \
    || npm ci --no-audit --no-fund --loglevel=error
  rm -rf generated dist && mkdir -p generated
  npx --no-install openapi-typescript "$doc" -o generated/schema.d.ts
  npx --no-install tsc -p tsconfig.json
)
