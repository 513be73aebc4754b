"""A citizen message is counted once however often its events arrive: a turn Rasa rolled back after
its events were published, answered when the gateway sent the message again (same message key), and
an event the broker delivered twice (same Rasa message id)."""
import time

import pytest

from analytics.metrics import Filters, Metrics
from analytics.recorder import EventRecorder
from bot.migrate import migrated_engine

EVERY_DAY = Filters("2000-01-01", "2100-01-01")


@pytest.fixture()
def engine(tmp_path):
    engine = migrated_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    yield engine
    engine.dispose()


def _user(at: float, message_key=None, message_id=None, intent="social_security_card"):
    event = {"event": "user", "timestamp": at, "text": "我的社保卡丢了",
             "parse_data": {"intent": {"name": intent, "confidence": 0.9}}, "metadata": {}}
    if message_key:
        event["metadata"]["message_key"] = message_key
    if message_id:
        event["message_id"] = message_id
    return event


def _totals(engine):
    totals = Metrics(engine).report(EVERY_DAY)["totals"]
    return totals["conversations"], totals["messages"]


def test_a_rolled_back_turn_sent_again_counts_once(engine):
    """Rasa publishes the events of a turn it then rolls back (503); the gateway sends the message again
    with the same key, and Rasa, handling it as a new message (a new message id), publishes it again."""
    recorder = EventRecorder(engine)
    now = time.time()
    failed = [{**_user(now, message_key="g7", message_id="a1"), "sender_id": "web:r1"}]
    retried = [{**_user(now + 5, message_key="g7", message_id="b2"), "sender_id": "web:r1"},
               {"event": "bot", "timestamp": now + 6, "text": "请问您在哪个城市？", "sender_id": "web:r1"}]
    assert recorder.record(failed) == 1
    assert recorder.record(retried) == 1, "only the bot message is new"
    recorder.record([{**_user(now + 20, message_key="g8", message_id="c3"), "sender_id": "web:r1"}])
    assert _totals(engine) == (1, 2), "the retried message once, the next message too"


def test_an_event_delivered_twice_counts_once(engine):
    recorder = EventRecorder(engine)
    now = time.time()
    first, other = _user(now, message_id="m1"), _user(now + 1, message_id="m2")
    assert recorder.record([{**first, "sender_id": "tg:r2"}]) == 1
    assert recorder.record([{**first, "sender_id": "tg:r2"}, {**other, "sender_id": "tg:r2"}]) == 1
    assert recorder.record([{**_user(now + 2), "sender_id": "tg:r2"}] * 2) == 2, "without a key every event counts"
    assert _totals(engine) == (1, 4)
