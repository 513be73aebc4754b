"""The WeChat channel under load: BENCH_CONVERSATIONS (20) citizens at once, each sending
BENCH_MESSAGES (5) messages one after the other through the fake WeChat platform (safe mode, WeChat's
5-second patience and repeats) to a real stack. A message is answered inside WeChat's window when
its passive reply, or its first customer-service message, arrives within 5 s of the push.
Prints that share, p50/p95 of the time to the first answer, how the answers came, the repeats
WeChat had to send and the access-token fetches.

Starts govapi, actions, Rasa and the gateway from the Procfile on free ports with their own SQLite
files (needs models/tongban.tar.gz).

    .venv/bin/python bench/wechat.py              # or: make bench-wechat
"""
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.measure import percentile  # noqa: E402
from tests.gateway.fake_wechat import AES_KEY, FakeWechat  # noqa: E402
from tools.stack import Stack, stack_env  # noqa: E402

CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "20"))
MESSAGES_EACH = int(os.environ.get("BENCH_MESSAGES", "5"))
WINDOW_S = 5.0
QUIET_S = 1.0   # after the first answer, how long to wait for the rest of it
MESSAGES = ["你好", "社保怎么交", "公积金怎么提取", "how do I renew my ID card", "医保异地备案怎么办", "谢谢", "再见"]


def conversation(fake: FakeWechat, number: int) -> list[dict]:
    openid = f"oBench{number:04d}_{os.getpid()}_citizenXYZ"
    results = []
    for index in range(MESSAGES_EACH):
        already = len(fake.answers(openid))
        delivery = fake.text(openid, MESSAGES[(number + index) % len(MESSAGES)])
        try:
            answers = fake.wait_for_answers(openid, already + 1, timeout_s=60, quiet_s=QUIET_S)[already:]
        except AssertionError:
            answers = []
        results.append({"first_s": answers[0].at_s if answers else None,
                        "kind": answers[0].kind if answers else "none",
                        "messages": len(answers), "attempts": len(delivery.attempts)})
    return results


def report(results: list[dict], wall_s: float, token_fetches: int) -> None:
    firsts = [r["first_s"] for r in results if r["first_s"] is not None]
    inside = sum(1 for value in firsts if value <= WINDOW_S)
    passive = sum(1 for r in results if r["kind"] == "passive")
    custom = sum(1 for r in results if r["kind"] == "custom")
    print(f"WeChat channel, {CONVERSATIONS} concurrent conversations x {MESSAGES_EACH} messages "
          f"({len(results)} messages, {wall_s:.0f} s)")
    print(f"  answered inside the 5 s window: {inside}/{len(results)} = {100 * inside / len(results):.1f}%")
    print(f"  time to first answer: p50 {percentile(firsts, .5):.2f} s, p95 {percentile(firsts, .95):.2f} s, "
          f"max {max(firsts):.2f} s")
    print(f"  first answer as passive reply: {passive}, as customer-service message: {custom}, "
          f"none: {len(results) - passive - custom}")
    print(f"  messages WeChat had to send again: {sum(1 for r in results if r['attempts'] > 1)}; "
          f"access-token fetches: {token_fetches}")
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          "(other work on the machine slows Rasa, and the share with it)")


def main() -> None:
    fake = FakeWechat(aes_key=AES_KEY).start()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-wechat-"))
    stack = Stack(stack_env(var_dir, **fake.gateway_env(WECHAT_ENCODING_AES_KEY=AES_KEY)), var_dir)
    try:
        stack.start(["govapi", "actions", "rasa", "gateway"])
        fake.targets = [stack.url("gateway")]
        conversation(fake, 9999)  # warm-up
        started = time.monotonic()
        with ThreadPoolExecutor(CONVERSATIONS) as pool:
            runs = list(pool.map(lambda n: conversation(fake, n), range(CONVERSATIONS)))
        report([result for run in runs for result in run], time.monotonic() - started, fake.token_fetches)
    finally:
        stack.stop()
        fake.stop()


if __name__ == "__main__":
    main()
