"""The masking tracker store on a real SQLite file: what reaches the table and the broker is
masked, the conversation still loads and resumes, and conversations can be erased and purged."""
import sqlite3
import time

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from rasa_addons.tracker_store import MaskingTrackerStore

ID_NUMBER, PHONE, CODE = "320102198503121234", "13800000001", "482913"
DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  id_number: {type: text, mappings: [{type: custom}]}
  phone: {type: text, mappings: [{type: custom}]}
  place: {type: text, mappings: [{type: custom}]}
""")


class CollectingBroker:
    def __init__(self):
        self.published = []

    def publish(self, event):
        self.published.append(event)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "tracker.db"


@pytest.fixture
def broker():
    return CollectingBroker()


@pytest.fixture
def store(db_path, broker):
    return MaskingTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db_path), event_broker=broker)


def _rows(db_path):
    with sqlite3.connect(db_path) as db:
        return [" ".join(map(str, row)) for row in db.execute("SELECT * FROM events")]


async def _turn(store, sender, text, *events):
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(UserUttered(text, intent={"name": "inform", "confidence": 1.0},
                               entities=[{"entity": "phone", "value": PHONE}]))
    for event in events:
        tracker.update(event)
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    return tracker


async def test_nothing_raw_reaches_the_table_or_the_broker(store, db_path, broker):
    await _turn(store, "web:a", f"身份证{ID_NUMBER} 手机{PHONE} 验证码{CODE}",
                SlotSet("id_number", ID_NUMBER), SlotSet("place", "320583"),
                BotUttered(f"验证码已发到{PHONE}"))
    rows, published = _rows(db_path), str(broker.published)
    assert rows and published
    for raw in (ID_NUMBER, PHONE, CODE):
        assert not any(raw in row for row in rows) and raw not in published
    assert "320583" in " ".join(rows)  # a division code the dialogue set is kept


async def test_a_masked_conversation_loads_and_takes_only_the_new_events(store, db_path, broker):
    await _turn(store, "web:b", "第一句", SlotSet("phone", PHONE))
    count_after_first = len(_rows(db_path))
    tracker = await store.retrieve("web:b")
    assert tracker.get_slot("phone") == "138****0001"
    assert tracker.latest_message.text == "第一句"
    published_before = len(broker.published)
    await _turn(store, "web:b", "第二句")
    rows = _rows(db_path)
    assert len(rows) == count_after_first + 2  # the user message and action_listen of the second turn
    assert len(broker.published) == published_before + 2
    assert (await store.retrieve("web:b")).latest_message.text == "第二句"


async def test_erase_removes_one_conversation_only(store, db_path):
    await _turn(store, "web:c", "你好")
    await _turn(store, "web:d", "你好")
    erased = await store.erase("web:c")
    assert erased > 0
    assert await store.retrieve("web:c") is None
    assert await store.retrieve("web:d") is not None


async def test_purge_drops_the_conversations_idle_longer_than_the_retention(store):
    await _turn(store, "web:old", "你好")
    await _turn(store, "web:new", "你好")
    later = time.time() + 10 * 86400
    with store.session_scope() as session:  # web:new was active "later"
        session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == "web:new").update(
            {store.SQLEvent.timestamp: later})
        session.commit()
    assert await store.purge(retention_days=5, now=later) == 1
    assert await store.retrieve("web:old") is None
    assert await store.retrieve("web:new") is not None


async def _long_conversation(store, sender, turns):
    for turn in range(turns):
        events = [SlotSet("place", f"32058{turn % 10}")]
        if turn == 3:
            events.append(SlotSet("phone", PHONE))
        await _turn(store, sender, f"第{turn}句", *events)


async def test_a_long_session_is_read_as_its_state_and_last_events(store, db_path):
    from rasa_addons import tracker_window

    await _long_conversation(store, "web:long", 80)  # 3 events a turn: 241 stored
    full = await store._retrieve("web:long", fetch_events_from_all_sessions=False)
    windowed = await store.retrieve("web:long")
    assert len(full.events) == len(_rows(db_path)) > tracker_window.WINDOW_EVENTS
    assert len(windowed.events) <= tracker_window.WINDOW_EVENTS + 3
    assert windowed.current_slot_values() == full.current_slot_values()
    assert windowed.get_slot("phone") == "138****0001" and windowed.get_slot("place") == "320589"
    assert windowed.latest_message.text == "第79句"


async def test_a_turn_on_a_windowed_session_stores_exactly_its_new_events(store, db_path):
    await _long_conversation(store, "web:grow", 70)
    before = len(_rows(db_path))
    await _turn(store, "web:grow", "最后一句", SlotSet("place", "320100"))
    assert len(_rows(db_path)) == before + 3  # the citizen message, the slot, action_listen
    again = MaskingTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db_path))  # as after a restart
    tracker = await again.retrieve("web:grow")
    assert tracker.get_slot("place") == "320100" and tracker.latest_message.text == "最后一句"
    full = await again._retrieve("web:grow", fetch_events_from_all_sessions=False)
    assert [e.text for e in full.events if isinstance(e, UserUttered)][-2:] == ["第69句", "最后一句"]


async def test_the_stored_state_is_masked(store, db_path):
    await _long_conversation(store, "web:masked", 60)
    with sqlite3.connect(db_path) as db:
        states = " ".join(row[0] for row in db.execute("SELECT state FROM tracker_windows"))
    assert "138****0001" in states and PHONE not in states


async def test_a_rolled_back_turn_drops_the_window_and_the_next_read_is_whole(store, db_path):
    await _long_conversation(store, "web:back", 60)
    tracker = await store.retrieve("web:back")
    tracker.update(UserUttered("失败的一句"))
    await store.save(tracker)
    with sqlite3.connect(db_path) as db:
        last = db.execute("SELECT max(id) FROM events WHERE sender_id = 'web:back'").fetchone()[0]
    await store.delete_events("web:back", [last])
    assert (await store.retrieve("web:back")).latest_message.text == "第59句"
