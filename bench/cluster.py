"""`make bench-cluster`: the production topology (tools/cluster.py) with 1 and with 2 replicas of
Rasa, the action server and the gateway, measured in one run through the balancer's web chat API.

Each citizen holds a mixed conversation (greeting, guide question, verified balance check, the
chat user bound beforehand) again and again. Concurrency 20, 50 and 100 citizens; between turns a
citizen reads and types for THINK_S seconds (0: as fast as answers come, which measures capacity).
Per run: turns/s, p50/p95, CPU seconds per turn per process kind. Then, with 2 replicas and 20
citizens, a Rasa replica and a gateway are killed with SIGKILL: every message must be stored
once and answered once.

    .venv/bin/python bench/cluster.py [--think 5] [--seconds 60] [--concurrency 20 50 100]
"""
import argparse
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import requests
from sqlalchemy import bindparam, create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import cpu_seconds, percentile  # noqa: E402
from bench.turn import ZHANG  # noqa: E402
from tools.cluster import SCALED, RunningCluster  # noqa: E402
from tools.stack import stack_env  # noqa: E402

MIXED = ["你好", "昆山政务服务中心在哪", "公积金余额多少"]
BASES = {"GATEWAY_PORT": "18080", "RASA_PORT": "15005", "ACTIONS_PORT": "15055", "GOVAPI_PORT": "18000"}


def bind(cluster: RunningCluster, conversation_id: str) -> None:
    base = cluster.url("govapi")
    headers = {"X-API-Key": cluster.env["GOVAPI_API_KEY"], "X-Chat-User": conversation_id}
    handle = requests.post(base + "/v1/auth/identity", json={"id_number": ZHANG[0]}, headers=headers,
                           timeout=10).json()["handle"]
    requests.post(base + "/v1/auth/otp", json={"handle": handle, "phone": ZHANG[1]}, headers=headers, timeout=10)
    code = requests.get(base + "/sandbox/sms", params={"phone": ZHANG[1]}, headers=headers,
                        timeout=10).json()["messages"][0]["code"]
    requests.post(base + "/v1/auth/verify", json={"handle": handle, "code": code}, headers=headers, timeout=10)


class Citizens:
    """`count` citizens talking through the balancer until stopped."""

    def __init__(self, cluster: RunningCluster, count: int, think_s: float) -> None:
        self.url = cluster.url("gateway") + "/api/chat"
        self.think_s = think_s
        self.senders = ["c" + uuid.uuid4().hex[:12] for _ in range(count)]
        for sender in self.senders:
            bind(cluster, f"web:{sender}")
        self.latencies: list[float] = []
        self.failures = 0
        self.sent: dict[str, int] = defaultdict(int)
        self._stop = threading.Event()

    def run_for(self, seconds: float) -> float:
        threads = [threading.Thread(target=self._talk, args=(sender,)) for sender in self.senders]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        self._stop.set()
        for thread in threads:
            thread.join(120)
        return time.perf_counter() - started

    def _talk(self, sender: str) -> None:
        session, turn = requests.Session(), 0
        while not self._stop.is_set():
            message, client_id = MIXED[turn % len(MIXED)], f"{sender}.{turn}"
            self._send(session, sender, message, client_id)
            turn += 1
            self.sent[sender] = turn
            self._stop.wait(self.think_s)

    def _send(self, session: requests.Session, sender: str, message: str, client_id: str) -> None:
        started = time.perf_counter()
        for attempt in range(20):
            try:
                response = session.post(self.url, json={"sender": sender, "message": message, "client_id": client_id},
                                        timeout=60)
                if response.status_code == 200:
                    self.latencies.append(time.perf_counter() - started)
                    return
            except requests.RequestException:
                pass
            time.sleep(min(0.25 * 2 ** attempt, 3))
        self.failures += 1


def kind_pids(cluster: RunningCluster) -> dict[str, list[int]]:
    replicas = len(cluster.topology.replica_ports["rasa"])
    return {**{kind: [cluster.pid(f"{kind}_{i}") for i in range(1, replicas + 1)] for kind in SCALED},
            "govapi": [cluster.pid("govapi")], "haproxy": [cluster.pid("haproxy")]}


