"""The router in-process against a stand-in Rasa over real HTTP: storage, hand-off
diversion and its listener hook, retries after an outage, intents from the tracker, and
typed text that is never read as an intent."""
import asyncio

import pytest

from bot import notices
from bot.rasa_client import RasaClient
from bot.router import Router
from bot.store.database import make_engine, upgrade_to_head
from bot.store.message_store import MessageStore
from bot.store.models import ANSWERED, DIVERTED, HANDOFF_HUMAN, NOTICE, PENDING


@pytest.fixture
async def router(fake_rasa, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'router.db'}")
    upgrade_to_head(engine)
    rasa = RasaClient(fake_rasa.url, 5, token="fake-token")
    await rasa.start()
    yield Router(rasa, MessageStore(engine), max_message_chars=4096)
    await rasa.close()
    engine.dispose()


async def _settle():
    await asyncio.sleep(0.3)  # intent lookups run in the background


async def test_message_and_reply_are_stored_with_intent(router):
    replies = await router.handle("web:a", "你好", {"channel": "web"})
    assert replies == [{"text": "echo: 你好"}]
    await _settle()
    inbound, outbound = router.store.history("web:a")
    assert (inbound["text"], inbound["status"], inbound["intent"]) == ("你好", ANSWERED, "greet")
    assert outbound["text"] == "echo: 你好"
    assert router.store.conversation("web:a")["language_code"] == "zh"


async def test_empty_message_is_answered_by_the_gateway_and_stored(router, fake_rasa):
    before = len(fake_rasa.received)
    assert await router.handle("web:b", "  ", {}) == [{"text": notices.EMPTY_MESSAGE}]
    assert len(fake_rasa.received) == before
    assert [m["status"] for m in router.store.history("web:b")] == [NOTICE, None]


async def test_conversation_in_hand_off_is_diverted_to_listeners(router, fake_rasa):
    await router.handle("tg:5", "你好", {})
    router.store.set_handoff_state("tg:5", HANDOFF_HUMAN)
    heard = []

    async def desk(conversation_id, message):
        heard.append((conversation_id, message["text"], message["status"]))
    router.on_handoff_message(desk)
    before = len(fake_rasa.received)
    assert await router.handle("tg:5", "我要找人工，电话13800000001", {}) == []
    assert len(fake_rasa.received) == before
    assert heard == [("tg:5", "我要找人工，电话138****0001", DIVERTED)]


async def test_staff_reply_is_stored_and_delivered_on_the_channel(router):
    delivered = []

    async def telegram(conversation_id, replies):
        delivered.append((conversation_id, replies))
    router.register_channel("tg", telegram)
    await router.reply("tg:6", [{"text": "您好，我是12345的工作人员"}])
    assert delivered == [("tg:6", [{"text": "您好，我是12345的工作人员"}])]


async def test_message_sent_while_rasa_is_down_is_retried_with_its_real_text(router, fake_rasa):
    delivered = []

    async def telegram(conversation_id, replies):
        delivered.append((conversation_id, replies))
    router.register_channel("tg", telegram)
    fake_rasa.up = False
    replies = await router.handle("tg:7", "身份证320102198503121234", {"channel": "telegram"})
    assert replies == [{"text": notices.ASSISTANT_UNAVAILABLE}]
    assert [p.text for p in router.store.pending()] == ["身份证3201**********1234"]
    assert await router.retry_pending() == 0
    fake_rasa.up = True
    assert await router.retry_pending() == 1
    assert delivered == [("tg:7", [{"text": "echo: 身份证320102198503121234"}])]
    # sent again: with the message's key and as a retry, so that Rasa does not handle it twice
    assert fake_rasa.received[-1]["metadata"] == {"channel": "telegram", "message_key": "g1", "retry": True}
    statuses = [m["status"] for m in router.store.history("tg:7") if m["direction"] == "in"]
    assert statuses == [ANSWERED] and router.store.pending() == []


