"""A real HTTP server standing in for the gateway's notification webhook: it keeps every POST
and can be told to refuse the next ones."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class WebhookReceiver:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.received: list[dict] = []   # {"body", "timestamp", "signature", "answered"}
        self.refuse_next = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    status = 500 if receiver.refuse_next > 0 else 200
                    receiver.refuse_next -= 1 if receiver.refuse_next > 0 else 0
                    receiver.received.append({"body": json.loads(body), "raw": body, "answered": status,
                                              "timestamp": self.headers.get("X-Tongban-Timestamp"),
                                              "signature": self.headers.get("X-Tongban-Signature")})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/notifications/platform"

    def start(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def signed_correctly(self, item: dict) -> bool:
        expected = hmac.new(self.secret.encode(), item["timestamp"].encode() + b"." + item["raw"],
                            hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, item["signature"] or "")

    def accepted_for(self, chat_user: str) -> list[dict]:
        with self._lock:
            return [item["body"] for item in self.received if item["answered"] == 200
                    and any(r["chat_user"] == chat_user for r in item["body"]["recipients"])]

    def wait_for(self, condition, timeout_s: float = 15):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"not received in {timeout_s} s: {self.received}")
