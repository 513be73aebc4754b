"""Latency from a citizen's message to its appearance in the desk console's live stream (SSE):
a conversation in hand-off, one web chat message at a time; for each, the time from sending
POST /api/chat to receiving the SSE `message` event that carries it. Prints p50/p95/max.

Starts a gateway process of its own (SQLite in a temporary directory) with the tests' stand-in
Rasa — a message in hand-off never reaches Rasa, so Rasa's speed does not enter the figure —
and an agent account made with the staff CLI. Bounded: BENCH_MESSAGES messages (default 200)
and at most BENCH_MAX_SECONDS (default 60) of measuring.

    .venv/bin/python bench/desk.py
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.desk.conftest import DeskGateway  # noqa: E402
from tests.desk.desk_client import EventStream, Staff, create_staff, new_sender  # noqa: E402
from tests.desk.desk_rasa import DeskFakeRasa  # noqa: E402

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "200"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "60"))
WARMUP = 5


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(gateway: DeskGateway) -> list:
    agent = Staff(gateway.url, "bench_agent")
    sender = new_sender()
    session = requests.Session()
    session.post(gateway.url + "/api/chat", json={"sender": sender, "message": "human"}, timeout=10).raise_for_status()
    stream = EventStream(gateway.url, agent.token)
    latencies = []
    deadline = time.monotonic() + MAX_SECONDS
    try:
        for index in range(WARMUP + MESSAGES):
            if time.monotonic() > deadline:
                break
            text = f"message {index} 社保卡"
            started = time.monotonic()
            session.post(gateway.url + "/api/chat", json={"sender": sender, "message": text},
                         timeout=10).raise_for_status()
            _, arrived = stream.next_of("message", 5, where=lambda data, text=text: data["message"]["text"] == text)
            if index >= WARMUP:
                latencies.append((arrived - started) * 1000)
    finally:
        stream.close()
    return latencies


def main() -> int:
    rasa = DeskFakeRasa().start()
    with tempfile.TemporaryDirectory() as var:
        database_url = f"sqlite:///{Path(var) / 'gateway.db'}"
        done = create_staff(database_url, "bench_agent", "agent")
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        gateway = DeskGateway(Path(var), database_url, rasa.url).start()
        try:
            latencies = measure(gateway)
        finally:
            gateway.stop()
            rasa.stop()
    print(f"citizen message → desk console (SSE), {len(latencies)} messages, gateway on SQLite:")
    print(f"  p50 {percentile(latencies, 0.50):.1f} ms   p95 {percentile(latencies, 0.95):.1f} ms   "
          f"max {max(latencies):.1f} ms   mean {statistics.mean(latencies):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
