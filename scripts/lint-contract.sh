#!/usr/bin/env bash
# The contract linters: Spectral (its OpenAPI rules and the OWASP API Security ruleset) and Redocly
# CLI (`recommended`) on the committed openapi/openapi.json. Zero errors, or this fails; warnings
# are printed. The rules and every one switched off, with its reason, are in tests/contract/.
set -euo pipefail
cd "$(dirname "$0")/../tests/contract"
[ node_modules/.package-lock.json -nt package-lock.json ] \
  || npm ci --no-audit --no-fund --loglevel=error
doc=../../openapi/openapi.json
echo "--- Spectral (spectral:oas, OWASP API Security Top 10 2023) ---"
npx --no-install spectral lint "$doc" --ruleset .spectral.yaml --fail-severity error --display-only-failures \
  || { echo "FAIL: Spectral found errors in the contract"; exit 1; }
echo "--- Redocly CLI (recommended) ---"
npx --no-install redocly lint "$doc" --config redocly.yaml --format stylish \
  || { echo "FAIL: Redocly found errors in the contract"; exit 1; }
