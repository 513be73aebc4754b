"""The gateway's database unreachable for a while (PostgreSQL behind a proxy that is cut): the
citizen is told their message is kept, and once the database is back the message is stored and
answered, in order, exactly once."""
import time

import pytest
import requests

from bot import notices
from bot.rasa_client import RasaClient
from bot.router import Router
from bot.store.database import make_engine, upgrade_to_head
from bot.store.message_store import MessageStore
from tests.cluster.tcp_proxy import TcpProxy
from tests.gateway.fake_rasa import FakeRasa
from tests.gateway.gateway_process import GatewayProcess


@pytest.fixture
def proxy():
    running = TcpProxy(5432).start()
    yield running
    running.stop()


@pytest.fixture
async def router(fake_rasa, postgres, proxy):
    url = postgres.create().replace("127.0.0.1/", f"127.0.0.1:{proxy.port}/")
    engine = make_engine(url)
    upgrade_to_head(engine)
    rasa = RasaClient(fake_rasa.url, 5, token="fake-token")
    await rasa.start()
    yield Router(rasa, MessageStore(engine), max_message_chars=4096)
    await rasa.close()
    engine.dispose()


async def test_messages_arriving_while_the_database_is_away_are_answered_when_it_is_back(router, proxy,
                                                                                         fake_rasa):
    delivered = []

    async def telegram(conversation_id, replies):
        delivered.append(replies)
    router.register_channel("tg", telegram)
    assert await router.handle("tg:db", "第一条", {}) == [{"text": "echo: 第一条"}]
    proxy.cut()
    before = len(fake_rasa.received)
    assert await router.handle("tg:db", "第二条", {}) == [{"text": notices.ASSISTANT_UNAVAILABLE}]
    assert await router.handle("tg:db", "第三条", {}) == [{"text": notices.ASSISTANT_UNAVAILABLE}]
    await router.retry_pending()  # still away: nothing is lost or sent
    assert len(fake_rasa.received) == before
    proxy.restore()
    await router.retry_pending()
    assert delivered == [[{"text": "echo: 第二条"}], [{"text": "echo: 第三条"}]]
    texts = [(m["direction"], m["text"]) for m in router.store.history("tg:db")]
    assert texts == [("in", "第一条"), ("out", "echo: 第一条"), ("in", "第二条"), ("out", "echo: 第二条"),
                     ("in", "第三条"), ("out", "echo: 第三条")]


async def test_a_message_its_channel_sends_again_while_the_database_is_away_is_kept_once(router, proxy):
    delivered = []

    async def wechat(conversation_id, replies):
        delivered.append(replies)
    router.register_channel("wx", wechat)
    proxy.cut()
    for _ in range(3):  # WeChat's repeats
        assert await router.handle("wx:o-db", "医保", {}, external_id="wx:42") == [
            {"text": notices.ASSISTANT_UNAVAILABLE}]
    proxy.restore()
    await router.retry_pending()
    assert delivered == [[{"text": "echo: 医保"}]]


@pytest.fixture
def own_rasa():
    """A stand-in Rasa of this test's own: the gateway process's purge at start must not reach the
    one that other modules count calls of."""
    server = FakeRasa().start()
    yield server
    server.stop()


@pytest.fixture
def web_gateway(tmp_path, own_rasa, postgres, proxy):
    url = postgres.create().replace("127.0.0.1/", f"127.0.0.1:{proxy.port}/")
    running = GatewayProcess(tmp_path, RASA_URL=own_rasa.url, GATEWAY_DATABASE_URL=url).start()
    yield running
    running.stop()


def test_the_web_chat_keeps_a_message_while_the_database_is_away_and_answers_it_after(web_gateway, proxy):
    assert web_gateway.chat("wdb", "你好", client_id="wdb.1")["replies"] == [{"text": "echo: 你好"}]
    proxy.cut()
    body = web_gateway.chat("wdb", "社保", client_id="wdb.2")
    assert body["replies"] == [{"text": notices.ASSISTANT_UNAVAILABLE}]
    assert body["elder_mode"] is None   # unknown while away: the page keeps the mode it shows
    refused = requests.get(web_gateway.url + "/api/chat/history", params={"sender": "wdb"}, timeout=10)
    assert refused.status_code == 503
    assert refused.json()["error"]["message"] == notices.STORE_UNAVAILABLE
    proxy.restore()
    deadline = time.monotonic() + 30
    texts = []
    while time.monotonic() < deadline and "echo: 社保" not in texts:
        time.sleep(0.5)
        answer = requests.get(web_gateway.url + "/api/chat/history", params={"sender": "wdb"}, timeout=10)
        texts = [message["text"] for message in answer.json()["messages"]] if answer.status_code == 200 else []
    assert texts == ["你好", "echo: 你好", "社保", "echo: 社保"]
