"""`make bench-turn`: the cost of one turn of ours against a vanilla `rasa init` bot, in one run
on the same Rasa install, through Rasa's REST channel.

Ours (tools/stack.py on free ports, own SQLite files): a greeting ("你好"), a guide question
("昆山政务服务中心在哪": NLU, policies, action server, govapi) and a verified balance check
("公积金余额多少", the chat user bound beforehand). Vanilla: `rasa init` trained in a temporary
folder, its greeting ("hello"). Conversations of 8 turns, 1 client and 20 concurrent clients:
p50/p95, turns/s, CPU ms per turn (all our processes, or the vanilla Rasa), the ratios
ours/vanilla; then one 200-turn conversation of ours, p50 of its last 20 turns against its first 20.

    .venv/bin/python bench/turn.py [--quick]
"""
import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import Run, conversations, cpu_seconds, new_senders, percentile, rest_turn  # noqa: E402
from tools.ready import wait_until_healthy, warm_up  # noqa: E402
from tools.stack import Stack, free_port, stack_env  # noqa: E402

KINDS = {"greeting": "你好", "guide": "昆山政务服务中心在哪", "balance": "公积金余额多少"}
VANILLA_GREETING = "hello"
TURNS_PER_CONVERSATION = 8
LONG_CONVERSATION = 200
ZHANG = ("320102198503121234", "13800000001")


