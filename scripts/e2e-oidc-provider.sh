#!/usr/bin/env bash
# scripts/e2e-oidc-provider.sh start DIR APP_URL: starts the test OpenID Connect provider
# (tests/oidc/provider.mjs, the `oidc-provider` package) for the browser tests, with the client
# `restrack` whose callback is APP_URL/login/oidc and one account, `kehoach.hn` (the demo's Hà Nội
# planner) with the password `idp-e2e-password`. Writes DIR/oidc.pid and DIR/oidc.issuer.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = start ] || { echo "usage: $0 start DIR APP_URL" >&2; exit 2; }
dir=$2 app=$3
[ -d tests/oidc/node_modules/oidc-provider ] || (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error)
OIDC_CLIENT_ID=restrack OIDC_CLIENT_SECRET=restrack-e2e-client-secret \
OIDC_REDIRECT_URIS="$app/login/oidc" OIDC_POST_LOGOUT_REDIRECT_URIS="$app/login" \
OIDC_ACCOUNTS='[{"login":"kehoach.hn","password":"idp-e2e-password","claims":{"preferred_username":"kehoach.hn","name":"Kế hoạch Hà Nội"}}]' \
  nohup node tests/oidc/provider.mjs >"$dir/oidc.out" 2>"$dir/oidc.log" &
echo $! >"$dir/oidc.pid"
for _ in $(seq 1 100); do
  issuer=$(sed -n 's/.*"issuer":"\([^"]*\)".*/\1/p' "$dir/oidc.out" 2>/dev/null | head -1)
  [ -n "$issuer" ] && { echo "$issuer" >"$dir/oidc.issuer"; exit 0; }
  sleep 0.1
done
echo "the test OpenID Connect provider did not start:" >&2
cat "$dir/oidc.log" >&2
exit 1
