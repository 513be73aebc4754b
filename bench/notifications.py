"""Notification latency through a real stack: a citizen opts in on Telegram (the fake Bot API) and
in the web chat by chatting, then the sandbox moves BENCH_EVENTS (60) case statuses on, one after
the other. For each event: the time from the sandbox's answer to the status change (the event is in
govapi's outbox) until the message reaches the fake Telegram (sendMessage) and until the web chat's
history shows it (what the page polls). Then the same events as a burst of status changes across
cases (a citizen's notices go out in order, so they queue).

Starts govapi, actions, Rasa and the gateway from the Procfile on free ports with their own SQLite
files (needs models/tongban.tar.gz). Figures depend on the machine and on what else runs on it.

    .venv/bin/python bench/notifications.py       # or: make bench-notifications
"""
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.measure import percentile  # noqa: E402
from govapi.seed import generated_logins  # noqa: E402
from tests.gateway.fake_telegram import FakeTelegram  # noqa: E402
from tools.stack import Stack, stack_env  # noqa: E402

EVENTS = int(os.environ.get("BENCH_EVENTS", "60"))
STEPS = ("accepted", "in_review", "approved", "completed")
SHOWN_AS = {"accepted": "已受理", "in_review": "正在审核", "approved": "审核通过", "completed": "已办结"}
TG_CHAT = 880001
POLL_S = 0.005


class Citizen:
    def __init__(self, stack: Stack, telegram: FakeTelegram) -> None:
        self.stack, self.telegram = stack, telegram
        self.id_number, self.phone = generated_logins(200)[190]
        self.web = "bench" + str(os.getpid())
        self.key = {"X-API-Key": stack.env["GOVAPI_API_KEY"]}

    def _code(self) -> str:
        return requests.get(self.stack.url("govapi") + "/sandbox/sms", params={"phone": self.phone},
                            timeout=5).json()["messages"][0]["code"]

    def _tg(self, text: str) -> None:
        already = len(self.telegram.calls_of("sendMessage", TG_CHAT))
        self.telegram.push_text(TG_CHAT, text, language_code="en")
        self.telegram.wait_for_texts(TG_CHAT, 1, after=already, timeout_s=60)
        time.sleep(1.5)

    def _web(self, text: str) -> str:
        answer = requests.post(self.stack.url("gateway") + "/api/chat", json={"sender": self.web, "message": text},
                               timeout=30).json()
        return "\n".join(reply.get("text", "") for reply in answer["replies"])

    def opt_in(self) -> None:
        for text in ("notify me", self.id_number, self.phone):
            self._tg(text)
        self._tg(self._code())
        for text in ("要通知我", self.id_number, self.phone):
            self._web(text)
        assert "取消通知" in self._web(self._code()), "the web chat did not opt in"

    def new_case(self) -> str:
        answer = requests.post(self.stack.url("govapi") + "/v1/me/applications", timeout=5,
                               json={"matter_code": "residence_permit_endorsement", "details": {}},
                               headers={**self.key, "X-Chat-User": f"tg:{TG_CHAT}"})
        return answer.json()["case_number"]

    def telegram_count(self) -> int:
        return len(self.telegram.calls_of("sendMessage", TG_CHAT))

    def web_has(self, text: str) -> bool:
        history = requests.get(self.stack.url("gateway") + "/api/chat/history", params={"sender": self.web},
                               timeout=5).json()["messages"]
        return any(text in (message["text"] or "") for message in history)


def wait(condition: Callable[[], bool], timeout_s: float = 60) -> float:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("a notice did not arrive")
        time.sleep(POLL_S)
    return time.monotonic()


def advance(stack: Stack, case_number: str, status: str) -> float:
    moved = requests.post(stack.url("govapi") + f"/sandbox/applications/{case_number}/advance",
                          json={"status": status}, timeout=5)
    assert moved.status_code == 200, moved.text
    return time.monotonic()


def one_by_one(stack: Stack, citizen: Citizen, events: list[tuple]) -> tuple:
    telegram_s, web_s = [], []
    for case_number, status in events:
        before, shown = citizen.telegram_count(), f"{case_number}）{SHOWN_AS[status]}"
        moved_at = advance(stack, case_number, status)
        telegram_s.append(wait(lambda: citizen.telegram_count() > before) - moved_at)  # noqa: B023 - called at once
        web_s.append(wait(lambda: citizen.web_has(shown)) - moved_at)  # noqa: B023 - called at once
    return telegram_s, web_s


def burst(stack: Stack, citizen: Citizen, events: list[tuple]) -> float:
    before = citizen.telegram_count()
    started = time.monotonic()
    for case_number, status in events:
        advance(stack, case_number, status)
    wait(lambda: citizen.telegram_count() >= before + len(events), timeout_s=300)
    return time.monotonic() - started


def line(name: str, values: list[float]) -> str:
    return (f"  {name}: p50 {percentile(values, .5) * 1000:.0f} ms, p95 {percentile(values, .95) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms")


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="bench-notifications-"))
    telegram = FakeTelegram().start()
    env = stack_env(var_dir, TELEGRAM_BOT_TOKEN=telegram.token, TELEGRAM_API_BASE=telegram.api_base,
                    TELEGRAM_MODE="polling", LOG_LEVEL="WARNING")
    stack = Stack(env, var_dir)
    try:
        stack.start(["govapi", "actions", "rasa", "gateway"])
        telegram.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls))
        citizen = Citizen(stack, telegram)
        citizen.opt_in()
        cases = [citizen.new_case() for _ in range((EVENTS + len(STEPS) - 1) // len(STEPS))]
        events = [(case, status) for case in cases for status in STEPS][:EVENTS]
        telegram_s, web_s = one_by_one(stack, citizen, events)
        cases = [citizen.new_case() for _ in range(len(cases))]
        burst_events = [(case, status) for status in STEPS for case in cases][:EVENTS]
        burst_s = burst(stack, citizen, burst_events)
        print(f"Notifications, {len(events)} status changes one after the other, each to 2 opted-in chats "
              f"(Telegram via the fake Bot API, web chat history); other work may be running on this machine")
        print(line("event -> Telegram message sent", telegram_s))
        print(line("event -> shown in the web chat's history", web_s))
        print("  (the web page polls its history every 2 s, which adds up to 2 s before a citizen sees it)")
        print(f"Burst: {len(burst_events)} status changes at once -> {len(burst_events)} Telegram messages in "
              f"{burst_s:.1f} s ({len(burst_events) / burst_s:.1f} per second)")
    finally:
        stack.stop()
        telegram.stop()


if __name__ == "__main__":
    main()
