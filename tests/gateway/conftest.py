"""Fixtures for the gateway's own tests: a stand-in Rasa, a fake Telegram Bot API,
the gateway as a real process, and message-store databases on SQLite and PostgreSQL."""

import pytest

from tests.gateway.fake_rasa import FakeRasa
from tests.gateway.fake_telegram import FakeTelegram
from tests.gateway.gateway_process import GatewayProcess
from tests.postgres import ScratchDatabases

WEBHOOK_SECRET = "webhook-secret-for-tests"


@pytest.fixture(scope="session")
def fake_rasa():
    server = FakeRasa().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def rasa_is_up(fake_rasa):
    fake_rasa.up = True
    yield
    fake_rasa.up = True


@pytest.fixture(scope="module")
def fake_telegram():
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def gateway_db(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('gateway') / 'gateway.db'}"


@pytest.fixture(scope="module")
def polling_gateway(tmp_path_factory, fake_rasa, fake_telegram, gateway_db):
    """The gateway with Telegram in polling mode against the fake Bot API."""
    gateway = GatewayProcess(tmp_path_factory.mktemp("gw"), RASA_URL=fake_rasa.url,
                             GATEWAY_DATABASE_URL=gateway_db, GOVAPI_URL="http://127.0.0.1:9",
                             TELEGRAM_BOT_TOKEN=fake_telegram.token, TELEGRAM_API_BASE=fake_telegram.api_base,
                             TELEGRAM_MODE="polling").start()
    fake_telegram.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls))
    yield gateway
    gateway.stop()


@pytest.fixture(scope="module")
def webhook_gateway(tmp_path_factory, fake_rasa, fake_telegram):
    gateway = GatewayProcess(tmp_path_factory.mktemp("gw"), RASA_URL=fake_rasa.url,
                             GATEWAY_DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('gwdb') / 'g.db'}",
                             TELEGRAM_BOT_TOKEN=fake_telegram.token, TELEGRAM_API_BASE=fake_telegram.api_base,
                             TELEGRAM_MODE="webhook", TELEGRAM_WEBHOOK_URL="https://gateway.example/telegram/webhook",
                             TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET)
    gateway.start()
    fake_telegram.wait_for(lambda calls: any(c.method == "setWebhook" for c in calls))
    yield gateway
    gateway.stop()


@pytest.fixture(scope="session")
def postgres():
    databases = ScratchDatabases("gateway_test")
    yield databases
    databases.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, postgres):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gateway.db'}"
    return postgres.create()
