"""Push a CSV file to Resolution Tracker's bulk import with an API key, safely retryable.

    RESTRACK_SERVER=http://127.0.0.1:8080 RESTRACK_TOKEN=rtk_... python3 import.py indicator-values values.csv
"""
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request

server = os.environ["RESTRACK_SERVER"].rstrip("/")
token = os.environ["RESTRACK_TOKEN"]
kind, path = sys.argv[1], sys.argv[2]
body = open(path, "rb").read()
# The same file gets the same key: a retry after a timeout is applied at most once.
key = hashlib.sha256(kind.encode() + body).hexdigest()
request = urllib.request.Request(
    f"{server}/api/v1/imports/{kind}",
    data=body,
    method="POST",
    headers={
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json" if path.endswith(".json") else "text/csv",
        "Idempotency-Key": key,
    },
)
try:
    with urllib.request.urlopen(request) as response:
        result = json.load(response)
except urllib.error.HTTPError as error:
    result = json.load(error)
    if error.code != 422 or "counts" not in result:
        sys.exit(f"import failed: {error.code} {result.get('detail')}")
print(result["status"], result["counts"])
for e in result["errors"]:
    print(f"row {e['row']}: {e['field']}: {e['code']}: {e['message']}")
sys.exit(1 if result["status"] == "rejected" else 0)
