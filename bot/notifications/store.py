"""The gateway's notices: one row per platform event and chat (the event id de-duplicates a
delivery the platform sends again), with when it may go out (quiet hours), its send attempts and
the lease of the gateway process sending it."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Boolean, Column, DateTime, Index, Integer, String, and_, delete, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased, sessionmaker

from bot.store.models import Base, Conversation
from privacy.masking import mask_nested

LEASE = timedelta(seconds=30)
BATCH = 20


class Notice(Base):
    __tablename__ = "gateway_notices"

    id = Column(Integer, primary_key=True, autoincrement=True)
    event_id = Column(String(64), nullable=False)
    conversation_id = Column(String(80), nullable=False)
    kind = Column(String(16), nullable=False)
    urgent = Column(Boolean, nullable=False)
    language = Column(String(2), nullable=False)
    payload = Column(JSON, nullable=False)           # masked
    received_at = Column(DateTime, nullable=False)
    release_at = Column(DateTime, nullable=False)    # the end of the quiet hours it arrived in, or its arrival
    next_attempt_at = Column(DateTime, nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    claimed_until = Column(DateTime)
    message_id = Column(Integer)                     # its reply in the conversation's transcript, once stored
    sent_at = Column(DateTime)
    dropped = Column(String(32))                     # why it was not sent (the conversation is gone)


Index("ux_gateway_notices_event", Notice.event_id, Notice.conversation_id, unique=True)
Index("ix_gateway_notices_due", Notice.sent_at, Notice.release_at)


@dataclass(frozen=True)
class DueNotice:
    id: int
    conversation_id: str
    kind: str
    language: str
    payload: dict[str, Any]
    message_id: int | None
    known_conversation: bool


def _insert_ignoring_duplicates(session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(Notice).on_conflict_do_nothing(index_elements=["event_id", "conversation_id"])


def _due(now: datetime):
    """Unsent, released, not waiting for a retry or held by another process, and the oldest released
    unsent notice of its conversation (notices of a conversation go out in the order they came)."""
    earlier = aliased(Notice)
    return and_(Notice.sent_at.is_(None), Notice.release_at <= now, Notice.next_attempt_at <= now,
                or_(Notice.claimed_until.is_(None), Notice.claimed_until < now),
                ~select(earlier.id).where(earlier.conversation_id == Notice.conversation_id,
                                          earlier.sent_at.is_(None), earlier.release_at <= now,
                                          earlier.id < Notice.id).exists())


class NoticeStore:
    def __init__(self, engine: Engine) -> None:
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)

    def add(self, event: dict[str, Any], recipients: list[dict[str, str]], now: datetime,
            release_at: datetime) -> int:
        """Keeps the event's notices; returns how many were new (0: the event came before)."""
        added = 0
        with self._session.begin() as session:
            for recipient in recipients:
                added += session.execute(_insert_ignoring_duplicates(session).values(
                    event_id=event["event_id"], conversation_id=recipient["chat_user"], kind=event["kind"],
                    urgent=event["urgent"], language=recipient["language"], payload=mask_nested(event["payload"]),
                    received_at=now, release_at=now if event["urgent"] else release_at, next_attempt_at=now,
                    attempts=0)).rowcount
        return added

    def claim(self, now: datetime) -> list[DueNotice]:
        claimed = []
        with self._session.begin() as session:
            candidates = session.execute(select(Notice.id).where(_due(now)).order_by(Notice.id)
                                         .limit(BATCH)).scalars().all()
            for notice_id in candidates:
                taken = session.execute(update(Notice).where(Notice.id == notice_id, _due(now))
                                        .values(claimed_until=now + LEASE)
                                        .execution_options(synchronize_session=False)).rowcount
                if taken:
                    notice = session.get(Notice, notice_id)
                    known = session.get(Conversation, notice.conversation_id) is not None
                    claimed.append(DueNotice(notice.id, notice.conversation_id, notice.kind, notice.language,
                                             notice.payload, notice.message_id, known))
        return claimed

    def stored(self, notice_id: int, message_id: int) -> None:
        self._set(notice_id, message_id=message_id)

    def sent(self, notice_id: int, now: datetime) -> None:
        self._set(notice_id, sent_at=now, claimed_until=None)

    def dropped(self, notice_id: int, now: datetime, reason: str) -> None:
        self._set(notice_id, sent_at=now, dropped=reason, claimed_until=None)

    def failed(self, notice_id: int, now: datetime, first_pause_s: float, max_pause_s: float) -> None:
        with self._session.begin() as session:
            notice = session.get(Notice, notice_id)
            notice.attempts += 1
            pause = min(max_pause_s, first_pause_s * 2 ** (notice.attempts - 1))
            notice.next_attempt_at = now + timedelta(seconds=pause)
            notice.claimed_until = None

    def next_release(self, now: datetime) -> datetime | None:
        """When the next held or waiting notice becomes due (None: nothing waits)."""
        with self._session() as session:
            return session.execute(select(Notice.release_at).where(Notice.sent_at.is_(None))
                                   .order_by(Notice.release_at).limit(1)).scalar()

    def of_conversation(self, conversation_id: str) -> list[dict[str, Any]]:
        with self._session() as session:
            rows = session.execute(select(Notice).where(Notice.conversation_id == conversation_id)
                                   .order_by(Notice.id)).scalars().all()
            return [{"event_id": n.event_id, "kind": n.kind, "sent_at": n.sent_at, "dropped": n.dropped,
                     "release_at": n.release_at, "attempts": n.attempts} for n in rows]

    def _set(self, notice_id: int, **values: Any) -> None:
        with self._session.begin() as session:
            session.execute(update(Notice).where(Notice.id == notice_id).values(**values))


def erase(session, conversation_id: str) -> None:
    """A conversation's notices leave with it (bot.erasure)."""
    session.execute(delete(Notice).where(Notice.conversation_id == conversation_id))
