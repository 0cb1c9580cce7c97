"""A ministry system's webhook receiver for the tests (tests/api/webhooks.rs): a real HTTP server on
127.0.0.1 that verifies every delivery with the Standard Webhooks reference library
(standardwebhooks, pinned in scripts/webhooks-requirements.txt) — independent of the server's own
signing code — and with the documented one (docs/examples/verify_webhook.py), and keeps what it
received.

    python receiver.py        prints its port on the first line, then serves until killed

POST /hook         a delivery: verified with the secret set below; answers 500 while failures are
                   scripted, 400 if the signature does not verify, 204 otherwise
PUT  /_secret      the webhook's secret (the body, as text)
PUT  /_fail        how many of the next deliveries to fail with 500 (the body, a number)
GET  /_received    every delivery so far: [{"id", "timestamp", "verified", "error", "answered", "payload"}]
"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

# The documented verification (docs/integration.md, "Webhooks") must agree with the library.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "docs", "examples"))
from verify_webhook import verify  # noqa: E402

lock = threading.Lock()
state = {"secret": None, "fail": 0, "received": []}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def answer(self, status, payload=None):
        data = json.dumps(payload).encode() if payload is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        body = self.body().decode()
        with lock:
            if self.path == "/_secret":
                state["secret"] = body.strip()
            elif self.path == "/_fail":
                state["fail"] = int(body)
            else:
                return self.answer(404)
        self.answer(204)

    def do_GET(self):
        if self.path != "/_received":
            return self.answer(404)
        with lock:
            self.answer(200, state["received"])

    def do_POST(self):
        if self.path != "/hook":
            return self.answer(404)
        body = self.body()
        headers = {k: v for k, v in self.headers.items()}
        entry = {
            "id": self.headers.get("webhook-id"),
            "timestamp": self.headers.get("webhook-timestamp"),
            "content_type": self.headers.get("Content-Type"),
            "verified": False,
            "error": None,
            "payload": None,
        }
        with lock:
            try:
                entry["payload"] = Webhook(state["secret"]).verify(body, headers)
                if verify(state["secret"], headers, body) != entry["payload"]:
                    raise ValueError("docs/examples/verify_webhook.py read another payload")
                entry["verified"] = True
            except Exception as error:  # any failure to verify is recorded and refused
                entry["error"] = f"{type(error).__name__}: {error}"
            if not entry["verified"]:
                status = 400
            elif state["fail"] > 0:
                state["fail"] -= 1
                status = 500
            else:
                status = 204
            entry["answered"] = status
            state["received"].append(entry)
        self.answer(status)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
