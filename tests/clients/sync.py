"""A ministry system's nightly figures upload, written against the Python client that
openapi-python-client generates from openapi/openapi.json (`make test` generates it into
target/clients/python/restrack_client; tests/api/clients.rs runs this against a real server).

It signs in with an API key, imports two figures as JSON through the generated operation and one as
CSV through the same authenticated session (the generator makes no operation for a CSV body), and
reads the figures back through the generated list operation.

Environment: RESTRACK_CLIENT_DIR (where restrack_client is), RESTRACK_SERVER, RESTRACK_KEY,
RESTRACK_INDICATOR (a code), RESTRACK_AGENCY (a code), RESTRACK_PERIODS (three, comma-separated).
Prints one JSON object: the agency the key belongs to and the figures read back.
"""

import json
import os
import sys

sys.path.insert(0, os.environ["RESTRACK_CLIENT_DIR"])

from restrack_client import AuthenticatedClient  # noqa: E402
from restrack_client.api.auth import get_me  # noqa: E402
from restrack_client.api.imports import run_import  # noqa: E402
from restrack_client.api.indicators import list_indicators, list_indicator_values  # noqa: E402
from restrack_client.models import ImportKind, ImportResult, ImportStatus, Me  # noqa: E402
from restrack_client.models import PageIndicator, PageIndicatorValue  # noqa: E402
from restrack_client.models import RunImportJsonBodyItem  # noqa: E402


def fail(what):
    print(f"FAIL: {what}", file=sys.stderr)
    sys.exit(1)


def main():
    server = os.environ["RESTRACK_SERVER"]
    indicator, agency = os.environ["RESTRACK_INDICATOR"], os.environ["RESTRACK_AGENCY"]
    first, second, third = os.environ["RESTRACK_PERIODS"].split(",")
    client = AuthenticatedClient(base_url=server, token=os.environ["RESTRACK_KEY"])

    who = get_me.sync(client=client)
    if not isinstance(who, Me):
        fail(f"GET /me answered {who!r}")

    rows = [
        {"indicator_code": indicator, "agency_code": agency, "period": first, "value": "41.5"},
        {"indicator_code": indicator, "agency_code": agency, "period": second, "value": "42"},
    ]
    body = [RunImportJsonBodyItem.from_dict(row) for row in rows]
    result = run_import.sync(
        ImportKind.INDICATOR_VALUES, client=client, body=body, submit=True,
        idempotency_key=f"python-json-{first}",
    )
    if not isinstance(result, ImportResult) or result.status != ImportStatus.APPLIED:
        fail(f"the JSON import answered {result!r}")

    csv = f'indicator_code,agency_code,period,value\n{indicator},{agency},{third},"43.25"\n'
    answer = client.get_httpx_client().post(
        "/api/v1/imports/indicator-values",
        params={"submit": "true"},
        content=csv.encode(),
        headers={"Content-Type": "text/csv", "Idempotency-Key": f"python-csv-{third}"},
    )
    if answer.status_code != 200:
        fail(f"the CSV import answered {answer.status_code}: {answer.text}")
    csv_result = ImportResult.from_dict(answer.json())
    if csv_result.status != ImportStatus.APPLIED:
        fail(f"the CSV import was {csv_result.status}")

    found = list_indicators.sync(client=client, q=indicator)
    if not isinstance(found, PageIndicator):
        fail(f"GET /indicators answered {found!r}")
    ids = [i.id for i in found.items if i.code == indicator]
    if len(ids) != 1:
        fail(f"expected one indicator {indicator}, found {len(ids)}")
    values = list_indicator_values.sync(ids[0], client=client, agency_id=who.agency.id, limit=50)
    if not isinstance(values, PageIndicatorValue):
        fail(f"GET /indicators/{{id}}/values answered {values!r}")
    read = sorted((v.period, str(v.value), str(v.status)) for v in values.items)
    print(json.dumps({"agency": who.agency.code, "figures": read, "imports": [
        result.counts.created, csv_result.counts.created]}))


if __name__ == "__main__":
    main()
