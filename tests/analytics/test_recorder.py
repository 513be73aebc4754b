"""A citizen message is counted once however often its events arrive: a turn Rasa rolled back after
its events were read, answered when the gateway sent the message again (same message key), and an
event the broker delivered twice (same Rasa message id)."""
import json
import sqlite3
import time

import pytest

from analytics.metrics import Filters, Metrics
from analytics.recorder import EventRecorder
from analytics.sources import TrackerPoller
from bot.desk.database import upgrade_desk_to_head
from bot.store.database import make_engine, upgrade_to_head

EVERY_DAY = Filters("2000-01-01", "2100-01-01")


@pytest.fixture()
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    upgrade_to_head(engine)
    upgrade_desk_to_head(engine)
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


class TrackerFile:
    """The embedded tracker store's events table, as Rasa writes it and a rolled-back turn deletes from it."""

    def __init__(self, path) -> None:
        self.path = path
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id TEXT, data TEXT)")

    def store(self, sender: str, *events) -> None:
        with sqlite3.connect(self.path) as connection:
            connection.executemany("INSERT INTO events (sender_id, data) VALUES (?, ?)",
                                   [(sender, json.dumps(event)) for event in events])

    def roll_back(self, sender: str) -> None:
        with sqlite3.connect(self.path) as connection:
            connection.execute("DELETE FROM events WHERE sender_id = ?", (sender,))


def test_a_rolled_back_turn_sent_again_counts_once(engine, tmp_path):
    tracker = TrackerFile(tmp_path / "tracker.db")
    poller = TrackerPoller(str(tracker.path), EventRecorder(engine))
    now = time.time()
    tracker.store("web:r1", _user(now, message_key="g7", message_id="a1"))
    assert poller.poll_once() == 1        # read before Rasa rolled the failed turn back
    tracker.roll_back("web:r1")
    tracker.store("web:r1", _user(now + 5, message_key="g7", message_id="b2"),
                  {"event": "bot", "timestamp": now + 6, "text": "请问您在哪个城市？"})
    assert poller.poll_once() == 2
    tracker.store("web:r1", _user(now + 20, message_key="g8", message_id="c3"))
    poller.poll_once()
    poller.close()
    assert _totals(engine) == (1, 2), "the retried message once, the next message too"


def test_an_event_delivered_twice_counts_once(engine):
    recorder = EventRecorder(engine)
    now = time.time()
    first, other = _user(now, message_id="m1"), _user(now + 1, message_id="m2")
    assert recorder.record([{**first, "sender_id": "tg:r2"}]) == 1
    assert recorder.record([{**first, "sender_id": "tg:r2"}, {**other, "sender_id": "tg:r2"}]) == 1
    assert recorder.record([{**_user(now + 2), "sender_id": "tg:r2"}] * 2) == 2, "without a key every event counts"
    assert _totals(engine) == (1, 4)
