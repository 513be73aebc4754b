"""Running govapi as a real server process for the tests, and a small HTTP client for it."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
API_KEY = "test-api-key"
DEMO = {
    "zhang": ("320102198503121234", "13800000001"),
    "li": ("320583199207082343", "13800000002"),
    "wang": ("32030219580215456X", "13800000003"),
    "chen": ("321302199901017893", "13800000004"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PortTaken(Exception):
    pass


@dataclass
class GovapiServer:
    database_url: str
    workdir: Path
    overrides: dict = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60, attempts: int = 3) -> GovapiServer:
        """Starts the server; picks another port when the chosen one was taken in the meantime."""
        for _ in range(attempts - 1):
            try:
                return self._start_once(timeout)
            except PortTaken:
                self.port = free_port()
        return self._start_once(timeout)

    def _start_once(self, timeout: float) -> GovapiServer:
        env = {**os.environ, "GOVAPI_HOST": "127.0.0.1", "GOVAPI_PORT": str(self.port),
               "GOVAPI_DATABASE_URL": self.database_url, "GOVAPI_API_KEY": API_KEY, "GOVAPI_SANDBOX": "1",
               "GOVAPI_SEED_CITIZENS": "200", "GOVAPI_OTP_RATE_LIMIT": "1000", "PYTHONPATH": str(REPO),
               **self.overrides}
        self.log_path = self.workdir / f"govapi-{self.port}.log"
        self.process = subprocess.Popen([sys.executable, "-m", "govapi"], cwd=self.workdir, env=env,
                                        stdout=self.log_path.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None or "Errno 98" in self.log():
                self.stop()
                if "Errno 98" in self.log():
                    raise PortTaken(self.port)
                raise RuntimeError(f"govapi exited early:\n{self.log()}")
            if self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"govapi did not become healthy:\n{self.log()}")

    def _answers(self) -> bool:
        """Ready, and really this server: a stranger on the same port would not know the API key."""
        try:
            probe = requests.get(self.base_url + "/v1/matters/residence_permit", headers={"X-API-Key": API_KEY},
                                 timeout=1)
        except requests.RequestException:
            return False
        return probe.status_code == 200

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Client:
    """requests against one server, with the API key and (optionally) a chat user."""

    def __init__(self, base_url: str, chat_user: str | None = None):
        self.base_url = base_url
        self.chat_user = chat_user
        self.http = requests.Session()

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"X-API-Key": API_KEY}
        if self.chat_user:
            headers["X-Chat-User"] = self.chat_user
        return {**headers, **(extra or {})}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = self.headers(kwargs.pop("headers", None))
        return self.http.request(method, self.base_url + path, headers=headers, timeout=30, **kwargs)

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def as_user(self, chat_user: str) -> Client:
        return Client(self.base_url, chat_user)

    def latest_code(self, phone: str) -> str:
        messages = self.http.get(self.base_url + "/sandbox/sms", params={"phone": phone}, timeout=10).json()
        return messages["messages"][0]["code"]

    def start(self, id_number: str) -> str:
        """This chat user's verification handle for an ID number (the first step)."""
        started = self.post("/v1/auth/identity", json={"id_number": id_number})
        assert started.status_code == 201, started.text
        return started.json()["handle"]

    def send_code(self, id_number: str, phone: str) -> tuple[str, requests.Response]:
        """The first two steps: (the handle, the answer to the code request)."""
        handle = self.start(id_number)
        return handle, self.post("/v1/auth/otp", json={"handle": handle, "phone": phone})

    def login(self, id_number: str, phone: str) -> Client:
        """A fresh chat user bound to the citizen through the real verification flow."""
        user = self.as_user(f"web:{uuid.uuid4().hex[:16]}")
        handle, sent = user.send_code(id_number, phone)
        assert sent.status_code == 202, sent.text
        verified = user.post("/v1/auth/verify", json={"handle": handle, "code": self.latest_code(phone)})
        assert verified.status_code == 200, verified.text
        return user


def assert_error(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, (response.status_code, response.text)
    error = response.json()["error"]
    assert error["code"] == code, error
    assert error["message_zh"] and error["message_en"]
    return error
