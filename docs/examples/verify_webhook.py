"""Verify a Resolution Tracker webhook delivery (Standard Webhooks, HMAC-SHA256), standard library only.

    payload = verify(secret, headers, body)   # raises ValueError unless the delivery is genuine

`secret` is the `whsec_…` string shown when the webhook was created, `headers` the request's headers
(any case), `body` the raw request body as bytes — verify before parsing it. The test receiver
(tests/webhooks/receiver.py) checks every delivery with this function and with the standardwebhooks
reference library, and both must agree.
"""
import base64
import hashlib
import hmac
import json
import time

TOLERANCE_SECONDS = 5 * 60


def verify(secret, headers, body):
    headers = {k.lower(): v for k, v in headers.items()}
    msg_id, timestamp, signatures = (headers.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
    if not (msg_id and timestamp and signatures):
        raise ValueError("missing webhook-id, webhook-timestamp or webhook-signature")
    if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("timestamp too old or too new (a replay?)")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    # The header may carry several space-separated signatures (during a secret rotation).
    for candidate in signatures.split(" "):
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return json.loads(body)
    raise ValueError("no matching signature")
