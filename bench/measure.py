"""What the benchmarks measure with: percentiles, CPU seconds of processes (from /proc, children
included), and turns sent to a REST endpoint by concurrent clients."""
import os
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else float("nan")


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as children:
                queue += [int(child) for child in children.read().split()]
        except OSError:
            pass
    return found


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU time of these processes and their children, so far."""
    total = 0
    for pid in pids:
        for process in _descendants(pid):
            try:
                with open(f"/proc/{process}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])   # utime, stime
            except (OSError, IndexError, ValueError):
                pass
    return total / CLOCK_TICKS


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float = 0.0
    errors: int = 0

    @property
    def turns(self) -> int:
        return len(self.latencies)

    def summary(self) -> dict:
        return {"turns": self.turns, "p50_ms": percentile(self.latencies, .5) * 1000,
                "p95_ms": percentile(self.latencies, .95) * 1000,
                "turns_per_s": self.turns / self.wall_s if self.wall_s else float("nan"),
                "cpu_ms_per_turn": self.cpu_s / self.turns * 1000 if self.turns else float("nan"),
                "errors": self.errors}


def rest_turn(session: requests.Session, url: str, sender: str, message: str) -> float | None:
    """Seconds one message took through a Rasa REST webhook (None if it failed)."""
    started = time.perf_counter()
    try:
        response = session.post(url, json={"sender": sender, "message": message}, timeout=60)
    except requests.RequestException:
        return None
    elapsed = time.perf_counter() - started
    return elapsed if response.status_code == 200 and response.json() else None


def new_senders(count: int) -> list[str]:
    return ["web:b" + uuid.uuid4().hex[:12] for _ in range(count)]


def conversations(url: str, messages: list[str], clients: int, per_client: int, pids: Iterable[int],
                  senders: list[str] | None = None) -> Run:
    """`clients` threads, each holding `per_client` conversations of `messages`, one turn at a time;
    CPU measured over `pids` for the whole run. `senders` (clients × per_client) may be prepared
    beforehand, e.g. verified."""
    pids = list(pids)
    senders = senders or new_senders(clients * per_client)
    run = Run()

    def client(index: int) -> None:
        session = requests.Session()
        for sender in senders[index * per_client:(index + 1) * per_client]:
            for message in messages:
                took = rest_turn(session, url, sender, message)
                if took is None:
                    run.errors += 1
                else:
                    run.latencies.append(took)

    cpu_before, started = cpu_seconds(pids), time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    run.wall_s, run.cpu_s = time.perf_counter() - started, cpu_seconds(pids) - cpu_before
    return run
