"""Where a turn's CPU time goes: py-spy samples Rasa and the action server while guide-question
conversations run (the stack of tools/stack.py), and the samples are grouped by the part of the
turn they belong to. Prints the share of each part and the HTTP calls Rasa made per turn.

    .venv/bin/python bench/profile_turn.py [--turns 200] [--message 昆山政务服务中心在哪] [--per-conversation 8]
"""
import argparse
import collections
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import new_senders, rest_turn  # noqa: E402
from tools.stack import Stack, stack_env  # noqa: E402

# The first pattern found in a sample's stack (innermost frame first) names its part of the turn.
PARTS = [
    ("events rebuilt from their dicts (Event class lookup)", ("all_subclasses", "resolve_by_type")),
    ("tracker states for the policies (past_states)", ("past_states", "generate_all_prior_trackers",
                                                        "applied_events")),
    ("action server response checked (jsonschema)", ("jsonschema",)),
    ("JSON encoding and decoding", ("json/", "ujson", "orjson")),
    ("tracker store queries (SQLAlchemy)", ("sqlalchemy", "sqlite3", "psycopg2")),
    ("tracker replay (events applied)", ("trackers.py", "events.py")),
    ("NLU pipeline", ("rasa/nlu/", "/nlu/", "jieba", "spacy", "tensorflow", "sklearn", "numpy", "scipy")),
    ("dialogue policies", ("rasa/core/policies/", "featurizers")),
    ("action server call (HTTP)", ("aiohttp", "actions/action.py")),
    ("logging", ("logging/", "structlog")),
    ("our actions and govapi client", ("/actions/", "requests", "urllib3", "rasa_sdk")),
    ("web server", ("sanic", "httptools")),
]
# Innermost Python frames of a process waiting for work.
IDLE = ("serve (sanic/server/runners.py", "serve_single", "run_forever", "_run_once", "select (selectors.py",
        "wait (threading.py", "_worker (")


def part_of(stack: str) -> str:
    frames = stack.split(";")
    for frame in reversed(frames):
        for name, patterns in PARTS:
            if any(pattern in frame for pattern in patterns):
                return name
    return "other"


def profile(pid: int, seconds: float, output: Path) -> subprocess.Popen:
    return subprocess.Popen([str(ROOT / ".venv/bin/py-spy"), "record", "--pid", str(pid), "--duration",
                             str(int(seconds)), "--rate", "200", "--format", "raw", "--output", str(output),
                             "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def breakdown(path: Path) -> collections.Counter:
    parts: collections.Counter = collections.Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if count.isdigit() and not any(mark in stack.split(";")[-1] for mark in IDLE):
            parts[part_of(stack)] += int(count)
    return parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--message", default="昆山政务服务中心在哪")
    parser.add_argument("--per-conversation", type=int, default=8, help="turns before a new conversation starts")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="profile-turn-"))
    stack = Stack(stack_env(work, LOG_LEVEL="WARNING"), work)
    stack.start(["govapi", "actions", "rasa", "gateway"])
    try:
        url, session = stack.url("rasa") + "/webhooks/rest/webhook", requests.Session()
        estimate = args.turns * 0.4 + 10
        recorders = {name: profile(stack.processes[name].pid, estimate, work / f"{name}.txt")
                     for name in ("rasa", "actions")}
        time.sleep(2)
        started = time.perf_counter()
        senders = new_senders(args.turns // args.per_conversation + 1)
        for turn in range(args.turns):
            rest_turn(session, url, senders[turn // args.per_conversation], args.message)
        took = time.perf_counter() - started
        for recorder in recorders.values():
            recorder.wait(estimate + 30)
        print(f"{args.turns} turns of {args.message!r} in {took:.1f} s ({took / args.turns * 1000:.0f} ms each)")
        for name in recorders:
            parts = breakdown(work / f"{name}.txt")
            total = sum(parts.values()) or 1
            print(f"\n{name}: {total} samples at 200/s = {total / 200 / args.turns * 1000:.1f} ms CPU per turn")
            for part, count in parts.most_common():
                print(f"  {count / total * 100:5.1f}%  {part}")
        print(f"\nraw samples in {work}")
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