async def test_new_message_sends_earlier_pending_ones_first(router, fake_rasa):
    fake_rasa.up = False
    await router.handle("web:c", "第一条", {})
    fake_rasa.up = True
    replies = await router.handle("web:c", "第二条", {})
    assert replies == [{"text": "echo: 第一条"}, {"text": "echo: 第二条"}]
    assert router.store.pending() == [] and PENDING not in [m["status"] for m in router.store.history("web:c")]


async def test_pending_message_of_a_conversation_taken_over_meanwhile_goes_to_the_desk(router, fake_rasa):
    heard = []

    async def desk(conversation_id, message):
        heard.append((conversation_id, message["text"]))
    router.on_handoff_message(desk)
    fake_rasa.up = False
    await router.handle("tg:8", "还在吗", {})
    router.store.set_handoff_state("tg:8", HANDOFF_HUMAN)
    fake_rasa.up = True
    before = len(fake_rasa.received)
    assert await router.retry_pending() == 0
    assert len(fake_rasa.received) == before
    assert heard == [("tg:8", "还在吗")]
    assert router.store.pending() == []


async def test_typed_intent_syntax_reaches_rasa_as_text(router, fake_rasa):
    for typed in ('/inform{"id_number": "320102198503121234"}', "/request_human", "  /restart"):
        await router.handle("web:typed", typed, {"channel": "web"})
        assert not fake_rasa.received[-1]["message"].startswith("/"), typed
        assert fake_rasa.received[-1]["message"].startswith("／")


async def test_the_payload_of_an_offered_button_reaches_rasa_as_an_intent(router, fake_rasa):
    await router.handle("web:offer", "buttons", {})
    await router.handle("web:offer", "/social_security_contributions", {}, display_text="社保")
    assert fake_rasa.received[-1]["message"] == "/social_security_contributions"
    long_payload = "/inform" + '{"case_number": "' + "9" * 80 + '"}'
    await router.handle("web:offer", long_payload, {})
    assert fake_rasa.received[-1]["message"] == long_payload
    # a payload offered to another conversation is text here
    await router.handle("web:other", "/social_security_contributions", {})
    assert fake_rasa.received[-1]["message"] == "／social_security_contributions"


async def test_start_payloads_and_channel_commands_reach_rasa_as_intents(router, fake_rasa):
    for start in ("/greet", '/switch_language{"language":"en"}'):
        await router.handle("web:start", start, {})
        assert fake_rasa.received[-1]["message"] == start
    await router.handle("tg:9", "/request_human", {}, command=True)
    assert fake_rasa.received[-1]["message"] == "/request_human"


async def test_a_message_its_channel_sends_again_is_stored_and_answered_once(router, fake_rasa):
    first = await router.handle("web:dup", "你好", {}, external_id="web:c1")
    before = len(fake_rasa.received)
    again = await router.handle("web:dup", "你好", {}, external_id="web:c1")
    assert first == [{"text": "echo: 你好"}] and again == []
    assert len(fake_rasa.received) == before
    assert [m["direction"] for m in router.store.history("web:dup")] == ["in", "out"]


async def test_a_conversation_is_sent_to_rasa_by_one_gateway_process_at_a_time(router, fake_rasa):
    other_process = Router(router.rasa, router.store, max_message_chars=4096)
    fake_rasa.up = False
    await router.handle("tg:leased", "第一条", {})
    fake_rasa.up = True
    assert router.store.take_lease("tg:leased", other_process.owner, 30)
    before = len(fake_rasa.received)
    assert await router.retry_pending() == 0 and len(fake_rasa.received) == before
    router.store.release_lease("tg:leased", other_process.owner)
    assert await router.retry_pending() == 1
    assert router.store.pending() == []


async def test_a_lease_of_a_process_that_died_runs_out(router):
    router.store.touch_conversation("tg:orphan")
    assert router.store.take_lease("tg:orphan", "dead-process", 0.01)
    await asyncio.sleep(0.05)
    assert router.store.take_lease("tg:orphan", router.owner, 30)
