"""Per-message overhead of the gateway: the same messages sent through the gateway's
/api/chat and straight to Rasa's REST webhook, in alternating pairs, one at a time.
Prints p50/p95 of both paths and of the per-pair difference (gateway minus direct).

Starts govapi, actions, Rasa and the gateway from the Procfile on free ports with
their own SQLite files (needs models/tongban.tar.gz), unless BENCH_GATEWAY_URL and
BENCH_RASA_URL point at a running stack. Bounded: BENCH_PAIRS pairs (default 100)
and at most BENCH_MAX_SECONDS (default 240) of measuring.

With --stand-in, Rasa is replaced by the tests' instant stand-in (tests/gateway/fake_rasa.py):
the gateway's own cost, free of the noise of Rasa's variable latency on a busy machine.

    .venv/bin/python bench/gateway.py              # or: make bench-gateway
    .venv/bin/python bench/gateway.py --stand-in
"""
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tools.stack import Stack, stack_env  # noqa: E402

PAIRS = int(os.environ.get("BENCH_PAIRS", "100"))
MAX_SECONDS = float(os.environ.get("BENCH_MAX_SECONDS", "240"))
PAUSE_S = 0.2
WARMUP = 5
MESSAGES = ["你好", "hello", "谢谢", "thank you", "你是机器人吗", "再见"]


def _timed_post(session: requests.Session, url: str, body: dict) -> float:
    started = time.perf_counter()
    response = session.post(url, json=body, timeout=30)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed * 1000


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(gateway_url: str, rasa_url: str):
    session = requests.Session()
    via_gateway, direct, overhead = [], [], []
    gateway_sender, rasa_sender = f"bench-{uuid.uuid4().hex[:8]}", f"bench-direct-{uuid.uuid4().hex[:8]}"
    deadline = time.monotonic() + MAX_SECONDS
    for index in range(WARMUP + PAIRS):
        if time.monotonic() > deadline:
            break
        message = MESSAGES[index % len(MESSAGES)]

        def through_gateway(message: str = message) -> float:
            return _timed_post(session, gateway_url + "/api/chat", {"sender": gateway_sender, "message": message})

        def straight_to_rasa(message: str = message) -> float:
            return _timed_post(session, rasa_url + "/webhooks/rest/webhook",
                               {"sender": rasa_sender, "message": message, "metadata": {"channel": "web"}})
        # Alternate which path goes first, and pause after each call so that the gateway's
        # background intent lookup (a tracker read on Rasa) does not land on the next call.
        first, second = (through_gateway, straight_to_rasa) if index % 2 == 0 else (straight_to_rasa, through_gateway)
        timings = {first: first()}
        time.sleep(PAUSE_S)
        timings[second] = second()
        time.sleep(PAUSE_S)
        if index >= WARMUP:
            via_gateway.append(timings[through_gateway])
            direct.append(timings[straight_to_rasa])
            overhead.append(timings[through_gateway] - timings[straight_to_rasa])
    return via_gateway, direct, overhead


def report(via_gateway, direct, overhead) -> None:
    print(f"pairs measured: {len(overhead)} (one message at a time; which path goes first alternates)")
    print(f"{'path':<28}{'p50 ms':>10}{'p95 ms':>10}{'mean ms':>10}")
    for name, values in [("gateway /api/chat", via_gateway), ("Rasa REST webhook (direct)", direct),
                         ("overhead (pairwise diff)", overhead)]:
        print(f"{name:<28}{percentile(values, .5):>10.1f}{percentile(values, .95):>10.1f}"
              f"{statistics.fmean(values):>10.1f}")


def measure_with_stand_in() -> None:
    from tests.gateway.fake_rasa import FakeRasa
    from tests.gateway.gateway_process import GatewayProcess
    rasa = FakeRasa().start()
    with tempfile.TemporaryDirectory(prefix="bench-gateway-") as var:
        gateway = GatewayProcess(Path(var), RASA_URL=rasa.url, GATEWAY_DATABASE_URL=f"sqlite:///{var}/gateway.db")
        gateway.start()
        try:
            report(*measure(gateway.url, rasa.url))
        finally:
            gateway.stop()
            rasa.stop()


def main() -> int:
    if "--stand-in" in sys.argv[1:]:
        measure_with_stand_in()
        return 0
    gateway_url, rasa_url = os.environ.get("BENCH_GATEWAY_URL"), os.environ.get("BENCH_RASA_URL")
    if gateway_url and rasa_url:
        report(*measure(gateway_url, rasa_url))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-gateway-") as var:
        stack = Stack(stack_env(Path(var)), Path(var))
        print("starting govapi, actions, rasa, gateway …", flush=True)
        stack.start(["govapi", "actions", "rasa", "gateway"])
        try:
            report(*measure(stack.url("gateway"), stack.url("rasa")))
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
