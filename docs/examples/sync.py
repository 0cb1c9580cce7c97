"""Keep a copy of one Resolution Tracker list up to date with its change feed (standard library only).

    RESTRACK_SERVER=http://127.0.0.1:8080 RESTRACK_TOKEN=rtk_... python3 sync.py tasks tasks.json

LIST is one of agencies, tasks, progress-reports, indicators, values, alerts. The first run reads the
whole list (updated_since=1970-01-01T00:00:00Z); each later run reads only what changed since the
cursor kept in STATE, applies it (changed records replace their copy, removed ones are dropped) and
keeps the new cursor. STATE is written only once the run is complete, so a run that fails is simply
repeated from the previous cursor. Prints what it did as JSON.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

server = os.environ["RESTRACK_SERVER"].rstrip("/")
token = os.environ["RESTRACK_TOKEN"]
page_size = int(os.environ.get("RESTRACK_PAGE_SIZE", "500"))
list_name, state_path = sys.argv[1], sys.argv[2]


def get(path):
    """One GET, waiting as told when the key's rate limit is reached."""
    request = urllib.request.Request(f"{server}{path}", headers={"Authorization": f"Bearer {token}"})
    while True:
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code != 429:
                sys.exit(f"{path}: {error.code} {json.load(error).get('detail')}")
            time.sleep(int(error.headers.get("Retry-After", "1")))


def key(record):
    """A figure's newer revision replaces the one of the same indicator, agency and period."""
    if list_name == "values":
        return f"{record['indicator_id']}/{record['agency_id']}/{record['period']}"
    return record["id"]


state = {"cursor": None, "records": {}}
if os.path.exists(state_path):
    with open(state_path, encoding="utf-8") as f:
        state = json.load(f)

start = {"cursor": state["cursor"]} if state["cursor"] else {"updated_since": "1970-01-01T00:00:00Z"}
query = {"limit": page_size, **start}
changed = removed = 0
while True:
    page = get(f"/api/v1/{list_name}?{urllib.parse.urlencode(query)}")
    for record in page["items"]:
        state["records"][key(record)] = record
        changed += 1
    for gone in page["removed"]:
        # Deleted, merged, split or dissolved; `replaced_by` names a merge's successor.
        state["records"].pop(gone["id"], None)
        removed += 1
    state["cursor"] = page["next_cursor"]
    if len(page["items"]) + len(page["removed"]) < page_size:
        break
    query = {"limit": page_size, "cursor": page["next_cursor"]}

with open(state_path + ".tmp", "w", encoding="utf-8") as f:
    json.dump(state, f, ensure_ascii=False)
os.replace(state_path + ".tmp", state_path)
print(json.dumps({"changed": changed, "removed": removed, "records": len(state["records"])}))