def vanilla_bot(folder: Path) -> subprocess.Popen:
    """`rasa init` (trains its model) in `folder`, then its server on a free port."""
    rasa = str(ROOT / ".venv" / "bin" / "rasa")
    subprocess.run([rasa, "init", "--no-prompt", "--init-dir", str(folder)], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([rasa, "run", "--port", str(port), "--interface", "127.0.0.1"], cwd=folder,
                              stdout=open(folder / "rasa.log", "wb"), stderr=subprocess.STDOUT,
                              env={**os.environ, "LOG_LEVEL": "WARNING"})
    server.url = f"http://127.0.0.1:{port}"
    if wait_until_healthy([("vanilla", server.url, "/")], 300):
        raise SystemExit("the vanilla bot did not start")
    warm_up(server.url)
    return server


def bind(stack: Stack, sender: str) -> None:
    """The chat user verified on the platform, as if it had gone through the SMS-code steps."""
    base, headers = stack.url("govapi"), {"X-API-Key": stack.env["GOVAPI_API_KEY"], "X-Chat-User": sender}
    handle = requests.post(base + "/v1/auth/identity", json={"id_number": ZHANG[0]}, headers=headers,
                           timeout=10).json()["handle"]
    requests.post(base + "/v1/auth/otp", json={"handle": handle, "phone": ZHANG[1]}, headers=headers, timeout=10)
    code = requests.get(base + "/sandbox/sms", params={"phone": ZHANG[1]}, headers=headers,
                        timeout=10).json()["messages"][0]["code"]
    assert requests.post(base + "/v1/auth/verify", json={"handle": handle, "code": code}, headers=headers,
                         timeout=10).status_code == 200


def measure_ours(stack: Stack, kind: str, clients: int, per_client: int) -> Run:
    senders = new_senders(clients * per_client)
    if kind == "balance":
        for sender in senders:
            bind(stack, sender)
    pids = [process.pid for process in stack.processes.values()]
    return conversations(stack.url("rasa") + "/webhooks/rest/webhook", [KINDS[kind]] * TURNS_PER_CONVERSATION,
                         clients, per_client, pids, senders)


def long_conversation(stack: Stack) -> dict[str, float]:
    """p50 latency and CPU per turn (all our processes) of the first and the last 20 turns."""
    session, sender = requests.Session(), new_senders(1)[0]
    url = stack.url("rasa") + "/webhooks/rest/webhook"
    pids = [process.pid for process in stack.processes.values()]
    messages = [KINDS["greeting"], KINDS["guide"]] * (LONG_CONVERSATION // 2)
    timings, cpu = [], {}
    for index, message in enumerate(messages):
        if index in (0, len(messages) - 20):
            cpu_before = cpu_seconds(pids)
        timings.append(rest_turn(session, url, sender, message))
        if index in (19, len(messages) - 1):
            cpu["first" if index == 19 else "last"] = (cpu_seconds(pids) - cpu_before) / 20 * 1000
    first, last = [t for t in timings[:20] if t], [t for t in timings[-20:] if t]
    return {"first20_p50_ms": percentile(first, .5) * 1000, "last20_p50_ms": percentile(last, .5) * 1000,
            "first20_cpu_ms": cpu["first"], "last20_cpu_ms": cpu["last"]}


def print_table(rows: dict[str, dict], vanilla: dict[str, dict]) -> None:
    print(f"{'turn':<22}{'clients':>8}{'turns':>7}{'p50 ms':>9}{'p95 ms':>9}{'turns/s':>9}{'CPU ms/turn':>13}"
          f"{'p50 ×v':>8}{'turns/s ×v':>11}{'CPU ×v':>8}")
    for name, row in rows.items():
        base = vanilla[str(row["clients"])]
        print(f"{name:<22}{row['clients']:>8}{row['turns']:>7}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
              f"{row['turns_per_s']:>9.1f}{row['cpu_ms_per_turn']:>13.1f}"
              f"{row['p50_ms'] / base['p50_ms']:>8.2f}{row['turns_per_s'] / base['turns_per_s']:>11.2f}"
              f"{row['cpu_ms_per_turn'] / base['cpu_ms_per_turn']:>8.2f}")


def print_growth(stack: Stack) -> None:
    growth = long_conversation(stack)
    print(f"\n{LONG_CONVERSATION}-turn conversation: first 20 p50 {growth['first20_p50_ms']:.1f} ms, "
          f"last 20 p50 {growth['last20_p50_ms']:.1f} ms, ×{growth['last20_p50_ms'] / growth['first20_p50_ms']:.2f}; "
          f"CPU per turn {growth['first20_cpu_ms']:.1f} → {growth['last20_cpu_ms']:.1f} ms, "
          f"×{growth['last20_cpu_ms'] / growth['first20_cpu_ms']:.2f}")


def long_only() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-turn-"))
    stack = Stack(stack_env(work, LOG_LEVEL="WARNING"), work)
    try:
        stack.start(["govapi", "actions", "rasa", "gateway"])
        print_growth(stack)
    finally:
        stack.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer conversations (a smoke run)")
    parser.add_argument("--long-only", action="store_true", help="only the 200-turn conversation of ours")
    args = parser.parse_args()
    if args.long_only:
        return long_only()
    single, many = (2, 1) if args.quick else (5, 3)
    work = Path(tempfile.mkdtemp(prefix="bench-turn-"))
    (work / "vanilla").mkdir()
    print("training the vanilla rasa init bot ...", flush=True)
    vanilla = vanilla_bot(work / "vanilla")
    stack = Stack(stack_env(work, GOVAPI_OTP_RATE_LIMIT="1000000", GOVAPI_SEED_CITIZENS="200"), work)
    try:
        stack.start(["govapi", "actions", "rasa", "gateway"])
        rows, baseline = {}, {}
        for clients, per_client in ((1, single), (20, many)):
            run = conversations(vanilla.url + "/webhooks/rest/webhook", [VANILLA_GREETING] * TURNS_PER_CONVERSATION,
                                clients, per_client, [vanilla.pid])
            baseline[str(clients)] = rows["vanilla greeting"] = {**run.summary(), "clients": clients}
            for kind in KINDS:
                rows[f"ours {kind}"] = {**measure_ours(stack, kind, clients, per_client).summary(),
                                        "clients": clients}
            print_table(rows, baseline)
        print_growth(stack)
        errors = sum(row["errors"] for row in rows.values())
        print(f"errors: {errors}")
    finally:
        stack.stop()
        vanilla.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
