"""Rasa's SQL tracker store (SQLite or PostgreSQL) that masks personal data before anything is
written or published to the event broker, and can erase or purge whole conversations.

Rasa finds the events it has not stored yet by counting the stored ones, so masking changes
the contents of each event and never drops or adds one."""
import itertools
import json
import time
from typing import Any, Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.pool import QueuePool
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons import turn_guard
from rasa_addons.event_masking import masked_events

SECONDS_PER_DAY = 86400


class MaskingTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine = _pooled(self.engine)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
            new_events = list(masked_events((event.as_dict() for event in itertools.islice(tracker.events, stored, None)),
                                            _typed_before(tracker, stored)))
            rows = [self._row(tracker.sender_id, event) for event in new_events]
            session.add_all(rows)
            session.commit()
            turn = turn_guard.current()
            if turn is not None:
                turn.stored_event_ids.extend(row.id for row in rows)
        self._publish(tracker.sender_id, new_events)

    def _row(self, sender_id: str, event: Dict[str, Any]) -> "SQLTrackerStore.SQLEvent":
        parse_data = event.get("parse_data") or {}
        return self.SQLEvent(sender_id=sender_id, type_name=event["event"], timestamp=event.get("timestamp"),
                             intent_name=(parse_data.get("intent") or {}).get("name"),
                             action_name=event.get("name"), data=json.dumps(event))

    def _publish(self, sender_id: str, events: List[Dict[str, Any]]) -> None:
        if self.event_broker is None:
            return
        for event in events:
            self.event_broker.publish({"sender_id": sender_id, **event})

    async def delete_events(self, event_ids: List[int]) -> None:
        """Takes back what a failed turn stored (the conversation's lock is held by the caller)."""
        with self.session_scope() as session:
            for chunk in _chunks(event_ids, 500):
                session.query(self.SQLEvent).filter(self.SQLEvent.id.in_(chunk)).delete(synchronize_session=False)
            session.commit()

    async def erase(self, sender_id: str) -> int:
        """Deletes every event of one conversation; returns how many."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        return deleted

    async def purge(self, retention_days: float, now: Optional[float] = None) -> int:
        """Deletes the conversations whose latest event is older than the retention period;
        returns how many conversations."""
        cutoff = (now or time.time()) - retention_days * SECONDS_PER_DAY
        with self.session_scope() as session:
            stale = [sender for (sender,) in session.query(self.SQLEvent.sender_id)
                     .group_by(self.SQLEvent.sender_id)
                     .having(sa.func.max(self.SQLEvent.timestamp) < cutoff)]
            for chunk in _chunks(stale, 500):
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id.in_(chunk)).delete(
                    synchronize_session=False)
            session.commit()
        return len(stale)


def _pooled(engine: sa.engine.Engine) -> sa.engine.Engine:
    """The store's engine with a pool of open connections: Rasa's opens a new SQLite connection for
    every query, and keeps PostgreSQL connections that die with a server restart."""
    url = engine.url
    engine.dispose()
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    pooled = sa.create_engine(url, poolclass=QueuePool, pool_size=4,
                              connect_args={"check_same_thread": False, "timeout": 30})
    sa.event.listen(pooled, "connect", _sqlite_pragmas)
    return pooled


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe against a process crash, no fsync per turn
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _typed_before(tracker: DialogueStateTracker, index: int) -> Optional[str]:
    """The text of the citizen's latest message among the first `index` events."""
    earlier = itertools.islice(tracker.events, index)
    return next((event.text for event in reversed(list(earlier)) if isinstance(event, UserUttered)), None)


def _chunks(items: List, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
