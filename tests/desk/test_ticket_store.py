"""The ticket store's queue arithmetic: who is ahead, average waits, the supervisor's counts."""
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.desk.hotline.tickets import TicketStore
from bot.desk.models import Staff, Ticket
from bot.migrate import migrated_engine
from registry.clock import utc_now


def test_queue_position_waits_and_counts(tmp_path):
    engine = migrated_engine(f"sqlite:///{tmp_path / 'g.db'}")
    with Session(engine, future=True) as session, session.begin():
        session.add(Staff(id=1, username="a", password_hash="x", role="agent", created_at=utc_now()))
    store = TicketStore(engine)
    try:
        first = store.open("web:1", "medical", "request_human", "zh")
        second = store.open("web:2", "medical", "fallback", "en")
        other_team = store.open("web:3", "general", "complaint", None)
        assert store.open("web:1", "medical", "request_human", "zh")["id"] == first["id"]  # no duplicate
        assert [store.waiting_ahead(t["id"], t["team"]) for t in (first, second, other_team)] == [0, 1, 0]
        since = utc_now() - timedelta(hours=1)
        assert store.average_wait_s("medical", since) is None
        with Session(engine, future=True) as session, session.begin():
            session.execute(update(Ticket).where(Ticket.id == first["id"])
                            .values(opened_at=utc_now() - timedelta(seconds=120)))
        assert store.claim(first["id"], 1)
        assert 119 <= store.average_wait_s("medical", since) <= 125
        assert store.waiting_ahead(second["id"], "medical") == 0
        assert store.resolve(first["id"], 1) and not store.resolve(first["id"], 1)
        stats = store.stats(since)
        assert (stats["medical"]["waiting"], stats["medical"]["handled_today"]) == (1, 1)
        assert stats["general"]["waiting"] == 1 and stats["social_security"]["waiting"] == 0
        assert store.transfer(second["id"], 1, "household")
        assert store.stats(since)["household"]["waiting"] == 1
    finally:
        engine.dispose()
