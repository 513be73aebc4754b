"""Per-turn latency of a full balance-check conversation through the gateway, 20 at a time.

Starts its own stack (tools/stack.py: govapi, actions, Rasa, gateway on free ports, own SQLite
files), then runs CONVERSATIONS conversations on CONCURRENCY threads. Each conversation: greet,
ask for the housing fund balance, give ID number, phone and the SMS code (read from the sandbox
outbox), ask for the medical insurance balance, thank, say goodbye. Prints p50/p95 per turn kind
and overall. Run: .venv/bin/python bench/conversation.py [--conversations 60] [--concurrency 20]
"""
import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import phonenumbers
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.stack import Stack, stack_env

TURNS = ("greet", "ask balance", "id number", "phone", "sms code", "second balance", "thank", "goodbye")


def citizens(database: Path, count: int) -> list[tuple[str, str]]:
    """Generated citizens whose phone is a valid mainland mobile number (the NLU extracts only those)."""
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT id_number, phone FROM citizens ORDER BY id LIMIT 5000 OFFSET 4").fetchall()
    valid = [row for row in rows if phonenumbers.is_valid_number(phonenumbers.parse(row[1], "CN"))]
    if len(valid) < count:
        raise SystemExit(f"only {len(valid)} generated citizens with a valid mobile number")
    return valid[:count]


class Citizen:
    def __init__(self, stack: Stack, id_number: str, phone: str) -> None:
        self.chat_url = stack.url("gateway") + "/api/chat"
        self.sms_url = stack.url("govapi") + "/sandbox/sms"
        self.api_key = stack.env["GOVAPI_API_KEY"]
        self.id_number, self.phone = id_number, phone
        self.sender = "bench" + uuid.uuid4().hex[:10]
        self.timings: dict[str, float] = {}

    def say(self, turn: str, message: str) -> str:
        started = time.perf_counter()
        response = requests.post(self.chat_url, json={"sender": self.sender, "message": message}, timeout=60)
        self.timings[turn] = time.perf_counter() - started
        response.raise_for_status()
        text = "\n".join(reply.get("text") or "" for reply in response.json()["replies"])
        if "12345" in text and "抱歉" in text:
            self.timings["apologies"] = self.timings.get("apologies", 0) + 1
        return text

    def code(self) -> str | None:
        answer = requests.get(self.sms_url, params={"phone": self.phone}, headers={"X-API-Key": self.api_key},
                              timeout=10)
        messages = answer.json()["messages"]
        return messages[0]["code"] if messages else None

    def converse(self) -> dict[str, float]:
        """The timings of each turn; a conversation whose verification fails stops there ("failed")."""
        self.say("greet", "你好")
        self.say("ask balance", "公积金余额多少")
        self.say("id number", self.id_number)
        self.say("phone", self.phone)
        code = self.code()
        if code is None or "认证成功" not in self.say("sms code", code):
            return {**self.timings, "failed": 1.0}
        self.say("second balance", "医保卡里还有多少钱")
        self.say("thank", "谢谢")
        self.say("goodbye", "再见")
        return self.timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(results: list[dict[str, float]], wall_s: float, concurrency: int) -> None:
    print(f"\n{len(results)} conversations, {concurrency} concurrent, {wall_s:.1f} s wall time")
    print(f"{'turn':<16}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    every = []
    for turn in TURNS:
        values = [r[turn] for r in results if turn in r]
        every += values
        print(f"{turn:<16}{len(values):>6}{percentile(values, .5) * 1000:>10.0f}"
              f"{percentile(values, .95) * 1000:>10.0f}{max(values) * 1000:>10.0f}")
    print(f"{'all turns':<16}{len(every):>6}{percentile(every, .5) * 1000:>10.0f}"
          f"{percentile(every, .95) * 1000:>10.0f}{max(every) * 1000:>10.0f}")
    print(f"mean {statistics.mean(every) * 1000:.0f} ms, {len(every) / wall_s:.1f} turns/s")
    failed = sum(1 for r in results if r.get("failed"))
    apologies = sum(int(r.get("apologies", 0)) for r in results)
    print(f"{failed} conversations not verified; {apologies} turns answered with an apology "
          f"(the gateway gives up on Rasa after RASA_TIMEOUT_S, default 8 s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-conversation-"))
    stack = Stack(stack_env(var_dir, GOVAPI_OTP_RATE_LIMIT="100000", GOVAPI_SEED_CITIZENS="1000"), var_dir)
    stack.start(["govapi", "actions", "rasa", "gateway"])
    try:
        people = [Citizen(stack, *pair) for pair in citizens(var_dir / "govapi.db", args.conversations)]
        warm = Citizen(stack, "", "")
        warm.say("greet", "你好")  # first message loads the model's lazy parts; not measured
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            results = list(pool.map(Citizen.converse, people))
        report(results, time.perf_counter() - started, args.concurrency)
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
