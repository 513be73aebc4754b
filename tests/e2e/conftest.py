"""Fixtures for conversations through the gateway."""
import pytest

from tests.e2e.chatting import Chat
from tests.gateway.fake_telegram import FakeTelegram
from tests.gateway.telegram_stack import gateway_with_telegram


@pytest.fixture
def chat(stack):
    return Chat(stack.url("gateway"))


@pytest.fixture(scope="module")
def telegram(stack):
    """A fake Telegram Bot API and a gateway polling it, beside the stack."""
    fake = FakeTelegram().start()
    with gateway_with_telegram(stack, fake, TELEGRAM_MODE="polling"):
        fake.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls))
        yield fake
    fake.stop()
