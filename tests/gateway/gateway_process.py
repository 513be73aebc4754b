"""The gateway as a real process (`python -m bot`) with an environment of the test's choosing."""
import os
import signal
import subprocess
import time
from pathlib import Path

import requests

from tools.stack import ROOT, free_port


class GatewayProcess:
    def __init__(self, var_dir: Path, **env: str) -> None:
        self.port = free_port()
        self.var_dir = var_dir
        self.env = dict(os.environ, GATEWAY_PORT=str(self.port), GATEWAY_RETRY_INTERVAL_S="0.5",
                        RASA_TOKEN="fake-token", PYTHONWARNINGS="ignore::DeprecationWarning",
                        ANALYTICS_SOURCE="off")   # no tracker store next to a stand-in Rasa
        self.env.update(env)
        self.process: subprocess.Popen = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 30) -> "GatewayProcess":
        log = open(self.var_dir / f"gateway-{self.port}.log", "ab")
        self.process = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m", "bot"], cwd=ROOT, env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gateway not healthy:\n{self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log(self) -> str:
        path = self.var_dir / f"gateway-{self.port}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def chat(self, sender: str, message: str, **extra) -> dict:
        response = requests.post(self.url + "/api/chat", json={"sender": sender, "message": message, **extra},
                                 timeout=20)
        assert response.status_code == 200, response.text
        return response.json()
