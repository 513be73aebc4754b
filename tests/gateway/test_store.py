"""The message store on SQLite and PostgreSQL: migrations, conversations, masked messages."""
from sqlalchemy import inspect

from bot.store.database import make_engine, upgrade_to_head
from bot.store.message_store import MessageStore
from bot.store.models import ANSWERED, DIVERTED, HANDOFF_HUMAN, PENDING


def _store(url: str) -> MessageStore:
    engine = make_engine(url)
    upgrade_to_head(engine)
    return MessageStore(engine)


def test_migrations_create_the_tables_and_can_run_twice(database_url):
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    upgrade_to_head(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"gateway_conversations", "gateway_messages", "gateway_alembic_version"} <= tables
    engine.dispose()


def test_conversation_is_created_once_and_keeps_its_first_language(database_url):
    store = _store(database_url)
    assert store.touch_conversation("tg:1", "en-GB") == "bot"
    assert store.touch_conversation("tg:1", "zh-hans") == "bot"
    conversation = store.conversation("tg:1")
    assert conversation == {"id": "tg:1", "channel": "tg", "language_code": "en-GB", "handoff_state": "bot",
                            "elder_mode": False}
    store.set_handoff_state("tg:1", HANDOFF_HUMAN)
    assert store.touch_conversation("tg:1") == HANDOFF_HUMAN
    store.engine.dispose()


def test_messages_and_replies_are_stored_masked(database_url):
    store = _store(database_url)
    store.touch_conversation("web:abc")
    inbound = store.add_inbound("web:abc", "我的身份证320102198503121234，手机13800000001", PENDING,
                                {"channel": "web", "note": "验证码 123456"}, "验证码 123456")
    store.add_replies("web:abc", [{"text": "已向138****0001发送验证码 654321",
                                   "buttons": [{"title": "卡 6222020200001234567", "payload": "/affirm"}]}])
    assert [p.id for p in store.pending()] == [inbound]
    store.set_status(inbound, ANSWERED)
    store.set_intent(inbound, "verify_identity", 0.87)
    assert store.pending() == []
    first, reply = store.history("web:abc")
    assert first["text"] == "我的身份证3201**********1234，手机138****0001"
    assert first["display_text"] == "验证码 ******"
    assert (first["direction"], first["status"], first["intent"]) == ("in", ANSWERED, "verify_identity")
    assert abs(first["confidence"] - 0.87) < 1e-6
    assert reply["direction"] == "out" and reply["text"] == "已向138****0001发送验证码 ******"
    assert reply["buttons"] == [{"title": "卡 ***************4567", "payload": "/affirm"}]
    assert store.history("web:abc", after_id=first["id"]) == [reply]
    store.engine.dispose()


def test_pending_messages_come_oldest_first_per_conversation(database_url):
    store = _store(database_url)
    for conversation in ("tg:1", "tg:2"):
        store.touch_conversation(conversation)
    ids = [store.add_inbound(conv, text, PENDING) for conv, text in
           [("tg:1", "a"), ("tg:2", "b"), ("tg:1", "c")]]
    store.add_inbound("tg:1", "d", DIVERTED)
    assert [p.text for p in store.pending_of("tg:1")] == ["a", "c"]
    assert [p.id for p in store.pending()] == ids
    store.engine.dispose()