def measure(cluster: RunningCluster, concurrency: int, think_s: float, seconds: float) -> dict:
    citizens = Citizens(cluster, concurrency, think_s)
    pids = kind_pids(cluster)
    before = {kind: cpu_seconds(group) for kind, group in pids.items()}
    wall = citizens.run_for(seconds)
    turns = len(citizens.latencies)
    cpu = {kind: (cpu_seconds(group) - before[kind]) / max(turns, 1) for kind, group in pids.items()}
    return {"turns": turns, "turns_per_s": turns / wall, "p50_ms": percentile(citizens.latencies, .5) * 1000,
            "p95_ms": percentile(citizens.latencies, .95) * 1000, "failures": citizens.failures,
            "cpu_s_per_turn": cpu}


def kill_run(cluster: RunningCluster, seconds: float) -> dict:
    citizens = Citizens(cluster, 20, 0.5)
    timer = threading.Timer(seconds / 3, lambda: os.kill(cluster.pid("rasa_1"), signal.SIGKILL))
    timer2 = threading.Timer(seconds / 2, lambda: os.kill(cluster.pid("gateway_1"), signal.SIGKILL))
    timer.start(), timer2.start()
    citizens.run_for(seconds)
    conversations = [f"web:{sender}" for sender in citizens.senders]
    engine = create_engine(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{cluster.topology.database('gateway')}",
                           future=True)
    deadline = time.monotonic() + 180
    while True:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT conversation_id, external_id, status FROM gateway_messages "
                                           "WHERE direction = 'in' AND conversation_id IN :ids")
                                      .bindparams(bindparam("ids", expanding=True)), {"ids": conversations}).all()
        if all(row.status == "answered" for row in rows) or time.monotonic() > deadline:
            break
        time.sleep(2)
    engine.dispose()
    sent = sum(citizens.sent.values())
    stored = {(row.conversation_id, row.external_id) for row in rows}
    return {"sent": sent, "stored": len(rows), "duplicated": len(rows) - len(stored),
            "lost": sent - len(stored), "unanswered": sum(row.status != "answered" for row in rows)}


def start(replicas: int, work: Path) -> RunningCluster:
    run_dir = work / f"replicas{replicas}"
    run_dir.mkdir()
    env = stack_env(run_dir, **BASES, CLUSTER_REPLICAS=str(replicas), CLUSTER_DB_PREFIX=f"bench_{uuid.uuid4().hex[:6]}",
                    CLUSTER_QUEUE=f"bench_{uuid.uuid4().hex[:6]}", CLUSTER_REDIS="redis://127.0.0.1:6379/11",
                    GOVAPI_OTP_RATE_LIMIT="1000000", GOVAPI_SEED_CITIZENS="200", LOG_LEVEL="WARNING")
    for name in ("GOVAPI_URL", "ACTION_SERVER_URL", "ACTION_ENDPOINT_URL", "RASA_URL", "GATEWAY_URL"):
        env.pop(name)
    return RunningCluster(env, run_dir).start()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--think", type=float, default=5.0, help="seconds a citizen takes between turns")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each measured run")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[20, 50, 100])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    results = {}
    for replicas in (1, 2):
        cluster = start(replicas, work)
        try:
            for concurrency in args.concurrency:
                for think in sorted({0.0, args.think}):
                    results[(replicas, concurrency, think)] = row = measure(cluster, concurrency, think, args.seconds)
                    cpu = ", ".join(f"{kind} {value * 1000:.0f}" for kind, value in row["cpu_s_per_turn"].items())
                    print(f"replicas {replicas} citizens {concurrency:>3} think {think:>3.0f}s: "
                          f"{row['turns']:>5} turns {row['turns_per_s']:6.1f}/s  "
                          f"p50 {row['p50_ms']:7.0f} ms  p95 {row['p95_ms']:7.0f} ms  "
                          f"failed {row['failures']}  CPU ms/turn: {cpu}", flush=True)
            if replicas == 2:
                print("kill run (2 replicas, 20 citizens; rasa_1 and gateway_1 killed):",
                      kill_run(cluster, args.seconds))
        finally:
            cluster.stop()
            cluster.drop_databases()
    for concurrency in args.concurrency:
        one, two = results[(1, concurrency, 0.0)], results[(2, concurrency, 0.0)]
        cpu_one, cpu_two = sum(one["cpu_s_per_turn"].values()), sum(two["cpu_s_per_turn"].values())
        print(f"capacity at {concurrency} citizens: 2 replicas / 1 = {two['turns_per_s'] / one['turns_per_s']:.2f}x "
              f"turns/s, CPU per turn {cpu_two / cpu_one:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
