"""Erasure and retention in the gateway's database, in-process against the stand-in Rasa: a
citizen's confirmed request erases their conversation after the turn (messages, desk transcript,
the trainers' items only they wrote, Rasa's tracker) and leaves an audit row of the ticket;
the purge does the same for conversations idle longer than RETENTION_DAYS."""
import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from bot import erasure
from bot.desk.hotline.tickets import TicketStore
from bot.desk.models import Ticket, TicketEvent
from bot.erasure import Erasure
from bot.migrate import migrated_engine
from bot.rasa_client import RasaClient
from bot.router import Router
from bot.store.message_store import MessageStore
from bot.store.models import Conversation
from curation.inbox import CurationInbox, Sighting
from registry.clock import utc_now


@pytest.fixture
def engine(tmp_path):
    engine = migrated_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
async def stack(fake_rasa, engine):
    rasa = RasaClient(fake_rasa.url, 5, token="fake-token")
    await rasa.start()
    router = Router(rasa, MessageStore(engine), max_message_chars=4096)
    yield router, Erasure(router, engine, rasa, retention_days=180)
    await rasa.close()


def _with_desk_history(engine, conversation_id: str) -> int:
    tickets = TicketStore(engine)
    ticket = tickets.open(conversation_id, "social_security", "request_human", "zh")
    tickets.add_event(ticket["id"], "note", None, "来电核实，手机138****0001")
    inbox = CurationInbox(engine)
    inbox.add(Sighting(text="我的社保卡好像被锁了", conversation_id=conversation_id, message_id=1,
                       language="zh", predicted_intent="social_security_card", confidence=0.3), "low_confidence")
    inbox.add(Sighting(text="你好呀", conversation_id="web:someone-else", message_id=2, language="zh",
                       predicted_intent="greet", confidence=0.3), "low_confidence")
    inbox.add(Sighting(text="你好呀", conversation_id=conversation_id, message_id=3, language="zh",
                       predicted_intent="greet", confidence=0.3), "low_confidence")
    return ticket["id"]


def _rows(engine, model, *where):
    with sessionmaker(engine, future=True)() as session:
        return session.execute(select(model).where(*where)).scalars().all()


async def test_a_confirmed_request_erases_the_conversation_everywhere(stack, engine, fake_rasa):
    router, _ = stack
    await router.handle("web:erase-me", "你好", {})
    ticket_id = _with_desk_history(engine, "web:erase-me")
    replies = await router.handle("web:erase-me", "erase", {})
    assert replies == [{"text": "您的聊天记录已删除。"}]  # the instruction is not shown to the citizen
    for _ in range(50):
        if router.store.conversation("web:erase-me") is None:
            break
        await asyncio.sleep(0.1)
    assert router.store.history("web:erase-me") == [] and router.store.conversation("web:erase-me") is None
    assert fake_rasa.erased == ["web:erase-me"]
    audit = _rows(engine, Ticket, Ticket.id == ticket_id)[0]
    assert audit.conversation_id == erasure.ERASED and audit.team == "social_security"
    assert all(event.text is None for event in _rows(engine, TicketEvent, TicketEvent.ticket_id == ticket_id))
    items = CurationInbox(engine).items()
    assert [item["text"] for item in items] == ["你好呀"]  # another citizen wrote it too
    assert items[0]["conversation_id"] is None


async def test_other_conversations_are_left_alone(stack, engine):
    router, _ = stack
    await router.handle("web:stays", "你好", {})
    await router.handle("web:goes", "erase", {})
    await asyncio.sleep(0.5)
    assert len(router.store.history("web:stays")) == 2


async def test_the_purge_erases_conversations_idle_longer_than_the_retention(stack, engine, fake_rasa):
    router, remover = stack
    await router.handle("web:old", "你好", {})
    await router.handle("web:recent", "你好", {})
    long_ago = utc_now() - timedelta(days=200)
    with sessionmaker(engine, future=True).begin() as session:
        session.execute(update(Conversation).where(Conversation.id == "web:old").values(last_seen_at=long_ago))
    purges_before = len(fake_rasa.purged)    # gateway processes of other modules purge at their start
    assert await remover.purge_now() == 1
    assert router.store.conversation("web:old") is None
    assert router.store.conversation("web:recent") is not None
    assert fake_rasa.purged[purges_before:] == [180]


def test_make_purge_erases_old_conversations_from_the_gateway_and_the_tracker_store(tmp_path, engine):
    """The two commands of `make purge`, on files of their own."""
    import os
    import subprocess
    import sys

    from tools.stack import ROOT

    store = MessageStore(engine)
    store.touch_conversation("web:ancient")
    with sessionmaker(engine, future=True).begin() as session:
        session.execute(update(Conversation).values(last_seen_at=utc_now() - timedelta(days=400)))
    tracker_db = tmp_path / "tracker.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: rasa_addons.tracker_store.MaskingTrackerStore\n"
                         f"  dialect: sqlite\n  db: {tracker_db}\n")
    env = dict(os.environ, GATEWAY_DATABASE_URL=str(engine.url), RASA_ENDPOINTS=str(endpoints),
               RETENTION_DAYS="180", PYTHONPATH=str(ROOT))
    gateway = subprocess.run([sys.executable, "-m", "bot.erasure"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=120)
    assert gateway.returncode == 0, gateway.stderr
    assert "erased 1 conversations" in gateway.stdout
    assert store.conversation("web:ancient") is None
    tracker = subprocess.run([sys.executable, "-m", "rasa_addons.purge"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=300)
    assert tracker.returncode == 0, tracker.stderr
    assert "dropped 0 conversations" in tracker.stdout and tracker_db.exists()
