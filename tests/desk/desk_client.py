"""Talking to a gateway's desk as staff: the staff CLI, logged-in sessions, the SSE stream."""
import json
import os
import queue
import subprocess
import threading
import time
import uuid
from typing import Any

import requests

from tools.stack import ROOT

PASSWORD = "correct horse battery"


def create_staff(database_url: str, username: str, role: str, password: str = PASSWORD,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m bot.desk.staff create`, the password on standard input."""
    environment = dict(env or os.environ, GATEWAY_DATABASE_URL=database_url)
    return subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot.desk.staff", "create", "--username", username,
                           "--role", role, "--password-stdin"], input=password + "\n", capture_output=True,
                          text=True, cwd=ROOT, env=environment, timeout=60)


class Staff:
    """A logged-in staff member (session cookie kept by a requests.Session)."""

    def __init__(self, base_url: str, username: str, password: str = PASSWORD) -> None:
        self.base_url = base_url
        self.username = username
        self.http = requests.Session()
        response = self.http.post(base_url + "/api/desk/login", json={"username": username, "password": password},
                                  timeout=10)
        assert response.status_code == 200, response.text
        self.id = response.json()["staff"]["id"]
        assert "token" not in response.json()
        self.token = self.http.cookies["desk_session"]

    def call(self, method: str, path: str, body: Any = None, expect: int = 200) -> dict[str, Any]:
        response = self.http.request(method, self.base_url + path, json=body, timeout=20)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def queue(self) -> list:
        return self.call("GET", "/api/desk/queues")["tickets"]

    def ticket_of(self, conversation_id: str) -> dict[str, Any]:
        found = [t for t in self.queue() if t["conversation_id"] == conversation_id]
        assert found, f"no open ticket for {conversation_id}"
        return found[-1]


class EventStream:
    """Reads a desk SSE stream in a thread; events land in a queue as (kind, data, arrival time)."""

    def __init__(self, base_url: str, token: str) -> None:
        self.events: queue.Queue = queue.Queue()
        self._response = requests.get(base_url + "/api/desk/events", headers={"Authorization": f"Bearer {token}"},
                                      stream=True, timeout=(5, 60))
        assert self._response.status_code == 200, self._response.text
        assert self._response.headers["content-type"].startswith("text/event-stream")
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        self.next_of("hello", 10)

    def _read(self) -> None:
        kind, data = None, []
        try:
            for line in self._response.iter_lines(decode_unicode=True, chunk_size=1):
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
                elif line == "" and kind:
                    self.events.put((kind, json.loads("\n".join(data)), time.monotonic()))
                    kind, data = None, []
        except (requests.RequestException, AttributeError, ValueError):
            return

    def next_of(self, kind: str, timeout_s: float = 5, where=lambda data: True):
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {kind} event within {timeout_s} s"
            try:
                got, data, at = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if got == kind and where(data):
                return data, at

    def close(self) -> None:
        self._response.close()


def new_sender() -> str:
    return "w" + uuid.uuid4().hex[:12]
