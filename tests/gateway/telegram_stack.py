"""The session stack's gateway with Telegram switched on against the fake Bot API."""
import contextlib
import itertools
from collections.abc import Iterator

from tests.gateway.fake_telegram import FakeTelegram

TELEGRAM_KEYS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE", "TELEGRAM_MODE", "TELEGRAM_WEBHOOK_URL",
                 "TELEGRAM_WEBHOOK_SECRET")
chat_ids = itertools.count(70001)


@contextlib.contextmanager
def gateway_with_telegram(stack, fake: FakeTelegram, **settings: str) -> Iterator[None]:
    """Restarts the stack's gateway with TELEGRAM_* settings; restores it afterwards."""
    saved: dict[str, str] = {key: stack.env[key] for key in TELEGRAM_KEYS if key in stack.env}
    stack.env.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE=fake.api_base, **settings)
    stack.restart("gateway")
    try:
        yield
    finally:
        for key in TELEGRAM_KEYS:
            stack.env.pop(key, None)
        stack.env.update(saved)
        stack.restart("gateway")


def texts(calls) -> str:
    return "\n".join(call.params.get("text", "") for call in calls)
